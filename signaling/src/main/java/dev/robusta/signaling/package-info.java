/**
 * WebRTC signalling: servers and clients for Hyperpeer ({@code .hyperpeer}), GStreamer WebRTC signalling
 * ({@code .gstreamer}) and rtclite's notify ({@code .notify}), over one Netty WebSocket driver ({@code .server}) and
 * client ({@code .client}). {@link dev.robusta.signaling.ServerConfig} holds the transport settings and limits every
 * server shares. This module depends on no other Robusta module; it knows SDP only as strings.
 */
package dev.robusta.signaling;
