/** Prints a free loopback port (run as a single-file program: java tools/FreePort.java). */
public class FreePort {
    public static void main(String[] args) throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            System.out.println(socket.getLocalPort());
        }
    }
}
