package io.ridewire.model.billing;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;

/**
 * The {@code billing} block of {@code ride.completed}, from a pure function of distance, rate, adjustment and fee,
 * rounded half-up to whole rupiah at each step (ARCHITECTURE.md, "Money"): 3.2 km at 3000/km with factor 0.9 and a
 * 5 % fee is {@code base_fare 9600}, {@code adjusted_fare 8640} (what the passenger pays), {@code admin_fee 432},
 * {@code final_fare 8208} (what the driver earns). The fee is taken once, from the adjusted fare, as the NebengJek
 * code does; {@code final_fare} is the adjusted fare minus the fee, exactly, so debits equal credits.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Billing(
        long baseFare,
        BigDecimal adjustmentFactor,
        long adjustedFare,
        BigDecimal adminFeePercent,
        long adminFee,
        long finalFare) {

    public Billing {
        new Settlement(adjustedFare, finalFare, adminFee); // refuses a bill whose money does not add up
    }

    /**
     * Bills a ride.
     *
     * @param distanceKm      travelled distance as billed (see {@link Money#kilometres})
     * @param ratePerKm       rupiah per km, fixed when the ride started
     * @param factor          the driver's adjustment in [0, 1]; 1 is none
     * @param adminFeePercent the platform's share in [0, 100]
     */
    public static Billing of(BigDecimal distanceKm, long ratePerKm, BigDecimal factor, BigDecimal adminFeePercent) {
        if (distanceKm.signum() < 0 || ratePerKm < 0) {
            throw new IllegalArgumentException("negative distance or rate");
        }
        if (factor.signum() < 0 || factor.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("adjustment factor outside [0, 1]: " + factor);
        }
        long base = Money.fare(distanceKm, ratePerKm);
        long adjusted = Money.halfUp(BigDecimal.valueOf(base).multiply(factor));
        Settlement settlement = Settlement.split(adjusted, adminFeePercent);
        return new Billing(base, factor, adjusted, adminFeePercent, settlement.platformEarns(), settlement.driverEarns());
    }

    /** The money movements of paying this bill. */
    public Settlement settlement() {
        return new Settlement(adjustedFare, finalFare, adminFee);
    }

    static void checkFeePercent(BigDecimal percent) {
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("admin fee percent outside [0, 100]: " + percent);
        }
    }
}
