package io.ridewire.bridge.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Starts the bridge's NATS-side work (its consumers, the welcome relay) or, while NATS cannot be reached, keeps the
 * process up and degraded, trying again every {@code retry}: the first deploy runs against the placeholder NATS URL
 * until the operator sets the real one, and a bridge that crashed in a loop would only hide that. The state is what
 * {@code /ready} and the {@code BridgeReady} metric report.
 */
public final class Startup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    /** Where the bridge stands. */
    public enum State {
        STARTING,
        /** Consuming: every step started. */
        CONSUMING,
        /** The NATS URL is still the placeholder (a {@code .invalid} host): waiting for the operator. */
        UNCONFIGURED,
        /** A configured NATS did not answer (or refused the set-up): retrying. */
        UNREACHABLE
    }

    /** One piece of start-up that needs NATS; safe to call again after it failed. */
    public interface Step {
        void start() throws IOException;
    }

    private final List<Step> steps;
    private final String natsUrl;
    private final Duration retry;
    private volatile State state = State.STARTING;
    private volatile String reason = "";
    private volatile Thread retrying;

    public Startup(List<Step> steps, String natsUrl, Duration retry) {
        this.steps = List.copyOf(steps);
        this.natsUrl = natsUrl;
        this.retry = retry;
    }

    /** Tries once now; when that fails, keeps trying in the background until every step has started. */
    public Startup begin() {
        if (!attempt()) {
            retrying = Thread.ofVirtual().name("bridge-startup").start(() -> {
                try {
                    do {
                        Thread.sleep(retry);
                    } while (!attempt());
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return this;
    }

    /** One try of every step; false (and degraded) when one fails. */
    boolean attempt() {
        try {
            for (Step step : steps) {
                step.start();
            }
        } catch (IOException | RuntimeException e) {
            State now = isPlaceholder(natsUrl) ? State.UNCONFIGURED : State.UNREACHABLE;
            String why = now == State.UNCONFIGURED
                    ? "the NATS URL is still the placeholder: put the real one in the nats-url secret (docs/deploy.md)"
                    : "NATS at " + hostOf(natsUrl) + " did not answer: " + e.getMessage();
            if (now != state || !why.equals(reason)) {
                LOG.warn("bridge degraded ({}): {}; retrying every {}s", now, why, retry.toSeconds());
            }
            reason = why;
            state = now;
            return false;
        }
        if (state != State.CONSUMING) {
            LOG.info("bridge consuming (NATS at {})", hostOf(natsUrl));
        }
        reason = "";
        state = State.CONSUMING;
        return true;
    }

    public State state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    /** Consuming. */
    public boolean ready() {
        return state == State.CONSUMING;
    }

    /**
     * Whether the container is as well as it can be: consuming, or waiting for configuration that no restart would
     * bring (the container health check replaces the task otherwise).
     */
    public boolean healthy() {
        return state == State.CONSUMING || state == State.UNCONFIGURED || state == State.STARTING;
    }

    /** The placeholder the stack puts in the NATS URL secret: a host under {@code .invalid} (RFC 2606) never resolves. */
    public static boolean isPlaceholder(String url) {
        String host = hostOf(url);
        return host.equals("invalid") || host.endsWith(".invalid");
    }

    /** The host only: the URL may carry credentials, which never reach a log line. */
    static String hostOf(String url) {
        try {
            String host = URI.create(url.split(",")[0].trim()).getHost();
            return host == null ? "?" : host.toLowerCase();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        Thread thread = retrying;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
