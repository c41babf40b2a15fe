package io.ridewire.model.billing;

import java.math.BigDecimal;

/**
 * Where the money of one payment goes: what the passenger pays is exactly what the driver earns plus the
 * platform's fee. The constructor refuses anything else, so no settlement can create or lose a rupiah.
 *
 * @param passengerPays  debited from the passenger (or charged through a provider)
 * @param driverEarns    credited to the driver
 * @param platformEarns  credited to the platform (the admin fee)
 */
public record Settlement(long passengerPays, long driverEarns, long platformEarns) {

    public Settlement {
        if (passengerPays < 0 || driverEarns < 0 || platformEarns < 0) {
            throw new IllegalArgumentException("negative amount in " + passengerPays + "/" + driverEarns + "/" + platformEarns);
        }
        if (passengerPays != Math.addExact(driverEarns, platformEarns)) {
            throw new IllegalArgumentException("debit " + passengerPays + " differs from credits "
                    + driverEarns + " + " + platformEarns);
        }
    }

    /** Splits an amount the passenger pays: the admin fee ({@code feePercent} %, half-up) to the platform, the rest to the driver. */
    public static Settlement split(long amount, BigDecimal feePercent) {
        Billing.checkFeePercent(feePercent);
        long fee = Money.percentOf(amount, feePercent);
        return new Settlement(amount, amount - fee, fee);
    }
}
