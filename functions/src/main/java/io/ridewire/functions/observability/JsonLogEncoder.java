package io.ridewire.functions.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object per log line, as Lambda's JSON log format reads it: {@code timestamp} in RFC 3339 and
 * {@code level} — without a valid timestamp Lambda files every line as INFO, so a WARN could not be found by its
 * level — then the thread, logger, message, the MDC ids under {@code mdc}, and the stack trace. Field names are
 * logback's {@code JsonEncoder}'s.
 */
public class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "timestamp", DateTimeFormatter.ISO_INSTANT.format(event.getInstant())).append(',');
        field(json, "level", event.getLevel().toString()).append(',');
        field(json, "threadName", event.getThreadName()).append(',');
        field(json, "loggerName", event.getLoggerName()).append(',');
        field(json, "formattedMessage", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            json.append(",\"mdc\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                field(json, entry.getKey(), entry.getValue());
                first = false;
            }
            json.append('}');
        }
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            json.append(',');
            field(json, "throwable", ThrowableProxyUtil.asString(throwable));
        }
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        quote(json, name).append(':');
        return value == null ? json.append("null") : quote(json, value);
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        return json.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
    }
}
