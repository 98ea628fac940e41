package dev.robusta.codec.rtp;

/**
 * Audio payload formats where one RTP payload carries one frame unchanged: Opus (RFC 7587: one Opus packet per
 * RTP packet, 48 kHz RTP clock whatever the coded rate) and PCMU/PCMA (RFC 3551 section 4.5.14: 8 kHz, one
 * byte per sample, static payload types 0 and 8). Timestamps advance by the frame's duration in samples.
 */
public final class AudioPayloaders {
    public static final int PCMU_PAYLOAD_TYPE = 0;
    public static final int PCMA_PAYLOAD_TYPE = 8;
    public static final int OPUS_CLOCK_RATE = 48_000;
    public static final int G711_CLOCK_RATE = 8_000;

    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};

    private AudioPayloaders() {}

    /**
     * Copies one Opus packet as an RTP payload.
     *
     * @return the payload length
     * @throws IllegalArgumentException if it exceeds {@code maxPayloadBytes} (RFC 7587 forbids splitting)
     */
    public static int opusPayload(byte[] opusPacket, int off, int len, byte[] out, int outOff, int maxPayloadBytes) {
        if (len < 1 || len > maxPayloadBytes) {
            throw new IllegalArgumentException("Opus packet of " + len + " bytes does not fit " + maxPayloadBytes);
        }
        System.arraycopy(opusPacket, off, out, outOff, len);
        return len;
    }

    /**
     * Opus frame duration in 48 kHz samples from the TOC byte and frame count (RFC 6716 section 3.1), for the
     * RTP timestamp step; -1 if the packet is malformed.
     */
    public static int opusSamples(byte[] p, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int toc = p[off] & 0xFF;
        int config = toc >>> 3;
        int frameSamples;
        if (config < 12) { // SILK: 10, 20, 40, 60 ms
            frameSamples = SILK_SAMPLES[config & 3];
        } else if (config < 16) { // hybrid: 10, 20 ms
            frameSamples = (config & 1) == 0 ? 480 : 960;
        } else { // CELT: 2.5, 5, 10, 20 ms
            frameSamples = CELT_SAMPLES[config & 3];
        }
        int frames;
        switch (toc & 3) {
            case 0 -> frames = 1;
            case 1, 2 -> frames = 2;
            default -> {
                if (len < 2) {
                    return -1;
                }
                frames = p[off + 1] & 0x3F;
            }
        }
        int total = frames * frameSamples;
        return total > 5760 || frames == 0 ? -1 : total; // at most 120 ms
    }

    /**
     * Copies {@code samples} G.711 samples (bytes) from {@code off} as one payload; the RTP timestamp advances by
     * {@code samples}. 20 ms (160 samples) is the usual packet.
     */
    public static int g711Payload(byte[] samples, int off, int count, byte[] out, int outOff, int maxPayloadBytes) {
        if (count < 1 || count > maxPayloadBytes) {
            throw new IllegalArgumentException(count + " G.711 samples do not fit " + maxPayloadBytes);
        }
        System.arraycopy(samples, off, out, outOff, count);
        return count;
    }
}
