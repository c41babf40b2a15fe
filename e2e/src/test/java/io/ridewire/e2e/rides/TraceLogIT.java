package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Spot;
import io.ridewire.e2e.fixtures.SharedStacks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.ridewire.functions.events.NatsConnection;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.Eventually;
import io.ridewire.local.testing.WsClient;
import io.ridewire.functions.observability.LogContext;
import io.ridewire.functions.observability.PushLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.ridewire.e2e.fixtures.RideFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.RideFixtures.fix;
import static io.ridewire.e2e.fixtures.RideFixtures.id;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace id from a WebSocket message to the pushes it causes, in the logs. A driver's {@code location.update} is
 * handled by its function, whose push line of the {@code ride.progress} it causes carries the route, connection,
 * request, user and a W3C trace id — the id the {@code ride.progress} it publishes on JetStream carries in its
 * {@code traceparent} header (the bridge consumes that one as the functions' own and pushes nothing). A handshake's {@code $connect} publishes
 * {@code user.session_started} on JetStream with a {@code traceparent} header; the bridge's welcome relay pushes
 * {@code connection.established} under the same trace id. One filter on the id finds each chain.
 */
class TraceLogIT {
    private final LocalStack stack = SharedStacks.rides();
    private final RideFixtures rides = new RideFixtures(stack);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void capture() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void release() {
        root().detachAppender(logs);
    }

    @Test
    void aLocationUpdatesTraceId_marksItsPushLine_andTravelsAsTheTraceparentOfTheRideProgressItPublishes()
            throws Exception {
        Spot pickup = Spot.random();
        String driverId = id("driver");
        NatsConnection nats = stack.context().getBean(NatsConnection.class);
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(io.ridewire.model.identity.Role.PASSENGER, id("passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(1));
            // only what the one fix below causes: earlier fixes of the ride logged and published under other traces
            int from = events().size();
            Subscription published = nats.connection().orElseThrow().subscribe(nats.subject(Subjects.RIDE_PROGRESS));
            try {
                nats.connection().orElseThrow().flush(Duration.ofSeconds(2));
                driver.send(fix(rideId, pickup.north(0.5), 5, Instant.now().plusSeconds(60)));
                awaitFor(driver, "ride.progress", "ride_id", rideId);

                // the function's push, under the message's context
                ILoggingEvent pushed = awaitEvent(from, e -> PushLog.class.getName().equals(e.getLoggerName())
                        && "location.update".equals(e.getMDCPropertyMap().get(LogContext.ROUTE))
                        && driverId.equals(e.getMDCPropertyMap().get(LogContext.USER_ID))
                        && e.getFormattedMessage().startsWith("push ride.progress"), "the function's push of ride.progress");
                String traceId = pushed.getMDCPropertyMap().get(LogContext.TRACE_ID);
                assertThat(traceId).as("W3C trace id").matches("[0-9a-f]{32}");
                assertThat(pushed.getMDCPropertyMap()).containsKeys(LogContext.CONNECTION_ID, LogContext.REQUEST_ID);
                assertThat(pushed.getFormattedMessage()).contains("1 delivered");

                // the same fix's ride.progress on NATS: its traceparent header and envelope carry the push line's id
                Message event = nextFor(published, rideId);
                assertThat(Trace.traceIdOf(event.getHeaders().getFirst(LogContext.TRACEPARENT)))
                        .as("traceparent of the published ride.progress").contains(traceId);
                assertThat(text(json().readValue(event.getData(), JsonNode.class), "trace_id")).isEqualTo(traceId);
            } finally {
                published.unsubscribe();
            }
        }
    }

    /** The first ride.progress of this ride published since the subscription. */
    private Message nextFor(Subscription published, String rideId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Message message = published.nextMessage(Duration.ofMillis(100));
            if (message != null && rideId.equals(text(json().readValue(message.getData(), JsonNode.class),
                    "data.ride_id"))) {
                return message;
            }
        }
        throw new AssertionError("no ride.progress of " + rideId + " on NATS");
    }

    private JsonMapper json() {
        return stack.context().getBean(JsonMapper.class);
    }

    @Test
    void aHandshakesTraceId_travelsOnNatsHeaders_toTheBridgesWelcomePush() {
        String passengerId = id("passenger");
        try (WsClient passenger = rides.connect(io.ridewire.model.identity.Role.PASSENGER, passengerId)) {
            ILoggingEvent connected = awaitEvent(e -> "$connect".equals(e.getMDCPropertyMap().get(LogContext.ROUTE))
                    && passengerId.equals(e.getMDCPropertyMap().get(LogContext.USER_ID))
                    && e.getMDCPropertyMap().containsKey(LogContext.TRACE_ID), "a $connect line");
            String traceId = connected.getMDCPropertyMap().get(LogContext.TRACE_ID);

            // found by the trace id alone: the bridge consumed the event and pushed under the same trace
            ILoggingEvent welcomed = awaitEvent(e -> traceId.equals(e.getMDCPropertyMap().get(LogContext.TRACE_ID))
                    && Subjects.USER_SESSION_STARTED.equals(e.getMDCPropertyMap().get(LogContext.ROUTE))
                    && PushLog.class.getName().equals(e.getLoggerName()), "the bridge's welcome push of " + traceId);
            assertThat(welcomed.getFormattedMessage()).as(describe(traceId))
                    .contains("connection.established").contains("1 delivered");
            assertThat(welcomed.getMDCPropertyMap()).containsEntry(LogContext.USER_ID, passengerId);
        }
    }

    private List<ILoggingEvent> events() {
        synchronized (logs) { // AppenderBase appends under the appender's lock
            return List.copyOf(logs.list);
        }
    }

    private ILoggingEvent awaitEvent(Predicate<ILoggingEvent> wanted, String what) {
        return awaitEvent(0, wanted, what);
    }

    /** The first wanted line logged at or after index {@code from} of the captured lines. */
    private ILoggingEvent awaitEvent(int from, Predicate<ILoggingEvent> wanted, String what) {
        ILoggingEvent[] found = new ILoggingEvent[1];
        try {
            Eventually.until(() -> (found[0] = events().stream().skip(from).filter(wanted).findFirst().orElse(null))
                            != null,
                    Duration.ofSeconds(15));
        } catch (AssertionError e) {
            throw new AssertionError(what + " not logged; lines with a trace:\n" + events().stream()
                    .filter(ev -> ev.getMDCPropertyMap().containsKey(LogContext.TRACE_ID)).limit(40)
                    .map(ev -> ev.getMDCPropertyMap() + " " + ev.getFormattedMessage())
                    .collect(Collectors.joining("\n")), e);
        }
        return found[0];
    }

    private String describe(String traceId) {
        return events().stream().filter(e -> traceId.equals(e.getMDCPropertyMap().get(LogContext.TRACE_ID)))
                .map(e -> e.getMDCPropertyMap() + " " + e.getFormattedMessage()).collect(Collectors.joining("\n"));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
