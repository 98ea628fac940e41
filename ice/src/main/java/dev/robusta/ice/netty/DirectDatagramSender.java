package dev.robusta.ice.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Sends datagrams straight to a Netty NIO channel's socket from its event loop.
 *
 * <p>Why: a data channel at full speed sends tens of thousands of datagrams a second. Through the pipeline each
 * costs a pooled direct buffer, an outbound-buffer entry, a flush and the recycling of all three; straight to the
 * socket it costs one copy into a reused direct buffer and the system call. Channels made by {@link #FACTORY}
 * remember their socket for this.
 */
final class DirectDatagramSender {
    private static final AttributeKey<DatagramChannel> SOCKET = AttributeKey.valueOf(DirectDatagramSender.class, "socket");

    /** Makes NIO datagram channels (as Netty's default factory does) whose sockets can be written directly. */
    static final ChannelFactory<NioDatagramChannel> FACTORY = () -> {
        DatagramChannel socket;
        try {
            socket = SelectorProvider.provider().openDatagramChannel();
        } catch (IOException e) {
            throw new ChannelException("cannot open a UDP socket", e);
        }
        NioDatagramChannel channel = new NioDatagramChannel(socket);
        channel.attr(SOCKET).set(socket);
        return channel;
    };

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);

    /**
     * Sends one datagram now; call on the channel's event loop. Returns false when nothing was sent because the
     * channel was not made by {@link #FACTORY} or the socket's send buffer is full: the caller then writes through
     * the pipeline, which waits until the socket is writable.
     */
    boolean send(Channel channel, ByteBuffer datagram, InetSocketAddress to) throws IOException {
        DatagramChannel socket = channel.attr(SOCKET).get();
        if (socket == null || datagram.remaining() > buffer.capacity()) {
            return false;
        }
        buffer.clear();
        buffer.put(datagram.duplicate());
        buffer.flip();
        return socket.send(buffer, to) > 0;
    }
}
