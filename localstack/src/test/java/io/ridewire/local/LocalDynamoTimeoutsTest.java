package io.ridewire.local;

import io.ridewire.functions.aws.AwsSettings;
import io.ridewire.local.gateway.GatewaySettings;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB Local queues every call on one thread, so the stack gives a DynamoDB call more time than the deployed 4 s
 * attempt (a burst of 1,000 {@code order:join}s failed on it), yet less than the route's own timeout, and the
 * processes it configures (a Lambda jar's JVM) get the same.
 */
class LocalDynamoTimeoutsTest {

    @Test
    void aDynamoDbCallMayWaitForDynamoDbLocalsQueue_withinTheRoutesTimeout() {
        LocalStack stack = TestStacks.shared();
        AwsSettings aws = stack.context().getBean(AwsSettings.class);
        Duration route = GatewaySettings.defaults().routeTimeout();

        assertThat(aws.getDynamodbAttemptTimeout()).isGreaterThan(Duration.ofSeconds(4))
                .isEqualTo(LocalStack.LOCAL_DYNAMODB_ATTEMPT_TIMEOUT);
        assertThat(aws.getDynamodbCallTimeout()).isGreaterThanOrEqualTo(aws.getDynamodbAttemptTimeout())
                .isLessThan(route);
        assertThat(stack.environmentForProcesses()).containsEntry("RIDEWIRE_AWS_DYNAMODB_ATTEMPT_TIMEOUT", "8s")
                .containsEntry("RIDEWIRE_AWS_DYNAMODB_CALL_TIMEOUT", "9s");
    }
}
