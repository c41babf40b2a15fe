package io.ridewire.model.orders.payload;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** {@code merchant:new_order} to {@code merchant_{store_id}}: the merchant has {@code timer} seconds to accept. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MerchantNewOrder(String orderId, JsonNode items, long timer) {
}
