package dev.robusta.rtp.recovery;

import java.util.Arrays;

/**
 * The sender's copy of recently sent RTP packets, for answering NACKs: preallocated slots indexed by sequence
 * number, each holding a whole packet. A packet is served at most once per {@code minResendIntervalNanos}
 * (usually about one RTT), so a burst of NACKs for the same loss does not flood the link. Not thread-safe.
 */
public final class PacketHistory {
    private final int mask;
    private final byte[][] packets;
    private final int[] lengths;
    private final int[] seqs;
    private final long[] sentAt;
    private final long[] resentAt;
    private final long maxAgeNanos;

    /**
     * @param capacityPackets slots, a power of two
     * @param maxPacketBytes  the largest packet kept
     * @param maxAgeNanos     packets older than this are not resent
     */
    public PacketHistory(int capacityPackets, int maxPacketBytes, long maxAgeNanos) {
        if (Integer.bitCount(capacityPackets) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPackets);
        }
        mask = capacityPackets - 1;
        packets = new byte[capacityPackets][maxPacketBytes];
        lengths = new int[capacityPackets];
        seqs = new int[capacityPackets];
        Arrays.fill(seqs, -1);
        sentAt = new long[capacityPackets];
        resentAt = new long[capacityPackets];
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Keeps a copy of a packet just sent. Packets larger than the slots are not kept. */
    public void store(long nowNanos, int seq, byte[] packet, int off, int len) {
        int s = seq & mask;
        if (len > packets[s].length) {
            seqs[s] = -1;
            return;
        }
        System.arraycopy(packet, off, packets[s], 0, len);
        lengths[s] = len;
        seqs[s] = seq & 0xFFFF;
        sentAt[s] = nowNanos;
        resentAt[s] = Long.MIN_VALUE;
    }

    /**
     * Finds a packet to resend and marks it resent.
     *
     * @return its length (the bytes are {@link #buffer(int)}), or -1 if it is gone, too old, or was resent less
     *     than {@code minResendIntervalNanos} ago
     */
    public int take(long nowNanos, int seq, long minResendIntervalNanos) {
        int s = seq & mask;
        if (seqs[s] != (seq & 0xFFFF) || nowNanos - sentAt[s] > maxAgeNanos) {
            return -1;
        }
        if (resentAt[s] != Long.MIN_VALUE && nowNanos - resentAt[s] < minResendIntervalNanos) {
            return -1;
        }
        resentAt[s] = nowNanos;
        return lengths[s];
    }

    /** The slot buffer of {@code seq} (valid after a successful {@link #take}). */
    public byte[] buffer(int seq) {
        return packets[seq & mask];
    }
}
