package io.ridewire.model.matching;

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
import io.ridewire.model.matching.MatchState.Cancelled;
import io.ridewire.model.matching.MatchState.Confirmed;
import io.ridewire.model.matching.MatchState.Proposed;
import io.ridewire.model.matching.MatchState.Searching;
import io.ridewire.model.protocol.ErrorCode;

import java.time.Instant;

/**
 * The rules of a match, without I/O: given a match, an event and the time, what happens. The service stores the
 * result with a write conditioned on the version it read, so two events decided from the same version cannot
 * both take effect.
 *
 * <pre>
 * Searching ──Propose──▶ Proposed ──driver's Accept (rule DRIVER) / both Accepts (rule BOTH)──▶ Confirmed
 *     ▲                      │
 *     └──Reject / expiry─────┘
 * Searching | Proposed ──NoCandidate / MaxWaitReached──▶ Cancelled
 * Searching | Proposed ──Cancel (passenger)──▶ Cancelled
 * Confirmed ──Cancel (passenger or booked driver)──▶ Cancelled
 * </pre>
 *
 * <p>Whether a ride has started for a confirmed match is not the match's to know: the service makes the write of
 * a cancellation conditional on the match having no ride (and the ride's start on the match still being confirmed).
 */
public final class MatchMachine {
    private MatchMachine() {
    }

    public static Decision decide(Match match, MatchEvent event, Instant now) {
        return switch (event) {
            case Propose propose -> propose(match, propose);
            case NoCandidate none -> noCandidate(match, now);
            case Accept accept -> accept(match, accept, now);
            case Reject reject -> reject(match, reject, now);
            case ProposalExpired expired -> expire(match, expired, now);
            case MaxWaitReached timeout -> maxWait(match, now);
            case Cancel cancel -> cancel(match, cancel, now);
        };
    }

    private static Decision propose(Match match, Propose propose) {
        if (!(match.state() instanceof Searching)) {
            return new Ignored("a driver can only be proposed while searching, not " + match.state().name());
        }
        return new Changed(match, match.proposing(propose.driver(),
                new Proposed(propose.driver(), propose.expiresAt(), false, false)));
    }

    private static Decision noCandidate(Match match, Instant now) {
        if (!(match.state() instanceof Searching)) {
            return new Ignored("no candidate only ends a search, not " + match.state().name());
        }
        return new Changed(match, match.with(new Cancelled(CancelReason.BY_SYSTEM, CancelReason.DRIVER_UNAVAILABLE,
                "No driver is available", now)));
    }

    /**
     * Under rule DRIVER the match's own passenger accepting is a no-op, before or after the driver's acceptance,
     * so an app that also sends it is never told off; under rule BOTH it counts like the driver's.
     */
    private static Decision accept(Match match, Accept accept, Instant now) {
        boolean passengerNotNeeded = accept.rule() == Confirmation.DRIVER && accept.party() == Party.PASSENGER
                && match.isParty(Party.PASSENGER, accept.userId());
        if (passengerNotNeeded && match.state() instanceof Confirmed) {
            return new Ignored("the driver's acceptance already confirmed the match");
        }
        Decision refused = refuseAnswer(match, accept.party(), accept.userId(), now);
        if (refused != null) {
            return refused;
        }
        if (passengerNotNeeded) {
            return new Ignored("the driver's acceptance confirms the match");
        }
        Proposed proposed = (Proposed) match.state();
        if (proposed.accepted(accept.party())) {
            return new Ignored("already accepted");
        }
        boolean driver = proposed.driverAccepted() || accept.party() == Party.DRIVER;
        boolean passenger = accept.rule() == Confirmation.DRIVER
                || proposed.passengerAccepted() || accept.party() == Party.PASSENGER;
        MatchState next = driver && passenger
                ? new Confirmed(proposed.driver(), now)
                : new Proposed(proposed.driver(), proposed.expiresAt(), driver, passenger);
        return new Changed(match, match.with(next));
    }

    private static Decision reject(Match match, Reject reject, Instant now) {
        Decision refused = refuseAnswer(match, reject.party(), reject.userId(), now);
        if (refused != null) {
            return refused;
        }
        // either side saying no moves the search on to the next driver; the rejected driver is not asked again
        return new Changed(match, match.with(new Searching()));
    }

    /** Why an answer to the current proposal is not allowed, or null when it is. */
    private static Decision refuseAnswer(Match match, Party party, String userId, Instant now) {
        boolean current = match.isParty(party, userId);
        boolean formerDriver = party == Party.DRIVER && match.tried().contains(userId);
        if (!current && !formerDriver) {
            return new Refused(ErrorCode.FORBIDDEN, "this proposal is not addressed to you");
        }
        return switch (match.state()) {
            case Cancelled c -> new Refused(ErrorCode.CONFLICT, "the match was cancelled (" + c.reason() + ")");
            case Confirmed c -> new Refused(ErrorCode.CONFLICT, "the match is already confirmed");
            case Searching s -> new Refused(ErrorCode.CONFLICT, "the proposal is no longer open");
            case Proposed p when !current -> new Refused(ErrorCode.CONFLICT, "the proposal is no longer open");
            case Proposed p when !now.isBefore(p.expiresAt()) -> new Refused(ErrorCode.CONFLICT, "the proposal expired");
            case Proposed p -> null;
        };
    }

    private static Decision expire(Match match, ProposalExpired expired, Instant now) {
        if (!(match.state() instanceof Proposed proposed) || match.attempt() != expired.attempt()) {
            return new Ignored("proposal " + expired.attempt() + " is no longer pending");
        }
        if (now.isBefore(proposed.expiresAt())) {
            return new Ignored("proposal " + expired.attempt() + " has not expired yet");
        }
        return new Changed(match, match.with(new Searching()));
    }

    /**
     * The passenger may cancel until the match is over; the booked driver only a confirmed match (a pending
     * proposal is declined with {@code match.reject}). Someone who never took part is FORBIDDEN; a driver proposed
     * earlier in this match, like a party whose cancellation comes too late, gets CONFLICT — as with answers.
     */
    private static Decision cancel(Match match, Cancel cancel, Instant now) {
        boolean passenger = cancel.party() == Party.PASSENGER && match.passengerId().equals(cancel.userId());
        boolean currentDriver = cancel.party() == Party.DRIVER && match.isParty(Party.DRIVER, cancel.userId());
        boolean formerDriver = cancel.party() == Party.DRIVER && match.tried().contains(cancel.userId());
        if (!passenger && !currentDriver && !formerDriver) {
            return new Refused(ErrorCode.FORBIDDEN, "this match is not yours");
        }
        return switch (match.state()) {
            case Cancelled c -> new Refused(ErrorCode.CONFLICT, "the match is already cancelled (" + c.reason() + ")");
            case Confirmed c when passenger || currentDriver -> cancelled(match, cancel, now);
            case Searching s when passenger -> cancelled(match, cancel, now);
            case Proposed p when passenger -> cancelled(match, cancel, now);
            case Proposed p when currentDriver ->
                    new Refused(ErrorCode.CONFLICT, "a pending proposal is declined with match.reject");
            case Searching s -> new Refused(ErrorCode.CONFLICT, "you are no longer this match's driver");
            case Proposed p -> new Refused(ErrorCode.CONFLICT, "you are no longer this match's driver");
            case Confirmed c -> new Refused(ErrorCode.CONFLICT, "you are no longer this match's driver");
        };
    }

    private static Decision cancelled(Match match, Cancel cancel, Instant now) {
        String by = cancel.party() == Party.PASSENGER ? CancelReason.BY_PASSENGER : CancelReason.BY_DRIVER;
        String message = cancel.message() != null ? cancel.message()
                : cancel.party() == Party.PASSENGER ? "The passenger cancelled the match" : "The driver cancelled the match";
        return new Changed(match, match.with(new Cancelled(by, CancelReason.USER_CANCELLED, message, now)));
    }

    private static Decision maxWait(Match match, Instant now) {
        if (match.state().isFinal()) {
            return new Ignored("the match is already " + match.state().name());
        }
        if (now.isBefore(match.searchDeadline())) {
            return new Ignored("max wait not reached yet");
        }
        return new Changed(match, match.with(new Cancelled(CancelReason.BY_SYSTEM, CancelReason.TIMEOUT,
                "No driver accepted within the maximum wait", now)));
    }
}
