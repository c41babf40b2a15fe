package io.ridewire.rest;

import io.micronaut.security.authentication.Authentication;
import io.ridewire.identity.Caller;
import io.ridewire.identity.Role;

import java.util.Optional;

/** The caller of a REST request, from its verified bearer token: subject, {@code role}, {@code store_id}. */
public final class RestCaller {
    private RestCaller() {
    }

    public static Caller of(Authentication authentication) {
        var attributes = authentication.getAttributes();
        String userId = authentication.getName() != null ? authentication.getName()
                : attributes.get("user_id") instanceof String id ? id : null;
        Optional<Role> role = Role.fromClaim(attributes.get("role") instanceof String r ? r : null)
                .or(() -> authentication.getRoles().stream().map(Role::fromClaim).flatMap(Optional::stream).findFirst());
        if (userId == null || role.isEmpty()) {
            throw new RequestRefused(401, "unauthorized", "the token names no user or role");
        }
        Object storeId = attributes.get("store_id");
        return new Caller(userId, role.get(), storeId instanceof String s && !s.isBlank() ? s : null);
    }
}
