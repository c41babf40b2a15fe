package io.ridewire.model.orders.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** {@code admin:alert} to {@code admin_updates}: something needs an operator (a merchant missed an order …). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminAlert(String alert, String orderId, String storeId, String action, Instant timestamp) {
}
