package io.ridewire.rides;

import io.ridewire.geo.Haversine;
import io.ridewire.rides.Odometer.Fix;
import io.ridewire.rides.Odometer.Limits;
import io.ridewire.rides.Odometer.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The odometer: what counts, what is dropped and why, and that dropping never loses real movement. */
class OdometerTest {
    private static final Limits LIMITS = new Limits(5, 20, 100, 50);
    private static final Instant T0 = Instant.parse("2025-01-08T10:00:00Z");
    private static final double LAT = -6.2088;
    private static final double LON = 106.8456;
    private static final double M_PER_DEG_LAT = Haversine.EARTH_RADIUS_KM * 1000 * Math.PI / 180;

    private static Fix north(double metres, Double accuracy, long seconds) {
        return new Fix(LAT + metres / M_PER_DEG_LAT, LON, accuracy, T0.plusSeconds(seconds));
    }

    @Test
    void aStepBeyondBothAccuracies_isCounted() {
        Step step = Odometer.next(north(0, 5.0, 0), north(100, 5.0, 10), LIMITS);
        assertThat(step).isInstanceOf(Step.Counted.class);
        assertThat(step.metres()).isCloseTo(100, within(0.01));
    }

    @Test
    void aStepWithinTheAccuracies_isJitter() {
        assertThat(Odometer.next(north(0, 10.0, 0), north(15, 10.0, 5), LIMITS))
                .isEqualTo(new Step.Dropped(Odometer.JITTER, Odometer.next(north(0, 10.0, 0), north(15, 10.0, 5), LIMITS).metres()));
        // no accuracy reported: the default (20 m each) applies
        assertThat(Odometer.next(north(0, null, 0), north(35, null, 5), LIMITS)).isInstanceOf(Step.Dropped.class);
        assertThat(Odometer.next(north(0, null, 0), north(45, null, 5), LIMITS)).isInstanceOf(Step.Counted.class);
    }

    @Test
    void aJumpFasterThanTheSpeedLimit_isDropped() {
        Step step = Odometer.next(north(0, 5.0, 0), north(2000, 5.0, 10), LIMITS);
        assertThat(step).isInstanceOf(Step.Dropped.class);
        assertThat(((Step.Dropped) step).reason()).isEqualTo(Odometer.IMPOSSIBLE_JUMP);
        assertThat(Odometer.next(north(0, 5.0, 0), north(2000, 5.0, 60), LIMITS)).isInstanceOf(Step.Counted.class);
    }

    @Test
    void staleAndInaccurateFixes_areDropped() {
        assertThat(((Step.Dropped) Odometer.next(north(0, 5.0, 10), north(100, 5.0, 10), LIMITS)).reason())
                .isEqualTo(Odometer.OUT_OF_ORDER);
        assertThat(((Step.Dropped) Odometer.next(north(0, 5.0, 10), north(100, 5.0, 5), LIMITS)).reason())
                .isEqualTo(Odometer.OUT_OF_ORDER);
        assertThat(((Step.Dropped) Odometer.next(north(0, 5.0, 0), north(100, 150.0, 10), LIMITS)).reason())
                .isEqualTo(Odometer.INACCURATE);
    }

    @Test
    void slowMovement_inStepsSmallerThanTheJitter_isCountedInFull() {
        // 1 m/s for 10 minutes, fixes every second, 8 m accuracy: every single step is "jitter", the walk is not
        Fix anchor = north(0, 8.0, 0);
        double total = 0;
        for (int s = 1; s <= 600; s++) {
            Fix fix = north(s, 8.0, s);
            Step step = Odometer.next(anchor, fix, LIMITS);
            if (step instanceof Step.Counted counted) {
                total += counted.metres();
                anchor = fix;
            }
        }
        assertThat(total).isCloseTo(600, within(16.0));
    }

    @Test
    void aParkedPhonesNoise_addsNothing() {
        SplittableRandom random = new SplittableRandom(7);
        Fix anchor = north(0, 10.0, 0);
        double total = 0;
        for (int s = 1; s <= 1000; s++) {
            double r = 10 * Math.sqrt(random.nextDouble());
            double angle = random.nextDouble(2 * Math.PI);
            Fix fix = new Fix(LAT + r * Math.cos(angle) / M_PER_DEG_LAT,
                    LON + r * Math.sin(angle) / (M_PER_DEG_LAT * Math.cos(Math.toRadians(LAT))), 10.0, T0.plusSeconds(s));
            if (Odometer.next(anchor, fix, LIMITS) instanceof Step.Counted counted) {
                total += counted.metres();
                anchor = fix;
            }
        }
        assertThat(total).isZero();
    }
}
