package io.ridewire.functions.presence;

import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbePlanTest {
    private static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private static Connection opened(String id, Instant at) {
        return new Connection(id, new Caller("u-" + id, Role.PASSENGER, null), at, Set.of());
    }

    @Test
    void aConnectionIsNotCheckedWhenFirstSeen_butOnceItHasBeenSeenForAnInterval() {
        ProbePlan plan = new ProbePlan(INTERVAL, GRACE, 100);
        List<Connection> rows = List.of(opened("a", T0.minus(Duration.ofHours(1))));
        assertThat(plan.due(rows, T0)).isEmpty();
        assertThat(plan.due(rows, T0.plusSeconds(29))).isEmpty();
        assertThat(plan.due(rows, T0.plusSeconds(30))).containsExactly("a");
    }

    @Test
    void aConnectionFoundOpen_isCheckedAgainOnlyAfterAnotherInterval() {
        ProbePlan plan = new ProbePlan(INTERVAL, GRACE, 100);
        List<Connection> rows = List.of(opened("a", T0.minus(Duration.ofHours(1))));
        plan.due(rows, T0);
        assertThat(plan.due(rows, T0.plusSeconds(30))).containsExactly("a");
        plan.alive("a", T0.plusSeconds(30));
        assertThat(plan.due(rows, T0.plusSeconds(59))).isEmpty();
        assertThat(plan.due(rows, T0.plusSeconds(60))).containsExactly("a");
    }

    @Test
    void aConnectionWhoseAnswerNeverCame_isAskedAgainNextPass() {
        ProbePlan plan = new ProbePlan(INTERVAL, GRACE, 100);
        List<Connection> rows = List.of(opened("a", T0.minus(Duration.ofHours(1))));
        plan.due(rows, T0);
        assertThat(plan.due(rows, T0.plusSeconds(30))).containsExactly("a");
        assertThat(plan.due(rows, T0.plusSeconds(35))).containsExactly("a");
    }

    @Test
    void aHandshakingConnection_isNeverChecked_forTheGatewayAnswers410UntilConnectReturns() {
        ProbePlan plan = new ProbePlan(Duration.ofSeconds(1), Duration.ofMinutes(5), 100);
        List<Connection> rows = List.of(opened("new", T0));
        plan.due(rows, T0);
        assertThat(plan.due(rows, T0.plusSeconds(60))).isEmpty();
        assertThat(plan.due(rows, T0.plus(Duration.ofMinutes(5)))).containsExactly("new");
    }

    @Test
    void atMostPerPassAreChecked_thoseSeenAliveLongestAgoFirst() {
        ProbePlan plan = new ProbePlan(INTERVAL, GRACE, 2);
        Instant old = T0.minus(Duration.ofHours(1));
        plan.due(List.of(opened("a", old)), T0);
        plan.due(List.of(opened("a", old), opened("b", old)), T0.plusSeconds(5));
        List<Connection> rows = List.of(opened("c", old), opened("b", old), opened("a", old));
        plan.due(rows, T0.plusSeconds(10));
        assertThat(plan.due(rows, T0.plusSeconds(100))).containsExactly("a", "b");
    }

    @Test
    void aConnectionThatLeftTheTable_isForgotten_andCountsAsNewIfItComesBack() {
        ProbePlan plan = new ProbePlan(INTERVAL, GRACE, 100);
        Connection a = opened("a", T0.minus(Duration.ofHours(1)));
        plan.due(List.of(a), T0);
        plan.due(List.of(), T0.plusSeconds(10));
        assertThat(plan.due(List.of(a), T0.plusSeconds(31))).isEmpty();
    }

    @Test
    void aPlanThatWouldNeverCheckAnything_isRefused() {
        assertThatThrownBy(() -> new ProbePlan(Duration.ZERO, GRACE, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbePlan(INTERVAL, GRACE, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
