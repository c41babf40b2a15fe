package io.ridewire.functions.aws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Adds to the DynamoDB client builder of micronaut-aws-sdk-v2 the call counter and, when
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
        DynamoDbClientBuilder builder = event.getBean();
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder().addExecutionInterceptor(counter).build());
        settings.getDynamodbEndpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
