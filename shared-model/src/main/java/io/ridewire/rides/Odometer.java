package io.ridewire.rides;

import io.ridewire.geo.Haversine;

import java.time.Duration;
import java.time.Instant;

/**
 * Distance travelled during a ride, from GPS fixes: each fix is measured against the last <em>counted</em> fix (the
 * anchor) by haversine and either counted — the anchor moves to it — or dropped with a reason, the anchor staying
 * where it was. Because a dropped fix never moves the anchor, slow movement is not lost: it is counted, as one
 * chord, once it has left the uncertainty around the anchor. Nothing is dropped for being short (NebengJek drops
 * every segment under a kilometre, which under-bills every short ride).
 *
 * <ul>
 *   <li>{@code inaccurate}: the fix's own accuracy is worse than {@link Limits#maxAccuracyM()};</li>
 *   <li>{@code out_of_order}: taken no later than the anchor;</li>
 *   <li>{@code jitter}: closer to the anchor than the two fixes' accuracies together (or the minimum step) — a
 *       parked phone's wandering, which would otherwise add metres with every fix;</li>
 *   <li>{@code impossible_jump}: reaching it from the anchor needs more than {@link Limits#maxSpeedMps()}, even
 *       granting both accuracies.</li>
 * </ul>
 */
public final class Odometer {
    public static final String INACCURATE = "inaccurate";
    public static final String OUT_OF_ORDER = "out_of_order";
    public static final String JITTER = "jitter";
    public static final String IMPOSSIBLE_JUMP = "impossible_jump";

    private Odometer() {
    }

    /**
     * What counts as noise and as impossible.
     *
     * @param minStepM          a step shorter than this is never counted, whatever the accuracies
     * @param defaultAccuracyM  the accuracy assumed for a fix that reports none
     * @param maxAccuracyM      fixes reporting a worse accuracy are dropped
     * @param maxSpeedMps       faster than this between the anchor and a fix is a GPS jump
     */
    public record Limits(double minStepM, double defaultAccuracyM, double maxAccuracyM, double maxSpeedMps) {
        public Limits {
            if (!(minStepM >= 0 && defaultAccuracyM >= 0 && maxAccuracyM > 0 && maxSpeedMps > 0)) {
                throw new IllegalArgumentException("odometer limits must be positive");
            }
        }
    }

    /** A position fix: where, how accurate (metres; null when not reported), and when the device took it. */
    public record Fix(double latitude, double longitude, Double accuracyM, Instant at) {
    }

    /** The verdict on one fix. */
    public sealed interface Step {
        /** Metres from the anchor to the fix (for a dropped fix too, for the record). */
        double metres();

        /** Counted: the distance grows by {@code metres} and the fix becomes the anchor. */
        record Counted(double metres) implements Step {
        }

        /** Dropped for {@code reason}; the anchor stays. */
        record Dropped(String reason, double metres) implements Step {
        }
    }

    public static Step next(Fix anchor, Fix fix, Limits limits) {
        double metres = Haversine.distanceKm(anchor.latitude(), anchor.longitude(), fix.latitude(), fix.longitude()) * 1000;
        if (fix.accuracyM() != null && fix.accuracyM() > limits.maxAccuracyM()) {
            return new Step.Dropped(INACCURATE, metres);
        }
        if (!fix.at().isAfter(anchor.at())) {
            return new Step.Dropped(OUT_OF_ORDER, metres);
        }
        double uncertainty = accuracy(anchor, limits) + accuracy(fix, limits);
        if (metres < Math.max(limits.minStepM(), uncertainty)) {
            return new Step.Dropped(JITTER, metres);
        }
        double seconds = Duration.between(anchor.at(), fix.at()).toNanos() / 1e9;
        if ((metres - uncertainty) / seconds > limits.maxSpeedMps()) {
            return new Step.Dropped(IMPOSSIBLE_JUMP, metres);
        }
        return new Step.Counted(metres);
    }

    private static double accuracy(Fix fix, Limits limits) {
        return fix.accuracyM() == null ? limits.defaultAccuracyM() : fix.accuracyM();
    }
}
