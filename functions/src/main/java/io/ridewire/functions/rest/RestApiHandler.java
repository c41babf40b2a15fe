package io.ridewire.functions.rest;

import io.ridewire.functions.jvm.LambdaContexts;
import io.ridewire.functions.jvm.StartupDefaults;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * The REST API's Lambda handler (API Gateway REST, payload 1.0): ordinary Micronaut controllers behind
 * micronaut-function-aws-api-proxy.
 */
public class RestApiHandler extends ApiGatewayProxyRequestEventFunction {
    static {
        StartupDefaults.apply(); // before the context starts Netty and Lettuce
    }


    public RestApiHandler() {
    }

    public RestApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }
}
