package io.ridewire.functions.push;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who a server event is for. {@link Push#deliver} turns an audience into connections through presence, so no
 * caller looks connections up itself.
 */
public sealed interface Audience {

    /** One connection (a direct answer, a replay). */
    record Connection(String connectionId) implements Audience {
    }

    /** Every connection of a user's session. */
    record User(String userId) implements Audience {
    }

    /** Every member of a room. */
    record Room(String room) implements Audience {
    }

    /** Every live connection of a role (broadcasts). */
    record Role(io.ridewire.model.identity.Role role) implements Audience {
    }

    /** Everyone in any of these audiences, each connection once. */
    record All(List<Audience> audiences) implements Audience {
        public All {
            audiences = List.copyOf(audiences);
        }
    }

    /** An audience but for some connections (those that were reached another way). */
    record Except(Audience audience, Set<String> connectionIds) implements Audience {
        public Except {
            connectionIds = Set.copyOf(connectionIds);
        }
    }

    static Audience connection(String connectionId) {
        return new Connection(connectionId);
    }

    static Audience connections(Collection<String> connectionIds) {
        return new All(connectionIds.stream().<Audience>map(Connection::new).toList());
    }

    static Audience user(String userId) {
        return new User(userId);
    }

    static Audience users(Collection<String> userIds) {
        return new All(userIds.stream().<Audience>map(User::new).toList());
    }

    static Audience room(String room) {
        return new Room(room);
    }

    static Audience role(io.ridewire.model.identity.Role role) {
        return new Role(role);
    }

    static Audience all(Audience... audiences) {
        return new All(List.of(audiences));
    }

    default Audience except(Set<String> connectionIds) {
        return connectionIds.isEmpty() ? this : new Except(this, connectionIds);
    }
}
