package io.ridewire.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** {@code cdk synth|deploy} entry point (cdk.json): one stack per {@code -c env=…}, checked by cdk-nag. */
public final class RidewireApp {
    private RidewireApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        StackSettings settings = StackSettings.from(app.getNode());
        new RidewireStack(app, "Ridewire-" + settings.env(), StackProps.builder()
                .env(Environment.builder()
                        .account(setting(app, "account", "CDK_DEFAULT_ACCOUNT"))
                        .region(setting(app, "region", "CDK_DEFAULT_REGION"))
                        .build())
                .description("Ridewire real-time backend (" + settings.env() + ")")
                .build(), settings);
        checks(app);
        app.synth();
    }

    /** cdk-nag's AwsSolutions pack on every stack: its errors are annotations that fail {@code cdk synth}. */
    static void checks(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks());
    }

    /** {@code -c account=…} / {@code -c region=…} first (synthesis without credentials), else what the CLI found. */
    private static String setting(App app, String contextKey, String environmentVariable) {
        Object value = app.getNode().tryGetContext(contextKey);
        return value != null && !value.toString().isBlank() ? value.toString() : System.getenv(environmentVariable);
    }
}
