package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;
import io.ridewire.model.rides.StartRadius;

import io.ridewire.model.billing.Billing;
import io.ridewire.model.billing.Money;
import io.ridewire.model.billing.Settlement;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.functions.location.LocationSettings;
import io.ridewire.model.location.Reading;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchState;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.functions.matching.Matchmaker;
import io.ridewire.functions.matching.MatchingSettings;
import io.ridewire.model.matching.Party;
import io.ridewire.model.matching.Place;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentKind;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.payments.PaymentSettings;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.rides.RideOutcome.Cancelled;
import io.ridewire.model.rides.RideOutcome.Completed;
import io.ridewire.model.rides.payload.RideCancelled;
import io.ridewire.model.rides.payload.RideCompleted;
import io.ridewire.model.rides.payload.RideStarted;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The ride lifecycle: start (the match's driver, near the pickup, once per match), arrival (billed from the
 * distance the odometer measured and the driver's adjustment, with the payment it asks for) and cancellation (by
 * either party, with a fee when the passenger cancels). The ride is written to DynamoDB at start and at its end
 * only; between them its progress lives in Redis ({@link RideTracker}). Ending a ride ends the match's booking.
 */
@Singleton
public class Rides {
    private static final Logger LOG = LoggerFactory.getLogger(Rides.class);
    private static final java.time.Duration RECENT_FIX = java.time.Duration.ofMinutes(1);

    private final Matchmaker matchmaker;
    private final RideStore store;
    private final RideTracker tracker;
    private final RideNotices notices;
    private final RideStarts starts;
    private final RideEnds ends;
    private final DriverIndex pool;
    private final RideSettings settings;
    private final MatchingSettings matching;
    private final PaymentSettings paymentSettings;
    private final LocationSettings locationSettings;
    private final Clock clock;

    public Rides(Matchmaker matchmaker, RideStore store, RideTracker tracker, RideNotices notices,
                 RideStarts starts, RideEnds ends, DriverIndex pool,
                 RideSettings settings, MatchingSettings matching, PaymentSettings paymentSettings,
                 LocationSettings locationSettings, Clock clock) {
        this.matchmaker = matchmaker;
        this.store = store;
        this.tracker = tracker;
        this.notices = notices;
        this.starts = starts;
        this.ends = ends;
        this.pool = pool;
        this.settings = settings;
        this.matching = matching;
        this.paymentSettings = paymentSettings;
        this.locationSettings = locationSettings;
        this.clock = clock;
    }

    /**
     * {@code ride.start}: the driver of a confirmed match, within the start radius of its pickup, starts its one ride.
     *
     * @param at     where the driver is; null to use their last recorded fix
     * @param sentAt when the app took {@code at} (device clock), or null
     * @return the ride started; for a repeated start of a ride in progress, the ride as it started
     * @throws InvalidMessage NOT_FOUND, FORBIDDEN (not the match's driver), CONFLICT (not confirmed, or its ride
     *                        ended already), OUT_OF_RANGE on {@code location} (too far from the pickup, by the payload or
     *                        by the driver's last reported position)
     */
    public RideStarted start(String driverId, String matchId, Reading at, Instant sentAt, Trace trace) {
        Match match = matchmaker.find(matchId).orElseThrow(() ->
                new InvalidMessage("match_id", ErrorCode.NOT_FOUND, "no match " + matchId));
        if (!(match.state() instanceof Confirmed confirmed)) {
            if (match.state() instanceof MatchState.Cancelled && match.tried().contains(driverId)) {
                throw new InvalidMessage("match_id", ErrorCode.CONFLICT, "the match was cancelled");
            }
            if (match.isParty(Party.DRIVER, driverId)) {
                throw new InvalidMessage("match_id", ErrorCode.CONFLICT, "the match is not confirmed");
            }
            throw InvalidMessage.forbidden("match_id", "not your match");
        }
        if (!confirmed.driver().driverId().equals(driverId)) {
            throw InvalidMessage.forbidden("match_id", "only the match's driver starts the ride");
        }
        String rideId = Ride.idFor(matchId);
        Optional<Ride> existing = store.find(rideId);
        if (existing.isPresent()) {
            return repeatStarted(existing.get());
        }
        GeoPoint position = at != null ? new GeoPoint(at.latitude(), at.longitude())
                : pool.position(driverId).orElseThrow(() -> new InvalidMessage("location", ErrorCode.REQUIRED,
                "location is required: no recent position of yours is known"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as stored: a repeat answers the same
        StartRadius.refusal(match.pickup().point(), position, pool.lastFix(driverId).orElse(null), now,
                settings.startLimits()).ifPresent(why -> {
                    throw new InvalidMessage("location", ErrorCode.OUT_OF_RANGE, why);
                });
        Ride ride = new Ride(rideId, matchId, driverId, match.passengerId(), match.pickup(), match.destination(),
                new Place(position.latitude(), position.longitude(), match.pickup().address()),
                matching.getRatePerKm(), settings.adminFeePercent(), now, null);
        RideStarts.Owed owed = new RideStarts.Owed(rideId, startFixTime(driverId, sentAt, now),
                at == null ? null : at.accuracy());
        Deadline followUp = starts.entry(owed);
        switch (store.create(ride, starts.write(followUp))) {
            case CREATED -> {
            }
            case EXISTS -> {
                return repeatStarted(find(rideId));
            }
            case MATCH_NOT_CONFIRMED -> throw new InvalidMessage("match_id", ErrorCode.CONFLICT, "the match was cancelled");
        }
        starts.runNow(followUp, ride, owed, trace);
        return notices.started(ride);
    }

    /**
     * A repeated start (a resend after a lost answer): the ride as it started, whatever the driver sends now; what
     * the start owes is its outbox entry's. A ride that has ended is not started again.
     */
    private RideStarted repeatStarted(Ride ride) {
        if (!ride.inProgress()) {
            throw new InvalidMessage("match_id", ErrorCode.CONFLICT, "this match's ride has ended");
        }
        return notices.started(ride);
    }

    /**
     * {@code ride.arrived}: the driver ends the ride; both parties get the bill and the passenger a payment request.
     *
     * @param factor the driver's adjustment in [0, 1] (validated by the handler)
     * @return empty when this arrival completed the ride; for a repeated arrival, the bill as it was (the first
     *         arrival's adjustment stands)
     */
    public Optional<RideCompleted> arrive(String driverId, String rideId, Reading at, BigDecimal factor, String reason, Trace trace) {
        Ride ride = find(rideId);
        if (!ride.driverId().equals(driverId)) {
            throw InvalidMessage.forbidden("ride_id", "only the ride's driver signals arrival");
        }
        switch (ride.outcome()) {
            case null -> {
            }
            case Completed completed -> {
                return Optional.of(repeatCompleted(ride));
            }
            case Cancelled cancelled -> throw new InvalidMessage("ride_id", ErrorCode.CONFLICT, "the ride was cancelled");
        }
        Instant now = clock.instant();
        RideItems.Trip trip = finishTrip(ride, at, ride.destination().point(), now);
        BigDecimal km = Money.kilometres(trip.metres());
        Billing billing = Billing.of(km, ride.ratePerKm(), factor, ride.adminFeePercent());
        GeoPoint end = at != null ? new GeoPoint(at.latitude(), at.longitude())
                : tracker.read(rideId).map(RideTracker.State::shown).orElse(ride.destination().point());
        boolean atDestination = end.distanceKmTo(ride.destination().point()) * 1000
                <= locationSettings.getDestinationZoneRadiusM();
        String paymentId = Ride.paymentIdFor(rideId);
        Payment payment = Payment.request(paymentId, rideId, PaymentKind.RIDE_FARE, ride.passengerId(), driverId,
                billing.baseFare(), billing.settlement(), now, now.plus(paymentSettings.getRequestExpiry()));
        Ride completed = ride.ended(new Completed(
                new Place(end.latitude(), end.longitude(), atDestination ? ride.destination().address() : null),
                km, RideNotices.minutes(ride.startedAt(), now), billing, reason, paymentId, now));
        Deadline followUp = ends.entry(rideId);
        if (!store.end(completed, trip, payment, ends.write(followUp))) {
            Ride now2 = find(rideId);
            if (now2.outcome() instanceof Completed) {
                return Optional.of(repeatCompleted(now2));
            }
            throw new InvalidMessage("ride_id", ErrorCode.CONFLICT, "the ride was cancelled");
        }
        ends.runNow(followUp, completed, payment, trace);
        return Optional.empty();
    }

    /**
     * {@code ride.cancel}: either party calls the ride off before arrival. A passenger's cancellation costs the
     * configured fee, asked for with a payment request like a fare; a driver's costs the passenger nothing.
     *
     * @return empty when this call cancelled the ride; for a repeated cancellation, the cancellation as it was
     */
    public Optional<RideCancelled> cancel(String userId, Party party, String rideId, String reason, Reading at, Trace trace) {
        Ride ride = find(rideId);
        String partyId = party == Party.DRIVER ? ride.driverId() : ride.passengerId();
        if (!partyId.equals(userId)) {
            throw InvalidMessage.forbidden("ride_id", "not your ride");
        }
        switch (ride.outcome()) {
            case null -> {
            }
            case Completed completed -> throw new InvalidMessage("ride_id", ErrorCode.CONFLICT,
                    "the ride is completed: it can no longer be cancelled");
            case Cancelled cancelled -> {
                return Optional.of(repeatCancelled(ride));
            }
        }
        Instant now = clock.instant();
        RideItems.Trip trip = finishTrip(ride, party == Party.DRIVER ? at : null, null, now);
        long fee = party == Party.PASSENGER ? settings.getCancellationFee() : 0;
        Payment payment = null;
        if (fee > 0) {
            payment = Payment.request(Ride.paymentIdFor(rideId), rideId, PaymentKind.CANCELLATION_FEE,
                    ride.passengerId(), ride.driverId(), fee, Settlement.split(fee, ride.adminFeePercent()), now,
                    now.plus(paymentSettings.getRequestExpiry()));
        }
        GeoPoint where = at != null ? new GeoPoint(at.latitude(), at.longitude())
                : tracker.read(rideId).map(RideTracker.State::shown).orElse(null);
        Ride cancelled = ride.ended(new Cancelled(party.userType(), reason, where, Money.kilometres(trip.metres()),
                RideNotices.minutes(ride.startedAt(), now), fee, payment == null ? null : payment.paymentId(), now));
        Deadline followUp = ends.entry(rideId);
        if (!store.end(cancelled, trip, payment, ends.write(followUp))) {
            Ride current = find(rideId);
            if (current.outcome() instanceof Cancelled) {
                return Optional.of(repeatCancelled(current));
            }
            throw new InvalidMessage("ride_id", ErrorCode.CONFLICT, "the ride is completed: it can no longer be cancelled");
        }
        ends.runNow(followUp, cancelled, payment, trace);
        return Optional.empty();
    }

    /**
     * The time the odometer's first anchor is taken at, on the device's clock like the fixes that follow: the
     * {@code timestamp} the app sent with the start, else the driver's last fix if it is recent, else now. A phone
     * whose clock runs behind has its first fixes dropped as {@code out_of_order} until its clock passes this; the
     * anchor stays at the start point meanwhile, so no distance is lost, only the first positions are not shown.
     */
    private Instant startFixTime(String driverId, Instant sent, Instant now) {
        if (sent != null) {
            return sent;
        }
        String last = pool.record(driverId).get("at");
        if (last != null && !last.isEmpty()) {
            Instant at = Instant.ofEpochMilli(Long.parseLong(last));
            if (at.isBefore(now) && at.isAfter(now.minus(RECENT_FIX))) {
                return at;
            }
        }
        return now;
    }

    public Optional<Ride> ride(String rideId) {
        return store.find(rideId);
    }

    private Ride find(String rideId) {
        return store.find(rideId).orElseThrow(() ->
                new InvalidMessage("ride_id", ErrorCode.NOT_FOUND, "no ride " + rideId));
    }

    /**
     * Freezes the distance in Redis (the last position judged as one more fix). Without Redis state (lost with a
     * Redis restart), the straight line from the start to the last position, else to {@code presumedEnd}, is billed
     * rather than nothing.
     *
     * @param presumedEnd where the ride is taken to end when {@code at} is absent (an arrival: the destination), or
     *                    null (a cancellation: nowhere known)
     */
    private RideItems.Trip finishTrip(Ride ride, Reading at, GeoPoint presumedEnd, Instant now) {
        GeoPoint last = at == null ? null : new GeoPoint(at.latitude(), at.longitude());
        Optional<RideTracker.Finished> finished = tracker.finish(ride.rideId(), last, at == null ? null : at.accuracy(), now);
        if (finished.isPresent()) {
            return new RideItems.Trip(finished.get().metres(), finished.get().counted(), finished.get().dropped());
        }
        GeoPoint end = last != null ? last : presumedEnd;
        double metres = end == null ? 0 : ride.start().point().distanceKmTo(end) * 1000;
        LOG.warn("ride {} has no progress state in Redis: billing the straight line, {} m", ride.rideId(),
                Math.round(metres));
        return new RideItems.Trip(metres, 0, java.util.Map.of("state_lost", 1L));
    }

    /**
     * A repeated arrival (a resend after a lost answer): the durable events are made sure of (idempotent by id:
     * nothing new is stored or sent if the first arrival got that far) and the bill is the answer.
     */
    private RideCompleted repeatCompleted(Ride ride) {
        notices.deliverCompleted(ride);
        return notices.completed(ride);
    }

    private RideCancelled repeatCancelled(Ride ride) {
        notices.deliverCancelled(ride);
        return notices.cancelled(ride);
    }
}
