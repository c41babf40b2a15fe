package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Plain HTTP requests become API Gateway REST (payload 1.0) events for the REST API's Lambda handler. */
final class RestProxy {
    private static final Logger LOG = LoggerFactory.getLogger(RestProxy.class);

    private final WebSocketGateway gateway;

    RestProxy(WebSocketGateway gateway) {
        this.gateway = gateway;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        gateway.invocations().execute(() -> {
            try {
                String sourceIp = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
                APIGatewayProxyResponseEvent response =
                        gateway.lambdas().rest(gateway.events().rest(request, sourceIp, gateway.clock().instant()));
                write(ctx, response, keepAlive);
            } catch (RuntimeException e) {
                LOG.error("REST handler failed", e);
                Http.json(ctx, keepAlive, 502, "{\"message\": \"Internal server error\"}");
            } finally {
                request.release();
            }
        });
    }

    /**
     * The response's headers as API Gateway merges them: every value of {@code multiValueHeaders}, then those of
     * {@code headers} not already there (a CORS preflight's allowed headers come as several values of one name).
     */
    static HttpHeaders headersOf(APIGatewayProxyResponseEvent response) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (response.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                header.getValue().forEach(value -> headers.add(header.getKey(), value));
            }
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if (!headers.contains(name, value, false)) {
                    headers.add(name, value);
                }
            });
        }
        return headers;
    }

    private static void write(ChannelHandlerContext ctx, APIGatewayProxyResponseEvent response, boolean keepAlive) {
        byte[] body = response.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded())
                        ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        http.headers().set(headersOf(response));
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(http);
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
