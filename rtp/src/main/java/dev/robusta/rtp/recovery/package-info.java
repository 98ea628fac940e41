/**
 * Loss recovery: the sender's {@link dev.robusta.rtp.recovery.PacketHistory}, the receiver's
 * {@link dev.robusta.rtp.recovery.NackGenerator} (RFC 4585 generic NACK with RTT-aware retries and give-up
 * limits) and {@link dev.robusta.rtp.recovery.Rtx} (RFC 4588 retransmission payload format, both ways).
 */
package dev.robusta.rtp.recovery;
