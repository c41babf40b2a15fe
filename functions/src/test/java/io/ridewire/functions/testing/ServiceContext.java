package io.ridewire.functions.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.DefaultApplicationContextBuilder;
import io.micronaut.context.env.PropertySource;
import io.ridewire.functions.aws.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One application context for every service test in the JVM: the real beans, against DynamoDB Local running in this
 * JVM and the Redis and NATS servers {@code ./ridewire test} starts ({@code RIDEWIRE_TEST_REDIS_URI},
 * {@code RIDEWIRE_TEST_NATS_URL}), isolated from everything else by a random prefix for tables, keys, subjects and
 * streams. A test class uses it with {@code @MicronautTest(contextBuilder = ServiceContext.Shared.class)}.
 */
public final class ServiceContext {
    private static ApplicationContext context;
    private static LocalDynamo dynamo;

    private ServiceContext() {
    }

    /** The context, started on first use and closed when the JVM exits. */
    public static synchronized ApplicationContext get() {
        if (context == null) {
            dynamo = LocalDynamo.start();
            String prefix = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            Map<String, Object> properties = new HashMap<>();
            properties.put("ridewire.aws.dynamodb-endpoint", dynamo.endpoint());
            // nothing listens there: these tests have no WebSocket connections to post to
            properties.put("ridewire.aws.management-endpoint", "http://127.0.0.1:9/test");
            properties.put("ridewire.aws.local-credentials", true);
            properties.put("ridewire.aws.region", "us-east-1");
            properties.put("ridewire.tables.prefix", prefix + "-");
            properties.put("ridewire.redis.uri", redisUri());
            properties.put("ridewire.redis.key-prefix", prefix + ":");
            properties.put("ridewire.nats.url", env("RIDEWIRE_TEST_NATS_URL", "nats://127.0.0.1:4222"));
            properties.put("ridewire.nats.subject-prefix", prefix + ".");
            properties.put("ridewire.nats.stream-prefix", prefix.toUpperCase(java.util.Locale.ROOT) + "_");
            properties.put("ridewire.jwt.secret", "service-tests-secret-of-at-least-32-bytes!");
            ApplicationContext started = ApplicationContext.builder().properties(properties)
                    .environments("local", "test").start();
            Tables.createAll(started.getBean(DynamoDbClient.class), prefix + "-");
            context = started;
            LocalDynamo server = dynamo;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                server.close();
            }));
        }
        return context;
    }

    /** The Redis server of the tests: the private one {@code ./ridewire test} starts, else the default port. */
    public static String redisUri() {
        return env("RIDEWIRE_TEST_REDIS_URI", "redis://127.0.0.1:6379");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The builder {@code @MicronautTest} asks for a context: it hands out the shared one, with the test class's
     * properties added, through a view whose {@code start}, {@code stop} and {@code close} do nothing, since the
     * extension stops its context after each test class.
     */
    public static final class Shared extends DefaultApplicationContextBuilder {
        private final List<PropertySource> testSources = new ArrayList<>();

        public Shared() {
        }

        /** Kept for the shared context: among them is the test class the extension asks the context to enable. */
        @Override
        public ApplicationContextBuilder propertySources(PropertySource... sources) {
            testSources.addAll(List.of(sources));
            return super.propertySources(sources);
        }

        @Override
        public ApplicationContext build() {
            ApplicationContext shared = get();
            testSources.forEach(source -> shared.getEnvironment().addPropertySource(source));
            return (ApplicationContext) Proxy.newProxyInstance(ApplicationContext.class.getClassLoader(),
                    new Class<?>[] {ApplicationContext.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "stop", "start" -> {
                                if (method.getParameterCount() == 0) {
                                    return proxy;
                                }
                            }
                            case "close" -> {
                                if (method.getParameterCount() == 0) {
                                    return null;
                                }
                            }
                            default -> {
                            }
                        }
                        try {
                            return method.invoke(shared, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
