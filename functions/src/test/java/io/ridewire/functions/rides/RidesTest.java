package io.ridewire.functions.rides;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.deadlines.Deadline;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.delivery.StoredEvent;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.drivers.DriverProfile;
import io.ridewire.functions.matching.Matchmaker;
import io.ridewire.functions.payments.PaymentStore;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.location.Reading;
import io.ridewire.model.matching.Confirmation;
import io.ridewire.model.matching.Match;
import io.ridewire.model.matching.MatchEvent;
import io.ridewire.model.matching.Party;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.matching.Place;
import io.ridewire.model.matching.Preferences;
import io.ridewire.model.billing.Billing;
import io.ridewire.model.payments.Payment;
import io.ridewire.model.payments.PaymentKind;
import io.ridewire.model.payments.PaymentStatus;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.rides.Ride;
import io.ridewire.model.rides.Odometer;
import io.ridewire.model.rides.RideOutcome;
import io.ridewire.model.rides.payload.RideCompleted;
import io.ridewire.model.rides.payload.RideStarted;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static io.ridewire.functions.testing.Places.north;
import static io.ridewire.functions.testing.Places.spot;
import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A ride through its states, against DynamoDB Local and Redis: who may start it, where, once; arrival bills once. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class RidesTest {
    @Inject
    Rides rides;
    @Inject
    Matchmaker matchmaker;
    @Inject
    DriverIndex drivers;
    @Inject
    RideTracker tracker;
    @Inject
    PaymentStore payments;
    @Inject
    RideStore store;
    @Inject
    RideEnds ends;
    @Inject
    RideStarts starts;
    @Inject
    Deadlines deadlines;
    @Inject
    DurableDelivery delivery;

    @Test
    void start_byTheBookedDriverAtThePickup_startsTheRideOnce() {
        Booking booking = book();

        RideStarted started = rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace());

        assertThat(started.rideId()).isEqualTo(Ride.idFor(booking.matchId));
        assertThat(rides.ride(started.rideId())).get().extracting(Ride::status).isEqualTo(Ride.IN_PROGRESS);
        assertThat(tracker.activeRide(booking.driver)).contains(started.rideId());
        assertThat(tracker.activeRide(booking.passenger)).contains(started.rideId());
        RideStarted again = rides.start(booking.driver, booking.matchId, at(north(booking.pickup, 3)), null, trace());
        assertThat(again).as("a repeat (a resend after a lost answer) is answered with the ride as it started")
                .isEqualTo(started);
    }

    @Test
    void aRepeatedStart_neitherResetsTheRidesProgress_norRestartsAnEndedRide() {
        Booking booking = book();
        String rideId = rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace()).rideId();
        Instant t0 = Instant.now();
        tracker.record(rideId, booking.driver, new Odometer.Fix(north(booking.pickup, 0.5).latitude(),
                booking.pickup.longitude(), 5.0, t0.plusSeconds(60)), t0);
        tracker.record(rideId, booking.driver, new Odometer.Fix(north(booking.pickup, 1).latitude(),
                booking.pickup.longitude(), 5.0, t0.plusSeconds(120)), t0);
        long version = tracker.read(rideId).orElseThrow().version();

        rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace());
        assertThat(tracker.read(rideId).orElseThrow().version()).as("progress kept").isEqualTo(version);

        rides.arrive(booking.driver, rideId, at(north(booking.pickup, 1)), BigDecimal.ONE, null, trace());
        assertThatThrownBy(() -> rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace()))
                .as("a match has one ride").satisfies(refusedWith(ErrorCode.CONFLICT));
    }

    @Test
    void aStartWhoseWriterDiedAfterTheCommit_isCarriedOutFromTheOutbox_once() {
        Booking booking = book();
        Match match = matchmaker.find(booking.matchId).orElseThrow();
        String rideId = Ride.idFor(booking.matchId);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Ride ride = new Ride(rideId, booking.matchId, booking.driver, booking.passenger, match.pickup(),
                match.destination(), match.pickup(), 3000, new BigDecimal("5"), now, null);
        RideStarts.Owed owed = new RideStarts.Owed(rideId, now.minusSeconds(2), 7.5);
        Deadline entry = starts.entry(owed);

        // what a start commits; its writer dies before carrying out anything the start owes
        assertThat(store.create(ride, starts.write(entry))).isEqualTo(RideStore.Creation.CREATED);
        assertThat(tracker.activeRide(booking.driver)).as("not tracked yet").isEmpty();
        assertThat(rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace()).rideId())
                .as("the driver's resend is answered with the ride").isEqualTo(rideId);

        Deadlines.Claim claim = deadlines.claimNow(entry.id()).orElseThrow(); // as the poller claims it
        starts.fire(claim.deadline());
        assertThat(tracker.read(rideId).orElseThrow().odometer().anchor()).as("the start's fix, as the writer had it")
                .isEqualTo(new Odometer.Fix(match.pickup().latitude(), match.pickup().longitude(), 7.5,
                        now.minusSeconds(2)));
        Instant t0 = Instant.now();
        tracker.record(rideId, booking.driver, new Odometer.Fix(north(booking.pickup, 0.5).latitude(),
                booking.pickup.longitude(), 5.0, t0.plusSeconds(60)), t0);
        long version = tracker.read(rideId).orElseThrow().version();
        starts.fire(claim.deadline()); // a poller that died before removing it runs it again
        deadlines.complete(claim);

        assertThat(tracker.activeRide(booking.driver)).contains(rideId);
        assertThat(tracker.activeRide(booking.passenger)).contains(rideId);
        RideTracker.State state = tracker.read(rideId).orElseThrow();
        assertThat(state.version()).as("the second run did not reset the odometer").isEqualTo(version);
        assertThat(tracker.droppedLog(rideId)).isEmpty();
        assertThat(deadlines.dueAt(entry.id())).isEmpty();
    }

    @Test
    void start_byAnyoneButTheBookedDriver_orFarFromThePickup_isRefused() {
        Booking booking = book();

        assertThatThrownBy(() -> rides.start(booking.passenger, booking.matchId, at(booking.pickup), null, trace()))
                .satisfies(refusedWith(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> rides.start(booking.driver, booking.matchId, at(north(booking.pickup, 3)), null, trace()))
                .satisfies(refusedWith(ErrorCode.OUT_OF_RANGE));
        assertThat(rides.ride(Ride.idFor(booking.matchId))).as("no ride was created").isEmpty();
    }

    @Test
    void arrive_completesTheRide_asksForItsFareOnce_andFreesTheDriver() {
        Booking booking = book();
        String rideId = rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace()).rideId();
        GeoPoint destination = north(booking.pickup, -2);

        Optional<RideCompleted> first = rides.arrive(booking.driver, rideId, at(destination), BigDecimal.ONE, null, trace());
        Optional<RideCompleted> again = rides.arrive(booking.driver, rideId, at(destination), new BigDecimal("0.5"),
                "second try", trace());

        assertThat(first).as("this arrival completed the ride").isEmpty();
        Ride ride = rides.ride(rideId).orElseThrow();
        RideOutcome.Completed completed = (RideOutcome.Completed) ride.outcome();
        Payment payment = payments.find(Ride.paymentIdFor(rideId)).orElseThrow();
        assertThat(payment.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(payment.passengerId()).isEqualTo(booking.passenger);
        assertThat(payment.settlement().passengerPays()).isEqualTo(completed.billing().adjustedFare());
        assertThat(again).as("a repeated arrival gets the bill as it was").get()
                .extracting(RideCompleted::billing).isEqualTo(completed.billing());
        assertThatThrownBy(() -> rides.cancel(booking.passenger, Party.PASSENGER, rideId, "changed my mind", null, trace()))
                .as("a completed ride cannot be cancelled").satisfies(refusedWith(ErrorCode.CONFLICT));
        assertThat(tracker.activeRide(booking.driver)).isEmpty();
        assertThat(drivers.isIndexed(booking.driver)).as("back in the pool, beacon still on").isTrue();
    }

    @Test
    void cancel_byThePassenger_endsTheRide_andAnArrivalAfterItIsRefused() {
        Booking booking = book();
        String rideId = rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace()).rideId();

        Optional<?> cancelled = rides.cancel(booking.passenger, Party.PASSENGER, rideId, "changed my mind", null, trace());

        assertThat(cancelled).as("this call cancelled the ride").isEmpty();
        assertThat(rides.ride(rideId)).get().extracting(Ride::status).isEqualTo("cancelled");
        assertThatThrownBy(() -> rides.arrive(booking.driver, rideId, at(booking.pickup), BigDecimal.ONE, null, trace()))
                .satisfies(refusedWith(ErrorCode.CONFLICT));
        assertThat(drivers.isIndexed(booking.driver)).isTrue();
    }

    @Test
    void anEndWhoseWriterDiedAfterTheCommit_isCarriedOutFromTheOutbox_once() {
        Booking booking = book();
        String rideId = rides.start(booking.driver, booking.matchId, at(booking.pickup), null, trace()).rideId();
        Ride ride = rides.ride(rideId).orElseThrow();
        Instant now = Instant.now();
        BigDecimal km = new BigDecimal("2.0");
        Billing billing = Billing.of(km, ride.ratePerKm(), BigDecimal.ONE, ride.adminFeePercent());
        String paymentId = Ride.paymentIdFor(rideId);
        Payment payment = Payment.request(paymentId, rideId, PaymentKind.RIDE_FARE, booking.passenger, booking.driver,
                billing.baseFare(), billing.settlement(), now, now.plusSeconds(900));
        Ride completed = ride.ended(new RideOutcome.Completed(ride.destination(), km, 5, billing, null, paymentId, now));
        Deadline entry = ends.entry(rideId);

        // what an arrival commits; its writer dies before carrying out anything the end owes
        assertThat(store.end(completed, new RideItems.Trip(2000, 10, Map.of()), payment, ends.write(entry))).isTrue();
        assertThat(eventIds(booking.passenger)).doesNotContain("payment.request:" + paymentId);
        assertThat(drivers.isIndexed(booking.driver)).as("still booked").isFalse();

        Deadlines.Claim claim = deadlines.claimNow(entry.id()).orElseThrow(); // as the poller claims it
        ends.fire(claim.deadline());
        ends.fire(claim.deadline()); // a poller that died before removing it runs it again
        deadlines.complete(claim);

        assertThat(eventIds(booking.passenger)).as("asked to pay once, told of the end once")
                .containsOnlyOnce("payment.request:" + paymentId, "ride.completed:" + rideId);
        assertThat(eventIds(booking.driver)).containsOnlyOnce("ride.completed:" + rideId);
        assertThat(drivers.isIndexed(booking.driver)).as("back in the pool").isTrue();
        assertThat(tracker.activeRide(booking.passenger)).isEmpty();
        Match next = matchmaker.request(booking.passenger, null, new Matchmaker.Request(
                new Place(booking.pickup.latitude(), booking.pickup.longitude(), "Jl. Asia Afrika 8"),
                new Place(booking.pickup.latitude() - 0.018, booking.pickup.longitude(), "Jl. Braga 1"),
                new Preferences(null, 3, 5), PersonInfo.NONE), trace());
        assertThat(next.matchId()).as("the passenger's booking lock was released").isNotEqualTo(booking.matchId);
    }

    private List<String> eventIds(String userId) {
        return delivery.since(Inbox.user(userId), 0, null, 100).events().stream().map(StoredEvent::eventId).toList();
    }

    private record Booking(String driver, String passenger, String matchId, GeoPoint pickup) {
    }

    /** A driver 100 m from a new pickup, proposed to a passenger, and accepted: a confirmed match. */
    private Booking book() {
        GeoPoint pickup = spot();
        String driver = unique("driver");
        String passenger = unique("passenger");
        drivers.beacon(driver, true, new DriverProfile("car", "D 42 RW", "Dewi", "+62813000", 4.7),
                north(pickup, 0.1), "conn-" + driver);
        Match match = matchmaker.request(passenger, null, new Matchmaker.Request(
                new Place(pickup.latitude(), pickup.longitude(), "Jl. Asia Afrika 8"),
                new Place(pickup.latitude() - 0.018, pickup.longitude(), "Jl. Braga 1"), new Preferences(null, 3, 5),
                PersonInfo.NONE), trace());
        matchmaker.answer(match.matchId(), new MatchEvent.Accept(Party.DRIVER, driver, Confirmation.DRIVER), trace());
        return new Booking(driver, passenger, match.matchId(), pickup);
    }

    private static Reading at(GeoPoint point) {
        return new Reading(point.latitude(), point.longitude(), 5.0, null, null, null);
    }

    private static Consumer<Throwable> refusedWith(String code) {
        return e -> assertThat(e).isInstanceOfSatisfying(InvalidMessage.class,
                invalid -> assertThat(invalid.code()).isEqualTo(code));
    }

    private static Trace trace() {
        return Trace.start(unique("c"), null);
    }
}
