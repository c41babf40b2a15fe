package io.ridewire.functions.auth;

import com.nimbusds.jwt.JWT;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;

/**
 * Verifies a JWT with micronaut-security-jwt's validators — the signature against the configured HS256 secret or
 * JWKS with pinned algorithms ({@link SignatureBeans}), then {@link TokenRules} through
 * {@link ClaimsRulesValidator} — exactly as the REST API's bearer authentication does. Unsigned ({@code alg: none})
 * tokens never verify.
 */
@Singleton
public class TokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    private final JsonWebTokenValidator<JWT, Object> validator;
    private final JwtSettings settings;
    private final Clock clock;

    public TokenVerifier(JsonWebTokenValidator<JWT, Object> validator, JwtSettings settings, Clock clock) {
        this.validator = validator;
        this.settings = settings;
        this.clock = clock;
    }

    /** The caller a token identifies and when it expires, or empty with the reason logged. */
    public Optional<TokenRules.Accepted> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Optional<JWT> jwt;
        try {
            jwt = validator.validate(token, null);
        } catch (RuntimeException e) {
            LOG.debug("token rejected by validator: {}", e.toString());
            return Optional.empty();
        }
        if (jwt.isEmpty()) {
            LOG.debug("token rejected: bad signature, algorithm or claims");
            return Optional.empty();
        }
        try {
            return switch (TokenRules.check(jwt.get().getJWTClaimsSet().getClaims(), clock.instant(), settings.expected())) {
                case TokenRules.Accepted accepted -> Optional.of(accepted);
                case TokenRules.Refused refused -> Optional.empty();
            };
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
