package io.ridewire.infra;

import io.ridewire.deployment.Needs;
import io.ridewire.deployment.Route;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds every function from the one shaded jar, wherever (in whichever nested stack) it is declared: Java 21 on
 * ARM64, SnapStart on published versions (the {@code live} alias is what API Gateway invokes;
 * {@code io.ridewire.functions.system.Priming} warms each snapshot), a log group with retention, JSON logs and X-Ray tracing.
 * Every function is granted what its {@link Needs} declare and nothing more: DynamoDB actions table by table, the
 * stage's {@code @connections} when it pushes, the secrets it reads. Keeps every function by name for the alarms
 * and the tests.
 */
public final class RouteFunctions {
    public static final String ALIAS = "live";

    private final Dependencies deps;
    private final Map<String, String> common = new LinkedHashMap<>();
    /** An asset binds to one stack: one {@link Code} per stack that declares functions. */
    private final Map<Stack, Code> codes = new HashMap<>();
    private final Map<String, Alias> byRouteKey = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Needs> needs = new LinkedHashMap<>();
    private Alias authorizer;
    private Alias restApi;

    public RouteFunctions(Dependencies deps) {
        this.deps = deps;
        StackSettings settings = deps.settings();
        common.put("RIDEWIRE_AWS_REGION", Aws.REGION);
        common.put("RIDEWIRE_TABLES_PREFIX", settings.prefix());
        common.put("RIDEWIRE_AWS_MANAGEMENT_ENDPOINT", deps.stage().getCallbackUrl());
        common.put("RIDEWIRE_NATS_REPLICAS", Integer.toString(settings.natsReplicas()));
        common.put("RIDEWIRE_SECRETS_REVISION", settings.secretsRevision());
        common.put("RIDEWIRE_METRICS_ENV", settings.env());
        common.put("RIDEWIRE_LOG_FORMAT", "json");
    }

    /** The function behind a route, in {@code scope}. */
    Alias route(Construct scope, Route route) {
        Alias alias = function(scope, route.functionName(), route.handlerClass(), Sizing.of(route.routeKey()), true,
                route.needs());
        byRouteKey.put(route.routeKey(), alias);
        return alias;
    }

    /** The $connect authorizer: it only verifies tokens, so no VPC (no NAT hop to the JWKS) and no backends. */
    Alias authorizer(Construct scope, String handlerClass, Needs needs) {
        this.authorizer = function(scope, "Authorizer", handlerClass, Sizing.of(handlerClass), false, needs);
        return authorizer;
    }

    /** The REST API's proxy function. */
    Alias restApi(Construct scope, String handlerClass, Needs needs) {
        this.restApi = function(scope, "RestApi", handlerClass, Sizing.of(handlerClass), true, needs);
        deps.settings().corsAllowedOrigins().ifPresent(origins ->
                functions.get("RestApi").addEnvironment("RIDEWIRE_CORS_ALLOWED_ORIGINS", origins));
        return restApi;
    }

    private Alias function(Construct scope, String name, String handlerClass, Sizing sizing, boolean backends,
                           Needs granted) {
        boolean verifiesTokens = granted.verifiesTokens();
        StackSettings settings = deps.settings();
        LogGroup logs = LogGroup.Builder.create(scope, name + "Logs")
                .logGroupName("/aws/lambda/" + settings.prefix() + name)
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        if (backends) {
            environment.putAll(common);
        } else {
            environment.put("RIDEWIRE_AWS_REGION", Aws.REGION);
            environment.put("RIDEWIRE_SECRETS_REVISION", settings.secretsRevision());
            environment.put("RIDEWIRE_LOG_FORMAT", "json");
        }
        var builder = Function.Builder.create(scope, name)
                .functionName(settings.prefix() + name)
                .description("Ridewire " + handlerClass)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handlerClass + "::handleRequest")
                .code(codes.computeIfAbsent(Stack.of(scope),
                        stack -> Code.fromAsset(settings.functionsJar().toString())))
                .memorySize(sizing.memoryMb())
                .timeout(Duration.seconds(sizing.timeout().toSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .tracing(Tracing.ACTIVE)
                .logGroup(logs);
        if (backends) {
            builder.vpc(deps.network().vpc())
                    .vpcSubnets(deps.network().privateSubnets())
                    .securityGroups(List.of(deps.network().functionsGroup()));
            environment.put("RIDEWIRE_REDIS_URI", deps.cache().uri());
        }
        if (verifiesTokens) {
            deps.secrets().jwksUrl().ifPresent(url -> environment.put("RIDEWIRE_JWT_JWKS_URL", url));
            settings.jwtIssuer().ifPresent(issuer -> environment.put("RIDEWIRE_JWT_ISSUER", issuer));
            settings.jwtAudience().ifPresent(audience -> environment.put("RIDEWIRE_JWT_AUDIENCE", audience));
        }
        Function function = builder.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every function is invoked through the live alias of its current published version");
        String secrets = deps.secrets().bind(function, verifiesTokens, backends);
        if (!secrets.isEmpty()) {
            environment.put("RIDEWIRE_SECRETS", secrets);
        }
        environment.forEach(function::addEnvironment);
        if (granted.pushes()) {
            deps.stage().grantManagementApiAccess(function);
        }
        deps.tables().grant(function.getRole(), granted);
        functions.put(name, function);
        needs.put(name, granted);
        return Alias.Builder.create(scope, name + "Live")
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
        return Collections.unmodifiableMap(byRouteKey);
    }

    /** Every function by its short name ({@link Route#functionName()}, {@code Authorizer}, {@code RestApi}). */
    public Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    /** What each function was granted, by its short name. */
    public Map<String, Needs> needs() {
        return Collections.unmodifiableMap(needs);
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
