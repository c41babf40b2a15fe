package io.ridewire.functions.jvm;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaContextsTest {

    @Test
    void everySingletonUpFront_onlyWhereInitRunsAheadOfTraffic() {
        assertThat(LambdaContexts.eager("snap-start")).isTrue();
        assertThat(LambdaContexts.eager("provisioned-concurrency")).isTrue();
        assertThat(LambdaContexts.eager("on-demand")).isFalse();
        assertThat(LambdaContexts.eager(null)).as("outside Lambda").isFalse();
        assertThat(LambdaContexts.builder("snap-start")).isInstanceOf(LambdaApplicationContextBuilder.class);
    }

    @Test
    void onDemand_aSingletonIsCreatedWhenFirstAskedFor_inTheLambdaEnvironments() {
        Counted.created.set(0);
        try (ApplicationContext context = LambdaContexts.builder("on-demand").start()) {
            assertThat(Counted.created).as("created by the start").hasValue(0);
            assertThat(context.getEnvironment().getActiveNames()).contains("function", "lambda");

            context.getBean(Counted.class);

            assertThat(Counted.created).hasValue(1);
        }
    }

    @Singleton
    static class Counted {
        static final AtomicInteger created = new AtomicInteger();

        Counted() {
            created.incrementAndGet();
        }
    }
}
