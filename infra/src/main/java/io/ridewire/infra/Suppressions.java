package io.ridewire.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.constructs.IConstruct;

import java.util.List;

/**
 * Every cdk-nag (AwsSolutions) finding the stack accepts, each scoped to the constructs it concerns and, for IAM
 * findings, to the exact policy or resource pattern, with the reason it is accepted. Anything not listed here fails
 * {@code NagTest}.
 */
final class Suppressions {
    /** The named tables' own GSIs: the table is named, only "any index of it" is a pattern. */
    private static final Object TABLE_INDEXES = RegexAppliesTo.builder()
            .regex("/^Resource::<[A-Za-z0-9]*Tables[A-Za-z0-9]+Table[A-Za-z0-9]+(\\.Arn)?>\\/index\\/\\*$/g").build();
    /**
     * This API's own stage, any method, any connection id; in any partition, region and account, whether they are
     * tokens (an environment-agnostic synth) or concrete ({@code -c region=…}, {@code CDK_DEFAULT_REGION}).
     */
    private static final Object OWN_CONNECTIONS = RegexAppliesTo.builder()
            .regex("/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):execute-api:(<AWS::Region>|[a-z]{2}(-[a-z]+)+-[0-9]):"
                    + "(<AWS::AccountId>|[0-9]{12}):<[A-Za-z0-9]*WebSocketApi[A-Za-z0-9]*>"
                    + "\\/[a-z0-9-]+\\/\\*\\/@connections\\/\\*$/g").build();

    /** Routes live in their concerns' nested stacks, the API in the parent: both carry this. */
    private static final NagPackSuppression WEBSOCKET_AUTHORIZATION = rule("AwsSolutions-APIG4",
            "A WebSocket API authorizes once, on $connect (the only route that accepts an authorizer); every later "
                    + "route on that connection carries the authorizer's context (user id, role, store id) and the "
                    + "handlers authorize each action with it.");

    private Suppressions() {
    }

    static void apply(List<? extends IConstruct> functions, ApiLogging logging, WebSocketGateway webSocket, RestGateway rest,
                      BridgeService bridge, RuntimeSecrets secrets) {
        functions.forEach(stack -> suppress(stack,
                rule("AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole only lets a function write its own logs "
                        + "(its log group is declared with retention); AWSLambdaVPCAccessExecutionRole's ENI actions "
                        + "cannot be scoped to resources and are what attaching a function to the VPC requires.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"),
                rule("AwsSolutions-IAM5", "DynamoDB Query on a named table's global secondary indexes (e.g. "
                        + "connections/by_role for /ws/stats); the table itself is named.", TABLE_INDEXES),
                rule("AwsSolutions-IAM5", "execute-api:ManageConnections on this API's own stage: connection ids "
                        + "only exist at run time, so the connection is the one wildcard.", OWN_CONNECTIONS),
                rule("AwsSolutions-L1", "Java 21 is deliberate: the project compiles to release 21 (micronaut "
                        + "platform 4.10 and every module target it), and SnapStart with priming is tuned on it. "
                        + "Move to the next Java runtime together with the build's release level."),
                WEBSOCKET_AUTHORIZATION,
                rule("AwsSolutions-IAM5", "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords "
                        + "support no resource-level permissions, so their resource is '*'.", "Resource::*")));
        suppress(bridge,
                rule("AwsSolutions-IAM5", "DynamoDB Query on a named table's global secondary indexes; the table "
                        + "itself is named.", TABLE_INDEXES),
                rule("AwsSolutions-IAM5", "execute-api:ManageConnections on this API's own stage: connection ids "
                        + "only exist at run time.", OWN_CONNECTIONS),
                rule("AwsSolutions-IAM5", "cloudwatch:PutMetricData has no resource type to name; the statement's "
                        + "cloudwatch:namespace condition confines the bridge to the Ridewire namespace.",
                        "Resource::*"),
                rule("AwsSolutions-ECS2", "The environment holds only non-secret settings (region, endpoints, "
                        + "prefixes, the Redis host with its password as a placeholder); secrets are read from "
                        + "Secrets Manager at start-up (RIDEWIRE_SECRETS) and never appear in the task definition."));
        suppress(logging,
                rule("AwsSolutions-IAM4", "API Gateway's account-level logging role: the AWS managed policy is "
                        + "the documented one for letting API Gateway write access and execution logs.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"));
        suppress(webSocket, WEBSOCKET_AUTHORIZATION);
        suppress(rest,
                rule("AwsSolutions-APIG4", "The proxy hands every request to the Micronaut controllers, which "
                        + "authenticate bearer JWTs with the same verifier as the WebSocket authorizer; /health is "
                        + "public on purpose (load balancers and uptime checks)."),
                rule("AwsSolutions-COG4", "Users come from the platform's identity provider as JWTs (HS256 secret "
                        + "or JWKS), not from a Cognito user pool; the controllers verify them."),
                rule("AwsSolutions-APIG2", "Request bodies are validated by the controllers, which answer with the "
                        + "field and code of every error, as on the WebSocket API; a greedy proxy has no models."),
                rule("AwsSolutions-APIG3", "No WAF by default: the stage is throttled and every route but /health "
                        + "needs a token; a WAFv2 web ACL costs at least USD 5 a month plus rules and is an "
                        + "organisation-wide choice (docs/deploy.md)."));
        suppress(secrets,
                rule("AwsSolutions-SMG4", "Rotation is a documented procedure, not a Lambda: the JWT secret needs "
                        + "an overlap window agreed with the token issuer, the Redis AUTH token ElastiCache's "
                        + "ROTATE/SET strategy, and the NATS URL belongs to the NATS operator (docs/deploy.md)."));
    }

    private static NagPackSuppression rule(String id, String reason, Object... appliesTo) {
        var builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.of(appliesTo));
        }
        return builder.build();
    }

    private static void suppress(IConstruct construct, NagPackSuppression... rules) {
        NagSuppressions.addResourceSuppressions(construct, List.of(rules), true);
    }
}
