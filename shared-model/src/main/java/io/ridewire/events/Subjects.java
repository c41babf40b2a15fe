package io.ridewire.events;

/** NATS subjects of the event schemas that Ridewire publishes or relays. */
public final class Subjects {
    public static final String USER_SESSION_STARTED = "user.session.started";

    private Subjects() {
    }
}
