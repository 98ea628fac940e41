package dev.robusta.sctp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One received message: text (PPID 51/56) or binary (PPID 53/57). The bytes belong to the receiver: they are the
 * one copy the stack made from the packets.
 *
 * @param data   the message bytes (a read-only view; empty for an empty message)
 * @param binary false for a text message
 */
public record DataChannelMessage(ByteBuffer data, boolean binary) {
    /** The message as text (UTF-8). */
    public String text() {
        ByteBuffer d = data.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        ByteBuffer d = data.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    public int size() {
        return data.remaining();
    }
}
