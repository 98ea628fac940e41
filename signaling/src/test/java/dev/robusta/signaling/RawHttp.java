package dev.robusta.signaling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** A hand-written WebSocket client over a plain socket: exact requests, exact responses, any frame bytes. */
public final class RawHttp implements AutoCloseable {
    public final Socket socket;
    public final InputStream in;
    public final OutputStream out;
    private static final SecureRandom RANDOM = new SecureRandom();

    public RawHttp(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A well-formed upgrade request for {@code target} with extra header lines (each ending without CRLF). */
    public static String upgrade(String target, String host, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
        if (host != null) {
            sb.append("Host: ").append(host).append("\r\n");
        }
        sb.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        sb.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    public void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads the HTTP response head (through the blank line) and, if Content-Length says so, the body. */
    public String readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) ? state + 1 : (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int len = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                len = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(len);
        return h + new String(body, StandardCharsets.UTF_8);
    }

    /** Sends one masked frame. */
    public void frame(int opcode, byte[] payload, boolean fin, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            f.write(maskBit | 126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        byte[] data = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            f.write(mask);
            for (int i = 0; i < data.length; i++) {
                data[i] ^= mask[i & 3];
            }
        }
        f.write(data);
        out.write(f.toByteArray());
        out.flush();
    }

    public void text(String s) throws IOException {
        frame(1, s.getBytes(StandardCharsets.UTF_8), true, true);
    }

    /** Reads one server frame: returns {opcode, payload}. */
    public Object[] readFrame() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = in.read();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) len);
        return new Object[] {b0 & 0x0f, payload};
    }

    /** Reads frames until a text frame and returns it (pings are skipped). */
    public String readText() throws IOException {
        while (true) {
            Object[] f = readFrame();
            if (f == null) {
                return null;
            }
            if ((int) f[0] == 1) {
                return new String((byte[]) f[1], StandardCharsets.UTF_8);
            }
            if ((int) f[0] == 8) {
                return "<close " + Base64.getEncoder().encodeToString((byte[]) f[1]) + ">";
            }
        }
    }

    /** True when the server ended the TCP connection within the socket timeout (after any frames). */
    public boolean closedByServer() {
        try {
            while (true) {
                Object[] f = readFrame();
                if (f == null) {
                    return true;
                }
            }
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
