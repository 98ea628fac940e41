package dev.robusta.dtls.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The RFC test vectors: RFC 3711 appendix B.2 and B.3, RFC 7714 sections 16 and 17. */
class SrtpVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    // ---- RFC 3711 appendix B.2: AES-CM keystream ----

    @Test
    void rfc3711B2AesCounterModeKeystream() {
        AesCounterMode ctr = new AesCounterMode(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] keystream = new byte[0x10000 * 16]; // every block of the 2^16-block keystream the appendix shows
        ctr.xor(iv, keystream, 0, keystream.length);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4", block(keystream, 0x0000));
        assertEquals("d23513162b02d0f72a43a2fe4a5f97ab", block(keystream, 0x0001));
        assertEquals("41e95b3bb0a2e8dd477901e4fca894c0", block(keystream, 0x0002));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4", block(keystream, 0xfeff));
        assertEquals("362b7c3c6773516318a077d7fc5073ae", block(keystream, 0xff00));
        assertEquals("6a2cc3787889374fbeb4c81b17ba6c44", block(keystream, 0xff01));
    }

    @Test
    void keystreamIsTheSameWhateverTheChunking() {
        AesCounterMode ctr = new AesCounterMode(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] whole = new byte[5000];
        ctr.xor(iv, whole, 0, whole.length);
        // 5000 bytes span several internal chunks; a 17-byte prefix ends mid-block
        byte[] prefix = new byte[17];
        ctr.xor(iv, prefix, 0, prefix.length);
        assertArrayEquals(Arrays.copyOf(whole, 17), prefix);
        assertEquals("6a2cc3787889374fbeb4c81b17ba6c44", block(whole(ctr, iv, 0xff02 * 16), 0xff01));
    }

    private static byte[] whole(AesCounterMode ctr, byte[] iv, int length) {
        byte[] b = new byte[length];
        ctr.xor(iv, b, 0, length);
        return b;
    }

    private static String block(byte[] keystream, int index) {
        return HEX.formatHex(keystream, index * 16, index * 16 + 16);
    }

    // ---- RFC 3711 appendix B.3: key derivation ----

    @Test
    void rfc3711B3KeyDerivation() {
        byte[] masterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");
        SrtpKdf.SessionKeys keys = SrtpKdf.rtpKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, masterKey, masterSalt);
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", HEX.formatHex(keys.encryptionKey()));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", HEX.formatHex(keys.salt()));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", HEX.formatHex(keys.authKey()));
        // The appendix prints more of the authentication-key keystream than the 160 bits HMAC-SHA1 uses.
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce"
                        + "e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25"
                        + "6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2",
                HEX.formatHex(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTH, 94)));
    }

    // ---- RFC 7714 section 16: SRTP with AEAD_AES_128_GCM (16.1) and AEAD_AES_256_GCM (16.2) ----

    private static final String KEY_128 = "000102030405060708090a0b0c0d0e0f";
    private static final String KEY_256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String SALT = "517569642070726f2071756f"; // "Quid pro quo"
    private static final String RTP = "8040f17b8041f8d35501a0b2"
            + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private static final String SRTP_128 = "8040f17b8041f8d35501a0b2"
            + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
            + "899d7f27beb16a9152cf765ee4390cce";
    private static final String SRTP_256 = "8040f17b8041f8d35501a0b2"
            + "32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b"
            + "7aa3db36dfffd6b0f9bb7878d7a76c13";

    static SrtpSession sessionFromSessionKeys(SrtpProfile profile, String key, String salt) {
        SrtpKdf.SessionKeys keys = new SrtpKdf.SessionKeys(hex(key), hex(salt), new byte[0]);
        return new SrtpSession(profile, keys, keys, keys, keys, SrtpConfig.defaults());
    }

    @Test
    void rfc7714Section16_1AeadAes128GcmSrtp() throws SrtpException {
        checkSrtp(SrtpProfile.AEAD_AES_128_GCM, KEY_128, SRTP_128);
    }

    @Test
    void rfc7714Section16_2AeadAes256GcmSrtp() throws SrtpException {
        checkSrtp(SrtpProfile.AEAD_AES_256_GCM, KEY_256, SRTP_256);
    }

    private static void checkSrtp(SrtpProfile profile, String key, String expected) throws SrtpException {
        byte[] packet = Arrays.copyOf(hex(RTP), 200);
        int len = sessionFromSessionKeys(profile, key, SALT).protectRtp(packet, 0, hex(RTP).length);
        assertEquals(expected, HEX.formatHex(packet, 0, len));

        byte[] srtp = hex(expected);
        int plain = sessionFromSessionKeys(profile, key, SALT).unprotectRtp(srtp, 0, srtp.length);
        assertEquals(RTP, HEX.formatHex(srtp, 0, plain));
    }

    /** 16.1.3/16.1.4 and 16.2.3/16.2.4: the whole packet as associated data, nothing encrypted (the GMAC form). */
    @Test
    void rfc7714Section16TaggingOnly() {
        byte[] iv = hex("51753c6580c2726f20718414");
        assertEquals("22493f82d2bce397e9d79e3b19aa4216", gmac(KEY_128, iv, hex(RTP)));
        assertEquals("a866d5910f887463067ceefec45215d4", gmac(KEY_256, iv, hex(RTP)));
        AesGcm gcm = new AesGcm(hex(KEY_128), true);
        byte[] rtp = hex(RTP);
        assertEquals(true, gcm.open(iv, rtp, 0, rtp.length, new byte[0], 0, 0, rtp, 0, 0,
                hex("22493f82d2bce397e9d79e3b19aa4216"), 0));
        assertEquals(false, gcm.open(iv, rtp, 0, rtp.length, new byte[0], 0, 0, rtp, 0, 0,
                hex("22493f82d2bce397e9d79e3b19aa4217"), 0));
    }

    private static String gmac(String key, byte[] iv, byte[] aad) {
        byte[] tag = new byte[16];
        new AesGcm(hex(key), false).seal(iv, aad, 0, aad.length, new byte[0], 0, 0, aad, 0, 0, tag, 0);
        return HEX.formatHex(tag);
    }

    // ---- RFC 7714 section 17: SRTCP ----

    private static final String RTCP = "81c8000d4d617273"
            + "4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private static final int SRTCP_INDEX = 0x5d4;
    private static final String SRTCP_128 = "81c8000d4d617273"
            + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b"
            + "c84aa45896cf4d2fc5abf87245d9eade" + "800005d4";
    private static final String SRTCP_256 = "81c8000d4d617273"
            + "d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad"
            + "1d1eb30c4446839f57ff6f6cb26ac3be" + "800005d4";
    private static final String SRTCP_128_UNENCRYPTED = RTCP + "841dd9683dd78ec92ae58790125f62b3" + "000005d4";
    private static final String SRTCP_256_UNENCRYPTED = RTCP + "91db4afbfeee5a978fab4393ed2615fe" + "000005d4";

    @Test
    void rfc7714Section17_1Aes128GcmSrtcp() throws SrtpException {
        checkSrtcp(SrtpProfile.AEAD_AES_128_GCM, KEY_128, SRTCP_128, true);
    }

    @Test
    void rfc7714Section17_2Aes256GcmSrtcp() throws SrtpException {
        checkSrtcp(SrtpProfile.AEAD_AES_256_GCM, KEY_256, SRTCP_256, true);
    }

    @Test
    void rfc7714Section17_3Aes128GcmSrtcpUnencrypted() throws SrtpException {
        checkSrtcp(SrtpProfile.AEAD_AES_128_GCM, KEY_128, SRTCP_128_UNENCRYPTED, false);
    }

    @Test
    void rfc7714Section17_4Aes256GcmSrtcpUnencrypted() throws SrtpException {
        checkSrtcp(SrtpProfile.AEAD_AES_256_GCM, KEY_256, SRTCP_256_UNENCRYPTED, false);
    }

    private static void checkSrtcp(SrtpProfile profile, String key, String expected, boolean encrypt)
            throws SrtpException {
        byte[] srtcp = hex(expected);
        int plain = sessionFromSessionKeys(profile, key, SALT).unprotectRtcp(srtcp, 0, srtcp.length);
        assertEquals(RTCP, HEX.formatHex(srtcp, 0, plain));

        // Our SRTCP index starts at 0 per SSRC: send up to the vector's index first.
        SrtpSession sender = sessionFromSessionKeys(profile, key, SALT);
        byte[] rtcp = hex(RTCP);
        byte[] buf = new byte[200];
        for (int i = 0; i < SRTCP_INDEX; i++) {
            System.arraycopy(rtcp, 0, buf, 0, rtcp.length);
            sender.protectRtcp(buf, 0, rtcp.length, encrypt);
        }
        System.arraycopy(rtcp, 0, buf, 0, rtcp.length);
        int len = sender.protectRtcp(buf, 0, rtcp.length, encrypt);
        assertEquals(expected, HEX.formatHex(buf, 0, len));
    }
}
