package io.ridewire.model.billing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The billing function's vectors (ARCHITECTURE.md's worked example first) and its money invariants. */
class BillingTest {
    private static final BigDecimal FIVE = new BigDecimal("5.0");

    private static Billing bill(String km, long rate, String factor, BigDecimal fee) {
        return Billing.of(new BigDecimal(km), rate, new BigDecimal(factor), fee);
    }

    @Test
    void workedExample_3point2km_3000perKm_factor0point9_fee5percent() {
        Billing b = bill("3.2", 3000, "0.9", FIVE);
        assertThat(b.baseFare()).isEqualTo(9600);
        assertThat(b.adjustedFare()).as("what the passenger pays").isEqualTo(8640);
        assertThat(b.adminFee()).isEqualTo(432);
        assertThat(b.finalFare()).as("what the driver earns").isEqualTo(8208);
        assertThat(b.settlement()).isEqualTo(new Settlement(8640, 8208, 432));
        assertThat(b.adjustmentFactor()).isEqualByComparingTo("0.9");
        assertThat(b.adminFeePercent().toPlainString()).isEqualTo("5.0");
    }

    @Test
    void factorOne_isNoAdjustment() {
        Billing b = bill("3.2", 3000, "1", FIVE);
        assertThat(b).extracting(Billing::baseFare, Billing::adjustedFare, Billing::adminFee, Billing::finalFare)
                .containsExactly(9600L, 9600L, 480L, 9120L);
    }

    @Test
    void factorZero_makesTheRideFree_andNobodyIsPaid() {
        Billing b = bill("3.2", 3000, "0", FIVE);
        assertThat(b).extracting(Billing::baseFare, Billing::adjustedFare, Billing::adminFee, Billing::finalFare)
                .containsExactly(9600L, 0L, 0L, 0L);
    }

    @Test
    void roundingIsHalfUpAtEachStep() {
        // 1.23 × 3000 = 3690; × 0.85 = 3136.5 → 3137; 5 % = 156.85 → 157; driver 2980
        assertThat(bill("1.23", 3000, "0.85", FIVE))
                .extracting(Billing::baseFare, Billing::adjustedFare, Billing::adminFee, Billing::finalFare)
                .containsExactly(3690L, 3137L, 157L, 2980L);
        // base: 0.01 × 2550 = 25.5 → 26; fee 1.3 → 1
        assertThat(bill("0.01", 2550, "1", FIVE))
                .extracting(Billing::baseFare, Billing::adjustedFare, Billing::adminFee, Billing::finalFare)
                .containsExactly(26L, 26L, 1L, 25L);
        // base: 2.35 × 2555 = 6004.25 → 6004; × 0.75 = 4503; 5 % = 225.15 → 225
        assertThat(bill("2.35", 2555, "0.75", FIVE))
                .extracting(Billing::baseFare, Billing::adjustedFare, Billing::adminFee, Billing::finalFare)
                .containsExactly(6004L, 4503L, 225L, 4278L);
        // adjusted: 9601 × 0.5 = 4800.5 → 4801; 5 % = 240.05 → 240
        assertThat(bill("3.2003", 3000, "0.5", FIVE).adjustedFare()).isEqualTo(4801);
        // fee exactly half a rupiah: 250 × 5 % = 12.5 → 13
        assertThat(bill("0.25", 1000, "1", FIVE))
                .extracting(Billing::adjustedFare, Billing::adminFee, Billing::finalFare)
                .containsExactly(250L, 13L, 237L);
    }

    @Test
    void distanceIsBilledInTensOfMetres_halfUp() {
        assertThat(Money.kilometres(3199.5)).isEqualByComparingTo("3.20");
        assertThat(Money.kilometres(3204.999)).isEqualByComparingTo("3.20");
        assertThat(Money.kilometres(3205)).isEqualByComparingTo("3.21");
        assertThat(Money.kilometres(0)).isEqualByComparingTo("0.00");
        assertThat(Money.fare(Money.kilometres(3200.4), 3000)).isEqualTo(9600);
    }

    @Test
    void factorsOutsideZeroToOne_andImpossibleFees_areRefused() {
        assertThatThrownBy(() -> bill("1", 3000, "1.01", FIVE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bill("1", 3000, "-0.1", FIVE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bill("1", 3000, "0.5", new BigDecimal("100.1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settlement(100, 90, 9)).as("a settlement that loses a rupiah")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settlement(100, 101, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void property_debitsAlwaysEqualCredits_andEveryStepIsTheHalfUpOfTheLast() {
        SplittableRandom random = new SplittableRandom(20250108);
        for (int i = 0; i < 100_000; i++) {
            BigDecimal km = BigDecimal.valueOf(random.nextLong(0, 200_00), 2);
            long rate = random.nextLong(0, 20_001);
            BigDecimal factor = BigDecimal.valueOf(random.nextLong(0, 10_001), 4);
            BigDecimal fee = BigDecimal.valueOf(random.nextLong(0, 1001), 1); // 0.0 .. 100.0 %
            Billing b = Billing.of(km, rate, factor, fee);
            Settlement s = b.settlement();

            assertThat(s.passengerPays()).as("case %d: %s km, %d/km, ×%s, %s %%", i, km, rate, factor, fee)
                    .isEqualTo(s.driverEarns() + s.platformEarns());
            assertThat(b.baseFare()).isEqualTo(km.multiply(BigDecimal.valueOf(rate)).setScale(0, RoundingMode.HALF_UP).longValueExact());
            assertThat(b.adjustedFare()).isEqualTo(BigDecimal.valueOf(b.baseFare()).multiply(factor)
                    .setScale(0, RoundingMode.HALF_UP).longValueExact());
            assertThat(b.adminFee()).isEqualTo(BigDecimal.valueOf(b.adjustedFare()).multiply(fee)
                    .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP).longValueExact());
            assertThat(b.adjustedFare()).isBetween(0L, b.baseFare());
            assertThat(b.adminFee()).isBetween(0L, b.adjustedFare());
            assertThat(b.finalFare()).isGreaterThanOrEqualTo(0L);

            long amount = random.nextLong(0, 5_000_000);
            Settlement split = Settlement.split(amount, fee);
            assertThat(split.driverEarns() + split.platformEarns()).isEqualTo(amount);
        }
    }
}
