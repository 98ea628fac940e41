/**
 * RTCP packets: SR, RR, SDES, BYE, APP (RFC 3550), generic NACK (RFC 4585), PLI and FIR (RFC 5104), REMB
 * (draft-alvestrand-rmcat-remb) and transport-wide congestion-control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01), in compound and reduced-size (RFC 5506) packets.
 * {@link dev.robusta.rtp.rtcp.RtcpCompound} parses to immutable records and writes them back byte for byte;
 * {@link dev.robusta.rtp.rtcp.RtcpReader} walks a compound packet without allocating.
 */
package dev.robusta.rtp.rtcp;
