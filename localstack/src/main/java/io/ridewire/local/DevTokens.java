package io.ridewire.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ridewire.model.identity.Role;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * Mints HS256 development tokens with the local stack's secret. Also a command:
 * {@code java -cp … io.ridewire.local.DevTokens ROLE SUBJECT [STORE_ID]} prints one.
 */
public final class DevTokens {
    /** The secret the local stack uses when {@code RIDEWIRE_JWT_SECRET} is unset. Never use it anywhere else. */
    public static final String LOCAL_SECRET = "ridewire-local-development-secret-not-for-production";

    private final String secret;
    private final Clock clock;

    public DevTokens(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    public String mint(Role role, String subject, String storeId, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("role", role.claim())
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(lifetime)));
        if (storeId != null) {
            claims.claim("store_id", storeId);
        }
        return sign(claims.build());
    }

    public String mint(Role role, String subject) {
        return mint(role, subject, null, Duration.ofHours(12));
    }

    /** Signs any claims (tests use it for tokens that must be refused). */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For {@code GET /_local/token}: role, sub, optional store_id and ttl_seconds. */
    public Optional<String> fromQuery(Map<String, String> query) {
        Optional<Role> role = Role.fromClaim(query.get("role"));
        String subject = query.get("sub");
        String storeId = query.get("store_id");
        if (role.isEmpty() || subject == null || subject.isBlank() || (role.get() == Role.MERCHANT && storeId == null)) {
            return Optional.empty();
        }
        long ttl;
        try {
            ttl = Long.parseLong(query.getOrDefault("ttl_seconds", "43200"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(mint(role.get(), subject, storeId, Duration.ofSeconds(Math.max(1, ttl))));
    }

    public static void main(String[] args) {
        if (args.length < 2 || Role.fromClaim(args[0]).isEmpty()) {
            System.err.println("usage: DevTokens ROLE SUBJECT [STORE_ID]   (ROLE: driver passenger customer merchant admin support)");
            System.exit(2);
        }
        String secret = Optional.ofNullable(System.getenv("RIDEWIRE_JWT_SECRET")).orElse(LOCAL_SECRET);
        Role role = Role.fromClaim(args[0]).orElseThrow();
        String storeId = args.length > 2 ? args[2] : (role == Role.MERCHANT ? "store-1" : null);
        System.out.println(new DevTokens(secret, Clock.systemUTC()).mint(role, args[1], storeId, Duration.ofHours(12)));
    }
}
