package io.ridewire.bench.posts;

import io.ridewire.bench.load.CpuClock;
import software.amazon.awssdk.core.SdkBytes;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts round-robin over open connections as fast as {@code inFlight} outstanding posts allow, after a warm-up;
 * counts what this JVM and the stack's JVM spent in CPU meanwhile.
 */
public final class PostLoad {
    /** A typical small event (about 200 bytes). */
    public static final SdkBytes EVENT = SdkBytes.fromUtf8String("{\"type\":\"order:status_update\",\"id\":"
            + "\"0b6f3c1e-6a51-4c47-9f0e-5a2f1f7d0c11\",\"payload\":{\"order_id\":\"ord-bench\",\"status\":\"preparing\","
            + "\"updated_at\":\"2026-12-01T04:00:00Z\"},\"seq\":42,\"epoch\":\"e1\"}");

    /** What one measured phase gave. */
    public record Result(double postsPerSecond, double clientCpuMicrosPerPost, double stackCpuMicrosPerPost, long failed) {
        public double totalCpuMicrosPerPost() {
            return clientCpuMicrosPerPost + stackCpuMicrosPerPost;
        }
    }

    private PostLoad() {
    }

    public static Result run(SdkPoster poster, java.util.List<String> connectionIds, int inFlight, Duration warmup, Duration measured,
                             long stackPid) throws InterruptedException {
        phase(poster, connectionIds, inFlight, warmup, new AtomicLong(), new AtomicLong());
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long clientCpu = CpuClock.self();
        long stackCpu = CpuClock.of(stackPid);
        long start = System.nanoTime();
        phase(poster, connectionIds, inFlight, measured, done, failed);
        double seconds = (System.nanoTime() - start) / 1e9;
        long posts = Math.max(1, done.get());
        return new Result(done.get() / seconds, (CpuClock.self() - clientCpu) / 1e3 / posts,
                (CpuClock.of(stackPid) - stackCpu) / 1e3 / posts, failed.get());
    }

    private static void phase(SdkPoster poster, java.util.List<String> connectionIds, int inFlight, Duration length, AtomicLong done,
                              AtomicLong failed) throws InterruptedException {
        Semaphore window = new Semaphore(inFlight);
        long end = System.nanoTime() + length.toNanos();
        int next = 0;
        while (System.nanoTime() < end) {
            window.acquire();
            poster.post(connectionIds.get(next++ % connectionIds.size()), EVENT).whenComplete((ok, error) -> {
                if (error == null) {
                    done.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                window.release();
            });
        }
        if (!window.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("posts still outstanding 30 s after the phase");
        }
    }
}
