package dev.robusta.dtls;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds back the peer's change_cipher_spec during the handshake until every plaintext handshake message before
 * it has arrived whole, and the peer's epoch-1 records until a change_cipher_spec has gone before them.
 *
 * <p>Why: Bouncy Castle switches its read epoch as soon as it sees a change_cipher_spec. If the message before it
 * (say the client's CertificateVerify) was lost, its retransmission comes in epoch 0, which Bouncy Castle then
 * no longer reads, and the handshake stalls until it times out. Handing it the records in an order where nothing
 * is missing before the epoch change avoids that. Likewise Bouncy Castle drops a Finished that comes before
 * its change_cipher_spec (when that was lost) rather than buffering it as RFC 6347 section 4.1 suggests; the
 * gate buffers it. Only the handshake thread's input goes through here.
 *
 * <p>A lost last message cannot be seen as a gap, so the gate also waits for the message that ends the peer's
 * flight before its change_cipher_spec: the client's CertificateVerify (we always ask for its certificate) when we
 * are the server; the server's ServerHelloDone when we are the client.
 */
final class CipherChangeGate {
    private static final int CERTIFICATE_VERIFY = 15;
    private static final int SERVER_HELLO_DONE = 14;
    private static final int HEADER = 13;
    private static final int FRAGMENT_HEADER = 12;
    private static final int MAX_TRACKED_SEQ = 64;
    private static final int MAX_MESSAGE_LENGTH = 1 << 16;
    private static final int MAX_HELD = 32;

    /** Per handshake message_seq: its total length and the bytes seen so far. */
    private final Map<Integer, BitSet> coverage = new HashMap<>();
    private final Map<Integer, Integer> lengths = new HashMap<>();
    private int highestSeq = -1;
    private final List<byte[]> heldCipherChange = new ArrayList<>();
    private final List<byte[]> heldNextEpoch = new ArrayList<>();
    private boolean cipherChangeDelivered;
    private final Map<Integer, Integer> types = new HashMap<>();
    private final int lastBeforeCipherChange;

    CipherChangeGate(DtlsRole localRole) {
        this.lastBeforeCipherChange = localRole == DtlsRole.SERVER ? CERTIFICATE_VERIFY : SERVER_HELLO_DONE;
    }

    /**
     * Takes one datagram and returns the datagrams to hand to Bouncy Castle now, in order: its epoch-0
     * handshake records at once; a change_cipher_spec once nothing is missing before it; records of the next
     * epoch once a change_cipher_spec has gone before them.
     */
    List<byte[]> accept(byte[] datagram) {
        List<byte[]> ready = new ArrayList<>(2);
        int position = 0;
        int plainStart = 0;
        boolean split = false;
        while (position + HEADER <= datagram.length) {
            int type = datagram[position] & 0xff;
            int epoch = ((datagram[position + 3] & 0xff) << 8) | (datagram[position + 4] & 0xff);
            int length = ((datagram[position + 11] & 0xff) << 8) | (datagram[position + 12] & 0xff);
            int end = Math.min(datagram.length, position + HEADER + length);
            if (epoch != 0) {
                heldNextEpoch.add(java.util.Arrays.copyOfRange(datagram, position, end));
                split = true;
            } else if (type == 20) {
                heldCipherChange.add(java.util.Arrays.copyOfRange(datagram, position, end));
                split = true;
            } else {
                if (type == 22) {
                    track(datagram, position + HEADER, end);
                }
                if (split) {
                    ready.add(java.util.Arrays.copyOfRange(datagram, position, end));
                }
            }
            if (!split) {
                plainStart = end;
            }
            position = end;
        }
        if (!split) {
            ready.add(datagram); // nothing gated: pass it on unchanged (including anything malformed)
        } else if (plainStart > 0) {
            ready.add(0, java.util.Arrays.copyOfRange(datagram, 0, plainStart));
        }
        trim(heldCipherChange);
        trim(heldNextEpoch);
        if (!heldCipherChange.isEmpty() && (cipherChangeDelivered || complete())) {
            ready.add(heldCipherChange.get(heldCipherChange.size() - 1));
            heldCipherChange.clear();
            cipherChangeDelivered = true;
        }
        if (cipherChangeDelivered && !heldNextEpoch.isEmpty()) {
            // RFC 6347 4.1: records of the next epoch that come before its change_cipher_spec are buffered.
            ready.addAll(heldNextEpoch);
            heldNextEpoch.clear();
        }
        return ready;
    }

    private static void trim(List<byte[]> held) {
        while (held.size() > MAX_HELD) {
            held.remove(0);
        }
    }

    /** Records still held back (handed over when the handshake ends: they may carry early application data). */
    List<byte[]> drainHeld() {
        List<byte[]> out = new ArrayList<>(heldNextEpoch);
        heldNextEpoch.clear();
        heldCipherChange.clear();
        return out;
    }

    private void track(byte[] data, int offset, int end) {
        while (offset + FRAGMENT_HEADER <= end) {
            int length = read24(data, offset + 1);
            int seq = ((data[offset + 4] & 0xff) << 8) | (data[offset + 5] & 0xff);
            int fragmentOffset = read24(data, offset + 6);
            int fragmentLength = read24(data, offset + 9);
            if (offset + FRAGMENT_HEADER + fragmentLength > end || fragmentOffset + fragmentLength > length
                    || seq >= MAX_TRACKED_SEQ || length > MAX_MESSAGE_LENGTH) {
                return; // malformed or implausible: Bouncy Castle ignores it too
            }
            types.putIfAbsent(seq, data[offset] & 0xff);
            Integer known = lengths.putIfAbsent(seq, length);
            if (known != null && known != length) {
                return;
            }
            coverage.computeIfAbsent(seq, s -> new BitSet(length)).set(fragmentOffset, fragmentOffset + fragmentLength);
            highestSeq = Math.max(highestSeq, seq);
            offset += FRAGMENT_HEADER + fragmentLength;
        }
    }

    /**
     * True when every message from the peer's first one up to the highest seen is whole and the message that ends
     * its flight is among them.
     */
    private boolean complete() {
        if (!types.containsValue(lastBeforeCipherChange)) {
            return false;
        }
        int lowest = highestSeq;
        for (int seq : lengths.keySet()) {
            lowest = Math.min(lowest, seq);
        }
        for (int seq = Math.max(lowest, 0); seq <= highestSeq; seq++) {
            Integer length = lengths.get(seq);
            if (length == null) {
                return false;
            }
            BitSet seen = coverage.get(seq);
            if (seen.cardinality() < length) {
                return false;
            }
        }
        return true;
    }

    private static int read24(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 16) | ((data[offset + 1] & 0xff) << 8) | (data[offset + 2] & 0xff);
    }
}
