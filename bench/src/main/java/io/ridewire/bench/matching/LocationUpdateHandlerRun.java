package io.ridewire.bench.matching;

import io.ridewire.bench.load.HandlerRuns;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.ridewire.functions.aws.DynamoCallCounter;
import io.ridewire.local.LocalStack;
import io.ridewire.functions.location.LocationUpdateHandler;
import io.ridewire.functions.redis.RedisConnections;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code location.update} handler invoked as Lambda would invoke it (the real handler class, its dispatcher,
 * rate limiter, Redis scripts and JetStream publish), counting the Redis commands (from the private server's
 * {@code INFO commandstats}) and DynamoDB calls (from the SDK client's interceptor) per update.
 */
final class LocationUpdateHandlerRun {
    /** Latency, and operations per update by name. */
    record Result(Latencies latencies, Map<String, Double> redisPerUpdate, Map<String, Double> dynamoPerUpdate,
                  double dynamoWritesPerUpdate) {
    }

    private LocationUpdateHandlerRun() {
    }

    static Result run(LocalStack stack, String driverPrefix, int drivers, int updatesPerDriver, long seed) {
        LocationUpdateHandler handler = new LocationUpdateHandler(stack.context());
        SplittableRandom random = new SplittableRandom(seed);
        // warm-up on other drivers, so the measured ones start with full rate-limit buckets
        send(handler, driverPrefix, drivers, 2 * drivers, 5, random, null);
        var redis = stack.context().getBean(RedisConnections.class).strings().orElseThrow().sync();
        DynamoCallCounter dynamo = stack.context().getBean(DynamoCallCounter.class);
        Map<String, Long> redisBefore = HandlerRuns.commandStats(redis.info("commandstats"));
        Map<String, Long> dynamoBefore = dynamo.snapshot();
        long writesBefore = dynamo.writes();
        Latencies latencies = new Latencies();
        int updates = send(handler, driverPrefix, 0, drivers, updatesPerDriver, random, latencies);
        Map<String, Long> redisAfter = HandlerRuns.commandStats(redis.info("commandstats"));
        redisAfter.merge("info", -1L, Long::sum); // our own INFO call
        return new Result(latencies, HandlerRuns.perRun(redisBefore, redisAfter, updates),
                HandlerRuns.perRun(dynamoBefore, dynamo.snapshot(), updates),
                (dynamo.writes() - writesBefore) / (double) updates);
    }

    private static int send(LocationUpdateHandler handler, String driverPrefix, int from, int to, int rounds,
                            SplittableRandom random, Latencies latencies) {
        int sent = 0;
        Instant base = Instant.now();
        for (int round = 0; round < rounds; round++) {
            for (int d = from; d < to; d++) {
                var point = JakartaArea.randomPoint(random);
                String body = String.format(Locale.ROOT, "{\"type\":\"location.update\",\"payload\":{\"location\":{"
                        + "\"latitude\":%s,\"longitude\":%s,\"accuracy\":8.0,\"speed\":22.5,\"heading\":90.0},"
                        + "\"timestamp\":\"%s\"}}", point.latitude(), point.longitude(), base.plusMillis(round));
                APIGatewayV2WebSocketEvent event = HandlerRuns.locationUpdate(driverPrefix + d, body);
                long start = System.nanoTime();
                APIGatewayV2WebSocketResponse response = handler.handleRequest(event, null);
                long took = System.nanoTime() - start;
                if (response.getBody() != null) {
                    throw new IllegalStateException("location.update was answered: " + response.getBody());
                }
                if (latencies != null) {
                    latencies.record(took);
                }
                sent++;
            }
        }
        return sent;
    }
}
