package io.ridewire.functions.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The management API over the synchronous SDK client (Apache): one virtual thread per call in flight. */
final class SyncManagementApi implements ManagementApi, AutoCloseable {
    private final ApiGatewayManagementApiClient client;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    SyncManagementApi(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> post(String connectionId, byte[] frame) {
        return CompletableFuture.runAsync(() -> client.postToConnection(b -> b.connectionId(connectionId)
                .data(SdkBytes.fromByteArrayUnsafe(frame))), calls);
    }

    @Override
    public CompletableFuture<Void> delete(String connectionId) {
        return CompletableFuture.runAsync(() -> client.deleteConnection(b -> b.connectionId(connectionId)), calls);
    }

    @Override
    public CompletableFuture<Void> describe(String connectionId) {
        return CompletableFuture.runAsync(() -> client.getConnection(b -> b.connectionId(connectionId)), calls);
    }

    @Override
    public void close() {
        calls.shutdown();
        client.close();
    }
}
