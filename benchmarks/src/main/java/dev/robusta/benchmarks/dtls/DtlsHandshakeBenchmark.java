package dev.robusta.benchmarks.dtls;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.dtls.DtlsConfig;
import dev.robusta.dtls.DtlsConnectionInfo;
import dev.robusta.dtls.DtlsHandshakeExecutors;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.dtls.DtlsTransport;

/**
 * A full DTLS 1.2 handshake with mutual authentication, fingerprint checks and SRTP key export, between two of our
 * transports in memory (no network): one handshake at a time, so the time per operation is the handshake latency
 * and its inverse the handshakes per second one pair of handshake threads sustains. ECDSA P-256 and RSA 2048.
 */
@State(Scope.Thread)
public class DtlsHandshakeBenchmark {

    @Param({"ECDSA_P256", "RSA_2048"})
    public String keyType;

    private DtlsCertificate clientCertificate;
    private DtlsCertificate serverCertificate;
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
        DtlsCertificate.KeyType type = DtlsCertificate.KeyType.valueOf(keyType);
        clientCertificate = DtlsCertificate.generate(type);
        serverCertificate = DtlsCertificate.generate(type);
        executor = DtlsHandshakeExecutors.newBounded(4, 16);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    /** Latency of one handshake. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public DtlsConnectionInfo handshake() throws Exception {
        return handshakeOnce();
    }

    /** Handshakes per second, one after another. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DtlsConnectionInfo handshakesPerSecond() throws Exception {
        return handshakeOnce();
    }

    private DtlsConnectionInfo handshakeOnce() throws Exception {
        DtlsTransport[] ends = new DtlsTransport[2];
        // Each side's datagrams go straight into the other: before the handshake ends they are only queued.
        ends[0] = new DtlsTransport(DtlsConfig.builder().certificate(clientCertificate).role(DtlsRole.CLIENT)
                .remoteFingerprint(serverCertificate.fingerprint()).build(),
                (data, offset, length) -> ends[1].handleDatagram(copy(data, offset, length)), executor);
        ends[1] = new DtlsTransport(DtlsConfig.builder().certificate(serverCertificate).role(DtlsRole.SERVER)
                .remoteFingerprint(clientCertificate.fingerprint()).build(),
                (data, offset, length) -> ends[0].handleDatagram(copy(data, offset, length)), executor);
        try {
            ends[1].start();
            DtlsConnectionInfo info = ends[0].start().get(10, TimeUnit.SECONDS);
            ends[1].connected().get(10, TimeUnit.SECONDS);
            return info;
        } finally {
            ends[0].close();
            ends[1].close();
        }
    }

    private static ByteBuffer copy(byte[] data, int offset, int length) {
        byte[] c = new byte[length];
        System.arraycopy(data, offset, c, 0, length);
        return ByteBuffer.wrap(c);
    }
}
