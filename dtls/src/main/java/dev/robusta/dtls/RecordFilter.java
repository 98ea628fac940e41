package dev.robusta.dtls;

import java.nio.ByteBuffer;

/**
 * Checks the record headers of a datagram that arrives after the handshake, before Bouncy Castle sees it.
 * RFC 6347 section 4.1.2.7 says invalid records are discarded silently, but Bouncy Castle raises a fatal
 * {@code decode_error} (and closes the connection) for some, such as a ciphertext shorter than its nonce and tag.
 * So a datagram whose records are not all well-formed, current-epoch records of a plausible size is dropped here.
 */
final class RecordFilter {
    private static final int HEADER_LENGTH = 13;
    private static final int MAX_CIPHERTEXT = (1 << 14) + 2048;

    private final int minimumCiphertext;

    private RecordFilter(int minimumCiphertext) {
        this.minimumCiphertext = minimumCiphertext;
    }

    /** A filter for records protected by this cipher suite (an IANA name from {@link HandshakeSupport}). */
    static RecordFilter forSuite(String cipherSuite) {
        int minimum;
        if (cipherSuite.contains("_GCM_")) {
            minimum = 8 + 16; // explicit nonce + tag
        } else if (cipherSuite.contains("CHACHA20")) {
            minimum = 16; // tag
        } else if (cipherSuite.endsWith("_CBC_SHA")) {
            minimum = 16 + 32; // IV + one MAC (20) rounded up to whole blocks with padding
        } else {
            minimum = 16 + 48; // IV + SHA-256 MAC (32) and padding
        }
        return new RecordFilter(minimum);
    }

    /**
     * True if every record in the datagram is a well-formed DTLS 1.2 record of epoch 1, or a handshake record of
     * epoch 0.
     */
    boolean accepts(ByteBuffer datagram) {
        int position = datagram.position();
        int end = datagram.limit();
        if (position == end) {
            return false;
        }
        while (position < end) {
            if (end - position < HEADER_LENGTH) {
                return false;
            }
            int type = datagram.get(position) & 0xff;
            int major = datagram.get(position + 1) & 0xff;
            int epoch = ((datagram.get(position + 3) & 0xff) << 8) | (datagram.get(position + 4) & 0xff);
            int length = ((datagram.get(position + 11) & 0xff) << 8) | (datagram.get(position + 12) & 0xff);
            // Content types 20-24: change_cipher_spec, alert, handshake, application_data, heartbeat.
            if (type < 20 || type > 24 || major != 0xfe || length > end - position - HEADER_LENGTH) {
                return false;
            }
            if (epoch == 0) {
                // The peer retransmitting its last flight (its Finished went unanswered): Bouncy Castle answers
                // with our last flight. Plaintext handshake fragments, which it parses leniently, and the
                // change_cipher_spec that precedes the Finished in the same flight, which it ignores.
                boolean handshake = type == 22 && length >= 12;
                boolean changeCipherSpec = type == 20 && length == 1;
                if (!handshake && !changeCipherSpec) {
                    return false;
                }
            } else if (epoch != 1 || length < minimumCiphertext || length > MAX_CIPHERTEXT) {
                return false;
            }
            position += HEADER_LENGTH + length;
        }
        return true;
    }
}
