package io.ridewire.functions.gateway;

import io.ridewire.functions.jvm.LambdaContexts;
import io.ridewire.functions.jvm.StartupDefaults;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.ridewire.functions.aws.DynamoCallCounter;

/**
 * A Lambda handler for one message route: decode, check the caller, call one service, answer. The shared steps
 * live in {@link RouteDispatcher}; a subclass only says what its event means.
 * <p>
 * What a handler uses it declares as {@code @Inject} fields: {@link MicronautRequestHandler} injects them from its
 * application context, the one it builds (the no-arg constructor, in Lambda) or the one it is given (the local
 * emulator and tests, which share one context across every handler). So each handler has two one-line constructors.
 */
public abstract class RouteHandler
        extends MicronautRequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    static {
        StartupDefaults.apply(); // before the context starts Netty and Lettuce
    }

    private final RouteDispatcher dispatcher;

    // looked up, not injected: Micronaut writes an injection definition only for a class that declares injection
    // points, so a handler with none of its own (DefaultRouteHandler) would be left without a dispatcher
    protected RouteHandler() {
        this.dispatcher = applicationContext.getBean(RouteDispatcher.class);
    }

    protected RouteHandler(ApplicationContext context) {
        super(context);
        this.dispatcher = context.getBean(RouteDispatcher.class);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public final APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent event) {
        return DynamoCallCounter.attributedTo(event.getRequestContext().getRouteKey(),
                () -> dispatcher.dispatch(event, this::handle));
    }

    /** Handles a decoded message from an authenticated caller; throw {@code InvalidMessage} to refuse it. */
    protected abstract Reply handle(Inbound message);
}
