package io.ridewire.bench.orders;

import io.ridewire.bench.load.BenchOptions;

import io.ridewire.bench.Bench;
import io.ridewire.bench.load.CpuClock;
import io.ridewire.bench.load.LoadClient;
import io.ridewire.bench.load.Percentiles;
import io.ridewire.bench.gateway.PostCeiling;
import io.ridewire.bench.load.Profiler;
import io.ridewire.bench.load.RunFolder;
import io.ridewire.bench.peers.SocketIoPeer;
import io.ridewire.bench.posts.PostLoad;
import io.ridewire.bench.posts.SdkPoster;
import io.ridewire.bench.load.StackProcess;
import io.ridewire.model.identity.Role;
import io.ridewire.local.DevTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order fan-out through the local stack (its own JVM): (1) {@code order:status_update} to an order room of N
 * members (support staff who joined it), (2) a taxi {@code new_order} to D available drivers around the pickup,
 * (3) {@code viewer_count} among V drivers viewing one order. Latency runs from the request that causes the
 * event (the REST call, or the client message) to each socket's receipt.
 */
public final class OrderFanOut implements Bench.Scenario {
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":\"([^\"]+)\"");
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
    private static final double LAT = -6.2;
    private static final double LNG = 106.8;
    /** Joins sent before waiting for their answers. */
    private static final int JOIN_WAVE = 100;

    private final HttpClient http = HttpClient.newHttpClient();
    private final DevTokens tokens = new DevTokens(DevTokens.LOCAL_SECRET, Clock.systemUTC());
    private StackProcess stack;
    private LoadClient client;
    private Path runFolder;
    private boolean profile;

    @Override
    public String description() {
        return "order fan-out: status_update to a room (beside the posts ceiling and Socket.IO 4), new_order to drivers, "
                + "viewer_count [--room 1000 --orders 5 --warmup-orders 30 --drivers 5000 --viewers 500 --toggles 40 "
                + "--toggle-gap-ms 400 --phases room,new-order,viewers --ceiling-client crt --peer socketio --profile false --heap 2g]";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int room = Integer.parseInt(options.getOrDefault("room", "1000"));
        int drivers = Integer.parseInt(options.getOrDefault("drivers", "5000"));
        int viewers = Math.min(drivers, Integer.parseInt(options.getOrDefault("viewers", "500")));
        int orders = Integer.parseInt(options.getOrDefault("orders", "5"));
        int warmupOrders = Integer.parseInt(options.getOrDefault("warmup-orders", "30"));
        int toggles = Integer.parseInt(options.getOrDefault("toggles", "40"));
        int toggleGapMillis = Integer.parseInt(options.getOrDefault("toggle-gap-ms", "400"));
        List<String> phases = List.of(options.getOrDefault("phases", "room,new-order,viewers").split(","));
        // the stack's sender uses RIDEWIRE_AWS_HTTP_CLIENT (inherited by the stack's process): measure the same one
        String ceilingClient = options.getOrDefault("ceiling-client", System.getenv().getOrDefault("RIDEWIRE_AWS_HTTP_CLIENT", "crt"));
        String peer = options.getOrDefault("peer", "socketio");
        String heap = options.getOrDefault("heap", "2g");
        this.profile = Boolean.parseBoolean(options.getOrDefault("profile", "false"));
        this.runFolder = RunFolder.create("orders");
        try (StackProcess started = StackProcess.start(heap, Map.of(
                "RIDEWIRE_RATE_LIMIT_ENABLED", "false",
                "RIDEWIRE_ORDERS_BROADCAST_LIMIT", Integer.toString(drivers * 2),
                "RIDEWIRE_ORDERS_BROADCAST_RADIUS_KM", "20"), runFolder);
             LoadClient load = new LoadClient(2)) {
            this.stack = started;
            this.client = load;
            System.out.println("## orders: fan-out");
            if (phases.contains("room")) {
                Percentiles roomLatency = new Percentiles();
                double roomRate = roomFanOut(room, warmupOrders, orders, roomLatency);
                if (!"none".equals(ceilingClient)) {
                    // the median of 3 rounds: one 8 s round of the ceiling moved by a third from run to run
                    PostLoad.Result ceiling = PostCeiling.measure(stack, client, List.of(SdkPoster.Kind.parse(ceilingClient)),
                            100, 128, Duration.ofSeconds(5), Duration.ofSeconds(8), 3).values().iterator().next();
                    System.out.printf(Locale.ROOT, "room fan-out / posts ceiling (%s, 100 sockets, 128 in flight, same stack, "
                            + "median of 3 rounds) = %.0f / %.0f "
                            + "= %.2f%n", ceilingClient, roomRate, ceiling.postsPerSecond(), roomRate / ceiling.postsPerSecond());
                }
                if ("socketio".equals(peer)) {
                    SocketIoPeer.Result socketIo = SocketIoPeer.run(room, orders * 3, warmupOrders * 3, runFolder);
                    System.out.printf(Locale.ROOT, "Socket.IO 4 room of %d, %d fan-outs after %d warm-up: %s%n", room,
                            orders * 3, warmupOrders * 3, socketIo.summary());
                    System.out.printf(Locale.ROOT, "Socket.IO / Ridewire throughput = %.0f / %.0f = %.1f×; p99 %.0f ms vs %.0f ms%n",
                            socketIo.perSecond(), roomRate, socketIo.perSecond() / roomRate, socketIo.p99(),
                            roomLatency.millis(0.99));
                }
            }
            List<LoadClient.Conn> driverConns = new ArrayList<>();
            Router router = new Router();
            if (phases.contains("new-order")) {
                newOrderFanOut(drivers, orders, driverConns, router);
                if (phases.contains("viewers")) {
                    viewerCounts(viewers, toggles, toggleGapMillis, driverConns, router);
                }
            }
            driverConns.forEach(LoadClient.Conn::close);
        }
    }

    // ---- 1. order:status_update to a room of N ----

    /** Deliveries per second over the measured fan-outs (after {@code warmupOrders} orders' worth). */
    private double roomFanOut(int members, int warmupOrders, int orders, Percentiles latency) throws Exception {
        String store = "bench-store";
        String customer = token(Role.CUSTOMER, "bench-customer", null);
        String merchant = token(Role.MERCHANT, "bench-merchant", store);
        AtomicReference<Round> round = new AtomicReference<>();
        AtomicInteger joined = new AtomicInteger();
        List<LoadClient.Conn> conns = connectAll(members, i -> token(Role.SUPPORT, "bench-support-" + i, null),
                (text, at) -> {
                    if (text.contains("\"type\":\"order:status_update\"")) {
                        Round current = round.get();
                        if (current != null && text.contains(current.marker)) {
                            current.arrived(at);
                        }
                    } else if (text.contains("\"type\":\"order:joined\"")) {
                        joined.incrementAndGet();
                    }
                });
        long deliveries = 0;
        double busySeconds = 0;
        CpuClock.Usage stackUsed = new CpuClock.Usage(0, 0);
        long benchCpuNanos = 0;
        Profiler profiler = null;
        for (int o = 0; o < warmupOrders + orders; o++) {
            boolean measured = o >= warmupOrders;
            if (o == warmupOrders && profile) {
                profiler = Profiler.start(stack.pid(), runFolder);
                profiler.pause();
            }
            String orderId = orderIdOf(post("/orders", customer, String.format(Locale.ROOT,
                    "{\"type\":\"delivery\",\"store_id\":\"%s\",\"items\":[{\"sku\":\"x\",\"qty\":1}],"
                            + "\"pickup\":{\"lat\":%f,\"lng\":%f},\"drop\":{\"lat\":%f,\"lng\":%f}}",
                    store, LAT, LNG, LAT + 0.02, LNG)));
            joined.set(0);
            // in waves: 1,000 joins at once queue on DynamoDB Local's one thread past the routes' 10 s timeout
            for (int from = 0; from < conns.size(); from += JOIN_WAVE) {
                int to = Math.min(conns.size(), from + JOIN_WAVE);
                for (LoadClient.Conn conn : conns.subList(from, to)) {
                    conn.send("{\"type\":\"order:join\",\"payload\":{\"order_id\":\"" + orderId + "\"}}");
                }
                awaitCount(joined, to, Duration.ofSeconds(30));
            }
            for (String status : List.of("accepted_by_merchant", "preparing", "ready")) {
                Round r = new Round("\"status\":\"" + status + "\"", conns.size(), measured ? latency : new Percentiles());
                round.set(r);
                // the profile and the CPU counts cover the fan-outs only, not the joins between them
                if (profiler != null) {
                    profiler.resume();
                }
                CpuClock.Usage stackBefore = CpuClock.usage(stack.pid());
                long benchBefore = CpuClock.self();
                r.start = System.nanoTime();
                post("/orders/" + orderId + "/status", merchant, "{\"status\":\"" + status + "\"}");
                r.await(Duration.ofSeconds(60));
                if (profiler != null) {
                    profiler.pause();
                }
                if (measured) {
                    deliveries += r.count.get();
                    busySeconds += (r.last.get() - r.start) / 1e9;
                    stackUsed = stackUsed.plus(CpuClock.usage(stack.pid()).since(stackBefore));
                    benchCpuNanos += CpuClock.self() - benchBefore;
                }
            }
        }
        if (profiler != null) {
            profiler.stop();
        }
        double rate = deliveries / busySeconds;
        System.out.printf(Locale.ROOT, "order:status_update to a room of %d: %d fan-outs after %d warm-up, %d deliveries, "
                        + "%.0f deliveries/s (room size / time to the last member); latency from the REST call %s%n",
                conns.size(), orders * 3, warmupOrders * 3, deliveries, rate, latency.summary());
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "  CPU per delivery during the fan-outs: stack %.0f µs (its JIT compilers "
                        + "%.0f %% of it), bench's sockets %.0f µs (%d cores give %.0f µs of CPU per delivery at this "
                        + "rate)%n",
                stackUsed.cpuNanos() / 1e3 / deliveries, 100.0 * stackUsed.compilerShare(),
                benchCpuNanos / 1e3 / deliveries, cores, cores * 1e6 / rate);
        conns.forEach(LoadClient.Conn::close);
        return rate;
    }

    // ---- 2. new_order to D drivers ----

    private void newOrderFanOut(int drivers, int orders, List<LoadClient.Conn> conns, Router router) throws Exception {
        String customer = token(Role.CUSTOMER, "bench-rider", null);
        AtomicReference<Round> round = new AtomicReference<>();
        router.onNewOrder = (text, at) -> {
            Round current = round.get();
            if (current != null && text.contains(current.marker)) {
                current.arrived(at);
            }
        };
        List<LoadClient.Conn> opened = connectAll(drivers, i -> token(Role.DRIVER, "bench-driver-" + i, null), router);
        conns.addAll(opened);
        for (int i = 0; i < opened.size(); i++) {
            opened.get(i).send(String.format(Locale.ROOT,
                    "{\"type\":\"driver:location_update\",\"payload\":{\"lat\":%.6f,\"lng\":%.6f}}",
                    LAT + (i % 100) * 0.0004, LNG + (i / 100) * 0.0004));
            if (i % 200 == 199) {
                Thread.sleep(20);
            }
        }
        Percentiles latency = new Percentiles();
        Percentiles warmup = new Percentiles();
        // warm-up orders until every driver is in the pool (location updates are processed asynchronously)
        for (int attempt = 0; attempt < 10; attempt++) {
            Round r = runNewOrder(customer, round, opened.size(), warmup);
            if (r.count.get() >= opened.size()) {
                break;
            }
            Thread.sleep(1000);
        }
        long deliveries = 0;
        double busySeconds = 0;
        for (int o = 0; o < orders; o++) {
            Round r = runNewOrder(customer, round, opened.size(), latency);
            deliveries += r.count.get();
            busySeconds += (r.last.get() - r.start) / 1e9;
        }
        System.out.printf(Locale.ROOT, "new_order to %d drivers nearby: %d orders, %d deliveries, %.0f deliveries/s; "
                        + "latency from POST /orders %s%n",
                opened.size(), orders, deliveries, deliveries / busySeconds, latency.summary());
    }

    private Round runNewOrder(String customer, AtomicReference<Round> round, int expected, Percentiles latency)
            throws Exception {
        Round r = new Round(null, expected, latency);
        round.set(r);
        r.start = System.nanoTime();
        String response = postAsync("/orders", customer, String.format(Locale.ROOT,
                "{\"type\":\"taxi\",\"pickup\":{\"lat\":%f,\"lng\":%f},\"drop\":{\"lat\":%f,\"lng\":%f}}",
                LAT, LNG, LAT + 0.05, LNG + 0.05), r);
        r.await(Duration.ofSeconds(60));
        return r;
    }

    // ---- 3. viewer_count among V viewers ----

    private void viewerCounts(int viewers, int toggles, int gapMillis, List<LoadClient.Conn> drivers, Router router)
            throws Exception {
        String customerToken = token(Role.CUSTOMER, "bench-viewed", null);
        AtomicReference<Round> round = new AtomicReference<>();
        AtomicLong received = new AtomicLong();
        BiConsumer<String, Long> onCount = (text, at) -> {
            received.incrementAndGet();
            Round current = round.get();
            if (current != null && text.contains(current.marker)) {
                current.arrived(at);
            }
        };
        router.onViewerCount = onCount;
        LoadClient.Conn customer = connectAll(1, i -> customerToken, (text, at) -> {
            if (text.contains("\"type\":\"viewer_count\"")) {
                onCount.accept(text, at);
            }
        }).getFirst();
        router.onNewOrder = (text, at) -> { };
        String orderId = orderIdOf(post("/orders", customerToken, String.format(Locale.ROOT,
                "{\"type\":\"taxi\",\"pickup\":{\"lat\":%f,\"lng\":%f},\"drop\":{\"lat\":%f,\"lng\":%f}}",
                LAT, LNG, LAT + 0.05, LNG + 0.05)));

        // ramp: V drivers start viewing, 10 every 100 ms (each change is told to every viewer: quadratic)
        String viewing = "{\"type\":\"viewing_order\",\"payload\":{\"order_id\":\"" + orderId + "\"}}";
        String stop = "{\"type\":\"stop_viewing_order\",\"payload\":{\"order_id\":\"" + orderId + "\"}}";
        Round full = new Round("\"count\":" + viewers + "}", viewers + 1, new Percentiles());
        round.set(full);
        long rampStart = System.nanoTime();
        full.start = rampStart;
        for (int i = 0; i < viewers; i++) {
            drivers.get(i).send(viewing);
            if (i % 10 == 9) {
                Thread.sleep(100);
            }
        }
        full.await(Duration.ofSeconds(60));
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        long rampDeliveries = received.get();
        System.out.printf(Locale.ROOT, "viewer_count ramp to %d viewers (100 new viewers/s): %d updates delivered in %.1f s "
                        + "(%.0f/s) until every viewer and the customer saw %d; %d error replies%n",
                viewers, rampDeliveries, rampSeconds, rampDeliveries / rampSeconds, viewers, router.errors.get());

        // toggles: one viewer leaves or comes back, everyone (V - 1 others, the customer, its own reply) is told;
        // spaced by more than the coalescing window so each is a change in a quiet period
        Percentiles latency = new Percentiles();
        long deliveries = 0;
        double busySeconds = 0;
        for (int t = 0; t < toggles; t++) {
            Thread.sleep(gapMillis);
            boolean leaving = t % 2 == 0;
            int count = leaving ? viewers - 1 : viewers;
            Round r = new Round("\"count\":" + count + "}", viewers + 1, latency);
            round.set(r);
            r.start = System.nanoTime();
            drivers.get(t / 2 % viewers).send(leaving ? stop : viewing);
            r.await(Duration.ofSeconds(30));
            deliveries += r.count.get();
            busySeconds += (r.last.get() - r.start) / 1e9;
        }
        System.out.printf(Locale.ROOT, "viewer_count with %d viewers: %d changes, %d deliveries, %.0f deliveries/s; "
                        + "latency from the viewer's message %s; %d error replies in all%n",
                viewers, toggles, deliveries, deliveries / busySeconds, latency.summary(), router.errors.get());
        customer.close();
    }

    // ---- plumbing ----

    /** Routes driver messages to whichever measurement is running. */
    private static final class Router implements BiConsumer<String, Long> {
        volatile BiConsumer<String, Long> onNewOrder = (text, at) -> { };
        volatile BiConsumer<String, Long> onViewerCount = (text, at) -> { };
        final AtomicInteger errors = new AtomicInteger();

        @Override
        public void accept(String text, Long at) {
            if (text.startsWith("{\"type\":\"connection.error\"") || text.startsWith("{\"type\":\"error.")) {
                errors.incrementAndGet();
            } else if (text.startsWith("{\"type\":\"new_order\"")) {
                onNewOrder.accept(text, at);
            } else if (text.startsWith("{\"type\":\"viewer_count\"")) {
                onViewerCount.accept(text, at);
            }
        }
    }

    /** One fan-out being measured: receipts matching {@code marker} after {@code start}. */
    private static final class Round {
        volatile String marker;
        final int expected;
        final Percentiles latency;
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong last = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long start;

        Round(String marker, int expected, Percentiles latency) {
            this.marker = marker;
            this.expected = expected;
            this.latency = latency;
        }

        void arrived(long at) {
            latency.add(at - start);
            last.accumulateAndGet(at, Math::max);
            if (count.incrementAndGet() >= expected) {
                done.countDown();
            }
        }

        void await(Duration timeout) throws InterruptedException {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.printf("  (only %d of %d deliveries within %s)%n", count.get(), expected, timeout);
            }
        }
    }

    private List<LoadClient.Conn> connectAll(int count, java.util.function.IntFunction<String> token,
                                             BiConsumer<String, Long> onMessage) throws Exception {
        List<LoadClient.Conn> conns = java.util.Collections.synchronizedList(new ArrayList<>(count));
        Semaphore window = new Semaphore(64);
        CountDownLatch welcomed = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            window.acquire();
            client.connect(stack.webSocketUri(), token.apply(i), (text, at) -> {
                if (text.startsWith("{\"type\":\"connection.established\"")) {
                    welcomed.countDown();
                } else {
                    onMessage.accept(text, at);
                }
            }).whenComplete((conn, error) -> {
                window.release();
                if (error == null) {
                    conns.add(conn);
                } else {
                    welcomed.countDown();
                }
            });
        }
        window.acquire(64);
        window.release(64);
        welcomed.await(120, TimeUnit.SECONDS);
        return new ArrayList<>(conns);
    }

    private String token(Role role, String subject, String storeId) {
        return tokens.mint(role, subject, storeId, Duration.ofHours(2));
    }

    private String post(String path, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(request(path, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Posts and sets the round's marker to the created order's id as soon as the response arrives. */
    private String postAsync(String path, String token, String body, Round round) throws Exception {
        // the fan-out runs inside the request, so receipts may precede the response: match the first order seen
        round.marker = "";
        String response = post(path, token, body);
        round.marker = "\"order_id\":\"" + orderIdOf(response) + "\"";
        return response;
    }

    private HttpRequest request(String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(stack.webSocketUri().toString().replace("ws://", "http://")
                        .replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String orderIdOf(String json) {
        Matcher matcher = ORDER_ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no order_id in " + json);
        }
        return matcher.group(1);
    }

    private static void awaitCount(AtomicInteger counter, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (counter.get() < expected) {
            System.out.printf("  (only %d of %d joined)%n", counter.get(), expected);
        }
    }
}
