package io.ridewire.functions.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the AWS SDK clients point. In AWS every endpoint is left empty; locally they are re-pointed at DynamoDB
 * Local and the gateway emulator, with no other code path differing.
 */
@ConfigurationProperties("ridewire.aws")
public interface AwsSettings {

    @Bindable(defaultValue = "us-east-1")
    @NotBlank
    String getRegion();

    /** DynamoDB endpoint override ({@code RIDEWIRE_AWS_DYNAMODB_ENDPOINT}), for DynamoDB Local. */
    Optional<URI> getDynamodbEndpoint();

    /**
     * The WebSocket API's connection management endpoint, {@code https://{api-id}.execute-api.{region}.amazonaws.com/{stage}}
     * ({@code RIDEWIRE_AWS_MANAGEMENT_ENDPOINT}).
     */
    Optional<URI> getManagementEndpoint();

    /** Use fixed dummy credentials (local stack only: DynamoDB Local and the emulator accept any signature). */
    @Bindable(defaultValue = "false")
    boolean isLocalCredentials();

    /** Most connections each HTTP client keeps open, bounding parallel posts. */
    @Bindable(defaultValue = "128")
    int getMaxConnections();

    /** The management API's HTTP client ({@code RIDEWIRE_AWS_HTTP_CLIENT}): crt, netty or apache. */
    @Bindable(defaultValue = "crt")
    HttpClientKind getHttpClient();

    /**
     * Longest one management API call may take ({@code RIDEWIRE_AWS_MANAGEMENT_TIMEOUT}): a gateway that has not
     * accepted a frame by then is treated as a failed post, not waited on.
     */
    @Bindable(defaultValue = "3s")
    Duration getManagementTimeout();

    /**
     * Longest one attempt of a DynamoDB call may take ({@code RIDEWIRE_AWS_DYNAMODB_ATTEMPT_TIMEOUT}) before the SDK
     * abandons it and retries: DynamoDB answers in milliseconds, so an attempt this slow (waiting for a pooled
     * connection included) has gone dark; generous, since a retried write may already have been applied.
     */
    @Bindable(defaultValue = "4s")
    Duration getDynamodbAttemptTimeout();

    /**
     * Longest one DynamoDB call may take, retries included ({@code RIDEWIRE_AWS_DYNAMODB_CALL_TIMEOUT}): then it
     * fails, leaving the handler time to answer with an error within its Lambda timeout.
     */
    @Bindable(defaultValue = "8s")
    Duration getDynamodbCallTimeout();

    /** The HTTP clients of the official SDK the management API can use. */
    enum HttpClientKind {
        /** AWS CRT, asynchronous: the least CPU per POST. */
        CRT,
        /** Netty NIO, asynchronous. */
        NETTY,
        /** Apache, synchronous (one virtual thread per call in flight). */
        APACHE
    }
}
