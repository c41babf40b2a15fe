package io.ridewire.functions.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

import java.util.function.UnaryOperator;

/**
 * Logback's configuration in code rather than {@code logback.xml}, so a cold start does not load an XML parser and
 * Logback's configuration model (about 300 classes). {@code RIDEWIRE_LOG_FORMAT}: {@code json} (Lambda's JSON log
 * format, the bridge container) or {@code text}; {@code RIDEWIRE_LOG_LEVEL} sets Ridewire's own loggers (INFO),
 * everything else logs from WARN. A file named by {@code -Dlogback.configurationFile} still wins.
 */
public class LogSetup extends ContextAwareBase implements Configurator {
    static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%replace( trace=%X{traceId}){' trace=$', ''}%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System::getenv);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext context, UnaryOperator<String> environment) {
        boolean json = "json".equalsIgnoreCase(environment.apply("RIDEWIRE_LOG_FORMAT"));
        Encoder<ILoggingEvent> encoder;
        if (json) {
            encoder = new JsonLogEncoder();
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setPattern(TEXT_PATTERN);
            encoder = pattern;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(json ? "json" : "text");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("io.ridewire").setLevel(Level.toLevel(environment.apply("RIDEWIRE_LOG_LEVEL"), Level.INFO));
    }
}
