package dev.robusta.interop;

import dev.robusta.interop.browser.MessagePattern;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.SctpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Java side's check of one data channel's incoming {@link MessagePattern} messages, as the harness page
 * checks them: bulk text {@code i} must follow text and binary {@code i-1}, binary {@code i} must follow text
 * {@code i}, contents exact; big messages are checked whole. Listener calls come on the connection's loop.
 */
final class ChannelProbe implements RTCDataChannel.Listener {
    final String label;
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final CompletableFuture<Integer> bigReceived = new CompletableFuture<>();
    private final CompletableFuture<Void> bulkDone = new CompletableFuture<>();
    private final List<String> errors = new ArrayList<>();
    private int bulkTarget = -1;
    private int text;
    private int binary;
    volatile SctpException error;

    ChannelProbe(String label) {
        this.label = label;
    }

    /** Completes when {@code count} text and {@code count} binary bulk messages have arrived. */
    synchronized CompletableFuture<Void> expectBulk(int count) {
        bulkTarget = count;
        checkBulkDone();
        return bulkDone;
    }

    synchronized int text() {
        return text;
    }

    synchronized int binary() {
        return binary;
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void onOpen(RTCDataChannel channel) {
        opened.complete(null);
    }

    @Override
    public void onClose(RTCDataChannel channel) {
        closed.complete(null);
    }

    @Override
    public void onError(RTCDataChannel channel, SctpException e) {
        error = e;
    }

    /** A throughput run's outcome on the receiving side. */
    record StreamResult(int count, long bytes, int errors, long nanos) {
        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    private int streamTarget = -1;
    private int streamSize;
    private int streamCount;
    private int streamErrors;
    private long streamBytes;
    private long streamStart;
    private CompletableFuture<StreamResult> streamDone;

    /** The next binary messages are {@code count} messages of {@code size} bytes, each starting with its index. */
    synchronized CompletableFuture<StreamResult> expectStream(int count, int size) {
        streamTarget = count;
        streamSize = size;
        streamDone = new CompletableFuture<>();
        return streamDone;
    }

    /** Sends a throughput stream like the harness page's sendStream. */
    static void sendStream(RTCDataChannel channel, int count, int size) {
        byte[] b = MessagePattern.big(size);
        for (int i = 0; i < count; i++) {
            java.nio.ByteBuffer.wrap(b).putInt(0, i);
            channel.send(b);
        }
    }

    private void onStreamMessage(DataChannelMessage m) {
        if (streamCount == 0) {
            streamStart = System.nanoTime();
        }
        if (m.size() != streamSize || m.data().getInt(m.data().position()) != streamCount) {
            streamErrors++;
        }
        streamCount++;
        streamBytes += m.size();
        if (streamCount == streamTarget) {
            streamDone.complete(new StreamResult(streamCount, streamBytes, streamErrors,
                    System.nanoTime() - streamStart));
        }
    }

    @Override
    public synchronized void onMessage(RTCDataChannel channel, DataChannelMessage m) {
        if (m.binary() && streamTarget > 0 && streamCount < streamTarget) {
            onStreamMessage(m);
            return;
        }
        if (!m.binary()) {
            int i = text;
            if (binary != i) {
                error("text " + i + " arrived after " + binary + " binary messages");
            }
            String got = m.text();
            if (!got.equals(MessagePattern.text(label, i))) {
                error("text " + i + " differs: " + got.substring(0, Math.min(40, got.length())));
            }
            text++;
        } else if (m.size() >= MessagePattern.BIG_THRESHOLD) {
            bigReceived.complete(MessagePattern.isBig(m.data()) ? m.size() : -m.size());
            return;
        } else {
            int i = binary;
            if (text != i + 1) {
                error("binary " + i + " arrived after " + text + " text messages");
            }
            if (!Arrays.equals(m.bytes(), MessagePattern.binary(i))) {
                error("binary " + i + " differs (length " + m.size() + ")");
            }
            binary++;
        }
        checkBulkDone();
    }

    private void checkBulkDone() {
        if (bulkTarget >= 0 && text >= bulkTarget && binary >= bulkTarget) {
            bulkDone.complete(null);
        }
    }

    private void error(String e) {
        if (errors.size() < 10) {
            errors.add(e);
        }
    }

    /** Sends {@code count} bulk pairs (text i, binary i) on {@code channel}. */
    static void sendBulk(RTCDataChannel channel, int count) {
        for (int i = 0; i < count; i++) {
            channel.send(MessagePattern.text(channel.label(), i));
            channel.send(MessagePattern.binary(i));
        }
    }

    /** Bytes of bulk text messages 0..count-1 (UTF-8) plus bulk binary messages, for stats checks. */
    static long bulkBytes(String label, int count) {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += MessagePattern.text(label, i).getBytes(StandardCharsets.UTF_8).length;
            n += MessagePattern.binary(i).length;
        }
        return n;
    }
}
