package io.ridewire.infra;

import io.ridewire.routes.Route;
import io.ridewire.routes.RouteCatalogue;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Lambda function per {@link RouteCatalogue#routes() route}, plus the authorizer and the REST API, all from the
 * one shaded jar: Java 21 on ARM64, SnapStart on published versions (the {@code live} alias is what API Gateway
 * invokes; {@code io.ridewire.system.Priming} warms each snapshot), a log group with retention each. Every function
 * is granted its own resources only: the stage's {@code @connections}, its tables, the secrets it reads.
 */
public final class RouteFunctions extends Construct {
    public static final String ALIAS = "live";

    private final StackSettings settings;
    private final Code code;
    private final Map<String, Alias> byRouteKey = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Alias authorizer;
    private final Alias restApi;

    public RouteFunctions(Construct scope, String id, Dependencies deps) {
        super(scope, id);
        this.settings = deps.settings();
        this.code = Code.fromAsset(settings.functionsJar().toString());
        Map<String, String> common = new LinkedHashMap<>();
        common.put("RIDEWIRE_AWS_REGION", Aws.REGION);
        common.put("RIDEWIRE_TABLES_PREFIX", settings.prefix());
        common.put("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT", deps.stage().getCallbackUrl());
        common.put("RIDEWIRE_NATS_REPLICAS", Integer.toString(settings.natsReplicas()));
        common.put("RIDEWIRE_SECRETS_REVISION", settings.secretsRevision());

        for (Route route : RouteCatalogue.routes()) {
            Alias alias = function(route.functionName(), route.handlerClass(), Sizing.of(route.routeKey()), true,
                    deps, common, tablesFor(route, deps.tables()), false);
            byRouteKey.put(route.routeKey(), alias);
        }
        // The authorizer only verifies tokens: no VPC (no NAT hop to the JWKS), no tables, no connections.
        this.authorizer = function("Authorizer", RouteCatalogue.AUTHORIZER, Sizing.of(RouteCatalogue.AUTHORIZER),
                false, deps, Map.of("RIDEWIRE_AWS_REGION", Aws.REGION,
                        "RIDEWIRE_SECRETS_REVISION", settings.secretsRevision()), List.of(), true);
        this.restApi = function("RestApi", RouteCatalogue.REST_API, Sizing.of(RouteCatalogue.REST_API), true,
                deps, common, deps.tables().byName().values(), true);
    }

    /**
     * The tables a route's function may touch. Every handler shares the connection registry and the rooms today,
     * so each gets every catalogue table — named one by one, never a wildcard; narrow a route here when its
     * handler needs fewer.
     */
    static Collection<Table> tablesFor(Route route, DataTables tables) {
        return tables.byName().values();
    }

    private Alias function(String name, String handlerClass, Sizing sizing, boolean backends, Dependencies deps,
                           Map<String, String> common, Collection<Table> tables, boolean verifiesTokens) {
        LogGroup logs = LogGroup.Builder.create(this, name + "Logs")
                .logGroupName("/aws/lambda/" + settings.prefix() + name)
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, String> environment = new LinkedHashMap<>(common);
        var builder = Function.Builder.create(this, name)
                .functionName(settings.prefix() + name)
                .description("Ridewire " + handlerClass)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handlerClass + "::handleRequest")
                .code(code)
                .memorySize(sizing.memoryMb())
                .timeout(Duration.seconds(sizing.timeout().toSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logs);
        if (backends) {
            builder.vpc(deps.network().vpc())
                    .vpcSubnets(deps.network().privateSubnets())
                    .securityGroups(List.of(deps.network().functionsGroup()));
            environment.put("RIDEWIRE_REDIS_URI", deps.cache().uri());
        }
        if (verifiesTokens) {
            deps.secrets().jwksUrl().ifPresent(url -> environment.put("RIDEWIRE_JWT_JWKS_URL", url));
        }
        Function function = builder.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every function is invoked through the live alias of its current published version");
        String secrets = deps.secrets().bind(function, verifiesTokens, backends);
        if (!secrets.isEmpty()) {
            environment.put("RIDEWIRE_SECRETS", secrets);
        }
        environment.forEach(function::addEnvironment);
        if (backends) {
            deps.stage().grantManagementApiAccess(function);
        }
        for (Table table : tables) {
            table.grantReadWriteData(function);
        }
        functions.put(name, function);
        return Alias.Builder.create(this, name + "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /** The alias API Gateway invokes for a route key. */
    public Alias forRoute(String routeKey) {
        Alias alias = byRouteKey.get(routeKey);
        if (alias == null) {
            throw new IllegalArgumentException("no function for route " + routeKey);
        }
        return alias;
    }

    public Map<String, Alias> byRouteKey() {
        return byRouteKey;
    }

    /** Every function by its short name ({@link Route#functionName()}, {@code Authorizer}, {@code RestApi}). */
    public Map<String, Function> functions() {
        return functions;
    }

    public Alias authorizer() {
        return authorizer;
    }

    public Alias restApi() {
        return restApi;
    }

    /** What the functions are wired to. */
    public record Dependencies(StackSettings settings, Network network, DataTables tables, Cache cache,
                               RuntimeSecrets secrets, WebSocketStage stage) {
    }
}
