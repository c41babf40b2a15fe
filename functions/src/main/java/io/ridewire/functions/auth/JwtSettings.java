package io.ridewire.functions.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code ridewire.jwt.*}: how tokens are verified. Development uses an HS256 secret ({@code RIDEWIRE_JWT_SECRET},
 * at least 32 bytes); production a JWKS URL ({@code RIDEWIRE_JWT_JWKS_URL}) for RS256/ES256. Both may be set.
 */
@ConfigurationProperties("ridewire.jwt")
public interface JwtSettings {

    Optional<String> getSecret();

    Optional<String> getJwksUrl();

    /** How far {@code nbf} and {@code iat} may lie ahead of this server's clock (clients' clocks drift). */
    @Bindable(defaultValue = "30s")
    Duration getClockSkew();

    /** How long before a session's token expires {@code auth.expiring} is pushed. */
    @Bindable(defaultValue = "60s")
    Duration getExpiryWarning();
}
