package io.ridewire.auth;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.Optional;

/**
 * {@code ridewire.jwt.*}: how tokens are verified. Development uses an HS256 secret ({@code RIDEWIRE_JWT_SECRET},
 * at least 32 bytes); production a JWKS URL ({@code RIDEWIRE_JWT_JWKS_URL}) for RS256/ES256. Both may be set.
 */
@ConfigurationProperties("ridewire.jwt")
public interface JwtSettings {

    Optional<String> getSecret();

    Optional<String> getJwksUrl();
}
