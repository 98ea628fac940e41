package dev.robusta.sctp.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * INIT and INIT ACK (RFC 9260 sections 3.3.2, 3.3.3): the fixed part and the parameters this stack uses.
 *
 * <pre>
 *  type=1|2 | flags=0 | length
 *  initiate tag (32)
 *  advertised receiver window credit (a_rwnd, 32)
 *  number of outbound streams (16) | number of inbound streams (16)
 *  initial TSN (32)
 *  optional/variable-length parameters...
 * </pre>
 * We send Forward-TSN-Supported (RFC 3758) and Supported Extensions listing RE-CONFIG and FORWARD-TSN, as
 * dcsctp, usrsctp and pion do; an INIT ACK also carries the State Cookie. Address parameters, ECN, AUTH's
 * RANDOM/CHUNKS/HMAC-ALGO (usrsctp), zero checksum (RFC 9653) and the like are skipped by their type bits.
 *
 * @param type                 {@link Chunk#INIT} or {@link Chunk#INIT_ACK}
 * @param initiateTag          the tag the sender wants on the packets it receives
 * @param aRwnd                the sender's receive window, bytes (unsigned 32 bits)
 * @param outboundStreams      OS
 * @param inboundStreams       MIS
 * @param initialTsn           the TSN of the sender's first DATA
 * @param forwardTsn           the sender supports FORWARD TSN (RFC 3758)
 * @param reconfig             the sender lists RE-CONFIG in Supported Extensions (RFC 6525)
 * @param stateCookie          the State Cookie (INIT ACK only), or null
 * @param unrecognized         parameters whose type asks to be reported, each as its whole TLV
 */
public record InitChunk(int type, int initiateTag, long aRwnd, int outboundStreams, int inboundStreams, int initialTsn,
                        boolean forwardTsn, boolean reconfig, byte[] stateCookie, List<byte[]> unrecognized) {

    public static final int FIXED_SIZE = 20;

    /**
     * Parses an INIT or INIT ACK chunk of {@code len} bytes (its header's length) at {@code off}.
     *
     * @throws SctpParseException when truncated, or when a parameter's length is wrong
     */
    public static InitChunk parse(byte[] b, int off, int len) throws SctpParseException {
        int type = Chunk.type(b, off);
        if (len < FIXED_SIZE) {
            throw new SctpParseException(Chunk.name(type) + " shorter than " + FIXED_SIZE + " bytes");
        }
        int tag = Bytes.i32(b, off + 4);
        long rwnd = Bytes.u32(b, off + 8);
        int os = Bytes.u16(b, off + 12);
        int mis = Bytes.u16(b, off + 14);
        int tsn = Bytes.i32(b, off + 16);
        boolean fwd = false;
        boolean reconfig = false;
        byte[] cookie = null;
        List<byte[]> unrecognized = List.of();
        int p = off + FIXED_SIZE;
        int end = off + len;
        while (p < end) {
            int plen = Parameter.checkedLength(b, p, end, Chunk.name(type));
            int ptype = Parameter.type(b, p);
            switch (ptype) {
                case Parameter.STATE_COOKIE:
                    cookie = java.util.Arrays.copyOfRange(b, p + 4, p + plen);
                    break;
                case Parameter.FORWARD_TSN_SUPPORTED:
                    fwd = true;
                    break;
                case Parameter.SUPPORTED_EXTENSIONS:
                    for (int i = p + 4; i < p + plen; i++) {
                        int t = b[i] & 0xFF;
                        if (t == Chunk.RE_CONFIG) {
                            reconfig = true;
                        } else if (t == Chunk.FORWARD_TSN) {
                            fwd = true;
                        }
                    }
                    break;
                case Parameter.IPV4_ADDRESS:
                case Parameter.IPV6_ADDRESS:
                case Parameter.COOKIE_PRESERVATIVE:
                case Parameter.SUPPORTED_ADDRESS_TYPES:
                case Parameter.HOST_NAME_ADDRESS:
                    // Addresses mean nothing over DTLS (RFC 8261 section 4): accepted and ignored.
                    break;
                default:
                    if (Parameter.reportUnrecognized(ptype)) {
                        if (unrecognized.isEmpty()) {
                            unrecognized = new ArrayList<>(2);
                        }
                        unrecognized.add(java.util.Arrays.copyOfRange(b, p, p + plen));
                    }
                    if (!Parameter.skipUnrecognized(ptype)) {
                        p = end; // stop processing further parameters (RFC 9260 section 3.2.1, bits 00 and 01)
                        continue;
                    }
            }
            p += Bytes.padded(plen);
        }
        return new InitChunk(type, tag, rwnd, os, mis, tsn, fwd, reconfig, cookie, unrecognized);
    }

    /** The number of bytes {@link #write} needs. */
    public static int size(byte[] stateCookie, List<byte[]> unrecognized) {
        int n = FIXED_SIZE + 4 + 8; // Forward-TSN-Supported; Supported Extensions with 2 types, padded
        if (stateCookie != null) {
            n += Bytes.padded(4 + stateCookie.length);
        }
        for (byte[] u : unrecognized) {
            n += 4 + Bytes.padded(u.length);
        }
        return n;
    }

    /** Writes an INIT or INIT ACK; returns its size (a multiple of 4). */
    public static int write(byte[] b, int off, int type, int initiateTag, long aRwnd, int outboundStreams,
                            int inboundStreams, int initialTsn, byte[] stateCookie, List<byte[]> unrecognized) {
        int p = off + FIXED_SIZE;
        Bytes.put32(b, off + 4, initiateTag);
        Bytes.put32(b, off + 8, aRwnd);
        Bytes.put16(b, off + 12, outboundStreams);
        Bytes.put16(b, off + 14, inboundStreams);
        Bytes.put32(b, off + 16, initialTsn);
        if (stateCookie != null) {
            Parameter.writeHeader(b, p, Parameter.STATE_COOKIE, 4 + stateCookie.length);
            System.arraycopy(stateCookie, 0, b, p + 4, stateCookie.length);
            p += Bytes.pad(b, p, 4 + stateCookie.length);
        }
        Parameter.writeHeader(b, p, Parameter.FORWARD_TSN_SUPPORTED, 4);
        p += 4;
        Parameter.writeHeader(b, p, Parameter.SUPPORTED_EXTENSIONS, 6);
        b[p + 4] = (byte) Chunk.RE_CONFIG;
        b[p + 5] = (byte) Chunk.FORWARD_TSN;
        p += Bytes.pad(b, p, 6);
        for (byte[] u : unrecognized) {
            Parameter.writeHeader(b, p, Parameter.UNRECOGNIZED_PARAMETER, 4 + u.length);
            System.arraycopy(u, 0, b, p + 4, u.length);
            p += Bytes.pad(b, p, 4 + u.length);
        }
        int length = p - off;
        Chunk.writeHeader(b, off, type, 0, length);
        return length;
    }
}
