package io.ridewire.model.orders.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.orders.Place;

import java.time.Instant;

/** What a driver is shown of an open order ({@code new_order.order}). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderSummary(String orderId, String type, Place pickup, Place drop, long fare, JsonNode items,
                           Instant createdAt) {
}
