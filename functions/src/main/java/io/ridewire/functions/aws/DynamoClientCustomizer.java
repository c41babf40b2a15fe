package io.ridewire.functions.aws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.time.Duration;

/**
 * Adds to the DynamoDB client builder of micronaut-aws-sdk-v2 the call counter, the attempt and call timeouts
 * ({@code ridewire.aws.dynamodb-attempt-timeout}, {@code ridewire.aws.dynamodb-call-timeout}: without them a DynamoDB
 * that stops answering holds a handler for the HTTP client's socket timeout times the SDK's retries) and, when
 * {@code ridewire.aws.dynamodb-endpoint} is set, its endpoint (the project's name for
 * {@code aws.services.dynamodb.endpoint-override}, which works as well).
 */
@Singleton
final class DynamoClientCustomizer implements BeanCreatedEventListener<DynamoDbClientBuilder> {
    private final AwsSettings settings;
    private final DynamoCallCounter counter;

    DynamoClientCustomizer(AwsSettings settings, DynamoCallCounter counter) {
        this.settings = settings;
        this.counter = counter;
    }

    @Override
    public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
        Duration attempt = settings.getDynamodbAttemptTimeout();
        Duration call = settings.getDynamodbCallTimeout();
        if (!attempt.isPositive() || !call.isPositive() || attempt.compareTo(call) > 0) {
            throw new ConfigurationException("ridewire.aws.dynamodb-attempt-timeout (" + attempt
                    + ") and ridewire.aws.dynamodb-call-timeout (" + call
                    + ") must be positive, the attempt timeout no longer than the call timeout");
        }
        DynamoDbClientBuilder builder = event.getBean();
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(counter)
                .apiCallAttemptTimeout(attempt)
                .apiCallTimeout(call)
                .build());
        settings.getDynamodbEndpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
