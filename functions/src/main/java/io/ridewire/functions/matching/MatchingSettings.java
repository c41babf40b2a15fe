package io.ridewire.functions.matching;

import io.ridewire.model.matching.Confirmation;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** {@code ridewire.matching.*}: proposals, limits on what a passenger may ask for, and prices. */
@ConfigurationProperties("ridewire.matching")
public interface MatchingSettings {

    /** How long a proposed driver has to answer before the next one is asked. */
    @Bindable(defaultValue = "30s")
    Duration getProposalTimeout();

    /** {@code max_distance_km} when the passenger gives none. */
    @Bindable(defaultValue = "5")
    double getDefaultMaxDistanceKm();

    /** The largest {@code max_distance_km} accepted. */
    @Bindable(defaultValue = "50")
    double getMaxDistanceLimitKm();

    /** {@code max_wait_minutes} when the passenger gives none. */
    @Bindable(defaultValue = "10")
    double getDefaultMaxWaitMinutes();

    /** The largest {@code max_wait_minutes} accepted. */
    @Bindable(defaultValue = "60")
    double getMaxWaitLimitMinutes();

    /** IDR per km of {@code estimated_fare}. */
    @Bindable(defaultValue = "3000")
    long getRatePerKm();

    /** How long a confirmed booking holds the driver and passenger if the ride never releases them. */
    @Bindable(defaultValue = "12h")
    Duration getBookingHold();

    /**
     * Proposals as durable, critical events (stored per inbox with a seq, re-sent until acknowledged, replayed on
     * sync). Off: pushed once, straight to the connections, without {@code ack_required} — about 15 ms faster on
     * DynamoDB Local, but a proposal sent while a socket blinks is lost.
     */
    @Bindable(defaultValue = "true")
    boolean isDurableProposals();

    /**
     * Whether the passenger's {@code match.accept} is needed too. Off (the spec's Complete Ride Flow): the driver's
     * accept alone confirms and sends {@code match.confirmed} to both.
     */
    @Bindable(defaultValue = "false")
    boolean isPassengerMustAccept();

    /** Whose acceptance confirms a proposal, from {@link #isPassengerMustAccept()}. */
    default Confirmation confirmation() {
        return isPassengerMustAccept() ? Confirmation.BOTH : Confirmation.DRIVER;
    }

    /** Candidates fetched per geo search (the nearest first); more are fetched when all are taken. */
    @Bindable(defaultValue = "10")
    int getCandidatesPerSearch();
}
