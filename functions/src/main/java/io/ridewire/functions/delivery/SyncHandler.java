package io.ridewire.functions.delivery;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.payload.SyncCompleted;

import java.time.Clock;

/**
 * {@code sync} ({@code {"since": seq, "epoch": "…"?}}): re-sends to this connection, in order, every durable event of
 * the caller's inbox after {@code since} — or, when the client's epoch is not the inbox's, the whole current epoch
 * from seq 0 — then answers {@code sync.completed} with the last seq sent, the epoch and whether it recovered.
 */
public class SyncHandler extends RouteHandler {
    private final DurableDelivery delivery;
    private final DeliverySettings settings;
    private final Clock clock;

    public SyncHandler() {
        this.delivery = applicationContext.getBean(DurableDelivery.class);
        this.settings = applicationContext.getBean(DeliverySettings.class);
        this.clock = applicationContext.getBean(Clock.class);
    }

    public SyncHandler(ApplicationContext context) {
        super(context);
        this.delivery = context.getBean(DurableDelivery.class);
        this.settings = context.getBean(DeliverySettings.class);
        this.clock = context.getBean(Clock.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        Fields fields = message.fields();
        long since = fields.integerIn("since", 0, Long.MAX_VALUE / 2);
        int limit = fields.has("limit") ? (int) fields.integerIn("limit", 1, settings.getPageSize())
                : settings.getPageSize();
        String epoch = fields.optionalString("epoch").orElse(null);
        DurableDelivery.Replay replay = delivery.replayTo(message.connectionId(), Inbox.of(message.caller()), since,
                epoch, limit);
        return Reply.of(EventType.SYNC_COMPLETED, new SyncCompleted(replay.from(), replay.lastSeq(),
                replay.events().size(), replay.hasMore(), replay.epoch(), replay.recovered(), clock.instant()));
    }
}
