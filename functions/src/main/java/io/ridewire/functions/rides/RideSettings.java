package io.ridewire.functions.rides;

import io.ridewire.model.rides.Odometer;
import io.ridewire.model.rides.StartRadius;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.math.BigDecimal;
import java.time.Duration;

/** {@code ridewire.rides.*}: starting, measuring, billing and cancelling rides. The rate per km is matching's. */
@ConfigurationProperties("ridewire.rides")
public interface RideSettings {

    /** How close to the pickup the driver must be to start the ride (NebengJek's rule: 100 m). */
    @Bindable(defaultValue = "100")
    double getStartRadiusM();

    /**
     * How long the driver's last reported position (fix or beacon) is held against {@code ride.start}: a start is
     * refused while that position lies farther from the pickup than the start radius plus its accuracy.
     */
    @Bindable(defaultValue = "60s")
    Duration getStartFixMaxAge();

    /** How often {@code ride.progress} goes to both parties (at most; it rides on the driver's fixes). */
    @Bindable(defaultValue = "5s")
    Duration getProgressInterval();

    /** The platform's share of every fare and cancellation fee, in percent. */
    @Bindable(defaultValue = "5.0")
    double getAdminFeePercent();

    /** What a passenger owes for cancelling a started ride (0: free); a driver's cancellation costs nothing. */
    @Bindable(defaultValue = "2000")
    long getCancellationFee();

    /** Movement is farther than this many times the two fixes' accuracies together; nearer is GPS noise. */
    @Bindable(defaultValue = "2")
    double getNoiseFactor();

    /** A counted step is at least this long, whatever the fixes' accuracies. */
    @Bindable(defaultValue = "5")
    double getMinStepM();

    /** The accuracy assumed for a fix that reports none. */
    @Bindable(defaultValue = "20")
    double getDefaultAccuracyM();

    /** Fixes reporting a worse accuracy are dropped ({@code inaccurate}). */
    @Bindable(defaultValue = "100")
    double getMaxAccuracyM();

    /** Faster than this between counted fixes is a GPS jump ({@code impossible_jump}). */
    @Bindable(defaultValue = "180")
    double getMaxSpeedKmh();

    /** How many dropped fixes (time, reason, position) each ride keeps for support; counts per reason are kept whole. */
    @Bindable(defaultValue = "200")
    int getDroppedFixLog();

    /** How long a ride's progress state lives in Redis without an arrival or cancellation. */
    @Bindable(defaultValue = "12h")
    Duration getStateTtl();

    default BigDecimal adminFeePercent() {
        return BigDecimal.valueOf(getAdminFeePercent());
    }

    default StartRadius.Limits startLimits() {
        return new StartRadius.Limits(getStartRadiusM(), getStartFixMaxAge(), getDefaultAccuracyM(), getMaxAccuracyM());
    }

    default Odometer.Limits odometerLimits() {
        return new Odometer.Limits(getMinStepM(), getDefaultAccuracyM(), getMaxAccuracyM(), getMaxSpeedKmh() / 3.6,
                getNoiseFactor());
    }
}
