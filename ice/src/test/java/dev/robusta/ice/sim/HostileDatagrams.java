package dev.robusta.ice.sim;

import static dev.robusta.ice.stun.StunAttributes.*;

import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.stun.ErrorCode;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunException;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded source of hostile datagrams for one ICE agent: random bytes, STUN-looking garbage, mutations of real
 * captured STUN messages, and well-formed checks and responses that fail authentication (wrong password, wrong
 * ufrag, no USERNAME, no MESSAGE-INTEGRITY, bad FINGERPRINT, responses to transactions nobody started or forged
 * answers to real ones), ChannelData-looking bytes, indications and TURN requests; from the peer's addresses, from
 * unknown ones, and onto sockets the agent does not own. None of them is authenticated for the agent: each says
 * what the agent may answer.
 */
public final class HostileDatagrams {

    /** What the agent may send back for a datagram (besides dropping it). */
    public enum Expect {
        /** Nothing at all. */
        NOTHING,
        /** Exactly one Binding error response with this code, to the same transaction. */
        ERROR_400,
        ERROR_401,
        /** Nothing, or Binding error responses 400/401 to the same transaction (for random and mutated input). */
        AT_MOST_AN_ERROR
    }

    public enum Kind {
        RANDOM_BYTES(Expect.AT_MOST_AN_ERROR),
        STUN_LOOKING_GARBAGE(Expect.AT_MOST_AN_ERROR),
        MUTATED_REAL_MESSAGE(Expect.AT_MOST_AN_ERROR),
        CHECK_WRONG_PASSWORD(Expect.ERROR_401),
        CHECK_WRONG_UFRAG(Expect.ERROR_401),
        CHECK_NO_USERNAME(Expect.ERROR_400),
        CHECK_NO_INTEGRITY(Expect.ERROR_400),
        CHECK_BAD_FINGERPRINT(Expect.NOTHING),
        RESPONSE_UNKNOWN_TRANSACTION(Expect.NOTHING),
        RESPONSE_FORGED_FOR_REAL_TRANSACTION(Expect.NOTHING),
        CHANNEL_DATA_LOOKALIKE(Expect.NOTHING),
        INDICATION(Expect.NOTHING),
        TURN_REQUEST(Expect.NOTHING),
        APPLICATION_DATA(Expect.NOTHING);

        public final Expect expect;

        Kind(Expect expect) {
            this.expect = expect;
        }
    }

    /**
     * One hostile datagram: {@code buffer[offset..offset+length)}, arriving on {@code socket} from {@code from}.
     * {@code fromPeer} says whether {@code from} is one of the peer's real addresses.
     */
    public record Datagram(Kind kind, InetSocketAddress socket, InetSocketAddress from, boolean fromPeer,
                           byte[] buffer, int offset, int length) {
        public byte[] bytes() {
            return Arrays.copyOfRange(buffer, offset, offset + length);
        }

        @Override
        public String toString() {
            return kind + " on " + socket + " from " + from + ": " + java.util.HexFormat.of().formatHex(bytes());
        }
    }

    /** A STUN message seen on the wire: who sent it to whom. */
    public record Captured(InetSocketAddress source, InetSocketAddress destination, byte[] data) {}

    private static final int[] KNOWN_TYPES = {MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE,
        UNKNOWN_ATTRIBUTES, REALM, NONCE, MESSAGE_INTEGRITY_SHA256, XOR_MAPPED_ADDRESS, SOFTWARE, FINGERPRINT,
        PRIORITY, USE_CANDIDATE, ICE_CONTROLLED, ICE_CONTROLLING, CHANNEL_NUMBER, LIFETIME, XOR_PEER_ADDRESS, DATA,
        XOR_RELAYED_ADDRESS, EVEN_PORT, REQUESTED_TRANSPORT, USERHASH, 0x7F31, 0xC001};

    private final Random random;
    private final List<InetSocketAddress> sockets;
    private final List<InetSocketAddress> peerSockets;
    private final IceCredentials local;
    private final IceCredentials peer;
    private final byte[] localKey;
    private final byte[] peerKey;
    private final List<Captured> corpus;
    private final List<TransactionId> ownTransactions = new ArrayList<>();
    private final StunMessageBuilder builder = new StunMessageBuilder();

    /**
     * @param sockets     the agent's sockets
     * @param local       the agent's credentials (hostile datagrams never authenticate with them)
     * @param peerSockets the peer's addresses, spoofed as sources
     * @param peer        the peer's credentials
     * @param corpus      real STUN messages of the agent and its peer, to mutate
     */
    public HostileDatagrams(long seed, List<InetSocketAddress> sockets, IceCredentials local,
                            List<InetSocketAddress> peerSockets, IceCredentials peer, List<Captured> corpus) {
        this.random = new Random(seed);
        this.sockets = List.copyOf(sockets);
        this.peerSockets = List.copyOf(peerSockets);
        this.local = local;
        this.peer = peer;
        this.localKey = StunCredentials.shortTermKey(local.password());
        this.peerKey = StunCredentials.shortTermKey(peer.password());
        this.corpus = List.copyOf(corpus);
        for (Captured c : corpus) {
            StunMessage m = parse(c.data);
            if (m != null && sockets.contains(c.source) && m.messageClass() == StunClass.REQUEST) {
                ownTransactions.add(m.transactionId());
            }
        }
    }

    /** The next hostile datagram. */
    public Datagram next() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        if (kind == Kind.MUTATED_REAL_MESSAGE && corpus.isEmpty()) {
            kind = Kind.STUN_LOOKING_GARBAGE;
        }
        // Where it comes from and lands.
        boolean fromPeer = random.nextInt(10) < 5;
        InetSocketAddress from = fromPeer ? pick(peerSockets) : stranger();
        InetSocketAddress socket = random.nextInt(10) == 0 ? stranger() : pick(sockets);
        byte[] bytes = bytes(kind);
        int offset = random.nextInt(17);
        byte[] buffer = new byte[offset + bytes.length + random.nextInt(17)];
        random.nextBytes(buffer);
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        return new Datagram(kind, socket, from, fromPeer, buffer, offset, bytes.length);
    }

    private byte[] bytes(Kind kind) {
        switch (kind) {
            case RANDOM_BYTES: {
                byte[] b = new byte[random.nextInt(700)];
                random.nextBytes(b);
                return b;
            }
            case STUN_LOOKING_GARBAGE:
                return stunLookingGarbage();
            case MUTATED_REAL_MESSAGE:
                return mutatedReal();
            case CHECK_WRONG_PASSWORD:
                return check(local.ufrag() + ":" + peer.ufrag(), randomKey(), true);
            case CHECK_WRONG_UFRAG:
                return check(randomUfrag() + ":" + peer.ufrag(), random.nextBoolean() ? localKey : randomKey(), true);
            case CHECK_NO_USERNAME:
                return check(null, localKey, true);
            case CHECK_NO_INTEGRITY:
                return check(local.ufrag() + ":" + peer.ufrag(), null, true);
            case CHECK_BAD_FINGERPRINT: {
                byte[] b = check(local.ufrag() + ":" + peer.ufrag(), random.nextBoolean() ? localKey : randomKey(),
                        true);
                b[b.length - 1 - random.nextInt(4)] ^= (byte) (1 + random.nextInt(255));
                return b;
            }
            case RESPONSE_UNKNOWN_TRANSACTION:
                // Even correctly signed by the peer: nobody asked.
                return response(TransactionId.random(random), random.nextBoolean() ? peerKey : randomKey());
            case RESPONSE_FORGED_FOR_REAL_TRANSACTION: {
                TransactionId id = ownTransactions.isEmpty() ? TransactionId.random(random)
                        : ownTransactions.get(random.nextInt(ownTransactions.size()));
                return response(id, random.nextBoolean() ? randomKey() : null);
            }
            case CHANNEL_DATA_LOOKALIKE: {
                byte[] b = new byte[4 + random.nextInt(200)];
                random.nextBytes(b);
                b[0] = (byte) (0x40 | random.nextInt(16));
                if (random.nextBoolean()) {
                    int len = b.length - 4 - random.nextInt(4);
                    b[2] = (byte) (Math.max(len, 0) >>> 8);
                    b[3] = (byte) Math.max(len, 0);
                }
                return b;
            }
            case INDICATION: {
                int method = random.nextBoolean() ? StunMethod.BINDING
                        : (random.nextBoolean() ? StunMethod.DATA : StunMethod.SEND);
                builder.reset(StunClass.INDICATION, method, TransactionId.random(random));
                if (method != StunMethod.BINDING) {
                    builder.addAddress(XOR_PEER_ADDRESS, stranger()).add(DATA, randomBytes(random.nextInt(100)));
                }
                return builder.addFingerprint().toByteArray();
            }
            case TURN_REQUEST: {
                int[] methods = {StunMethod.ALLOCATE, StunMethod.REFRESH, StunMethod.CREATE_PERMISSION,
                    StunMethod.CHANNEL_BIND, 0x0FF};
                builder.reset(StunClass.REQUEST, methods[random.nextInt(methods.length)], TransactionId.random(random))
                        .addUsername(local.ufrag() + ":" + peer.ufrag()).addRequestedTransport(17);
                if (random.nextBoolean()) {
                    builder.addMessageIntegrity(randomKey());
                }
                return builder.addFingerprint().toByteArray();
            }
            case APPLICATION_DATA:
            default: {
                byte[] b = randomBytes(1 + random.nextInt(1200));
                b[0] = (byte) (4 + random.nextInt(252));
                return b;
            }
        }
    }

    private byte[] check(String username, byte[] key, boolean fingerprint) {
        builder.reset(StunClass.REQUEST, StunMethod.BINDING, TransactionId.random(random));
        if (username != null) {
            builder.addUsername(username);
        }
        builder.addPriority(1 + random.nextInt(0x7FFFFFFF));
        // Tie-breakers meant to win any role conflict, if they were believed.
        long tieBreaker = random.nextBoolean() ? -1L : random.nextLong();
        if (random.nextBoolean()) {
            builder.addIceControlling(tieBreaker);
            if (random.nextBoolean()) {
                builder.addUseCandidate();
            }
        } else {
            builder.addIceControlled(random.nextBoolean() ? 0 : tieBreaker);
        }
        if (key != null) {
            builder.addMessageIntegrity(key);
        }
        if (fingerprint) {
            builder.addFingerprint();
        }
        return builder.toByteArray();
    }

    private byte[] response(TransactionId id, byte[] key) {
        boolean success = random.nextInt(3) > 0;
        builder.reset(success ? StunClass.SUCCESS_RESPONSE : StunClass.ERROR_RESPONSE, StunMethod.BINDING, id);
        if (success) {
            builder.addXorMappedAddress(random.nextBoolean() ? pick(sockets) : stranger());
        } else {
            int[] codes = {ErrorCode.ROLE_CONFLICT, ErrorCode.UNAUTHENTICATED, ErrorCode.BAD_REQUEST,
                ErrorCode.SERVER_ERROR};
            builder.addErrorCode(ErrorCode.of(codes[random.nextInt(codes.length)]));
        }
        if (key != null) {
            builder.addMessageIntegrity(key);
        }
        return builder.addFingerprint().toByteArray();
    }

    private byte[] stunLookingGarbage() {
        int attributes = random.nextInt(8);
        byte[] b = new byte[20 + attributes * 40 + 8];
        b[0] = (byte) random.nextInt(4);
        b[1] = (byte) random.nextInt(256);
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xA4;
        b[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        int p = 20;
        for (int k = 0; k < attributes; k++) {
            int type = random.nextInt(3) == 0 ? random.nextInt(0x10000) : KNOWN_TYPES[random.nextInt(KNOWN_TYPES.length)];
            int len = random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(37);
            b[p] = (byte) (type >>> 8);
            b[p + 1] = (byte) type;
            b[p + 2] = (byte) (len >>> 8);
            b[p + 3] = (byte) len;
            for (int i = 4; i < 40; i++) {
                b[p + i] = (byte) random.nextInt(256);
            }
            p += 4 + Math.min((len + 3) & ~3, 36);
        }
        int end = p;
        if (random.nextBoolean()) {
            // A correct FINGERPRINT, so parsing gets as far as the attributes allow.
            b[p] = (byte) 0x80;
            b[p + 1] = 0x28;
            b[p + 2] = 0;
            b[p + 3] = 4;
            end = p + 8;
            setLength(b, end - 20);
            int crc = fingerprint(b, end - 8);
            b[p + 4] = (byte) (crc >>> 24);
            b[p + 5] = (byte) (crc >>> 16);
            b[p + 6] = (byte) (crc >>> 8);
            b[p + 7] = (byte) crc;
        } else {
            setLength(b, random.nextInt(4) == 0 ? random.nextInt(0x10000) : end - 20);
        }
        return Arrays.copyOf(b, end);
    }

    private byte[] mutatedReal() {
        for (int attempt = 0; ; attempt++) {
            byte[] original = corpus.get(random.nextInt(corpus.size())).data;
            byte[] b = mutate(original);
            if (Arrays.equals(b, original)) {
                continue;
            }
            // A mutation that still authenticates (say, FINGERPRINT cut off and the length fixed) is not hostile.
            StunMessage m = parse(b);
            if (m != null && (m.checkIntegrity(localKey) || m.checkIntegrity(peerKey)) && attempt < 100) {
                continue;
            }
            return b;
        }
    }

    private byte[] mutate(byte[] original) {
        byte[] b = original.clone();
        switch (random.nextInt(8)) {
            case 0: // flip bits
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 1: // overwrite bytes
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            case 2: // truncate
                return Arrays.copyOf(b, random.nextInt(b.length));
            case 3: { // truncate at an attribute boundary and fix the length
                int cut = 20 + 4 * random.nextInt(Math.max(1, (b.length - 20) / 4));
                byte[] t = Arrays.copyOf(b, cut);
                setLength(t, cut - 20);
                return t;
            }
            case 4: { // append garbage, maybe with the length fixed
                byte[] t = Arrays.copyOf(b, b.length + 4 * (1 + random.nextInt(8)));
                for (int i = b.length; i < t.length; i++) {
                    t[i] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    setLength(t, t.length - 20);
                }
                return t;
            }
            case 5: // change the length field
                setLength(b, random.nextInt(0x10000));
                return b;
            case 6: { // change the message type (class and method bits)
                int type = random.nextInt(0x4000);
                b[0] = (byte) (type >>> 8);
                b[1] = (byte) type;
                return b;
            }
            default: { // swap two attribute-sized chunks
                if (b.length >= 28) {
                    int i = 20 + random.nextInt(b.length - 24);
                    int j = 20 + random.nextInt(b.length - 24);
                    for (int k = 0; k < 4; k++) {
                        byte x = b[i + k];
                        b[i + k] = b[j + k];
                        b[j + k] = x;
                    }
                }
                b[random.nextInt(b.length)] ^= 0x01;
                return b;
            }
        }
    }

    private static void setLength(byte[] b, int length) {
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
    }

    /** STUN FINGERPRINT: CRC-32 of everything before it, XOR 0x5354554E (RFC 8489 section 14.7). */
    private static int fingerprint(byte[] b, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, length);
        return (int) crc.getValue() ^ 0x5354554E;
    }

    private byte[] randomKey() {
        byte[] k = new byte[22 + random.nextInt(10)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) ('a' + random.nextInt(26));
        }
        return k;
    }

    private String randomUfrag() {
        String u;
        do {
            u = IceCredentials.random(random).ufrag();
        } while (u.equals(local.ufrag()));
        return u;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private InetSocketAddress pick(List<InetSocketAddress> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** An address no agent owns: 127.0.0.x or ::1 on a high port. */
    private InetSocketAddress stranger() {
        int port = 20000 + random.nextInt(40000);
        return random.nextBoolean() ? SimulatedAgent.v4(1 + random.nextInt(254), port) : SimulatedAgent.v6(port);
    }

    private static StunMessage parse(byte[] data) {
        try {
            return StunMessage.parse(data);
        } catch (StunException e) {
            return null;
        }
    }
}
