package io.ridewire.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client over a plain socket that reads only when told to: it completes the handshake, reads frames
 * until one contains a marker (the welcome, say), then stops reading, so everything else the server sends piles up
 * in the socket buffers as with a phone that stopped reading. A small receive buffer makes the pile-up quick.
 */
public final class StalledReader implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    private StalledReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens a connection with {@code Authorization: Bearer token}. */
    public static StalledReader connect(URI uri, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(15_000);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StalledReader reader = new StalledReader(socket);
        String status = reader.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + status);
        }
        return reader;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            headers.write(b);
            if (b == "\r\n\r\n".charAt(matched)) {
                matched++;
            } else {
                matched = b == '\r' ? 1 : 0;
            }
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Reads text frames until one contains {@code marker}, and returns it; then reads nothing until told. */
    public String readUntil(String marker) throws IOException {
        while (true) {
            Frame frame = readFrame(in);
            if (frame.opcode == 1 && frame.text().contains(marker)) {
                return frame.text();
            }
        }
    }

    /**
     * Reads everything left until the server ends the TCP connection, within {@code timeout}; the close code of a
     * close frame if one arrived whole, else -1 (the connection was dropped, as a client sees a 1006).
     */
    public int drainUntilEnd(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (true) {
                Frame frame = readFrame(in);
                if (frame.opcode == 8) {
                    return frame.payload.length >= 2 ? ((frame.payload[0] & 0xff) << 8) | (frame.payload[1] & 0xff) : 1005;
                }
            }
        } catch (java.io.EOFException | SocketException e) {
            return -1;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not end the connection within " + timeout, e);
        }
    }

    private static Frame readFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
