package io.ridewire.bench.matching;

import io.micronaut.json.JsonMapper;
import io.ridewire.local.LocalStack;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Role;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Connects driver and passenger pairs to the local stack, each driver active in the pool where its passenger will
 * ask for a ride, under names never used before in the run; closes them all at the end.
 */
final class Pairs implements AutoCloseable {
    /** A driver standing at {@code spot}, and the passenger who will ask for a ride there. */
    record Pair(BenchSocket driver, BenchSocket passenger, GeoPoint spot) {
    }

    private final LocalStack stack;
    private final JsonMapper json;
    private final SplittableRandom random;
    private final List<Pair> opened = new ArrayList<>();

    Pairs(LocalStack stack, JsonMapper json, long seed) {
        this.stack = stack;
        this.json = json;
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} new pairs, connected eight at a time. */
    List<Pair> connect(int count) throws Exception {
        int first = opened.size();
        List<GeoPoint> spots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spots.add(JakartaArea.randomPoint(random));
        }
        List<Pair> connected = new ArrayList<>(count);
        try (ExecutorService connecting = Executors.newFixedThreadPool(8)) {
            List<Future<Pair>> pairs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = first + i;
                GeoPoint spot = spots.get(i);
                pairs.add(connecting.submit(() -> pair(n, spot)));
            }
            for (Future<Pair> pair : pairs) {
                connected.add(pair.get());
            }
        }
        opened.addAll(connected);
        return connected;
    }

    private Pair pair(int n, GeoPoint spot) throws Exception {
        BenchSocket driver = BenchSocket.connect(stack.webSocketUri(), stack.tokens().mint(Role.DRIVER, "rp-driver-" + n),
                json);
        driver.send(String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"payload\":{\"is_active\":true,"
                + "\"user_type\":\"driver\",\"location\":{\"latitude\":%s,\"longitude\":%s},"
                + "\"vehicle_info\":{\"type\":\"motorcycle\",\"license_plate\":\"B%dRP\"}}}",
                spot.latitude(), spot.longitude(), n));
        driver.await("beacon.status", Duration.ofSeconds(60));
        BenchSocket passenger = BenchSocket.connect(stack.webSocketUri(),
                stack.tokens().mint(Role.PASSENGER, "rp-passenger-" + n), json);
        return new Pair(driver, passenger, spot);
    }

    @Override
    public void close() {
        opened.forEach(pair -> {
            pair.driver().close();
            pair.passenger().close();
        });
    }
}
