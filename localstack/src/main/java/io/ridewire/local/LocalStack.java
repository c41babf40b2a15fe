package io.ridewire.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.convert.ConversionService;
import io.ridewire.bridge.Bridge;
import io.ridewire.bridge.sweeper.ConnectionSweeper;
import io.ridewire.bridge.welcome.WelcomeRelay;
import io.ridewire.bridge.timers.DeadlinePoller;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.local.dynamo.RouteGrants;
import io.ridewire.local.dynamo.EmbeddedDynamo;
import io.ridewire.functions.aws.Tables;
import io.ridewire.local.dynamo.TtlReaper;
import io.ridewire.local.gateway.GatewaySettings;
import io.ridewire.local.gateway.Lambdas;
import io.ridewire.local.gateway.WebSocketGateway;
import io.ridewire.local.services.ServiceProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The whole stack in one process: the gateway emulator in front of the real handler classes, DynamoDB Local
 * in memory with its tables, and the real Redis and NATS servers (started from PATH when none answers).
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** How long past expiry the emulated TTL deletes an item (AWS: up to days; the application must not wait for it). */
    private static final Duration TTL_LAG = Duration.ofMinutes(1);
    /** DynamoDB's attempt and call timeouts here, under the routes' 10 s timeout (see where they are set). */
    static final Duration LOCAL_DYNAMODB_ATTEMPT_TIMEOUT = Duration.ofSeconds(8);
    static final Duration LOCAL_DYNAMODB_CALL_TIMEOUT = Duration.ofSeconds(9);

    private final ServiceProcesses services;
    private final EmbeddedDynamo dynamo;
    private final ApplicationContext context;
    private final WebSocketGateway gateway;
    private final TtlReaper ttl;
    private final DevTokens tokens;
    private final Options options;
    private final Map<String, String> environment;
    private final RouteGrants grants;

    private LocalStack(Options options, ServiceProcesses services, EmbeddedDynamo dynamo, ApplicationContext context,
                       WebSocketGateway gateway, TtlReaper ttl, DevTokens tokens, Map<String, String> environment,
                       RouteGrants grants) {
        this.grants = grants;
        this.ttl = ttl;
        this.options = options;
        this.environment = environment;
        this.services = services;
        this.dynamo = dynamo;
        this.context = context;
        this.gateway = gateway;
        this.tokens = tokens;
    }

    /** Starts everything; on failure stops what had started. */
    public static LocalStack start(Options options) throws IOException, InterruptedException {
        ServiceProcesses services = new ServiceProcesses(options.persist);
        EmbeddedDynamo dynamo = null;
        ApplicationContext context = null;
        WebSocketGateway gateway = null;
        try {
            String redisUri = options.manageServices ? services.ensureRedis(options.redisUri) : options.redisUri;
            String natsUrl = options.manageServices ? services.ensureNats(options.natsUrl) : options.natsUrl;
            // An external DynamoDB (LocalStack's, see localstack/README.md) replaces the embedded one when named.
            String dynamoEndpoint = (String) options.properties.get("ridewire.aws.dynamodb-endpoint");
            dynamo = dynamoEndpoint == null
                    ? EmbeddedDynamo.start(options.persist == null ? null : options.persist.resolve("dynamodb")) : null;
            int port = options.gateway.port() == 0 ? FreePorts.next() : options.gateway.port();
            GatewaySettings gatewaySettings = options.gateway.withPort(port);
            Map<String, Object> properties = new HashMap<>();
            properties.put("ridewire.aws.dynamodb-endpoint",
                    dynamo == null ? dynamoEndpoint : dynamo.endpoint().toString());
            properties.put("ridewire.aws.management-endpoint",
                    "http://" + gatewaySettings.host() + ":" + port + "/" + gatewaySettings.stage());
            properties.put("ridewire.aws.local-credentials", true);
            properties.put("ridewire.aws.region", gatewaySettings.region());
            properties.put("ridewire.tables.prefix", options.tablePrefix);
            properties.put("ridewire.redis.uri", redisUri);
            properties.put("ridewire.redis.key-prefix", options.redisKeyPrefix);
            properties.put("ridewire.nats.url", natsUrl);
            properties.put("ridewire.nats.subject-prefix", options.subjectPrefix);
            properties.put("ridewire.nats.stream-prefix", options.streamPrefix);
            properties.put("ridewire.jwt.secret", options.jwtSecret);
            // one process holds every connection here: sweep and check with the gateway far more often than in AWS
            properties.put("ridewire.connections.sweep.interval", "10s");
            properties.put("ridewire.connections.sweep.probe-interval", "60s");
            properties.put("ridewire.connections.sweep.probes-per-pass", "200");
            // DynamoDB Local runs every call on one SQLite thread: in a burst a call queues for seconds where DynamoDB
            // answers in milliseconds, so here one attempt may wait nearly the route's 10 s, not 4 s and a retry
            properties.put("ridewire.aws.dynamodb-attempt-timeout", LOCAL_DYNAMODB_ATTEMPT_TIMEOUT.toSeconds() + "s");
            properties.put("ridewire.aws.dynamodb-call-timeout", LOCAL_DYNAMODB_CALL_TIMEOUT.toSeconds() + "s");
            properties.putAll(options.properties);
            Map<String, String> environment = new HashMap<>();
            properties.forEach((name, value) -> environment.put(
                    name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), String.valueOf(value)));
            context = ApplicationContext.builder().properties(properties).environments("local").start();
            Tables.createAll(context.getBean(DynamoDbClient.class), options.tablePrefix);
            RouteGrants grants = new RouteGrants(context.getBean(TableNames.class).prefix());
            if (context.getProperty("ridewire.local.iam", Boolean.class).orElse(true)) {
                context.getBean(DynamoCallCounter.class).guard(grants); // each route gets what the CDK stack grants it
            }
            DevTokens tokens = new DevTokens(options.jwtSecret, context.getBean(Clock.class));
            gateway = new WebSocketGateway(gatewaySettings, new Lambdas(context), context.getBean(Clock.class),
                    tokens::fromQuery, options.devMode).start();
            try {
                context.getBean(WelcomeRelay.class).start();
                if (options.bridge) {
                    context.getBean(Bridge.class).start();
                }
            } catch (IOException e) {
                LOG.warn("NATS JetStream unavailable ({}): connection.established is sent without it, "
                        + "and no back-end events are relayed", e.getMessage());
            }
            context.getBean(DeadlinePoller.class).start();
            context.getBean(ConnectionSweeper.class).start();
            TtlReaper ttl = new TtlReaper(context.getBean(DynamoDbClient.class), options.tablePrefix,
                    context.getBean(Clock.class), TTL_LAG, Duration.ofSeconds(10)).start();
            return new LocalStack(options, services, dynamo, context, gateway, ttl, tokens, Map.copyOf(environment),
                    grants);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (gateway != null) {
                gateway.close();
            }
            if (context != null) {
                context.close();
            }
            if (dynamo != null) {
                dynamo.close();
            }
            services.close();
            throw e;
        }
    }

    public ApplicationContext context() {
        return context;
    }

    public WebSocketGateway gateway() {
        return gateway;
    }

    /** The emulation of DynamoDB's TTL deletions, which DynamoDB Local lacks. */
    public TtlReaper ttlReaper() {
        return ttl;
    }

    public DevTokens tokens() {
        return tokens;
    }

    /** The local IAM: what each route may do in DynamoDB, and what it was refused so far. */
    public RouteGrants grants() {
        return grants;
    }

    public URI webSocketUri() {
        return gateway.webSocketUri();
    }

    public Options options() {
        return options;
    }

    /**
     * The {@code RIDEWIRE_*} environment that points another process (a bridge container, say) at this stack:
     * the same tables, Redis keys, subjects and management endpoint.
     */
    public Map<String, String> environmentForProcesses() {
        return environment;
    }

    @Override
    public void close() {
        try {
            context.getBean(Bridge.class).close();
            context.getBean(WelcomeRelay.class).close();
        } catch (RuntimeException e) {
            LOG.debug("relay close: {}", e.toString());
        }
        context.getBean(DeadlinePoller.class).close();
        context.getBean(ConnectionSweeper.class).close();
        ttl.close();
        gateway.close();
        context.close();
        if (dynamo != null) {
            dynamo.close();
        }
        services.close();
    }

    public static Options.Builder builder() {
        return new Options.Builder();
    }

    /** How to start the stack; {@link #fromEnvironment()} reads the documented {@code RIDEWIRE_*} variables. */
    public static final class Options {
        final GatewaySettings gateway;
        final String redisUri;
        final String natsUrl;
        final String tablePrefix;
        final String redisKeyPrefix;
        final String subjectPrefix;
        final String streamPrefix;
        final String jwtSecret;
        final boolean manageServices;
        final boolean bridge;
        final boolean devMode;
        final java.nio.file.Path persist;
        final Map<String, Object> properties;

        private Options(Builder b) {
            this.gateway = b.gateway;
            this.redisUri = b.redisUri;
            this.natsUrl = b.natsUrl;
            this.tablePrefix = b.tablePrefix;
            this.redisKeyPrefix = b.redisKeyPrefix;
            this.subjectPrefix = b.subjectPrefix;
            this.streamPrefix = b.streamPrefix;
            this.jwtSecret = b.jwtSecret;
            this.manageServices = b.manageServices;
            this.bridge = b.bridge;
            this.devMode = b.devMode;
            this.persist = b.persist;
            this.properties = Map.copyOf(b.properties);
        }

        public String jwtSecret() {
            return jwtSecret;
        }

        public String redisKeyPrefix() {
            return redisKeyPrefix;
        }

        public String subjectPrefix() {
            return subjectPrefix;
        }

        public String streamPrefix() {
            return streamPrefix;
        }

        public String tablePrefix() {
            return tablePrefix;
        }

        public static Builder fromEnvironment() {
            Map<String, String> env = System.getenv();
            Builder builder = new Builder();
            GatewaySettings defaults = GatewaySettings.defaults();
            builder.gateway = defaults.withPort(Integer.parseInt(env.getOrDefault("RIDEWIRE_PORT", "8080")))
                    .withBackPressure(
                            Integer.parseInt(env.getOrDefault("RIDEWIRE_GATEWAY_OUTBOUND_BUFFER_BYTES",
                                    Integer.toString(defaults.outboundBufferBytes()))),
                            Optional.ofNullable(env.get("RIDEWIRE_GATEWAY_SLOW_CONSUMER_GRACE"))
                                    .map(v -> ConversionService.SHARED.convertRequired(v, Duration.class))
                                    .orElse(defaults.slowConsumerGrace()));
            Optional.ofNullable(env.get("RIDEWIRE_REDIS_URI")).ifPresent(v -> builder.redisUri = v);
            Optional.ofNullable(env.get("RIDEWIRE_NATS_URL")).ifPresent(v -> builder.natsUrl = v);
            Optional.ofNullable(env.get("RIDEWIRE_JWT_SECRET")).ifPresent(v -> builder.jwtSecret = v);
            Optional.ofNullable(env.get("RIDEWIRE_TABLES_PREFIX")).ifPresent(v -> builder.tablePrefix = v);
            Optional.ofNullable(env.get("RIDEWIRE_REDIS_KEY_PREFIX")).ifPresent(v -> builder.redisKeyPrefix = v);
            Optional.ofNullable(env.get("RIDEWIRE_NATS_SUBJECT_PREFIX")).ifPresent(v -> builder.subjectPrefix = v);
            Optional.ofNullable(env.get("RIDEWIRE_NATS_STREAM_PREFIX")).ifPresent(v -> builder.streamPrefix = v);
            // shortened by the SDK's tests to see keep-alive and rotation at work
            Duration idle = Optional.ofNullable(env.get("RIDEWIRE_GATEWAY_IDLE_TIMEOUT")).map(LocalStack::duration)
                    .orElse(builder.gateway.idleTimeout());
            Duration lifetime = Optional.ofNullable(env.get("RIDEWIRE_GATEWAY_MAX_CONNECTION_DURATION"))
                    .map(LocalStack::duration).orElse(builder.gateway.maxConnectionDuration());
            builder.gateway = builder.gateway.withTimeouts(idle, lifetime);
            Optional.ofNullable(env.get("RIDEWIRE_LOCAL_DEV")).ifPresent(v -> builder.devMode = !"false".equalsIgnoreCase(v.trim()));
            Optional.ofNullable(env.get("RIDEWIRE_AWS_DYNAMODB_ENDPOINT"))
                    .ifPresent(v -> builder.properties.put("ridewire.aws.dynamodb-endpoint", v));
            return builder;
        }

        /** Builder with the local defaults. */
        public static final class Builder {
            private GatewaySettings gateway = GatewaySettings.defaults();
            private String redisUri = "redis://127.0.0.1:6379";
            private String natsUrl = "nats://127.0.0.1:4222";
            private String tablePrefix = "ridewire-";
            private String redisKeyPrefix = "rw:";
            private String subjectPrefix = "";
            private String streamPrefix = "RIDEWIRE_";
            private String jwtSecret = DevTokens.LOCAL_SECRET;
            private boolean manageServices = true;
            private boolean bridge = true;
            private boolean devMode = true;
            private java.nio.file.Path persist;
            private final Map<String, Object> properties = new HashMap<>();

            public Builder gateway(GatewaySettings settings) {
                this.gateway = settings;
                return this;
            }

            public Builder port(int port) {
                this.gateway = gateway.withPort(port);
                return this;
            }

            public Builder timeouts(Duration idle, Duration maxDuration) {
                this.gateway = gateway.withTimeouts(idle, maxDuration);
                return this;
            }

            /** A connection's outbound bound (bytes) and how long it may stay over it before it is closed with 4008. */
            public Builder backPressure(int outboundBufferBytes, Duration grace) {
                this.gateway = gateway.withBackPressure(outboundBufferBytes, grace);
                return this;
            }

            public Builder redisUri(String uri) {
                this.redisUri = uri;
                return this;
            }

            public Builder natsUrl(String url) {
                this.natsUrl = url;
                return this;
            }

            /** One prefix isolating tables, Redis keys, subjects and streams (tests use a random one). */
            public Builder isolation(String prefix) {
                this.tablePrefix = prefix + "-";
                this.redisKeyPrefix = prefix + ":";
                this.subjectPrefix = prefix + ".";
                this.streamPrefix = prefix.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
                return this;
            }

            public Builder jwtSecret(String secret) {
                this.jwtSecret = secret;
                return this;
            }

            /** Start Redis / NATS from PATH when not reachable (default on). */
            public Builder manageServices(boolean manage) {
                this.manageServices = manage;
                return this;
            }

            /** Run the JetStream bridge in this process (default on); off when a test runs bridges of its own. */
            public Builder bridge(boolean inProcess) {
                this.bridge = inProcess;
                return this;
            }

            /** Serve {@code /_local/*} (token minting, faults, stats); on by default, {@code RIDEWIRE_LOCAL_DEV=false} turns it off. */
            public Builder devMode(boolean on) {
                this.devMode = on;
                return this;
            }

            /**
             * Keep the stack's state under {@code dir} across restarts: DynamoDB Local's tables, Redis's append-only
             * file and nats-server's store (Redis and NATS are then always started by the stack). Null: in memory.
             */
            public Builder persist(java.nio.file.Path dir) {
                this.persist = dir == null ? null : dir.toAbsolutePath();
                return this;
            }

            /** Any Micronaut property ({@code ridewire.rate-limit.limit}, say). */
            public Builder property(String name, Object value) {
                this.properties.put(name, value);
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }

    /** A duration as Micronaut writes it: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}. */
    static Duration duration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (500ms, 30s, 10m, 2h): " + text);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** {@code ./ridewire up [--persist DIR]}. */
    public static void main(String[] args) throws Exception {
        Options.Builder builder = Options.fromEnvironment();
        for (int i = 0; i < args.length; i++) {
            if ("--persist".equals(args[i]) && i + 1 < args.length) {
                builder.persist(java.nio.file.Path.of(args[++i]));
            } else if ("--port".equals(args[i]) && i + 1 < args.length) {
                builder.port(Integer.parseInt(args[++i]));
            } else {
                System.err.println("usage: ridewire up [--persist DIR] [--port PORT]");
                System.exit(2);
            }
        }
        Options options = builder.build();
        LocalStack stack = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "ridewire-shutdown"));
        URI ws = stack.webSocketUri();
        System.out.println("ready " + ws);
        System.out.println("  REST:        " + stack.gateway().restEndpoint() + "/health");
        if (options.devMode) {
            System.out.println("  dev token:   curl '" + stack.gateway().restEndpoint()
                    + "/_local/token?role=driver&sub=driver-1'   (or ./ridewire token driver driver-1)");
        } else {
            System.out.println("  development mode off (RIDEWIRE_LOCAL_DEV=false): no /_local endpoints");
        }
        System.out.println("  connect:     " + ws + "?token=<token>");
        System.out.println(options.persist == null
                ? "  state:       in memory (a restart loses it; ./ridewire up --persist DIR keeps it)"
                : "  state:       kept in " + options.persist);
        System.out.println("  Ctrl-C stops everything.");
        stopped.await();
    }
}
