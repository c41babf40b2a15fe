package io.ridewire.functions.rest;

import io.micronaut.security.authentication.Authentication;
import io.ridewire.functions.auth.TokenRules;
import io.ridewire.model.identity.Caller;

import java.util.HashMap;
import java.util.Map;

/**
 * The caller of a REST request, from its verified bearer token's claims by the same {@link TokenRules} as the
 * WebSocket authorizer (a {@code role} array or an unknown role names nobody).
 */
public final class RestCaller {
    private RestCaller() {
    }

    public static Caller of(Authentication authentication) {
        Map<String, Object> claims = new HashMap<>(authentication.getAttributes());
        if (authentication.getName() != null) {
            claims.putIfAbsent("sub", authentication.getName());
        }
        return TokenRules.callerOf(claims)
                .orElseThrow(() -> new RequestRefused(401, "unauthorized", "the token names no user or role"));
    }
}
