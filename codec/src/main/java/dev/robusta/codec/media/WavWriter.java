package dev.robusta.codec.media;

import dev.robusta.codec.video.AudioFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes 16-bit PCM as a RIFF/WAVE file, streaming: a 44-byte header first, samples as they come, and the RIFF and
 * data sizes patched in on {@link #close()} (the channel must be seekable). All frames must share the format given
 * at construction.
 */
public final class WavWriter implements AutoCloseable {
    private static final int HEADER_BYTES = 44;
    /** RIFF sizes are 32-bit: stop before they overflow. */
    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - HEADER_BYTES;

    private final SeekableByteChannel channel;
    private final int sampleRateHz;
    private final int channels;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private boolean closed;

    public WavWriter(SeekableByteChannel channel, int sampleRateHz, int channels) throws IOException {
        if (sampleRateHz < 1 || channels < 1 || channels > 255) {
            throw new IllegalArgumentException("bad format: " + channels + " channels at " + sampleRateHz + " Hz");
        }
        this.channel = channel;
        this.sampleRateHz = sampleRateHz;
        this.channels = channels;
        writeHeader(); // sizes are placeholders until close()
    }

    /** Creates (or truncates) a file. */
    public static WavWriter create(Path path, int sampleRateHz, int channels) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new WavWriter(ch, sampleRateHz, channels);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends one block of samples. */
    public void write(AudioFrame frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (frame.sampleRateHz() != sampleRateHz || frame.channels() != channels) {
            throw new IllegalArgumentException(frame + " does not match the file's " + sampleRateHz + " Hz x"
                    + channels);
        }
        int count = frame.channels() * frame.samplesPerChannel();
        if (dataBytes + 2L * count > MAX_DATA_BYTES) {
            throw new IOException("WAV: file would exceed the 4 GiB RIFF limit");
        }
        if (buffer.capacity() < 2 * count) {
            buffer = ByteBuffer.allocate(2 * count).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear();
        short[] s = frame.samples();
        int off = frame.offset();
        for (int i = 0; i < count; i++) {
            buffer.putShort(s[off + i]);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        dataBytes += 2L * count;
    }

    /** Patches the sizes into the header and closes the channel. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.position(0);
            writeHeader();
        } finally {
            channel.close();
        }
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 'R').put((byte) 'I').put((byte) 'F').put((byte) 'F');
        h.putInt((int) (36 + dataBytes));
        h.put((byte) 'W').put((byte) 'A').put((byte) 'V').put((byte) 'E');
        h.put((byte) 'f').put((byte) 'm').put((byte) 't').put((byte) ' ');
        h.putInt(16);
        h.putShort((short) 1); // WAVE_FORMAT_PCM
        h.putShort((short) channels);
        h.putInt(sampleRateHz);
        h.putInt(sampleRateHz * channels * 2);
        h.putShort((short) (channels * 2));
        h.putShort((short) 16);
        h.put((byte) 'd').put((byte) 'a').put((byte) 't').put((byte) 'a');
        h.putInt((int) dataBytes);
        h.flip();
        while (h.hasRemaining()) {
            channel.write(h);
        }
    }
}
