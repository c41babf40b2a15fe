package io.ridewire.functions.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration logback.xml used to hold, now in code: levels, the text line with its trace, JSON on request. */
class LogSetupTest {

    @Test
    void byDefault_ridewireLogsFromInfo_everythingElseFromWarn_asTextWithTheTraceWhenThereIsOne() {
        LoggerContext context = new LoggerContext();
        LogSetup.configure(context, Map.<String, String>of()::get);

        assertThat(context.getLogger("io.ridewire.functions.x").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
        String traced = line(context, "text", Map.of("traceId", "abc123"));
        assertThat(traced).contains("INFO ").contains(" - hello trace=abc123").endsWith(System.lineSeparator());
        assertThat(line(context, "text", Map.of())).contains(" - hello").doesNotContain("trace=");
    }

    @Test
    void theEnvironmentChoosesJsonAndRidewiresLevel() {
        LoggerContext context = new LoggerContext();
        LogSetup.configure(context, Map.of("RIDEWIRE_LOG_FORMAT", "json", "RIDEWIRE_LOG_LEVEL", "WARN")::get);

        assertThat(context.getLogger("io.ridewire.functions.x").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(line(context, "json", Map.of("traceId", "abc123")))
                .startsWith("{\"timestamp\":\"").contains("\"formattedMessage\":\"hello\"").contains("\"traceId\":\"abc123\"");
    }

    private static String line(LoggerContext context, String appender, Map<String, String> mdc) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender(appender);
        assertThat(console).as("appender " + appender).isNotNull();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.ridewire.x"), Level.INFO, "hello", null, null);
        event.setMDCPropertyMap(mdc);
        return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    }
}
