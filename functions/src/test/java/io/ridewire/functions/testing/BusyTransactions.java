package io.ridewire.functions.testing;

import io.micronaut.context.ApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.net.URI;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB Local client whose first {@code transactions} {@code TransactWriteItems} are cancelled for a conflict,
 * nothing of them applied, as DynamoDB cancels a transaction while another one is writing one of its items.
 */
public final class BusyTransactions {
    private BusyTransactions() {
    }

    /** {@code cancelled} counts the transactions cancelled so far. */
    public static DynamoDbClient client(ApplicationContext context, int transactions, AtomicInteger cancelled) {
        ExecutionInterceptor conflict = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution call, ExecutionAttributes attributes) {
                if (call.request() instanceof TransactWriteItemsRequest request
                        && cancelled.getAndUpdate(n -> n < transactions ? n + 1 : n) < transactions) {
                    throw TransactionCanceledException.builder().message("Transaction cancelled (test conflict)")
                            .cancellationReasons(Collections.nCopies(request.transactItems().size(),
                                    CancellationReason.builder().code("TransactionConflict").build()))
                            .build();
                }
            }
        };
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(context.getRequiredProperty("ridewire.aws.dynamodb-endpoint", String.class)))
                .region(Region.US_EAST_1)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(conflict))
                .build();
    }
}
