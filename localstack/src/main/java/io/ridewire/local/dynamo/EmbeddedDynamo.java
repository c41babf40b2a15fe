package io.ridewire.local.dynamo;

import io.ridewire.local.FreePorts;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.net.URI;

/**
 * DynamoDB Local running inside this JVM (in memory, one shared database, its telemetry off), reached over HTTP by
 * the ordinary AWS SDK client with an endpoint override. Needs {@code sqlite4java.library.path} to point at the native
 * library the build copies to {@code localstack/target/native}.
 */
public final class EmbeddedDynamo implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private EmbeddedDynamo(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedDynamo start() {
        return start(null);
    }

    /** In memory, or (with {@code dataDir}) keeping every table in a SQLite file there across restarts. */
    public static EmbeddedDynamo start(java.nio.file.Path dataDir) {
        if (System.getProperty("sqlite4java.library.path") == null) {
            throw new IllegalStateException("set -Dsqlite4java.library.path to the folder holding "
                    + "libsqlite4java-linux-amd64.so (the build copies it to localstack/target/native)");
        }
        int port = FreePorts.next();
        try {
            java.nio.file.Path dir = dataDir == null ? null : java.nio.file.Files.createDirectories(dataDir);
            // without -disableTelemetry it writes an installation id to the working directory and reports to AWS
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(dir == null
                    ? new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)}
                    : new String[] {"-dbPath", dir.toString(), "-sharedDb", "-disableTelemetry",
                            "-port", Integer.toString(port)});
            server.start();
            return new EmbeddedDynamo(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local failed to start", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
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
