package io.ridewire.functions.rides;

import io.ridewire.model.rides.Ride;

import io.ridewire.model.billing.Money;
import io.ridewire.functions.delivery.DurableDelivery;
import io.ridewire.functions.delivery.Inbox;
import io.ridewire.functions.drivers.DriverSettings;
import io.ridewire.functions.events.PublishQueue;
import io.ridewire.deployment.StreamCatalogue;
import io.ridewire.model.events.Subjects;
import io.ridewire.model.events.Trace;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.geo.TravelTime;
import io.ridewire.functions.location.Geofences;
import io.ridewire.model.location.LocationTracking;
import io.ridewire.model.location.Reading;
import io.ridewire.model.matching.TripEstimate;
import io.ridewire.model.protocol.EventType;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;
import io.ridewire.model.rides.RideOutcome.Cancelled;
import io.ridewire.model.rides.RideOutcome.Completed;
import io.ridewire.model.rides.payload.PartialBilling;
import io.ridewire.model.rides.payload.RideCancelled;
import io.ridewire.model.rides.payload.RideCompleted;
import io.ridewire.model.rides.payload.RideEventData;
import io.ridewire.model.rides.payload.RideProgress;
import io.ridewire.model.rides.payload.RideStarted;
import io.ridewire.model.rides.payload.TimedPosition;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What rides tell the parties and the platform. {@code ride.started} (under an id derived from the ride),
 * {@code ride.progress} and {@code location.tracking} are pushed (the next one replaces a lost one); {@code ride.completed} and
 * {@code ride.cancelled} go through durable delivery, under ids derived from the ride. The NATS events follow the
 * event schemas of spec 002.
 */
@Singleton
public class RideNotices {
    private static final ExecutorService PUSHES = Executors.newVirtualThreadPerTaskExecutor();

    private final Push push;
    private final DurableDelivery delivery;
    private final PublishQueue events;
    private final DriverSettings drivers;

    public RideNotices(Push push, DurableDelivery delivery, PublishQueue events,
                       DriverSettings drivers) {
        this.push = push;
        this.delivery = delivery;
        this.events = events;
        this.drivers = drivers;
    }

    public RideStarted started(Ride ride) {
        return new RideStarted(ride.rideId(), ride.matchId(), ride.driverId(), ride.passengerId(), ride.start(),
                ride.destination(), ride.ratePerKm(), ride.startedAt());
    }

    /**
     * {@code ride.started} to the passenger, and to the driver too when their answer was lost (the start carried out
     * by the deadline poller): durable, under an id derived from the ride, so a repeat of the outbox entry stores and
     * pushes nothing and a passenger offline at the start gets it by {@code sync}.
     */
    void startedToParties(Ride ride, boolean toDriver) {
        String eventId = "ride.started:" + ride.rideId();
        RideStarted payload = started(ride);
        delivery.send(Inbox.user(ride.passengerId()), eventId, EventType.RIDE_STARTED, payload);
        if (toDriver) {
            delivery.send(Inbox.user(ride.driverId()), eventId, EventType.RIDE_STARTED, payload);
        }
    }

    /** Tells the platform the ride was created and has started, each once however often it is sent. */
    void started(Ride ride, Trace trace) {
        long estimate = TripEstimate.of(ride.pickup(), ride.destination(), drivers.getAverageSpeedKmh(),
                ride.ratePerKm()).fare();
        events.publishOwed(StreamCatalogue.RIDES, "ride.created:" + ride.rideId(), Subjects.RIDE_CREATED,
                new RideEventData.Created(ride.rideId(), ride.matchId(), ride.driverId(),
                ride.passengerId(), ride.pickup(), ride.destination(),
                new RideEventData.Pricing(ride.ratePerKm(), estimate, Money.CURRENCY), "created", ride.startedAt()), trace);
        events.publishOwed(StreamCatalogue.RIDES, "ride.started:" + ride.rideId(), Subjects.RIDE_STARTED,
                new RideEventData.Started(ride.rideId(), ride.driverId(), ride.passengerId(),
                new TimedPosition(ride.start().latitude(), ride.start().longitude(), ride.startedAt()),
                ride.destination().point(), Ride.IN_PROGRESS, ride.startedAt()), trace);
    }

    /**
     * The driver's position during the ride, to the passenger, after each fix worth showing: still the distance from
     * the pickup (the spec's field), and the minutes left to the destination.
     */
    void tracking(RideTracker.State state, Reading fix, Instant at) {
        GeoPoint here = new GeoPoint(fix.latitude(), fix.longitude());
        LocationTracking tracking = new LocationTracking(state.rideId(), state.matchId(), state.driverId(), "driver",
                fix, km(here.distanceKmTo(state.pickup()) * 1000).doubleValue(),
                TravelTime.minutes(here.distanceKmTo(state.destination()), drivers.getAverageSpeedKmh()), at);
        push.deliver(Audience.user(state.passengerId()), Push.event(EventType.LOCATION_TRACKING, tracking));
    }

    /** The booked driver's position on the way to the pickup, to the passenger: distance and minutes to the pickup. */
    void approaching(Geofences.Watched booking, String driverId, Reading fix, Instant at) {
        double km = new GeoPoint(fix.latitude(), fix.longitude()).distanceKmTo(booking.pickup());
        LocationTracking tracking = new LocationTracking(null, booking.matchId(), driverId, "driver", fix,
                km(km * 1000).doubleValue(), TravelTime.minutes(km, drivers.getAverageSpeedKmh()), at);
        push.deliver(Audience.user(booking.passengerId()), Push.event(EventType.LOCATION_TRACKING, tracking));
    }

    /** {@code ride.progress} to both parties and the platform. */
    void progress(RideTracker.State state, double metres, GeoPoint here, Instant hereAt, Instant now, Trace trace) {
        BigDecimal travelled = Money.kilometres(metres);
        BigDecimal remaining = km(here.distanceKmTo(state.destination()) * 1000);
        int duration = minutes(state.startedAt(), now);
        long fare = Money.fare(travelled, state.ratePerKm());
        int remainingMinutes = TravelTime.minutes(remaining.doubleValue(), drivers.getAverageSpeedKmh());
        RideProgress progress = new RideProgress(state.rideId(), here, travelled.doubleValue(), duration, fare,
                remainingMinutes, remaining.doubleValue(), now);
        var toDriver = CompletableFuture.runAsync(() ->
                push.deliver(Audience.user(state.driverId()), Push.event(EventType.RIDE_PROGRESS, progress)), PUSHES);
        push.deliver(Audience.user(state.passengerId()), Push.event(EventType.RIDE_PROGRESS, progress));
        publish(Subjects.RIDE_PROGRESS, new RideEventData.Progress(state.rideId(),
                new TimedPosition(here.latitude(), here.longitude(), hereAt), travelled.doubleValue(), duration, fare,
                new RideEventData.EstimatedRemaining(remaining.doubleValue(), remainingMinutes,
                        Money.fare(remaining, state.ratePerKm())), Ride.IN_PROGRESS), trace);
        toDriver.join();
    }

    public RideCompleted completed(Ride ride) {
        Completed c = (Completed) ride.outcome();
        return new RideCompleted(ride.rideId(), ride.driverId(), ride.passengerId(), ride.start(), c.end(),
                c.distanceKm().doubleValue(), c.durationMinutes(), c.billing(), c.completedAt());
    }

    /** The final bill to both parties, durably; sending it again stores and sends nothing new. */
    void deliverCompleted(Ride ride) {
        RideCompleted payload = completed(ride);
        String eventId = "ride.completed:" + ride.rideId();
        delivery.send(Inbox.user(ride.driverId()), eventId, EventType.RIDE_COMPLETED, payload);
        delivery.send(Inbox.user(ride.passengerId()), eventId, EventType.RIDE_COMPLETED, payload);
    }

    /** The final bill to both parties (durably) and the platform, each once however often it is sent. */
    void completed(Ride ride, Trace trace) {
        Completed c = (Completed) ride.outcome();
        deliverCompleted(ride);
        double hours = Duration.between(ride.startedAt(), c.completedAt()).toMillis() / 3_600_000.0;
        double speed = hours <= 0 ? 0 : BigDecimal.valueOf(c.distanceKm().doubleValue() / hours)
                .setScale(1, RoundingMode.HALF_UP).doubleValue();
        events.publishOwed(StreamCatalogue.RIDES, "ride.completed:" + ride.rideId(), Subjects.RIDE_COMPLETED,
                new RideEventData.Completed(ride.rideId(), ride.driverId(), ride.passengerId(),
                new TimedPosition(ride.start().latitude(), ride.start().longitude(), ride.startedAt()),
                new TimedPosition(c.end().latitude(), c.end().longitude(), c.completedAt()),
                new RideEventData.TripSummary(c.distanceKm().doubleValue(), c.durationMinutes(), speed),
                RideEventData.Billing.of(c.billing(), Money.CURRENCY), "completed", c.completedAt()), trace);
    }

    public RideCancelled cancelled(Ride ride) {
        Cancelled c = (Cancelled) ride.outcome();
        return new RideCancelled(ride.rideId(), ride.driverId(), ride.passengerId(), c.cancelledBy(), c.reason(),
                c.location(), partial(c), c.paymentId(), c.cancelledAt());
    }

    /** The cancellation to both parties, durably; sending it again stores and sends nothing new. */
    void deliverCancelled(Ride ride) {
        RideCancelled payload = cancelled(ride);
        String eventId = "ride.cancelled:" + ride.rideId();
        delivery.send(Inbox.user(ride.driverId()), eventId, EventType.RIDE_CANCELLED, payload);
        delivery.send(Inbox.user(ride.passengerId()), eventId, EventType.RIDE_CANCELLED, payload);
    }

    /** The cancellation to both parties (durably) and the platform, each once however often it is sent. */
    void cancelled(Ride ride, Trace trace) {
        Cancelled c = (Cancelled) ride.outcome();
        deliverCancelled(ride);
        events.publishOwed(StreamCatalogue.RIDES, "ride.cancelled:" + ride.rideId(), Subjects.RIDE_CANCELLED,
                new RideEventData.Cancelled(ride.rideId(), ride.driverId(),
                ride.passengerId(), c.cancelledBy(), c.reason(), c.location(), partial(c), "cancelled",
                c.cancelledAt()), trace);
    }

    private static PartialBilling partial(Cancelled c) {
        return new PartialBilling(c.distanceKm().doubleValue(), c.durationMinutes(), c.cancellationFee(), Money.CURRENCY);
    }

    /** Whole minutes elapsed. */
    static int minutes(Instant from, Instant to) {
        return (int) Math.max(0, Duration.between(from, to).toMinutes());
    }

    private static BigDecimal km(double metres) {
        return Money.kilometres(metres);
    }

    private void publish(String subject, Object data, Trace trace) {
        events.publish(StreamCatalogue.RIDES, subject, data, trace);
    }
}
