package dev.robusta.codec.media;

import dev.robusta.codec.video.MediaFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.jcodec.common.Codec;
import org.jcodec.common.DemuxerTrack;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Packet;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;

/**
 * Reads the H.264 video track of an MP4 (ISO BMFF / QuickTime) file through JCodec's demuxer, giving each sample as
 * an Annex-B access unit (length prefixes turned into start codes, SPS and PPS from the {@code avcC} box put in
 * front of IDR pictures), as {@link dev.robusta.codec.h264.H264Decoder} takes them.
 *
 * <p>A file that is not MP4, has no H.264 video track, or is damaged gives a {@link MediaFormatException}.
 */
public final class Mp4H264Reader implements AutoCloseable {
    private final SeekableByteChannel channel;
    private final DemuxerTrack track;
    private final int width;
    private final int height;
    private final double frameRate;
    private byte[] unit = new byte[0];
    private int length;
    private boolean key;
    private long ptsMicros;

    private Mp4H264Reader(SeekableByteChannel channel, DemuxerTrack track, int width, int height, double frameRate) {
        this.channel = channel;
        this.track = track;
        this.width = width;
        this.height = height;
        this.frameRate = frameRate;
    }

    public static Mp4H264Reader open(Path path) throws IOException, MediaFormatException {
        SeekableByteChannel ch = NIOUtils.readableChannel(path.toFile());
        try {
            MP4Demuxer demuxer;
            try {
                demuxer = MP4Demuxer.createMP4Demuxer(ch);
            } catch (IOException | RuntimeException e) {
                // JCodec reports a missing or malformed box as an IOException too.
                throw new MediaFormatException("MP4: cannot parse " + path.getFileName() + " (" + e.getMessage() + ")");
            }
            DemuxerTrack video = demuxer.getVideoTrack();
            if (video == null) {
                throw new MediaFormatException("MP4: " + path.getFileName() + " has no video track");
            }
            DemuxerTrackMeta meta = video.getMeta();
            if (meta == null || meta.getCodec() != Codec.H264) {
                throw new MediaFormatException("MP4: the video track of " + path.getFileName() + " is not H.264 ("
                        + (meta == null ? "unknown" : meta.getCodec()) + ")");
            }
            int w = 0;
            int h = 0;
            if (meta.getVideoCodecMeta() != null && meta.getVideoCodecMeta().getSize() != null) {
                w = meta.getVideoCodecMeta().getSize().getWidth();
                h = meta.getVideoCodecMeta().getSize().getHeight();
            }
            double fps = meta.getTotalDuration() > 0 ? meta.getTotalFrames() / meta.getTotalDuration() : 30;
            return new Mp4H264Reader(ch, video, w, h, fps);
        } catch (MediaFormatException | RuntimeException e) {
            ch.close();
            if (e instanceof RuntimeException) {
                throw new MediaFormatException("MP4: cannot read " + path.getFileName() + " (" + e + ")");
            }
            throw e;
        }
    }

    /** Width from the sample entry (the SPS is authoritative; decoders report it). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Average frame rate from the track's duration and sample count. */
    public double frameRate() {
        return frameRate;
    }

    /**
     * Reads the next sample: then {@link #data()}{@code [0 .. }{@link #length()}{@code )} is one Annex-B access
     * unit, valid until the next call.
     *
     * @return false at the end of the track
     */
    public boolean next() throws IOException, MediaFormatException {
        Packet p;
        try {
            p = track.nextFrame();
        } catch (IOException | RuntimeException e) {
            // A sample table pointing past the end of a cut file shows up as either.
            throw new MediaFormatException("MP4: damaged sample (" + e + ")");
        }
        if (p == null) {
            return false;
        }
        ByteBuffer b = p.getData();
        length = b.remaining();
        if (unit.length < length) {
            unit = new byte[Math.max(length, unit.length * 2)];
        }
        b.get(unit, 0, length);
        key = p.isKeyFrame();
        ptsMicros = p.getTimescale() > 0 ? p.getPts() * 1_000_000 / p.getTimescale() : 0;
        return true;
    }

    public byte[] data() {
        return unit;
    }

    public int length() {
        return length;
    }

    /** Whether the container marks the current sample as a sync sample. */
    public boolean isKeyFrame() {
        return key;
    }

    /** Presentation time of the current sample in microseconds. */
    public long ptsMicros() {
        return ptsMicros;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
