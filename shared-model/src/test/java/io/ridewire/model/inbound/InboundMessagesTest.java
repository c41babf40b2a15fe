package io.ridewire.model.inbound;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import io.ridewire.model.matching.Party;
import io.ridewire.model.matching.PersonInfo;
import io.ridewire.model.orders.OrderStatus;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each inbound record reads a valid payload into its fields, and refuses a bad one naming the field and code. */
class InboundMessagesTest {
    private static final Instant NOW = Instant.parse("2026-01-08T10:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final MatchRequest.Limits LIMITS = new MatchRequest.Limits(Set.of("economy", "premium"), 5, 50, 10, 30);

    private static Fields fields(String json) {
        try {
            return Fields.ofPayload(ObjectMapper.getDefault().readValue(json, JsonNode.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRefused(Runnable read, String field, String code) {
        InvalidMessage invalid = catchThrowableOfType(InvalidMessage.class, read::run);
        assertThat(invalid).as("refused").isNotNull();
        assertThat(invalid.field()).isEqualTo(field);
        assertThat(invalid.code()).isEqualTo(code);
    }

    @Test
    void matchRequest_fillsDefaults_whenPreferencesAndInfoAreAbsent() {
        MatchRequest request = MatchRequest.read(fields("""
                {"pickup_location":{"latitude":52.5,"longitude":13.4,"address":"Alexanderplatz"},
                 "destination_location":{"latitude":52.52,"longitude":13.37}}"""), LIMITS);
        assertThat(request.pickup().address()).isEqualTo("Alexanderplatz");
        assertThat(request.destination().address()).isNull();
        assertThat(request.preferences().maxDistanceKm()).isEqualTo(5);
        assertThat(request.preferences().maxWaitMinutes()).isEqualTo(10);
        assertThat(request.preferences().vehicleType()).isNull();
        assertThat(request.passenger()).isEqualTo(PersonInfo.NONE);
    }

    @Test
    void matchRequest_refusesPreferencesBeyondTheLimits_andLongText() {
        String places = "\"pickup_location\":{\"latitude\":1,\"longitude\":1},\"destination_location\":{\"latitude\":2,\"longitude\":2}";
        assertRefused(() -> MatchRequest.read(fields("{" + places + ",\"preferences\":{\"max_distance_km\":51}}"), LIMITS),
                "preferences.max_distance_km", ErrorCode.OUT_OF_RANGE);
        assertRefused(() -> MatchRequest.read(fields("{" + places + ",\"preferences\":{\"max_wait_minutes\":0}}"), LIMITS),
                "preferences.max_wait_minutes", ErrorCode.OUT_OF_RANGE);
        assertRefused(() -> MatchRequest.read(fields("{" + places + ",\"preferences\":{\"vehicle_type\":\"tank\"}}"), LIMITS),
                "preferences.vehicle_type", ErrorCode.INVALID_VALUE);
        assertRefused(() -> MatchRequest.read(fields("{" + places + ",\"passenger_info\":{\"name\":\"" + "n".repeat(301)
                + "\"}}"), LIMITS), "passenger_info.name", ErrorCode.INVALID_VALUE);
        assertRefused(() -> MatchRequest.read(fields("{\"pickup_location\":{\"latitude\":91,\"longitude\":1}}"), LIMITS),
                "pickup_location.latitude", ErrorCode.INVALID_COORDINATES);
    }

    @Test
    void positions_beyondTheGeoIndexsLatitude_areRefusedAsInvalidCoordinates_whereverTheyArrive() {
        String fix = "{\"location\":{\"latitude\":%s,\"longitude\":%s},\"timestamp\":\"2026-01-08T10:00:00Z\"}";
        assertThat(LocationUpdate.read(fields(fix.formatted("85.05112878", "-180")), NOW, SKEW).reading().latitude())
                .as("the limit itself is kept").isEqualTo(85.05112878);
        assertThat(LocationUpdate.read(fields(fix.formatted("-85.05112878", "180")), NOW, SKEW).reading().latitude())
                .isEqualTo(-85.05112878);
        // between Web Mercator's limit and the pole: valid on Earth, refused by Redis' GEOADD
        assertRefused(() -> LocationUpdate.read(fields(fix.formatted("85.0512", "10")), NOW, SKEW),
                "location.latitude", ErrorCode.INVALID_COORDINATES);
        assertRefused(() -> LocationUpdate.read(fields(fix.formatted("-89.9", "10")), NOW, SKEW),
                "location.latitude", ErrorCode.INVALID_COORDINATES);
        assertRefused(() -> LocationUpdate.read(fields(fix.formatted("10", "180.0001")), NOW, SKEW),
                "location.longitude", ErrorCode.INVALID_COORDINATES);
        assertRefused(() -> DriverLocationUpdate.read(fields("{\"lat\":86,\"lng\":10}")),
                "lat", ErrorCode.INVALID_COORDINATES);
        assertRefused(() -> RideStart.read(fields("{\"match_id\":\"m-1\",\"location\":{\"latitude\":88,"
                + "\"longitude\":1}}"), NOW, SKEW), "location.latitude", ErrorCode.INVALID_COORDINATES);
        assertRefused(() -> RideArrived.read(fields("{\"ride_id\":\"r-1\",\"arrival_location\":{\"latitude\":1,"
                + "\"longitude\":-181}}")), "arrival_location.longitude", ErrorCode.INVALID_COORDINATES);
    }

    @Test
    void beaconUpdate_readsADriversProfile_butNotAPassengers() {
        String json = """
                {"is_active":true,"user_type":"%s","location":{"latitude":1,"longitude":2,"accuracy":5},
                 "vehicle_info":{"type":"economy","license_plate":"B-RW 1"},"driver_info":{"name":"Ada","rating":4.9}}""";
        BeaconUpdate driver = BeaconUpdate.read(fields(json.formatted("driver")), Party.DRIVER, LIMITS.vehicleTypes());
        assertThat(driver.active()).isTrue();
        assertThat(driver.point().latitude()).isEqualTo(1);
        assertThat(driver.profile()).isEqualTo(new BeaconUpdate.Profile("economy", "B-RW 1", "Ada", null, 4.9));
        BeaconUpdate passenger = BeaconUpdate.read(fields(json.formatted("passenger")), Party.PASSENGER, Set.of());
        assertThat(passenger.profile()).isNull();
    }

    @Test
    void beaconUpdate_refusesTheOtherSide_beforeTheLocation() {
        assertRefused(() -> BeaconUpdate.read(fields("{\"is_active\":true,\"user_type\":\"driver\"}"), Party.PASSENGER,
                LIMITS.vehicleTypes()), "user_type", ErrorCode.FORBIDDEN);
        assertRefused(() -> BeaconUpdate.read(fields("{\"is_active\":true,\"user_type\":\"driver\"}"), Party.DRIVER,
                LIMITS.vehicleTypes()), "location", ErrorCode.REQUIRED);
        assertRefused(() -> BeaconUpdate.read(fields("""
                {"is_active":false,"user_type":"driver","vehicle_info":{"type":"economy","license_plate":"%s"}}"""
                .formatted("X".repeat(17))), Party.DRIVER, LIMITS.vehicleTypes()),
                "vehicle_info.license_plate", ErrorCode.INVALID_VALUE);
    }

    @Test
    void locationUpdate_refusesAFixFromTheFuture_orFromBefore2000() {
        LocationUpdate update = LocationUpdate.read(fields("""
                {"location":{"latitude":1,"longitude":2,"heading":90},"ride_id":"r-1","timestamp":"2026-01-08T09:59:59Z"}"""),
                NOW, SKEW);
        assertThat(update.rideId()).isEqualTo("r-1");
        assertThat(update.reading().heading()).isEqualTo(90);
        assertRefused(() -> LocationUpdate.read(fields("""
                {"location":{"latitude":1,"longitude":2},"timestamp":"2026-01-08T10:01:00Z"}"""), NOW, SKEW),
                "timestamp", ErrorCode.OUT_OF_RANGE);
        // parses, but overflowed epoch milliseconds further on (INTERNAL_ERROR)
        assertRefused(() -> LocationUpdate.read(fields("""
                {"location":{"latitude":1,"longitude":2},"timestamp":"-1000000000-01-01T00:00:00Z"}"""), NOW, SKEW),
                "timestamp", ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void answers_refuseSpeakingForTheOtherSide() {
        assertThat(MatchAccept.read(fields("{\"match_id\":\"m-1\"}"), Party.DRIVER).matchId()).isEqualTo("m-1");
        assertRefused(() -> MatchAccept.read(fields("{\"match_id\":\"m-1\",\"user_type\":\"passenger\"}"), Party.DRIVER),
                "user_type", ErrorCode.FORBIDDEN);
        assertThat(MatchReject.read(fields("{\"match_id\":\"m-1\",\"reason\":\"too_far\"}"), Party.DRIVER).reason())
                .isEqualTo("too_far");
        assertRefused(() -> MatchReject.read(fields("{\"match_id\":\"m-1\",\"reason\":\"bored\"}"), Party.DRIVER),
                "reason", ErrorCode.INVALID_VALUE);
    }

    @Test
    void matchCancel_boundsTheReason() {
        assertThat(MatchCancel.read(fields("{\"match_id\":\"m-1\"}")).reason()).isNull();
        assertRefused(() -> MatchCancel.read(fields("{\"match_id\":\"m-1\",\"reason\":\"" + "r".repeat(201) + "\"}")),
                "reason", ErrorCode.INVALID_VALUE);
    }

    @Test
    void rideMessages_readOptionalPartsAndDefaults() {
        RideStart start = RideStart.read(fields("{\"match_id\":\"m-1\"}"), NOW, SKEW);
        assertThat(start.at()).isNull();
        assertThat(start.sentAt()).isNull();
        assertThat(RideCancel.read(fields("{\"ride_id\":\"r-1\"}"), Party.DRIVER).reason()).isEqualTo("driver_issue");
        assertThat(RideCancel.read(fields("{\"ride_id\":\"r-1\"}"), Party.PASSENGER).reason()).isEqualTo("passenger_request");
        assertThat(RideArrived.read(fields("{\"ride_id\":\"r-1\",\"adjustment_factor\":0.9}")).factor())
                .isEqualTo(new BigDecimal("0.9"));
        assertThat(RideArrived.read(fields("{\"ride_id\":\"r-1\"}")).factor()).isEqualTo(BigDecimal.valueOf(1.0));
        assertRefused(() -> RideArrived.read(fields("{\"ride_id\":\"r-1\",\"adjustment_factor\":1.5}")),
                "adjustment_factor", ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void orderRef_acceptsTheSpecsIntegerIds() {
        assertThat(OrderRef.read(fields("{\"order_id\":123}")).orderId()).isEqualTo("123");
        assertThat(OrderRef.read(fields("{\"order_id\":\"o-7\"}")).orderId()).isEqualTo("o-7");
        assertRefused(() -> OrderRef.read(fields("{}")), "order_id", ErrorCode.REQUIRED);
    }

    @Test
    void deliveryMessages_boundTheirNumbers() {
        Sync sync = Sync.read(fields("{\"since\":4}"), 100);
        assertThat(sync).isEqualTo(new Sync(4, 100, null));
        assertRefused(() -> Sync.read(fields("{\"since\":4,\"limit\":101}"), 100), "limit", ErrorCode.OUT_OF_RANGE);
        assertRefused(() -> Ack.read(fields("{}")), "id", ErrorCode.REQUIRED);
        assertRefused(() -> AuthRefresh.read(fields("{\"token\":\"" + "t".repeat(8193) + "\"}")), "token",
                ErrorCode.TOO_LONG);
    }

    @Test
    void paymentAndDriverLocation_checkRanges() {
        assertRefused(() -> PaymentMethodSelected.read(fields("{\"payment_id\":\"p-1\",\"method\":\"gold\"}"),
                Set.of("cash", "wallet")), "method", ErrorCode.INVALID_VALUE);
        assertRefused(() -> PaymentMethodSelected.read(fields(
                "{\"payment_id\":\"p-1\",\"method\":\"cash\",\"wallet_balance\":-1}"), Set.of("cash")),
                "wallet_balance", ErrorCode.OUT_OF_RANGE);
        assertThat(DriverLocationUpdate.read(fields("{\"lat\":1,\"lng\":2}")))
                .isEqualTo(new DriverLocationUpdate(1, 2, null, null));
        assertRefused(() -> DriverLocationUpdate.read(fields("{\"lat\":1,\"lng\":2,\"speed\":501}")), "speed",
                ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void placeOrder_boundsTheItemsItPassesThrough() {
        String order = "{\"type\":\"delivery\",\"store_id\":\"s1\",\"pickup\":{\"lat\":1,\"lng\":1},"
                + "\"drop\":{\"lat\":1.01,\"lng\":1},\"items\":";
        assertThat(PlaceOrder.read(fields(order + "[{\"sku\":\"nasi\",\"qty\":2,\"options\":[{\"name\":\"pedas\"}]}]}"))
                .items().size()).isEqualTo(1);
        assertRefused(() -> PlaceOrder.read(fields(order + "[{\"name\":\"" + "x".repeat(200_000) + "\"}]}")),
                "items[0].name", ErrorCode.TOO_LONG);
        assertRefused(() -> PlaceOrder.read(fields(order + "[{\"name\":\"a\\u0000b\"}]}")),
                "items[0].name", ErrorCode.INVALID_CHARACTERS);
        assertRefused(() -> PlaceOrder.read(fields(order + "[" + "{\"sku\":\"a\"},".repeat(100) + "{\"sku\":\"b\"}]}")),
                "items", ErrorCode.TOO_LONG);
        assertRefused(() -> PlaceOrder.read(fields(order + "[{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}]}")),
                "items[0].a.b.c.d", ErrorCode.INVALID_VALUE);
    }

    @Test
    void restBodies_readStatusAndAmount() {
        assertThat(ChangeOrderStatus.read(fields("{\"status\":\"" + OrderStatus.WIRE_NAMES.iterator().next() + "\"}"))
                .reason()).isNull();
        assertRefused(() -> ChangeOrderStatus.read(fields("{\"status\":\"teleported\"}")), "status",
                ErrorCode.INVALID_VALUE);
        assertThat(TopUp.read(fields("{\"amount\":500}"), 1000).amount()).isEqualTo(500);
        assertRefused(() -> TopUp.read(fields("{\"amount\":1001}"), 1000), "amount", ErrorCode.OUT_OF_RANGE);
    }
}
