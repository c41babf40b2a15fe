package io.ridewire.bench.gateway;

import io.ridewire.bench.Bench;
import io.ridewire.bench.load.BenchStreams;
import io.ridewire.bench.load.LoadClient;
import io.ridewire.events.NatsSettings;
import io.ridewire.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.aws.ManagementApi;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling of pushes: management-API POSTs through the official SDK client ({@code ManagementApi.post}, outside delivery's per-connection lanes) to one open
 * socket, as fast as N threads can, for 8 s each. Everything else the stack does is idle.
 */
public final class PostCeiling implements Bench.Scenario {

    @Override
    public String description() {
        return "posts/s through the SDK management client to one socket, with 16, 64 and 128 threads";
    }

    @Override
    public void run(String[] args) throws Exception {
        LocalStack stack = LocalStack.start(LocalStack.builder().port(0)
                .isolation("pc" + UUID.randomUUID().toString().substring(0, 6))
                .property("ridewire.rate-limit.enabled", false)
                .property("ridewire.aws.max-connections", 128).build());
        NatsSettings nats = stack.context().getBean(NatsSettings.class);
        try (stack; LoadClient client = new LoadClient(1)) {
            AtomicLong received = new AtomicLong();
            String[] connectionId = new String[1];
            CountDownLatch welcomed = new CountDownLatch(1);
            client.connect(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, "post-ceiling"), (text, at) -> {
                int mark = text.indexOf("\"connection_id\":\"");
                if (mark >= 0 && connectionId[0] == null) {
                    connectionId[0] = text.substring(mark + 17, text.indexOf('"', mark + 17));
                    welcomed.countDown();
                } else {
                    received.incrementAndGet();
                }
            }).get(30, TimeUnit.SECONDS);
            welcomed.await(30, TimeUnit.SECONDS);
            ManagementApi api = stack.context().getBean(ManagementApi.class);
            byte[] frame = "{\"type\":\"pong\",\"id\":\"x\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
            System.out.println("## gateway: post ceiling");
            for (int threads : new int[] {16, 64, 128}) {
                received.set(0);
                AtomicLong posted = new AtomicLong();
                long end = System.nanoTime() + 8_000_000_000L;
                try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int t = 0; t < threads; t++) {
                        workers.submit(() -> {
                            while (System.nanoTime() < end) {
                                api.post(connectionId[0], frame).join();
                                posted.incrementAndGet();
                            }
                        });
                    }
                }
                System.out.printf("threads=%d posts/s=%.0f (socket received %d)%n", threads, posted.get() / 8.0, received.get());
            }
        } finally {
            BenchStreams.delete(nats.getUrl(), nats.getStreamPrefix());
        }
    }
}
