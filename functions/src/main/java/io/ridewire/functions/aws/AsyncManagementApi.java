package io.ridewire.functions.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

import java.util.concurrent.CompletableFuture;

/** The management API over an asynchronous SDK client (CRT or Netty): no thread waits for a POST. */
final class AsyncManagementApi implements ManagementApi, AutoCloseable {
    private final ApiGatewayManagementApiAsyncClient client;

    AsyncManagementApi(ApiGatewayManagementApiAsyncClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> post(String connectionId, byte[] frame) {
        return client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(frame)))
                .thenApply(response -> null);
    }

    @Override
    public CompletableFuture<Void> delete(String connectionId) {
        return client.deleteConnection(b -> b.connectionId(connectionId)).thenApply(response -> null);
    }

    @Override
    public CompletableFuture<Void> describe(String connectionId) {
        return client.getConnection(b -> b.connectionId(connectionId)).thenApply(response -> null);
    }

    @Override
    public void close() {
        client.close();
    }
}
