package dev.robusta.benchmarks.stun;

import static dev.robusta.ice.stun.StunAttributes.ICE_CONTROLLING;
import static dev.robusta.ice.stun.StunAttributes.USE_CANDIDATE;
import static dev.robusta.ice.stun.StunAttributes.XOR_MAPPED_ADDRESS;

import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunException;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The STUN codec on the ICE hot path: a connectivity check and its success response, each parsed (structure,
 * FINGERPRINT, then MESSAGE-INTEGRITY) and encoded with a reused builder. Run with {@code -prof gc}: in the steady
 * state parsing should allocate only the message view and its index, and encoding nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StunBenchmark {
    // Browser-like credentials: 4-character ufrags, a 24-character password (RFC 8839 section 5.4 minimums).
    private static final String USERNAME = "Xq7f:b9Ke";
    private static final byte[] KEY = StunCredentials.shortTermKey("r5hLp0VbW2Yf8mQs1nTz6cJd");
    private static final long PRIORITY = 0x6E7F1EFFL;
    private static final long TIE_BREAKER = 0x1B3C_5D7E_9F00_A1B2L;

    private final StunMessageBuilder builder = new StunMessageBuilder();
    private TransactionId transactionId;
    private InetSocketAddress mapped;
    private byte[] request;
    private byte[] response;

    @Setup
    public void setUp() throws StunException, UnknownHostException {
        transactionId = TransactionId.random(new Random(42));
        mapped = new InetSocketAddress(InetAddress.getByName("198.51.100.23"), 53_211);
        request = encodeRequest().toByteArray();
        response = encodeResponse().toByteArray();
        // Measure the success paths only: refuse to run if the inputs do not verify.
        StunMessage r = StunMessage.parse(request);
        StunMessage s = StunMessage.parse(response);
        if (!r.checkIntegrity(KEY) || !s.checkIntegrity(KEY) || !r.hasFingerprint()
                || !mapped.equals(s.xorMappedAddress())) {
            throw new IllegalStateException("benchmark messages do not verify");
        }
    }

    private StunMessageBuilder encodeRequest() {
        return builder.reset(StunClass.REQUEST, StunMethod.BINDING, transactionId).addUsername(USERNAME)
                .addPriority(PRIORITY).addIceControlling(TIE_BREAKER).addUseCandidate().addMessageIntegrity(KEY)
                .addFingerprint();
    }

    private StunMessageBuilder encodeResponse() {
        return builder.reset(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, transactionId).addXorMappedAddress(mapped)
                .addMessageIntegrity(KEY).addFingerprint();
    }

    /** What an ICE agent does with an incoming check, short of the username comparison. */
    @Benchmark
    public void parseBindingRequest(Blackhole bh) throws StunException {
        StunMessage m = StunMessage.parse(request); // structure and FINGERPRINT
        bh.consume(m.checkIntegrity(KEY));
        bh.consume(m.priority());
        bh.consume(m.uint64(ICE_CONTROLLING, 0));
        bh.consume(m.has(USE_CANDIDATE));
    }

    @Benchmark
    public void encodeBindingRequest(Blackhole bh) {
        StunMessageBuilder b = encodeRequest();
        bh.consume(b.array());
        bh.consume(b.length());
    }

    /** Matching a response to its transaction and verifying it; the mapped address is left undecoded. */
    @Benchmark
    public void parseBindingResponse(Blackhole bh) throws StunException {
        StunMessage m = StunMessage.parse(response);
        bh.consume(m.hasTransactionId(transactionId));
        bh.consume(m.checkIntegrity(KEY));
        bh.consume(m.indexOf(XOR_MAPPED_ADDRESS));
    }

    /** As above, plus decoding XOR-MAPPED-ADDRESS into an InetSocketAddress (which must allocate). */
    @Benchmark
    public void parseBindingResponseWithAddress(Blackhole bh) throws StunException {
        StunMessage m = StunMessage.parse(response);
        bh.consume(m.hasTransactionId(transactionId));
        bh.consume(m.checkIntegrity(KEY));
        bh.consume(m.xorMappedAddress());
    }

    @Benchmark
    public void encodeBindingResponse(Blackhole bh) {
        StunMessageBuilder b = encodeResponse();
        bh.consume(b.array());
        bh.consume(b.length());
    }
}
