package io.ridewire.bridge.ops;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A long-lived process's background pass, on a virtual thread of its own: the pass, then a pause, until closed. A
 * pass that throws is reported and followed by a longer pause, so a failing store is not hammered.
 */
public final class Periodic implements AutoCloseable {
    private final Thread loop;

    private Periodic(Thread loop) {
        this.loop = loop;
    }

    /**
     * Starts {@code pass} now and again {@code pause} after each run, {@code pauseAfterFailure} after a run that
     * threw (the exception goes to {@code failed}).
     */
    public static Periodic start(String name, Runnable pass, Duration pause, Duration pauseAfterFailure,
                                 Consumer<RuntimeException> failed) {
        return new Periodic(Thread.ofVirtual().name(name).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Duration next = pause;
                try {
                    pass.run();
                } catch (RuntimeException e) {
                    failed.accept(e);
                    next = pauseAfterFailure;
                }
                try {
                    Thread.sleep(next);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }));
    }

    /** Stops after the pass in progress, if any. */
    @Override
    public void close() {
        loop.interrupt();
    }
}
