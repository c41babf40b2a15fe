package io.ridewire.model.matching;

import io.ridewire.model.geo.GeoPoint;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ridewire.model.matching.Confirmation.BOTH;
import static io.ridewire.model.matching.Confirmation.DRIVER;
import static org.assertj.core.api.Assertions.assertThat;

class MatchMachineTest {
    private static final Instant T0 = Instant.parse("2025-01-08T10:00:00Z");
    private static final Duration PROPOSAL = Duration.ofSeconds(30);

    private static Match request() {
        return Match.request("m-1", "p-1", new Place(-6.2088, 106.8456, "Jl. Sudirman"),
                new Place(-6.22, 106.83, "Jl. Thamrin"), new Preferences("motorcycle", 5, 10), PersonInfo.NONE, T0);
    }

    private static DriverOffer driver(String id) {
        return new DriverOffer(id, "Driver " + id, null, "motorcycle", "B1234XYZ", 4.8, GeoPoint.of(-6.21, 106.845), 0.2);
    }

    private static Match changed(Decision decision) {
        assertThat(decision).isInstanceOf(Changed.class);
        return ((Changed) decision).after();
    }

    private static Match proposed(String driverId) {
        return changed(MatchMachine.decide(request(), new Propose(driver(driverId), T0.plus(PROPOSAL)), T0));
    }

    private static void assertRefused(Decision decision, String code) {
        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).code()).isEqualTo(code);
    }

    @Test
    void newRequest_isSearchingWithTheDeadlineFromMaxWait() {
        Match match = request();
        assertThat(match.state()).isInstanceOf(Searching.class);
        assertThat(match.searchDeadline()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(match.version()).isZero();
    }

    @Test
    void propose_whileSearching_proposesTheDriverAndRemembersThem() {
        Match match = proposed("d-1");
        assertThat(match.state()).isInstanceOf(Proposed.class);
        assertThat(match.attempt()).isEqualTo(1);
        assertThat(match.tried()).containsExactly("d-1");
        assertThat(match.version()).isEqualTo(1);
    }

    @Test
    void propose_whileAlreadyProposed_isIgnored() {
        assertThat(MatchMachine.decide(proposed("d-1"), new Propose(driver("d-2"), T0.plus(PROPOSAL)), T0))
                .isInstanceOf(Ignored.class);
    }

    @Test
    void driverAccept_aloneConfirms_underRuleDriver() {
        Decision decision = MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-1", DRIVER), T0.plusSeconds(5));
        assertThat(changed(decision).state()).isEqualTo(new Confirmed(driver("d-1"), T0.plusSeconds(5)));
        assertThat(((Changed) decision).releasedDriver()).isEmpty();
    }

    @Test
    void passengerAccept_underRuleDriver_changesNothing_beforeOrAfterTheDriversAccept() {
        assertThat(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-1", DRIVER), T0))
                .isInstanceOf(Ignored.class);
        assertThat(MatchMachine.decide(confirmed("d-1"), new Accept(Party.PASSENGER, "p-1", DRIVER), T0))
                .isInstanceOf(Ignored.class);
    }

    @Test
    void passengerAccept_underRuleDriver_isStillRefused_forAStrangerOrAClosedProposal() {
        assertRefused(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-9", DRIVER), T0),
                ErrorCode.FORBIDDEN);
        assertRefused(MatchMachine.decide(confirmed("d-1"), new Accept(Party.PASSENGER, "p-9", DRIVER), T0),
                ErrorCode.FORBIDDEN);
        assertRefused(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-1", DRIVER), T0.plus(PROPOSAL)),
                ErrorCode.CONFLICT);
        Match cancelled = changed(MatchMachine.decide(proposed("d-1"), new Cancel(Party.PASSENGER, "p-1", null), T0));
        assertRefused(MatchMachine.decide(cancelled, new Accept(Party.PASSENGER, "p-1", DRIVER), T0), ErrorCode.CONFLICT);
    }

    @Test
    void driverAccept_ofAConfirmedMatch_isAConflict_underEitherRule() {
        assertRefused(MatchMachine.decide(confirmed("d-1"), new Accept(Party.DRIVER, "d-1", DRIVER), T0), ErrorCode.CONFLICT);
        assertRefused(MatchMachine.decide(confirmed("d-1"), new Accept(Party.DRIVER, "d-1", BOTH), T0), ErrorCode.CONFLICT);
    }

    @Test
    void underRuleBoth_driverThenPassengerAccept_confirms() {
        Match afterDriver = changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-1", BOTH), T0.plusSeconds(5)));
        assertThat(((Proposed) afterDriver.state()).driverAccepted()).isTrue();
        Match confirmed = changed(MatchMachine.decide(afterDriver, new Accept(Party.PASSENGER, "p-1", BOTH), T0.plusSeconds(6)));
        assertThat(confirmed.state()).isEqualTo(new Confirmed(driver("d-1"), T0.plusSeconds(6)));
    }

    @Test
    void underRuleBoth_passengerThenDriverAccept_confirms() {
        Match afterPassenger = changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-1", BOTH), T0));
        Match confirmed = changed(MatchMachine.decide(afterPassenger, new Accept(Party.DRIVER, "d-1", BOTH), T0));
        assertThat(confirmed.state()).isInstanceOf(Confirmed.class);
    }

    @Test
    void acceptingTwice_isIgnored() {
        Match afterDriver = changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-1", BOTH), T0));
        assertThat(MatchMachine.decide(afterDriver, new Accept(Party.DRIVER, "d-1", BOTH), T0)).isInstanceOf(Ignored.class);
    }

    @Test
    void anotherDriverAnswering_isForbidden() {
        assertRefused(MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-9", BOTH), T0), ErrorCode.FORBIDDEN);
        assertRefused(MatchMachine.decide(proposed("d-1"), new Reject(Party.DRIVER, "d-9", null), T0), ErrorCode.FORBIDDEN);
    }

    @Test
    void anotherPassengerAnswering_isForbidden() {
        assertRefused(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-9", BOTH), T0), ErrorCode.FORBIDDEN);
    }

    @Test
    void acceptAtOrAfterExpiry_isAConflict() {
        assertRefused(MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-1", BOTH), T0.plus(PROPOSAL)),
                ErrorCode.CONFLICT);
    }

    @Test
    void driverReject_goesBackToSearching_andTheDriverStaysTried() {
        Decision decision = MatchMachine.decide(proposed("d-1"), new Reject(Party.DRIVER, "d-1", "too_far"), T0);
        Match searching = changed(decision);
        assertThat(searching.state()).isInstanceOf(Searching.class);
        assertThat(searching.tried()).containsExactly("d-1");
        assertThat(((Changed) decision).releasedDriver()).contains("d-1");
    }

    @Test
    void passengerReject_alsoMovesOnToTheNextDriver() {
        assertThat(changed(MatchMachine.decide(proposed("d-1"), new Reject(Party.PASSENGER, "p-1", "other"), T0)).state())
                .isInstanceOf(Searching.class);
    }

    @Test
    void formerDriverAnsweringAfterTheProposalMovedOn_isAConflictNotForbidden() {
        Match searching = changed(MatchMachine.decide(proposed("d-1"), new ProposalExpired(1), T0.plus(PROPOSAL)));
        Match second = changed(MatchMachine.decide(searching, new Propose(driver("d-2"), T0.plus(PROPOSAL).plus(PROPOSAL)),
                T0.plus(PROPOSAL)));
        assertRefused(MatchMachine.decide(second, new Accept(Party.DRIVER, "d-1", BOTH), T0.plus(PROPOSAL)), ErrorCode.CONFLICT);
        assertThat(MatchMachine.decide(second, new Accept(Party.DRIVER, "d-2", BOTH), T0.plus(PROPOSAL)))
                .isInstanceOf(Changed.class);
    }

    @Test
    void proposalExpiry_ofTheCurrentAttempt_goesBackToSearching() {
        Decision decision = MatchMachine.decide(proposed("d-1"), new ProposalExpired(1), T0.plus(PROPOSAL));
        assertThat(changed(decision).state()).isInstanceOf(Searching.class);
        assertThat(((Changed) decision).releasedDriver()).contains("d-1");
    }

    @Test
    void proposalExpiry_ofAnOldAttemptOrBeforeItsTime_isIgnored() {
        assertThat(MatchMachine.decide(proposed("d-1"), new ProposalExpired(0), T0.plus(PROPOSAL))).isInstanceOf(Ignored.class);
        assertThat(MatchMachine.decide(proposed("d-1"), new ProposalExpired(1), T0.plusSeconds(29))).isInstanceOf(Ignored.class);
    }

    @Test
    void proposalExpiry_afterConfirmation_isIgnored() {
        Match confirmed = changed(MatchMachine.decide(
                changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-1", BOTH), T0)),
                new Accept(Party.PASSENGER, "p-1", BOTH), T0));
        assertThat(MatchMachine.decide(confirmed, new ProposalExpired(1), T0.plus(PROPOSAL))).isInstanceOf(Ignored.class);
    }

    @Test
    void noCandidate_cancelsWithDriverUnavailable() {
        Match cancelled = changed(MatchMachine.decide(request(), new NoCandidate(), T0));
        Cancelled state = (Cancelled) cancelled.state();
        assertThat(state.reason()).isEqualTo(CancelReason.DRIVER_UNAVAILABLE);
        assertThat(state.cancelledBy()).isEqualTo(CancelReason.BY_SYSTEM);
    }

    @Test
    void maxWait_cancelsAPendingProposalWithTimeout_andReleasesTheDriver() {
        Decision decision = MatchMachine.decide(proposed("d-1"), new MaxWaitReached(), T0.plus(Duration.ofMinutes(10)));
        Cancelled state = (Cancelled) changed(decision).state();
        assertThat(state.reason()).isEqualTo(CancelReason.TIMEOUT);
        assertThat(((Changed) decision).releasedDriver()).contains("d-1");
    }

    @Test
    void maxWait_beforeTheDeadlineOrAfterConfirmation_isIgnored() {
        assertThat(MatchMachine.decide(proposed("d-1"), new MaxWaitReached(), T0.plusSeconds(60))).isInstanceOf(Ignored.class);
        Match confirmed = changed(MatchMachine.decide(
                changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-1", BOTH), T0)),
                new Accept(Party.DRIVER, "d-1", BOTH), T0));
        assertThat(MatchMachine.decide(confirmed, new MaxWaitReached(), T0.plus(Duration.ofHours(1)))).isInstanceOf(Ignored.class);
    }

    @Test
    void cancelledMatch_cannotBeAccepted() {
        Match cancelled = changed(MatchMachine.decide(proposed("d-1"), new MaxWaitReached(), T0.plus(Duration.ofMinutes(10))));
        assertRefused(MatchMachine.decide(cancelled, new Accept(Party.PASSENGER, "p-1", BOTH), T0.plus(Duration.ofMinutes(10))),
                ErrorCode.CONFLICT);
        assertRefused(MatchMachine.decide(cancelled, new Accept(Party.DRIVER, "d-1", BOTH), T0.plus(Duration.ofMinutes(10))),
                ErrorCode.CONFLICT);
    }

    @Test
    void confirmedMatch_cannotBeRejected() {
        Match confirmed = changed(MatchMachine.decide(
                changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-1", BOTH), T0)),
                new Accept(Party.DRIVER, "d-1", BOTH), T0));
        assertRefused(MatchMachine.decide(confirmed, new Reject(Party.DRIVER, "d-1", null), T0), ErrorCode.CONFLICT);
    }

    @Test
    void confirmation_doesNotReleaseTheDriver() {
        Decision decision = MatchMachine.decide(
                changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.PASSENGER, "p-1", BOTH), T0)),
                new Accept(Party.DRIVER, "d-1", BOTH), T0);
        assertThat(((Changed) decision).releasedDriver()).isEmpty();
    }

    @Test
    void everyChange_incrementsTheVersionByOne() {
        Match proposed = proposed("d-1");
        Match accepted = changed(MatchMachine.decide(proposed, new Accept(Party.DRIVER, "d-1", BOTH), T0));
        assertThat(accepted.version()).isEqualTo(proposed.version() + 1);
    }

    private static Match confirmed(String driverId) {
        return changed(MatchMachine.decide(proposed(driverId), new Accept(Party.DRIVER, driverId, DRIVER), T0));
    }

    @Test
    void passengerCancel_whileSearching_cancelsByThePassenger() {
        Decision decision = MatchMachine.decide(request(), new Cancel(Party.PASSENGER, "p-1", null), T0.plusSeconds(3));
        Cancelled state = (Cancelled) changed(decision).state();
        assertThat(state).isEqualTo(new Cancelled(CancelReason.BY_PASSENGER, CancelReason.USER_CANCELLED,
                "The passenger cancelled the match", T0.plusSeconds(3)));
        assertThat(((Changed) decision).releasedDriver()).isEmpty();
    }

    @Test
    void passengerCancel_ofAPendingProposal_cancelsWithTheirMessage_andReleasesTheDriver() {
        Match accepted = changed(MatchMachine.decide(proposed("d-1"), new Accept(Party.DRIVER, "d-1", BOTH), T0));
        Decision decision = MatchMachine.decide(accepted, new Cancel(Party.PASSENGER, "p-1", "found another ride"),
                T0.plusSeconds(5));
        Match cancelled = changed(decision);
        assertThat(((Cancelled) cancelled.state()).message()).isEqualTo("found another ride");
        assertThat(((Cancelled) cancelled.state()).cancelledBy()).isEqualTo(CancelReason.BY_PASSENGER);
        assertThat(cancelled.version()).isEqualTo(accepted.version() + 1);
        assertThat(((Changed) decision).releasedDriver()).contains("d-1");
    }

    @Test
    void passengerCancel_ofAConfirmedMatch_endsTheBooking() {
        Decision decision = MatchMachine.decide(confirmed("d-1"), new Cancel(Party.PASSENGER, "p-1", null), T0);
        assertThat(((Cancelled) changed(decision).state()).reason()).isEqualTo(CancelReason.USER_CANCELLED);
        assertThat(((Changed) decision).releasedDriver()).contains("d-1");
    }

    @Test
    void bookedDriverCancel_ofAConfirmedMatch_cancelsByTheDriver_andReleasesThem() {
        Decision decision = MatchMachine.decide(confirmed("d-1"), new Cancel(Party.DRIVER, "d-1", null), T0);
        Cancelled state = (Cancelled) changed(decision).state();
        assertThat(state.cancelledBy()).isEqualTo(CancelReason.BY_DRIVER);
        assertThat(state.reason()).isEqualTo(CancelReason.USER_CANCELLED);
        assertThat(state.message()).isEqualTo("The driver cancelled the match");
        assertThat(((Changed) decision).releasedDriver()).contains("d-1");
    }

    @Test
    void proposedDriverCancel_ofAPendingProposal_isAConflict_theyReject() {
        assertRefused(MatchMachine.decide(proposed("d-1"), new Cancel(Party.DRIVER, "d-1", null), T0), ErrorCode.CONFLICT);
    }

    @Test
    void cancelBySomeoneWhoNeverTookPart_isForbidden_inEveryState() {
        for (Match match : java.util.List.of(request(), proposed("d-1"), confirmed("d-1"))) {
            assertRefused(MatchMachine.decide(match, new Cancel(Party.DRIVER, "d-9", null), T0), ErrorCode.FORBIDDEN);
            assertRefused(MatchMachine.decide(match, new Cancel(Party.PASSENGER, "p-9", null), T0), ErrorCode.FORBIDDEN);
            // a passenger id presented as a driver is not the passenger
            assertRefused(MatchMachine.decide(match, new Cancel(Party.DRIVER, "p-1", null), T0), ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void formerDriverCancel_afterTheProposalMovedOn_isAConflict() {
        Match searching = changed(MatchMachine.decide(proposed("d-1"), new Reject(Party.DRIVER, "d-1", null), T0));
        assertRefused(MatchMachine.decide(searching, new Cancel(Party.DRIVER, "d-1", null), T0), ErrorCode.CONFLICT);
        Match second = changed(MatchMachine.decide(searching, new Propose(driver("d-2"), T0.plus(PROPOSAL)), T0));
        Match confirmed = changed(MatchMachine.decide(
                changed(MatchMachine.decide(second, new Accept(Party.DRIVER, "d-2", BOTH), T0)),
                new Accept(Party.PASSENGER, "p-1", BOTH), T0));
        assertRefused(MatchMachine.decide(confirmed, new Cancel(Party.DRIVER, "d-1", null), T0), ErrorCode.CONFLICT);
        assertThat(MatchMachine.decide(confirmed, new Cancel(Party.DRIVER, "d-2", null), T0)).isInstanceOf(Changed.class);
    }

    @Test
    void cancellingACancelledMatch_isAConflict_forEitherParty() {
        Match confirmed = confirmed("d-1");
        Match cancelled = changed(MatchMachine.decide(confirmed, new Cancel(Party.DRIVER, "d-1", null), T0));
        assertRefused(MatchMachine.decide(cancelled, new Cancel(Party.DRIVER, "d-1", null), T0), ErrorCode.CONFLICT);
        assertRefused(MatchMachine.decide(cancelled, new Cancel(Party.PASSENGER, "p-1", null), T0), ErrorCode.CONFLICT);
        Match expired = changed(MatchMachine.decide(proposed("d-1"), new MaxWaitReached(), T0.plus(Duration.ofMinutes(10))));
        assertRefused(MatchMachine.decide(expired, new Cancel(Party.PASSENGER, "p-1", null), T0.plus(Duration.ofMinutes(10))),
                ErrorCode.CONFLICT);
    }

    @Test
    void aCancelledMatch_cannotBeAccepted_andItsTimersAreIgnored() {
        Match cancelled = changed(MatchMachine.decide(proposed("d-1"), new Cancel(Party.PASSENGER, "p-1", null), T0));
        assertRefused(MatchMachine.decide(cancelled, new Accept(Party.DRIVER, "d-1", BOTH), T0), ErrorCode.CONFLICT);
        assertRefused(MatchMachine.decide(cancelled, new Accept(Party.PASSENGER, "p-1", BOTH), T0), ErrorCode.CONFLICT);
        assertThat(MatchMachine.decide(cancelled, new ProposalExpired(1), T0.plus(PROPOSAL))).isInstanceOf(Ignored.class);
        assertThat(MatchMachine.decide(cancelled, new MaxWaitReached(), T0.plus(Duration.ofHours(1))))
                .isInstanceOf(Ignored.class);
        assertThat(MatchMachine.decide(cancelled, new Propose(driver("d-2"), T0.plus(PROPOSAL)), T0))
                .isInstanceOf(Ignored.class);
    }
}
