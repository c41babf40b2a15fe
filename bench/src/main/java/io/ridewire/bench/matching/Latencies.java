package io.ridewire.bench.matching;

import java.util.Arrays;
import java.util.Locale;

/** Recorded latencies in nanoseconds and their percentiles. */
final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds, nearest-rank. */
    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    String summary() {
        return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms (n = %d)",
                percentileMillis(50), percentileMillis(99), percentileMillis(100), count);
    }
}
