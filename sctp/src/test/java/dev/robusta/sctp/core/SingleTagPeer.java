package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.CookieAckChunk;
import dev.robusta.sctp.wire.CookieEchoChunk;
import dev.robusta.sctp.wire.DataChunk;
import dev.robusta.sctp.wire.InitChunk;
import dev.robusta.sctp.wire.SackChunk;
import dev.robusta.sctp.wire.SctpPacket;
import dev.robusta.sctp.wire.SctpParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A model of the association setup of stacks that keep one verification tag and one initial TSN for their whole
 * life and take the peer's from the last INIT (or INIT ACK) they read, with no tie-tags: pion/sctp 1.8.6 (Pion
 * v3.1) and aiortc 1.4's client and server sides, read from their sources. Only what decides which association
 * the two ends settle on is modelled; data is one message each way, acknowledged by cumulative SACKs.
 *
 * <p>pion/sctp 1.8.6: sends INIT; answers an INIT in CLOSED, COOKIE-WAIT and COOKIE-ECHOED (not ESTABLISHED)
 * and takes the peer's tag and TSN from it even mid-handshake (RFC 9260 5.2.1 says not to change state); takes
 * an INIT ACK only in COOKIE-WAIT; accepts its own cookie in any of those states and ESTABLISHED; never checks
 * the verification tag of what it receives. aiortc 1.4: the DTLS client side sends INIT and ignores INITs; the
 * server side never sends INIT, answers every INIT (taking the peer's tag and TSN from it) and accepts its own
 * cookie in any state; both drop packets whose tag is not theirs.
 */
final class SingleTagPeer implements HandshakePeer {
    private static final long SECOND = 1_000_000_000L;

    /** What a modelled stack does. */
    record Behaviour(String name, boolean sendsInit, boolean answersInit, boolean answersInitWhenEstablished,
                     boolean acceptsCookieEcho, boolean checksVerificationTag) {}

    static final Behaviour PION_1_8_6 = new Behaviour("pion/sctp 1.8.6", true, true, false, true, false);
    static final Behaviour AIORTC_CLIENT = new Behaviour("aiortc 1.4 client", true, false, false, false, true);
    static final Behaviour AIORTC_SERVER = new Behaviour("aiortc 1.4 server", false, true, true, true, true);

    private enum State { CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED }

    private final Behaviour behaviour;
    private final int tag;
    private final int initialTsn;
    private final byte[] cookie = new byte[24];
    private final SctpPacket crc = new SctpPacket();
    private final List<byte[]> outbox = new ArrayList<>();
    private final List<byte[]> received = new ArrayList<>();
    private State state = State.CLOSED;
    private int peerTag;
    private int peerNextTsn;
    private byte[] cookieToEcho;
    private long t1 = Long.MAX_VALUE;
    private byte[] message;
    private boolean messageAcked;
    private long dataTimer = Long.MAX_VALUE;

    SingleTagPeer(Behaviour behaviour, long seed) {
        this.behaviour = behaviour;
        Random r = new Random(seed);
        this.tag = r.nextInt() | 1;
        this.initialTsn = r.nextInt();
        r.nextBytes(cookie);
    }

    @Override
    public void connect(long now) {
        if (behaviour.sendsInit && state == State.CLOSED) {
            state = State.COOKIE_WAIT;
            sendInit();
            t1 = now + SECOND;
        }
    }

    @Override
    public boolean initiates() {
        return behaviour.sendsInit;
    }

    @Override
    public void input(byte[] b, long now) {
        if (b.length < 16 || !crc.verify(b, 0, b.length)) {
            return;
        }
        int vtag = SctpPacket.verificationTag(b, 0);
        boolean init = Chunk.type(b, 12) == Chunk.INIT;
        if (behaviour.checksVerificationTag && vtag != (init ? 0 : tag)) {
            return;
        }
        for (int p = 12; p + 4 <= b.length; ) {
            int type = Chunk.type(b, p);
            int len = Chunk.length(b, p);
            if (len < 4 || p + len > b.length) {
                return;
            }
            chunk(b, p, type, len, now);
            p += Bytes.padded(len);
        }
    }

    private void chunk(byte[] b, int p, int type, int len, long now) {
        switch (type) {
            case Chunk.INIT -> {
                boolean answer = behaviour.answersInit
                        && (state != State.ESTABLISHED || behaviour.answersInitWhenEstablished);
                InitChunk init = parse(b, p, len);
                if (answer && init != null) {
                    peerTag = init.initiateTag();
                    peerNextTsn = init.initialTsn();
                    sendInitAck();
                }
            }
            case Chunk.INIT_ACK -> {
                InitChunk ack = parse(b, p, len);
                if (state == State.COOKIE_WAIT && ack != null && ack.stateCookie() != null) {
                    peerTag = ack.initiateTag();
                    peerNextTsn = ack.initialTsn();
                    cookieToEcho = ack.stateCookie();
                    state = State.COOKIE_ECHOED;
                    sendCookieEcho();
                    t1 = now + SECOND;
                }
            }
            case Chunk.COOKIE_ECHO -> {
                if (behaviour.acceptsCookieEcho
                        && Arrays.equals(cookie, CookieEchoChunk.cookie(b, p, len))) {
                    if (state != State.ESTABLISHED) {
                        establish(now);
                    }
                    send(CookieAckChunk.SIZE, (pk, at) -> CookieAckChunk.write(pk, at));
                }
            }
            case Chunk.COOKIE_ACK -> {
                if (state == State.COOKIE_ECHOED) {
                    establish(now);
                }
            }
            case Chunk.DATA -> {
                int tsn = DataChunk.tsn(b, p);
                if (tsn == peerNextTsn) {
                    received.add(Arrays.copyOfRange(b, p + DataChunk.HEADER_SIZE, p + len));
                    peerNextTsn++;
                }
                int cum = peerNextTsn - 1;
                send(SackChunk.FIXED_SIZE, (pk, at) -> {
                    SackChunk.writeFixed(pk, at, cum, 1 << 20, 0, 0);
                    return SackChunk.FIXED_SIZE;
                });
            }
            case Chunk.SACK -> {
                if (message != null && Bytes.i32(b, p + 4) - initialTsn >= 0) {
                    messageAcked = true;
                    dataTimer = Long.MAX_VALUE;
                }
            }
            case Chunk.HEARTBEAT -> {
                byte[] copy = Arrays.copyOfRange(b, p, p + Bytes.padded(len));
                copy[0] = (byte) Chunk.HEARTBEAT_ACK;
                send(copy.length, (pk, at) -> {
                    System.arraycopy(copy, 0, pk, at, copy.length);
                    return copy.length;
                });
            }
            default -> { }
        }
    }

    private static InitChunk parse(byte[] b, int p, int len) {
        try {
            return InitChunk.parse(b, p, len);
        } catch (SctpParseException e) {
            return null;
        }
    }

    private void establish(long now) {
        state = State.ESTABLISHED;
        t1 = Long.MAX_VALUE;
        cookieToEcho = null;
    }

    private interface ChunkWriter {
        int write(byte[] packet, int at);
    }

    private void send(int chunkSize, ChunkWriter writer) {
        send(peerTag, chunkSize, writer);
    }

    private void send(int vtag, int chunkSize, ChunkWriter writer) {
        byte[] pk = new byte[12 + chunkSize + 4];
        SctpPacket.writeHeader(pk, 0, 5000, 5000, vtag);
        int n = 12 + writer.write(pk, 12);
        byte[] packet = Arrays.copyOf(pk, n);
        crc.seal(packet, 0, n);
        outbox.add(packet);
    }

    private void sendInit() {
        int size = InitChunk.size(null, List.of());
        send(0, size, (pk, at) -> {
            InitChunk.write(pk, at, Chunk.INIT, tag, 1 << 20, 1024, 1024, initialTsn, null, List.of());
            return size;
        });
    }

    private void sendInitAck() {
        int size = InitChunk.size(cookie, List.of());
        send(size, (pk, at) -> {
            InitChunk.write(pk, at, Chunk.INIT_ACK, tag, 1 << 20, 1024, 1024, initialTsn, cookie, List.of());
            return size;
        });
    }

    private void sendCookieEcho() {
        byte[] c = cookieToEcho;
        send(Bytes.padded(4 + c.length), (pk, at) -> CookieEchoChunk.write(pk, at, c));
    }

    private void sendData() {
        byte[] m = message;
        send(DataChunk.sizeOnWire(m.length), (pk, at) -> DataChunk.write(pk, at,
                DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING, initialTsn, 0, 0, 51, m, 0, m.length));
    }

    @Override
    public List<byte[]> drain(long now) {
        List<byte[]> out = new ArrayList<>(outbox);
        outbox.clear();
        return out;
    }

    @Override
    public void timeout(long now) {
        if (now >= t1) {
            if (state == State.COOKIE_WAIT) {
                sendInit();
            } else if (state == State.COOKIE_ECHOED) {
                sendCookieEcho();
            }
            t1 = now + SECOND;
        }
        if (now >= dataTimer && !messageAcked) {
            sendData();
            dataTimer = now + SECOND;
        }
    }

    @Override
    public long deadline() {
        return Math.min(t1, dataTimer);
    }

    @Override
    public boolean established() {
        return state == State.ESTABLISHED;
    }

    @Override
    public int localTag() {
        return tag;
    }

    @Override
    public int peerTag() {
        return peerTag;
    }

    @Override
    public void send(byte[] m, long now) {
        if (state != State.ESTABLISHED || message != null) {
            throw new IllegalStateException(behaviour.name + " model sends one message once established");
        }
        message = m.clone();
        sendData();
        dataTimer = now + SECOND;
    }

    @Override
    public List<byte[]> received() {
        return received;
    }

    @Override
    public String describe() {
        return behaviour.name + "[" + state + " tag=" + Integer.toUnsignedString(tag) + " peerTag="
                + Integer.toUnsignedString(peerTag) + " peerNextTsn=" + Integer.toUnsignedString(peerNextTsn) + "]";
    }
}
