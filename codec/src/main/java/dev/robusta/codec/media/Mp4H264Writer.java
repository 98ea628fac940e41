package dev.robusta.codec.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.muxer.MP4Muxer;

/**
 * Writes H.264 access units (Annex-B, as encoders and the network give them) to an MP4 file through JCodec's muxer:
 * SPS and PPS go to the {@code avcC} box, samples are length-prefixed, IDR pictures are sync samples. The file is
 * complete only after {@link #close()} (the {@code moov} box is written last).
 */
public final class Mp4H264Writer implements AutoCloseable {
    private static final int TIMESCALE = 90_000;

    private final SeekableByteChannel channel;
    private final MP4Muxer muxer;
    private final MuxerTrack track;
    private long lastPts = -1;
    private int frames;
    private boolean closed;

    private Mp4H264Writer(SeekableByteChannel channel, MP4Muxer muxer, MuxerTrack track) {
        this.channel = channel;
        this.muxer = muxer;
        this.track = track;
    }

    public static Mp4H264Writer create(Path path, int width, int height) throws IOException {
        SeekableByteChannel ch = NIOUtils.writableChannel(path.toFile());
        try {
            MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(ch);
            MuxerTrack track = muxer.addVideoTrack(Codec.H264,
                    VideoCodecMeta.createSimpleVideoCodecMeta(new Size(width, height), ColorSpace.YUV420));
            return new Mp4H264Writer(ch, muxer, track);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Appends one access unit.
     *
     * @param ptsMicros presentation time, increasing
     * @param keyFrame  whether it is an IDR picture
     */
    public void write(byte[] data, int offset, int length, long ptsMicros, boolean keyFrame) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        long pts = ptsMicros * TIMESCALE / 1_000_000;
        if (pts <= lastPts) {
            throw new IllegalArgumentException("presentation time " + ptsMicros + " us does not increase");
        }
        long duration = lastPts < 0 ? TIMESCALE / 30 : pts - lastPts;
        // The muxer rewrites the buffer (strips parameter sets, adds length prefixes): give it its own copy.
        ByteBuffer copy = ByteBuffer.wrap(Arrays.copyOfRange(data, offset, offset + length));
        track.addFrame(Packet.createPacket(copy, pts, TIMESCALE, duration, frames,
                keyFrame ? Packet.FrameType.KEY : Packet.FrameType.INTER, null));
        lastPts = pts;
        frames++;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            muxer.finish();
        } finally {
            channel.close();
        }
    }
}
