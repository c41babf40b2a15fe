package io.ridewire.functions.connections;

import io.ridewire.functions.jvm.LambdaContexts;
import io.ridewire.functions.jvm.StartupDefaults;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.ridewire.functions.observability.LogContext;
import io.ridewire.deployment.Route;
import jakarta.inject.Inject;

/** {@code $disconnect}: removes the connection, its room memberships and its place in the user's session. */
public class DisconnectHandler extends MicronautRequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    static {
        StartupDefaults.apply(); // before the context starts Netty and Lettuce
    }


    @Inject
    Sessions sessions;

    public DisconnectHandler() {
    }

    public DisconnectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent event) {
        var context = event.getRequestContext();
        try (LogContext ids = LogContext.open(null, context.getConnectionId(), context.getRequestId(),
                Route.DISCONNECT, null)) {
            sessions.close(context.getConnectionId());
            return ConnectHandler.status(200);
        }
    }
}
