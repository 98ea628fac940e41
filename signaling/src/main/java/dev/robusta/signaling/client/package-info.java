/**
 * The WebSocket client under the three protocol clients: connect with a {@code CompletableFuture}, text messages
 * to a listener on the connection's event loop (listeners must not block), ws:// and wss:// with an
 * {@link javax.net.ssl.SSLContext}. Reconnecting is left to the caller.
 */
package dev.robusta.signaling.client;
