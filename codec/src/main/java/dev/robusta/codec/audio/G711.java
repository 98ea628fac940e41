package dev.robusta.codec.audio;

import java.util.Objects;

/**
 * G.711 companding (ITU-T G.711; RTP payload types 0 PCMU and 8 PCMA, RFC 3551 4.5.14): one byte per 16-bit
 * linear sample, 8 kHz mono in telephony. Stateless; every method is a table lookup per sample and allocates
 * nothing.
 *
 * <p>Encoding picks, for the sample's top 14 bits, the code whose decoded level is nearest (decision thresholds
 * halfway between adjacent levels, rounded), which is what FFmpeg's {@code pcm_mulaw} / {@code pcm_alaw} encoders
 * produce: tests compare both byte for byte over every 16-bit input.
 */
public final class G711 {

    /** The two companding laws. */
    public enum Law {
        /** μ-law (North America, Japan): RTP payload type 0, "PCMU". */
        MU_LAW(0, "PCMU", 0xFF),
        /** A-law (Europe and elsewhere): RTP payload type 8, "PCMA". */
        A_LAW(8, "PCMA", 0xD5);

        private final int payloadType;
        private final String encodingName;
        /** The code of the smallest positive level; positive code i is {@code i ^ mask}, negative adds 0x80. */
        final int mask;

        Law(int payloadType, String encodingName, int mask) {
            this.payloadType = payloadType;
            this.encodingName = encodingName;
            this.mask = mask;
        }

        /** The static RTP payload type (RFC 3551 table 4). */
        public int payloadType() {
            return payloadType;
        }

        /** The SDP encoding name. */
        public String encodingName() {
            return encodingName;
        }
    }

    private static final short[] MU_DECODE = new short[256];
    private static final short[] A_DECODE = new short[256];
    /** Indexed by the unsigned 16-bit sample. */
    private static final byte[] MU_ENCODE = new byte[65536];
    private static final byte[] A_ENCODE = new byte[65536];

    static {
        for (int code = 0; code < 256; code++) {
            MU_DECODE[code] = (short) muLawLevel(code);
            A_DECODE[code] = (short) aLawLevel(code);
        }
        buildEncoder(Law.MU_LAW, MU_DECODE, MU_ENCODE);
        buildEncoder(Law.A_LAW, A_DECODE, A_ENCODE);
    }

    private G711() {
    }

    /** μ-law expansion (G.711 table 2): 8 segments of 16 steps, biased by 33 in 14-bit units. */
    private static int muLawLevel(int code) {
        int u = ~code & 0xFF;
        int magnitude = ((((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** A-law expansion (G.711 table 1): even bits inverted; segment 0 and 1 share a step size. */
    private static int aLawLevel(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int segment = (a & 0x70) >> 4;
        int magnitude = ((a & 0x0F) << 4) + 8;
        if (segment > 0) {
            magnitude = (magnitude + 0x100) << (segment - 1);
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    private static void buildEncoder(Law law, short[] decode, byte[] encode) {
        // thresholds[i] is the 14-bit magnitude from which positive level i + 1 is nearer than level i.
        int[] thresholds = new int[127];
        for (int i = 0; i < 127; i++) {
            int lower = decode[i ^ law.mask];
            int upper = decode[(i + 1) ^ law.mask];
            thresholds[i] = (lower + upper + 4) >> 3;
        }
        for (int s = -32768; s < 32768; s++) {
            int q = s >> 2;
            boolean negative = q < 0;
            int magnitude = negative ? -q : q;
            int level = 0;
            while (level < 127 && thresholds[level] <= magnitude) {
                level++;
            }
            int code = negative ? level ^ law.mask ^ 0x80 : level ^ law.mask;
            encode[s & 0xFFFF] = (byte) code;
        }
    }

    /** Encodes one sample. */
    public static byte encode(Law law, short sample) {
        return (law == Law.MU_LAW ? MU_ENCODE : A_ENCODE)[sample & 0xFFFF];
    }

    /** Decodes one code. */
    public static short decode(Law law, byte code) {
        return (law == Law.MU_LAW ? MU_DECODE : A_DECODE)[code & 0xFF];
    }

    /** Encodes {@code count} samples from {@code pcm[pcmOffset..]} into {@code out[outOffset..]}. */
    public static void encode(Law law, short[] pcm, int pcmOffset, int count, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(pcmOffset, count, pcm.length);
        Objects.checkFromIndexSize(outOffset, count, out.length);
        byte[] table = law == Law.MU_LAW ? MU_ENCODE : A_ENCODE;
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = table[pcm[pcmOffset + i] & 0xFFFF];
        }
    }

    /** Decodes {@code count} codes from {@code in[inOffset..]} into {@code pcm[pcmOffset..]}. */
    public static void decode(Law law, byte[] in, int inOffset, int count, short[] pcm, int pcmOffset) {
        Objects.checkFromIndexSize(inOffset, count, in.length);
        Objects.checkFromIndexSize(pcmOffset, count, pcm.length);
        short[] table = law == Law.MU_LAW ? MU_DECODE : A_DECODE;
        for (int i = 0; i < count; i++) {
            pcm[pcmOffset + i] = table[in[inOffset + i] & 0xFF];
        }
    }
}
