package io.ridewire.e2e.orders;

import io.ridewire.e2e.fixtures.OrderFixtures;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.model.identity.Role;
import io.ridewire.e2e.fixtures.OrderFixtures.Person;
import io.ridewire.e2e.fixtures.OrderStacks;
import io.ridewire.local.testing.RestClient;
import io.ridewire.local.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ridewire.e2e.fixtures.OrderFixtures.awaitFor;
import static io.ridewire.e2e.fixtures.OrderFixtures.send;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Fifty drivers race for one order, round after round: exactly one lock, exactly one accepted order, every time. */
class AcceptRaceIT {
    private static final int DRIVERS = 50;
    private static final int ROUNDS = 3;

    private final OrderFixtures kit = new OrderFixtures(OrderStacks.shared());
    private final List<WsClient> sockets = new ArrayList<>();

    @AfterEach
    void closeAll() {
        sockets.forEach(WsClient::close);
    }

    @Test
    void fiftyDriversRacingForTheLockAndAccept_exactlyOneWins_everyRound() throws Exception {
        Person customer = kit.person(Role.CUSTOMER);
        List<Person> drivers = new ArrayList<>();
        for (int i = 0; i < DRIVERS; i++) {
            Person driver = kit.person(Role.DRIVER);
            drivers.add(driver);
            WsClient socket = kit.connect(driver);
            sockets.add(socket);
            kit.driverAt(socket, driver, 0.01 * i);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 1; round <= ROUNDS; round++) {
                String orderId = kit.place(customer, kit.taxiBody());
                for (WsClient socket : sockets) {
                    awaitFor(socket, "new_order", orderId);
                }

                // every driver asks for the lock at the same moment
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> locks = new ArrayList<>();
                for (WsClient socket : sockets) {
                    locks.add(pool.submit(() -> {
                        start.await();
                        socket.send(send("request_lock", orderId));
                        JsonNode answer = socket.await(m -> orderId.equals(text(m, "payload.order_id"))
                                && (("lock_acquired".equals(text(m, "type"))) || "lock_failed".equals(text(m, "type"))),
                                Duration.ofSeconds(20), "lock answer");
                        return text(answer, "type");
                    }));
                }
                start.countDown();
                List<String> answers = new ArrayList<>();
                for (Future<String> lock : locks) {
                    answers.add(lock.get());
                }
                assertThat(answers).as("round %d locks", round).containsOnlyOnce("lock_acquired");
                assertThat(answers.stream().filter("lock_failed"::equals).count()).isEqualTo(DRIVERS - 1);
                Person holder = drivers.get(answers.indexOf("lock_acquired"));

                // and every driver tries to accept at the same moment
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RestClient.Response>> accepts = new ArrayList<>();
                for (Person driver : drivers) {
                    accepts.add(pool.submit(() -> {
                        go.await();
                        return kit.accept(driver, orderId);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<RestClient.Response> accept : accepts) {
                    statuses.add(accept.get().status());
                }
                assertThat(statuses).as("round %d accepts", round).containsOnlyOnce(200);
                assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(DRIVERS - 1);
                assertThat(statuses.indexOf(200)).isEqualTo(drivers.indexOf(holder));
                JsonNode order = kit.order(customer, orderId);
                assertThat(text(order, "driver_id")).isEqualTo(holder.id());
                assertThat(text(order, "status")).isEqualTo("accepted");

                // the winner finishes the ride so it is available again for the next round
                kit.moveTo(holder, orderId, "picked_up");
                kit.moveTo(holder, orderId, "delivered");
                int index = drivers.indexOf(holder);
                kit.driverAt(sockets.get(index), holder, 0.01 * index);
                for (WsClient socket : sockets) {
                    socket.drain();
                }
            }
        }
    }
}
