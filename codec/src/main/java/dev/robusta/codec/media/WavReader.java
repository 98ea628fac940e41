package dev.robusta.codec.media;

import dev.robusta.codec.audio.G711;
import dev.robusta.codec.video.AudioFrame;
import dev.robusta.codec.video.MediaFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a RIFF/WAVE file as a stream of 16-bit PCM blocks, without loading it whole. Takes 16-bit linear PCM
 * ({@code WAVE_FORMAT_PCM}, also inside {@code WAVE_FORMAT_EXTENSIBLE}) and 8-bit G.711 μ-law / A-law (format tags
 * 7 and 6, expanded to 16 bits). Chunks other than {@code fmt } and {@code data} are skipped. A {@code data} size of
 * 0 or 0xFFFFFFFF (what streaming writers leave) means "to the end of the file".
 *
 * <p>Malformed or truncated files give a {@link MediaFormatException}; the stream's own failures stay
 * {@link IOException}s.
 */
public final class WavReader implements AutoCloseable {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private final InputStream in;
    private final int sampleRateHz;
    private final int channels;
    private final int formatTag;
    private final int bytesPerSample;
    private final boolean untilEof;
    private long dataBytesLeft;
    private byte[] scratch = new byte[0];

    public WavReader(InputStream in) throws IOException, MediaFormatException {
        this.in = Objects.requireNonNull(in, "in");
        byte[] riff = new byte[12];
        if (readFully(riff, 0, 12) != 12) {
            throw new MediaFormatException("WAV: file shorter than the 12-byte RIFF header");
        }
        if (!fourcc(riff, 0, "RIFF") || !fourcc(riff, 8, "WAVE")) {
            throw new MediaFormatException("WAV: no RIFF/WAVE signature");
        }
        byte[] chunkHeader = new byte[8];
        int tag = -1;
        int rate = 0;
        int chans = 0;
        int bits = 0;
        while (true) {
            if (readFully(chunkHeader, 0, 8) != 8) {
                throw new MediaFormatException(tag < 0 ? "WAV: no fmt chunk" : "WAV: no data chunk");
            }
            long size = u32(chunkHeader, 4);
            if (fourcc(chunkHeader, 0, "fmt ")) {
                if (size < 16 || size > 1024) {
                    throw new MediaFormatException("WAV: fmt chunk of " + size + " bytes");
                }
                byte[] fmt = new byte[(int) size + (int) (size & 1)];
                if (readFully(fmt, 0, fmt.length) != fmt.length) {
                    throw new MediaFormatException("WAV: truncated fmt chunk");
                }
                tag = u16(fmt, 0);
                chans = u16(fmt, 2);
                rate = (int) Math.min(Integer.MAX_VALUE, u32(fmt, 4));
                bits = u16(fmt, 14);
                if (tag == FORMAT_EXTENSIBLE) {
                    if (size < 40) {
                        throw new MediaFormatException("WAV: WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size + " bytes");
                    }
                    tag = u16(fmt, 24); // the sub-format GUID starts with the format tag
                }
            } else if (fourcc(chunkHeader, 0, "data")) {
                if (tag < 0) {
                    throw new MediaFormatException("WAV: data chunk before the fmt chunk");
                }
                untilEof = size == 0 || size == 0xFFFFFFFFL;
                dataBytesLeft = untilEof ? Long.MAX_VALUE : size;
                break;
            } else {
                skip(size + (size & 1));
            }
        }
        if (tag == FORMAT_PCM && bits == 16) {
            bytesPerSample = 2;
        } else if ((tag == FORMAT_MULAW || tag == FORMAT_ALAW) && bits == 8) {
            bytesPerSample = 1;
        } else {
            throw new MediaFormatException("WAV: unsupported format tag " + tag + " with " + bits
                    + " bits per sample (takes 16-bit PCM, 8-bit mu-law and A-law)");
        }
        if (chans < 1 || chans > 255 || rate < 1) {
            throw new MediaFormatException("WAV: bad format: " + chans + " channels at " + rate + " Hz");
        }
        formatTag = tag;
        sampleRateHz = rate;
        channels = chans;
    }

    /** Opens a file. */
    public static WavReader open(Path path) throws IOException, MediaFormatException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            return new WavReader(in);
        } catch (MediaFormatException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    public int channels() {
        return channels;
    }

    /**
     * Reads up to {@code samplesPerChannel} samples per channel into {@code frame}, reshaping it to this file's rate,
     * channels and the count read.
     *
     * @return the samples per channel read; 0 at the end of the data
     * @throws MediaFormatException when the data ends inside a sample frame
     */
    public int read(AudioFrame frame, int samplesPerChannel) throws IOException, MediaFormatException {
        if (samplesPerChannel < 1) {
            throw new IllegalArgumentException("samplesPerChannel " + samplesPerChannel);
        }
        int blockBytes = bytesPerSample * channels;
        long wanted = Math.min((long) samplesPerChannel * blockBytes, dataBytesLeft);
        int want = (int) (wanted - wanted % blockBytes);
        if (want == 0) {
            if (!untilEof && dataBytesLeft > 0) {
                throw new MediaFormatException("WAV: data chunk size is not a whole number of sample frames");
            }
            return 0;
        }
        if (scratch.length < want) {
            scratch = new byte[want];
        }
        int got = readFully(scratch, 0, want);
        if (got < want && !untilEof) {
            throw new MediaFormatException("WAV: truncated data: " + (dataBytesLeft - got) + " bytes missing");
        }
        if (got % blockBytes != 0) {
            throw new MediaFormatException("WAV: data ends inside a sample frame");
        }
        dataBytesLeft = got < want ? 0 : dataBytesLeft - got;
        int n = got / blockBytes;
        frame.reshape(sampleRateHz, channels, n);
        short[] s = frame.samples();
        int off = frame.offset();
        int count = n * channels;
        if (formatTag == FORMAT_PCM) {
            for (int i = 0; i < count; i++) {
                s[off + i] = (short) ((scratch[2 * i] & 0xFF) | (scratch[2 * i + 1] << 8));
            }
        } else {
            G711.decode(formatTag == FORMAT_MULAW ? G711.Law.MU_LAW : G711.Law.A_LAW, scratch, 0, count, s, off);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void skip(long n) throws IOException, MediaFormatException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new MediaFormatException("WAV: truncated chunk");
                }
                k = 1;
            }
            n -= k;
        }
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static boolean fourcc(byte[] b, int off, String s) {
        for (int i = 0; i < 4; i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xFFFFFFFFL;
    }
}
