package io.ridewire.infra;

import io.ridewire.deployment.Route;
import io.ridewire.deployment.RouteCatalogue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebSocket API deploys exactly the catalogue's routes, each integrated with its own function. */
class RoutesTest {
    private static Cfn cfn;
    private static Map<String, Map<String, Object>> routesByKey;

    @BeforeAll
    static void synth() {
        cfn = new Cfn(Synth.shared().merged);
        routesByKey = cfn.ofType("AWS::ApiGatewayV2::Route").values().stream()
                .collect(Collectors.toMap(p -> (String) p.get("RouteKey"), p -> p));
    }

    @Test
    void deployedRouteKeys_areExactlyTheCatalogue() {
        Set<String> catalogue = RouteCatalogue.routes().stream().map(Route::routeKey).collect(Collectors.toSet());
        assertThat(routesByKey.keySet())
                .as("a catalogue route without a deployed route (or a deployed route not in the catalogue)")
                .containsExactlyInAnyOrderElementsOf(catalogue);
    }

    @Test
    void everyCatalogueRoute_invokesTheLiveAliasOfAFunctionRunningItsHandler() {
        for (Route route : RouteCatalogue.routes()) {
            Map<String, Object> deployed = routesByKey.get(route.routeKey());
            assertThat(deployed).as("deployed route for %s", route.routeKey()).isNotNull();
            String integration = cfn.referencedOfType(deployed.get("Target"), "AWS::ApiGatewayV2::Integration");
            Map<String, Object> integrationProps = cfn.properties(integration);
            assertThat(integrationProps).containsEntry("IntegrationType", "AWS_PROXY");
            String alias = cfn.referencedOfType(integrationProps.get("IntegrationUri"), "AWS::Lambda::Alias");
            assertThat(cfn.properties(alias)).containsEntry("Name", RouteFunctions.ALIAS);
            String function = cfn.referencedOfType(cfn.properties(alias).get("FunctionName"), "AWS::Lambda::Function");
            assertThat(cfn.properties(function))
                    .as("function behind %s", route.routeKey())
                    .containsEntry("Handler", route.handlerClass() + "::handleRequest")
                    .containsEntry("FunctionName", "ridewire-test-" + route.functionName());
        }
    }

    @Test
    void everyRoute_hasAFunctionOfItsOwn() {
        Set<String> functions = RouteCatalogue.routes().stream()
                .map(route -> {
                    String integration = cfn.referencedOfType(routesByKey.get(route.routeKey()).get("Target"),
                            "AWS::ApiGatewayV2::Integration");
                    String alias = cfn.referencedOfType(cfn.properties(integration).get("IntegrationUri"),
                            "AWS::Lambda::Alias");
                    return cfn.referencedOfType(cfn.properties(alias).get("FunctionName"), "AWS::Lambda::Function");
                })
                .collect(Collectors.toSet());
        assertThat(functions).hasSize(RouteCatalogue.routes().size());
    }

    @Test
    void twoWayRoutes_returnTheHandlersResponse_oneWayRoutesDoNot() {
        Set<String> withResponse = cfn.ofType("AWS::ApiGatewayV2::RouteResponse").values().stream()
                .map(p -> cfn.referencedOfType(p.get("RouteId"), "AWS::ApiGatewayV2::Route"))
                .map(id -> (String) cfn.properties(id).get("RouteKey"))
                .collect(Collectors.toSet());
        for (Route route : RouteCatalogue.routes()) {
            Map<String, Object> deployed = routesByKey.get(route.routeKey());
            if (route.returnResponse()) {
                assertThat(deployed).as(route.routeKey()).containsEntry("RouteResponseSelectionExpression", "$default");
                assertThat(withResponse).contains(route.routeKey());
            } else {
                assertThat(deployed).as(route.routeKey()).doesNotContainKey("RouteResponseSelectionExpression");
                assertThat(withResponse).doesNotContain(route.routeKey());
            }
        }
    }

    @Test
    void api_selectsRoutesByTheEnvelopeType() {
        assertThat(cfn.ofType("AWS::ApiGatewayV2::Api").values())
                .singleElement()
                .satisfies(api -> assertThat(api)
                        .containsEntry("ProtocolType", "WEBSOCKET")
                        .containsEntry("RouteSelectionExpression", "$request.body.type"));
    }

    @Test
    void connect_isGuardedByTheJwtAuthorizer_andNoOtherRouteNeedsOne() {
        Map<String, Map<String, Object>> authorizers = cfn.ofType("AWS::ApiGatewayV2::Authorizer");
        assertThat(authorizers).hasSize(1);
        String authorizerId = authorizers.keySet().iterator().next();
        Map<String, Object> authorizer = authorizers.get(authorizerId);
        assertThat(authorizer)
                .containsEntry("AuthorizerType", "REQUEST")
                .containsEntry("IdentitySource", java.util.List.of(WebSocketGateway.IDENTITY_SOURCE));
        String alias = cfn.referencedOfType(authorizer.get("AuthorizerUri"), "AWS::Lambda::Alias");
        String function = cfn.referencedOfType(cfn.properties(alias).get("FunctionName"), "AWS::Lambda::Function");
        assertThat(cfn.properties(function)).containsEntry("Handler", RouteCatalogue.AUTHORIZER + "::handleRequest");

        Map<String, Object> connect = routesByKey.get(Route.CONNECT);
        assertThat(connect).containsEntry("AuthorizationType", "CUSTOM");
        assertThat(Cfn.references(connect.get("AuthorizerId"))).containsExactly(authorizerId);
        routesByKey.forEach((key, route) -> {
            if (!Route.CONNECT.equals(key)) {
                assertThat(route.get("AuthorizationType")).as(key).isIn("NONE", null);
            }
        });
    }

    @Test
    void authorizerPermission_allowsOnlyThisApiToInvokeIt() {
        String api = cfn.ofType("AWS::ApiGatewayV2::Api").keySet().iterator().next();
        cfn.ofType("AWS::Lambda::Permission").values().stream()
                .filter(p -> "apigateway.amazonaws.com".equals(p.get("Principal")))
                .forEach(p -> assertThat(Cfn.references(p.get("SourceArn")))
                        .as("SourceArn of %s", p.get("FunctionName"))
                        .containsAnyOf(api, cfn.ofType("AWS::ApiGateway::RestApi").keySet().iterator().next()));
    }

    @Test
    void restApi_proxiesEverythingToTheRestFunction() {
        Map<String, Map<String, Object>> methods = cfn.ofType("AWS::ApiGateway::Method");
        assertThat(methods).isNotEmpty();
        for (Map<String, Object> method : methods.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> integration = (Map<String, Object>) method.get("Integration");
            assertThat(integration).containsEntry("Type", "AWS_PROXY");
            String alias = cfn.referencedOfType(integration.get("Uri"), "AWS::Lambda::Alias");
            String function = cfn.referencedOfType(cfn.properties(alias).get("FunctionName"), "AWS::Lambda::Function");
            assertThat(cfn.properties(function)).containsEntry("Handler", RouteCatalogue.REST_API + "::handleRequest");
        }
    }
}
