package io.ridewire.bridge.ops;

import io.ridewire.deployment.BridgeCatalogue;
import io.ridewire.functions.aws.DynamoCallCounter;

import java.util.function.Supplier;

/**
 * Runs the bridge's work with the DynamoDB calls it makes (on this thread and threads it starts) made as the bridge
 * ({@link BridgeCatalogue#PRINCIPAL}): the local stack checks them against the bridge's grants, as IAM does its role's,
 * and counts them apart from the functions'.
 */
public final class AsBridge {
    private AsBridge() {
    }

    public static <T> T get(Supplier<T> work) {
        return DynamoCallCounter.attributedTo(BridgeCatalogue.PRINCIPAL, work);
    }

    public static void run(Runnable work) {
        get(() -> {
            work.run();
            return null;
        });
    }
}
