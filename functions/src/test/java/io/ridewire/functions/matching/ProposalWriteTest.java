package io.ridewire.functions.matching;

import io.ridewire.model.matching.Decision;
import io.ridewire.model.matching.DriverOffer;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.MatchMachine;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.EventStore;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.model.geo.GeoPoint;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.testing.ServiceContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A new match, its booking locks and its proposal in both parties' inboxes are one transaction: when an inbox took
 * another event between the seq read and the write, nothing at all is written, and the write staged again against
 * the fresh seqs lands whole.
 */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class ProposalWriteTest {
    @Inject
    MatchStore store;
    @Inject
    MatchNotices notices;
    @Inject
    DurableDelivery delivery;
    @Inject
    EventStore events;

    @Test
    void inboxThatMovedMeanwhile_cancelsMatchLocksAndBothEvents_thenTheRestagedWriteLandsWhole() {
        String driverId = unique("driver");
        String passengerId = unique("passenger");
        Instant now = Instant.now();
        Instant expiresAt = now.plusSeconds(30);
        Match searching = Match.request(UUID.randomUUID().toString(), passengerId, new Place(-6.2, 106.8, null),
                new Place(-6.21, 106.81, null), new Preferences(null, 5, 10), PersonInfo.NONE, now);
        DriverOffer offer = new DriverOffer(driverId, "Budi", null, "motorcycle", "B1", 4.8,
                new GeoPoint(-6.2, 106.8), 0.1);
        Match proposed = ((Decision.Changed) MatchMachine.decide(searching, new MatchEvent.Propose(offer, expiresAt),
                now)).after();
        List<MatchStore.Lock> locks = List.of(
                new MatchStore.Lock(MatchItems.passengerKey(passengerId), "open", now.plusSeconds(600)),
                new MatchStore.Lock(MatchItems.driverKey(driverId), "proposed", expiresAt));

        MatchNotices.StagedProposal stale = notices.stage(proposed).orElseThrow();
        // another event reaches the driver's inbox after the seqs were read
        events.append(Inbox.user(driverId), "other-" + UUID.randomUUID(), "match.proposal", true, "{}");

        assertThat(store.create(proposed, null, null, locks, stale.writes(), now))
                .isInstanceOf(StoreWrite.InboxMoved.class);
        assertThat(store.find(proposed.matchId())).as("the match").isEmpty();
        assertThat(delivery.since(Inbox.user(passengerId), 0, null, 10).events()).as("passenger's inbox").isEmpty();
        assertThat(delivery.since(Inbox.user(driverId), 0, null, 10).events()).extracting(StoredEvent::seq)
                .as("driver's inbox").containsExactly(1L);
        // the locks were not taken: the passenger is free for a match of their own
        Match other = Match.request(UUID.randomUUID().toString(), passengerId, searching.pickup(),
                searching.destination(), searching.preferences(), PersonInfo.NONE, now);
        assertThat(store.create(other, null, null, List.of(MatchStore.Lock.checkFree(
                MatchItems.passengerKey(passengerId))), List.of(), now)).isInstanceOf(StoreWrite.Saved.class);

        MatchNotices.StagedProposal fresh = notices.stage(proposed).orElseThrow();
        assertThat(store.create(proposed, null, null, locks, fresh.writes(), now)).isInstanceOf(StoreWrite.Saved.class);
        assertThat(store.find(proposed.matchId())).isPresent();
        String eventId = MatchNotices.proposalEventId(proposed);
        assertThat(delivery.since(Inbox.user(driverId), 0, null, 10).events())
                .extracting(StoredEvent::seq, StoredEvent::eventId)
                .last().isEqualTo(tuple(2L, eventId));
        assertThat(delivery.since(Inbox.user(passengerId), 0, null, 10).events())
                .extracting(StoredEvent::seq, StoredEvent::eventId)
                .containsExactly(tuple(1L, eventId));
    }
}
