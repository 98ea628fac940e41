package dev.robusta.benchmarks;

import java.util.List;

/** The one place that lists the non-JMH harnesses the runner knows; JMH benchmarks are found by JMH itself. */
public final class Harnesses {
    private Harnesses() {}

    /** Every registered harness, in report order. Later modules add theirs here. */
    public static List<Harness> all() {
        return List.of(new dev.robusta.benchmarks.ice.IceConnectionTimeHarness(),
                new dev.robusta.benchmarks.peer.PeerConnectionHarness(),
                new dev.robusta.benchmarks.peer.PionHarness(),
                new dev.robusta.benchmarks.signaling.SignalingRelayHarness(),
                new dev.robusta.benchmarks.codec.Vp8QualityHarness(),
                new dev.robusta.benchmarks.sctp.SctpThroughputHarness(),
                new dev.robusta.benchmarks.sctp.SctpOverDtlsHarness(),
                new dev.robusta.benchmarks.sctp.DataChannelThroughputHarness(),
                new dev.robusta.benchmarks.srtp.SrtpInterleavedHarness(),
                new dev.robusta.benchmarks.h264.H264QualityHarness(),
                new dev.robusta.benchmarks.h264.CodecCpuTimeHarness());
    }
}
