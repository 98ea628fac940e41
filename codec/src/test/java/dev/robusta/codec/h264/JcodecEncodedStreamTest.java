package dev.robusta.codec.h264;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Y4mReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue names JCodec 0.2.5's own 1280x720 output among the streams its decoder failed on: our decoder must
 * decode that output as ffmpeg does, frame for frame. JCodec's encoder makes a key frame and then P frames.
 */
class JcodecEncodedStreamTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        ExternalTools.require("ffmpeg");
    }

    @Test
    void jcodecsOwn720pOutputDecodesLikeFfmpeg() throws Exception {
        int frames = 4;
        Path clip = H264Streams.clip(dir, 1280, 720, frames);
        Path stream = dir.resolve("jcodec-1280x720.264");
        org.jcodec.codecs.h264.H264Encoder jcodec = org.jcodec.codecs.h264.H264Encoder.createH264Encoder();
        ByteBuffer out = ByteBuffer.allocate(1280 * 720 * 3);
        int written = 0;
        try (InputStream in = Files.newInputStream(clip); OutputStream file = Files.newOutputStream(stream)) {
            Y4mReader reader = new Y4mReader(in);
            I420Frame frame = I420Frame.allocate(1280, 720);
            while (reader.next(frame)) {
                out.clear();
                ByteBuffer encoded = jcodec.encodeFrame(JcodecPictures.fromI420(frame), out).getData();
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                file.write(bytes);
                written++;
            }
        }
        assertTrue(written == frames, written + " frames encoded");
        H264ConformanceTest.assertAllFramesMatch(stream, 1280, 720, frames, dir);
    }
}
