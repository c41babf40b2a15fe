package io.ridewire.deployment;

import java.util.Map;
import java.util.TreeMap;

import static io.ridewire.deployment.TableAction.GET_ITEM;
import static io.ridewire.deployment.TableAction.QUERY_INDEX;
import static io.ridewire.deployment.TableAction.SCAN;
import static io.ridewire.deployment.TableAction.UPDATE_ITEM;

/**
 * What the bridge task does in DynamoDB, declared as the routes' {@link Needs} are and composed from the same shared
 * paths: the relay, the welcome relay, the connection sweeper, the deadline poller and the handler of every deadline
 * kind it fires. The CDK stack grants the task role exactly {@link #NEEDS}, and the local stack checks the bridge's
 * calls (attributed to {@link #PRINCIPAL}) against it. A new deadline handler needs its line here: a test of the
 * functions compares the handlers' kinds with {@link #deadlineHandlers()}.
 */
public final class BridgeCatalogue {
    /** The principal the bridge's DynamoDB calls are attributed to (in the local stack's IAM, its task role). */
    public static final String PRINCIPAL = "$bridge";

    /**
     * {@code DeadlinePoller}: claims what is due ({@code Query} on by_due, then an Update per claim), checks, completes
     * and gives back claims; its metrics and the bridge's {@code /health} read the lag (by_due) and the failing
     * deadlines (by_failing).
     */
    public static final Needs DEADLINE_POLLER = Needs.DEADLINES.with(TableCatalogue.DEADLINES, QUERY_INDEX);

    /**
     * {@code Relay}: direct routes through {@code Push}, durable routes through {@code DurableDelivery}; a
     * {@code role:…} recipient (a broadcast, which only the relay sends) is that role's connections, by_role.
     */
    public static final Needs RELAY = Needs.PUSH.and(Needs.DURABLE).with(TableCatalogue.CONNECTIONS, QUERY_INDEX);

    /** {@code WelcomeRelay} → {@code Welcome.deliver}: the session read, the welcome pushed, a replaced one closed. */
    public static final Needs WELCOME_RELAY = Needs.PUSH;

    /**
     * {@code ConnectionSweeper}: every connection row by one paginated {@code Scan} ({@code Presence.census}), and
     * each one gone forgotten as {@code $disconnect} forgets it ({@code Sessions.close}); the gateway check is a
     * {@code GetConnection} on {@code @connections}.
     */
    public static final Needs SWEEPER = Needs.CLOSE_SESSION.with(TableCatalogue.CONNECTIONS, SCAN);

    /** The orders' outbox entries: the order read and moved, its events (durable), the driver put in its room. */
    private static final Needs ORDER_FOLLOW_UP = Needs.DURABLE.and(Needs.JOIN_ROOM)
            .with(TableCatalogue.ORDERS, GET_ITEM, UPDATE_ITEM);

    /** Deadline kind → what its handler's code paths touch. */
    private static final Map<String, Needs> DEADLINE_HANDLERS = new TreeMap<>(Map.ofEntries(
            // Matchmaker: a proposal or a request's wait that ran out, a stored match change's effects
            Map.entry("match.proposal", Needs.MATCHES),
            Map.entry("match.max_wait", Needs.MATCHES),
            Map.entry("match.effects", Needs.MATCHES),
            // SessionLifetime: the connection and its refreshed expiry read, then auth.expiring pushed or the close
            Map.entry("auth.expiring", Needs.PUSH.and(Needs.SESSION_CHECK)),
            Map.entry("auth.expired", Needs.PUSH.and(Needs.SESSION_CHECK)),
            // DurableDelivery.redeliver: an unacked critical event sent again, the next re-send scheduled
            Map.entry("delivery.redeliver", Needs.DURABLE),
            // OrderService's outbox and the merchant's window
            Map.entry("orders.placed", ORDER_FOLLOW_UP),
            Map.entry("orders.merchant_timeout", ORDER_FOLLOW_UP),
            Map.entry("orders.transitioned", ORDER_FOLLOW_UP),
            // Welcome: the connection read, then as the welcome relay
            Map.entry("session.welcome", Needs.PUSH),
            // ReplacedSessions: the older connection read and closed, again later if the close failed
            Map.entry("session.replaced", Needs.PUSH.and(Needs.DEADLINES)),
            // DriverPresence: the driver's session read; out of the pool (Redis), the availability pushed
            Map.entry("driver.offline", Needs.PUSH),
            // RideStarts: the ride read, its room opened, started pushed (durable) to the parties
            Map.entry("ride.started", Needs.DURABLE.and(Needs.JOIN_ROOM).with(TableCatalogue.RIDES, GET_ITEM)),
            // PaymentCompletions: the paid payment read, payment.completed to both parties (durable)
            Map.entry("payment.completed", Needs.DURABLE.with(TableCatalogue.PAYMENTS, GET_ITEM)),
            // LapsedAttempts: a lapsed attempt failed and payment.failed told (durable), or its open charge carried
            // on and settled (wallets debited and credited, the ledger written) as the payment route does
            Map.entry("payment.attempt", Needs.SETTLE),
            // RideEnds: the ride and its payment read, the booking ended, the room emptied, notices (durable)
            Map.entry("ride.ended", Needs.MATCHES.and(Needs.EMPTY_ROOM)
                    .with(TableCatalogue.RIDES, GET_ITEM)
                    .with(TableCatalogue.PAYMENTS, GET_ITEM))));

    /** Everything the bridge task does: exactly what the stack grants its role. */
    public static final Needs NEEDS = union();

    private BridgeCatalogue() {
    }

    /** Deadline kind → its handler's needs, by kind. */
    public static Map<String, Needs> deadlineHandlers() {
        return java.util.Collections.unmodifiableMap(DEADLINE_HANDLERS);
    }

    private static Needs union() {
        Needs all = DEADLINE_POLLER.and(RELAY).and(WELCOME_RELAY).and(SWEEPER);
        for (Needs handler : DEADLINE_HANDLERS.values()) {
            all = all.and(handler);
        }
        return all;
    }
}
