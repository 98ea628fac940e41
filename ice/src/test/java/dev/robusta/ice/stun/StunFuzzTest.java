package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;
import static dev.robusta.ice.stun.StunBytes.addr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.stun.StunException.Reason;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds 1,000,000 seeded mutations of valid STUN messages (RFC 5769 vectors, ICE and TURN messages of many shapes)
 * and ChannelData frames to the codec. A network parser may refuse input only with {@link StunException}: any
 * other throwable is a bug, reported with the input's hex. Every getter of a message that parsed must work, and
 * a message must parse the same wherever its bytes sit.
 */
class StunFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(StunFuzzTest.class);
    private static final int INPUTS = 1_000_000;
    private static final long SEED = 0x5EED_57A1L;
    private static final byte[] KEY = StunCredentials.shortTermKey("fuzzing-password-22chr");
    private static final int[] ADDRESS_TYPES = {MAPPED_ADDRESS, XOR_MAPPED_ADDRESS, XOR_PEER_ADDRESS,
        XOR_RELAYED_ADDRESS, ALTERNATE_SERVER};
    /** What parse itself can refuse with; integrity and ChannelData are checked by other calls. */
    private static final EnumSet<Reason> PARSE_REASONS =
            EnumSet.complementOf(EnumSet.of(Reason.BAD_INTEGRITY, Reason.BAD_CHANNEL_DATA));

    /** Tallies of one run. */
    private static final class Outcomes {
        int parsed;
        final Map<Reason, Integer> rejected = new EnumMap<>(Reason.class);
        int channelDataAccepted;
        int channelDataRefused;

        int total() {
            return parsed + rejected.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Test
    void aMillionMutatedMessagesOnlyEverRaiseStunException() {
        List<byte[]> seeds = seeds();
        long startNanos = System.nanoTime();
        Outcomes outcomes = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run(seeds));
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        LOG.info("fuzzed {} inputs from {} seeds in {} ms: {} parsed, rejected {}; ChannelData {} accepted, {} refused",
                INPUTS, seeds.size(), elapsedMillis, outcomes.parsed, outcomes.rejected,
                outcomes.channelDataAccepted, outcomes.channelDataRefused);

        assertEquals(INPUTS, outcomes.total());
        // Both outcomes, and every way parse can refuse, must be well represented; otherwise the mutations stopped
        // reaching the code they are meant to test.
        assertTrue(outcomes.parsed > INPUTS / 10, "too few mutated messages parsed: " + outcomes.parsed);
        assertEquals(PARSE_REASONS, EnumSet.copyOf(outcomes.rejected.keySet()), "reasons seen");
        for (Map.Entry<Reason, Integer> e : outcomes.rejected.entrySet()) {
            assertTrue(e.getValue() >= 100, "rarely reached: " + e);
        }
        assertTrue(outcomes.channelDataAccepted > 1000, "ChannelData accepted " + outcomes.channelDataAccepted);
        assertTrue(outcomes.channelDataRefused > 1000, "ChannelData refused " + outcomes.channelDataRefused);
    }

    @Test
    void everySeedIsValid() throws StunException {
        for (byte[] seed : seeds()) {
            if (ChannelData.looksLikeChannelData(seed, 0, seed.length)) {
                ChannelData.channel(seed, 0, seed.length);
            } else {
                exercise(StunMessage.parse(seed));
            }
        }
    }

    private static Outcomes run(List<byte[]> seeds) {
        Random random = new Random(SEED);
        StunMutator mutator = new StunMutator(random);
        Outcomes outcomes = new Outcomes();
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = random.nextInt(10) == 0 ? seeds.get(random.nextInt(seeds.size())).clone()
                    : mutator.mutate(seeds.get(random.nextInt(seeds.size())));
            try {
                check(input, random, outcomes);
            } catch (Throwable t) { // anything but StunException escaping the codec, or a broken invariant
                throw new AssertionError("input #" + i + " (seed " + SEED + "): " + StunBytes.hex(input), t);
            }
        }
        return outcomes;
    }

    private static void check(byte[] input, Random random, Outcomes outcomes) {
        Object outcome = outcomeOf(input, 0, input.length);
        if (outcome instanceof Reason reason) {
            outcomes.rejected.merge(reason, 1, Integer::sum);
        } else {
            outcomes.parsed++;
        }
        // The same bytes inside a larger datagram buffer, garbage on both sides, must give the same outcome.
        if (random.nextInt(4) == 0) {
            int offset = 1 + random.nextInt(7);
            byte[] framed = new byte[offset + input.length + random.nextInt(9)];
            random.nextBytes(framed);
            System.arraycopy(input, 0, framed, offset, input.length);
            assertEquals(outcome, outcomeOf(framed, offset, input.length), "parsed at offset " + offset);
        }
        if (random.nextInt(16) == 0) {
            ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
            Object fromBuffer;
            try {
                fromBuffer = summary(StunMessage.parse(direct));
            } catch (StunException e) {
                fromBuffer = e.reason();
            }
            assertEquals(outcome, fromBuffer, "parsed from a direct buffer");
        }
        try {
            int channel = ChannelData.channel(input, 0, input.length);
            assertTrue(channel >= ChannelData.MIN_CHANNEL && channel <= ChannelData.MAX_CHANNEL);
            assertTrue(ChannelData.payloadLength(input, 0) <= input.length - ChannelData.HEADER_LENGTH);
            assertTrue(ChannelData.looksLikeChannelData(input, 0, input.length));
            outcomes.channelDataAccepted++;
        } catch (StunException e) {
            assertEquals(Reason.BAD_CHANNEL_DATA, e.reason());
            outcomes.channelDataRefused++;
        }
    }

    /** The refusal reason, or a summary of what parsed, after exercising every getter. */
    private static Object outcomeOf(byte[] data, int offset, int length) {
        try {
            StunMessage m = StunMessage.parse(data, offset, length);
            exercise(m);
            return summary(m);
        } catch (StunException e) {
            return e.reason();
        }
    }

    /** What two parses of the same bytes must agree on. */
    private static List<Object> summary(StunMessage m) {
        List<Object> s = new ArrayList<>();
        s.add(m.messageType());
        s.add(m.transactionId());
        s.add(m.hasFingerprint());
        s.add(m.checkIntegrity(KEY));
        for (int i = 0; i < m.attributeCount(); i++) {
            s.add(m.attributeType(i));
            s.add(m.attributeValueOffset(i) - m.offset());
            s.add(m.attributeValueLength(i));
        }
        return s;
    }

    /** Calls every getter; none may fail on a message that parsed, and their answers must hang together. */
    private static void exercise(StunMessage m) {
        byte[] buf = m.array();
        int start = m.offset();
        int end = start + m.length();
        assertTrue(StunMessage.looksLikeStun(buf, start, m.length()));
        assertEquals(m.messageType(), m.messageClass().messageType(m.method()));
        assertTrue(m.is(m.messageClass(), m.method()));
        assertTrue(m.hasTransactionId(m.transactionId()));
        assertFalse(m.toString().isEmpty());
        assertTrue(m.attributeCount() <= StunMessage.MAX_ATTRIBUTES);
        for (int i = 0; i < m.attributeCount(); i++) {
            int type = m.attributeType(i);
            int valueOffset = m.attributeValueOffset(i);
            int valueLength = m.attributeValueLength(i);
            assertTrue(valueOffset >= start + StunMessage.HEADER_LENGTH + 4 && valueOffset + valueLength <= end);
            assertTrue(type != FINGERPRINT, "FINGERPRINT is not listed");
            assertTrue(m.indexOf(type) <= i && m.has(type));
            // The generic getters work on every attribute, whatever its type.
            assertNotNull(m.bytes(type));
            assertNotNull(m.string(type));
            m.uint32(type, -1);
            m.uint64(type, -1);
        }
        for (int type : ADDRESS_TYPES) {
            InetSocketAddress first = m.address(type);
            List<InetSocketAddress> all = m.addresses(type);
            assertEquals(m.has(type), first != null);
            assertEquals(first, all.isEmpty() ? null : all.get(0));
        }
        m.xorMappedAddress();
        ErrorCode error = m.errorCode();
        assertEquals(m.has(ERROR_CODE), error != null);
        if (error != null) {
            assertTrue(error.code() >= 300 && error.code() <= 699);
        }
        int[] unknown = m.unknownAttributes();
        if (m.has(UNKNOWN_ATTRIBUTES)) {
            assertEquals(m.attributeValueLength(m.indexOf(UNKNOWN_ATTRIBUTES)) / 2, unknown.length);
        }
        for (int type : m.unknownComprehensionRequired()) {
            assertTrue(type < 0x8000 && !isKnown(type));
        }
        m.username();
        m.realm();
        m.nonce();
        m.software();
        m.priority();
        m.lifetimeSeconds();
        m.channelNumber();
        m.uint64(ICE_CONTROLLING, 0);
        m.uint64(ICE_CONTROLLED, 0);
        m.uint32(REQUESTED_TRANSPORT, 0);
        if (m.dataOffset() >= 0) {
            assertArrayEquals(m.bytes(DATA), java.util.Arrays.copyOfRange(buf, m.dataOffset(),
                    m.dataOffset() + m.dataLength()));
        }
        boolean intact = m.checkIntegrity(KEY);
        try {
            m.requireIntegrity(KEY);
            assertTrue(intact);
        } catch (StunException e) {
            assertEquals(Reason.BAD_INTEGRITY, e.reason());
            assertFalse(intact);
        }
        m.hasIntegrity();
        m.hasFingerprint();
    }

    /** Valid messages of many shapes: the RFC vectors, ICE checks and responses, TURN requests and indications. */
    static List<byte[]> seeds() {
        InetSocketAddress v4 = addr("127.0.0.1", 5000);
        InetSocketAddress v6 = addr("2001:db8::1", 6000);
        Random r = new Random(7);
        List<byte[]> seeds = new ArrayList<>(List.of(Rfc5769VectorsTest.REQUEST, Rfc5769VectorsTest.RESPONSE_V4,
                Rfc5769VectorsTest.RESPONSE_V6, Rfc5769VectorsTest.REQUEST_LONG_TERM));
        StunMessageBuilder b = new StunMessageBuilder();
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random(r)).toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random(r)).addUsername("abcd:efgh")
                .addPriority(0x6e7fffff).addIceControlling(r.nextLong()).addUseCandidate().addMessageIntegrity(KEY)
                .addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random(r)).addUsername("efgh:abcd")
                .addPriority(0x7e0000ff).addIceControlled(r.nextLong()).addMessageIntegritySha256(KEY)
                .addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.random(r))
                .addXorMappedAddress(v4).addMessageIntegrity(KEY).addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.random(r))
                .addXorMappedAddress(v6).addAddress(MAPPED_ADDRESS, v6).addSoftware("robusta")
                .addMessageIntegrity(KEY).addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.ERROR_RESPONSE, StunMethod.BINDING, TransactionId.random(r))
                .addErrorCode(ErrorCode.of(ErrorCode.ROLE_CONFLICT)).addMessageIntegrity(KEY).addFingerprint()
                .toByteArray());
        seeds.add(b.reset(StunClass.ERROR_RESPONSE, StunMethod.BINDING, TransactionId.random(r))
                .addErrorCode(ErrorCode.of(ErrorCode.UNKNOWN_ATTRIBUTE)).addUnknownAttributes(0x0031, 0x0032, 0x0033)
                .addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.INDICATION, StunMethod.BINDING, TransactionId.random(r)).addFingerprint()
                .toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.ALLOCATE, TransactionId.random(r)).addRequestedTransport(17)
                .addRequestedAddressFamily(2).addLifetime(600).addFlag(DONT_FRAGMENT).add(EVEN_PORT, new byte[] {0})
                .addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE, TransactionId.random(r))
                .addErrorCode(ErrorCode.of(ErrorCode.UNAUTHENTICATED)).addString(REALM, "example.org")
                .addString(NONCE, "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA").addSoftware("coturn")
                .add(PASSWORD_ALGORITHMS, new byte[] {0, 2, 0, 0, 0, 1, 0, 0}).addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.ALLOCATE, TransactionId.random(r)).addRequestedTransport(17)
                .addUsername("user").addString(REALM, "example.org").addString(NONCE, "nonce")
                .add(USERHASH, new byte[32]).addUint64(RESERVATION_TOKEN, r.nextLong())
                .addMessageIntegrity(StunCredentials.longTermKey("user", "example.org", "pass")).addFingerprint()
                .toByteArray());
        seeds.add(b.reset(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE, TransactionId.random(r))
                .addAddress(XOR_RELAYED_ADDRESS, v4).addAddress(XOR_RELAYED_ADDRESS, v6).addXorMappedAddress(v6)
                .addLifetime(600).addMessageIntegrity(KEY).addMessageIntegritySha256(KEY).addFingerprint()
                .toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.REFRESH, TransactionId.random(r)).addLifetime(0)
                .addMessageIntegrity(KEY).toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.CREATE_PERMISSION, TransactionId.random(r))
                .addAddress(XOR_PEER_ADDRESS, v4).addAddress(XOR_PEER_ADDRESS, v6).addAddress(XOR_PEER_ADDRESS, v4)
                .addMessageIntegrity(KEY).addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.REQUEST, StunMethod.CHANNEL_BIND, TransactionId.random(r)).addChannelNumber(0x4000)
                .addAddress(XOR_PEER_ADDRESS, v4).addMessageIntegrity(KEY).toByteArray());
        seeds.add(b.reset(StunClass.INDICATION, StunMethod.SEND, TransactionId.random(r))
                .addAddress(XOR_PEER_ADDRESS, v6).add(DATA, new byte[37]).addFlag(DONT_FRAGMENT).toByteArray());
        seeds.add(b.reset(StunClass.INDICATION, StunMethod.DATA, TransactionId.random(r))
                .addAddress(XOR_PEER_ADDRESS, v4).add(DATA, new byte[] {1, 2, 3, 4}).add(ICMP, new byte[8])
                .addFingerprint().toByteArray());
        seeds.add(b.reset(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE, TransactionId.random(r))
                .addErrorCode(ErrorCode.of(ErrorCode.TRY_ALTERNATE)).addAddress(ALTERNATE_SERVER, v6)
                .addString(ALTERNATE_DOMAIN, "turn.example.org").add(ADDRESS_ERROR_CODE, new byte[] {2, 0, 4, 40})
                .add(ADDITIONAL_ADDRESS_FAMILY, new byte[] {2, 0, 0, 0}).add(0x7F01, new byte[5])
                .add(0xC001, new byte[6]).addFingerprint().toByteArray());
        for (int payload : new int[] {0, 5, 100}) {
            byte[] frame = new byte[4 + ((payload + 3) & ~3)];
            ChannelData.writeHeader(frame, 0, 0x4000 + r.nextInt(0x1000), payload);
            seeds.add(frame);
            seeds.add(java.util.Arrays.copyOf(frame, 4 + payload)); // unpadded, as UDP allows
        }
        return seeds;
    }
}
