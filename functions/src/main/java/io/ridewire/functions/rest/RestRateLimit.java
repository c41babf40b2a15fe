package io.ridewire.functions.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import io.ridewire.functions.ratelimit.RateLimiter;

/**
 * REST rate limits per user and route, with the WebSocket's limiter and settings: the route is named
 * {@code METHOD /template} ({@code POST /orders}, {@code GET /orders/{id}}) and may have its own override.
 * Over the limit: 429 with {@code Retry-After} and the usual JSON error body. Anonymous routes (health) are not
 * limited here.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RestRateLimit implements Ordered {
    private final RateLimiter limiter;

    public RestRateLimit(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        Authentication user = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class).orElse(null);
        if (user == null || user.getName() == null) {
            return null;
        }
        String route = request.getMethodName() + " " + RouteAttributes.getRouteInfo(request)
                .filter(UriRouteInfo.class::isInstance)
                .map(info -> ((UriRouteInfo<?, ?>) info).getUriMatchTemplate().toString())
                .orElse(request.getPath());
        RateLimiter.Decision decision = limiter.check(user.getName(), route);
        if (decision.allowed()) {
            return null;
        }
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()))
                .body(new JsonErrors.ErrorBody("rate_limited", "Rate limit exceeded for " + route + ": "
                        + decision.limit().count() + " per " + decision.limit().window().toSeconds() + " s; retry after "
                        + decision.retryAfterSeconds() + " s"));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
