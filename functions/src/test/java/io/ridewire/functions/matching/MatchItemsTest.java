package io.ridewire.functions.matching;

import io.ridewire.model.matching.DriverOffer;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchState;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;

import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.matching.MatchState.Cancelled;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.model.matching.MatchState.Proposed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A match survives the trip to a DynamoDB item and back, in every state (no I/O). */
class MatchItemsTest {
    private static final Instant T0 = Instant.parse("2025-01-08T10:00:00.123Z");
    private static final DriverOffer DRIVER = new DriverOffer("d-1", "John Driver", "+628123456789", "motorcycle",
            "B1234XYZ", 4.8, GeoPoint.of(-6.21, 106.845), 0.25);

    private static Match match(MatchState state) {
        return new Match("m-1", "p-1", new Place(-6.2088, 106.8456, "Jl. Sudirman No. 1"),
                new Place(-6.22, 106.83, null), new Preferences(null, 5, 0.5),
                new PersonInfo("Jane", "+628987654321", 4.9), T0, T0.plusSeconds(30), List.of("d-0", "d-1"), 2, state, 7);
    }

    private static void assertRoundTrip(Match match) {
        MatchItems.Traced back = MatchItems.fromItem(MatchItems.toItem(match, "trace-1", "c-42", 1_800_000_000L));
        assertThat(back.match()).isEqualTo(match);
        assertThat(back.traceId()).isEqualTo("trace-1");
        assertThat(back.correlationId()).isEqualTo("c-42");
    }

    @Test
    void proposed_roundTrips() {
        assertRoundTrip(match(new Proposed(DRIVER, T0.plusSeconds(30), true, false)));
    }

    @Test
    void confirmed_roundTrips() {
        assertRoundTrip(match(new Confirmed(DRIVER, T0.plusSeconds(12))));
    }

    @Test
    void cancelled_roundTrips() {
        assertRoundTrip(match(new Cancelled("system", "timeout", "No driver accepted", T0.plusSeconds(30))));
    }

    @Test
    void searching_withAnUnknownRatingAndNoDriverPosition_roundTrips() {
        Match match = new Match("m-2", "p-2", new Place(1, 2, null), new Place(3, 4, null),
                new Preferences("car", 2.5, 10), PersonInfo.NONE, T0, T0.plusSeconds(600), List.of(), 0,
                new MatchState.Searching(), 0);
        assertRoundTrip(match);
        DriverOffer bare = new DriverOffer("d-9", null, null, "car", null, null, null, 1.5);
        assertRoundTrip(match(new Proposed(bare, T0, false, false)));
    }
}
