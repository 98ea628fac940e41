/**
 * GStreamer WebRTC signalling, protocol 1.1 (docs/protocols/gstreamer.md):
 * {@link dev.robusta.signaling.gstreamer.GstSignallingServer} around the sans-IO
 * {@link dev.robusta.signaling.gstreamer.GstSignallingCore}, and
 * {@link dev.robusta.signaling.gstreamer.GstSignallingClient}.
 */
package dev.robusta.signaling.gstreamer;
