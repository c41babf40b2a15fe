package io.ridewire.model.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Rupiah arithmetic: amounts are whole rupiah ({@code long}); every product or percentage is rounded half-up to
 * a whole rupiah where it is taken, never carried as a fraction into the next step.
 */
public final class Money {
    public static final String CURRENCY = "IDR";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Money() {
    }

    /** A value rounded half-up to whole rupiah. */
    public static long halfUp(BigDecimal value) {
        return value.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** {@code percent} % of {@code amount}, rounded half-up. */
    public static long percentOf(long amount, BigDecimal percent) {
        return halfUp(BigDecimal.valueOf(amount).multiply(percent).divide(HUNDRED));
    }

    /** The fare of a distance at a rate per km, rounded half-up: 3.2 km at 3000/km is 9600. */
    public static long fare(BigDecimal distanceKm, long ratePerKm) {
        return halfUp(distanceKm.multiply(BigDecimal.valueOf(ratePerKm)));
    }

    /**
     * A travelled distance as billed and shown: kilometres to two decimals (10 m), half-up, so the
     * {@code total_distance_km} a rider sees times the rate is exactly the base fare.
     */
    public static BigDecimal kilometres(double metres) {
        if (!(metres >= 0) || Double.isInfinite(metres)) {
            throw new IllegalArgumentException("not a distance: " + metres);
        }
        return BigDecimal.valueOf(metres).divide(THOUSAND).setScale(2, RoundingMode.HALF_UP);
    }
}
