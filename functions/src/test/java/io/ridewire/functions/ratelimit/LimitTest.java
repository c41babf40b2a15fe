package io.ridewire.functions.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitTest {

    @Test
    void overrides_parseTypeLimitAndWindow() {
        Map<String, Limit> limits = Limit.parseOverrides(List.of("location.update=120/60s", " driver:location_update = 60/1m ",
                "$connect=20/500ms", "ping=5/2h", ""));
        assertThat(limits).containsEntry("location.update", new Limit(120, Duration.ofSeconds(60)))
                .containsEntry("driver:location_update", new Limit(60, Duration.ofMinutes(1)))
                .containsEntry("$connect", new Limit(20, Duration.ofMillis(500)))
                .containsEntry("ping", new Limit(5, Duration.ofHours(2)))
                .hasSize(4);
    }

    @Test
    void malformedOverrides_areRefusedAtStartup() {
        assertThatThrownBy(() -> Limit.parseOverrides(List.of("ping:10"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.parseOverrides(List.of("ping=10/60x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.parseOverrides(List.of("ping=0/60s"))).isInstanceOf(IllegalArgumentException.class);
    }
}
