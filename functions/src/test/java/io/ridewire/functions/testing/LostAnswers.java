package io.ridewire.functions.testing;

import io.micronaut.context.ApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A DynamoDB Local client whose answers to the first {@code answers} matching requests turn into 500s on the way
 * back, after DynamoDB applied them: the SDK sends again what was already done, as when an answer is lost in AWS.
 */
public final class LostAnswers {
    private LostAnswers() {
    }

    /** {@code lost} counts the answers lost so far. */
    public static DynamoDbClient client(ApplicationContext context, Predicate<SdkRequest> matching, int answers,
                                        AtomicInteger lost) {
        ExecutionInterceptor loseAnswers = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse call, ExecutionAttributes attributes) {
                return matching.test(call.request()) && lost.getAndUpdate(n -> n < answers ? n + 1 : n) < answers
                        ? call.httpResponse().toBuilder().statusCode(500).build()
                        : call.httpResponse();
            }
        };
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(context.getRequiredProperty("ridewire.aws.dynamodb-endpoint", String.class)))
                .region(Region.US_EAST_1)
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(loseAnswers))
                .build();
    }
}
