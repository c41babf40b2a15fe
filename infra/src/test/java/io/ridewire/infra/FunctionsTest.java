package io.ridewire.infra;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every function: Java 21 on ARM64, SnapStart behind a published alias, sized, logged with retention, configured. */
class FunctionsTest {
    private static Cfn cfn;
    private static Map<String, Map<String, Object>> byHandler;

    @BeforeAll
    static void synth() {
        cfn = new Cfn(Synth.shared().merged);
        byHandler = cfn.ofType("AWS::Lambda::Function").values().stream()
                .collect(Collectors.toMap(p -> ((String) p.get("Handler")).replace("::handleRequest", ""), p -> p));
    }

    @Test
    void oneFunctionPerRoute_plusAuthorizerAndRestApi() {
        List<String> expected = new java.util.ArrayList<>(
                RouteCatalogue.routes().stream().map(Route::handlerClass).toList());
        expected.add(RouteCatalogue.AUTHORIZER);
        expected.add(RouteCatalogue.REST_API);
        assertThat(byHandler.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyFunction_isJava21OnArm64WithSnapStartOnPublishedVersions() {
        byHandler.forEach((handler, function) -> assertThat(function)
                .as(handler)
                .containsEntry("Runtime", "java21")
                .containsEntry("Architectures", List.of("arm64"))
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void everyFunction_isInvokedThroughTheLiveAliasOfAPublishedVersion() {
        Map<String, Map<String, Object>> aliases = cfn.ofType("AWS::Lambda::Alias");
        assertThat(aliases).hasSize(byHandler.size());
        for (Map<String, Object> alias : aliases.values()) {
            assertThat(alias).containsEntry("Name", RouteFunctions.ALIAS);
            cfn.referencedOfType(alias.get("FunctionVersion"), "AWS::Lambda::Version");
        }
    }

    @Test
    void everyFunction_hasItsSizing() {
        for (Route route : RouteCatalogue.routes()) {
            Sizing sizing = Sizing.of(route.routeKey());
            assertThat(byHandler.get(route.handlerClass()))
                    .as(route.routeKey())
                    .containsEntry("MemorySize", sizing.memoryMb())
                    .containsEntry("Timeout", (int) sizing.timeout().toSeconds());
        }
        assertThat(byHandler.get(RouteCatalogue.REST_API).get("Timeout")).isEqualTo(29);
    }

    @Test
    void everyFunction_logsToItsOwnGroupWithRetention() {
        byHandler.forEach((handler, function) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> logging = (Map<String, Object>) function.get("LoggingConfig");
            String group = cfn.referencedOfType(logging, "AWS::Logs::LogGroup");
            assertThat(cfn.properties(group)).as(handler).containsEntry("RetentionInDays", 30);
        });
    }

    @Test
    void routeFunctions_getTheStagesCallbackUrlTablesPrefixRedisAndSecrets() {
        String api = cfn.ofType("AWS::ApiGatewayV2::Api").keySet().iterator().next();
        for (Route route : RouteCatalogue.routes()) {
            Map<String, Object> variables = environment(byHandler.get(route.handlerClass()));
            assertThat(variables).as(route.routeKey())
                    .containsKeys("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT", "RIDEWIRE_REDIS_URI", "RIDEWIRE_SECRETS",
                            "RIDEWIRE_AWS_REGION")
                    .containsEntry("RIDEWIRE_TABLES_PREFIX", "ridewire-test-");
            Object endpoint = variables.get("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT");
            assertThat(Cfn.references(endpoint)).contains(api);
            assertThat(endpoint.toString()).contains("https://").contains("/test");
            assertThat(variables.get("RIDEWIRE_REDIS_URI").toString())
                    .contains("rediss://:${" + RuntimeSecrets.REDIS_TOKEN_PROPERTY + "}@");
            assertThat(variables.get("RIDEWIRE_SECRETS").toString())
                    .contains(RuntimeSecrets.REDIS_TOKEN_PROPERTY + "=").contains("ridewire.nats.url=");
            // only a route that verifies tokens (a refresh) may read the signing secret
            assertThat(variables.get("RIDEWIRE_SECRETS").toString().contains("ridewire.jwt.secret")).as(route.routeKey())
                    .isEqualTo(route.needs().verifiesTokens());
            assertThat(byHandler.get(route.handlerClass())).containsKey("VpcConfig");
        }
    }

    @Test
    void authorizer_verifiesWithTheJwtSecretAndJwks_outsideTheVpc_withoutBackends() {
        Map<String, Object> authorizer = byHandler.get(RouteCatalogue.AUTHORIZER);
        Map<String, Object> variables = environment(authorizer);
        assertThat(variables).containsKey("RIDEWIRE_JWT_JWKS_URL").doesNotContainKey("RIDEWIRE_REDIS_URI")
                .containsEntry("RIDEWIRE_JWT_ISSUER", "https://idp.example")
                .containsEntry("RIDEWIRE_JWT_AUDIENCE", "ridewire-test")
                .doesNotContainKey("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT");
        assertThat(variables.get("RIDEWIRE_SECRETS").toString()).contains("ridewire.jwt.secret=")
                .doesNotContain("ridewire.nats.url");
        assertThat(authorizer).doesNotContainKey("VpcConfig");
    }

    @Test
    void browserOrigins_reachTheRestApiOnly() {
        assertThat(environment(byHandler.get(RouteCatalogue.REST_API)))
                .containsEntry("RIDEWIRE_CORS_ALLOWED_ORIGINS", "https://shop.example");
        byHandler.forEach((handler, function) -> {
            if (!handler.equals(RouteCatalogue.REST_API)) {
                assertThat(environment(function)).as(handler).doesNotContainKey("RIDEWIRE_CORS_ALLOWED_ORIGINS");
            }
        });
    }

    @Test
    void tokenRefresh_verifiesTheNewTokenAsTheAuthorizerDoes() {
        Map<String, Object> variables = environment(byHandler.get("io.ridewire.functions.connections.RefreshHandler"));
        assertThat(variables).containsKey("RIDEWIRE_JWT_JWKS_URL")
                .containsEntry("RIDEWIRE_JWT_ISSUER", "https://idp.example")
                .containsEntry("RIDEWIRE_JWT_AUDIENCE", "ridewire-test");
        assertThat(variables.get("RIDEWIRE_SECRETS").toString()).contains("ridewire.jwt.secret=");
    }

    @Test
    void jwksUrl_comesFromTheSsmParameterAtDeployTime() {
        Map<String, Object> variables = environment(byHandler.get(RouteCatalogue.AUTHORIZER));
        Object jwks = variables.get("RIDEWIRE_JWT_JWKS_URL");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> parameters =
                (Map<String, Map<String, Object>>) Synth.shared().template.toJSON().get("Parameters");
        String parameter = Cfn.references(jwks).iterator().next();
        assertThat(parameters.get(parameter))
                .containsEntry("Type", "AWS::SSM::Parameter::Value<String>")
                .containsEntry("Default", "/ridewire/test/jwks-url");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }
}
