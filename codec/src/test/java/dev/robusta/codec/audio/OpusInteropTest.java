package dev.robusta.codec.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.video.AudioFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opus made by FFmpeg's libopus encoder, decoded by ours and by libopus: the same sound. */
class OpusInteropTest {
    @TempDir
    Path dir;

    @Test
    void decodesLibopusOutputLikeLibopus() throws Exception {
        ExternalTools.require("ffmpeg");
        for (int channels = 1; channels <= 2; channels++) {
            Path opus = dir.resolve("x" + channels + ".opus");
            ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=2", "-f", "lavfi", "-i", "sine=frequency=660:duration=2",
                    "-filter_complex", channels == 1 ? "[0][1]amix=inputs=2" : "[0][1]amerge=inputs=2", "-ar", "48000",
                    "-c:a", "libopus", "-b:a", (48 * channels) + "k", opus.toString()), dir);
            Path ref = dir.resolve("x" + channels + ".raw");
            ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-c:a", "libopus", "-i",
                    opus.toString(), "-f", "s16le", "-ar", "48000", ref.toString()), dir);
            byte[] refBytes = Files.readAllBytes(ref);
            short[] expected = new short[refBytes.length / 2];
            ByteBuffer.wrap(refBytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(expected);

            List<byte[]> packets = oggPackets(Files.readAllBytes(opus));
            assertTrue(new String(packets.get(0), 0, 8, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("OpusHead"));
            assertEquals(channels, packets.get(0)[9]);
            int preSkip = (packets.get(0)[10] & 0xFF) | (packets.get(0)[11] & 0xFF) << 8;
            OpusAudioDecoder decoder = new OpusAudioDecoder(channels);
            AudioFrame frame = AudioFrame.allocate(48000, channels, 960);
            short[] ours = new short[expected.length + 48000 * channels];
            int pos = 0;
            for (byte[] p : packets.subList(2, packets.size())) {
                int n = decoder.decode(p, 0, p.length, frame);
                System.arraycopy(frame.samples(), frame.offset(), ours, pos, n * channels);
                pos += n * channels;
            }
            // Skip the encoder's pre-skip as players do, then compare over the signal.
            double dot = 0;
            double ea = 0;
            double eb = 0;
            int count = Math.min(expected.length, pos - preSkip * channels);
            assertTrue(count > 48000 * channels, "decoded " + count + " samples");
            for (int i = 0; i < count; i++) {
                double a = expected[i];
                double b = ours[i + preSkip * channels];
                dot += a * b;
                ea += a * a;
                eb += b * b;
            }
            double correlation = dot / Math.sqrt(ea * eb);
            assertTrue(correlation > 0.99, channels + " channels: correlation " + correlation);
        }
    }

    /** Our encoder's packets in an Ogg file (RFC 7845) that libopus, through FFmpeg, decodes to the same sound. */
    @Test
    void libopusDecodesOurOutput() throws Exception {
        ExternalTools.require("ffmpeg");
        int channels = 2;
        short[] pcm = OpusTest.signal(channels, 96000);
        OpusAudioEncoder encoder = new OpusAudioEncoder(channels, OpusAudioEncoder.Application.AUDIO);
        encoder.setBitrate(96000);
        ByteArrayOutputStream ogg = new ByteArrayOutputStream();
        byte[] head = new byte[19];
        System.arraycopy("OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, head, 0, 8);
        head[8] = 1;
        head[9] = (byte) channels;
        int preSkip = encoder.lookaheadSamples();
        head[10] = (byte) preSkip;
        head[11] = (byte) (preSkip >> 8);
        ByteBuffer.wrap(head, 12, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(48000);
        writePage(ogg, head, 0, 0, 2);
        byte[] tags = new byte[16];
        System.arraycopy("OpusTags".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, tags, 0, 8);
        writePage(ogg, tags, 0, 1, 0);
        byte[] packet = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
        int frames = pcm.length / channels / 960;
        for (int f = 0; f < frames; f++) {
            int n = encoder.encode(AudioFrame.wrap(pcm, f * 960 * channels, 48000, channels, 960), packet, 0);
            writePage(ogg, java.util.Arrays.copyOf(packet, n), (f + 1) * 960L, f + 2, f == frames - 1 ? 4 : 0);
        }
        Path file = dir.resolve("ours.opus");
        Files.write(file, ogg.toByteArray());
        Path raw = dir.resolve("ours.raw");
        String log = ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-c:a", "libopus", "-i",
                file.toString(), "-f", "s16le", "-ar", "48000", raw.toString()), dir);
        assertEquals("", log.trim());
        byte[] bytes = Files.readAllBytes(raw);
        short[] decoded = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(decoded);
        // FFmpeg removes the pre-skip: the output lines up with the input.
        double snr = OpusTest.snrDb(pcm, decoded, channels, 0, 4800, Math.min(decoded.length / channels, 96000) - 4800);
        assertTrue(snr > 12, "SNR " + snr + " dB");
    }

    private static final int[] CRC = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            CRC[i] = r;
        }
    }

    /** One Ogg page holding one packet (RFC 3533), with its CRC. */
    private static void writePage(ByteArrayOutputStream out, byte[] packet, long granule, int sequence, int flags) {
        int segments = packet.length / 255 + 1;
        byte[] page = new byte[27 + segments + packet.length];
        System.arraycopy("OggS".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, page, 0, 4);
        page[5] = (byte) flags;
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(6, granule);
        b.putInt(14, 0x524f42);
        b.putInt(18, sequence);
        page[26] = (byte) segments;
        for (int s = 0; s < segments; s++) {
            page[27 + s] = (byte) (s < segments - 1 ? 255 : packet.length % 255);
        }
        System.arraycopy(packet, 0, page, 27 + segments, packet.length);
        int crc = 0;
        for (byte x : page) {
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ x) & 0xFF];
        }
        b.putInt(22, crc);
        out.write(page, 0, page.length);
    }

    /** The packets of an Ogg stream (RFC 3533): segments joined until one shorter than 255 bytes. */
    static List<byte[]> oggPackets(byte[] ogg) {
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        int pos = 0;
        while (pos + 27 <= ogg.length) {
            assertEquals("OggS", new String(ogg, pos, 4, java.nio.charset.StandardCharsets.US_ASCII));
            int segments = ogg[pos + 26] & 0xFF;
            int data = pos + 27 + segments;
            for (int s = 0; s < segments; s++) {
                int len = ogg[pos + 27 + s] & 0xFF;
                packet.write(ogg, data, len);
                data += len;
                if (len < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            pos = data;
        }
        return packets;
    }
}
