package io.ridewire.functions.matching;

import io.ridewire.functions.concurrent.Concurrently;
import io.ridewire.model.matching.CancelReason;
import io.ridewire.model.matching.Decision;
import io.ridewire.model.matching.Party;

import io.ridewire.model.matching.DriverOffer;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.MatchMachine;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;

import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.deadlines.Outbox;
import io.micronaut.json.JsonMapper;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.events.Trace;
import io.ridewire.functions.location.Geofences;
import io.ridewire.model.matching.Decision.Changed;
import io.ridewire.model.matching.Decision.Ignored;
import io.ridewire.model.matching.Decision.Refused;
import io.ridewire.model.matching.MatchEvent.Accept;
import io.ridewire.model.matching.MatchEvent.Cancel;
import io.ridewire.model.matching.MatchEvent.MaxWaitReached;
import io.ridewire.model.matching.MatchEvent.NoCandidate;
import io.ridewire.model.matching.MatchEvent.ProposalExpired;
import io.ridewire.model.matching.MatchEvent.Propose;
import io.ridewire.model.matching.MatchEvent.Reject;
import io.ridewire.functions.matching.MatchItems.Traced;
import io.ridewire.model.matching.MatchState.Cancelled;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.model.matching.MatchState.Proposed;
import io.ridewire.model.matching.MatchState.Searching;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs matches: proposes the nearest eligible driver, one at a time, and moves on when a proposal is rejected or
 * expires, until the match is confirmed (see {@link Confirmation}) or the passenger's wait runs out. Decisions come
 * from {@link MatchMachine}; this class claims drivers in the pool, stores each change conditioned on the version it
 * was decided from (a lost race is decided again from the fresh state), and then carries out what the change means:
 * timers, pool, zones, messages.
 *
 * <p>Exactly one booking: a driver is claimed out of the pool atomically in Redis before being proposed, and the
 * proposal takes the driver's lock item in DynamoDB in the same transaction as the match; confirming converts that
 * lock, conditioned on this match still holding it. Redis keeps a driver from being offered twice, DynamoDB is
 * what makes a double booking impossible even if Redis lost its state.
 */
@Singleton
public class Matchmaker {
    static final String PROPOSAL_KIND = "match.proposal";
    static final String MAX_WAIT_KIND = "match.max_wait";
    /** Outbox kind: what a stored change of a match still owes (pool, zones, messages). */
    static final String EFFECTS_KIND = "match.effects";
    private static final Logger LOG = LoggerFactory.getLogger(Matchmaker.class);
    private static final int MAX_TRIES = 16;
    private static final int SEARCH_ROUNDS = 3;
    /** How long past the passenger's deadline their lock outlives an unfinished search (a late timer). */
    private static final Duration PASSENGER_LOCK_MARGIN = Duration.ofMinutes(1);

    private final MatchStore store;
    private final DriverIndex pool;
    private final Deadlines deadlines;
    private final Geofences geofences;
    private final MatchNotices notices;
    private final BookingEffects bookingEffects;
    private final Outbox outbox;
    private final JsonMapper json;
    private final MatchingSettings settings;
    private final Clock clock;

    public Matchmaker(MatchStore store, DriverIndex pool, Deadlines deadlines, Geofences geofences, MatchNotices notices,
                      BookingEffects bookingEffects, Outbox outbox, JsonMapper json, MatchingSettings settings,
                      Clock clock) {
        this.store = store;
        this.pool = pool;
        this.deadlines = deadlines;
        this.geofences = geofences;
        this.notices = notices;
        this.bookingEffects = bookingEffects;
        this.outbox = outbox;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    /** A passenger's {@code match.request}, as read from the payload. */
    public record Request(Place pickup, Place destination, Preferences preferences, PersonInfo passengerInfo) {
    }

    /**
     * Starts a match: proposes the nearest eligible driver (the proposal goes to both parties, the passenger's over
     * {@code connectionId}, the connection the request came over, when known) or ends at once when there is none.
     * The returned match is proposed or cancelled; a cancellation is the request's reply.
     *
     * @throws InvalidMessage CONFLICT when the passenger already has an open or booked match
     */
    public Match request(String passengerId, String connectionId, Request request, Trace trace) {
        Instant now = clock.instant();
        Match searching = Match.request(UUID.randomUUID().toString(), passengerId, request.pickup(),
                request.destination(), request.preferences(), request.passengerInfo(), now);
        Set<String> skip = new HashSet<>();
        Optional<DriverOffer> held = Optional.empty();
        for (int i = 0; i < MAX_TRIES; i++) {
            Instant expiresAt = now.plus(settings.getProposalTimeout());
            Optional<DriverOffer> offer = held.isPresent() ? held : claimNext(searching, skip, expiresAt);
            held = Optional.empty();
            Match next = changed(MatchMachine.decide(searching,
                    offer.<MatchEvent>map(o -> new Propose(o, expiresAt)).orElseGet(NoCandidate::new), now));
            List<MatchStore.Lock> locks = offer.map(o -> List.of(
                    new MatchStore.Lock(MatchItems.passengerKey(passengerId), "open",
                            searching.searchDeadline().plus(PASSENGER_LOCK_MARGIN)),
                    new MatchStore.Lock(MatchItems.driverKey(o.driverId()), "proposed", expiresAt)))
                    .orElse(List.of(MatchStore.Lock.checkFree(MatchItems.passengerKey(passengerId))));
            // one round trip: the match, both locks, its timers and the proposal in both inboxes stand or fall together
            Optional<MatchNotices.StagedProposal> staged = offer.isPresent() ? notices.stage(next) : Optional.empty();
            List<TransactWriteItem> alongside = new ArrayList<>(timers(searching, next));
            staged.ifPresent(proposal -> alongside.addAll(proposal.writes()));
            StoreWrite write = store.create(next, trace.traceId(), trace.correlationId(), locks, alongside, now);
            switch (write) {
                case StoreWrite.Saved saved -> {
                    if (offer.isPresent()) {
                        notices.proposed(next, staged.orElse(null), connectionId); // its timers were written with it
                    } else {
                        carryOut(searching, next, null, trace, false);
                    }
                    notices.requested(searching, trace); // after the proposal: nobody waits for it
                    return next;
                }
                case StoreWrite.DriverTaken taken -> {
                    syncPool(taken);
                    skip.add(taken.driverId());
                }
                case StoreWrite.PassengerTaken taken -> {
                    offer.ifPresent(o -> pool.release(o.driverId(), searching.matchId()));
                    if (!clearStalePassengerLock(taken, now)) {
                        throw new InvalidMessage("type", ErrorCode.CONFLICT,
                                "you already have an open or booked match (" + taken.holder() + ")");
                    }
                }
                case StoreWrite.InboxMoved moved -> held = offer; // still ours in the pool: stage against fresh seqs
                case StoreWrite.Stale stale -> offer.ifPresent(o -> pool.release(o.driverId(), searching.matchId()));
                case StoreWrite.RideStarted started -> throw new IllegalStateException("a new match has no ride check");
            }
        }
        held.ifPresent(o -> pool.release(o.driverId(), searching.matchId())); // the tries ran out holding one
        throw new IllegalStateException("match request kept losing races for drivers");
    }

    /** The outcome of an event applied to a stored match. */
    public record Applied(Match before, Match after, boolean changed) {
    }

    /** {@code match.accept} / {@code match.reject}: refused with FORBIDDEN, CONFLICT or NOT_FOUND when not allowed. */
    public Applied answer(String matchId, MatchEvent answer, Trace trace) {
        if (!(answer instanceof Accept) && !(answer instanceof Reject)) {
            throw new IllegalArgumentException("not an answer: " + answer);
        }
        return apply(matchId, answer, trace);
    }

    /**
     * {@code match.cancel}: the passenger withdraws the request or calls off the booking, or the booked driver calls
     * off the booking, before its ride starts. The driver is released and both parties told. Refused with FORBIDDEN,
     * CONFLICT (over already, or the ride started) or NOT_FOUND.
     */
    public Applied cancel(String matchId, Cancel cancel, Trace trace) {
        return apply(matchId, cancel, trace);
    }

    /**
     * Ends a confirmed booking (the rides capability calls this when the ride is over or cancelled): the driver's
     * and passenger's locks are released, the driver goes back into the pool if their beacon is still on, and the
     * match's zones are no longer watched. Calling it twice is harmless.
     *
     * @return false when the match is unknown or was never confirmed
     */
    public boolean endBooking(String matchId) {
        Optional<Match> match = store.find(matchId).map(Traced::match);
        if (match.isEmpty() || !(match.get().state() instanceof Confirmed confirmed)) {
            return false;
        }
        String driverId = confirmed.driver().driverId();
        Concurrently.run(() -> store.release(MatchItems.driverKey(driverId), matchId),
                () -> store.release(MatchItems.passengerKey(match.get().passengerId()), matchId),
                () -> pool.release(driverId, matchId),
                () -> geofences.disarm(driverId, matchId));
        return true;
    }

    /** A match as stored (the rides capability reads whose confirmed match a ride starts from). */
    public Optional<Match> find(String matchId) {
        return store.find(matchId).map(Traced::match);
    }

    /** A proposal timer fired. */
    public void proposalExpired(String matchId, int attempt, String deadlineId) {
        applyQuietly(matchId, new ProposalExpired(attempt), deadlineId);
    }

    /** A max-wait timer fired. */
    public void maxWaitReached(String matchId, String deadlineId) {
        applyQuietly(matchId, new MaxWaitReached(), deadlineId);
    }

    private void applyQuietly(String matchId, MatchEvent event, String deadlineId) {
        try {
            apply(matchId, event, null, deadlineId);
        } catch (InvalidMessage gone) {
            LOG.info("timer {} for match {} ignored: {}", deadlineId, matchId, gone.getMessage());
        }
    }

    private Applied apply(String matchId, MatchEvent event, Trace trace) {
        return apply(matchId, event, trace, null);
    }

    private Applied apply(String matchId, MatchEvent event, Trace inbound, String deadlineId) {
        Set<String> skip = new HashSet<>();
        for (int i = 0; i < MAX_TRIES; i++) {
            Traced stored = store.find(matchId).orElseThrow(() ->
                    new InvalidMessage("match_id", ErrorCode.NOT_FOUND, "no match " + matchId));
            Trace trace = inbound != null ? inbound : continued(stored, deadlineId);
            Match before = stored.match();
            Instant now = clock.instant();
            Match after;
            switch (MatchMachine.decide(before, event, now)) {
                case Refused refused -> throw new InvalidMessage("match_id", refused.code(), refused.message());
                case Ignored ignored -> {
                    return new Applied(before, before, false);
                }
                case Changed changed -> after = changed.after();
            }
            Optional<DriverOffer> claimed = Optional.empty();
            if (after.state() instanceof Searching) {
                if (!now.isBefore(after.searchDeadline())) {
                    after = changed(MatchMachine.decide(after, new MaxWaitReached(), now));
                } else {
                    Instant expiresAt = now.plus(settings.getProposalTimeout());
                    claimed = claimNext(after, skip, expiresAt);
                    after = changed(MatchMachine.decide(after,
                            claimed.<MatchEvent>map(o -> new Propose(o, expiresAt)).orElseGet(NoCandidate::new), now));
                }
            }
            List<MatchStore.Lock> take = List.of();
            if (claimed.isPresent() && after.state() instanceof Proposed proposed) {
                take = List.of(new MatchStore.Lock(MatchItems.driverKey(proposed.driver().driverId()), "proposed",
                        proposed.expiresAt()));
            }
            List<MatchStore.Lock> convert = List.of();
            if (after.state() instanceof Confirmed confirmed) {
                Instant hold = now.plus(settings.getBookingHold());
                convert = List.of(new MatchStore.Lock(MatchItems.driverKey(confirmed.driver().driverId()), "assigned", hold),
                        new MatchStore.Lock(MatchItems.passengerKey(after.passengerId()), "assigned", hold));
            }
            // calling off a booking races the ride's start: the write is conditioned on there being no ride
            boolean noRide = before.state() instanceof Confirmed && after.state() instanceof Cancelled;
            // the change and what it owes commit together (outbox): a crash or an outage after the write leaves the
            // effects to the deadline poller instead of losing them
            Deadline effects = outbox.entry(effectsId(matchId, after.version()), EFFECTS_KIND,
                    new MatchChange(before, after, event, true).write(json));
            List<TransactWriteItem> alongside = new ArrayList<>(timers(before, after));
            alongside.add(deadlines.put(effects));
            StoreWrite write = store.save(before, after, stored.traceId(), stored.correlationId(), take, convert,
                    noRide, now, alongside);
            switch (write) {
                case StoreWrite.Saved saved -> {
                    Match changed = after;
                    outbox.runNow(effects, () -> carryOut(before, changed, event, trace, true));
                    return new Applied(before, after, true);
                }
                case StoreWrite.Stale stale -> claimed.ifPresent(o -> pool.release(o.driverId(), matchId));
                case StoreWrite.InboxMoved moved -> claimed.ifPresent(o -> pool.release(o.driverId(), matchId));
                case StoreWrite.DriverTaken taken -> {
                    if (after.state() instanceof Confirmed) {
                        // our hold on the driver lapsed and another match took them: this proposal is over
                        throw new InvalidMessage("match_id", ErrorCode.CONFLICT, "the proposal expired");
                    }
                    syncPool(taken);
                    skip.add(taken.driverId());
                }
                case StoreWrite.PassengerTaken taken ->
                        throw new InvalidMessage("match_id", ErrorCode.CONFLICT, "the passenger is booked elsewhere");
                case StoreWrite.RideStarted started -> throw new InvalidMessage("match_id", ErrorCode.CONFLICT,
                        "the ride has started: it is called off with ride.cancel");
            }
        }
        throw new IllegalStateException("match " + matchId + " kept changing under event " + event);
    }

    /**
     * The outbox entry of a stored change ({@link #EFFECTS_KIND}), run by the deadline poller when the writer could
     * not carry it out. Running it again after a partial run is harmless: releases and pool moves are conditional on
     * the match, and every message has a stable id the client dedupes by.
     */
    void effectsOwed(String payload, String entryId) {
        MatchChange change = MatchChange.read(json, payload);
        Optional<Traced> stored = store.find(change.after().matchId());
        Trace trace = stored.map(current -> continued(current, entryId)).orElseGet(() -> Trace.start(null, entryId));
        // a match that has moved past this change's proposal (answered, expired, cancelled since): offering it now
        // would be stale, and re-sent until acked though nobody can answer it
        boolean proposalOpen = stored.map(Traced::match).filter(now -> now.state() instanceof Proposed
                && now.attempt() == change.after().attempt()).isPresent();
        carryOut(change.before(), change.after(), change.cause(), trace, change.passengerByPush(), proposalOpen);
    }

    /**
     * Claims the nearest available driver for a match, skipping those already tried: nearest first within the
     * passenger's distance, of their vehicle type if they named one. A candidate taken by someone else between
     * search and claim is skipped; when a whole batch was taken, the search runs again.
     */
    private Optional<DriverOffer> claimNext(Match match, Set<String> skip, Instant until) {
        Set<String> excluded = new HashSet<>(match.tried());
        excluded.addAll(skip);
        excluded.add(match.passengerId()); // one id beaconing as a driver and asking for a ride: never their own
        int count = settings.getCandidatesPerSearch() + excluded.size();
        for (int round = 0; round < SEARCH_ROUNDS; round++) {
            List<DriverIndex.Nearby> nearby = pool.nearest(match.pickup().point(), match.preferences().vehicleType(),
                    match.preferences().maxDistanceKm(), count);
            for (DriverIndex.Nearby candidate : nearby) {
                if (excluded.contains(candidate.driverId())) {
                    continue;
                }
                Optional<DriverOffer> offer = pool.claim(candidate.driverId(), match.matchId(), until,
                        candidate.distanceKm());
                if (offer.isPresent()) {
                    return offer;
                }
            }
            if (nearby.size() < count) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * What a stored change means: the released driver, timers, pool, zones and messages. A confirmation and the
     * cancellation of that booking are carried out one after the other ({@link BookingEffects}).
     */
    private void carryOut(Match before, Match after, MatchEvent cause, Trace trace, boolean passengerByPush) {
        carryOut(before, after, cause, trace, passengerByPush, true);
    }

    /**
     * @param proposalOpen false when the stored match has moved past {@code after}'s proposal since (a late run of
     *                     its outbox entry): it is not sent
     */
    private void carryOut(Match before, Match after, MatchEvent cause, Trace trace, boolean passengerByPush,
                          boolean proposalOpen) {
        if (after.state() instanceof Confirmed) {
            bookingEffects.confirming(after.matchId(), () -> effects(before, after, cause, trace, passengerByPush, proposalOpen));
        } else if (before.state() instanceof Confirmed) {
            bookingEffects.ending(after.matchId(), () -> effects(before, after, cause, trace, passengerByPush, proposalOpen));
        } else {
            effects(before, after, cause, trace, passengerByPush, proposalOpen);
        }
    }

    private void effects(Match before, Match after, MatchEvent cause, Trace trace, boolean passengerByPush,
                         boolean proposalOpen) {
        boolean proposalEnded = before.state() instanceof Proposed
                && (!(after.state() instanceof Proposed) || before.attempt() != after.attempt());
        Optional<String> released = new Changed(before, after).releasedDriver();
        released.ifPresent(driverId -> {
            if (before.state() instanceof Confirmed) {
                geofences.disarm(driverId); // before the driver can be booked (and armed) for another match
            }
            // DynamoDB first: a driver back in the pool while still locked would be found taken, and the pool
            // corrected to this (ended) match's hold
            store.release(MatchItems.driverKey(driverId), after.matchId());
            pool.release(driverId, after.matchId());
            tellReleasedDriver(driverId, after, cause);
        });
        switch (after.state()) {
            case Proposed proposed -> {
                boolean fresh = !(before.state() instanceof Proposed) || before.attempt() != after.attempt();
                if (fresh && proposalOpen) {
                    notices.proposed(after, null, null); // its timers were written with it (see timers)
                }
            }
            case Confirmed confirmed -> {
                // held as long as DynamoDB's lock (see apply), so the pool heals when a lost release lets it lapse
                pool.assign(confirmed.driver().driverId(), after.matchId(),
                        confirmed.confirmedAt().plus(settings.getBookingHold()));
                geofences.arm(confirmed.driver().driverId(), after.matchId(), after.passengerId(), after.pickup(),
                        after.destination(), settings.getBookingHold());
                notices.confirmed(after, trace);
            }
            case Cancelled cancelled -> {
                if (after.attempt() > 0) { // a match that never proposed took no lock (its timers went with the write)
                    store.release(MatchItems.passengerKey(after.passengerId()), after.matchId());
                }
                notices.cancelled(after, released.orElse(null), passengerByPush, trace);
            }
            case Searching searching -> throw new IllegalStateException("a stored match is never left searching");
        }
        if (proposalEnded) {
            notices.settled(before);
        }
    }

    /**
     * The deadline writes a change from {@code before} to {@code after} makes, committed with it so a match never
     * waits on a timer that was not written: a fresh proposal sets its expiry (and the first one the max wait);
     * a confirmation or cancellation ends both.
     */
    private List<TransactWriteItem> timers(Match before, Match after) {
        return switch (after.state()) {
            case Proposed proposed -> {
                if (before.state() instanceof Proposed && before.attempt() == after.attempt()) {
                    yield List.of();
                }
                List<TransactWriteItem> writes = new ArrayList<>();
                if (before.attempt() == 0) {
                    writes.add(deadlines.put(new Deadline(maxWaitId(after.matchId()), MAX_WAIT_KIND,
                            after.searchDeadline(), after.matchId())));
                }
                writes.add(deadlines.put(new Deadline(proposalId(after.matchId()), PROPOSAL_KIND,
                        proposed.expiresAt(), after.matchId() + "|" + after.attempt())));
                yield writes;
            }
            case Confirmed confirmed -> List.of(deadlines.delete(proposalId(after.matchId())),
                    deadlines.delete(maxWaitId(after.matchId())));
            case Cancelled cancelled -> after.attempt() > 0 ? List.of(deadlines.delete(proposalId(after.matchId())),
                    deadlines.delete(maxWaitId(after.matchId()))) : List.of();
            case Searching searching -> List.of();
        };
    }

    private void tellReleasedDriver(String driverId, Match after, MatchEvent cause) {
        switch (cause) {
            case Reject reject when reject.party() == Party.DRIVER -> {
                // they said no themselves: nothing to tell
            }
            case Reject reject -> notices.withdrawn(driverId, after, CancelReason.BY_PASSENGER,
                    CancelReason.USER_CANCELLED, "The passenger declined");
            case Cancel cancel -> notices.cancelledToDriver(driverId, after); // the canceller too, when it is them
            case ProposalExpired expired -> notices.withdrawn(driverId, after, CancelReason.BY_SYSTEM,
                    CancelReason.TIMEOUT, "The proposal expired");
            case null, default -> notices.withdrawn(driverId, after, CancelReason.BY_SYSTEM, CancelReason.TIMEOUT,
                    "The passenger's request timed out");
        }
    }

    /** Redis thought a driver free whom DynamoDB holds for another match: take Redis' word back. */
    private void syncPool(StoreWrite.DriverTaken taken) {
        LOG.warn("driver {} is held by match {} ({}) although the pool had them free: correcting the pool",
                taken.driverId(), taken.holder(), taken.state());
        if (taken.holder() != null && taken.state() != null) {
            pool.mark(taken.driverId(), taken.state(), taken.holder(), taken.until());
        }
    }

    /** A passenger lock left by a match that has ended (its release was lost) is cleared; true when cleared. */
    private boolean clearStalePassengerLock(StoreWrite.PassengerTaken taken, Instant now) {
        if (taken.holder() == null) {
            return true;
        }
        Optional<Match> holder = store.find(taken.holder()).map(Traced::match);
        if (holder.isPresent() && holder.get().state() instanceof Cancelled) {
            store.release(MatchItems.passengerKey(taken.passengerId()), taken.holder());
            return true;
        }
        return false;
    }

    private static Trace continued(Traced stored, String deadlineId) {
        if (stored.traceId() == null) {
            return Trace.start(null, deadlineId);
        }
        return new Trace(stored.traceId(), UUID.randomUUID().toString(), stored.correlationId(), deadlineId);
    }

    private static Match changed(Decision decision) {
        if (decision instanceof Changed changed) {
            return changed.after();
        }
        throw new IllegalStateException("expected a change, got " + decision);
    }

    static String proposalId(String matchId) {
        return PROPOSAL_KIND + ":" + matchId;
    }

    static String effectsId(String matchId, long version) {
        return EFFECTS_KIND + ":" + matchId + ":" + version;
    }

    static String maxWaitId(String matchId) {
        return MAX_WAIT_KIND + ":" + matchId;
    }
}
