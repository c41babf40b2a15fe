package io.ridewire.deployment;

import io.ridewire.model.protocol.EventType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.ridewire.deployment.TableAction.BATCH_WRITE_ITEM;
import static io.ridewire.deployment.TableAction.GET_ITEM;
import static io.ridewire.deployment.TableAction.PUT_ITEM;
import static io.ridewire.deployment.TableAction.QUERY;
import static io.ridewire.deployment.TableAction.QUERY_INDEX;
import static io.ridewire.deployment.TableAction.UPDATE_ITEM;

/**
 * The one list of routes the code, the local gateway and the CDK stack share: a new event type cannot be handled
 * locally or deployed without a line here.
 */
public final class RouteCatalogue {
    /** The REQUEST authorizer guarding {@code $connect}. */
    public static final String AUTHORIZER = "io.ridewire.functions.auth.AuthorizerHandler";
    /** The REST API (micronaut-function-aws-api-proxy). */
    public static final String REST_API = "io.ridewire.functions.rest.RestApiHandler";

    /** Sessions.open: the connection and its memberships (batch), the session swap, order rooms to rejoin. */
    private static final Needs CONNECT = Needs.PUSH.and(Needs.DEADLINES)
            .with(TableCatalogue.CONNECTIONS, BATCH_WRITE_ITEM)
            .with(TableCatalogue.ROOMS, BATCH_WRITE_ITEM)
            .with(TableCatalogue.SESSIONS, UPDATE_ITEM)
            .with(TableCatalogue.ORDERS, QUERY_INDEX);
    /** Rides.start: the match (read, still confirmed), the ride created once, its room opened, started pushed. */
    private static final Needs RIDE_START = Needs.MATCHES.and(Needs.JOIN_ROOM)
            .with(TableCatalogue.RIDES, GET_ITEM, PUT_ITEM);
    /** Rides.complete/cancel: the ride ended with its payment, the booking released, the room emptied, notices. */
    private static final Needs RIDE_END = Needs.MATCHES.and(Needs.EMPTY_ROOM)
            .with(TableCatalogue.RIDES, GET_ITEM, PUT_ITEM)
            .with(TableCatalogue.PAYMENTS, PUT_ITEM);

    private static final List<Route> ROUTES = List.of(
            new Route(Route.CONNECT, "io.ridewire.functions.connections.ConnectHandler", false, CONNECT),
            // forget (the connection, its memberships, its session place), then the listeners: as a push's 410 does
            new Route(Route.DISCONNECT, "io.ridewire.functions.connections.DisconnectHandler", false,
                    Needs.CLOSE_SESSION),
            new Route(Route.DEFAULT, "io.ridewire.functions.connections.DefaultRouteHandler", true, Needs.SESSION_CHECK),
            event(EventType.PING, "io.ridewire.functions.connections.PingHandler", Needs.NONE),
            // the token is verified in memory; the connection's new expiry recorded, its session timers moved
            event(EventType.AUTH_REFRESH, "io.ridewire.functions.connections.RefreshHandler",
                    Needs.DEADLINES.and(Needs.VERIFY_TOKENS).with(TableCatalogue.CONNECTIONS, UPDATE_ITEM)),
            // the event's id guard, then its acked flag; re-sends are cancelled in Redis
            event(EventType.ACK, "io.ridewire.functions.delivery.AckHandler",
                    Needs.DEADLINES.with(TableCatalogue.EVENTS, GET_ITEM, UPDATE_ITEM)),
            event(EventType.SYNC, "io.ridewire.functions.delivery.SyncHandler",
                    Needs.PUSH.and(Needs.DEADLINES).with(TableCatalogue.EVENTS, GET_ITEM, QUERY)),
            // position in Redis, pushed to the rooms of the driver's active orders
            event(EventType.DRIVER_LOCATION_UPDATE, "io.ridewire.functions.orders.DriverLocationHandler", Needs.PUSH),
            event(EventType.ORDER_JOIN, "io.ridewire.functions.orders.JoinOrderHandler",
                    Needs.NONE.with(TableCatalogue.ORDERS, GET_ITEM)
                            .with(TableCatalogue.ROOMS, PUT_ITEM)
                            .with(TableCatalogue.CONNECTIONS, UPDATE_ITEM)),
            // the order, viewers in Redis, the count pushed to viewers and customer
            event(EventType.VIEWING_ORDER, "io.ridewire.functions.orders.ViewingOrderHandler",
                    Needs.PUSH.with(TableCatalogue.ORDERS, GET_ITEM)),
            event(EventType.STOP_VIEWING_ORDER, "io.ridewire.functions.orders.StopViewingOrderHandler",
                    Needs.PUSH.with(TableCatalogue.ORDERS, GET_ITEM)),
            // the order, then a lock in Redis
            event(EventType.REQUEST_LOCK, "io.ridewire.functions.orders.RequestLockHandler",
                    Needs.NONE.with(TableCatalogue.ORDERS, GET_ITEM)),
            // the pool in Redis; status and nearby drivers pushed to the caller
            event(EventType.BEACON_UPDATE, "io.ridewire.functions.drivers.BeaconUpdateHandler", Needs.PUSH),
            // Redis and NATS; geofence crossings and ride progress pushed
            event(EventType.LOCATION_UPDATE, "io.ridewire.functions.location.LocationUpdateHandler", Needs.PUSH),
            event(EventType.MATCH_REQUEST, "io.ridewire.functions.matching.MatchRequestHandler", Needs.MATCHES),
            event(EventType.MATCH_ACCEPT, "io.ridewire.functions.matching.MatchAcceptHandler", Needs.MATCHES),
            event(EventType.MATCH_REJECT, "io.ridewire.functions.matching.MatchRejectHandler", Needs.MATCHES),
            event(EventType.MATCH_CANCEL, "io.ridewire.functions.matching.MatchCancelHandler", Needs.MATCHES),
            event(EventType.RIDE_START, "io.ridewire.functions.rides.RideStartHandler", RIDE_START),
            event(EventType.RIDE_ARRIVED, "io.ridewire.functions.rides.RideArrivedHandler", RIDE_END),
            event(EventType.RIDE_CANCEL, "io.ridewire.functions.rides.RideCancelHandler", RIDE_END),
            event(EventType.PAYMENT_METHOD_SELECTED, "io.ridewire.functions.payments.PaymentMethodSelectedHandler",
                    Needs.SETTLE));

    /** The authorizer only verifies tokens. */
    public static final Needs AUTHORIZER_NEEDS = Needs.VERIFY_TOKENS;
    /** Health, /ws/stats, orders (place, status, accept, active), wallets (balance, top-up, ledger), events. */
    public static final Needs REST_API_NEEDS = Needs.restApi();

    private static final Map<String, Route> BY_KEY =
            ROUTES.stream().collect(Collectors.toUnmodifiableMap(Route::routeKey, Function.identity()));

    private RouteCatalogue() {
    }

    /** A message route: its own needs plus the session check every message gets. */
    private static Route event(EventType type, String handlerClass, Needs needs) {
        return new Route(type.wireName(), handlerClass, true, needs.and(Needs.SESSION_CHECK));
    }

    public static List<Route> routes() {
        return ROUTES;
    }

    public static Optional<Route> byKey(String routeKey) {
        return Optional.ofNullable(BY_KEY.get(routeKey));
    }
}
