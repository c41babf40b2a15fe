package io.ridewire.auth;

import com.nimbusds.jose.JWSAlgorithm;
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

import java.nio.charset.StandardCharsets;

/** The signature configurations micronaut-security-jwt verifies tokens against, from {@link JwtSettings}. */
@Factory
public class SignatureBeans {

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
        return new SecretSignature(configuration);
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
        }, validator, fetcher);
    }
}
