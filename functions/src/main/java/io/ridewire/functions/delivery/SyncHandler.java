package io.ridewire.functions.delivery;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.inbound.Sync;
import io.ridewire.model.protocol.payload.SyncCompleted;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * {@code sync} ({@code {"since": seq, "epoch": "…"?}}): re-sends to this connection, in order, every durable event of
 * the caller's inbox after {@code since} — or, when the client's epoch is not the inbox's, the whole current epoch
 * from seq 0 — then answers {@code sync.completed} with the last seq sent, the epoch and whether it recovered.
 */
public class SyncHandler extends RouteHandler {
    @Inject
    DurableDelivery delivery;
    @Inject
    DeliverySettings settings;
    @Inject
    Clock clock;

    public SyncHandler() {
    }

    public SyncHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Sync sync = Sync.read(message.fields(), settings.getPageSize());
        DurableDelivery.Replay replay = delivery.replayTo(message.connectionId(), Inbox.of(message.caller()),
                sync.since(), sync.epoch(), sync.limit());
        return Reply.of(EventType.SYNC_COMPLETED, new SyncCompleted(replay.from(), replay.lastSeq(),
                replay.events().size(), replay.hasMore(), replay.epoch(), replay.recovered(), clock.instant()));
    }
}
