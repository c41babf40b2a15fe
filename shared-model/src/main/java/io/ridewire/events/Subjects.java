package io.ridewire.events;

/** NATS subjects of the event schemas that Ridewire publishes or relays. */
public final class Subjects {
    public static final String USER_SESSION_STARTED = "user.session.started";
    public static final String LOCATION_UPDATE = "location.update";
    public static final String LOCATION_DRIVER_AVAILABLE = "location.driver.available";
    public static final String MATCH_REQUEST = "match.request";
    public static final String MATCH_RESPONSE = "match.response";
    public static final String MATCH_CONFIRMED = "match.confirmed";
    public static final String MATCH_CANCELLED = "match.cancelled";

    private Subjects() {
    }
}
