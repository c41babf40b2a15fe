package io.ridewire.model.location;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * {@code data} of the NATS {@code location.update} event: who moved, where, in which ride, over which session
 * (the WebSocket connection id).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationUpdated(String userId, String userType, Reading location, String rideId, String sessionId) {
}
