package io.ridewire.functions.drivers;

import io.ridewire.model.geo.GeoPoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NearbyOnConnectTest {
    private static final GeoPoint SPOT = GeoPoint.of(-6.2, 106.8);
    private static final Instant CONNECTED = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration FRESH = Duration.ofMinutes(10);

    @Test
    void aFreshPositionFromBeforeTheSession_isPushed() {
        assertThat(pushed(new PassengerPositions.Known(SPOT, CONNECTED.minusSeconds(60), true))).isTrue();
        assertThat(pushed(new PassengerPositions.Known(SPOT, CONNECTED, true))).as("recorded at the connect").isTrue();
    }

    @Test
    void aPositionRecordedAfterTheSessionStarted_isLeftToThatBeaconsReply() {
        // the welcome ran after the passenger's first beacon: its reply already carries the nearby drivers
        assertThat(pushed(new PassengerPositions.Known(SPOT, CONNECTED.plusMillis(40), true))).isFalse();
    }

    @Test
    void aStaleOrSwitchedOffPosition_isNotPushed() {
        assertThat(pushed(new PassengerPositions.Known(SPOT, CONNECTED.minus(FRESH).minusSeconds(1), true))).isFalse();
        assertThat(pushed(new PassengerPositions.Known(SPOT, CONNECTED.minusSeconds(60), false))).isFalse();
    }

    private static boolean pushed(PassengerPositions.Known known) {
        return NearbyOnConnect.knownAtConnect(known, CONNECTED, CONNECTED.plusMillis(100), FRESH);
    }
}
