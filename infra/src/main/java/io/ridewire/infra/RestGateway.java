package io.ridewire.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;

/**
 * The REST API (api-proxy function, {@code io.ridewire.functions.rest.RestApiHandler}): one greedy proxy resource, so the
 * Micronaut controllers own routing and authentication ({@code /health} is public, everything else wants a bearer
 * token), with access and error logs.
 */
public final class RestGateway extends Construct {
    private final LambdaRestApi api;

    public RestGateway(Construct scope, String id, StackSettings settings, Alias function, ApiLogging logging) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.api = LambdaRestApi.Builder.create(this, "Api")
                .restApiName(settings.prefix() + "rest")
                .description("Ridewire REST API (orders, events since, ws stats, health)")
                .handler(function)
                .proxy(true)
                .cloudWatchRole(false)
                .endpointTypes(List.of(EndpointType.REGIONAL))
                .deployOptions(StageOptions.builder()
                        .stageName(settings.env())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .metricsEnabled(true)
                        .throttlingRateLimit(500)
                        .throttlingBurstLimit(1000)
                        .build())
                .build();
        api.getDeploymentStage().getNode().addDependency(logging.account());
        // API Gateway writes its execution logs to a group it names and would create without retention: own it
        LogGroup.Builder.create(this, "ExecutionLogs")
                .logGroupName("API-Gateway-Execution-Logs_" + api.getRestApiId() + "/" + settings.env())
                .retention(Logs.retention(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    public LambdaRestApi api() {
        return api;
    }
}
