package io.ridewire.model.protocol.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.protocol.InvalidMessage;

import java.time.Instant;

/** {@code error.validation}: a message was refused; the connection stays open. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ValidationError(String originalEventType, String error, String field, String code, Instant timestamp) {

    public static ValidationError of(String originalEventType, InvalidMessage invalid, Instant now) {
        return new ValidationError(originalEventType, invalid.getMessage(), invalid.field(), invalid.code(), now);
    }
}
