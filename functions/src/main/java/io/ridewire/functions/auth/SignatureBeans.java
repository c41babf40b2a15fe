package io.ridewire.functions.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwkSetFetcher;
import io.micronaut.security.token.jwt.signature.jwks.JwkValidator;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignature;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The signature configurations micronaut-security-jwt verifies tokens against, from {@link JwtSettings}, each
 * pinned to its algorithms: HS256 only for the secret (Micronaut's own would take HS384 and HS512 too), and for
 * JWKS the algorithm each key declares (RS256 for an RSA key and the curve's ES algorithm for an EC key that
 * declares none), so a key is never used with an algorithm its owner did not choose.
 */
@Factory
public class SignatureBeans {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureBeans.class);

    @Singleton
    @Named("ridewire-hs256")
    @Requires(property = "ridewire.jwt.secret")
    SignatureConfiguration hs256(JwtSettings settings) {
        String secret = settings.getSecret().orElseThrow();
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigurationException("RIDEWIRE_JWT_SECRET must be at least 32 bytes for HS256");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("ridewire-hs256");
        configuration.setSecret(secret);
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        return new SecretSignature(configuration) {
            @Override
            public boolean supports(JWSAlgorithm algorithm) {
                return JWSAlgorithm.HS256.equals(algorithm);
            }

            @Override
            public boolean verify(SignedJWT jwt) throws JOSEException {
                return supports(jwt.getHeader().getAlgorithm()) && super.verify(jwt);
            }
        };
    }

    /**
     * With neither a secret nor a JWKS URL, micronaut-security-jwt would take an unsigned ({@code alg: none}) token
     * as verified, since it has no signature configuration to check it against. This one accepts no algorithm, so
     * every token is refused instead, and the error says what to configure.
     */
    @Singleton
    @Named("ridewire-none")
    @Requires(missingProperty = "ridewire.jwt.secret")
    @Requires(missingProperty = "ridewire.jwt.jwks-url")
    SignatureConfiguration refuseAll() {
        LOG.error("neither RIDEWIRE_JWT_SECRET nor RIDEWIRE_JWT_JWKS_URL is set: every token is refused");
        return new SignatureConfiguration() {
            @Override
            public String supportedAlgorithmsMessage() {
                return "none: no signature is configured";
            }

            @Override
            public boolean supports(JWSAlgorithm algorithm) {
                return false;
            }

            @Override
            public boolean verify(SignedJWT jwt) {
                return false;
            }
        };
    }

    @Singleton
    @Named("ridewire-jwks")
    @Requires(property = "ridewire.jwt.jwks-url")
    SignatureConfiguration jwks(JwtSettings settings, JwkValidator validator, JwkSetFetcher<JWKSet> fetcher) {
        String url = settings.getJwksUrl().orElseThrow();
        return new JwksSignature(new JwksSignatureConfiguration() {
            @Override
            public String getUrl() {
                return url;
            }

            @Override
            public KeyType getKeyType() {
                return null;
            }

            @Override
            public Integer getCacheExpiration() {
                return 300;
            }

            @Override
            public String getName() {
                return "ridewire-jwks";
            }
        }, (jwt, key) -> jwt.getHeader().getAlgorithm().equals(algorithmOf(key)) && validator.validate(jwt, key), fetcher);
    }

    /** The algorithm a JWKS key is for: its own {@code alg}, else the one its type and curve imply. */
    static JWSAlgorithm algorithmOf(JWK key) {
        if (key.getAlgorithm() != null) {
            return JWSAlgorithm.parse(key.getAlgorithm().getName());
        }
        if (key instanceof ECKey ec) {
            return JWSAlgorithm.Family.EC.stream()
                    .filter(algorithm -> Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve()))
                    .findFirst().orElse(null);
        }
        return key instanceof RSAKey ? JWSAlgorithm.RS256 : null;
    }
}
