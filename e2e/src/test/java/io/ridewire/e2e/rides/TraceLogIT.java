package io.ridewire.e2e.rides;

import io.ridewire.e2e.fixtures.RideFixtures;

import io.ridewire.e2e.fixtures.Point;
import io.ridewire.e2e.fixtures.RideStacks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ridewire.model.events.Subjects;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace id from a WebSocket message to the pushes it causes, in the logs. A driver's {@code location.update} is
 * handled by its function, whose log lines carry the route, connection, request, user and a W3C trace id — and so
 * does the push of {@code ride.progress} it causes. A handshake's {@code $connect} publishes
 * {@code user.session_started} on JetStream with a {@code traceparent} header; the bridge's welcome relay pushes
 * {@code connection.established} under the same trace id. One filter on the id finds each chain.
 */
class TraceLogIT {
    private final LocalStack stack = RideStacks.shared();
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
    void aLocationUpdatesTraceId_followsItThroughNatsAndTheBridge_toThePush() {
        Point pickup = Point.random();
        String driverId = id("driver");
        try (WsClient driver = rides.driverOn(driverId, pickup);
             WsClient passenger = rides.connect(io.ridewire.model.identity.Role.PASSENGER, id("passenger"))) {
            String rideId = rides.rideUnderway(driver, passenger, pickup, pickup.north(1));
            driver.send(fix(rideId, pickup.north(0.5), 5, Instant.now().plusSeconds(60)));
            awaitFor(driver, "ride.progress", "ride_id", rideId);

            // the function's push, under the message's context
            ILoggingEvent handled = awaitEvent(e -> PushLog.class.getName().equals(e.getLoggerName())
                    && "location.update".equals(e.getMDCPropertyMap().get(LogContext.ROUTE))
                    && driverId.equals(e.getMDCPropertyMap().get(LogContext.USER_ID))
                    && e.getFormattedMessage().startsWith("push ride.progress"), "the function's push of ride.progress");
            String traceId = handled.getMDCPropertyMap().get(LogContext.TRACE_ID);
            assertThat(traceId).as("W3C trace id").matches("[0-9a-f]{32}");
            assertThat(handled.getMDCPropertyMap()).containsKeys(LogContext.CONNECTION_ID, LogContext.REQUEST_ID);

            assertThat(handled.getFormattedMessage()).contains("ride.progress").contains("1 delivered");
        }
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
        ILoggingEvent[] found = new ILoggingEvent[1];
        try {
            Eventually.until(() -> (found[0] = events().stream().filter(wanted).findFirst().orElse(null)) != null,
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
