package io.ridewire.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;

/**
 * The account-level role API Gateway (REST and WebSocket) needs before any stage may write access or execution logs
 * to CloudWatch. It is one setting per account and region: it is retained on teardown, since other APIs in the
 * account may rely on it.
 */
public final class ApiLogging extends Construct {
    private final CfnAccount account;

    public ApiLogging(Construct scope, String id) {
        super(scope, id);
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("Lets API Gateway write Ridewire's access and execution logs to CloudWatch")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(
                        "service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                .build();
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        this.account = CfnAccount.Builder.create(this, "Account").cloudWatchRoleArn(role.getRoleArn()).build();
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    public CfnAccount account() {
        return account;
    }
}
