package io.ridewire.functions.delivery;

import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.functions.push.Audience;
import io.ridewire.model.rooms.RoomNames;

/**
 * Where durable events are kept and numbered: a user's inbox, or a store's, shared by the store's merchants (any
 * of them acknowledging a new order is enough).
 */
public sealed interface Inbox {

    /** The partition key in the events table. */
    String key();

    /** Who the inbox's events are pushed to. */
    Audience audience();

    /** A user's own inbox; delivered to every connection of that user. */
    record User(String userId) implements Inbox {
        @Override
        public String key() {
            return "user#" + userId;
        }

        @Override
        public Audience audience() {
            return Audience.user(userId);
        }
    }

    /** A store's inbox; delivered to every connection in {@code merchant_{store_id}}. */
    record Store(String storeId) implements Inbox {
        @Override
        public String key() {
            return "store#" + storeId;
        }

        @Override
        public Audience audience() {
            return Audience.room(RoomNames.merchant(storeId));
        }
    }

    static Inbox user(String userId) {
        return new User(userId);
    }

    static Inbox store(String storeId) {
        return new Store(storeId);
    }

    /** The inbox a caller reads (sync, {@code GET /events}) and acknowledges in. */
    static Inbox of(Caller caller) {
        return caller.role() == Role.MERCHANT && caller.storeId() != null ? new Store(caller.storeId())
                : new User(caller.userId());
    }

    /** The inverse of {@link #key()}. */
    static Inbox fromKey(String key) {
        if (key.startsWith("user#")) {
            return new User(key.substring(5));
        }
        if (key.startsWith("store#")) {
            return new Store(key.substring(6));
        }
        throw new IllegalArgumentException("not an inbox key: " + key);
    }
}
