package io.ridewire.local.faults;

import io.micronaut.json.tree.JsonNode;
import io.ridewire.local.testing.WsClient;
import io.ridewire.model.geo.Haversine;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import static io.ridewire.local.testing.WsClient.text;

/**
 * The ride messages a test sends to a stack running in another JVM ({@link StackProcess}), where the e2e module's
 * ride fixtures, which need the stack's beans, cannot reach.
 */
final class RideMessages {
    private static final double KM_PER_DEGREE = Haversine.EARTH_RADIUS_KM * Math.PI / 180;

    private RideMessages() {
    }

    /** A place on the map; each ride picks a random one, far from the others. */
    record Spot(double lat, double lon) {
        static Spot random() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return new Spot(random.nextDouble(-50, 50), random.nextDouble(-170, 170));
        }

        /** {@code km} north, exactly (along the meridian, as the haversine measures it). */
        Spot north(double km) {
            return new Spot(lat + km / KM_PER_DEGREE, lon);
        }
    }

    static String beacon(Spot at) {
        return String.format(Locale.ROOT, "{\"type\":\"beacon.update\",\"id\":\"b-1\",\"payload\":{\"is_active\":true,"
                + "\"user_type\":\"driver\",\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5},"
                + "\"vehicle_info\":{\"type\":\"motorcycle\",\"license_plate\":\"B1234XYZ\"},"
                + "\"driver_info\":{\"name\":\"John Driver\",\"phone\":\"+628123456789\",\"rating\":4.8}}}",
                at.lat(), at.lon());
    }

    static String request(Spot pickup, Spot destination) {
        return String.format(Locale.ROOT, "{\"type\":\"match.request\",\"id\":\"r-1\",\"payload\":{"
                + "\"pickup_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Sudirman No. 1, Jakarta\"},"
                + "\"destination_location\":{\"latitude\":%s,\"longitude\":%s,\"address\":\"Jl. Thamrin No. 10, Jakarta\"},"
                + "\"passenger_info\":{\"name\":\"Jane Passenger\",\"phone\":\"+628987654321\"},"
                + "\"preferences\":{\"vehicle_type\":\"motorcycle\",\"max_distance_km\":5,\"max_wait_minutes\":10}}}",
                pickup.lat(), pickup.lon(), destination.lat(), destination.lon());
    }

    static String answer(String matchId, String userType) {
        return "{\"type\":\"match.accept\",\"payload\":{\"match_id\":\"" + matchId + "\",\"user_type\":\"" + userType + "\"}}";
    }

    static String start(String matchId, Spot at) {
        return String.format(Locale.ROOT, "{\"type\":\"ride.start\",\"id\":\"s-1\",\"payload\":{\"match_id\":\"%s\","
                + "\"location\":{\"latitude\":%s,\"longitude\":%s,\"accuracy\":5}}}", matchId, at.lat(), at.lon());
    }

    static String fix(String rideId, Spot at, double accuracy, Instant time) {
        return String.format(Locale.ROOT, "{\"type\":\"location.update\",\"payload\":{\"location\":{\"latitude\":%s,"
                + "\"longitude\":%s,\"accuracy\":%s,\"speed\":10.0,\"heading\":0.0},\"ride_id\":\"%s\","
                + "\"timestamp\":\"%s\"}}", at.lat(), at.lon(), accuracy, rideId, time);
    }

    static String arrived(String rideId, Spot at) {
        return String.format(Locale.ROOT, "{\"type\":\"ride.arrived\",\"id\":\"arr-1\",\"payload\":{\"ride_id\":\"%s\","
                + "\"arrival_location\":{\"latitude\":%s,\"longitude\":%s},\"adjustment_reason\":\"traffic_was_light\"}}",
                rideId, at.lat(), at.lon());
    }

    static String pay(String paymentId, String method) {
        return "{\"type\":\"payment.method_selected\",\"id\":\"pay-1\",\"payload\":{\"payment_id\":\"" + paymentId
                + "\",\"method\":\"" + method + "\",\"wallet_balance\":50000}}";
    }

    static void ack(WsClient client, JsonNode event) {
        client.send("{\"type\":\"ack\",\"payload\":{\"id\":\"" + text(event, "id") + "\"}}");
    }
}
