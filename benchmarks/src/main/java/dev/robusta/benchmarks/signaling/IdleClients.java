package dev.robusta.benchmarks.signaling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle WebSocket clients for the heap-per-client measurement: plain blocking NIO sockets that complete the upgrade
 * and then do nothing. Run as a child process ({@code main}) so that the measured JVM holds only the server.
 */
public final class IdleClients implements AutoCloseable {
    private final List<SocketChannel> sockets = new ArrayList<>();

    /** Opens {@code count} upgraded connections to {@code server}, target {@code prefix + i}. */
    public static IdleClients open(InetSocketAddress server, String prefix, int count) throws IOException {
        IdleClients c = new IdleClients();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(server);
            c.sockets.add(ch);
            String req = "GET " + prefix + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.ISO_8859_1)));
            buf.clear();
            // Read until the end of the 101 response head (the server may send a first message too).
            String got = "";
            while (!got.contains("\r\n\r\n")) {
                if (ch.read(buf) < 0) {
                    throw new IOException("server closed connection " + i);
                }
                got = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
            }
            if (!got.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade " + i + " refused: " + got.lines().findFirst().orElse(""));
            }
        }
        return c;
    }

    public int size() {
        return sockets.size();
    }

    @Override
    public void close() {
        for (SocketChannel ch : sockets) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** {@code IdleClients HOST PORT PREFIX COUNT}: prints READY when connected, exits when stdin closes. */
    public static void main(String[] args) throws Exception {
        try (IdleClients c = open(new InetSocketAddress(args[0], Integer.parseInt(args[1])), args[2],
                Integer.parseInt(args[3]))) {
            System.out.println("READY " + c.size());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
