package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.Bytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie (RFC 9260 5.1.3): everything needed to build the association from a COOKIE-ECHO, so that an
 * INIT costs the responder no state, signed with HMAC-SHA256 under a per-association secret and stamped with its
 * expiry. Layout (big-endian): expiry nanos (8), local tag, peer tag, local initial TSN, peer initial TSN,
 * peer a_rwnd, local tie-tag, peer tie-tag (4 each), outbound streams, inbound streams (2 each), peer flags (1),
 * 3 reserved, then the 32-byte MAC over all of it.
 */
final class StateCookie {
    static final int BODY = 8 + 7 * 4 + 2 + 2 + 4;
    static final int SIZE = BODY + 32;
    static final int FLAG_FORWARD_TSN = 1;
    static final int FLAG_RECONFIG = 2;

    long expiresAtNanos;
    int localTag;
    int peerTag;
    int localInitialTsn;
    int peerInitialTsn;
    long peerRwnd;
    int localTieTag;
    int peerTieTag;
    int outboundStreams;
    int inboundStreams;
    int peerFlags;

    /** Signs and verifies cookies for one association. Not thread-safe. */
    static final class Signer {
        private final Mac mac;
        private final byte[] scratch = new byte[32];

        Signer(Random random) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }

        byte[] sign(StateCookie c) {
            byte[] b = new byte[SIZE];
            Bytes.put64(b, 0, c.expiresAtNanos);
            Bytes.put32(b, 8, c.localTag);
            Bytes.put32(b, 12, c.peerTag);
            Bytes.put32(b, 16, c.localInitialTsn);
            Bytes.put32(b, 20, c.peerInitialTsn);
            Bytes.put32(b, 24, c.peerRwnd);
            Bytes.put32(b, 28, c.localTieTag);
            Bytes.put32(b, 32, c.peerTieTag);
            Bytes.put16(b, 36, c.outboundStreams);
            Bytes.put16(b, 38, c.inboundStreams);
            b[40] = (byte) c.peerFlags;
            mac.update(b, 0, BODY);
            try {
                mac.doFinal(b, BODY);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return b;
        }

        /** Parses a cookie into {@code into} when its MAC is ours; false otherwise (expiry is the caller's call). */
        boolean verify(byte[] b, int off, int len, StateCookie into) {
            if (len != SIZE) {
                return false;
            }
            mac.update(b, off, BODY);
            try {
                mac.doFinal(scratch, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            byte[] got = java.util.Arrays.copyOfRange(b, off + BODY, off + SIZE);
            if (!MessageDigest.isEqual(scratch, got)) {
                return false;
            }
            into.expiresAtNanos = Bytes.i64(b, off);
            into.localTag = Bytes.i32(b, off + 8);
            into.peerTag = Bytes.i32(b, off + 12);
            into.localInitialTsn = Bytes.i32(b, off + 16);
            into.peerInitialTsn = Bytes.i32(b, off + 20);
            into.peerRwnd = Bytes.u32(b, off + 24);
            into.localTieTag = Bytes.i32(b, off + 28);
            into.peerTieTag = Bytes.i32(b, off + 32);
            into.outboundStreams = Bytes.u16(b, off + 36);
            into.inboundStreams = Bytes.u16(b, off + 38);
            into.peerFlags = b[off + 40] & 0xFF;
            return true;
        }
    }
}
