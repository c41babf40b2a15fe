package io.ridewire.infra;

import io.ridewire.deployment.Route;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One concern's routes — the handlers of one package ({@code matching}, {@code rides}, …) — in a nested stack of
 * their own: functions, aliases, log groups, the WebSocket routes and integrations, per-function alarms. The
 * parent template then holds only what is shared, so new routes grow a nested template, never the 1 MB limit of
 * one template. The authorizer stays in the parent, beside the API that owns it.
 */
public final class RouteStack extends NestedStack {

    RouteStack(Construct scope, String id, List<Route> routes, RouteFunctions functions, WebSocketGateway webSocket,
               Alarms alarms) {
        super(scope, id, NestedStackProps.builder().description("Ridewire routes: " + id).build());
        Alias authorizer = functions.authorizer();
        for (Route route : routes) {
            Alias alias = functions.route(this, route);
            webSocket.route(this, route, alias, Route.CONNECT.equals(route.routeKey()) ? authorizer : null);
            alarms.forFunction(this, route.functionName(), functions.functions().get(route.functionName()));
        }
    }

    /** Routes by concern: the last package segment of the handler ({@code io.ridewire.functions.rides.X} → {@code Rides}). */
    static Map<String, List<Route>> byConcern(List<Route> routes) {
        return routes.stream().collect(Collectors.groupingBy(RouteStack::concern, LinkedHashMap::new,
                Collectors.toList()));
    }

    static String concern(Route route) {
        String handler = route.handlerClass();
        String pkg = handler.substring(0, handler.lastIndexOf('.'));
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        return Character.toUpperCase(last.charAt(0)) + last.substring(1);
    }
}
