package io.ridewire.functions.gateway;

import io.ridewire.model.protocol.EventType;

/** What a route answers its caller with (the route response body), if anything. */
public sealed interface Reply {

    static Reply of(EventType type, Object payload) {
        return new Event(type, payload);
    }

    static Reply none() {
        return None.INSTANCE;
    }

    /** One event back to the caller, echoing the message id. */
    record Event(EventType type, Object payload) implements Reply {
    }

    /** Nothing back (the outcome reaches the caller by push, or needs no answer). */
    enum None implements Reply {
        INSTANCE
    }
}
