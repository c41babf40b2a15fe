package io.ridewire.auth;

import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/** A token without {@code exp} never expires; Ridewire refuses such tokens everywhere (WebSocket and REST). */
@Singleton
public class ExpiryRequiredValidator implements GenericJwtClaimsValidator<Object> {
    @Override
    public boolean validate(Claims claims, Object request) {
        return claims.get(Claims.EXPIRATION_TIME) != null;
    }
}
