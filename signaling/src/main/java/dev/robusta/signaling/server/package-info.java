/**
 * Server plumbing shared by the three protocols: a sans-IO {@link dev.robusta.signaling.server.ServerCore} per
 * protocol (handshake decision, text in, outputs out) and {@link dev.robusta.signaling.server.WebSocketServer}, the
 * thin Netty driver that does HTTP upgrade, TLS, limits, timeouts and keep-alive around it.
 */
package dev.robusta.signaling.server;
