package io.ridewire.routes;

import io.ridewire.protocol.EventType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one list of routes the code, the local gateway and the CDK stack share: a new event type cannot be handled
 * locally or deployed without a line here.
 */
public final class RouteCatalogue {
    /** The REQUEST authorizer guarding {@code $connect}. */
    public static final String AUTHORIZER = "io.ridewire.auth.AuthorizerHandler";
    /** The REST API (micronaut-function-aws-api-proxy). */
    public static final String REST_API = "io.ridewire.rest.RestApiHandler";

    private static final List<Route> ROUTES = List.of(
            new Route(Route.CONNECT, "io.ridewire.connections.ConnectHandler", false),
            new Route(Route.DISCONNECT, "io.ridewire.connections.DisconnectHandler", false),
            new Route(Route.DEFAULT, "io.ridewire.connections.DefaultRouteHandler", true),
            event(EventType.PING, "io.ridewire.connections.PingHandler"),
            event(EventType.AUTH_REFRESH, "io.ridewire.auth.RefreshHandler"),
            event(EventType.ACK, "io.ridewire.delivery.AckHandler"),
            event(EventType.SYNC, "io.ridewire.delivery.SyncHandler"),
            event(EventType.DRIVER_LOCATION_UPDATE, "io.ridewire.orders.DriverLocationHandler"),
            event(EventType.ORDER_JOIN, "io.ridewire.orders.JoinOrderHandler"),
            event(EventType.VIEWING_ORDER, "io.ridewire.orders.ViewingOrderHandler"),
            event(EventType.STOP_VIEWING_ORDER, "io.ridewire.orders.StopViewingOrderHandler"),
            event(EventType.REQUEST_LOCK, "io.ridewire.orders.RequestLockHandler"),
            event(EventType.BEACON_UPDATE, "io.ridewire.drivers.BeaconUpdateHandler"),
            event(EventType.LOCATION_UPDATE, "io.ridewire.location.LocationUpdateHandler"),
            event(EventType.MATCH_REQUEST, "io.ridewire.matching.MatchRequestHandler"),
            event(EventType.MATCH_ACCEPT, "io.ridewire.matching.MatchAcceptHandler"),
            event(EventType.MATCH_REJECT, "io.ridewire.matching.MatchRejectHandler"),
            event(EventType.MATCH_CANCEL, "io.ridewire.matching.MatchCancelHandler"),
            event(EventType.RIDE_START, "io.ridewire.rides.RideStartHandler"),
            event(EventType.RIDE_ARRIVED, "io.ridewire.rides.RideArrivedHandler"),
            event(EventType.RIDE_CANCEL, "io.ridewire.rides.RideCancelHandler"),
            event(EventType.PAYMENT_METHOD_SELECTED, "io.ridewire.payments.PaymentMethodSelectedHandler"));

    private static final Map<String, Route> BY_KEY =
            ROUTES.stream().collect(Collectors.toUnmodifiableMap(Route::routeKey, Function.identity()));

    private RouteCatalogue() {
    }

    private static Route event(EventType type, String handlerClass) {
        return new Route(type.wireName(), handlerClass, true);
    }

    public static List<Route> routes() {
        return ROUTES;
    }

    public static Optional<Route> byKey(String routeKey) {
        return Optional.ofNullable(BY_KEY.get(routeKey));
    }
}
