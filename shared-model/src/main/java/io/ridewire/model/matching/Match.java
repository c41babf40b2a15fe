package io.ridewire.model.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One passenger's request for a ride and its way to a booking: the drivers proposed so far ({@code tried}, in
 * order), the current state, and a version that every stored write is conditioned on.
 *
 * @param attempt        how many proposals have been made (the current one's number while proposed)
 * @param searchDeadline when the passenger's {@code max_wait_minutes} runs out
 * @param version        incremented by every change; a write expecting an older version loses
 */
public record Match(
        String matchId,
        String passengerId,
        Place pickup,
        Place destination,
        Preferences preferences,
        PersonInfo passengerInfo,
        Instant createdAt,
        Instant searchDeadline,
        List<String> tried,
        int attempt,
        MatchState state,
        long version) {

    public Match {
        tried = List.copyOf(tried);
    }

    /** A new request, searching for its first driver. */
    public static Match request(String matchId, String passengerId, Place pickup, Place destination,
                                Preferences preferences, PersonInfo passengerInfo, Instant now) {
        return new Match(matchId, passengerId, pickup, destination, preferences, passengerInfo, now,
                now.plus(preferences.maxWait()), List.of(), 0, new MatchState.Searching(), 0);
    }

    Match with(MatchState next) {
        return new Match(matchId, passengerId, pickup, destination, preferences, passengerInfo, createdAt,
                searchDeadline, tried, attempt, next, version + 1);
    }

    Match proposing(DriverOffer driver, MatchState.Proposed next) {
        List<String> triedNow = new ArrayList<>(tried);
        triedNow.add(driver.driverId());
        return new Match(matchId, passengerId, pickup, destination, preferences, passengerInfo, createdAt,
                searchDeadline, triedNow, attempt + 1, next, version + 1);
    }

    /** The driver currently proposed or booked, if any. */
    public Optional<DriverOffer> driver() {
        return switch (state) {
            case MatchState.Proposed p -> Optional.of(p.driver());
            case MatchState.Confirmed c -> Optional.of(c.driver());
            case MatchState.Searching s -> Optional.empty();
            case MatchState.Cancelled c -> Optional.empty();
        };
    }

    /** Whether this user takes part as the given party: the passenger, or the driver proposed now. */
    public boolean isParty(Party party, String userId) {
        return switch (party) {
            case PASSENGER -> passengerId.equals(userId);
            case DRIVER -> driver().map(d -> d.driverId().equals(userId)).orElse(false);
        };
    }
}
