package io.ridewire.functions.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import io.ridewire.model.protocol.Ids;
import io.ridewire.model.protocol.InvalidMessage;

import java.util.Map;

/**
 * The REST side of the input bounds: every path variable ({@code /orders/{id}}, {@code /wallets/{user}}) and the
 * {@code Idempotency-Key} header must be a well-formed id ({@link Ids}) before any controller can use it as a key;
 * otherwise 400 with the validation body (TOO_LONG, INVALID_CHARACTERS). Bodies are bounded by {@code Fields}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RestInputBounds implements Ordered {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final InvalidMessageHandler invalid;

    public RestInputBounds(InvalidMessageHandler invalid) {
        this.invalid = invalid;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        try {
            RouteAttributes.getRouteMatch(request)
                    .filter(UriRouteMatch.class::isInstance)
                    .map(match -> ((UriRouteMatch<?, ?>) match).getVariableValues())
                    .orElse(Map.of())
                    .forEach((name, value) -> Ids.check(name, String.valueOf(value)));
            String key = request.getHeaders().get(IDEMPOTENCY_KEY);
            if (key != null && !key.isBlank()) {
                Ids.check(IDEMPOTENCY_KEY, key);
            }
            return null;
        } catch (InvalidMessage bad) {
            return invalid.handle(request, bad);
        }
    }

    /** After the rate limit, so malformed requests still count against it. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 1;
    }
}
