package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelListener;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelState;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransport;
import dev.robusta.sctp.SctpTransportListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our SCTP association and data channels against aiortc's (Debian python3-aiortc), SCTP packets carried as
 * plain UDP datagrams on loopback (aiortc runs on a stand-in for its DTLS transport,
 * {@code src/test/resources/aiortc/sctp_peer.py}). aiortc as the INIT sender (so both sides send INIT: the
 * collision case) and as the passive side; channels opened from both sides, DCEP parameters, text, binary and
 * empty messages up to aiortc's 64 KiB limit echoed in order, a partially reliable unordered channel, close by
 * stream reset and id reuse.
 */
@Timeout(120)
class AiortcSctpInteropTest {
    /** Drives one SctpTransport over a UDP socket on its own thread. */
    private static final class UdpDriver implements AutoCloseable {
        final DatagramSocket socket;
        final SctpTransport sctp;
        InetSocketAddress peer;
        private final Thread thread;
        private volatile boolean running = true;
        volatile Throwable failure;

        UdpDriver(boolean dtlsClient, SctpTransportListener listener) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sctp = new SctpTransport(SctpConfig.defaults().withMaxMessageSize(256 * 1024, 65536), dtlsClient,
                    new SecureRandom(), () -> { });
            sctp.setListener(listener);
            thread = new Thread(this::loop, "sctp-udp-driver");
        }

        void start(InetSocketAddress peer) {
            this.peer = peer;
            thread.start();
        }

        private void loop() {
            byte[] buf = new byte[65536];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                sctp.start(System.nanoTime());
                while (running) {
                    long now = System.nanoTime();
                    sctp.runPendingCalls(now);
                    ByteBuffer p;
                    while ((p = sctp.pollTransmit(now)) != null) {
                        socket.send(new DatagramPacket(p.array(), p.arrayOffset() + p.position(), p.remaining(),
                                peer));
                    }
                    long wait = Math.max(1, Math.min(5, (sctp.nextDeadline() - System.nanoTime()) / 1_000_000));
                    socket.setSoTimeout((int) wait);
                    try {
                        socket.receive(in);
                        sctp.handleInput(buf, 0, in.getLength(), System.nanoTime());
                    } catch (SocketTimeoutException idle) {
                        // timers below
                    }
                    now = System.nanoTime();
                    if (sctp.nextDeadline() <= now) {
                        sctp.handleTimeout(now);
                    }
                }
            } catch (Throwable t) {
                if (running) {
                    failure = t;
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join(2000);
            socket.close();
        }
    }

    private record Received(String text, byte[] bytes, boolean binary) {}

    private static final class Inbox implements DataChannelListener {
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> open = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onOpen(DataChannel channel) {
            open.complete(null);
        }

        @Override
        public void onMessage(DataChannel channel, DataChannelMessage m) {
            messages.add(new Received(m.binary() ? null : m.text(), m.bytes(), m.binary()));
        }

        @Override
        public void onClose(DataChannel channel) {
            closed.complete(null);
        }
    }

    private static Path script() throws Exception {
        return Paths.get(AiortcSctpInteropTest.class.getResource("/aiortc/sctp_peer.py").toURI());
    }

    @ParameterizedTest(name = "aiortc {0}")
    @ValueSource(strings = {"controlling", "controlled"})
    void dataChannelsInteroperateWithAiortc(String aiortcRole) throws Exception {
        BlockingQueue<DataChannel> opened = new LinkedBlockingQueue<>();
        Inbox fromAiortcInbox = new Inbox();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        // aiortc's passive (controlled) side opens even ids, its INIT sender odd ones: we take the other parity.
        boolean weUseEven = aiortcRole.equals("controlling");
        try (UdpDriver us = new UdpDriver(weUseEven, new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel channel) {
                channel.setListener(fromAiortcInbox); // set here, as a page sets onmessage: no message is missed
                opened.add(channel);
            }

            @Override
            public void onConnected() {
                connected.complete(null);
            }
        })) {
            Process py = new ProcessBuilder("/usr/bin/python3", script().toString(), aiortcRole,
                    Integer.toString(us.socket.getLocalPort())).redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(py.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            reader.start();
            try (Writer stdin = new OutputStreamWriter(py.getOutputStream(), StandardCharsets.UTF_8)) {
                String first = lines.poll(20, TimeUnit.SECONDS);
                assertNotNull(first, "aiortc peer started");
                assertTrue(first.startsWith("PORT "), first);
                us.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(first.substring(5).trim())));
                connected.get(20, TimeUnit.SECONDS);

                // aiortc's own channel and its two messages.
                DataChannel fromAiortc = opened.poll(10, TimeUnit.SECONDS);
                assertNotNull(fromAiortc, "aiortc's channel announced");
                assertEquals("from-aiortc", fromAiortc.label());
                assertEquals("proto", fromAiortc.protocol());
                assertEquals(weUseEven ? 1 : 0, fromAiortc.id() % 2);
                assertEquals("hello from aiortc", fromAiortcInbox.messages.poll(10, TimeUnit.SECONDS).text());
                Received binary = fromAiortcInbox.messages.poll(10, TimeUnit.SECONDS);
                assertTrue(binary.binary());
                assertArrayEquals(new byte[] {1, 2, 3}, binary.bytes());
                fromAiortc.send("to aiortc's channel");
                assertEquals("to aiortc's channel", fromAiortcInbox.messages.poll(10, TimeUnit.SECONDS).text(),
                        "aiortc echoes on its own channel too");

                // An echo channel: text, binary and empty messages up to 64 KiB, echoed in order.
                DataChannel echo = us.sctp.createDataChannel("echo", DataChannelInit.defaults().withProtocol("e"));
                Inbox echoInbox = new Inbox();
                echo.setListener(echoInbox);
                echoInbox.open.get(10, TimeUnit.SECONDS);
                String channelLine = awaitLine(lines, "CHANNEL echo");
                assertTrue(channelLine.contains(" True "), "ordered at aiortc: " + channelLine);
                Random random = new Random(1);
                List<Received> sent = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    int size = i % 10 == 0 ? 0 : random.nextInt(65536) + 1;
                    if (i % 2 == 0) {
                        char[] cs = new char[size];
                        for (int k = 0; k < size; k++) {
                            cs[k] = (char) ('a' + random.nextInt(26));
                        }
                        String s = new String(cs);
                        echo.send(s);
                        sent.add(new Received(s, s.getBytes(StandardCharsets.UTF_8), false));
                    } else {
                        byte[] b = new byte[size];
                        random.nextBytes(b);
                        echo.send(b);
                        sent.add(new Received(null, b, true));
                    }
                }
                for (int i = 0; i < sent.size(); i++) {
                    Received got = echoInbox.messages.poll(20, TimeUnit.SECONDS);
                    assertNotNull(got, "echo " + i);
                    Received want = sent.get(i);
                    assertEquals(want.binary(), got.binary(), "message " + i + " kind");
                    assertArrayEquals(want.bytes(), got.bytes(), "message " + i + " content");
                }

                // A partially reliable unordered channel: DCEP carries its parameters.
                DataChannel pr = us.sctp.createDataChannel("pr",
                        DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(0));
                Inbox prInbox = new Inbox();
                pr.setListener(prInbox);
                prInbox.open.get(10, TimeUnit.SECONDS);
                String prLine = awaitLine(lines, "CHANNEL pr");
                assertTrue(prLine.contains(" False 0 None"), "unordered, maxRetransmits 0: " + prLine);
                pr.send("unordered");
                assertEquals("unordered", prInbox.messages.poll(10, TimeUnit.SECONDS).text());

                // Close by stream reset: both sides see it closed, and the id is reused.
                int echoId = echo.id();
                echo.close();
                echoInbox.closed.get(10, TimeUnit.SECONDS);
                assertEquals(DataChannelState.CLOSED, echo.readyState());
                awaitLine(lines, "CLOSED echo");
                DataChannel again = us.sctp.createDataChannel("again", DataChannelInit.defaults());
                assertEquals(echoId, again.id(), "the closed channel's id is reused");
                Inbox againInbox = new Inbox();
                again.setListener(againInbox);
                againInbox.open.get(10, TimeUnit.SECONDS);
                awaitLine(lines, "CHANNEL again");
                again.send("reused");
                assertEquals("reused", againInbox.messages.poll(10, TimeUnit.SECONDS).text());

                assertNull(us.failure);
                assertEquals(0, us.sctp.association().internalErrors());
                stdin.write("quit\n");
                stdin.flush();
                awaitLine(lines, "STOPPING");
            } finally {
                if (!py.waitFor(10, TimeUnit.SECONDS)) {
                    py.destroyForcibly();
                }
            }
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l == null) {
                continue;
            }
            if (l.startsWith(prefix)) {
                return l;
            }
            seen.add(l);
        }
        fail("no line starting with '" + prefix + "' from aiortc; saw " + seen);
        return null;
    }
}
