package io.ridewire.local.security;

import io.ridewire.model.identity.Role;
import io.ridewire.local.LocalStack;
import io.ridewire.local.testing.TestStacks;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 §8.1: a text frame that is not valid UTF-8 fails the connection with 1007. Java's WebSocket client
 * cannot send one, so this test speaks the protocol over a plain socket.
 */
class InvalidUtf8Test {
    private final LocalStack stack = TestStacks.shared();

    @Test
    void aTextFrameWithInvalidUtf8_closesTheConnectionWith1007() throws IOException {
        String token = stack.tokens().mint(Role.DRIVER, TestStacks.uniqueId("driver"));
        try (Socket socket = new Socket("127.0.0.1", stack.gateway().port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(("GET /?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
            // {"type":"ping","id":"<C3 28>"}: 0xC3 starts a two-byte sequence that 0x28 does not continue
            byte[] payload = concat("{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {(byte) 0xC3, 0x28}, "\"}".getBytes(StandardCharsets.US_ASCII));
            writeMaskedTextFrame(out, payload);
            assertThat(readCloseCode(in)).isEqualTo(1007);
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }

    private static void writeMaskedTextFrame(OutputStream out, byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** Skips data frames (connection.established may come first) until the close frame, and returns its code. */
    private static int readCloseCode(DataInputStream in) throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0F;
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] body = in.readNBytes(length);
            if (opcode == 0x8) {
                return body.length >= 2 ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : 1005;
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
