package io.ridewire.functions.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A limit of {@code count} messages per {@code window}. */
public record Limit(long count, Duration window) {

    public Limit {
        if (count <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit needs a positive count and window");
        }
    }

    /** Parses {@code type=limit/window} entries such as {@code location.update=120/60s}. */
    public static Map<String, Limit> parseOverrides(List<String> entries) {
        Map<String, Limit> limits = new HashMap<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            int slash = entry.lastIndexOf('/');
            if (eq <= 0 || slash < eq) {
                throw new IllegalArgumentException("rate limit override must read type=limit/window: " + entry);
            }
            long count = Long.parseLong(entry.substring(eq + 1, slash).trim());
            limits.put(entry.substring(0, eq).trim(), new Limit(count, parseDuration(entry.substring(slash + 1).trim())));
        }
        return limits;
    }

    static Duration parseDuration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("window must end in ms, s, m or h: " + text);
        };
    }
}
