package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds Lambda events in the shapes API Gateway sends for WebSocket routes, the authorizer and REST. */
final class Events {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String ACCOUNT = "000000000000";

    private final GatewaySettings settings;
    private final String domainName;

    Events(GatewaySettings settings, String domainName) {
        this.settings = settings;
        this.domainName = domainName;
    }

    /** {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}. */
    String connectArn() {
        return "arn:aws:execute-api:" + settings.region() + ":" + ACCOUNT + ":" + settings.apiId() + "/"
                + settings.stage() + "/$connect";
    }

    APIGatewayCustomAuthorizerEvent authorizer(FullHttpRequest request, String connectionId, String sourceIp) {
        APIGatewayCustomAuthorizerEvent event = new APIGatewayCustomAuthorizerEvent();
        event.setType("REQUEST");
        event.setMethodArn(connectArn());
        event.setHeaders(headers(request));
        event.setQueryStringParameters(query(request));
        event.setStageVariables(Map.of());
        APIGatewayCustomAuthorizerEvent.RequestContext context = new APIGatewayCustomAuthorizerEvent.RequestContext();
        context.setAccountId(ACCOUNT);
        context.setApiId(settings.apiId());
        context.setStage(settings.stage());
        context.setRequestId(UUID.randomUUID().toString());
        APIGatewayCustomAuthorizerEvent.Identity identity = new APIGatewayCustomAuthorizerEvent.Identity();
        identity.setSourceIp(sourceIp);
        context.setIdentity(identity);
        event.setRequestContext(context);
        return event;
    }

    APIGatewayV2WebSocketEvent connect(LocalConnection connection, FullHttpRequest request, Instant now) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setHeaders(headers(request));
        event.setMultiValueHeaders(multiHeaders(request));
        Map<String, String> query = query(request);
        if (!query.isEmpty()) {
            event.setQueryStringParameters(query);
            event.setMultiValueQueryStringParameters(multiQuery(request));
        }
        event.setIsBase64Encoded(false);
        event.setRequestContext(context(new APIGatewayV2WebSocketEvent.RequestContext(), connection, "$connect",
                "CONNECT", now, null));
        return event;
    }

    APIGatewayV2WebSocketEvent message(LocalConnection connection, String routeKey, String body, Instant now) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRequestContext(context(new APIGatewayV2WebSocketEvent.RequestContext(), connection, routeKey,
                "MESSAGE", now, newMessageId()));
        return event;
    }

    APIGatewayV2WebSocketEvent disconnect(LocalConnection connection, Instant now) {
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setHeaders(Map.of("Host", domainName, "x-api-key", "", "X-Forwarded-For", "",
                "x-restapi", ""));
        event.setIsBase64Encoded(false);
        DisconnectRequestContext context = new DisconnectRequestContext();
        context.setDisconnectStatusCode(connection.closeCode());
        context.setDisconnectReason(connection.closeReason());
        event.setRequestContext(context(context, connection, "$disconnect", "DISCONNECT", now, null));
        return event;
    }

    private APIGatewayV2WebSocketEvent.RequestContext context(APIGatewayV2WebSocketEvent.RequestContext context,
                                                              LocalConnection connection, String routeKey,
                                                              String eventType, Instant now, String messageId) {
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setMessageDirection("IN");
        context.setMessageId(messageId);
        context.setExtendedRequestId(UUID.randomUUID().toString());
        context.setRequestId(UUID.randomUUID().toString());
        context.setRequestTime(REQUEST_TIME.format(now));
        context.setRequestTimeEpoch(now.toEpochMilli());
        context.setStage(settings.stage());
        context.setApiId(settings.apiId());
        context.setDomainName(domainName);
        context.setConnectionId(connection.id);
        context.setConnectedAt(connection.connectedAt.toEpochMilli());
        APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp(connection.sourceIp);
        identity.setUserAgent(connection.userAgent);
        context.setIdentity(identity);
        context.setAuthorizer(connection.authorizer);
        return context;
    }

    APIGatewayProxyRequestEvent rest(FullHttpRequest request, String sourceIp, Instant now) {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setHttpMethod(request.method().name());
        event.setPath(decoder.path());
        event.setResource("/{proxy+}");
        event.setPathParameters(Map.of("proxy", decoder.path().substring(1)));
        event.setHeaders(headers(request));
        event.setMultiValueHeaders(multiHeaders(request));
        Map<String, String> query = query(request);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setMultiValueQueryStringParameters(query.isEmpty() ? null : multiQuery(request));
        if (request.content().isReadable()) {
            event.setBody(request.content().toString(StandardCharsets.UTF_8));
        }
        event.setIsBase64Encoded(false);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setAccountId(ACCOUNT);
        context.setApiId(settings.apiId());
        context.setStage(settings.stage());
        context.setHttpMethod(request.method().name());
        context.setPath("/" + settings.stage() + decoder.path());
        context.setResourcePath("/{proxy+}");
        context.setRequestId(UUID.randomUUID().toString());
        context.setRequestTimeEpoch(now.toEpochMilli());
        context.setRequestTime(REQUEST_TIME.format(now));
        context.setDomainName(domainName);
        context.setProtocol("HTTP/1.1");
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp(sourceIp);
        identity.setUserAgent(request.headers().get("User-Agent"));
        context.setIdentity(identity);
        event.setRequestContext(context);
        return event;
    }

    private static String newMessageId() {
        return UUID.randomUUID().toString().substring(0, 16);
    }

    static Map<String, String> headers(FullHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.merge(header.getKey(), header.getValue(), (a, b) -> a + "," + b);
        }
        return headers;
    }

    private static Map<String, List<String>> multiHeaders(FullHttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
        }
        return headers;
    }

    static Map<String, String> query(FullHttpRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        new QueryStringDecoder(request.uri()).parameters().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.get(values.size() - 1));
            }
        });
        return query;
    }

    private static Map<String, List<String>> multiQuery(FullHttpRequest request) {
        return new LinkedHashMap<>(new QueryStringDecoder(request.uri()).parameters());
    }
}
