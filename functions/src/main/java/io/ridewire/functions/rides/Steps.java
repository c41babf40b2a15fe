package io.ridewire.functions.rides;

import java.util.List;

/** The effects an outbox entry owes, each independent of the others: one failing must not keep the rest from running. */
final class Steps {
    private Steps() {
    }

    /** Runs every step; the first failure is thrown afterwards, the others suppressed in it, so the entry runs again. */
    static void runEach(List<Runnable> steps) {
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
