package io.ridewire.e2e.presence;

import io.micronaut.json.JsonMapper;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.presence.Presence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of clients leave at once: every {@code $disconnect} runs (retried when storage is busy) and no
 * connection row is left, so {@code /ws/stats} and rooms converge. The count is {@code -Dridewire.test.disconnects}
 * (500 by default for CI) and the deadline {@code -Dridewire.test.disconnect-deadline-s} (30); the rows left are
 * printed each second, so a run with 5000 shows how long convergence takes on the machine at hand.
 */
class MassDisconnectIT {
    private static final int CLIENTS = Integer.getInteger("ridewire.test.disconnects", 500);
    private static final Duration DEADLINE = Duration.ofSeconds(Integer.getInteger("ridewire.test.disconnect-deadline-s", 30));

    @Test
    void simultaneousDisconnects_leaveNoRowsWithin30Seconds() throws Exception {
        try (LocalStack stack = TestStacks.start(b -> b.property("ridewire.rate-limit.enabled", false))) {
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            Presence presence = stack.context().getBean(Presence.class);
            List<WsClient> clients = Collections.synchronizedList(new ArrayList<>());
            Semaphore handshakes = new Semaphore(64);
            try (ExecutorService connecting = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CLIENTS; i++) {
                    String token = stack.tokens().mint(Role.PASSENGER, TestStacks.uniqueId("p" + i));
                    connecting.submit(() -> {
                        handshakes.acquireUninterruptibly();
                        try {
                            clients.add(connect(stack, token, json));
                        } finally {
                            handshakes.release();
                        }
                    });
                }
            }
            assertThat(clients).hasSize(CLIENTS);
            Eventually.until(() -> presence.countByRole().get(Role.PASSENGER) == CLIENTS, Duration.ofSeconds(60));

            try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
                clients.forEach(client -> closing.submit(client::close));
            }

            long closedAt = System.nanoTime();
            Eventually.until(() -> {
                long left = presence.countByRole().get(Role.PASSENGER);
                System.out.printf("disconnects: %d rows left %d ms after %d clients closed%n", left,
                        (System.nanoTime() - closedAt) / 1_000_000, CLIENTS);
                return left == 0;
            }, DEADLINE);
        }
    }

    /** A handshake that timed out on this loaded machine is tried again: the test is about leaving, not joining. */
    private static WsClient connect(LocalStack stack, String token, JsonMapper json) {
        for (int attempt = 1; ; attempt++) {
            try {
                return WsClient.connectWithHeader(stack.webSocketUri(), token, json);
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
