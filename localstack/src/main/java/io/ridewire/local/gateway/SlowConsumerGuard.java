package io.ridewire.local.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose outbound buffer stays over its bound (the channel unwritable) for longer than the
 * grace, with close code 4008. Runs on the channel's event loop, so it needs no locking.
 */
final class SlowConsumerGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SlowConsumerGuard.class);

    private final LocalConnection connection;
    private final Duration grace;
    private ScheduledFuture<?> pending;

    SlowConsumerGuard(LocalConnection connection, Duration grace) {
        this.connection = connection;
        this.grace = grace;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            arm(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            disarm();
        } else if (pending == null) {
            arm(ctx);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        pending = ctx.executor().schedule(() -> {
            pending = null;
            if (!ctx.channel().isWritable()) {
                LOG.info("closing connection {} with 4008: its outbound buffer stayed over the bound for {}",
                        connection.id, grace);
                connection.close(GatewaySettings.SLOW_CONSUMER_CLOSE, "Slow consumer");
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
