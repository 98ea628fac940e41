package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our allocation-free AES-CTR, GHASH/GCM and HMAC-SHA1 against the JDK's own ciphers, on seeded random input. */
class CryptoPrimitivesTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void gcmMatchesTheJdkForBothTableWidths(int keyLength) throws Exception {
        Random random = new Random(7 + keyLength);
        for (boolean wide : new boolean[] {true, false}) {
            byte[] key = bytes(random, keyLength);
            AesGcm ours = new AesGcm(key, wide);
            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            for (int n = 0; n < 300; n++) {
                byte[] iv = bytes(random, 12);
                byte[] aad1 = bytes(random, random.nextInt(40));
                byte[] aad2 = bytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(9));
                byte[] plain = bytes(random, random.nextInt(n < 100 ? 40 : 3000));
                byte[] aad = concat(aad1, aad2);

                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                jdk.updateAAD(aad);
                byte[] expected = jdk.doFinal(plain);

                byte[] buf = Arrays.copyOf(plain, plain.length + 16);
                ours.seal(iv, aad1, 0, aad1.length, aad2, 0, aad2.length, buf, 0, plain.length, buf, plain.length);
                assertArrayEquals(expected, buf, "seal, wide=" + wide + " n=" + n);

                assertTrue(ours.open(iv, aad1, 0, aad1.length, aad2, 0, aad2.length, buf, 0, plain.length,
                        buf, plain.length));
                assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));

                byte[] sealed = expected.clone();
                sealed[random.nextInt(sealed.length)] ^= (byte) (1 << random.nextInt(8));
                byte[] before = sealed.clone();
                assertFalse(ours.open(iv, aad1, 0, aad1.length, aad2, 0, aad2.length, sealed, 0, plain.length,
                        sealed, plain.length), "a flipped bit must fail");
                assertArrayEquals(before, sealed, "a failed open leaves the data untouched");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void counterModeMatchesTheJdk(int keyLength) throws Exception {
        Random random = new Random(11 + keyLength);
        byte[] key = bytes(random, keyLength);
        AesCounterMode ours = new AesCounterMode(key);
        Cipher jdk = Cipher.getInstance("AES/CTR/NoPadding");
        for (int n = 0; n < 200; n++) {
            byte[] iv = bytes(random, 16);
            iv[12] = 0; // keep the 32-bit counter from wrapping into byte 11, which the JDK would carry into
            byte[] data = bytes(random, random.nextInt(5000));
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] expected = jdk.doFinal(data);
            int off = random.nextInt(7);
            byte[] buf = new byte[off + data.length];
            System.arraycopy(data, 0, buf, off, data.length);
            ours.xor(iv, buf, off, data.length);
            assertArrayEquals(expected, Arrays.copyOfRange(buf, off, buf.length));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 64, 100})
    void hmacSha1MatchesTheJdk(int keyLength) throws Exception {
        Random random = new Random(13 + keyLength);
        byte[] key = bytes(random, keyLength);
        HmacSha1 ours = new HmacSha1(key);
        Mac jdk = Mac.getInstance("HmacSHA1");
        jdk.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] out = new byte[25];
        for (int n = 0; n < 200; n++) {
            byte[] a = bytes(random, random.nextInt(1500));
            byte[] b = bytes(random, random.nextInt(5));
            ours.update(a, 0, a.length);
            ours.update(b, 0, b.length);
            ours.finish(out, 5);
            assertArrayEquals(jdk.doFinal(concat(a, b)), Arrays.copyOfRange(out, 5, 25));
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
