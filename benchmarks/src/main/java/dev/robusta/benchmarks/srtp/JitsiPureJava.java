package dev.robusta.benchmarks.srtp;

import dev.robusta.dtls.srtp.SrtpProfile;
import java.lang.reflect.Field;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.HmacSha1;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * jitsi-srtp, the baseline, on its pure-Java path: SunJCE for AES (not its bundled OpenSSL JNI library, which
 * was slower here) and SunJCE's HMAC-SHA1 (it would take OpenSSL's first when the library loads).
 */
final class JitsiPureJava {
    private static boolean selected;

    private JitsiPureJava() {}

    static synchronized void select() {
        if (selected) {
            return;
        }
        Aes.setFactoryClassName("org.jitsi.srtp.crypto.Aes$SunJCECipherFactory");
        try {
            Field providers = HmacSha1.class.getDeclaredField("providers");
            providers.setAccessible(true);
            List<Provider> sunJce = new ArrayList<>(List.of(Security.getProvider("SunJCE")));
            providers.set(null, sunJce);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot select jitsi-srtp's SunJCE HMAC", e);
        }
        selected = true;
    }

    static SrtpContextFactory factory(SrtpProfile profile, boolean sender, byte[] key, byte[] salt,
                                      boolean replayCheck) {
        select();
        SrtpPolicy rtp = policy(profile, profile.rtpAuthTagLength());
        rtp.setReceiveReplayEnabled(replayCheck);
        return new SrtpContextFactory(sender, key.clone(), salt.clone(), rtp,
                policy(profile, profile.rtcpAuthTagLength()), new LoggerImpl(JitsiPureJava.class.getName()));
    }

    private static SrtpPolicy policy(SrtpProfile profile, int tag) {
        return profile.isAead()
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.masterKeyLength(),
                        SrtpPolicy.NULL_AUTHENTICATION, 0, tag, profile.masterSaltLength())
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.masterKeyLength(),
                        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tag, profile.masterSaltLength());
    }

    /** The {@link ByteArrayBuffer} jitsi-srtp transforms, over a reused array. */
    static final class Buffer implements ByteArrayBuffer {
        private final byte[] buffer;
        private int length;

        Buffer(byte[] buffer) {
            this.buffer = buffer;
        }

        Buffer length(int len) {
            length = len;
            return this;
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return 0;
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
            if (off != 0) {
                throw new UnsupportedOperationException("offset stays 0");
            }
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(buffer, off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (length + howMuch > buffer.length) {
                throw new IllegalStateException("no room");
            }
        }

        @Override
        public void append(byte[] data, int len) {
            System.arraycopy(data, 0, buffer, length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length -= len;
        }
    }
}
