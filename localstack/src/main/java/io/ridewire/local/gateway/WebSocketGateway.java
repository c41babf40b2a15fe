package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local API Gateway WebSocket API. It reproduces the documented and observed behaviour: the handshake runs the
 * REQUEST authorizer and then {@code $connect} (a non-2xx from either refuses it with that status); messages are
 * routed on {@code $request.body.type} with a {@code $default} fallback; two-way routes send the handler's
 * response body back; a function past its Lambda timeout fails the integration; the management API at
 * {@code /@connections/{id}} posts, describes and closes connections (410 for unknown ids and for connections
 * whose {@code $connect} has not returned); quotas of 128 KB a message,
 * 32 KB a frame (close 1009), 10 min idle and 2 h lifetime apply. Each connection's outbound buffer is bounded:
 * over the bound a POST answers 429, and a connection that stays over it past a grace is closed with 4008 (see
 * docs/local-gateway.md). Plain HTTP requests go to the REST API handler.
 */
public final class WebSocketGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGateway.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Well under the DynamoDB client's pool of connections, which the other routes need too. */
    private static final int DISCONNECT_CONCURRENCY = 32;

    private final GatewaySettings settings;
    private final Lambdas lambdas;
    private final Clock clock;
    private final Map<String, LocalConnection> connections = new ConcurrentHashMap<>();
    private final List<GatewayListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * On AWS each concurrent {@code $disconnect} is a Lambda instance with its own HTTP connections; here they share
     * one context's pools, so a mass disconnect queues its invocations rather than time out waiting for a connection.
     */
    private final Semaphore disconnecting = new Semaphore(DISCONNECT_CONCURRENCY);
    private final Faults faults = new Faults();
    private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();
    private final Function<Map<String, String>, Optional<String>> tokenMinter;
    private final boolean devMode;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private int port;
    private Events events;
    private RouteSelector selector;

    /** A gateway in development mode (its {@code /_local/*} endpoints served). */
    public WebSocketGateway(GatewaySettings settings, Lambdas lambdas, Clock clock,
                            Function<Map<String, String>, Optional<String>> tokenMinter) {
        this(settings, lambdas, clock, tokenMinter, true);
    }

    /**
     * @param tokenMinter mints development tokens for {@code GET /_local/token} (empty: not available)
     * @param devMode     serve the emulator's own {@code /_local/*} endpoints (token minting, faults, stats); off,
     *                    they answer 404 as they would on AWS
     */
    public WebSocketGateway(GatewaySettings settings, Lambdas lambdas, Clock clock,
                            Function<Map<String, String>, Optional<String>> tokenMinter, boolean devMode) {
        this.settings = settings;
        this.lambdas = lambdas;
        this.clock = clock;
        this.tokenMinter = tokenMinter;
        this.devMode = devMode;
    }

    public WebSocketGateway start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        selector = new RouteSelector(lambdas::hasRoute);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("http", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(settings.maxMessageBytes() * 2))
                                .addLast("entry", new HttpEntry(WebSocketGateway.this));
                    }
                });
        serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        events = new Events(settings, settings.host() + ":" + port);
        LOG.info("gateway listening on ws://{}:{}", settings.host(), port);
        return this;
    }

    public int port() {
        return port;
    }

    /** Where apps connect. */
    public URI webSocketUri() {
        return URI.create("ws://" + settings.host() + ":" + port);
    }

    /** Where the management API client points: {@code http://host:port/{stage}}. */
    public URI managementEndpoint() {
        return URI.create("http://" + settings.host() + ":" + port + "/" + settings.stage());
    }

    /** Where the REST API is served. */
    public URI restEndpoint() {
        return URI.create("http://" + settings.host() + ":" + port);
    }

    public Faults faults() {
        return faults;
    }

    public void addListener(GatewayListener listener) {
        listeners.add(listener);
    }

    public void removeListener(GatewayListener listener) {
        listeners.remove(listener);
    }

    /** Connections whose handshake has completed. */
    public int openConnections() {
        return (int) connections.values().stream().filter(LocalConnection::isOpen).count();
    }

    GatewaySettings settings() {
        return settings;
    }

    Lambdas lambdas() {
        return lambdas;
    }

    Clock clock() {
        return clock;
    }

    Events events() {
        return events;
    }

    RouteSelector selector() {
        return selector;
    }

    ExecutorService invocations() {
        return invocations;
    }

    Function<Map<String, String>, Optional<String>> tokenMinter() {
        return tokenMinter;
    }

    boolean devMode() {
        return devMode;
    }

    Map<String, LocalConnection> connections() {
        return connections;
    }

    void notifyListeners(String routeKey, APIGatewayV2WebSocketEvent event) {
        for (GatewayListener listener : listeners) {
            try {
                listener.invoked(routeKey, event);
            } catch (RuntimeException e) {
                LOG.warn("gateway listener failed", e);
            }
        }
    }

    /** Invokes a route's function as API Gateway's integration does: it fails when the function's timeout passes. */
    APIGatewayV2WebSocketResponse invoke(String routeKey, APIGatewayV2WebSocketEvent event) {
        return FunctionTimeout.within(settings.routeTimeout(), () -> {
            pause(faults.takeDelay(routeKey));
            return lambdas.invoke(routeKey, event);
        });
    }

    IamPolicyResponseV1 authorize(APIGatewayCustomAuthorizerEvent event) {
        return FunctionTimeout.within(settings.authorizerTimeout(), () -> lambdas.authorize(event));
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped at its timeout", e);
        }
    }

    /** A connection's channel closed: forget it and run {@code $disconnect} once. */
    void closed(LocalConnection connection) {
        connections.remove(connection.id, connection);
        if (!connection.claimDisconnect()) {
            return;
        }
        invocations.execute(() -> {
            var event = events.disconnect(connection, clock.instant());
            notifyListeners("$disconnect", event);
            if (faults.takeDisconnectFailure()) {
                // as when the integration fails on AWS: $disconnect is not invoked again, the rows stay behind
                LOG.warn("$disconnect failed for {} (injected)", connection.id);
                return;
            }
            disconnecting.acquireUninterruptibly();
            try {
                invoke("$disconnect", event);
            } catch (RuntimeException e) {
                LOG.error("$disconnect failed for {}", connection.id, e);
            } finally {
                disconnecting.release();
            }
        });
    }

    /** A new connection id in API Gateway's form: 16 characters, base64 with padding. */
    static String newConnectionId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        for (LocalConnection connection : connections.values()) {
            connection.close(1001, "Going away");
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        invocations.shutdown();
        try {
            // the $disconnects of the connections just closed run before what they write to is stopped
            invocations.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
