package io.ridewire.deployment;

import java.time.Duration;
import java.util.List;

/** The JetStream streams Ridewire publishes to, after the spec's stream configuration. */
public final class StreamCatalogue {
    /** User lifecycle events ({@code user.>}): session started. */
    public static final StreamSpec USERS =
            new StreamSpec("USER_EVENTS", List.of("user.>"), false, false, Duration.ofHours(24), 1_000_000);

    /** Location events ({@code location.>}): the spec's LOCATION_EVENTS, memory storage, work queue, 1 h. */
    public static final StreamSpec LOCATION =
            new StreamSpec("LOCATION_EVENTS", List.of("location.>"), true, true, Duration.ofHours(1), 100_000);
    /** Match events ({@code match.>}): requests, responses and what the match service decides. */
    public static final StreamSpec MATCHES =
            new StreamSpec("MATCH_EVENTS", List.of("match.>"), false, false, Duration.ofHours(24), 1_000_000);
    /** Ride lifecycle ({@code ride.>}), kept 7 days as the spec configures. */
    public static final StreamSpec RIDES =
            new StreamSpec("RIDE_EVENTS", List.of("ride.>"), false, false, Duration.ofDays(7), 500_000);
    /** Payments ({@code payment.>}). */
    public static final StreamSpec PAYMENTS =
            new StreamSpec("PAYMENT_EVENTS", List.of("payment.>"), false, false, Duration.ofDays(7), 500_000);
    /** Orders ({@code order.>}). */
    public static final StreamSpec ORDERS =
            new StreamSpec("ORDER_EVENTS", List.of("order.>"), false, false, Duration.ofDays(7), 500_000);
    /** Notifications for users ({@code notification.>}). */
    public static final StreamSpec NOTIFICATIONS =
            new StreamSpec("NOTIFICATION_EVENTS", List.of("notification.>"), false, false, Duration.ofHours(24), 1_000_000);
    /** What the bridge could not deliver ({@code dlq.>}), kept for an operator. */
    public static final StreamSpec DEAD_LETTERS =
            new StreamSpec("DEAD_LETTERS", List.of("dlq.>"), false, false, Duration.ofDays(14), 1_000_000);

    private static final List<StreamSpec> ALL = List.of(USERS, LOCATION, MATCHES, RIDES, PAYMENTS, ORDERS, NOTIFICATIONS, DEAD_LETTERS);

    private StreamCatalogue() {
    }

    public static List<StreamSpec> all() {
        return ALL;
    }

    /** The stream whose subjects cover {@code subject} (by its first token). */
    public static java.util.Optional<StreamSpec> forSubject(String subject) {
        String first = subject.substring(0, subject.indexOf('.') < 0 ? subject.length() : subject.indexOf('.'));
        return ALL.stream().filter(s -> s.subjects().stream().anyMatch(f -> f.equals(first + ".>"))).findFirst();
    }
}
