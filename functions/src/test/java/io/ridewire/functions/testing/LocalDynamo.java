package io.ridewire.functions.testing;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * DynamoDB Local in this JVM, in memory, reached over HTTP by the ordinary AWS SDK client (the local stack starts it
 * the same way). Needs {@code sqlite4java.library.path}: the build copies the native library to target/native.
 */
final class LocalDynamo implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamo(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static LocalDynamo start() {
        if (System.getProperty("sqlite4java.library.path") == null) {
            throw new IllegalStateException("set -Dsqlite4java.library.path to the folder holding "
                    + "libsqlite4java-linux-amd64.so (the build copies it to functions/target/native)");
        }
        try {
            int port = freePort();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            return new LocalDynamo(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local failed to start", e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping an in-memory server loses nothing
        }
    }
}
