package io.ridewire.functions.system;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the settings that must not sit in plain text from AWS Secrets Manager once, when the application context is
 * built, and adds them as properties. {@code RIDEWIRE_SECRETS} lists them as {@code property=secretArn[#jsonKey]}
 * entries separated by {@code ;} (the CDK stack writes it); other properties may name them as placeholders, e.g.
 * {@code RIDEWIRE_REDIS_URI=rediss://:${ridewire.secrets.redis-token}@host:6380}. Unset (the local stack, tests),
 * it does nothing.
 *
 * <p>Under SnapStart this runs before the snapshot, so a rotated secret reaches functions with their next published
 * version (docs/deploy.md says how).
 */
public final class SecretProperties implements ApplicationContextConfigurer {
    public static final String VARIABLE = "RIDEWIRE_SECRETS";
    /** Above environment variables, below system properties. */
    static final int ORDER = EnvironmentPropertySource.POSITION + 50;

    @Override
    public void configure(ApplicationContextBuilder builder) {
        String spec = setting("ridewire.secrets", VARIABLE).orElse(null);
        if (spec == null) {
            return;
        }
        var client = SecretsManagerClient.builder()
                .region(Region.of(region()))
                .httpClientBuilder(ApacheHttpClient.builder());
        // LocalStack (localstack/README.md): Secrets Manager at an endpoint of its own
        setting("ridewire.aws.secretsmanager-endpoint", "RIDEWIRE_AWS_SECRETSMANAGER_ENDPOINT")
                .ifPresent(endpoint -> client.endpointOverride(URI.create(endpoint)));
        try (SecretsManagerClient secrets = client.build()) {
            builder.propertySources(read(spec, secrets));
        }
    }

    /** The properties {@code spec} names, read from Secrets Manager. */
    public static PropertySource read(String spec, SecretsManagerClient secrets) {
        return propertySource(spec, arn -> secrets.getSecretValue(r -> r.secretId(arn)).secretString());
    }

    /** The properties {@code spec} names, each read through {@code fetch} (secret ARN → secret string). */
    static PropertySource propertySource(String spec, Function<String, String> fetch) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> fetched = new LinkedHashMap<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(VARIABLE + " entry is not property=secretArn[#jsonKey]: " + entry);
            }
            String property = entry.substring(0, equals).trim();
            String reference = entry.substring(equals + 1).trim();
            int hash = reference.lastIndexOf('#');
            String arn = hash < 0 ? reference : reference.substring(0, hash);
            String secret = fetched.computeIfAbsent(arn, fetch);
            values.put(property, hash < 0 ? secret : jsonField(secret, reference.substring(hash + 1), arn));
        }
        return PropertySource.of("ridewire-secrets", values, ORDER);
    }

    private static String jsonField(String json, String key, String arn) {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("secret " + arn + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(key)) {
                    return parser.getValueAsString();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("secret " + arn + " is not valid JSON", e);
        }
        throw new IllegalStateException("secret " + arn + " has no field " + key);
    }

    private static String region() {
        return setting("ridewire.aws.region", "RIDEWIRE_AWS_REGION")
                .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .orElse("us-east-1");
    }

    /** A system property, else an environment variable; blank counts as unset. Runs before the context exists. */
    private static Optional<String> setting(String property, String variable) {
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(variable)))
                .filter(value -> !value.isBlank());
    }
}
