"""aiortc's SCTP association and data channels over plain UDP on loopback, for interop tests.

aiortc's RTCSctpTransport runs on a stand-in for its DTLS transport that sends and receives SCTP packets as
UDP datagrams (no encryption), so the Java side can drive its own SCTP association directly.

Usage: sctp_peer.py <controlling|controlled> <java udp port>
Prints "PORT <port>" first, then one line per event. Every message on a channel the Java side opens is echoed
back on that channel. Opens one channel of its own, "from-aiortc", and sends two messages on it.
A line "quit" on stdin stops it.
"""
import asyncio
import sys

from aiortc.rtcdatachannel import RTCDataChannel, RTCDataChannelParameters
from aiortc.rtcsctptransport import RTCSctpCapabilities, RTCSctpTransport


class FakeIceTransport:
    def __init__(self, role):
        self.role = role


class FakeDtlsTransport:
    """The parts of RTCDtlsTransport that RTCSctpTransport uses."""

    def __init__(self, role, udp, peer):
        self.state = "connected"
        self.transport = FakeIceTransport(role)
        self._receiver = None
        self._udp = udp
        self._peer = peer

    def _register_data_receiver(self, receiver):
        self._receiver = receiver

    def _unregister_data_receiver(self, receiver):
        if self._receiver == receiver:
            self._receiver = None

    async def _send_data(self, data):
        self._udp.sendto(data, self._peer)


class Inbox(asyncio.DatagramProtocol):
    def __init__(self, queue):
        self.queue = queue

    def datagram_received(self, data, addr):
        self.queue.put_nowait(data)


def say(*words):
    print(*words, flush=True)


async def main():
    role = sys.argv[1]
    java_port = int(sys.argv[2])
    loop = asyncio.get_event_loop()
    queue = asyncio.Queue()
    udp, _ = await loop.create_datagram_endpoint(lambda: Inbox(queue), local_addr=("127.0.0.1", 0))
    say("PORT", udp.get_extra_info("sockname")[1])
    dtls = FakeDtlsTransport(role, udp, ("127.0.0.1", java_port))
    sctp = RTCSctpTransport(dtls)

    @sctp.on("datachannel")
    def on_datachannel(channel):
        say("CHANNEL", channel.label, channel.id, channel.ordered, channel.maxRetransmits,
            channel.maxPacketLifeTime, channel.protocol or "-")

        @channel.on("message")
        def on_message(message):
            channel.send(message)

        @channel.on("close")
        def on_close():
            say("CLOSED", channel.label, channel.id)

    async def consume():
        # One packet at a time, in arrival order, as aiortc's own DTLS transport does.
        while True:
            data = await queue.get()
            if dtls._receiver:
                await dtls._receiver._handle_data(data)

    asyncio.ensure_future(consume())
    await sctp.start(RTCSctpCapabilities(maxMessageSize=65536), 5000)

    own = RTCDataChannel(sctp, RTCDataChannelParameters(label="from-aiortc", protocol="proto"))

    @own.on("message")
    def on_own_message(message):
        if message == "to aiortc's channel":
            own.send(message)

    @own.on("open")
    def on_open():
        say("OPEN from-aiortc", own.id)
        own.send("hello from aiortc")
        own.send(b"\x01\x02\x03")

    await loop.run_in_executor(None, sys.stdin.readline)
    say("STOPPING")
    await sctp.stop()


asyncio.run(main())
