package io.ridewire.bench.load;

import java.util.Arrays;

/** Latency samples in nanoseconds, summarised as milliseconds. */
public final class Percentiles {
    private long[] samples = new long[1024];
    private int size;

    public synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The q-quantile (0..1) in milliseconds. */
    public synchronized double millis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
        return sorted[index] / 1e6;
    }

    public String summary() {
        return String.format("n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms", count(), millis(0.5), millis(0.9),
                millis(0.99), millis(1.0));
    }
}
