package io.ridewire.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection as the emulator tracks it. Posts are refused (410) until the handshake completed and from
 * the moment the server starts closing it.
 */
final class LocalConnection {
    /** How long a close frame may wait behind unread data before the TCP connection is dropped. */
    private static final long CLOSE_FRAME_TIMEOUT_MILLIS = 2_000;

    final String id;
    final Channel channel;
    final Instant connectedAt;
    final String sourceIp;
    final String userAgent;
    final Map<String, Object> authorizer;
    private volatile boolean open;
    private volatile Instant lastActiveAt;
    private volatile int closeCode = 1006;
    private volatile String closeReason = "";
    private final AtomicBoolean disconnected = new AtomicBoolean();

    LocalConnection(String id, Channel channel, Instant connectedAt, String sourceIp, String userAgent,
                    Map<String, Object> authorizer) {
        this.id = id;
        this.channel = channel;
        this.connectedAt = connectedAt;
        this.lastActiveAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.authorizer = authorizer;
    }

    boolean isOpen() {
        return open && channel.isActive();
    }

    void markOpen() {
        open = true;
    }

    void touch(Instant now) {
        lastActiveAt = now;
    }

    Instant lastActiveAt() {
        return lastActiveAt;
    }

    void send(String text) {
        write(new TextWebSocketFrame(text));
    }

    /**
     * Frames leave in the order they were handed over: a write from another thread is queued on the channel's event
     * loop (counted against the bound at once), so a write made on the loop itself must queue behind it too.
     */
    private void write(TextWebSocketFrame frame) {
        if (channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> channel.writeAndFlush(frame));
        } else {
            channel.writeAndFlush(frame);
        }
    }

    /**
     * Queues a frame (taking ownership of the bytes) unless the connection's outbound buffer is over its bound (Netty's high water mark); true when
     * queued. Returns at once: the frame reaches the client when it reads.
     */
    boolean offer(ByteBuf utf8) {
        if (!channel.isWritable()) {
            utf8.release();
            return false;
        }
        write(new TextWebSocketFrame(utf8));
        return true;
    }

    /** Records why the connection ends; the first reason recorded wins. */
    void recordClose(int code, String reason) {
        if (closeCode == 1006 && closeReason.isEmpty()) {
            closeCode = code;
            closeReason = reason == null ? "" : reason;
        }
    }

    /**
     * Closes from the server side with a close frame; a client that does not read it (it waits behind the data not
     * yet read) loses the TCP connection a little later.
     */
    void close(int code, String reason) {
        recordClose(code, reason);
        open = false;
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> channel.close());
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_FRAME_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    /** True only for the first caller: $disconnect runs once. */
    boolean claimDisconnect() {
        return disconnected.compareAndSet(false, true);
    }
}
