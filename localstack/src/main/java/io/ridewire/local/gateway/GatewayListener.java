package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;

/** Sees every event the gateway hands a route handler (tests use it to check event shapes). */
@FunctionalInterface
public interface GatewayListener {
    void invoked(String routeKey, APIGatewayV2WebSocketEvent event);
}
