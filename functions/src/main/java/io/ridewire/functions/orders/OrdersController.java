package io.ridewire.functions.orders;

import io.ridewire.functions.drivers.DriverIndex;
import io.ridewire.model.orders.Party;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.protocol.Fields;
import io.ridewire.functions.rest.RequestBodies;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.ChangeOrderStatus;
import io.ridewire.model.inbound.PlaceOrder;
import io.ridewire.functions.rest.RestCaller;

import java.util.List;
import java.util.Optional;

/**
 * The orders REST API: place ({@code POST /orders}, customers), accept ({@code POST /orders/{id}/accept}, drivers
 * holding the lock), move ({@code POST /orders/{id}/status}, the store's merchant or the assigned driver, legal
 * transitions only), and read ({@code GET /orders/active}, {@code GET /orders/{id}}). Errors are JSON with 4xx.
 */
@Controller("/orders")
public class OrdersController {
    private final OrderService orders;
    private final DriverIndex drivers;
    private final JsonMapper json;

    public OrdersController(OrderService orders, DriverIndex drivers, JsonMapper json) {
        this.orders = orders;
        this.drivers = drivers;
        this.json = json;
    }

    /** The caller's active orders. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable
    public record ActiveOrders(List<OrderView> orders) {
    }

    @Post
    @Secured({"customer", "passenger"})
    public HttpResponse<OrderView> place(Authentication authentication, @Body @Nullable byte[] body,
                                         @Header("Idempotency-Key") Optional<String> idempotencyKey) {
        PlaceOrder request = PlaceOrder.read(parse(body));
        OrderService.Placed placed = orders.place(RestCaller.of(authentication), request,
                idempotencyKey.filter(key -> !key.isBlank()).orElse(null));
        return HttpResponse.status(placed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(view(placed.order()));
    }

    @Post("/{id}/accept")
    @Secured("driver")
    public OrderView accept(Authentication authentication, @PathVariable String id) {
        return view(orders.accept(RestCaller.of(authentication), id));
    }

    @Post("/{id}/status")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public OrderView status(Authentication authentication, @PathVariable String id, @Body @Nullable byte[] body) {
        ChangeOrderStatus change = ChangeOrderStatus.read(parse(body));
        return view(orders.changeStatus(RestCaller.of(authentication), id, change.status(), change.reason()));
    }

    @Get("/active")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public ActiveOrders active(Authentication authentication) {
        return new ActiveOrders(orders.active(RestCaller.of(authentication)));
    }

    @Get("/{id}")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public OrderView one(Authentication authentication, @PathVariable String id) {
        Caller caller = RestCaller.of(authentication);
        Order order = orders.get(id);
        if (order.partyOf(caller) == Party.OUTSIDER) {
            throw InvalidMessage.forbidden("order_id", "not your order");
        }
        return view(order);
    }

    private OrderView view(Order order) {
        return OrderView.of(order, order.driverId() == null ? null : drivers.lastPosition(order.driverId()).orElse(null));
    }

    private Fields parse(byte[] body) {
        return RequestBodies.fields(json, body);
    }
}
