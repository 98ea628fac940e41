/**
 * RTP and RTCP: packet views and writers, per-SSRC streams and reports, loss recovery (NACK, RTX) and a jitter
 * buffer. Transport-independent and sans-IO: the peer connection wires it to SRTP.
 */
package dev.robusta.rtp;
