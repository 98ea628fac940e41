package dev.robusta.dtls;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

/**
 * DTLS 1.2 record protection with AES-GCM (RFC 5288, RFC 6347 4.1) for the records of epoch 1 once the handshake
 * is done, used instead of Bouncy Castle's record layer on the data path.
 *
 * <p>Why: Bouncy Castle allocates a receive buffer, an output array and JCA parameter objects for every record and
 * looks the algorithm up in the providers each time; on a data channel at full speed that cost more CPU than the
 * AES-GCM itself. Here one JDK {@code AES/GCM/NoPadding} cipher per direction is re-initialised per record with a
 * new nonce (the JDK keeps the expanded key) and the record is written straight into a reused array. What is
 * still allocated per record is what the JCA forces: the {@code GCMParameterSpec} and its copy of the nonce.
 *
 * <p>Nonces (RFC 5288 3): 4-byte implicit salt from the key block, then 8 explicit bytes sent in the record; we
 * send epoch and sequence number there, as Bouncy Castle and OpenSSL do, and take the peer's from its record.
 * Additional data (RFC 5246 6.2.3.3 with RFC 6347's 8-byte epoch + sequence number): seq(8) type version length.
 *
 * <p>Sequence numbers: Bouncy Castle wrote epoch 1 up to its Finished; {@link #startWritingAt} continues after the
 * highest number it used, and every epoch-1 record Bouncy Castle writes later (an alert, a retransmitted
 * Finished) is re-protected here ({@link #reprotect}) so that no sequence number, and so no nonce, is used twice.
 * Reading keeps its own replay window (64 records, RFC 6347 4.1.2.6) for application data.
 *
 * <p>Writing is synchronised (any thread may send); reading is called under the transport's receive lock.
 */
final class AeadRecordLayer {
    static final int HEADER_LENGTH = 13;
    static final int EXPLICIT_NONCE_LENGTH = 8;
    static final int TAG_LENGTH = 16;
    /** Bytes a record adds to its plaintext: header, explicit nonce, tag. */
    static final int OVERHEAD = HEADER_LENGTH + EXPLICIT_NONCE_LENGTH + TAG_LENGTH;
    static final int EPOCH = 1;
    static final byte APPLICATION_DATA = 23;
    private static final long MAX_SEQUENCE = (1L << 48) - 1;
    private static final int WINDOW = 64;

    private final SecretKeySpec writeKey;
    private final SecretKeySpec readKey;
    private final byte[] writeSalt;

    // Writing: guarded by this.
    private final Cipher encryptor;
    private final byte[] writeNonce = new byte[12];
    private final byte[] writeAad = new byte[13];
    private final Cipher reprotectDecryptor;
    private long nextWriteSequence = -1;

    // Reading: guarded by the caller (the transport's receive lock).
    private final Cipher decryptor;
    private final byte[] readNonce = new byte[12];
    private final byte[] readAad = new byte[13];
    private long newestRead = -1;
    private long readWindow; // bit i set: sequence (newestRead - i) was received

    private AeadRecordLayer(byte[] writeKey, byte[] readKey, byte[] writeSalt, byte[] readSalt)
            throws GeneralSecurityException {
        this.writeKey = new SecretKeySpec(writeKey, "AES");
        this.readKey = new SecretKeySpec(readKey, "AES");
        this.writeSalt = writeSalt;
        this.encryptor = Cipher.getInstance("AES/GCM/NoPadding");
        this.decryptor = Cipher.getInstance("AES/GCM/NoPadding");
        this.reprotectDecryptor = Cipher.getInstance("AES/GCM/NoPadding");
        System.arraycopy(writeSalt, 0, writeNonce, 0, 4);
        System.arraycopy(readSalt, 0, readNonce, 0, 4);
    }

    /** Key length in bytes for the AES-GCM suites we take over, or 0 for a suite left to Bouncy Castle. */
    static int keyLength(int cipherSuite) {
        return switch (cipherSuite) {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                 CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> 16;
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                 CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -> 32;
            default -> 0;
        };
    }

    /**
     * The record layer for a finished DTLS 1.2 handshake, or null when its cipher suite is not AES-GCM. Derives the
     * key block (RFC 5246 6.3: client key, server key, client salt, server salt for AEAD suites).
     */
    static AeadRecordLayer forHandshake(TlsContext context, boolean isClient) {
        int keyLength = keyLength(context.getSecurityParametersConnection().getCipherSuite());
        if (keyLength == 0) {
            return null;
        }
        // key_block = PRF(master_secret, "key expansion", server_random + client_random) (RFC 5246 6.3).
        SecurityParameters parameters = context.getSecurityParametersConnection();
        byte[] seed = org.bouncycastle.util.Arrays.concatenate(parameters.getServerRandom(),
                parameters.getClientRandom());
        byte[] block = parameters.getMasterSecret().deriveUsingPRF(parameters.getPRFAlgorithm(),
                ExporterLabel.key_expansion, seed, 2 * keyLength + 8).extract();
        try {
            byte[] clientKey = Arrays.copyOfRange(block, 0, keyLength);
            byte[] serverKey = Arrays.copyOfRange(block, keyLength, 2 * keyLength);
            byte[] clientSalt = Arrays.copyOfRange(block, 2 * keyLength, 2 * keyLength + 4);
            byte[] serverSalt = Arrays.copyOfRange(block, 2 * keyLength + 4, 2 * keyLength + 8);
            return isClient ? new AeadRecordLayer(clientKey, serverKey, clientSalt, serverSalt)
                    : new AeadRecordLayer(serverKey, clientKey, serverSalt, clientSalt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    /** For tests: a layer from explicit keys and salts. */
    static AeadRecordLayer of(byte[] writeKey, byte[] readKey, byte[] writeSalt, byte[] readSalt) {
        try {
            return new AeadRecordLayer(writeKey, readKey, writeSalt, readSalt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the first epoch-1 sequence number we write: one past the highest Bouncy Castle wrote. */
    synchronized void startWritingAt(long sequence) {
        nextWriteSequence = sequence;
    }

    /**
     * Writes one record of {@code contentType} protecting {@code in[off, off+len)} into {@code out} at 0 and
     * returns its length ({@code len + OVERHEAD}).
     */
    synchronized int protect(byte contentType, byte[] in, int off, int len, byte[] out) {
        if (nextWriteSequence < 0 || nextWriteSequence > MAX_SEQUENCE) {
            throw new IllegalStateException("no DTLS sequence numbers left in epoch 1");
        }
        long sequence = nextWriteSequence++;
        out[0] = contentType;
        out[1] = (byte) 0xfe;
        out[2] = (byte) 0xfd;
        out[3] = 0;
        out[4] = (byte) EPOCH;
        writeUint48(out, 5, sequence);
        int ciphertextLength = EXPLICIT_NONCE_LENGTH + len + TAG_LENGTH;
        out[11] = (byte) (ciphertextLength >>> 8);
        out[12] = (byte) ciphertextLength;
        // Explicit nonce = epoch and sequence number (the record header's bytes 3-10).
        System.arraycopy(out, 3, out, HEADER_LENGTH, EXPLICIT_NONCE_LENGTH);
        System.arraycopy(out, 3, writeNonce, 4, EXPLICIT_NONCE_LENGTH);
        fillAad(writeAad, out, 0, len);
        try {
            encryptor.init(Cipher.ENCRYPT_MODE, writeKey, new GCMParameterSpec(TAG_LENGTH * 8, writeNonce));
            encryptor.updateAAD(writeAad);
            int n = encryptor.doFinal(in, off, len, out, HEADER_LENGTH + EXPLICIT_NONCE_LENGTH);
            return HEADER_LENGTH + EXPLICIT_NONCE_LENGTH + n;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Re-protects one epoch-1 record that Bouncy Castle wrote after we took over (with its own, now unused,
     * sequence number) under our next sequence number. Returns the new record's length in {@code out}, or -1 if
     * the record does not open with our write key (it is then not sent).
     */
    synchronized int reprotect(byte[] record, int off, int len, byte[] out) {
        int plaintextLength = len - OVERHEAD;
        if (plaintextLength < 0) {
            return -1;
        }
        byte[] nonce = new byte[12];
        System.arraycopy(writeSalt, 0, nonce, 0, 4);
        System.arraycopy(record, off + HEADER_LENGTH, nonce, 4, EXPLICIT_NONCE_LENGTH);
        byte[] aad = new byte[13];
        fillAad(aad, record, off, plaintextLength);
        byte[] plaintext = new byte[Math.max(plaintextLength, 1)];
        try {
            reprotectDecryptor.init(Cipher.DECRYPT_MODE, writeKey, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            reprotectDecryptor.updateAAD(aad);
            reprotectDecryptor.doFinal(record, off + HEADER_LENGTH + EXPLICIT_NONCE_LENGTH,
                    len - HEADER_LENGTH - EXPLICIT_NONCE_LENGTH, plaintext, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
        return protect(record[off], plaintext, 0, plaintextLength, out);
    }

    /**
     * Opens one epoch-1 record at {@code record[off, off+len)} (header included) into {@code out} at 0. Returns
     * the plaintext length, or -1 when the record is a replay, too old, malformed or fails authentication (it is
     * then dropped, RFC 6347 4.1.2.7). The input is not modified.
     */
    int unprotect(byte[] record, int off, int len, byte[] out) {
        int plaintextLength = len - OVERHEAD;
        if (plaintextLength < 0 || plaintextLength > out.length) {
            return -1;
        }
        long sequence = readUint48(record, off + 5);
        if (!mayAccept(sequence)) {
            return -1;
        }
        System.arraycopy(record, off + HEADER_LENGTH, readNonce, 4, EXPLICIT_NONCE_LENGTH);
        fillAad(readAad, record, off, plaintextLength);
        int n;
        try {
            decryptor.init(Cipher.DECRYPT_MODE, readKey, new GCMParameterSpec(TAG_LENGTH * 8, readNonce));
            decryptor.updateAAD(readAad);
            n = decryptor.doFinal(record, off + HEADER_LENGTH + EXPLICIT_NONCE_LENGTH,
                    len - HEADER_LENGTH - EXPLICIT_NONCE_LENGTH, out, 0);
        } catch (AEADBadTagException | ShortBufferException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
        accept(sequence);
        return n;
    }

    private boolean mayAccept(long sequence) {
        if (sequence > newestRead) {
            return true;
        }
        long age = newestRead - sequence;
        return age < WINDOW && (readWindow & (1L << age)) == 0;
    }

    private void accept(long sequence) {
        if (sequence > newestRead) {
            long shift = sequence - newestRead;
            readWindow = shift >= WINDOW ? 1L : (readWindow << shift) | 1L;
            newestRead = sequence;
        } else {
            readWindow |= 1L << (newestRead - sequence);
        }
    }

    /** seq_num (epoch + sequence, from the header) + type + version + plaintext length. */
    private static void fillAad(byte[] aad, byte[] header, int off, int plaintextLength) {
        System.arraycopy(header, off + 3, aad, 0, 8);
        aad[8] = header[off];
        aad[9] = header[off + 1];
        aad[10] = header[off + 2];
        aad[11] = (byte) (plaintextLength >>> 8);
        aad[12] = (byte) plaintextLength;
    }

    static long readUint48(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void writeUint48(byte[] b, int off, long v) {
        for (int i = 5; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
