package io.ridewire.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import io.ridewire.identity.Caller;
import io.ridewire.identity.Role;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.util.Optional;

/**
 * Verifies a JWT with micronaut-security-jwt's validators (signature against the configured HS256 secret or JWKS,
 * expiry, not-before) and then Ridewire's own rules: {@code exp} present, a subject ({@code sub} or
 * {@code user_id}), a known {@code role}, and {@code store_id} for merchants. Unsigned ({@code alg: none})
 * tokens never verify.
 */
@Singleton
public class TokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    private final JsonWebTokenValidator<JWT, Object> validator;

    public TokenVerifier(JsonWebTokenValidator<JWT, Object> validator) {
        this.validator = validator;
    }

    /** The caller a token identifies, or empty with the reason logged. */
    public Optional<Caller> verify(String token) {
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
            LOG.debug("token rejected: bad signature, algorithm or expiry");
            return Optional.empty();
        }
        try {
            return callerOf(jwt.get().getJWTClaimsSet());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Caller> callerOf(JWTClaimsSet claims) throws ParseException {
        if (claims.getExpirationTime() == null) {
            LOG.debug("token rejected: no exp");
            return Optional.empty();
        }
        String subject = claims.getSubject() != null ? claims.getSubject() : claims.getStringClaim("user_id");
        Optional<Role> role = Role.fromClaim(claims.getClaim("role") instanceof String r ? r : null);
        if (subject == null || subject.isBlank() || role.isEmpty()) {
            LOG.debug("token rejected: missing subject or role");
            return Optional.empty();
        }
        String storeId = claims.getClaim("store_id") == null ? null : String.valueOf(claims.getClaim("store_id"));
        if (role.get() == Role.MERCHANT && (storeId == null || storeId.isBlank())) {
            LOG.debug("token rejected: merchant without store_id");
            return Optional.empty();
        }
        return Optional.of(new Caller(subject, role.get(), role.get() == Role.MERCHANT ? storeId : null));
    }
}
