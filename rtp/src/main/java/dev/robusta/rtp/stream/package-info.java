/**
 * Per-SSRC RTP state and RTCP reports (RFC 3550 sections 6 and A): {@link dev.robusta.rtp.stream.ReceiveStream}
 * (extended sequence numbers, interarrival jitter, loss, LSR/DLSR), {@link dev.robusta.rtp.stream.SendStream}
 * (counters, sender reports, RTT from report blocks) and {@link dev.robusta.rtp.stream.RtcpSession}, which sends
 * compound reports on the RFC 3550 interval rules. Sans-IO: time comes in as {@code nowNanos}. Statistics use the
 * W3C webrtc-stats member names (inbound-rtp, outbound-rtp, remote-inbound-rtp).
 */
package dev.robusta.rtp.stream;
