package io.ridewire.functions.rest;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.functions.presence.Presence;
import io.ridewire.model.identity.Role;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /ws/stats} (admin only): live connections in total and by role. */
@Controller("/ws/stats")
@Secured("admin")
public class StatsController {
    private final Presence presence;
    private final Clock clock;

    public StatsController(Presence presence, Clock clock) {
        this.presence = presence;
        this.clock = clock;
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Stats(long totalConnections, Map<String, Long> connectionsByRole, long activeDrivers,
                        long activeUsers, Instant timestamp) {
    }

    @Get
    public Stats stats() {
        Map<Role, Long> counts = presence.countByRole();
        Map<String, Long> byRole = new LinkedHashMap<>();
        counts.forEach((role, count) -> byRole.put(role.claim(), count));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long drivers = counts.getOrDefault(Role.DRIVER, 0L);
        long users = counts.getOrDefault(Role.PASSENGER, 0L) + counts.getOrDefault(Role.CUSTOMER, 0L);
        return new Stats(total, byRole, drivers, users, clock.instant());
    }
}
