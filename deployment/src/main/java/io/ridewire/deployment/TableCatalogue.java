package io.ridewire.deployment;

import io.ridewire.deployment.TableSpec.Attribute;
import io.ridewire.deployment.TableSpec.Index;

import java.util.List;

/** Every DynamoDB table Ridewire uses, designed from its access patterns (see docs/tables.md). */
public final class TableCatalogue {
    /** Attribute every table expires items by (epoch seconds). */
    public static final String TTL = "expires_at";

    /** One item per live connection: who it is and which rooms it is in. */
    public static final TableSpec CONNECTIONS = new TableSpec(
            "connections",
            Attribute.string("connection_id"),
            null,
            List.of(new Index("by_role", Attribute.string("role"), Attribute.string("connection_id"),
                    List.of(TTL))),
            TTL,
            "by connection: the caller, its rooms (GetItem/DeleteItem); by role: counts for /ws/stats (GSI by_role)");

    /** One item per user: the set of their open connections (the session). */
    public static final TableSpec SESSIONS = new TableSpec(
            "sessions",
            Attribute.string("user_id"),
            null,
            List.of(),
            TTL,
            "by user: their connections, atomically swapped on connect for one-session-per-user");

    /** One item per (room, connection): room fan-out is one Query. */
    public static final TableSpec ROOMS = new TableSpec(
            "rooms",
            Attribute.string("room"),
            Attribute.string("connection_id"),
            List.of(),
            TTL,
            "by room: its member connections (Query); membership removed with the connection");

    /**
     * Durable events per inbox (a user, or a merchant's store): the sequence counter, one item per event keyed by
     * its zero-padded seq, and one guard item per event id that makes storing idempotent.
     */
    public static final TableSpec EVENTS = new TableSpec(
            "events",
            Attribute.string("inbox"),
            Attribute.string("sk"),
            List.of(),
            TTL,
            "by inbox: events after a seq in order (Query on sk range), the seq counter, the event-id guard (GetItem)");

    /** One item per order; every transition is a conditional write on its status. */
    public static final TableSpec ORDERS = new TableSpec(
            "orders",
            Attribute.string("order_id"),
            null,
            List.of(new Index("by_customer", Attribute.string("customer_id"), Attribute.number("created_at"),
                            List.of("status")),
                    new Index("by_driver", Attribute.string("driver_id"), Attribute.number("created_at"),
                            List.of("status")),
                    new Index("by_store", Attribute.string("store_id"), Attribute.number("created_at"),
                            List.of("status"))),
            TTL,
            "by order (GetItem, conditional UpdateItem per transition); by customer, driver or store: their "
                    + "orders with status (GSIs), for /orders/active and for re-joining order rooms on connect");

    /**
     * Matches and the booking locks that keep a driver or passenger in one match at a time: items
     * {@code match#{id}}, {@code driver#{id}}, {@code passenger#{id}}, written together in transactions.
     */
    public static final TableSpec MATCHES = new TableSpec(
            "matches",
            Attribute.string("pk"),
            null,
            List.of(),
            TTL,
            "by match: state, proposals, version (GetItem, conditional Put); by driver/passenger: the one match "
                    + "holding them (conditional Put/Update/Delete in the same transaction as the match)");

    /**
     * One item per ride: its match, parties, start, rate, and — written once, conditioned on the ride still being in
     * progress — how it ended and what was billed. Progress between start and end lives in Redis.
     */
    public static final TableSpec RIDES = new TableSpec(
            "rides",
            Attribute.string("ride_id"),
            null,
            List.of(),
            TTL,
            "by ride: create once per match (TransactWriteItems: conditional Put + the match still confirmed), end once "
                    + "(TransactWriteItems with its payment)");

    /** One item per payment a passenger owes: amount, split, status, the attempt holding it. Never expires. */
    public static final TableSpec PAYMENTS = new TableSpec(
            "payments",
            Attribute.string("payment_id"),
            null,
            List.of(),
            TTL,
            "by payment: read (GetItem), claim an attempt (conditional Update), mark paid in the wallet transaction");

    /** One item per wallet: the balance in whole rupiah, debited only on the condition that it covers the debit. */
    public static final TableSpec WALLETS = new TableSpec(
            "wallets",
            Attribute.string("wallet_id"),
            null,
            List.of(),
            TTL,
            "by wallet: balance (GetItem); debit with balance >= amount and credit inside TransactWriteItems");

    /**
     * Double-entry ledger: one entry per (wallet or external account, movement), keyed so a payment or top-up can
     * write its entry once; a payment's entries sum to zero. Never expires.
     */
    public static final TableSpec LEDGER = new TableSpec(
            "ledger",
            Attribute.string("account"),
            Attribute.string("entry_id"),
            List.of(),
            TTL,
            "by account: its entries (Query); written with attribute_not_exists in the same transaction as the balances");

    /**
     * Every timer a user relies on (merchant window, proposal expiry, max wait, re-sends) and every follow-up a state
     * change left to do (the outbox): one item per deadline, written in the same transaction as the state it guards,
     * found when due through the {@code by_due} index (spread over a few shards); those whose handler keeps failing
     * also through the sparse {@code by_failing} index, keyed only on items that have {@code failing_since}.
     */
    public static final TableSpec DEADLINES = new TableSpec(
            "deadlines",
            Attribute.string("deadline_id"),
            null,
            List.of(new Index("by_due", Attribute.string("shard"), Attribute.number("due"),
                            List.of("kind", "payload")),
                    new Index("by_failing", Attribute.string("shard"), Attribute.number("failing_since"), List.of())),
            TTL,
            "by id: schedule (Put, in the transaction of the state it guards), claim (conditional Update of due), "
                    + "complete (conditional Delete); by shard and due time: what is due (GSI by_due); by shard and "
                    + "when it began failing: what keeps failing, for /health and the bridge's metrics (sparse GSI "
                    + "by_failing)");

    private static final List<TableSpec> ALL = List.of(CONNECTIONS, SESSIONS, ROOMS, EVENTS, ORDERS, MATCHES, RIDES,
            PAYMENTS, WALLETS, LEDGER, DEADLINES);

    private TableCatalogue() {
    }

    public static List<TableSpec> all() {
        return ALL;
    }

    public static TableSpec byName(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + name));
    }
}
