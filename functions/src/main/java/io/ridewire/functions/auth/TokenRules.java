package io.ridewire.functions.auth;

import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.Ids;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ridewire's rules for a token's claims, the one place WebSocket and REST take them from: {@code exp} present and
 * in the future; {@code nbf} and {@code iat}, when present, not later than now plus the allowed clock skew;
 * {@code iss} and {@code aud} as configured, when they are (an identity provider serving other apps too); a
 * subject ({@code sub}, or {@code user_id}) that is a well-formed id; {@code role} one known role as a single
 * string (never an array); {@code store_id} a well-formed id for merchants. The signature and algorithm are
 * checked before, by the signature configurations ({@link SignatureBeans}).
 */
public final class TokenRules {
    private TokenRules() {
    }

    /** The outcome of checking a token's claims. */
    public sealed interface Verdict {
    }

    /** The claims name this caller until {@code expiresAt}. */
    public record Accepted(Caller caller, Instant expiresAt) implements Verdict {
    }

    /** The claims break a rule, named by {@code reason} (for logs, never sent to the client). */
    public record Refused(String reason) implements Verdict {
    }

    /** What a deployment expects beyond the fixed rules: clock skew allowed, and the issuer and audience if set. */
    public record Expected(Duration skew, Optional<String> issuer, Optional<String> audience) {
        public static Expected skewOnly(Duration skew) {
            return new Expected(skew, Optional.empty(), Optional.empty());
        }
    }

    public static Verdict check(Map<String, ?> claims, Instant now, Expected expected) {
        Optional<Instant> expiresAt = instant(claims.get("exp"));
        if (expiresAt.isEmpty()) {
            return new Refused("no exp");
        }
        if (!expiresAt.get().isAfter(now)) {
            return new Refused("expired");
        }
        Instant latest = now.plus(expected.skew());
        if (claims.get("nbf") != null && instant(claims.get("nbf")).filter(nbf -> !nbf.isAfter(latest)).isEmpty()) {
            return new Refused("nbf in the future");
        }
        if (claims.get("iat") != null && instant(claims.get("iat")).filter(iat -> !iat.isAfter(latest)).isEmpty()) {
            return new Refused("iat in the future");
        }
        if (expected.issuer().isPresent() && !expected.issuer().get().equals(claims.get("iss"))) {
            return new Refused("issuer is not " + expected.issuer().get());
        }
        if (expected.audience().isPresent() && !audiences(claims.get("aud")).contains(expected.audience().get())) {
            return new Refused("audience does not hold " + expected.audience().get());
        }
        return identify(claims, expiresAt.get());
    }

    /** {@code aud} is one string or an array of them (RFC 7519 §4.1.3). */
    private static List<?> audiences(Object aud) {
        return switch (aud) {
            case String one -> List.of(one);
            case List<?> many -> many;
            case null, default -> List.of();
        };
    }

    /** The caller named by claims already checked in time (a REST request's authentication attributes). */
    public static Optional<Caller> callerOf(Map<String, ?> claims) {
        return identify(claims, Instant.MAX) instanceof Accepted accepted ? Optional.of(accepted.caller()) : Optional.empty();
    }

    private static Verdict identify(Map<String, ?> claims, Instant expiresAt) {
        Object subject = claims.get("sub") != null ? claims.get("sub") : claims.get("user_id");
        if (!(subject instanceof String id) || !Ids.isValid(id)) {
            return new Refused("missing or malformed subject");
        }
        Optional<Role> role = claims.get("role") instanceof String claim ? Role.fromClaim(claim) : Optional.empty();
        if (role.isEmpty()) {
            return new Refused("role is not one known role");
        }
        String storeId = null;
        if (role.get() == Role.MERCHANT) {
            if (!(claims.get("store_id") instanceof String store) || !Ids.isValid(store)) {
                return new Refused("merchant without a well-formed store_id");
            }
            storeId = store;
        }
        return new Accepted(new Caller(id, role.get(), storeId), expiresAt);
    }

    /** A NumericDate claim as Nimbus (Date), a JSON number (seconds) or an Instant; empty when it is none of these. */
    private static Optional<Instant> instant(Object value) {
        return switch (value) {
            case Date date -> Optional.of(date.toInstant());
            case Instant instant -> Optional.of(instant);
            case Number seconds -> Optional.of(Instant.ofEpochSecond(seconds.longValue()));
            case null, default -> Optional.empty();
        };
    }
}
