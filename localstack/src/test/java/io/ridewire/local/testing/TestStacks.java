package io.ridewire.local.testing;

import io.ridewire.local.LocalStack;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The local stack for tests. {@link #shared()} is one stack per test JVM (started on first use, stopped at JVM
 * exit); {@link #start} gives a test its own stack when it needs other settings. Every stack gets a random
 * isolation prefix, so tests never see each other's tables, Redis keys, subjects or streams, nor leftovers on the
 * machine's Redis and NATS.
 */
public final class TestStacks {
    private static final Map<String, LocalStack> SHARED = new HashMap<>();

    private TestStacks() {
    }

    public static LocalStack shared() {
        return shared("default", UnaryOperator.identity());
    }

    /** The stack of this name, one per test JVM, with its settings (started on first use, stopped at JVM exit). */
    public static synchronized LocalStack shared(String name, UnaryOperator<LocalStack.Options.Builder> customize) {
        return SHARED.computeIfAbsent(name, n -> {
            LocalStack stack = start(customize);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            return stack;
        });
    }

    /** A stack of its own, configured further by {@code customize}; the caller closes it. */
    public static LocalStack start(UnaryOperator<LocalStack.Options.Builder> customize) {
        String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalStack.Options.Builder builder = LocalStack.builder()
                .port(0)
                .isolation(prefix)
                .redisUri(env("RIDEWIRE_TEST_REDIS_URI", "redis://127.0.0.1:6379"))
                .natsUrl(env("RIDEWIRE_TEST_NATS_URL", "nats://127.0.0.1:4222"));
        try {
            return LocalStack.start(customize.apply(builder).build());
        } catch (Exception e) {
            throw new IllegalStateException("local stack failed to start", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A user id no other test uses. */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
