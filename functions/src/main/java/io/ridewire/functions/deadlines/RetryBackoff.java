package io.ridewire.functions.deadlines;

import java.time.Duration;

/**
 * How long a deadline whose handler keeps failing waits before its next try: the retry delay for the first
 * {@code steadyFailures} failures in a row (a short outage is ridden out at once), then twice as long after each
 * further failure up to {@code max} (a long outage costs a few calls, not one a second per entry).
 *
 * @param delay          the wait after each of the first {@code steadyFailures} failures
 * @param steadyFailures how many failures in a row wait {@code delay}
 * @param max            the longest wait
 */
public record RetryBackoff(Duration delay, int steadyFailures, Duration max) {
    public static final int STEADY_FAILURES = 60;
    public static final Duration MAX = Duration.ofMinutes(5);

    /** Every {@code delay} for the first 60 failures, then doubling up to 5 minutes. */
    public static RetryBackoff startingAt(Duration delay) {
        return new RetryBackoff(delay, STEADY_FAILURES, MAX);
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration after(int failures) {
        if (failures <= steadyFailures) {
            return delay;
        }
        int doublings = Math.min(failures - steadyFailures, 40); // past 2^40 every wait is capped anyway
        Duration grown = delay.multipliedBy(1L << doublings);
        Duration cap = max.compareTo(delay) < 0 ? delay : max;
        return grown.compareTo(cap) > 0 ? cap : grown;
    }
}
