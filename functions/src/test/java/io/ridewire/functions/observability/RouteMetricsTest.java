package io.ridewire.functions.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ridewire.functions.observability.RouteMetrics.DELIVERY_LAG;
import static io.ridewire.functions.observability.RouteMetrics.LATENCY;
import static io.ridewire.functions.observability.RouteMetrics.PUSHES;
import static io.ridewire.functions.observability.RouteMetrics.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Embedded Metric Format lines the functions print in AWS, read back as CloudWatch reads them: every metric a
 * directive names has a number at the top level, every dimension a string, under the names and dimension sets the
 * dashboard searches ({@code Ridewire}: {@code Env,route}, {@code Env,route,outcome}, {@code Env,outcome}).
 */
class RouteMetricsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> BY_ROUTE = List.of("Env", "route");
    private static final List<String> BY_ROUTE_OUTCOME = List.of("Env", "route", "outcome");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RouteMetrics metrics =
            new RouteMetrics(registry, "test", new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void aHandledMessage_printsItsLatencyByRouteAndOutcome_andItsDeliveryLagByRoute() {
        metrics.handled("location.update", "ok", Duration.ofNanos(12_345_678), NOW.minusMillis(40), NOW);

        JsonNode line = single(lines());
        assertThat(directives(line)).containsExactly(
                Map.entry(LATENCY, List.of(BY_ROUTE, BY_ROUTE_OUTCOME)), Map.entry(DELIVERY_LAG, List.of(BY_ROUTE)));
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(line.get("Env").asText()).isEqualTo("test");
        assertThat(line.get("route").asText()).isEqualTo("location.update");
        assertThat(line.get("outcome").asText()).isEqualTo("ok");
        assertThat(line.get(LATENCY).decimalValue()).isEqualByComparingTo("12.346");
        assertThat(line.get(DELIVERY_LAG).decimalValue()).isEqualByComparingTo("40");
    }

    @Test
    void aRateLimitedMessage_alsoCountsOneRateLimitedByRoute() {
        metrics.handled("match.request", "rate_limited", Duration.ofMillis(2), null, NOW);

        JsonNode line = single(lines());
        assertThat(directives(line)).containsExactly(
                Map.entry(LATENCY, List.of(BY_ROUTE, BY_ROUTE_OUTCOME)), Map.entry(RATE_LIMITED, List.of(BY_ROUTE)));
        assertThat(line.get(RATE_LIMITED).asInt()).isEqualTo(1);
        assertThat(line.get("outcome").asText()).isEqualTo("rate_limited");
        assertThat(registry.counter(RATE_LIMITED, "route", "match.request").count()).isEqualTo(1);
    }

    @Test
    void pushes_printOneLinePerOutcomeThatHappened_byEnvAndOutcome() {
        // through the hook the push path calls, as in a function
        PushLog.pushed("ride.progress", "event-1", 3, 1, 0);
        PushLog.pushed("ride.progress", "event-2", 0, 0, 2);

        Map<String, Integer> byOutcome = new LinkedHashMap<>();
        for (JsonNode line : lines()) {
            assertThat(directives(line)).containsExactly(Map.entry(PUSHES, List.of(List.of("Env", "outcome"))));
            assertThat(line.get("Env").asText()).isEqualTo("test");
            byOutcome.put(line.get("outcome").asText(), line.get(PUSHES).asInt());
        }
        // zeros are left out; what happened is there, in the order it happened
        assertThat(byOutcome).containsExactly(Map.entry("delivered", 3), Map.entry("gone", 1), Map.entry("failed", 2));
        assertThat(registry.counter(PUSHES, "outcome", "delivered").count()).isEqualTo(3);
        assertThat(registry.counter(PUSHES, "outcome", "failed").count()).isEqualTo(2);
    }

    @Test
    void withoutAnEnvironment_nothingIsPrinted_butEverythingIsCounted() {
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        SimpleMeterRegistry counted = new SimpleMeterRegistry();
        RouteMetrics quiet = new RouteMetrics(counted, "", new PrintStream(local, true, StandardCharsets.UTF_8));

        quiet.handled("ping", "rate_limited", Duration.ofMillis(1), null, NOW);
        PushLog.pushed("pong", "event-3", 1, 0, 0);

        assertThat(local.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(counted.counter(RATE_LIMITED, "route", "ping").count()).isEqualTo(1);
        assertThat(counted.counter(PUSHES, "outcome", "delivered").count()).isEqualTo(1);
    }

    private List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!text.isBlank()) {
                lines.add(valid(parse(text)));
            }
        }
        return lines;
    }

    /** Checks the line as CloudWatch would: one namespace, every dimension a string, every metric a number. */
    private static JsonNode valid(JsonNode line) {
        assertThat(line.get("_aws").get("Timestamp").isIntegralNumber()).isTrue();
        for (JsonNode directive : line.get("_aws").get("CloudWatchMetrics")) {
            assertThat(directive.get("Namespace").asText()).isEqualTo("Ridewire");
            for (JsonNode set : directive.get("Dimensions")) {
                for (JsonNode dimension : set) {
                    JsonNode value = line.get(dimension.asText());
                    assertThat(value != null && value.isTextual()).as("dimension %s is a string", dimension).isTrue();
                }
            }
            for (JsonNode metric : directive.get("Metrics")) {
                JsonNode value = line.get(metric.get("Name").asText());
                assertThat(value != null && value.isNumber()).as("metric %s is a number", metric).isTrue();
            }
        }
        return line;
    }

    /** Metric name → the dimension sets it is published under, in the line's order. */
    private static Map<String, List<List<String>>> directives(JsonNode line) {
        Map<String, List<List<String>>> found = new LinkedHashMap<>();
        for (JsonNode directive : line.get("_aws").get("CloudWatchMetrics")) {
            List<List<String>> sets = new ArrayList<>();
            directive.get("Dimensions").forEach(set -> {
                List<String> names = new ArrayList<>();
                set.forEach(name -> names.add(name.asText()));
                sets.add(names);
            });
            directive.get("Metrics").forEach(metric -> found.put(metric.get("Name").asText(), sets));
        }
        return found;
    }

    private static JsonNode single(List<JsonNode> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
