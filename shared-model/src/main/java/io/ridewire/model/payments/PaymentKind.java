package io.ridewire.model.payments;

/** What a payment is for. */
public enum PaymentKind {
    /** The adjusted fare of a completed ride. */
    RIDE_FARE("ride_fare"),
    /** The fee of a ride the passenger cancelled. */
    CANCELLATION_FEE("cancellation_fee");

    private final String wireName;

    PaymentKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static PaymentKind fromWireName(String name) {
        for (PaymentKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown payment kind " + name);
    }
}
