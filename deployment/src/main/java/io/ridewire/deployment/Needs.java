package io.ridewire.deployment;


import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.ridewire.deployment.TableAction.BATCH_GET_ITEM;
import static io.ridewire.deployment.TableAction.BATCH_WRITE_ITEM;
import static io.ridewire.deployment.TableAction.CONDITION_CHECK_ITEM;
import static io.ridewire.deployment.TableAction.DELETE_ITEM;
import static io.ridewire.deployment.TableAction.DESCRIBE_TABLE;
import static io.ridewire.deployment.TableAction.GET_ITEM;
import static io.ridewire.deployment.TableAction.PUT_ITEM;
import static io.ridewire.deployment.TableAction.QUERY;
import static io.ridewire.deployment.TableAction.QUERY_INDEX;
import static io.ridewire.deployment.TableAction.UPDATE_ITEM;

/**
 * What a function's code paths touch: DynamoDB actions per catalogue table, and whether it sends to connections
 * through the management API. The CDK stack grants exactly this and nothing else, so a declaration that is too
 * small shows up as AccessDenied in the cloud: declare by reading the handler's code down to the stores.
 *
 * <p>The constants are the shared paths (a push, a durable send, a room join) that routes compose.
 *
 * @param tables         actions by catalogue table name
 * @param pushes         whether it calls {@code @connections} (send, delete)
 * @param verifiesTokens whether it verifies JWTs, so needs the signing secret or JWKS URL, issuer and audience
 */
public record Needs(Map<String, Set<TableAction>> tables, boolean pushes, boolean verifiesTokens) {
    public static final Needs NONE = new Needs(Map.of(), false, false);

    /** {@code TokenVerifier}: the authorizer, a session's token refresh, the REST API's bearer authentication. */
    public static final Needs VERIFY_TOKENS = new Needs(Map.of(), false, true);

    /**
     * Every message route: {@code RouteDispatcher} asks {@code SessionLifetime} whether the session has expired, which
     * reads the connection's refreshed token expiry once the first token's has passed.
     */
    public static final Needs SESSION_CHECK = NONE.with(TableCatalogue.CONNECTIONS, GET_ITEM);

    /**
     * {@code Deadlines}: schedule (Put, also inside transactions; several at once in a batch), cancel (Delete), due
     * time (Get), claim (Update).
     */
    public static final Needs DEADLINES = NONE
            .with(TableCatalogue.DEADLINES, GET_ITEM, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM, BATCH_WRITE_ITEM);

    /**
     * {@code Push}: to a user (their session's connections), to a room (its members); and a connection it finds gone
     * (410) leaves there and then, in the function that pushed ({@code Departures.gone}, the same departure as a
     * {@code $disconnect}'s): {@code Presence.forget} (the item read then deleted, its memberships, its place in the
     * session), then the disconnect listeners: the session timers cancelled (Delete), a driver's offline grace
     * scheduled (Put), the orders a driver viewed read and their viewer counts pushed. Whatever pushes holds all of it:
     * any push may meet a connection whose {@code $disconnect} was lost.
     */
    public static final Needs PUSH = NONE.pushing()
            .with(TableCatalogue.SESSIONS, GET_ITEM, UPDATE_ITEM)
            .with(TableCatalogue.ROOMS, QUERY, BATCH_WRITE_ITEM)
            .with(TableCatalogue.CONNECTIONS, GET_ITEM, DELETE_ITEM)
            .with(TableCatalogue.DEADLINES, PUT_ITEM, DELETE_ITEM)
            .with(TableCatalogue.ORDERS, GET_ITEM);

    /**
     * {@code DurableDelivery}: append (counter, id guard, event in one transaction), ack, replay; then a push; re-sends
     * of critical events as deadlines; a staged send reads its inboxes' counters in one batch.
     */
    public static final Needs DURABLE = PUSH.and(DEADLINES)
            .with(TableCatalogue.EVENTS, GET_ITEM, BATCH_GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM);

    /**
     * {@code Sessions.close}: the connection's departure ({@code Departures.closed}), which is what a push's 410 runs,
     * so exactly {@link #PUSH}. {@code $disconnect} and the bridge's sweeper.
     */
    public static final Needs CLOSE_SESSION = PUSH;

    /**
     * {@code Presence.join} for a user's live connections: the connection read for its expiry, then the membership
     * item and the connection's room set in one transaction.
     */
    public static final Needs JOIN_ROOM = NONE
            .with(TableCatalogue.SESSIONS, GET_ITEM)
            .with(TableCatalogue.ROOMS, PUT_ITEM)
            .with(TableCatalogue.CONNECTIONS, GET_ITEM, UPDATE_ITEM);

    /** {@code RoomDirectory.leave} for every member of a room. */
    public static final Needs EMPTY_ROOM = NONE
            .with(TableCatalogue.ROOMS, QUERY, DELETE_ITEM)
            .with(TableCatalogue.CONNECTIONS, UPDATE_ITEM);

    /** {@code MatchStore}: the match and its booking locks, written in transactions that check the ride is absent. */
    public static final Needs MATCHES = DURABLE
            .with(TableCatalogue.MATCHES, GET_ITEM, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM, CONDITION_CHECK_ITEM)
            .with(TableCatalogue.RIDES, CONDITION_CHECK_ITEM);

    /** {@code PaymentStore} + {@code PaymentSettlement}: claim an attempt, debit and credit wallets, write the ledger. */
    public static final Needs SETTLE = DURABLE
            .with(TableCatalogue.PAYMENTS, GET_ITEM, UPDATE_ITEM)
            .with(TableCatalogue.WALLETS, GET_ITEM, UPDATE_ITEM)
            .with(TableCatalogue.LEDGER, PUT_ITEM);

    public Needs {
        Map<String, Set<TableAction>> copy = new TreeMap<>();
        tables.forEach((table, actions) -> copy.put(table, Collections.unmodifiableSet(EnumSet.copyOf(actions))));
        tables = Collections.unmodifiableMap(copy);
    }

    /** These needs plus {@code actions} on {@code table}. */
    public Needs with(TableSpec table, TableAction... actions) {
        Map<String, Set<TableAction>> merged = new TreeMap<>(tables);
        Set<TableAction> set = EnumSet.noneOf(TableAction.class);
        set.addAll(merged.getOrDefault(table.name(), Set.of()));
        set.addAll(Set.of(actions));
        merged.put(table.name(), set);
        return new Needs(merged, pushes, verifiesTokens);
    }

    /** These needs plus everything {@code other} needs. */
    public Needs and(Needs other) {
        Needs merged = new Needs(tables, pushes || other.pushes, verifiesTokens || other.verifiesTokens);
        for (Map.Entry<String, Set<TableAction>> entry : other.tables.entrySet()) {
            merged = merged.with(TableCatalogue.byName(entry.getKey()), entry.getValue().toArray(TableAction[]::new));
        }
        return merged;
    }

    private Needs pushing() {
        return new Needs(tables, true, verifiesTokens);
    }

    /** The REST API's controllers: health, /ws/stats, orders, wallets, events. */
    static Needs restApi() {
        return DURABLE.and(JOIN_ROOM).and(VERIFY_TOKENS)
                // /health: how far the deadline pollers lag (by_due), whether a deadline keeps failing (by_failing)
                .with(TableCatalogue.DEADLINES, QUERY_INDEX)
                .with(TableCatalogue.CONNECTIONS, DESCRIBE_TABLE, QUERY_INDEX)
                .with(TableCatalogue.ORDERS, GET_ITEM, PUT_ITEM, UPDATE_ITEM, QUERY_INDEX)
                .with(TableCatalogue.WALLETS, GET_ITEM, BATCH_GET_ITEM, UPDATE_ITEM)
                .with(TableCatalogue.LEDGER, QUERY, PUT_ITEM);
    }
}
