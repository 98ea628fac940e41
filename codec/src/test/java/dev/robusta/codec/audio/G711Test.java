package dev.robusta.codec.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.media.WavWriter;
import dev.robusta.codec.video.AudioFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** G.711 against FFmpeg's pcm_mulaw / pcm_alaw over every 16-bit sample and every code. */
class G711Test {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        ExternalTools.require("ffmpeg");
    }

    /** Every 16-bit value once, from -32768 up. */
    private static short[] everySample() {
        short[] s = new short[65536];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (i - 32768);
        }
        return s;
    }

    @Test
    void muLawEncodeEqualsFfmpegForEverySample() throws Exception {
        encodeEqualsFfmpeg(G711.Law.MU_LAW, "pcm_mulaw", "mulaw");
    }

    @Test
    void aLawEncodeEqualsFfmpegForEverySample() throws Exception {
        encodeEqualsFfmpeg(G711.Law.A_LAW, "pcm_alaw", "alaw");
    }

    private static void encodeEqualsFfmpeg(G711.Law law, String codec, String format) throws Exception {
        short[] pcm = everySample();
        Path wav = dir.resolve(format + "-in.wav");
        try (WavWriter w = WavWriter.create(wav, 8000, 1)) {
            w.write(AudioFrame.wrap(pcm, 0, 8000, 1, pcm.length));
        }
        Path out = dir.resolve(format + ".raw");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", wav.toString(), "-c:a", codec,
                "-f", format, out.toString()), dir);
        byte[] expected = Files.readAllBytes(out);
        byte[] actual = new byte[pcm.length];
        G711.encode(law, pcm, 0, pcm.length, actual, 0);
        assertEquals(65536, expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected[i], actual[i], "sample " + pcm[i]);
        }
        assertEquals(expected[40000], G711.encode(law, pcm[40000]));
    }

    @Test
    void muLawDecodeEqualsFfmpegForEveryCode() throws Exception {
        decodeEqualsFfmpeg(G711.Law.MU_LAW, "mulaw");
    }

    @Test
    void aLawDecodeEqualsFfmpegForEveryCode() throws Exception {
        decodeEqualsFfmpeg(G711.Law.A_LAW, "alaw");
    }

    private static void decodeEqualsFfmpeg(G711.Law law, String format) throws Exception {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        Path in = dir.resolve(format + "-codes.raw");
        Files.write(in, codes);
        Path out = dir.resolve(format + "-decoded.raw");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-f", format, "-ar", "8000", "-ac", "1",
                "-i", in.toString(), "-f", "s16le", out.toString()), dir);
        short[] expected = new short[256];
        ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(expected);
        short[] actual = new short[256];
        G711.decode(law, codes, 0, 256, actual, 0);
        assertArrayEquals(expected, actual);
    }

    /** RFC 3551 4.5.14 / G.711: the quiet codes and the laws' symmetric ranges. */
    @Test
    void knownLevels() {
        assertEquals(0, G711.decode(G711.Law.MU_LAW, (byte) 0xFF));
        assertEquals(-32124, G711.decode(G711.Law.MU_LAW, (byte) 0x00));
        assertEquals(32124, G711.decode(G711.Law.MU_LAW, (byte) 0x80));
        assertEquals(8, G711.decode(G711.Law.A_LAW, (byte) 0xD5));
        assertEquals(-8, G711.decode(G711.Law.A_LAW, (byte) 0x55));
        assertEquals(32256, G711.decode(G711.Law.A_LAW, (byte) 0xAA));
        assertEquals((byte) 0xFF, G711.encode(G711.Law.MU_LAW, (short) 0));
        assertEquals((byte) 0xD5, G711.encode(G711.Law.A_LAW, (short) 0));
        assertEquals(0, G711.Law.MU_LAW.payloadType());
        assertEquals(8, G711.Law.A_LAW.payloadType());
        assertEquals("PCMA", G711.Law.A_LAW.encodingName());
    }

    /** Decoding then encoding returns every code (a level is its own nearest level), except μ-law's negative zero. */
    @Test
    void encodeInvertsDecode() {
        for (G711.Law law : G711.Law.values()) {
            for (int c = 0; c < 256; c++) {
                short level = G711.decode(law, (byte) c);
                byte again = G711.encode(law, level);
                if (law == G711.Law.MU_LAW && c == 0x7F) {
                    assertEquals((byte) 0xFF, again);
                } else {
                    assertEquals((byte) c, again, law + " code " + c);
                }
            }
        }
        assertTrue(G711.decode(G711.Law.MU_LAW, (byte) 0x7F) == 0);
    }
}
