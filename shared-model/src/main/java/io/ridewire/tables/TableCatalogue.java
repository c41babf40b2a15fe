package io.ridewire.tables;

import io.ridewire.tables.TableSpec.Attribute;
import io.ridewire.tables.TableSpec.Index;

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

    private static final List<TableSpec> ALL = List.of(CONNECTIONS, SESSIONS, ROOMS, EVENTS, ORDERS, MATCHES);

    private TableCatalogue() {
    }

    public static List<TableSpec> all() {
        return ALL;
    }
}
