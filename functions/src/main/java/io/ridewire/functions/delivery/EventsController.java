package io.ridewire.functions.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.rest.RestCaller;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /events?since=seq[&epoch=e][&limit=n]}: the caller's durable events after {@code since}, for clients
 * that poll instead of keeping a socket (the same frames and epoch rule as {@code sync}). {@code POST /events/{id}/ack} acknowledges one.
 */
@Controller("/events")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class EventsController {
    private final DurableDelivery delivery;
    private final DeliverySettings settings;

    public EventsController(DurableDelivery delivery, DeliverySettings settings) {
        this.delivery = delivery;
        this.settings = settings;
    }

    /** A page of events. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record EventsPage(String epoch, boolean recovered, List<ServerMessage> events, long lastSeq,
                             boolean hasMore) {
    }

    @Get
    public EventsPage events(Authentication authentication, @QueryValue Optional<String> since,
                             @QueryValue Optional<String> epoch, @QueryValue Optional<String> limit) {
        long from = since.map(v -> parse("since", v, 0, Long.MAX_VALUE / 2)).orElse(0L);
        int size = limit.map(v -> (int) parse("limit", v, 1, settings.getPageSize())).orElse(settings.getPageSize());
        DurableDelivery.Replay replay = delivery.since(Inbox.of(RestCaller.of(authentication)), from,
                epoch.filter(e -> !e.isBlank()).orElse(null), size);
        return new EventsPage(replay.epoch(), replay.recovered(), replay.messages(), replay.lastSeq(), replay.hasMore());
    }

    @Post("/{id}/ack")
    @Status(HttpStatus.NO_CONTENT)
    public void ack(Authentication authentication, @PathVariable String id) {
        if (!delivery.ack(Inbox.of(RestCaller.of(authentication)), id)) {
            throw new InvalidMessage("id", ErrorCode.NOT_FOUND, "no event " + id + " to acknowledge");
        }
    }

    private static long parse(String name, String value, long min, long max) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidMessage(name, ErrorCode.INVALID_TYPE, name + " must be an integer");
        }
        if (number < min || number > max) {
            throw new InvalidMessage(name, ErrorCode.OUT_OF_RANGE, name + " must lie between " + min + " and " + max);
        }
        return number;
    }
}
