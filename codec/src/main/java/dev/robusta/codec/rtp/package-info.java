/**
 * RTP payload formats: VP8 (RFC 7741), H.264 (RFC 6184, packetization modes 0 and 1), Opus (RFC 7587) and
 * PCMU/PCMA (RFC 3551). Payloaders cut a frame into payloads of at most a configured size, written into the
 * caller's buffers without allocating; depayloaders rebuild frames from in-order payloads and say which are
 * keyframes, and help the jitter buffer find frame starts ({@link dev.robusta.rtp.jitter.PayloadInspector}).
 */
package dev.robusta.codec.rtp;
