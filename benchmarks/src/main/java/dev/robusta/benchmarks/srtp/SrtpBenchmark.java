package dev.robusta.benchmarks.srtp;

import dev.robusta.dtls.srtp.SrtpException;
import dev.robusta.dtls.srtp.SrtpKeys;
import dev.robusta.dtls.srtp.SrtpProfile;
import dev.robusta.dtls.srtp.SrtpSession;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP protect and unprotect of one RTP packet (12-byte header, 160- or 1200-byte payload) per operation: ours
 * ({@link SrtpSession}) and jitsi-srtp's pure-Java path side by side, in the same run. Operations per second are
 * packets per second; with {@code -prof gc} ours should allocate nothing.
 *
 * <p>Protect copies the plain packet into the work buffer, sets the next sequence number and protects it.
 * Unprotect copies the next of a ring of 1024 consecutive SRTP packets into the work buffer and unprotects it;
 * ours runs with its replay check on (the stream is forgotten after each lap of the ring, which reuses its
 * state), jitsi-srtp with its replay check off, as its own performance test does.
 *
 * <p>{@code protectJdkFloor} and {@code unprotectJdkFloor} do only the JDK crypto such a packet needs, with no
 * SRTP around it: the floor neither implementation can go below on the JDK. For the GCM profiles, the JDK's
 * AES/GCM cipher (initialised per packet, as a new IV requires; this is jitsi-srtp's engine, with GHASH on
 * carry-less multiply instructions) seals or opens the packet. For AES-CM, the JDK's HMAC-SHA1 ({@code Mac},
 * keyed once) authenticates the packet and ROC, and an AES/CTR cipher keyed once XORs the payload (no per-packet
 * IV set-up, which the JDK's API cannot skip for a real per-packet IV). The floor allocates what the JDK's
 * ciphers allocate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBenchmark {
    private static final int SSRC = 0x5EED_0001;
    private static final int RING = 1024;

    @Param({"AES128_CM_HMAC_SHA1_80", "AES128_CM_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpProfile profile;

    @Param({"160", "1200"})
    public int payload;

    private byte[] plain;
    private final byte[] work = new byte[1500];
    private byte[][] ring;
    private int[] ringLength;
    private int nextOurs; // separate ring positions: SrtpInterleavedHarness alternates the two receivers
    private int nextJitsi;
    private int seq;

    private SrtpSession oursSender;
    private SrtpSession oursReceiver;
    private SrtpCryptoContext jitsiSender;
    private SrtpCryptoContext jitsiReceiver;
    private JitsiPureJava.Buffer jitsiBuffer;

    private final byte[] floorOut = new byte[1500];
    private final byte[] rocBytes = new byte[4];
    private Cipher floorCipher;
    private SecretKeySpec floorKey;
    private GCMParameterSpec[] floorIvs; // GCM encryption refuses the IV it used last: two take turns
    private int floorTurn;
    private byte[] floorSealed; // a packet the JDK's GCM sealed under floorIvs[0], for unprotectJdkFloor
    private Mac floorMac;

    @Setup
    public void setUp() throws SrtpException, GeneralSecurityException {
        Random random = new Random(42);
        byte[] material = new byte[profile.keyingMaterialLength()];
        random.nextBytes(material);
        SrtpKeys client = SrtpKeys.fromKeyingMaterial(profile, material, true);
        SrtpKeys server = SrtpKeys.fromKeyingMaterial(profile, material, false);
        oursSender = new SrtpSession(client);
        oursReceiver = new SrtpSession(server);
        jitsiSender = JitsiPureJava.factory(profile, true, client.localMasterKey(), client.localMasterSalt(), true)
                .deriveContext(SSRC, 0);
        jitsiReceiver = JitsiPureJava.factory(profile, false, client.localMasterKey(), client.localMasterSalt(),
                false).deriveContext(SSRC, 0);
        jitsiBuffer = new JitsiPureJava.Buffer(work);

        plain = new byte[12 + payload];
        random.nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 96;
        plain[8] = (byte) (SSRC >>> 24);
        plain[9] = (byte) (SSRC >>> 16);
        plain[10] = (byte) (SSRC >>> 8);
        plain[11] = (byte) SSRC;

        // A separate sender makes the ring: packets 0..1023 of a stream, as the receivers' first lap expects.
        SrtpSession ringSender = new SrtpSession(client);
        ring = new byte[RING][];
        ringLength = new int[RING];
        for (int i = 0; i < RING; i++) {
            byte[] p = Arrays.copyOf(plain, 1500);
            p[2] = (byte) (i >>> 8);
            p[3] = (byte) i;
            ringLength[i] = ringSender.protectRtp(p, 0, plain.length);
            ring[i] = Arrays.copyOf(p, ringLength[i]);
        }
        // Refuse to measure anything that does not verify.
        for (int i = 0; i < 3; i++) {
            if (unprotectOurs() != plain.length || unprotectJitsi() != plain.length) {
                throw new IllegalStateException("benchmark packets do not verify");
            }
        }
        nextOurs = 0;
        nextJitsi = 0;
        oursReceiver.forgetRemoteSsrc(SSRC);
        setUpFloor(client.localMasterKey());
    }

    private void setUpFloor(byte[] key) throws GeneralSecurityException {
        floorKey = new SecretKeySpec(key, "AES");
        floorMac = Mac.getInstance("HmacSHA1");
        floorMac.init(new SecretKeySpec(Arrays.copyOf(key, 20), "HmacSHA1"));
        if (profile.isAead()) {
            floorCipher = Cipher.getInstance("AES/GCM/NoPadding");
            floorIvs = new GCMParameterSpec[] {new GCMParameterSpec(128, new byte[12]),
                    new GCMParameterSpec(128, Arrays.copyOf(new byte[] {1}, 12))};
            floorCipher.init(Cipher.ENCRYPT_MODE, floorKey, floorIvs[0]);
            floorCipher.updateAAD(plain, 0, 12);
            floorSealed = Arrays.copyOf(plain, plain.length + 16);
            floorCipher.doFinal(plain, 12, payload, floorSealed, 12);
            floorTurn = 0;
        } else {
            floorCipher = Cipher.getInstance("AES/CTR/NoPadding");
            floorCipher.init(Cipher.ENCRYPT_MODE, floorKey, new IvParameterSpec(new byte[16]));
        }
    }

    @Benchmark
    public int protectOurs() throws SrtpException {
        return oursSender.protectRtp(nextPlain(), 0, plain.length);
    }

    @Benchmark
    public int protectJitsi() throws GeneralSecurityException {
        nextPlain();
        SrtpErrorStatus status = jitsiSender.transformPacket(jitsiBuffer.length(plain.length));
        if (status != SrtpErrorStatus.OK) {
            throw new IllegalStateException("jitsi-srtp protect: " + status);
        }
        return jitsiBuffer.getLength();
    }

    @Benchmark
    public int unprotectOurs() throws SrtpException {
        int i = nextOurs;
        nextOurs = i + 1 == RING ? 0 : i + 1;
        copySrtp(i);
        if (i == RING - 1) {
            try {
                return oursReceiver.unprotectRtp(work, 0, ringLength[i]);
            } finally {
                oursReceiver.forgetRemoteSsrc(SSRC); // the next lap repeats these indexes
            }
        }
        return oursReceiver.unprotectRtp(work, 0, ringLength[i]);
    }

    @Benchmark
    public int unprotectJitsi() throws GeneralSecurityException {
        int i = nextJitsi;
        nextJitsi = i + 1 == RING ? 0 : i + 1;
        copySrtp(i);
        SrtpErrorStatus status = jitsiReceiver.reverseTransformPacket(jitsiBuffer.length(ringLength[i]), false);
        if (status != SrtpErrorStatus.OK) {
            throw new IllegalStateException("jitsi-srtp unprotect: " + status);
        }
        return jitsiBuffer.getLength();
    }

    @Benchmark
    public int protectJdkFloor() throws GeneralSecurityException {
        byte[] p = copyPlain();
        if (profile.isAead()) {
            floorTurn ^= 1;
            floorCipher.init(Cipher.ENCRYPT_MODE, floorKey, floorIvs[floorTurn]);
            floorCipher.updateAAD(p, 0, 12);
            return floorCipher.doFinal(p, 12, payload, floorOut, 0);
        }
        return cmFloor(p);
    }

    @Benchmark
    public int unprotectJdkFloor() throws GeneralSecurityException {
        if (profile.isAead()) {
            floorCipher.init(Cipher.DECRYPT_MODE, floorKey, floorIvs[0]);
            floorCipher.updateAAD(floorSealed, 0, 12);
            return floorCipher.doFinal(floorSealed, 12, payload + 16, floorOut, 0);
        }
        return cmFloor(copyPlain());
    }

    private int cmFloor(byte[] p) throws GeneralSecurityException {
        floorMac.update(p, 0, plain.length);
        floorMac.update(rocBytes, 0, 4);
        floorMac.doFinal(floorOut, 0);
        return floorCipher.update(p, 12, payload, floorOut, 0); // in place, the JDK would copy the input
    }

    /** The plain packet in the work buffer, leaving the sequence numbers the two senders see alone. */
    private byte[] copyPlain() {
        System.arraycopy(plain, 0, work, 0, plain.length);
        return work;
    }

    private byte[] nextPlain() {
        System.arraycopy(plain, 0, work, 0, plain.length);
        seq = (seq + 1) & 0xFFFF;
        work[2] = (byte) (seq >>> 8);
        work[3] = (byte) seq;
        return work;
    }

    private void copySrtp(int i) {
        System.arraycopy(ring[i], 0, work, 0, ringLength[i]);
    }
}
