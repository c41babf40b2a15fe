package io.ridewire.functions.matching;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.delivery.EventStore;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.drivers.DriverProfile;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.micronaut.json.JsonMapper;
import io.ridewire.model.matching.Confirmation;
import io.ridewire.model.matching.Decision;
import io.ridewire.model.matching.DriverOffer;
import io.ridewire.model.matching.MatchMachine;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.MatchState.Cancelled;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.model.matching.MatchState.Proposed;
import io.ridewire.model.matching.Party;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ridewire.functions.testing.Places.north;
import static io.ridewire.functions.testing.Places.spot;
import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The matchmaker against DynamoDB Local and Redis: who is proposed, what is stored with it, who wins a race. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class MatchmakerTest {
    @Inject
    Matchmaker matchmaker;
    @Inject
    DriverIndex drivers;
    @Inject
    Deadlines deadlines;
    @Inject
    EventStore events;
    @Inject
    JsonMapper json;

    @Test
    void request_withAFreeDriverNearby_proposesToThem_withTheProposalInTheirInboxAndItsExpiryScheduled() {
        // GIVEN a driver with their beacon on 300 m from the pickup
        GeoPoint pickup = spot();
        String driver = driverOnAt(north(pickup, 0.3));
        // WHEN a passenger asks for a ride
        Match match = matchmaker.request(unique("passenger"), null, request(pickup), trace());
        // THEN the driver is proposed, claimed out of the pool, told durably, and the proposal will expire
        Proposed proposed = (Proposed) match.state();
        assertThat(proposed.driver().driverId()).isEqualTo(driver);
        assertThat(proposed.driver().distanceKm()).isBetween(0.25, 0.35);
        assertThat(drivers.isIndexed(driver)).as("claimed out of the ride pool").isFalse();
        assertThat(drivers.record(driver)).containsEntry("state", "proposed").containsEntry("match", match.matchId());
        assertThat(deadlines.dueAt(Matchmaker.proposalId(match.matchId())))
                .contains(proposed.expiresAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(events.after(Inbox.user(driver), 0, 10).events()).extracting(StoredEvent::type)
                .containsExactly("match.proposal");
        assertThat(matchmaker.find(match.matchId())).get().extracting(Match::state).isInstanceOf(Proposed.class);
    }

    @Test
    void driverAccept_confirmsTheMatch_booksTheDriver_andEndsTheProposalTimer() {
        GeoPoint pickup = spot();
        String driver = driverOnAt(north(pickup, 0.2));
        Match match = matchmaker.request(unique("passenger"), null, request(pickup), trace());

        Matchmaker.Applied applied = matchmaker.answer(match.matchId(),
                new MatchEvent.Accept(Party.DRIVER, driver, Confirmation.DRIVER), trace());

        assertThat(applied.changed()).isTrue();
        assertThat(applied.after().state()).isInstanceOf(Confirmed.class);
        assertThat(drivers.record(driver)).containsEntry("state", "assigned");
        assertThat(deadlines.dueAt(Matchmaker.proposalId(match.matchId()))).isEmpty();
    }

    @Test
    void request_withNoDriverInRange_isCancelledAtOnce_andLeavesThePassengerFreeToAskAgain() {
        GeoPoint pickup = spot();
        driverOnAt(north(pickup, 20)); // beyond the passenger's 3 km
        String passenger = unique("passenger");

        Match first = matchmaker.request(passenger, null, request(pickup), trace());
        Match second = matchmaker.request(passenger, null, request(pickup), trace());

        assertThat(first.state()).isInstanceOf(Cancelled.class);
        assertThat(second.state()).as("no lock left behind").isInstanceOf(Cancelled.class);
    }

    @Test
    void aUserWhoseDriverBeaconIsOn_isNeverProposedTheirOwnRequest() {
        GeoPoint pickup = spot();
        String user = driverOnAt(north(pickup, 0.1));
        String other = driverOnAt(north(pickup, 0.5));

        Match match = matchmaker.request(user, null, request(pickup), trace());

        assertThat(match.state()).isInstanceOfSatisfying(Proposed.class,
                proposed -> assertThat(proposed.driver().driverId()).isEqualTo(other));
        assertThat(drivers.isIndexed(user)).as("not claimed for their own ride").isTrue();
    }

    @Test
    void secondRequest_whileThePassengersMatchIsOpen_isRefusedWithConflict() {
        GeoPoint pickup = spot();
        driverOnAt(north(pickup, 0.1));
        String passenger = unique("passenger");
        matchmaker.request(passenger, null, request(pickup), trace());

        assertThatThrownBy(() -> matchmaker.request(passenger, null, request(pickup), trace()))
                .isInstanceOfSatisfying(InvalidMessage.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void concurrentRequests_forTheOnlyDriver_proposeThemToExactlyOnePassenger() throws Exception {
        GeoPoint pickup = spot();
        String driver = driverOnAt(north(pickup, 0.5));
        int passengers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(passengers);
        try {
            List<Callable<Match>> requests = new java.util.ArrayList<>();
            for (int i = 0; i < passengers; i++) {
                requests.add(() -> matchmaker.request(unique("passenger"), null, request(pickup), trace()));
            }
            List<Match> matches = new java.util.ArrayList<>();
            for (Future<Match> result : pool.invokeAll(requests)) {
                matches.add(result.get());
            }
            assertThat(matches).filteredOn(m -> m.state() instanceof Proposed).singleElement()
                    .satisfies(m -> assertThat(((Proposed) m.state()).driver().driverId()).isEqualTo(driver));
            assertThat(matches).filteredOn(m -> m.state() instanceof Cancelled).hasSize(passengers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLateRunOfAChangesEffects_afterTheMatchMovedPastItsProposal_doesNotSendThatStaleProposal() {
        GeoPoint pickup = spot();
        String first = driverOnAt(north(pickup, 0.1));
        String passenger = unique("passenger");
        Match proposed = matchmaker.request(passenger, null, request(pickup), trace());
        // the change a rejection by the first driver stores (the next driver proposed), whose writer died before
        // carrying it out; the next driver is known to that change only
        String next = unique("driver");
        Instant now = Instant.now();
        MatchEvent.Reject reject = new MatchEvent.Reject(Party.DRIVER, first, null);
        Match searching = ((Decision.Changed) MatchMachine.decide(proposed, reject, now)).after();
        Match toNext = ((Decision.Changed) MatchMachine.decide(searching, new MatchEvent.Propose(
                new DriverOffer(next, "Dewi", "+62813000", "car", "D 42 RW", 4.7, north(pickup, 0.2), 0.2),
                now.plusSeconds(30)), now)).after();
        // meanwhile the match moved on: the passenger called it off
        matchmaker.cancel(proposed.matchId(), new MatchEvent.Cancel(Party.PASSENGER, passenger, null), trace());

        matchmaker.effectsOwed(new MatchChange(proposed, toNext, reject, true).write(json),
                Matchmaker.effectsId(proposed.matchId(), toNext.version()));

        assertThat(events.after(Inbox.user(next), 0, 10).events()).as("no proposal of a cancelled match").isEmpty();
        assertThat(matchmaker.find(proposed.matchId())).get().extracting(Match::state).isInstanceOf(Cancelled.class);
    }

    private String driverOnAt(GeoPoint at) {
        String driver = unique("driver");
        drivers.beacon(driver, true, new DriverProfile("car", "B 1234 XYZ", "Budi", "+62811000", 4.8), at,
                "conn-" + driver);
        return driver;
    }

    static Matchmaker.Request request(GeoPoint pickup) {
        return new Matchmaker.Request(new Place(pickup.latitude(), pickup.longitude(), "Jl. Sudirman 1"),
                new Place(pickup.latitude() - 0.02, pickup.longitude(), null), new Preferences(null, 3, 5),
                new PersonInfo("Sari", "+62822000", 4.9));
    }

    private static Trace trace() {
        return Trace.start(unique("c"), null);
    }
}
