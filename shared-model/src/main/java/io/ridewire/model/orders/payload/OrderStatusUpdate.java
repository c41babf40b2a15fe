package io.ridewire.model.orders.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code order:status_update}, on every transition; {@code reason} only on cancellations. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderStatusUpdate(String orderId, String status, Instant timestamp, String reason) {
}
