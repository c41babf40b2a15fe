package io.ridewire.model.rides;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.ReportedFix;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a driver is near enough to the pickup to start the ride: the position the start claims must lie within the
 * radius, and so must the driver's last reported position while it is recent — give or take its accuracy, so GPS
 * noise does not block a driver at the kerb, while a driver last seen streets away cannot start by claiming the pickup.
 */
public final class StartRadius {
    private StartRadius() {
    }

    /**
     * @param radiusM          how close to the pickup a ride starts
     * @param lastFixMaxAge    a last reported position older than this is not held against the claim
     * @param defaultAccuracyM the accuracy of a position that reported none
     * @param maxAccuracyM     the most accuracy allowed for (a worse fix proves little either way)
     */
    public record Limits(double radiusM, Duration lastFixMaxAge, double defaultAccuracyM, double maxAccuracyM) {
    }

    /** Why the start is refused, or empty when it may go ahead. */
    public static Optional<String> refusal(GeoPoint pickup, GeoPoint claimed, ReportedFix last, Instant now,
                                           Limits limits) {
        double metres = claimed.distanceKmTo(pickup) * 1000;
        if (metres > limits.radiusM()) {
            return Optional.of(String.format(Locale.ROOT, "you are %.0f m from the pickup; a ride starts within %.0f m of it",
                    metres, limits.radiusM()));
        }
        if (last == null || last.receivedAt().isBefore(now.minus(limits.lastFixMaxAge()))) {
            return Optional.empty();
        }
        double accuracy = Math.min(last.accuracyM() == null ? limits.defaultAccuracyM() : last.accuracyM(),
                limits.maxAccuracyM());
        double lastMetres = last.point().distanceKmTo(pickup) * 1000;
        if (lastMetres > limits.radiusM() + accuracy) {
            return Optional.of(String.format(Locale.ROOT, "your last reported position, %d s ago, is %.0f m (± %.0f m)"
                    + " from the pickup; a ride starts within %.0f m of it",
                    Duration.between(last.receivedAt(), now).toSeconds(), lastMetres, accuracy, limits.radiusM()));
        }
        return Optional.empty();
    }
}
