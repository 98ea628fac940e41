package dev.robusta.codec.h264;

import dev.robusta.codec.VideoDecoder;
import dev.robusta.codec.h264.decoder.H264StreamDecoder;
import dev.robusta.codec.video.I420Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.io.model.Frame;
import org.jcodec.common.model.Rect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H.264 decoder for what WebRTC peers send: progressive 4:2:0 8-bit streams of the constrained baseline,
 * baseline, main and high profiles with CAVLC or CABAC, one Annex-B access unit per call, on the caller's thread.
 * Its core is JCodec's decoder, corrected (see {@code dev.robusta.codec.h264.decoder}); on the baseline streams of
 * x264 and FFmpeg its output equals FFmpeg's bit for bit (the conformance tests compare every frame's MD5).
 *
 * <p>Frames come out in decoding order (no reordering: WebRTC streams have no B-frames). Not thread-safe.
 */
public final class H264Decoder implements VideoDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(H264Decoder.class);

    private H264StreamDecoder core = new H264StreamDecoder();
    /** The access unit copied (the core unescapes NAL units in place; the caller's bytes are borrowed). */
    private byte[] unit = new byte[64 * 1024];
    private final List<ByteBuffer> nals = new ArrayList<>();
    private byte[][] planes;
    private int width;
    private int height;
    private boolean needKeyFrame = true;

    @Override
    public boolean decode(byte[] data, int offset, int length, I420Frame out) throws H264DecodeException {
        if (length > unit.length) {
            unit = new byte[Math.max(length, unit.length * 2)];
        }
        System.arraycopy(data, offset, unit, 0, length);
        nals.clear();
        boolean idr = false;
        boolean slice = false;
        int nal = AnnexB.nextNalStart(unit, 0, length);
        if (nal < 0) {
            throw new H264DecodeException("H.264: no Annex-B start code in " + length + " bytes");
        }
        while (nal >= 0) {
            int next = nal < length ? AnnexB.nextNalStart(unit, nal, length) : -1;
            int end = next < 0 ? length : AnnexB.trimTrailingZeros(unit, nal, next - 3);
            if (end > nal) {
                int type = AnnexB.nalType(unit[nal]);
                idr |= type == AnnexB.NAL_IDR_SLICE;
                slice |= AnnexB.isSlice(type);
                if (type == AnnexB.NAL_SPS || type == AnnexB.NAL_PPS || AnnexB.isSlice(type)) {
                    nals.add(ByteBuffer.wrap(unit, nal, end - nal));
                }
            }
            nal = next;
        }
        if (!slice) {
            if (!nals.isEmpty()) {
                feedParameterSets();
            }
            return false;
        }
        if (needKeyFrame && !idr) {
            throw new H264DecodeException("H.264: the stream must start with an IDR picture");
        }
        Frame picture;
        try {
            picture = core.decodeFrameFromNals(nals, planes);
        } catch (RuntimeException e) {
            // JCodec reports bitstream errors as unchecked exceptions of many kinds (and index errors on garbage).
            LOG.debug("H.264 access unit dropped", e);
            throw new H264DecodeException("H.264: corrupt access unit (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        if (picture == null) {
            throw new H264DecodeException("H.264: slice without a known SPS/PPS");
        }
        needKeyFrame = false;
        planes = picture.getData(); // reused by the next picture
        copyOut(picture, out);
        return true;
    }

    /** Parameter sets alone: remembered for the next picture. */
    private void feedParameterSets() throws H264DecodeException {
        try {
            core.decodeFrameFromNals(nals, planes);
        } catch (RuntimeException e) {
            throw new H264DecodeException("H.264: corrupt parameter set (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void copyOut(Frame picture, I420Frame out) {
        Rect crop = picture.getCrop();
        int x0 = crop == null ? 0 : crop.getX();
        int y0 = crop == null ? 0 : crop.getY();
        int w = crop == null ? picture.getWidth() : crop.getWidth();
        int h = crop == null ? picture.getHeight() : crop.getHeight();
        width = w;
        height = h;
        out.reshape(w, h);
        int stride = picture.getPlaneWidth(0);
        JcodecPictures.copySigned(picture.getPlaneData(0), y0 * stride + x0, stride, out.y(), out.yOffset(), out.yStride(), w, h);
        int cStride = picture.getPlaneWidth(1);
        int cOff = (y0 >> 1) * cStride + (x0 >> 1);
        int cw = I420Frame.chromaWidth(w);
        int ch = I420Frame.chromaHeight(h);
        JcodecPictures.copySigned(picture.getPlaneData(1), cOff, cStride, out.u(), out.uOffset(), out.uStride(), cw, ch);
        JcodecPictures.copySigned(picture.getPlaneData(2), cOff, cStride, out.v(), out.vOffset(), out.vStride(), cw, ch);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void reset() {
        core = new H264StreamDecoder();
        needKeyFrame = true;
        width = 0;
        height = 0;
    }

    @Override
    public void close() {
    }
}
