package io.ridewire.functions.jvm;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.MicronautLambdaContext;

/**
 * How a function's application context starts. Micronaut's Lambda builder creates every singleton up front, which
 * suits an init phase that runs ahead of traffic (a SnapStart snapshot, provisioned concurrency): the work lands in
 * the snapshot or before the first caller. An on-demand cold start runs its init while a caller waits, so there the
 * context creates only the beans a request asks for (creating every singleton, HTTP routing, security filters and
 * clients the route never uses among them, was a third of a {@code $connect} function's init CPU).
 */
public final class LambdaContexts {
    /** Set by Lambda's runtime: {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private LambdaContexts() {
    }

    /** The builder every function's handler starts its context with. */
    public static ApplicationContextBuilder builder() {
        return builder(System.getenv(INITIALIZATION_TYPE));
    }

    static ApplicationContextBuilder builder(String initializationType) {
        if (eager(initializationType)) {
            return new LambdaApplicationContextBuilder();
        }
        // the same environments; its eager flags cannot be turned off once its constructor has set them
        return ApplicationContext.builder().environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA);
    }

    /** Eager where the init phase runs ahead of traffic; lazy on demand and outside Lambda (tests, the local stack). */
    static boolean eager(String initializationType) {
        return initializationType != null && !initializationType.equals("on-demand");
    }
}
