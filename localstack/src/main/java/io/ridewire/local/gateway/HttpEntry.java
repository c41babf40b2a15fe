package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of every TCP connection: a WebSocket upgrade runs the handshake (authorizer, then
 * {@code $connect}); {@code /@connections/…} is the management API; {@code /_local/…} are the emulator's own
 * endpoints (development mode only); everything else is the REST API.
 */
final class HttpEntry extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEntry.class);

    private final WebSocketGateway gateway;
    private final ManagementApi management;
    private final RestProxy rest;

    HttpEntry(WebSocketGateway gateway) {
        this.gateway = gateway;
        this.management = new ManagementApi(gateway);
        this.rest = new RestProxy(gateway);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            Http.json(ctx, false, 400, "{\"message\":\"Bad Request\"}");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (isUpgrade(request)) {
            if (!isValidHandshake(request)) {
                // refused before the authorizer: $connect must not run (and replace a session) for a socket never opened
                Http.respond(ctx, false, 400, "application/json", "{\"message\":\"Bad Request\"}",
                        Map.of(HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString(), "13"));
                return;
            }
            handshake(ctx, request.retain());
        } else if (ManagementApi.matches(path, gateway.settings().stage())) {
            management.handle(ctx, request.retain(), path, keepAlive);
        } else if (path.startsWith("/_local/")) {
            if (gateway.devMode()) {
                LocalEndpoints.handle(gateway, ctx, request, path, keepAlive);
            } else {
                Http.json(ctx, keepAlive, 404, "{\"error\":\"not_found\"}");
            }
        } else {
            rest.handle(ctx, request.retain(), keepAlive);
        }
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** RFC 6455 §4.2.1 as API Gateway serves it: a GET with a key, version 13 (the version a 400 names, §4.4). */
    private static boolean isValidHandshake(FullHttpRequest request) {
        return HttpMethod.GET.equals(request.method())
                && request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)
                && "13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request) {
        gateway.invocations().execute(() -> {
            boolean handedOver = false;
            try {
                handedOver = authorizeAndConnect(ctx, request);
            } catch (RuntimeException e) {
                LOG.error("handshake failed", e);
                Http.json(ctx, false, 500, "{\"message\":\"Internal server error\"}");
            } finally {
                if (!handedOver) {
                    request.release();
                }
            }
        });
    }

    /** Runs the authorizer and {@code $connect}; true when the request was handed to the WebSocket handshake. */
    private boolean authorizeAndConnect(ChannelHandlerContext ctx, FullHttpRequest request) {
        String connectionId = WebSocketGateway.newConnectionId();
        String sourceIp = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        Map<String, Object> authorizer;
        try {
            IamPolicyResponseV1 policy = gateway.authorize(gateway.events().authorizer(request, connectionId, sourceIp));
            if (!allows(policy)) {
                Http.json(ctx, false, 403, "{\"message\":\"Forbidden\"}");
                return false;
            }
            authorizer = new HashMap<>(policy.getContext() == null ? Map.of() : policy.getContext());
            authorizer.put("principalId", policy.getPrincipalId());
            authorizer.put("integrationLatency", 0);
        } catch (RuntimeException e) {
            // API Gateway maps an authorizer failing with "Unauthorized" to 401 and any other failure to 500
            boolean unauthorized = "Unauthorized".equals(e.getMessage());
            if (!unauthorized) {
                LOG.error("authorizer failed", e);
            }
            Http.json(ctx, false, unauthorized ? 401 : 500,
                    unauthorized ? "{\"message\":\"Unauthorized\"}" : "{\"message\":\"Internal server error\"}");
            return false;
        }
        Instant connectedAt = gateway.clock().instant();
        LocalConnection connection = new LocalConnection(connectionId, ctx.channel(), connectedAt, sourceIp,
                request.headers().get(HttpHeaderNames.USER_AGENT), Map.copyOf(authorizer));
        gateway.connections().put(connectionId, connection);
        APIGatewayV2WebSocketResponse response;
        try {
            var event = gateway.events().connect(connection, request, connectedAt);
            gateway.notifyListeners("$connect", event);
            response = gateway.invoke("$connect", event);
        } catch (RuntimeException e) {
            gateway.connections().remove(connectionId);
            LOG.error("$connect failed", e);
            Http.json(ctx, false, 500, "{\"message\":\"Internal server error\"}");
            return false;
        }
        int status = response == null ? 200 : response.getStatusCode();
        if (status < 200 || status > 299) {
            gateway.connections().remove(connectionId);
            Http.json(ctx, false, status, "{\"message\":\"Connection refused\"}");
            return false;
        }
        // from here on the connection exists for the handlers: however it ends, $disconnect follows
        ctx.channel().closeFuture().addListener(closed -> gateway.closed(connection));
        ctx.channel().eventLoop().execute(() -> upgrade(ctx, request, connection));
        return true;
    }

    private static boolean allows(IamPolicyResponseV1 policy) {
        if (policy == null || policy.getPolicyDocument() == null) {
            return false;
        }
        Object statements = policy.getPolicyDocument().get("Statement");
        if (!(statements instanceof Object[] || statements instanceof List<?>)) {
            return false;
        }
        Iterable<?> list = statements instanceof Object[] array ? List.of(array) : (List<?>) statements;
        boolean allowed = false;
        for (Object statement : list) {
            if (statement instanceof Map<?, ?> map) {
                if ("Deny".equals(map.get("Effect"))) {
                    return false;
                }
                allowed |= "Allow".equals(map.get("Effect"));
            }
        }
        return allowed;
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, LocalConnection connection) {
        try {
            GatewaySettings settings = gateway.settings();
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri(), null, true,
                    settings.maxFrameBytes()).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                        .addListener(f -> ctx.channel().close());
                return;
            }
            FrameHandler frames = new FrameHandler(gateway, connection, handshaker);
            ctx.pipeline().remove(this);
            handshaker.handshake(ctx.channel(), request).addListener(done -> {
                if (!done.isSuccess()) {
                    ctx.channel().close();
                    return;
                }
                // the bound of unsent bytes: over the high mark the channel turns unwritable (POSTs answer 429)
                ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                        settings.outboundBufferBytes() / 2, settings.outboundBufferBytes()));
                ctx.pipeline()
                        .addLast("slow-consumer", new SlowConsumerGuard(connection, settings.slowConsumerGrace()))
                        .addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                        // invalid UTF-8 reaches FrameHandler as an exception, which closes with 1007
                        .addLast("utf8", new Utf8FrameValidator(false))
                        .addLast("messages", new WebSocketFrameAggregator(settings.maxMessageBytes()))
                        .addLast("frames", frames);
                connection.markOpen();
                ScheduledFuture<?> lifetime = ctx.channel().eventLoop().schedule(
                        () -> connection.close(1001, "Going away"),
                        settings.maxConnectionDuration().toMillis(), TimeUnit.MILLISECONDS);
                // left queued, the timer would hold the closed connection, its channel and context for up to 2 h
                ctx.channel().closeFuture().addListener(closed -> lifetime.cancel(false));
            });
        } catch (RuntimeException e) {
            // left to the event loop, it would close nothing: the client would hang and $disconnect never run
            LOG.error("WebSocket handshake failed for {}", connection.id, e);
            ctx.channel().close();
        } finally {
            request.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection error: {}", cause.toString());
        ctx.close();
    }
}
