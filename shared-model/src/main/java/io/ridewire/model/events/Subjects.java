package io.ridewire.model.events;

/** NATS subjects of the event schemas that Ridewire publishes or relays. */
public final class Subjects {
    public static final String USER_SESSION_STARTED = "user.session.started";
    public static final String LOCATION_UPDATE = "location.update";
    public static final String LOCATION_DRIVER_AVAILABLE = "location.driver.available";
    public static final String MATCH_REQUEST = "match.request";
    public static final String MATCH_RESPONSE = "match.response";
    public static final String MATCH_CONFIRMED = "match.confirmed";
    public static final String MATCH_CANCELLED = "match.cancelled";
    public static final String RIDE_CREATED = "ride.created";
    public static final String RIDE_STARTED = "ride.started";
    public static final String RIDE_PROGRESS = "ride.progress";
    public static final String RIDE_COMPLETED = "ride.completed";
    public static final String RIDE_CANCELLED = "ride.cancelled";
    public static final String PAYMENT_REQUESTED = "payment.requested";
    public static final String PAYMENT_COMPLETED = "payment.completed";
    public static final String PAYMENT_FAILED = "payment.failed";

    private Subjects() {
    }
}
