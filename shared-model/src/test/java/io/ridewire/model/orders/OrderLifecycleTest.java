package io.ridewire.model.orders;

import io.ridewire.model.orders.OrderLifecycle.Verdict;
import org.junit.jupiter.api.Test;

import static io.ridewire.model.orders.OrderStatus.ACCEPTED;
import static io.ridewire.model.orders.OrderStatus.ACCEPTED_BY_MERCHANT;
import static io.ridewire.model.orders.OrderStatus.CANCELLED;
import static io.ridewire.model.orders.OrderStatus.DELIVERED;
import static io.ridewire.model.orders.OrderStatus.PICKED_UP;
import static io.ridewire.model.orders.OrderStatus.PLACED;
import static io.ridewire.model.orders.OrderStatus.PREPARING;
import static io.ridewire.model.orders.OrderStatus.READY;
import static io.ridewire.model.orders.OrderType.DELIVERY;
import static io.ridewire.model.orders.OrderType.TAXI;
import static org.assertj.core.api.Assertions.assertThat;

class OrderLifecycleTest {

    @Test
    void deliveryOrder_followsTheSpecsChain_oneStepAtATime() {
        OrderStatus[] chain = {PLACED, ACCEPTED_BY_MERCHANT, PREPARING, READY, PICKED_UP, DELIVERED};
        for (int i = 0; i + 1 < chain.length; i++) {
            assertThat(OrderLifecycle.isLegal(DELIVERY, chain[i], chain[i + 1])).as("%s→%s", chain[i], chain[i + 1]).isTrue();
            for (int j = 0; j < chain.length; j++) {
                if (j != i + 1) {
                    assertThat(OrderLifecycle.isLegal(DELIVERY, chain[i], chain[j])).as("%s→%s", chain[i], chain[j]).isFalse();
                }
            }
        }
    }

    @Test
    void finalStatuses_goNowhere() {
        for (OrderStatus to : OrderStatus.values()) {
            assertThat(OrderLifecycle.isLegal(DELIVERY, DELIVERED, to)).isFalse();
            assertThat(OrderLifecycle.isLegal(DELIVERY, CANCELLED, to)).isFalse();
            assertThat(OrderLifecycle.isLegal(TAXI, DELIVERED, to)).isFalse();
        }
    }

    @Test
    void cancelling_isPossibleUntilPickup_notAfter() {
        assertThat(OrderLifecycle.isLegal(DELIVERY, READY, CANCELLED)).isTrue();
        assertThat(OrderLifecycle.isLegal(DELIVERY, PICKED_UP, CANCELLED)).isFalse();
        assertThat(OrderLifecycle.isLegal(TAXI, ACCEPTED, CANCELLED)).isTrue();
        assertThat(OrderLifecycle.isLegal(TAXI, PICKED_UP, CANCELLED)).isFalse();
    }

    @Test
    void merchantMovesTheKitchenSteps_driverTheRoadSteps() {
        assertThat(OrderLifecycle.check(DELIVERY, PLACED, ACCEPTED_BY_MERCHANT, Party.MERCHANT)).isEqualTo(Verdict.ALLOWED);
        assertThat(OrderLifecycle.check(DELIVERY, PLACED, ACCEPTED_BY_MERCHANT, Party.DRIVER)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(OrderLifecycle.check(DELIVERY, READY, PICKED_UP, Party.DRIVER)).isEqualTo(Verdict.ALLOWED);
        assertThat(OrderLifecycle.check(DELIVERY, READY, PICKED_UP, Party.MERCHANT)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(OrderLifecycle.check(DELIVERY, PICKED_UP, DELIVERED, Party.DRIVER)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void mayMoveTo_isWhetherThePartyCouldHaveMadeTheOrderReachThatStatus() {
        assertThat(OrderLifecycle.mayMoveTo(DELIVERY, PREPARING, Party.MERCHANT)).isTrue();
        assertThat(OrderLifecycle.mayMoveTo(DELIVERY, PREPARING, Party.DRIVER)).isFalse();
        assertThat(OrderLifecycle.mayMoveTo(DELIVERY, PICKED_UP, Party.DRIVER)).isTrue();
        assertThat(OrderLifecycle.mayMoveTo(TAXI, CANCELLED, Party.CUSTOMER)).isTrue();
        assertThat(OrderLifecycle.mayMoveTo(TAXI, CANCELLED, Party.DRIVER)).isFalse();
        assertThat(OrderLifecycle.mayMoveTo(TAXI, ACCEPTED, Party.DRIVER)).as("only through accept").isFalse();
        assertThat(OrderLifecycle.mayMoveTo(DELIVERY, CANCELLED, Party.OUTSIDER)).isFalse();
    }

    @Test
    void outsiders_areForbiddenEvenIllegalMoves() {
        assertThat(OrderLifecycle.check(DELIVERY, PLACED, READY, Party.OUTSIDER)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(OrderLifecycle.check(DELIVERY, PLACED, READY, Party.MERCHANT)).isEqualTo(Verdict.ILLEGAL);
    }

    @Test
    void customerCancels_onlyBeforeTheMerchantOrDriverCommitted() {
        assertThat(OrderLifecycle.check(DELIVERY, PLACED, CANCELLED, Party.CUSTOMER)).isEqualTo(Verdict.ALLOWED);
        assertThat(OrderLifecycle.check(DELIVERY, PREPARING, CANCELLED, Party.CUSTOMER)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(OrderLifecycle.check(TAXI, ACCEPTED, CANCELLED, Party.CUSTOMER)).isEqualTo(Verdict.ALLOWED);
        assertThat(OrderLifecycle.check(DELIVERY, PREPARING, CANCELLED, Party.STAFF)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void takingATaxiOrder_isOnlyThroughAccept() {
        assertThat(OrderLifecycle.check(TAXI, PLACED, ACCEPTED, Party.DRIVER)).isEqualTo(Verdict.FORBIDDEN);
        assertThat(OrderLifecycle.isAcceptable(TAXI, PLACED)).isTrue();
        assertThat(OrderLifecycle.afterAccept(TAXI, PLACED)).isEqualTo(ACCEPTED);
        assertThat(OrderLifecycle.isAcceptable(DELIVERY, PLACED)).isFalse();
        assertThat(OrderLifecycle.isAcceptable(DELIVERY, READY)).isTrue();
        assertThat(OrderLifecycle.afterAccept(DELIVERY, READY)).isEqualTo(READY);
    }
}
