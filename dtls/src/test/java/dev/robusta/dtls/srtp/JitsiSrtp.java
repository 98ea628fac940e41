package dev.robusta.dtls.srtp;

import java.lang.reflect.Field;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.HmacSha1;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * jitsi-srtp, the independent implementation we check against, set to its pure-Java path: SunJCE ciphers
 * rather than its bundled OpenSSL (JNI) library, and SunJCE's HMAC-SHA1.
 */
final class JitsiSrtp {
    private static boolean pureJava;

    private JitsiSrtp() {}

    static synchronized void usePureJava() {
        if (pureJava) {
            return;
        }
        Aes.setFactoryClassName("org.jitsi.srtp.crypto.Aes$SunJCECipherFactory");
        try {
            // HmacSha1 picks the first provider of this list; it would put the OpenSSL one first if it loads.
            Field providers = HmacSha1.class.getDeclaredField("providers");
            providers.setAccessible(true);
            List<Provider> sunJce = new ArrayList<>(List.of(Security.getProvider("SunJCE")));
            providers.set(null, sunJce);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot select jitsi-srtp's SunJCE HMAC", e);
        }
        pureJava = true;
    }

    static SrtpPolicy policy(SrtpProfile profile, boolean rtcp) {
        int tag = rtcp ? profile.rtcpAuthTagLength() : profile.rtpAuthTagLength();
        return profile.isAead()
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.masterKeyLength(),
                        SrtpPolicy.NULL_AUTHENTICATION, 0, tag, profile.masterSaltLength())
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.masterKeyLength(),
                        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tag, profile.masterSaltLength());
    }

    static SrtpContextFactory factory(SrtpProfile profile, boolean sender, byte[] masterKey, byte[] masterSalt) {
        usePureJava();
        return new SrtpContextFactory(sender, masterKey.clone(), masterSalt.clone(), policy(profile, false),
                policy(profile, true), new LoggerImpl(JitsiSrtp.class.getName()));
    }

    /** jitsi-srtp's per-SSRC contexts of one factory, created on first use. */
    static final class Contexts {
        private final SrtpContextFactory factory;
        private final java.util.Map<Integer, SrtpCryptoContext> rtp = new java.util.HashMap<>();
        private final java.util.Map<Integer, SrtcpCryptoContext> rtcp = new java.util.HashMap<>();

        Contexts(SrtpContextFactory factory) {
            this.factory = factory;
        }

        SrtpCryptoContext rtp(int ssrc) throws GeneralSecurityException {
            SrtpCryptoContext c = rtp.get(ssrc);
            if (c == null) {
                c = factory.deriveContext(ssrc, 0);
                rtp.put(ssrc, c);
            }
            return c;
        }

        SrtcpCryptoContext rtcp(int ssrc) throws GeneralSecurityException {
            SrtcpCryptoContext c = rtcp.get(ssrc);
            if (c == null) {
                c = factory.deriveControlContext(ssrc);
                rtcp.put(ssrc, c);
            }
            return c;
        }
    }

    static void check(SrtpErrorStatus status, String what) {
        if (status != SrtpErrorStatus.OK) {
            throw new AssertionError("jitsi-srtp " + what + ": " + status);
        }
    }

    /** A {@link ByteArrayBuffer} over a caller's array, as jitsi-srtp wants its packets. */
    static final class Buffer implements ByteArrayBuffer {
        private byte[] buffer;
        private int offset;
        private int length;

        Buffer(byte[] buffer, int offset, int length) {
            reset(buffer, offset, length);
        }

        Buffer reset(byte[] buffer, int offset, int length) {
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
            return this;
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            length = len;
        }

        @Override
        public void setOffset(int off) {
            offset = off;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] outBuf) {
            System.arraycopy(buffer, offset + off, outBuf, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (offset + length + howMuch > buffer.length) {
                throw new IllegalStateException("no room to grow by " + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
