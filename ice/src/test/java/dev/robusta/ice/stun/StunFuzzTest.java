package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunAttributes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds 1,000,000 mutated STUN messages and ChannelData frames to the codec: the only exception it may throw is
 * {@link StunException}, every getter of a message that parsed must work, and the whole run is bounded in time.
 */
class StunFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(StunFuzzTest.class);
    private static final int MESSAGES = 1_000_000;
    private static final byte[] KEY = StunCredentials.shortTermKey("fuzzing-password-22chr");

    @Test
    void millionMutatedMessagesOnlyEverRaiseStunException() {
        List<byte[]> seeds = seeds();
        Random random = new Random(0x5EED);
        Map<StunException.Reason, Integer> rejected = new EnumMap<>(StunException.Reason.class);
        int[] parsed = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < MESSAGES; i++) {
                byte[] m = mutate(seeds.get(random.nextInt(seeds.size())), random);
                try {
                    exercise(StunMessage.parse(m, 0, m.length));
                    parsed[0]++;
                } catch (StunException e) {
                    rejected.merge(e.reason(), 1, Integer::sum);
                }
                try {
                    ChannelData.channel(m, 0, m.length);
                } catch (StunException e) {
                    assertEquals(StunException.Reason.BAD_CHANNEL_DATA, e.reason());
                }
            }
        });
        int total = parsed[0] + rejected.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(MESSAGES, total);
        // Both outcomes must be well represented, or the mutations are not testing anything.
        assertTrue(parsed[0] > MESSAGES / 20, "too few mutated messages parsed: " + parsed[0]);
        assertTrue(rejected.size() >= 6, "too few kinds of rejection: " + rejected);
        LOG.info("fuzzed {} messages: {} parsed, rejected {}", MESSAGES, parsed[0], rejected);
    }

    /** Calls every getter; none may throw on a message that parsed. */
    private static void exercise(StunMessage m) {
        m.messageClass();
        m.method();
        m.transactionId();
        m.toString();
        for (int i = 0; i < m.attributeCount(); i++) {
            m.attributeType(i);
            m.attributeValueOffset(i);
            m.attributeValueLength(i);
        }
        for (int type : new int[] {MAPPED_ADDRESS, XOR_MAPPED_ADDRESS, XOR_PEER_ADDRESS, XOR_RELAYED_ADDRESS,
                ALTERNATE_SERVER}) {
            m.address(type);
            m.addresses(type);
        }
        m.errorCode();
        m.unknownAttributes();
        m.unknownComprehensionRequired();
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
        m.bytes(DATA);
        m.dataOffset();
        m.dataLength();
        m.checkIntegrity(KEY);
        m.hasFingerprint();
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] m = seed.clone();
        int kind = r.nextInt(10);
        switch (kind) {
            case 0: // bit flips
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    int i = r.nextInt(m.length);
                    m[i] ^= (byte) (1 << r.nextInt(8));
                }
                break;
            case 1: // random bytes
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
                break;
            case 2: // truncation
                m = Arrays.copyOf(m, r.nextInt(m.length + 1));
                break;
            case 3: // extension with garbage
                m = Arrays.copyOf(m, m.length + 1 + r.nextInt(64));
                for (int i = seed.length; i < m.length; i++) {
                    m[i] = (byte) r.nextInt(256);
                }
                break;
            case 4: // message length field
                int len = r.nextBoolean() ? r.nextInt(0x10000) : (m.length - 20 + 4 * (r.nextInt(5) - 2));
                m[2] = (byte) (len >>> 8);
                m[3] = (byte) len;
                break;
            case 5: // an attribute's length field
                if (m.length > 24) {
                    int at = attributeStart(m, r);
                    int alen = r.nextBoolean() ? r.nextInt(0x10000) : r.nextInt(40);
                    m[at + 2] = (byte) (alen >>> 8);
                    m[at + 3] = (byte) alen;
                }
                break;
            case 6: // an attribute's type
                if (m.length > 24) {
                    int at = attributeStart(m, r);
                    int type = KNOWN[r.nextInt(KNOWN.length)];
                    m[at] = (byte) (type >>> 8);
                    m[at + 1] = (byte) type;
                }
                break;
            case 7: // many small attributes, sometimes beyond the limit
                int n = r.nextInt(2 * StunMessage.MAX_ATTRIBUTES);
                byte[] big = Arrays.copyOf(m, m.length + 4 * n);
                for (int i = 0; i < n; i++) {
                    int type = r.nextBoolean() ? KNOWN[r.nextInt(KNOWN.length)] : r.nextInt(0x10000);
                    big[m.length + 4 * i] = (byte) (type >>> 8);
                    big[m.length + 4 * i + 1] = (byte) type;
                }
                int body = big.length - 20;
                big[2] = (byte) (body >>> 8);
                big[3] = (byte) body;
                m = big;
                break;
            case 8: // a duplicated attribute region, header length fixed up
                if (m.length > 28) {
                    int at = attributeStart(m, r);
                    int span = 4 * (1 + r.nextInt(Math.max(1, (m.length - at) / 4)));
                    span = Math.min(span, m.length - at);
                    byte[] dup = new byte[m.length + span];
                    System.arraycopy(m, 0, dup, 0, at + span);
                    System.arraycopy(m, at, dup, at + span, m.length - at);
                    int b2 = dup.length - 20;
                    dup[2] = (byte) (b2 >>> 8);
                    dup[3] = (byte) b2;
                    m = dup;
                }
                break;
            default: // unchanged: the valid seed itself must keep parsing
                break;
        }
        return m;
    }

    /** A 4-aligned offset in the body, likely an attribute header. */
    private static int attributeStart(byte[] m, Random r) {
        int slots = (m.length - 20) / 4;
        return 20 + 4 * r.nextInt(Math.max(1, slots - 1));
    }

    private static final int[] KNOWN = {MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES,
            REALM, NONCE, MESSAGE_INTEGRITY_SHA256, XOR_MAPPED_ADDRESS, SOFTWARE, FINGERPRINT, PRIORITY,
            USE_CANDIDATE, ICE_CONTROLLED, ICE_CONTROLLING, CHANNEL_NUMBER, LIFETIME, XOR_PEER_ADDRESS, DATA,
            XOR_RELAYED_ADDRESS, REQUESTED_TRANSPORT, EVEN_PORT, USERHASH, ADDRESS_ERROR_CODE, ICMP};

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Rfc5769VectorsTest.REQUEST);
        seeds.add(Rfc5769VectorsTest.RESPONSE_V4);
        seeds.add(Rfc5769VectorsTest.RESPONSE_V6);
        seeds.add(Rfc5769VectorsTest.REQUEST_LONG_TERM);
        try {
            InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000);
            InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 6000);
            Random r = new Random(7);
            seeds.add(new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random(r))
                    .addUsername("abcd:efgh").addPriority(0x6e7fffff).addIceControlling(r.nextLong()).addUseCandidate()
                    .addMessageIntegrity(KEY).addFingerprint().toByteArray());
            seeds.add(new StunMessageBuilder().reset(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE,
                    TransactionId.random(r)).addAddress(XOR_RELAYED_ADDRESS, v4).addXorMappedAddress(v6)
                    .addLifetime(600).addMessageIntegrity(KEY).addMessageIntegritySha256(KEY).addFingerprint()
                    .toByteArray());
            seeds.add(new StunMessageBuilder().reset(StunClass.INDICATION, StunMethod.DATA, TransactionId.random(r))
                    .addAddress(XOR_PEER_ADDRESS, v6).add(DATA, new byte[37]).addFingerprint().toByteArray());
            seeds.add(new StunMessageBuilder().reset(StunClass.ERROR_RESPONSE, StunMethod.BINDING,
                    TransactionId.random(r)).addErrorCode(ErrorCode.of(ErrorCode.UNKNOWN_ATTRIBUTE))
                    .addUnknownAttributes(0x0031, 0x0032, 0x0033).addString(REALM, "r").addString(NONCE, "n")
                    .addFingerprint().toByteArray());
            seeds.add(new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.CHANNEL_BIND,
                    TransactionId.random(r)).addChannelNumber(0x4000).addAddress(XOR_PEER_ADDRESS, v4)
                    .addRequestedTransport(17).toByteArray());
            byte[] channelData = new byte[4 + 12];
            ChannelData.writeHeader(channelData, 0, 0x4123, 10);
            seeds.add(channelData);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        return seeds;
    }
}
