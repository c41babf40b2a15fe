package io.ridewire.functions.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each line is one JSON object Lambda can read: an RFC 3339 timestamp, the level, the ids under mdc. */
class JsonLogEncoderTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Logger logger = new LoggerContext().getLogger("io.ridewire.test");

    @Test
    void aWarningWithIdsAndAnException_isOneJsonLine_withAnRfc3339Timestamp() throws Exception {
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.WARN, "post to {} failed: \"{}\"\n\tnext\u0001",
                new IllegalStateException("boom"), new Object[] {"abc", "gone"});
        event.setInstant(Instant.parse("2026-12-02T01:02:03.456Z"));
        event.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "connectionId", "c=1"));

        String line = new String(new JsonLogEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("}\n").doesNotContain("\n\t");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode parsed = json.readTree(line);
        assertThat(OffsetDateTime.parse(parsed.get("timestamp").asText()).toInstant())
                .isEqualTo(Instant.parse("2026-12-02T01:02:03.456Z"));
        assertThat(parsed.get("level").asText()).isEqualTo("WARN");
        assertThat(parsed.get("loggerName").asText()).isEqualTo("io.ridewire.test");
        assertThat(parsed.get("formattedMessage").asText()).isEqualTo("post to abc failed: \"gone\"\n\tnext\u0001");
        assertThat(parsed.get("mdc").get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parsed.get("mdc").get("connectionId").asText()).isEqualTo("c=1");
        assertThat(parsed.get("throwable").asText()).contains("IllegalStateException: boom");
    }

    @Test
    void aLineWithoutIds_hasNoMdcField() throws Exception {
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "ready", null, null);
        event.setMDCPropertyMap(Map.of());

        JsonNode parsed = json.readTree(new JsonLogEncoder().encode(event));

        assertThat(parsed.has("mdc")).isFalse();
        assertThat(parsed.has("throwable")).isFalse();
        assertThat(parsed.get("level").asText()).isEqualTo("INFO");
    }
}
