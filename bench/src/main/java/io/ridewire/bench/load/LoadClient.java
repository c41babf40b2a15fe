package io.ridewire.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A lean WebSocket client for load: many connections on a few event-loop threads, each handing every text
 * message to a callback together with the time it arrived.
 */
public final class LoadClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public LoadClient(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /** An open connection. */
    public static final class Conn {
        private final Channel channel;

        Conn(Channel channel) {
            this.channel = channel;
        }

        public void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        public boolean isOpen() {
            return channel.isActive();
        }

        public void close() {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "done")).addListener(f -> channel.close());
        }
    }

    /**
     * Connects with a bearer token; {@code onMessage} gets (text, nanoTime of arrival). Completes when the
     * handshake is done.
     */
    public CompletableFuture<Conn> connect(URI uri, String token, BiConsumer<String, Long> onMessage) {
        CompletableFuture<Conn> opened = new CompletableFuture<>();
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.add("Authorization", "Bearer " + token);
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
                uri, WebSocketVersion.V13, null, false, headers, 1 << 20);
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(1 << 16))
                        .addLast(new Handler(handshaker, opened, onMessage));
            }
        }).connect(uri.getHost(), uri.getPort()).addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    private static final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker handshaker;
        private final CompletableFuture<Conn> opened;
        private final BiConsumer<String, Long> onMessage;

        Handler(WebSocketClientHandshaker handshaker, CompletableFuture<Conn> opened, BiConsumer<String, Long> onMessage) {
            this.handshaker = handshaker;
            this.opened = opened;
            this.onMessage = onMessage;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (!handshaker.isHandshakeComplete()) {
                try {
                    handshaker.finishHandshake(ctx.channel(), (FullHttpResponse) message);
                    ctx.pipeline().addBefore(ctx.name(), "aggregate", new WebSocketFrameAggregator(1 << 20));
                    opened.complete(new Conn(ctx.channel()));
                } catch (RuntimeException e) {
                    opened.completeExceptionally(e);
                    ctx.close();
                }
                return;
            }
            if (message instanceof TextWebSocketFrame text) {
                onMessage.accept(text.text(), System.nanoTime());
            } else if (message instanceof CloseWebSocketFrame) {
                ctx.close();
            } else if (message instanceof WebSocketFrame) {
                // pings and pongs need no answer here
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            opened.completeExceptionally(cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully().syncUninterruptibly();
    }
}
