package io.ridewire.model.matching;

/** {@code match.cancelled} {@code reason} and {@code cancelled_by} values, as the spec names them. */
public final class CancelReason {
    public static final String TIMEOUT = "timeout";
    public static final String USER_CANCELLED = "user_cancelled";
    public static final String DRIVER_UNAVAILABLE = "driver_unavailable";

    public static final String BY_DRIVER = "driver";
    public static final String BY_PASSENGER = "passenger";
    public static final String BY_SYSTEM = "system";

    private CancelReason() {
    }
}
