package io.ridewire.bridge.relay;

import io.micronaut.context.ApplicationContext;
import io.ridewire.bridge.BridgeSettings;
import io.ridewire.functions.redis.RedisConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the real Redis, under a key prefix of its own, with a clock the test moves. */
class DeliveryLedgerTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private ApplicationContext context;
    private final MovableClock clock = new MovableClock();
    private DeliveryLedger ledger;

    @BeforeEach
    void start() {
        String redis = System.getenv().getOrDefault("RIDEWIRE_TEST_REDIS_URI", "redis://127.0.0.1:6379");
        context = ApplicationContext.run(Map.of("ridewire.redis.uri", redis,
                "ridewire.redis.key-prefix", "dl-" + UUID.randomUUID() + ":",
                "ridewire.bridge.claim-lease", LEASE.toSeconds() + "s"));
        ledger = new DeliveryLedger(context.getBean(RedisConnections.class), clock, context.getBean(BridgeSettings.class));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void anotherAttemptsLiveClaim_isBusyUntilItsLeaseRunsOut_whileItsOwnerMayClaimAgain() {
        assertThat(ledger.claimAll("e1", List.of("c1"), "first")).containsEntry("c1", DeliveryLedger.Claim.CLAIMED);

        assertThat(ledger.claimAll("e1", List.of("c1"), "second")).containsEntry("c1", DeliveryLedger.Claim.BUSY);
        assertThat(ledger.claimAll("e1", List.of("c1"), "first")).containsEntry("c1", DeliveryLedger.Claim.CLAIMED);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(ledger.claimAll("e1", List.of("c1"), "second")).as("the lease ran out")
                .containsEntry("c1", DeliveryLedger.Claim.CLAIMED);
    }

    @Test
    void aClaimWhoseAnswerWasLost_isGivenBack_soTheRetryPostsAtOnce() {
        // the claim script ran, but its answer timed out: the attempt gives back what it may hold
        ledger.claimAll("e2", List.of("c1", "c2"), "lost");
        assertThat(ledger.claimAll("e2", List.of("c1"), "retry")).as("without the give-back: held off for the lease")
                .containsEntry("c1", DeliveryLedger.Claim.BUSY);

        ledger.release("e2", List.of("c1", "c2"), "lost");

        assertThat(ledger.claimAll("e2", List.of("c1", "c2"), "retry"))
                .containsEntry("c1", DeliveryLedger.Claim.CLAIMED).containsEntry("c2", DeliveryLedger.Claim.CLAIMED);
    }

    @Test
    void aReleaseGivesBackOnlyWhatItsOwnerHolds_neverADeliveryOrAnotherAttemptsClaim() {
        ledger.claimAll("e3", List.of("mine", "done"), "a");
        ledger.doneAll("e3", List.of("done"));
        ledger.claimAll("e3", List.of("theirs"), "b");

        ledger.release("e3", List.of("mine", "done", "theirs"), "a");

        assertThat(ledger.claimAll("e3", List.of("mine", "done", "theirs"), "c"))
                .containsEntry("mine", DeliveryLedger.Claim.CLAIMED)
                .containsEntry("done", DeliveryLedger.Claim.DONE)
                .containsEntry("theirs", DeliveryLedger.Claim.BUSY);
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
