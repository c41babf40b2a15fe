package io.ridewire.model.rides;

import io.ridewire.model.geo.Haversine;
import io.ridewire.model.rides.Odometer.Fix;
import io.ridewire.model.rides.Odometer.Limits;
import io.ridewire.model.rides.Odometer.State;
import io.ridewire.model.rides.Odometer.Step;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The odometer: what counts, what is dropped and why, and that noise adds nothing while movement is not lost. */
class OdometerTest {
    private static final Limits LIMITS = new Limits(5, 20, 100, 50, 2);
    private static final Instant T0 = Instant.parse("2025-01-08T10:00:00Z");
    private static final double LAT = -6.2088;
    private static final double LON = 106.8456;
    private static final double M_PER_DEG = Haversine.EARTH_RADIUS_KM * 1000 * Math.PI / 180;

    /** A fix {@code x} metres east and {@code y} metres north of the origin. */
    private static Fix at(double x, double y, Double accuracy, double seconds) {
        return new Fix(LAT + y / M_PER_DEG, LON + x / (M_PER_DEG * Math.cos(Math.toRadians(LAT))), accuracy,
                T0.plusMillis(Math.round(seconds * 1000)));
    }

    /** Feeds fixes through the odometer, ending at the last one; returns metres counted. */
    private static double drive(List<Fix> fixes, Fix end) {
        State state = State.at(fixes.getFirst());
        double total = 0;
        for (Fix fix : fixes.subList(1, fixes.size())) {
            Step step = Odometer.next(state, fix, LIMITS);
            total += step.counted();
            state = step.next();
        }
        return total + Odometer.finish(state, end, LIMITS);
    }

    @Test
    void movementIsCounted_onceTheNextFixConfirmsIt() {
        State start = State.at(at(0, 0, 5.0, 0));
        Step first = Odometer.next(start, at(0, 100, 5.0, 10), LIMITS);
        assertThat(first.dropped()).as("a candidate, not yet counted").isNull();
        assertThat(first.counted()).isZero();
        Step second = Odometer.next(first.next(), at(0, 200, 5.0, 20), LIMITS);
        assertThat(second.counted()).isCloseTo(100, within(0.01));
        assertThat(second.next().anchor()).isEqualTo(at(0, 100, 5.0, 10));
        assertThat(Odometer.finish(second.next(), null, LIMITS)).as("the pending leg, at the end").isCloseTo(100, within(0.01));
    }

    @Test
    void aSingleWildFix_isNeverCounted() {
        State start = State.at(at(0, 0, 10.0, 0));
        Step spike = Odometer.next(start, at(45, 0, 10.0, 1), LIMITS);
        assertThat(spike.dropped()).isNull();
        Step back = Odometer.next(spike.next(), at(2, 3, 10.0, 2), LIMITS);
        assertThat(back.counted()).isZero();
        assertThat(back.unconfirmed()).isEqualTo(at(45, 0, 10.0, 1));
        assertThat(back.dropped()).isEqualTo(Odometer.JITTER);
        assertThat(back.next()).isEqualTo(start);
    }

    @Test
    void aJumpAlongTheWay_neitherConfirmsTheCandidateNorIsCounted() {
        State start = State.at(at(0, 0, 5.0, 0));
        Step candidate = Odometer.next(start, at(0, 100, 5.0, 10), LIMITS);
        Step jump = Odometer.next(candidate.next(), at(0, 5000, 5.0, 12), LIMITS);
        assertThat(jump.dropped()).isEqualTo(Odometer.IMPOSSIBLE_JUMP);
        assertThat(jump.counted()).isZero();
        assertThat(jump.next()).isEqualTo(candidate.next());
        Step onward = Odometer.next(jump.next(), at(0, 200, 5.0, 20), LIMITS);
        assertThat(onward.counted()).isCloseTo(100, within(0.01));
    }

    @Test
    void aCandidateUnreachableFromTheNextFix_isUnconfirmed() {
        State start = State.at(at(0, 0, 5.0, 0));
        Step spike = Odometer.next(start, at(0, 500, 5.0, 100), LIMITS);
        assertThat(spike.dropped()).isNull();
        Step next = Odometer.next(spike.next(), at(0, 1000, 5.0, 101), LIMITS); // 500 m in 1 s after the spike
        assertThat(next.unconfirmed()).isEqualTo(at(0, 500, 5.0, 100));
        assertThat(next.counted()).isZero();
        assertThat(next.next().anchor()).isEqualTo(start.anchor());
    }

    @Test
    void stepsWithinTheNoise_areJitter_andAccuracyDefaultsWhenNotReported() {
        assertThat(Odometer.next(State.at(at(0, 0, 10.0, 0)), at(0, 35, 10.0, 5), LIMITS).dropped())
                .isEqualTo(Odometer.JITTER);
        assertThat(Odometer.next(State.at(at(0, 0, null, 0)), at(0, 75, null, 5), LIMITS).dropped())
                .as("20 m assumed for each").isEqualTo(Odometer.JITTER);
        assertThat(Odometer.next(State.at(at(0, 0, null, 0)), at(0, 85, null, 5), LIMITS).dropped()).isNull();
    }

    @Test
    void impossibleJumps_staleAndInaccurateFixes_areDropped_andKeepTheAnchor() {
        State start = State.at(at(0, 0, 5.0, 10));
        assertThat(Odometer.next(start, at(0, 2000, 5.0, 20), LIMITS).dropped()).isEqualTo(Odometer.IMPOSSIBLE_JUMP);
        assertThat(Odometer.next(start, at(0, 2000, 5.0, 60), LIMITS).dropped()).isNull();
        assertThat(Odometer.next(start, at(0, 100, 5.0, 10), LIMITS).dropped()).isEqualTo(Odometer.OUT_OF_ORDER);
        assertThat(Odometer.next(start, at(0, 100, 5.0, 5), LIMITS).dropped()).isEqualTo(Odometer.OUT_OF_ORDER);
        Step inaccurate = Odometer.next(start, at(0, 100, 150.0, 20), LIMITS);
        assertThat(inaccurate.dropped()).isEqualTo(Odometer.INACCURATE);
        assertThat(inaccurate.next()).isEqualTo(start);
        assertThat(inaccurate.believable()).isFalse();
    }

    @Test
    void slowMovement_inStepsSmallerThanTheNoise_isCountedInFull() {
        // 1 m/s for 10 minutes, a fix every second, 8 m accuracy: every single step is "jitter", the walk is not
        List<Fix> fixes = new ArrayList<>();
        for (int s = 0; s <= 600; s++) {
            fixes.add(at(0, s, 8.0, s));
        }
        assertThat(drive(fixes, fixes.getLast())).isCloseTo(600, within(0.5));
    }

    @Test
    void aParkedPhonesGaussianNoise_addsLessThan50m_per100Fixes() {
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double sigma = 7; // per axis: about 10 m at the 68 % level, the accuracy it reports
            List<Fix> fixes = new ArrayList<>();
            for (int s = 0; s <= 100; s++) {
                fixes.add(at(gauss(random) * sigma, gauss(random) * sigma, 10.0, s));
            }
            assertThat(drive(fixes, at(0, 0, 10.0, 101))).as("seed %d", seed).isLessThan(50);
        }
    }

    @Test
    void aNoisyDriveAlongCityBlocks_isMeasuredWithinSevenPercent() {
        for (double[] run : new double[][] {{1, 1}, {5, 1}, {10, 1}, {10, 5}, {5, 3}}) {
            double speed = run[0];
            double every = run[1];
            for (long seed = 0; seed < 10; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                List<Fix> fixes = new ArrayList<>();
                int n = (int) (3200 / (speed * every));
                for (int i = 0; i <= n; i++) {
                    double[] p = blocks(i * speed * every);
                    fixes.add(at(p[0] + gauss(random) * 7, p[1] + gauss(random) * 7, 10.0, i * every));
                }
                double[] end = blocks(3200);
                double measured = drive(fixes, at(end[0], end[1], 10.0, n * every + 1));
                assertThat(measured).as("%s m/s every %s s, seed %d", speed, every, seed).isBetween(2976.0, 3424.0);
            }
        }
    }

    /** A route of 200 m blocks, turning between east and north at every corner. */
    private static double[] blocks(double d) {
        int block = (int) (d / 200);
        double rest = d - block * 200;
        double x = (block + 1) / 2 * 200 + (block % 2 == 0 ? rest : 0);
        double y = block / 2 * 200 + (block % 2 == 1 ? rest : 0);
        return new double[] {x, y};
    }

    private static double gauss(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
