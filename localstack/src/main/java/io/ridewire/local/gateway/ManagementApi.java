package io.ridewire.local.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The connection management API: {@code POST|GET|DELETE /{stage}/@connections/{id}} (the stage may be left out).
 * Unknown ids and connections whose handshake has not completed answer 410 {@code GoneException}, as API Gateway
 * does; the error type travels in {@code x-amzn-ErrorType}, where the AWS SDK reads it. A POST answers as soon as
 * the frame is queued on the connection; while the connection's outbound buffer is over its bound it answers 429
 * {@code LimitExceededException} ("the WebSocket client side buffer is full", in AWS's words) and queues nothing.
 */
final class ManagementApi {
    private static final String SEGMENT = "/@connections/";

    private final WebSocketGateway gateway;

    ManagementApi(WebSocketGateway gateway) {
        this.gateway = gateway;
    }

    static boolean matches(String path, String stage) {
        return path.startsWith(SEGMENT) || path.startsWith("/" + stage + SEGMENT);
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean keepAlive) {
        try {
            String connectionId = QueryStringDecoder.decodeComponent(path.substring(path.indexOf(SEGMENT) + SEGMENT.length()));
            LocalConnection connection = gateway.connections().get(connectionId);
            HttpMethod method = request.method();
            if (HttpMethod.POST.equals(method) || HttpMethod.DELETE.equals(method)) {
                int fault = HttpMethod.POST.equals(method) ? gateway.faults().takePostFailure()
                        : gateway.faults().takeDeleteFailure();
                if (fault != 0) {
                    Http.awsError(ctx, keepAlive, fault, fault == 429 ? "LimitExceededException" : "InternalServerErrorException",
                            "injected failure");
                    return;
                }
            }
            if (connection == null || !connection.isOpen()) {
                Http.awsError(ctx, keepAlive, 410, "GoneException", "");
                return;
            }
            if (HttpMethod.POST.equals(method)) {
                post(ctx, request, connection, keepAlive);
            } else if (HttpMethod.GET.equals(method)) {
                describe(ctx, connection, keepAlive);
            } else if (HttpMethod.DELETE.equals(method)) {
                connection.close(1000, "");
                Http.respond(ctx, keepAlive, 204, null, null, Map.of());
            } else {
                Http.awsError(ctx, keepAlive, 405, "MethodNotAllowedException", "method not allowed");
            }
        } finally {
            request.release();
        }
    }

    private void post(ChannelHandlerContext ctx, FullHttpRequest request, LocalConnection connection, boolean keepAlive) {
        int size = request.content().readableBytes();
        if (size > gateway.settings().maxMessageBytes()) {
            Http.awsError(ctx, keepAlive, 413, "PayloadTooLargeException", "Message too long");
            return;
        }
        // accepted means queued on the connection, as in API Gateway: the answer does not wait for the client to read
        if (connection.offer(request.content().retainedDuplicate())) {
            Http.respond(ctx, keepAlive, 200, null, null, Map.of());
        } else {
            Http.awsError(ctx, keepAlive, 429, "LimitExceededException", "the connection's outbound buffer is full");
        }
    }

    private static void describe(ChannelHandlerContext ctx, LocalConnection connection, boolean keepAlive) {
        String body = "{\"connectedAt\":\"" + DateTimeFormatter.ISO_INSTANT.format(connection.connectedAt)
                + "\",\"identity\":{\"sourceIp\":" + Http.quote(connection.sourceIp)
                + ",\"userAgent\":" + Http.quote(connection.userAgent == null ? "" : connection.userAgent)
                + "},\"lastActiveAt\":\"" + DateTimeFormatter.ISO_INSTANT.format(connection.lastActiveAt()) + "\"}";
        Http.json(ctx, keepAlive, 200, body);
    }
}
