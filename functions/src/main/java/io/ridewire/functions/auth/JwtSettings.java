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

    /** The {@code iss} every token must carry ({@code RIDEWIRE_JWT_ISSUER}); unchecked when unset. */
    Optional<String> getIssuer();

    /** A value the token's {@code aud} must hold ({@code RIDEWIRE_JWT_AUDIENCE}); unchecked when unset. */
    Optional<String> getAudience();

    /** How far {@code nbf} and {@code iat} may lie ahead of this server's clock (clients' clocks drift). */
    @Bindable(defaultValue = "30s")
    Duration getClockSkew();

    /** How long before a session's token expires {@code auth.expiring} is pushed. */
    @Bindable(defaultValue = "60s")
    Duration getExpiryWarning();

    /** What {@link TokenRules} expects of a token's claims under these settings. */
    default TokenRules.Expected expected() {
        return new TokenRules.Expected(getClockSkew(), getIssuer(), getAudience());
    }
}
