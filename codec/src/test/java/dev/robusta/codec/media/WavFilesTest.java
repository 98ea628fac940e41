package dev.robusta.codec.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.robusta.codec.audio.G711;
import dev.robusta.codec.video.AudioFrame;
import dev.robusta.codec.video.MediaFormatException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFilesTest {
    @TempDir
    Path dir;

    private static short[] noise(int n, long seed) {
        Random r = new Random(seed);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) r.nextInt(65536);
        }
        return s;
    }

    private static short[] readAll(WavReader r, int block) throws Exception {
        AudioFrame f = AudioFrame.allocate(8000, 1, block);
        short[] all = new short[0];
        int n;
        while ((n = r.read(f, block)) > 0) {
            int count = n * f.channels();
            int old = all.length;
            all = Arrays.copyOf(all, old + count);
            System.arraycopy(f.samples(), f.offset(), all, old, count);
        }
        return all;
    }

    @Test
    void roundTripStereoInBlocks() throws Exception {
        short[] pcm = noise(2 * 4801, 1);
        Path wav = dir.resolve("a.wav");
        try (WavWriter w = WavWriter.create(wav, 48000, 2)) {
            w.write(AudioFrame.wrap(pcm, 0, 48000, 2, 2000));
            w.write(AudioFrame.wrap(pcm, 4000, 48000, 2, 2801));
        }
        assertEquals(44 + 2 * pcm.length, Files.size(wav));
        try (WavReader r = WavReader.open(wav)) {
            assertEquals(48000, r.sampleRateHz());
            assertEquals(2, r.channels());
            assertArrayEquals(pcm, readAll(r, 333));
        }
    }

    /** FFmpeg reads our file and writes its own (with a LIST chunk before data), which we read back. */
    @Test
    void interoperatesWithFfmpeg() throws Exception {
        ExternalTools.require("ffmpeg");
        short[] pcm = noise(16000, 2);
        Path ours = dir.resolve("ours.wav");
        try (WavWriter w = WavWriter.create(ours, 16000, 1)) {
            w.write(AudioFrame.wrap(pcm, 0, 16000, 1, pcm.length));
        }
        Path raw = dir.resolve("ffmpeg.raw");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", ours.toString(), "-f", "s16le",
                raw.toString()), dir);
        short[] decoded = new short[pcm.length];
        ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(decoded);
        assertArrayEquals(pcm, decoded);

        Path theirs = dir.resolve("theirs.wav");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", ours.toString(), "-metadata",
                "title=robusta", "-c:a", "pcm_s16le", theirs.toString()), dir);
        try (WavReader r = WavReader.open(theirs)) {
            assertEquals(16000, r.sampleRateHz());
            assertArrayEquals(pcm, readAll(r, 1000));
        }

        Path mulaw = dir.resolve("mulaw.wav");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", ours.toString(), "-c:a",
                "pcm_mulaw", mulaw.toString()), dir);
        short[] expected = new short[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            expected[i] = G711.decode(G711.Law.MU_LAW, G711.encode(G711.Law.MU_LAW, pcm[i]));
        }
        try (WavReader r = WavReader.open(mulaw)) {
            assertArrayEquals(expected, readAll(r, 160));
        }
    }

    @Test
    void badFilesGiveTypedErrors() throws Exception {
        Path wav = dir.resolve("b.wav");
        try (WavWriter w = WavWriter.create(wav, 8000, 1)) {
            w.write(AudioFrame.wrap(noise(100, 3), 0, 8000, 1, 100));
        }
        byte[] good = Files.readAllBytes(wav);
        // Every truncation inside the header, and inside the data.
        for (int len = 0; len < 44; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(MediaFormatException.class, () -> new WavReader(new ByteArrayInputStream(cut)), "" + len);
        }
        byte[] shortData = Arrays.copyOf(good, 44 + 51);
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> readAll(new WavReader(new ByteArrayInputStream(shortData)), 1000));
        assertEquals("WAV: truncated data: 149 bytes missing", e.getMessage());
        byte[] shortData2 = Arrays.copyOf(good, 44 + 50);
        assertThrows(MediaFormatException.class, () -> readAll(new WavReader(new ByteArrayInputStream(shortData2)),
                1000));

        byte[] notRiff = good.clone();
        notRiff[0] = 'X';
        assertThrows(MediaFormatException.class, () -> new WavReader(new ByteArrayInputStream(notRiff)));
        byte[] float32 = good.clone();
        float32[20] = 3; // WAVE_FORMAT_IEEE_FLOAT
        float32[34] = 32;
        e = assertThrows(MediaFormatException.class, () -> new WavReader(new ByteArrayInputStream(float32)));
        assertEquals("WAV: unsupported format tag 3 with 32 bits per sample (takes 16-bit PCM, 8-bit mu-law and "
                + "A-law)", e.getMessage());
        byte[] hugeFmt = good.clone();
        hugeFmt[16] = (byte) 0xFF;
        hugeFmt[17] = (byte) 0xFF;
        assertThrows(MediaFormatException.class, () -> new WavReader(new ByteArrayInputStream(hugeFmt)));
    }

    /** Random mutations of a good header: only MediaFormatException, never another exception. */
    @Test
    void mutatedHeadersNeverEscapeUnchecked() throws Exception {
        Path wav = dir.resolve("m.wav");
        try (WavWriter w = WavWriter.create(wav, 8000, 2)) {
            w.write(AudioFrame.wrap(noise(400, 4), 0, 8000, 2, 200));
        }
        byte[] good = Files.readAllBytes(wav);
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = good.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                m[r.nextInt(48)] = (byte) r.nextInt(256);
            }
            try (WavReader reader = new WavReader(new ByteArrayInputStream(m))) {
                readAll(reader, 64);
            } catch (MediaFormatException expected) {
                // fine: typed
            }
        }
    }
}
