package io.ridewire.functions.matching;

import io.ridewire.functions.concurrent.Concurrently;
import io.ridewire.model.matching.Party;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Preferences;

import io.ridewire.model.matching.DriverOffer;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.TripEstimate;

import io.ridewire.functions.presence.ConnectionSettings;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.EventStore;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.drivers.DriverSettings;
import io.ridewire.functions.events.PublishQueue;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.geo.TravelTime;
import io.ridewire.model.matching.MatchState.Cancelled;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.model.matching.MatchState.Proposed;
import io.ridewire.model.matching.payload.MatchCancelled;
import io.ridewire.model.matching.payload.MatchCancelledData;
import io.ridewire.model.matching.payload.MatchConfirmed;
import io.ridewire.model.matching.payload.MatchConfirmedData;
import io.ridewire.model.matching.payload.MatchProposal;
import io.ridewire.model.matching.payload.MatchRequested;
import io.ridewire.model.matching.payload.MatchResponded;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What matching tells people and the platform: the client events ({@code match.proposal}, {@code match.confirmed},
 * {@code match.cancelled}) sent to the parties through durable delivery, so a party offline at that moment gets them
 * by {@code sync}, and the NATS events of the spec's match schemas.
 */
@Singleton
public class MatchNotices {

    private final Push push;
    private final PublishQueue events;
    private final DriverIndex pool;
    private final MatchingSettings settings;
    private final DriverSettings driverSettings;
    private final ConnectionSettings connections;
    private final DurableDelivery delivery;
    private final Clock clock;

    public MatchNotices(Push push, PublishQueue events, DriverIndex pool, MatchingSettings settings,
                        DriverSettings driverSettings, ConnectionSettings connections, DurableDelivery delivery,
                        Clock clock) {
        this.push = push;
        this.events = events;
        this.pool = pool;
        this.settings = settings;
        this.driverSettings = driverSettings;
        this.connections = connections;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** The proposal of a match in state proposed, as both parties receive it. */
    public MatchProposal proposal(Match match) {
        Proposed proposed = (Proposed) match.state();
        DriverOffer driver = proposed.driver();
        TripEstimate trip = TripEstimate.of(match.pickup(), match.destination(), driverSettings.getAverageSpeedKmh(),
                settings.getRatePerKm());
        return new MatchProposal(match.matchId(), driver.driverId(), match.passengerId(), match.pickup(),
                match.destination(), trip.distanceKm(), trip.durationMinutes(), trip.fare(),
                new MatchProposal.DriverInfo(driver.name(), driver.vehicleType(), driver.licensePlate(), driver.rating()),
                proposed.expiresAt());
    }

    /** A durable proposal made ready to be stored in the match's own transaction: the event for each inbox. */
    record StagedProposal(MatchProposal proposal, EventStore.PendingAppend toDriver,
                          EventStore.PendingAppend toPassenger) {
        List<TransactWriteItem> writes() {
            List<TransactWriteItem> writes = new ArrayList<>(toDriver.writes());
            writes.addAll(toPassenger.writes());
            return writes;
        }
    }

    /**
     * Stages a new match's proposal for {@link MatchStore#create} (one read of both inboxes' counters), or empty
     * when proposals are pushed once rather than stored.
     */
    Optional<StagedProposal> stage(Match match) {
        if (!settings.isDurableProposals()) {
            return Optional.empty();
        }
        MatchProposal proposal = proposal(match);
        String eventId = proposalEventId(match);
        Inbox driver = Inbox.user(proposal.driverId());
        Inbox passenger = Inbox.user(match.passengerId());
        Map<Inbox, EventStore.Counter> counters = delivery.counters(List.of(driver, passenger));
        return Optional.of(new StagedProposal(proposal,
                delivery.prepare(driver, counters.get(driver), eventId, EventType.MATCH_PROPOSAL, proposal),
                delivery.prepare(passenger, counters.get(passenger), eventId, EventType.MATCH_PROPOSAL, proposal)));
    }

    /**
     * Sends a new proposal to the driver and the passenger. Durable (the default): a critical event with a
     * {@code seq}, re-sent until acknowledged, so a driver whose connection blinked still gets it; a proposal
     * {@code staged} is already stored with the match and is only pushed, with one session per user straight to
     * the driver's beacon connection and {@code passengerConnection} (the request's, or null). Re-sends are armed
     * after the push.
     */
    void proposed(Match match, StagedProposal staged, String passengerConnection) {
        if (staged != null) {
            String driverId = staged.proposal().driverId();
            Concurrently.run(() -> delivery.pushStored(staged.toDriver().event(), staged.proposal(),
                            onlyConnection(() -> pool.connectionOf(driverId))),
                    () -> delivery.pushStored(staged.toPassenger().event(), staged.proposal(),
                            onlyConnection(() -> Optional.ofNullable(passengerConnection))));
            delivery.resendUntilAcked(List.of(staged.toDriver().event(), staged.toPassenger().event()));
            return;
        }
        MatchProposal proposal = proposal(match);
        String eventId = proposalEventId(match);
        if (!settings.isDurableProposals()) {
            // pushed once: no seq, and no ack asked for what would not be re-sent
            ServerMessage once = new ServerMessage(EventType.MATCH_PROPOSAL.wireName(), eventId, null, null, proposal);
            Concurrently.run(() -> toDriver(proposal.driverId(), once), () -> push.deliver(Audience.user(match.passengerId()), once));
            return;
        }
        Concurrently.run(
                () -> delivery.send(Inbox.user(proposal.driverId()), eventId, EventType.MATCH_PROPOSAL, proposal),
                () -> delivery.send(Inbox.user(match.passengerId()), eventId, EventType.MATCH_PROPOSAL, proposal));
    }

    /** The proposal is over (answered, expired, withdrawn): stop re-sending it to either side. */
    void settled(Match proposed) {
        if (!settings.isDurableProposals()) {
            return;
        }
        String eventId = proposalEventId(proposed);
        String driverId = ((Proposed) proposed.state()).driver().driverId();
        Concurrently.run(() -> delivery.ack(Inbox.user(driverId), eventId),
                () -> delivery.ack(Inbox.user(proposed.passengerId()), eventId));
    }

    /** One event id per proposal, the same in both inboxes: {@code match.proposal:{match_id}:{attempt}}. */
    static String proposalEventId(Match match) {
        return "match.proposal:" + match.matchId() + ":" + match.attempt();
    }

    /**
     * Pushes to a driver over the connection their last beacon or location came over, which saves the session
     * lookup; when that connection is gone (or several sessions are allowed), to all their connections.
     */
    private void toDriver(String driverId, ServerMessage message) {
        Optional<String> connection = onlyConnection(() -> pool.connectionOf(driverId));
        connection.ifPresentOrElse(c -> push.deliverVia(c, Audience.user(driverId), message),
                () -> push.deliver(Audience.user(driverId), message));
    }

    /** A user's known connection, when one session per user makes it their only one. */
    private Optional<String> onlyConnection(Supplier<Optional<String>> known) {
        return connections.isMultipleSessions() ? Optional.empty() : known.get();
    }

    /** Tells both parties the booking stands, with where the driver is now and when they will arrive. */
    void confirmed(Match match, Trace trace) {
        Confirmed confirmed = (Confirmed) match.state();
        DriverOffer driver = confirmed.driver();
        GeoPoint current = pool.position(driver.driverId()).orElse(driver.location());
        int pickupMinutes = current == null ? 0
                : TravelTime.minutes(current.distanceKmTo(match.pickup().point()), driverSettings.getAverageSpeedKmh());
        MatchConfirmed payload = new MatchConfirmed(match.matchId(), driver.driverId(), match.passengerId(),
                match.pickup(),
                new MatchConfirmed.DriverInfo(driver.name(), driver.phone(), driver.vehicleType(),
                        driver.licensePlate(), current),
                new PersonInfo(match.passengerInfo().name(), match.passengerInfo().phone(), null),
                pickupMinutes, confirmed.confirmedAt());
        String eventId = "match.confirmed:" + match.matchId();
        Concurrently.run(() -> delivery.send(Inbox.user(driver.driverId()), eventId, EventType.MATCH_CONFIRMED, payload),
                () -> delivery.send(Inbox.user(match.passengerId()), eventId, EventType.MATCH_CONFIRMED, payload));
        publish(Subjects.MATCH_CONFIRMED, "match.confirmed:" + match.matchId(), new MatchConfirmedData(match.matchId(), driver.driverId(),
                match.passengerId(), match.pickup(), match.destination(), confirmed.confirmedAt(),
                confirmed.confirmedAt().plusSeconds(60L * pickupMinutes)), trace);
    }

    /** The {@code match.cancelled} payload of a cancelled match. */
    public MatchCancelled cancellation(Match match) {
        Cancelled cancelled = (Cancelled) match.state();
        return new MatchCancelled(match.matchId(), cancelled.cancelledBy(), cancelled.reason(), cancelled.message(),
                cancelled.cancelledAt());
    }

    /** Tells the passenger (unless they get it as a reply) and the platform that the match ended without a booking. */
    void cancelled(Match match, String lastDriverId, boolean toPassenger, Trace trace) {
        MatchCancelled payload = cancellation(match);
        if (toPassenger) {
            delivery.send(Inbox.user(match.passengerId()), cancelledEventId(match), EventType.MATCH_CANCELLED, payload);
        }
        publish(Subjects.MATCH_CANCELLED, "match.cancelled:" + match.matchId(), new MatchCancelledData(match.matchId(), payload.cancelledBy(),
                payload.reason(), payload.message(), lastDriverId, match.passengerId(), payload.cancelledAt()), trace);
    }

    /** Tells the driver of a match a party cancelled (with {@code match.cancel}) what the passenger is told. */
    void cancelledToDriver(String driverId, Match match) {
        delivery.send(Inbox.user(driverId), cancelledEventId(match), EventType.MATCH_CANCELLED, cancellation(match));
    }

    /** One id per cancelled match, so a repeat of the outbox entry that tells it is stored and pushed once. */
    private static String cancelledEventId(Match match) {
        return "match.cancelled:" + match.matchId();
    }

    /** Tells a driver their proposal is off (it expired, the passenger declined, or the search ended). */
    void withdrawn(String driverId, Match match, String cancelledBy, String reason, String message) {
        delivery.send(Inbox.user(driverId), "match.withdrawn:" + match.matchId() + ":" + driverId,
                EventType.MATCH_CANCELLED, new MatchCancelled(match.matchId(), cancelledBy, reason, message,
                        clock.instant()));
    }

    void requested(Match match, Trace trace) {
        Preferences p = match.preferences();
        publish(Subjects.MATCH_REQUEST, new MatchRequested(match.matchId(), match.passengerId(), match.pickup(),
                match.destination(), new MatchRequested.RequestedPreferences(p.vehicleType(), p.maxDistanceKm(),
                p.maxWaitMinutes()), match.passengerInfo(), match.searchDeadline()), trace);
    }

    void responded(Match match, Party party, String userId, String response, String reason, Instant proposedAt,
                   Trace trace) {
        long seconds = proposedAt == null ? 0 : Math.max(0, java.time.Duration.between(proposedAt, clock.instant()).toSeconds());
        publish(Subjects.MATCH_RESPONSE, new MatchResponded(match.matchId(), userId, party.userType(), response, reason,
                seconds), trace);
    }

    private void publish(String subject, Object data, Trace trace) {
        events.publish(StreamCatalogue.MATCHES, subject, data, trace);
    }

    /** Publishes what an effect owes now, under an id derived from {@code key}, or throws so the effect runs again. */
    private void publish(String subject, String key, Object data, Trace trace) {
        events.publishOwed(StreamCatalogue.MATCHES, key, subject, data, trace);
    }
}
