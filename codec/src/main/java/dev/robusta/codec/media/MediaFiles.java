package dev.robusta.codec.media;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.VideoCodecException;
import dev.robusta.codec.VideoDecoder;
import dev.robusta.codec.h264.H264Decoder;
import dev.robusta.codec.h264.H264Encoder;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import dev.robusta.codec.video.MediaFormatException;
import dev.robusta.codec.video.Y4mReader;
import dev.robusta.codec.video.Y4mWriter;
import dev.robusta.codec.vp8.Vp8Decoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Media files as sources and sinks, chosen by format: a path can stand where a peer expects a camera or a
 * recorder, as {@code media_source} and {@code media_sink} do in Hyperpeer.
 *
 * <ul>
 *   <li>{@code .264} / {@code .h264}: H.264 Annex-B (read and write);</li>
 *   <li>{@code .mp4} / {@code .m4v} / {@code .mov}: H.264 in MP4 through JCodec (read and write);</li>
 *   <li>{@code .y4m}: raw YUV4MPEG2 (read and write);</li>
 *   <li>{@code .ivf}: VP8 in IVF (read).</li>
 * </ul>
 * Audio files (WAV) have their own {@link WavReader} and {@link WavWriter}.
 */
public final class MediaFiles {

    /** A container or stream format. */
    public enum Format {
        H264_ANNEX_B, MP4, Y4M, IVF;

        /** The format a file name's extension says, or null. */
        public static Format fromFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".264") || n.endsWith(".h264")) {
                return H264_ANNEX_B;
            }
            if (n.endsWith(".mp4") || n.endsWith(".m4v") || n.endsWith(".mov")) {
                return MP4;
            }
            if (n.endsWith(".y4m")) {
                return Y4M;
            }
            if (n.endsWith(".ivf")) {
                return IVF;
            }
            return null;
        }
    }

    private MediaFiles() {
    }

    /** Opens a video file as a source of pictures, its format from the extension. */
    public static VideoSource openVideo(Path path) throws IOException, VideoCodecException {
        Format f = Format.fromFileName(path.getFileName().toString());
        if (f == null) {
            throw new MediaFormatException("no known video format for " + path.getFileName()
                    + " (takes .264, .h264, .mp4, .m4v, .mov, .y4m, .ivf)");
        }
        return openVideo(path, f);
    }

    /** Opens a video file of a given format as a source of pictures. */
    public static VideoSource openVideo(Path path, Format format) throws IOException, VideoCodecException {
        switch (format) {
            case H264_ANNEX_B: {
                AnnexBReader r = AnnexBReader.open(path);
                return new DecodingSource(new H264Decoder(), 30, r::next, r::data, r::length, r::close);
            }
            case MP4: {
                Mp4H264Reader r = Mp4H264Reader.open(path);
                return new DecodingSource(new H264Decoder(), r.frameRate(), r::next, r::data, r::length, r::close);
            }
            case IVF: {
                InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                IvfReader r;
                try {
                    r = new IvfReader(in);
                } catch (MediaFormatException | IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
                if (!"VP80".equals(r.fourcc())) {
                    r.close();
                    throw new MediaFormatException("IVF: codec " + r.fourcc() + " is not VP8");
                }
                double fps = r.timebaseNumerator() > 0 ? (double) r.timebaseDenominator() / r.timebaseNumerator() : 30;
                return new DecodingSource(new Vp8Decoder(), fps, r::next, r::frameData, r::frameLength, r::close);
            }
            case Y4M: {
                InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                Y4mReader r;
                try {
                    r = new Y4mReader(in);
                } catch (MediaFormatException | IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
                double fps = r.frameRateDenominator() > 0
                        ? (double) r.frameRateNumerator() / r.frameRateDenominator() : 30;
                return new VideoSource() {
                    @Override
                    public boolean next(I420Frame out) throws IOException, VideoCodecException {
                        return r.next(out);
                    }

                    @Override
                    public double frameRate() {
                        return fps;
                    }

                    @Override
                    public void close() throws IOException {
                        r.close();
                    }
                };
            }
            default:
                throw new IllegalArgumentException(String.valueOf(format));
        }
    }

    /**
     * Creates a video file as a sink: {@code .264}/{@code .h264} and {@code .mp4} encode with {@link H264Encoder} at
     * {@code bitsPerSecond} (or store received access units), {@code .y4m} stores raw pictures.
     */
    public static VideoSink createVideo(Path path, int width, int height, double framesPerSecond, int bitsPerSecond)
            throws IOException, MediaFormatException {
        Format f = Format.fromFileName(path.getFileName().toString());
        if (f == null || f == Format.IVF) {
            throw new MediaFormatException("cannot write video to " + path.getFileName()
                    + " (writes .264, .h264, .mp4, .m4v, .mov, .y4m)");
        }
        if (f == Format.Y4M) {
            Y4mWriter w = new Y4mWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), width, height,
                    (int) Math.round(framesPerSecond * 1000), 1000);
            return new VideoSink() {
                @Override
                public void write(I420Frame frame, long ptsMicros) throws IOException {
                    w.write(frame);
                }

                @Override
                public void writeEncoded(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame) {
                    throw new UnsupportedOperationException("a Y4M file holds raw pictures, not H.264");
                }

                @Override
                public void close() throws IOException {
                    w.close();
                }
            };
        }
        return new EncodingSink(f == Format.MP4 ? new Mp4Target(Mp4H264Writer.create(path, width, height))
                : new AnnexBTarget(AnnexBWriter.create(path)), width, height, framesPerSecond, bitsPerSecond);
    }

    /** Where encoded access units go. */
    private interface Target {
        void write(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame) throws IOException;

        void close() throws IOException;
    }

    private record AnnexBTarget(AnnexBWriter w) implements Target {
        @Override
        public void write(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame) throws IOException {
            w.write(data, offset, length);
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    private record Mp4Target(Mp4H264Writer w) implements Target {
        @Override
        public void write(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame) throws IOException {
            w.write(data, offset, length, ptsMicros, keyFrame);
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    private static final class EncodingSink implements VideoSink {
        private final Target target;
        private final int width;
        private final int height;
        private final double fps;
        private final int bitsPerSecond;
        private H264Encoder encoder;
        private final EncodedFrame encoded = new EncodedFrame();

        EncodingSink(Target target, int width, int height, double fps, int bitsPerSecond) {
            this.target = target;
            this.width = width;
            this.height = height;
            this.fps = fps;
            this.bitsPerSecond = bitsPerSecond;
        }

        @Override
        public void write(I420Frame frame, long ptsMicros) throws IOException {
            if (encoder == null) {
                encoder = new H264Encoder(width, height, bitsPerSecond, fps);
            }
            if (encoder.encode(frame, false, encoded)) {
                target.write(encoded.data(), 0, encoded.length(), ptsMicros, encoded.isKeyFrame());
            }
        }

        @Override
        public void writeEncoded(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame)
                throws IOException {
            target.write(data, offset, length, ptsMicros, keyFrame);
        }

        @Override
        public void close() throws IOException {
            if (encoder != null) {
                encoder.close();
            }
            target.close();
        }
    }

    /** Advances an encoded-unit reader; false at the end of the file. */
    @FunctionalInterface
    private interface UnitAdvance {
        boolean next() throws IOException, VideoCodecException;
    }

    /** Closes the reader behind a source. */
    @FunctionalInterface
    private interface Closer {
        void close() throws IOException;
    }

    /** Reads coded units and decodes them; units that show no picture are skipped. */
    private static final class DecodingSource implements VideoSource {
        private final VideoDecoder decoder;
        private final double fps;
        private final UnitAdvance advance;
        private final java.util.function.Supplier<byte[]> unit;
        private final java.util.function.IntSupplier unitLength;
        private final Closer closer;

        DecodingSource(VideoDecoder decoder, double fps, UnitAdvance advance,
                       java.util.function.Supplier<byte[]> unit, java.util.function.IntSupplier unitLength,
                       Closer closer) {
            this.decoder = decoder;
            this.fps = fps;
            this.advance = advance;
            this.unit = unit;
            this.unitLength = unitLength;
            this.closer = closer;
        }

        @Override
        public boolean next(I420Frame out) throws IOException, VideoCodecException {
            while (advance.next()) {
                if (decoder.decode(unit.get(), 0, unitLength.getAsInt(), out)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public double frameRate() {
            return fps;
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }
}
