package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.timeout.IdleStateEvent;
import io.ridewire.deployment.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * Frames of an open connection: each text message is routed and handed to its handler on a virtual thread; a
 * two-way route's response body goes back to the client. A binary message closes the connection with 1003 and
 * invokes nothing, as API Gateway does. Oversize frames or messages close the connection with 1009, a text frame
 * that is not UTF-8 with 1007 (RFC 6455 §8.1), idleness with 1001.
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    private final WebSocketGateway gateway;
    private final LocalConnection connection;
    private final WebSocketServerHandshaker handshaker;

    FrameHandler(WebSocketGateway gateway, LocalConnection connection, WebSocketServerHandshaker handshaker) {
        this.gateway = gateway;
        this.connection = connection;
        this.handshaker = handshaker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> message(text.text());
            // API Gateway takes no binary frames from clients: it disconnects with 1003 and invokes no route
            case BinaryWebSocketFrame binary -> connection.close(1003, "Binary frames are not supported");
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> {
                connection.recordClose(close.statusCode() < 0 ? 1005 : close.statusCode(), close.reasonText());
                handshaker.close(ctx.channel(), close.retain());
            }
            default -> {
                // pong: nothing to do
            }
        }
    }

    private void message(String body) {
        if (!connection.isOpen()) {
            // the server is closing it (a binary frame, idleness, a DELETE): what follows reaches no route
            return;
        }
        Instant now = gateway.clock().instant();
        connection.touch(now);
        String routeKey = gateway.selector().select(body);
        gateway.invocations().execute(() -> invoke(routeKey, body, now));
    }

    private void invoke(String routeKey, String body, Instant now) {
        var event = gateway.events().message(connection, routeKey, body, now);
        gateway.notifyListeners(routeKey, event);
        APIGatewayV2WebSocketResponse response;
        try {
            response = gateway.invoke(routeKey, event);
        } catch (RuntimeException e) {
            LOG.error("route {} failed", routeKey, e);
            // what API Gateway sends when the integration fails
            connection.send("{\"message\": \"Internal server error\", \"connectionId\":\"" + connection.id
                    + "\", \"requestId\":\"" + event.getRequestContext().getRequestId() + "\"}");
            return;
        }
        boolean twoWay = gateway.lambdas().route(routeKey).map(Route::returnResponse).orElse(false);
        if (twoWay && response != null && response.getBody() != null && !response.getBody().isEmpty()
                && connection.isOpen()) {
            connection.send(response.getBody());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            connection.close(1001, "Going away");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException
                || cause instanceof CorruptedWebSocketFrameException c && c.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
            connection.close(1009, "Message too big");
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException c && c.closeStatus() == WebSocketCloseStatus.INVALID_PAYLOAD_DATA) {
            connection.close(1007, "Invalid UTF-8");
            return;
        }
        if (cause instanceof CorruptedFrameException) {
            connection.close(1002, "Protocol error");
            return;
        }
        if (cause instanceof IOException) {
            // the transport broke (a reset, say): no close frame came, so $disconnect reports 1006 as for a lost FIN
            LOG.debug("connection {} lost: {}", connection.id, cause.toString());
            ctx.close();
            return;
        }
        LOG.debug("connection {} error: {}", connection.id, cause.toString());
        connection.close(1011, "Internal error");
    }
}
