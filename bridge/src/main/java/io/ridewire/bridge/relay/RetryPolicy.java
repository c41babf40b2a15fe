package io.ridewire.bridge.relay;

import java.time.Duration;

/**
 * How often and how soon a delivery that failed transiently is tried again, per event category (the spec's
 * retry policies: location 3× exponential 1 s…30 s, ride 5× linear 2 s…60 s, payment 10× exponential 5 s…300 s).
 *
 * @param maxRetries tries after the first before the message goes to the DLQ
 */
public record RetryPolicy(int maxRetries, boolean exponential, Duration initialDelay, Duration maxDelay) {
    private static final int UNASKED_REDELIVERIES = 10;

    /**
     * JetStream's bound on deliveries of one message (its consumer's max deliver), the safety net of a message the
     * relay never settles: above the relay's own tries, so the relay parks a message first, with room for
     * redeliveries it did not ask for (a bridge stopped or killed mid-message, a DLQ that could not take it).
     */
    public int maxDeliver() {
        return maxRetries + 1 + UNASKED_REDELIVERIES;
    }

    /** Delay before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long initial = initialDelay.toMillis();
        long millis = exponential
                ? initial * (1L << Math.min(Math.max(retry - 1, 0), 30))
                : initial * Math.max(retry, 1);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    /** Parses {@code maxRetries/exponential|linear/initial/max}, e.g. {@code 3/exponential/1s/30s}. */
    public static RetryPolicy parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 4 || !(parts[1].equals("exponential") || parts[1].equals("linear"))) {
            throw new IllegalArgumentException("retry policy must read max/exponential|linear/initial/max: " + text);
        }
        return new RetryPolicy(Integer.parseInt(parts[0]), parts[1].equals("exponential"), duration(parts[2]),
                duration(parts[3]));
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> throw new IllegalArgumentException("durations end in ms, s or m: " + text);
        };
    }
}
