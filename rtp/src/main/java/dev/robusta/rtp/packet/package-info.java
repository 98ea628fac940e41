/**
 * RTP packets (RFC 3550 section 5.1): {@link dev.robusta.rtp.packet.RtpPacket}, a reusable view that parses and
 * validates without copying, {@link dev.robusta.rtp.packet.RtpPacketWriter}, which writes into a supplied buffer,
 * and RFC 8285 header extensions negotiated by URI ({@link dev.robusta.rtp.packet.HeaderExtensionMap}).
 */
package dev.robusta.rtp.packet;
