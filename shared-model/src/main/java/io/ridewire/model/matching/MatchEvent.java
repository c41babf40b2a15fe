package io.ridewire.model.matching;

import java.time.Instant;

/** What can happen to a match: a client's answer or cancellation, a timer, or the outcome of a candidate search. */
public sealed interface MatchEvent {

    /** The search found a driver (already claimed) to propose, answering by {@code expiresAt}. */
    record Propose(DriverOffer driver, Instant expiresAt) implements MatchEvent {
    }

    /** The search found nobody left to propose. */
    record NoCandidate() implements MatchEvent {
    }

    /** {@code match.accept} from a user acting as {@code party}, under the deployment's confirmation rule. */
    record Accept(Party party, String userId, Confirmation rule) implements MatchEvent {
    }

    /** {@code match.reject} from a user acting as {@code party}. */
    record Reject(Party party, String userId, String reason) implements MatchEvent {
    }

    /** The proposal timer of attempt {@code attempt} fired. */
    record ProposalExpired(int attempt) implements MatchEvent {
    }

    /** The passenger's {@code max_wait_minutes} ran out. */
    record MaxWaitReached() implements MatchEvent {
    }

    /**
     * {@code match.cancel} from a user acting as {@code party}: the passenger withdraws the request or calls off
     * the booking, or the booked driver calls off the booking.
     *
     * @param message the caller's own words, or null for the default one
     */
    record Cancel(Party party, String userId, String message) implements MatchEvent {
    }
}
