package io.ridewire.functions.presence;

import io.ridewire.model.identity.Role;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one owner of who is connected: connections, each user's session and room memberships (in the manner of
 * Socket.IO's adapter). Everything that needs to know who is where, or changes it, asks this.
 */
public interface Presence {

    /**
     * Records a connection with its rooms and puts it in its user's session, atomically against other connects of
     * the same user.
     *
     * @param replace true when the connection takes the session over (one session per user)
     * @return the connections the session held before (to be closed when {@code replace})
     */
    Set<String> addAll(Connection connection, boolean replace);

    /** Puts a live connection in a room; false when the connection no longer exists. */
    boolean add(String connectionId, String userId, String room);

    /** Takes a connection out of a room. */
    void del(String connectionId, String room);

    /**
     * Forgets a connection: its row, its memberships and its place in the session. Safe to call twice: the second
     * call finds nothing.
     */
    Optional<Connection> delAll(String connectionId);

    /**
     * Forgets a connection found gone by the gateway (410), unless it opened within the handshake grace: the
     * gateway also answers 410 before {@code $connect} has returned, and that socket is about to be open.
     */
    Optional<Connection> delGone(String connectionId);

    /** Every connection in a room. */
    List<Member> members(String room);

    /** The user's connections in their session. */
    Set<String> connectionsOf(String userId);

    /** Every live connection of a role. */
    List<String> connectionsOfRole(Role role);

    Optional<Connection> find(String connectionId);

    /** Records that the connection's session now lasts until {@code expiresAt} (a refreshed token); false when gone. */
    boolean extendToken(String connectionId, Instant expiresAt);

    /** The expiry the last token refresh recorded; empty when none did or the connection is gone. */
    Optional<Instant> extendedTokenExpiry(String connectionId);

    /** Live connections per role. */
    Map<Role, Long> countByRole();

    /**
     * Every connection row, live or past its TTL, without its rooms: a full read of the table, for the sweeper only.
     * Every other read above ignores rows past their TTL.
     */
    Census census();
}
