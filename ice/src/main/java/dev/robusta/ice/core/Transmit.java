package dev.robusta.ice.core;

import java.net.InetSocketAddress;

/**
 * A datagram the core asks its driver to send: from the local socket bound to {@code source}, to
 * {@code destination}. The bytes belong to the driver once polled.
 */
public record Transmit(InetSocketAddress source, InetSocketAddress destination, byte[] data) {}
