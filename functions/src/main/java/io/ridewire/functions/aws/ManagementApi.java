package io.ridewire.functions.aws;

import java.util.concurrent.CompletableFuture;

/**
 * The gateway's management API as delivery uses it, asynchronously whichever HTTP client carries it:
 * POST, GET and DELETE {@code @connections/{id}}. A 410 completes exceptionally with the SDK's {@code GoneException}.
 */
public interface ManagementApi {

    CompletableFuture<Void> post(String connectionId, byte[] frame);

    CompletableFuture<Void> delete(String connectionId);

    /** GET {@code @connections/{id}}: completes when the gateway knows the connection as open (410: gone). */
    CompletableFuture<Void> describe(String connectionId);
}
