package io.ridewire.functions.auth;

import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts {@link TokenRules} into micronaut-security-jwt's validation, so the WebSocket authorizer
 * ({@link TokenVerifier}) and the REST API's bearer authentication refuse exactly the same tokens.
 */
@Singleton
public class ClaimsRulesValidator implements GenericJwtClaimsValidator<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimsRulesValidator.class);

    private final JwtSettings settings;
    private final Clock clock;

    public ClaimsRulesValidator(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, Object request) {
        Map<String, Object> values = new HashMap<>();
        for (String name : claims.names()) {
            values.put(name, claims.get(name));
        }
        return switch (TokenRules.check(values, clock.instant(), settings.expected())) {
            case TokenRules.Accepted accepted -> true;
            case TokenRules.Refused refused -> {
                LOG.debug("token refused: {}", refused.reason());
                yield false;
            }
        };
    }
}
