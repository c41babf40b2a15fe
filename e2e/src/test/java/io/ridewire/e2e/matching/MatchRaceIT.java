package io.ridewire.e2e.matching;

import io.ridewire.e2e.fixtures.Riders;

import io.ridewire.e2e.fixtures.Spot;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.functions.aws.TableNames;
import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import io.ridewire.local.testing.WsClient;
import io.ridewire.deployment.TableCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ridewire.e2e.fixtures.Riders.answer;
import static io.ridewire.e2e.fixtures.Riders.request;
import static io.ridewire.local.testing.WsClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly one booking: 50 passengers ask at the same instant for the one driver near them, then all 50 try to
 * accept the one proposal made, together with the driver. Ten rounds; it must hold in every one.
 */
class MatchRaceIT {
    private static final int PASSENGERS = 50;
    private static final int ROUNDS = 10;

    private final LocalStack stack = TestStacks.shared();
    private final Riders riders = new Riders(stack);
    private final ExecutorService threads = Executors.newFixedThreadPool(PASSENGERS + 1);
    private final List<WsClient> open = new ArrayList<>();

    @AfterEach
    void close() {
        threads.shutdownNow();
        open.forEach(WsClient::close);
    }

    @Test
    void fiftyPassengersRacingForOneDriver_andForItsProposal_bookItExactlyOnce_everyRound() throws Exception {
        List<WsClient> passengers = new ArrayList<>(all(java.util.stream.IntStream.range(0, PASSENGERS)
                .mapToObj(i -> (Callable<WsClient>) () -> riders.connect(Role.PASSENGER, Riders.id("p" + i))).toList()));
        open.addAll(passengers);
        for (int round = 1; round <= ROUNDS; round++) {
            Spot spot = Spot.random();
            String driverId = Riders.id("driver-" + round);
            WsClient driver = riders.driverOn(driverId, spot.north(0.5), "motorcycle");
            open.add(driver);

            // 50 requests at once for the only driver: exactly one proposal
            CyclicBarrier start = new CyclicBarrier(PASSENGERS);
            List<JsonNode> replies = all(passengers.stream().map(p -> (Callable<JsonNode>) () -> {
                start.await(10, TimeUnit.SECONDS);
                p.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
                return p.await(m -> "match.proposal".equals(text(m, "type")) || "r-1".equals(text(m, "id")),
                        Duration.ofSeconds(30), "the answer to match.request");
            }).toList());
            List<Integer> proposed = new ArrayList<>();
            for (int i = 0; i < PASSENGERS; i++) {
                String type = text(replies.get(i), "type");
                if ("match.proposal".equals(type)) {
                    proposed.add(i);
                } else {
                    assertThat(type).as("round %d, passenger %d", round, i).isEqualTo("match.cancelled");
                    assertThat(text(replies.get(i), "payload.reason")).isEqualTo("driver_unavailable");
                }
            }
            assertThat(proposed).as("round %d: proposals made for the one driver", round).hasSize(1);
            int winner = proposed.getFirst();
            String matchId = text(replies.get(winner), "payload.match_id");
            assertThat(text(driver.await("match.proposal"), "payload.match_id")).isEqualTo(matchId);
            driver.assertNone("match.proposal", Duration.ofMillis(300));

            // everyone accepts that proposal at once, the driver too: one booking, 49 refusals
            CyclicBarrier accept = new CyclicBarrier(PASSENGERS + 1);
            List<Future<?>> sends = new ArrayList<>();
            for (WsClient p : passengers) {
                sends.add(threads.submit(() -> {
                    accept.await(10, TimeUnit.SECONDS);
                    p.send(answer("match.accept", matchId, "passenger"));
                    return null;
                }));
            }
            sends.add(threads.submit(() -> {
                accept.await(10, TimeUnit.SECONDS);
                driver.send(answer("match.accept", matchId, "driver"));
                return null;
            }));
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
            assertThat(text(driver.await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
            assertThat(text(passengers.get(winner).await("match.confirmed"), "payload.match_id")).isEqualTo(matchId);
            for (int i = 0; i < PASSENGERS; i++) {
                if (i != winner) {
                    JsonNode refused = passengers.get(i).await("error.validation");
                    assertThat(text(refused, "payload.code")).as("round %d, passenger %d", round, i).isEqualTo("FORBIDDEN");
                }
            }
            driver.assertNone("match.confirmed", Duration.ofMillis(300));
            assertThat(passengers).allSatisfy(p -> p.assertNone("match.confirmed", Duration.ZERO));
            assertBookedOnce(driverId, matchId);

            // the winner is booked now; a fresh passenger takes their place for the next round
            passengers.set(winner, riders.connect(Role.PASSENGER, Riders.id("p-next")));
            open.add(passengers.get(winner));
        }
    }

    @Test
    void aPoolThatForgotABooking_stillCannotOfferTheBookedDriverAgain() {
        Spot spot = Spot.random();
        String driverId = Riders.id("driver");
        WsClient driver = riders.driverOn(driverId, spot.north(0.5), "motorcycle");
        WsClient first = riders.connect(Role.PASSENGER, Riders.id("first"));
        WsClient second = riders.connect(Role.PASSENGER, Riders.id("second"));
        open.addAll(List.of(driver, first, second));
        first.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
        String matchId = text(first.await("match.proposal"), "payload.match_id");
        driver.await("match.proposal");
        driver.send(answer("match.accept", matchId, "driver"));
        driver.await("match.confirmed");

        // Redis loses the booking (a failover, say): the driver looks free and is back in the geo index
        var pool = stack.context().getBean(io.ridewire.functions.drivers.DriverIndex.class);
        assertThat(pool.release(driverId, matchId)).isTrue();
        assertThat(pool.isIndexed(driverId)).isTrue();

        second.send(request(spot, Riders.MOTORCYCLE_PREFERENCES));
        JsonNode reply = second.await(m -> "r-1".equals(text(m, "id")), Duration.ofSeconds(10), "reply");
        assertThat(text(reply, "type")).isEqualTo("match.cancelled");
        assertThat(text(reply, "payload.reason")).isEqualTo("driver_unavailable");
        driver.assertNone("match.proposal", Duration.ofMillis(300));
        assertThat(pool.record(driverId)).as("the pool learnt the booking back from DynamoDB")
                .containsEntry("state", "assigned").containsEntry("match", matchId);
        assertBookedOnce(driverId, matchId);
    }

    private void assertBookedOnce(String driverId, String matchId) {
        DynamoDbClient dynamo = stack.context().getBean(DynamoDbClient.class);
        String table = stack.context().getBean(TableNames.class).of(TableCatalogue.MATCHES);
        Map<String, AttributeValue> lock = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("driver#" + driverId)))).item();
        assertThat(lock.get("holder").s()).isEqualTo(matchId);
        assertThat(lock.get("lock_state").s()).isEqualTo("assigned");
        Map<String, AttributeValue> match = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("match#" + matchId)))).item();
        assertThat(match.get("state").s()).isEqualTo("confirmed");
        assertThat(match.get("driver_id").s()).isEqualTo(driverId);
    }

    private <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = tasks.stream().map(threads::submit).toList();
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
