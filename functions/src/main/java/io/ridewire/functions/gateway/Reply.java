package io.ridewire.functions.gateway;

import io.ridewire.model.protocol.EventType;

import java.util.ArrayList;
import java.util.List;

/**
 * What a route answers its caller with: nothing, one event, or several events in order. The first event echoes the
 * message's id; any further ones carry ids of their own. The dispatcher sends them, so no handler derives a reply id.
 */
public sealed interface Reply {

    static Event of(EventType type, Object payload) {
        return new Event(type, payload);
    }

    static Reply none() {
        return None.INSTANCE;
    }

    /** One event back to the caller, echoing the message id (the route response). */
    record Event(EventType type, Object payload) implements Reply {

        /** This answer, then {@code type} to the same caller. */
        public Events and(EventType type, Object payload) {
            return new Events(List.of(this, Reply.of(type, payload)));
        }
    }

    /**
     * Several events to the caller in this order (all but the last pushed, the last as the route response); the
     * first echoes the message id.
     */
    record Events(List<Event> events) implements Reply {
        public Events {
            if (events.size() < 2) {
                throw new IllegalArgumentException("several events are at least two; use Reply.of for one");
            }
            events = List.copyOf(events);
        }

        public Events and(EventType type, Object payload) {
            List<Event> more = new ArrayList<>(events);
            more.add(Reply.of(type, payload));
            return new Events(more);
        }
    }

    /** Nothing back (the outcome reaches the caller by push, or needs no answer, or was answered early). */
    enum None implements Reply {
        INSTANCE
    }
}
