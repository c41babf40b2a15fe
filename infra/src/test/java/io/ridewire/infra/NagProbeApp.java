package io.ridewire.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/** A CDK app with one unsuppressed cdk-nag finding (a bucket without SSL enforcement or access logs). */
public final class NagProbeApp {
    private NagProbeApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "NagProbe");
        new Bucket(stack, "Plain");
        RidewireApp.checks(app);
        app.synth();
    }
}
