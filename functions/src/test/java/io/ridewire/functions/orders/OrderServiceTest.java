package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverPosition;
import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.deadlines.Outbox;
import io.ridewire.functions.presence.Presence;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.functions.testing.BusyTransactions;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Clock;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ridewire.functions.deadlines.Deadlines;
import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.functions.testing.ServiceContext;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.orders.OrderType;
import io.ridewire.model.inbound.PlaceOrder;
import io.ridewire.model.orders.Place;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ridewire.functions.testing.Places.north;
import static io.ridewire.functions.testing.Places.spot;
import static io.ridewire.functions.testing.Places.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Orders against DynamoDB Local and Redis: the merchant's window is a durable deadline, accepting needs the lock. */
@MicronautTest(contextBuilder = ServiceContext.Shared.class)
class OrderServiceTest {
    @Inject
    OrderService orders;
    @Inject
    OrderStore store;
    @Inject
    Deadlines deadlines;
    @Inject
    DriverIndex drivers;
    @Inject
    OrderSettings settings;
    @Inject
    JsonMapper json;
    @Inject
    ApplicationContext context;

    @Test
    void placingADeliveryOrder_schedulesTheMerchantsWindow_asADeadline() {
        Caller customer = customer();
        Instant before = Instant.now();

        OrderService.Placed placed = orders.place(customer, delivery(spot()), null);

        assertThat(placed.created()).isTrue();
        assertThat(placed.order().status()).isEqualTo(OrderStatus.PLACED);
        assertThat(deadlines.dueAt(OrderService.merchantTimeoutId(placed.order().orderId()))).get()
                .satisfies(due -> assertThat(due).isBetween(before.plus(settings.getMerchantTimeout()).minusMillis(1),
                        Instant.now().plus(settings.getMerchantTimeout())));
    }

    @Test
    void placingAgainWithTheSameIdempotencyKey_returnsTheFirstOrder() {
        Caller customer = customer();
        String key = unique("key");

        PlaceOrder request = delivery(spot());

        OrderService.Placed first = orders.place(customer, request, key);
        OrderService.Placed again = orders.place(customer, request, key);

        assertThat(again.created()).isFalse();
        assertThat(again.order().orderId()).isEqualTo(first.order().orderId());
        assertThat(again.order().pickup()).isEqualTo(first.order().pickup());
        assertThatThrownBy(() -> orders.place(customer, delivery(spot()), key))
                .as("the key placed another order").isInstanceOf(InvalidMessage.class)
                .hasMessageContaining(first.order().orderId());
    }

    @Test
    void theMerchantsWindowPassing_cancelsAnOrderStillPlaced_once() {
        Caller customer = customer();
        String orderId = orders.place(customer, delivery(spot()), null).order().orderId();

        orders.merchantTimedOut(orderId);
        orders.merchantTimedOut(orderId);

        Order order = orders.get(orderId);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancelReason()).isEqualTo("merchant_timeout");
    }

    @Test
    void acceptingATaxiOrder_needsItsLock_andOfConcurrentAcceptsExactlyOneWins() throws Exception {
        GeoPoint pickup = spot();
        String orderId = orders.place(customer(), taxi(pickup), null).order().orderId();
        List<Caller> candidates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            candidates.add(new Caller(unique("driver"), Role.DRIVER, null));
        }
        Caller withoutLock = candidates.get(0);

        assertThat(orders.requestLock(candidates.get(1), orderId).acquired()).isTrue();
        assertThat(orders.requestLock(withoutLock, orderId).acquired()).as("another driver holds it").isFalse();
        assertThatThrownBy(() -> orders.accept(withoutLock, orderId)).isInstanceOfSatisfying(InvalidMessage.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        ExecutorService pool = Executors.newFixedThreadPool(candidates.size());
        try {
            List<Callable<Order>> accepts = candidates.stream().<Callable<Order>>map(driver -> () -> {
                try {
                    return orders.accept(driver, orderId);
                } catch (InvalidMessage refused) {
                    return null;
                }
            }).toList();
            List<Order> won = new ArrayList<>();
            for (Future<Order> result : pool.invokeAll(accepts)) {
                if (result.get() != null) {
                    won.add(result.get());
                }
            }
            assertThat(won).singleElement().satisfies(order -> {
                assertThat(order.driverId()).isEqualTo(candidates.get(1).userId());
                assertThat(order.status()).isEqualTo(OrderStatus.ACCEPTED);
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(drivers.activeOrders(candidates.get(1).userId())).containsExactly(orderId);
    }

    @Test
    void theWinnersAcceptAndAStatusChange_repeatedAfterTheirAnswersWereLost_answerTheOrderAgain() {
        Order placed = orders.place(customer(), taxi(spot()), null).order();
        Caller driver = new Caller(unique("driver"), Role.DRIVER, null);
        Caller other = new Caller(unique("driver"), Role.DRIVER, null);
        assertThat(orders.requestLock(driver, placed.orderId()).acquired()).isTrue();
        Order accepted = orders.accept(driver, placed.orderId());

        assertThat(orders.accept(driver, placed.orderId())).as("the winner, again").isEqualTo(accepted);
        assertThatThrownBy(() -> orders.accept(other, placed.orderId())).isInstanceOfSatisfying(InvalidMessage.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        Order pickedUp = orders.changeStatus(driver, placed.orderId(), OrderStatus.PICKED_UP, null);
        assertThat(orders.changeStatus(driver, placed.orderId(), OrderStatus.PICKED_UP, null)).isEqualTo(pickedUp);
        assertThatThrownBy(() -> orders.changeStatus(customer(), placed.orderId(), OrderStatus.PICKED_UP, null))
                .as("not a party: still forbidden").isInstanceOfSatisfying(InvalidMessage.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void racingWritesOnOneOrder_endInAnAnswerEach_neverAnError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                Caller customer = customer();
                String key = unique("key");
                PlaceOrder request = taxi(spot());
                List<Callable<Object>> racing = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    racing.add(() -> orders.place(customer, request, key).order().orderId());
                }
                List<Object> ids = outcomes(pool, racing);
                assertThat(ids).as("one order for one key").containsOnly(ids.getFirst());
                String orderId = (String) ids.getFirst();

                Caller driver = new Caller(unique("driver"), Role.DRIVER, null);
                assertThat(orders.requestLock(driver, orderId).acquired()).isTrue();
                List<Object> answers = outcomes(pool, List.of(
                        () -> orders.accept(driver, orderId),
                        () -> orders.changeStatus(customer, orderId, OrderStatus.CANCELLED, null),
                        () -> orders.accept(driver, orderId),
                        () -> orders.changeStatus(customer, orderId, OrderStatus.CANCELLED, null)));
                assertThat(answers).allSatisfy(answer -> assertThat(answer).satisfiesAnyOf(
                        a -> assertThat(a).isInstanceOf(Order.class),
                        a -> assertThat(a).isInstanceOfSatisfying(InvalidMessage.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteThatKeepsConflicting_isAConflictToARequest_andAFailureToTheMerchantsWindowSoThePollerRunsItAgain() {
        PlaceOrder placing = delivery(spot());
        Order placed = orders.place(customer(), placing, null).order();
        Caller merchant = new Caller(unique("merchant"), Role.MERCHANT, placing.storeId());
        OrderService contended = new OrderService(contending(), context.getBean(OrderEvents.class),
                context.getBean(OrderLocks.class), context.getBean(OrderAudience.class), drivers,
                context.getBean(Presence.class), deadlines, context.getBean(Outbox.class), settings,
                context.getBean(Clock.class));

        assertThatThrownBy(() -> contended.changeStatus(merchant, placed.orderId(), OrderStatus.ACCEPTED_BY_MERCHANT,
                null)).isInstanceOfSatisfying(InvalidMessage.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("changed meanwhile");
                });
        assertThatThrownBy(() -> contended.merchantTimedOut(placed.orderId()))
                .as("not taken for a race lost: the deadline must fail, not complete").isInstanceOf(OrderContended.class);
        assertThat(store.find(placed.orderId())).get().extracting(Order::status).isEqualTo(OrderStatus.PLACED);

        orders.merchantTimedOut(placed.orderId()); // the poller's next run
        assertThat(store.find(placed.orderId())).get().extracting(Order::status).isEqualTo(OrderStatus.CANCELLED);
    }

    /** The orders table over a DynamoDB Local client on which every transaction is cancelled for a conflict. */
    private OrderStore contending() {
        return new DynamoOrderStore(BusyTransactions.client(context, Integer.MAX_VALUE, new AtomicInteger()),
                context.getBean(TableNames.class), json, settings, context.getBean(Clock.class));
    }

    /** Runs the calls at once; each one's result, or the exception it threw. */
    private static List<Object> outcomes(ExecutorService pool, List<Callable<Object>> calls) throws Exception {
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : pool.invokeAll(calls)) {
            try {
                outcomes.add(future.get());
            } catch (java.util.concurrent.ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        return outcomes;
    }

    @Test
    void aCancelDecidedBeforeADriverAccepted_doesNotCommitOverTheAccept_andFreesNoOneItShouldNot() {
        PlaceOrder placing = delivery(spot());
        Order placed = orders.place(customer(), placing, null).order();
        Caller merchant = new Caller(unique("merchant"), Role.MERCHANT, placing.storeId());
        orders.changeStatus(merchant, placed.orderId(), OrderStatus.ACCEPTED_BY_MERCHANT, null);
        Order seenByTheMerchant = store.find(placed.orderId()).orElseThrow();
        Caller driver = new Caller(unique("driver"), Role.DRIVER, null);

        assertThat(orders.requestLock(driver, placed.orderId()).acquired()).isTrue();
        orders.accept(driver, placed.orderId()); // a delivery keeps its status: only the driver changed

        assertThat(store.transition(seenByTheMerchant, OrderStatus.CANCELLED, null, "out of stock", List.of()))
                .as("decided on a read from before the accept").isEmpty();
        assertThat(orders.get(placed.orderId()).driverId()).isEqualTo(driver.userId());
        assertThat(drivers.activeOrders(driver.userId())).containsExactly(placed.orderId());

        Order cancelled = orders.changeStatus(merchant, placed.orderId(), OrderStatus.CANCELLED, "out of stock");
        assertThat(cancelled.driverId()).isEqualTo(driver.userId());
        assertThat(drivers.activeOrders(driver.userId())).as("a fresh cancel frees the driver").isEmpty();
    }

    @Test
    void aDriverReportingNearATaxiOrder_joinsTheOrderPool_untilTheyTakeAnOrder() {
        GeoPoint pickup = spot();
        Caller driver = new Caller(unique("driver"), Role.DRIVER, null);
        GeoPoint at = north(pickup, 0.4);
        orders.driverMoved(driver, "conn-" + driver.userId(), new DriverPosition(at.latitude(), at.longitude(), 90.0,
                30.0, Instant.now()));
        assertThat(drivers.nearestForOrders(pickup.latitude(), pickup.longitude(), 2, 10, settings.getDriverFreshness()))
                .extracting(DriverIndex.Nearby::driverId).containsExactly(driver.userId());

        String orderId = orders.place(customer(), taxi(pickup), null).order().orderId();
        assertThat(orders.requestLock(driver, orderId).acquired()).isTrue();
        orders.accept(driver, orderId);

        assertThat(drivers.nearestForOrders(pickup.latitude(), pickup.longitude(), 2, 10, settings.getDriverFreshness())).isEmpty();
        assertThat(drivers.lastPosition(driver.userId())).get().satisfies(position -> {
            assertThat(position.heading()).isEqualTo(90.0);
            assertThat(position.speed()).isEqualTo(30.0);
        });
    }

    private static Caller customer() {
        return new Caller(unique("customer"), Role.CUSTOMER, null);
    }

    private PlaceOrder delivery(GeoPoint at) {
        return new PlaceOrder(OrderType.DELIVERY, unique("store"), items(),
                new Place(at.latitude(), at.longitude(), "Warung 1"), new Place(at.latitude() + 0.03, at.longitude(), null));
    }

    private static PlaceOrder taxi(GeoPoint at) {
        return new PlaceOrder(OrderType.TAXI, null, null, new Place(at.latitude(), at.longitude(), "Stasiun"),
                new Place(at.latitude() + 0.03, at.longitude(), null));
    }

    private JsonNode items() {
        try {
            return json.readValue("[{\"sku\":\"nasi-goreng\",\"qty\":2}]", JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
