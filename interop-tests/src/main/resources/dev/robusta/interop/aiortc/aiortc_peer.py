"""An aiortc RTCPeerConnection driven by JSON lines, for interop tests and benchmarks.

Runs with Debian's python3-aiortc (1.4). Reads one JSON command per line on stdin and writes one JSON event per
line on stdout (logs go to stderr). Loopback only: no STUN server, and aioice offers 127.0.0.1 as its one host
address (it skips loopback addresses otherwise).

Commands ("op"):
  channel        label, negotiated (false), id, ordered (true), protocol ("")  -> creates a data channel
  offer                                          -> createOffer + setLocalDescription; event "description"
  remote         type, sdp                        -> setRemoteDescription; for an offer also answers ("description")
  candidate      candidate ("" = end of candidates), sdpMid
  expect         label, count                     -> the next 2*count messages on the channel must be the test
                                                     sequence from its start (see below); event "sequence" when
                                                     they are in
  send_sequence  label, count                     -> sends text(i), binary(i) for i < count; event "sent"
  send_large     label, size                      -> one binary message large(size); event "sent"
  send_text      label, text
  send_bulk      label, size, count               -> count binary messages of size bytes, paced by bufferedAmount;
                                                     event "sent" with seconds
  sink           label, bytes                     -> the next messages on the channel, up to that many bytes, are
                                                     only counted; event "sunk" with seconds from the first one
  close_channel  label
  report         label                            -> event "report": what this side counted on the channel
  transport_stats                                 -> event "transport_stats": aiortc's DTLS transport counters
  close                                           -> closes the connection; event "closed", then the script ends

Events ("ev"): ready, description, remote_set, state (connectionState / iceConnectionState), datachannel, open, message (one that
is not part of an expected sequence: size, sha256, text if short), sequence, sunk, channel_close, sent, report,
transport_stats, error, closed.

The test sequence, shared with the Java side (dev.robusta.interop.aiortc.MessagePatterns):
  text(i):   n = (i * 7919) % 300 code points, code point j = ALPHABET[(i * 31 + j) % len(ALPHABET)]
  binary(i): n = (i * 104729) % 1500 bytes, byte j = (i * 131 + j * 17) & 0xFF
  large(n):  byte j = (j * 31 + (j >> 11)) & 0xFF
sent in the order text(0), binary(0), text(1), binary(1), ...
"""
import asyncio
import hashlib
import json
import logging
import sys
import time

import aioice.ice
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.sdp import candidate_from_sdp

ALPHABET = [ord(c) for c in "abcdefghijklmnopqrstuvwxyz"] + [0xE9, 0x20AC, 0x1F600]


def text_message(i):
    n = (i * 7919) % 300
    return "".join(chr(ALPHABET[(i * 31 + j) % len(ALPHABET)]) for j in range(n))


def binary_message(i):
    n = (i * 104729) % 1500
    return bytes((i * 131 + j * 17) & 0xFF for j in range(n))


def large_message(n):
    return bytes((j * 31 + (j >> 11)) & 0xFF for j in range(n))


def loopback_only(use_ipv4, use_ipv6):
    return ["127.0.0.1"]


aioice.ice.get_host_addresses = loopback_only

def emit(event, **fields):
    fields["ev"] = event
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class ChannelState:
    """What this side counted on one channel, and the sequence it expects."""

    def __init__(self, channel):
        self.channel = channel
        self.messages_sent = 0
        self.bytes_sent = 0
        self.messages_received = 0
        self.bytes_received = 0
        self.expected = 0  # messages of the sequence still to come
        self.next_index = 0  # position in the sequence: 2*i is text(i), 2*i+1 is binary(i)
        self.sequence_errors = []
        self.sink_target = 0  # bytes; while > 0 messages are only counted, and "sunk" comes when they are in
        self.first_sunk = None
        self.buffered_low = None  # set by bufferedamountlow while send_bulk waits


class Peer:
    def __init__(self):
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.channels = {}
        self.pc.on("connectionstatechange", self.on_connection_state)
        self.pc.on("iceconnectionstatechange", self.on_ice_state)
        self.pc.on("datachannel", self.on_datachannel)

    def on_connection_state(self):
        emit("state", connectionState=self.pc.connectionState)

    def on_ice_state(self):
        emit("state", iceConnectionState=self.pc.iceConnectionState)

    def on_datachannel(self, channel):
        emit("datachannel", label=channel.label, id=channel.id, negotiated=channel.negotiated,
             ordered=channel.ordered, protocol=channel.protocol)
        self.track(channel)
        # aiortc announces remote channels already open
        if channel.readyState == "open":
            emit("open", label=channel.label, id=channel.id)

    def track(self, channel):
        state = ChannelState(channel)
        self.channels[channel.label] = state

        @channel.on("open")
        def on_open():
            emit("open", label=channel.label, id=channel.id)

        @channel.on("message")
        def on_message(message):
            self.on_message(state, message)

        @channel.on("close")
        def on_close():
            emit("channel_close", label=channel.label, id=channel.id)

        return state

    def on_message(self, state, message):
        data = message.encode("utf8") if isinstance(message, str) else message
        state.messages_received += 1
        state.bytes_received += len(data)
        if state.expected > 0:
            i, binary = divmod(state.next_index, 2)
            want = binary_message(i) if binary else text_message(i)
            if (isinstance(message, str) == bool(binary)) or message != want:
                if len(state.sequence_errors) < 5:
                    state.sequence_errors.append(
                        f"message {state.next_index}: got {'text' if isinstance(message, str) else 'binary'} "
                        f"of {len(data)} bytes, wanted {'binary' if binary else 'text'} of "
                        f"{len(want.encode('utf8') if isinstance(want, str) else want)} bytes")
            state.next_index += 1
            state.expected -= 1
            if state.expected == 0:
                emit("sequence", label=state.channel.label, messages=state.next_index,
                     errors=state.sequence_errors)
            return
        if state.sink_target > 0:
            if state.first_sunk is None:
                state.first_sunk = time.monotonic()
            if state.bytes_received >= state.sink_target:
                state.sink_target = 0
                emit("sunk", label=state.channel.label, messages=state.messages_received,
                     bytes=state.bytes_received, seconds=time.monotonic() - state.first_sunk)
            return
        fields = {"label": state.channel.label, "binary": not isinstance(message, str), "size": len(data),
                  "sha256": hashlib.sha256(data).hexdigest()}
        if isinstance(message, str) and len(message) <= 200:
            fields["text"] = message
        emit("message", **fields)

    async def handle(self, cmd):
        op = cmd["op"]
        if op == "channel":
            kwargs = {"ordered": cmd.get("ordered", True), "protocol": cmd.get("protocol", "")}
            if cmd.get("negotiated"):
                kwargs["negotiated"] = True
                kwargs["id"] = cmd["id"]
            channel = self.pc.createDataChannel(cmd["label"], **kwargs)
            self.track(channel)
            if channel.readyState == "open":
                emit("open", label=channel.label, id=channel.id)
        elif op == "offer":
            await self.pc.setLocalDescription(await self.pc.createOffer())
            emit("description", type="offer", sdp=self.pc.localDescription.sdp)
        elif op == "remote":
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=cmd["sdp"], type=cmd["type"]))
            if cmd["type"] == "offer":
                await self.pc.setLocalDescription(await self.pc.createAnswer())
                emit("description", type="answer", sdp=self.pc.localDescription.sdp)
            else:
                emit("remote_set", type=cmd["type"])
        elif op == "candidate":
            await self.add_candidate(cmd.get("candidate", ""), cmd.get("sdpMid"))
        elif op == "expect":
            state = self.channels[cmd["label"]]
            if state.expected == 0:  # a new sequence starts again at text(0)
                state.next_index = 0
                state.sequence_errors = []
            state.expected += 2 * cmd["count"]
        elif op == "sink":
            state = self.channels[cmd["label"]]
            state.sink_target = state.bytes_received + cmd["bytes"]
            state.first_sunk = None
        elif op == "send_sequence":
            state = self.channels[cmd["label"]]
            for i in range(cmd["count"]):
                self.send(state, text_message(i))
                self.send(state, binary_message(i))
            emit("sent", label=state.channel.label, messages=2 * cmd["count"])
        elif op == "send_large":
            state = self.channels[cmd["label"]]
            data = large_message(cmd["size"])
            self.send(state, data)
            emit("sent", label=state.channel.label, messages=1, sha256=hashlib.sha256(data).hexdigest())
        elif op == "send_text":
            self.send(self.channels[cmd["label"]], cmd["text"])
        elif op == "send_bulk":
            await self.send_bulk(self.channels[cmd["label"]], cmd["size"], cmd["count"])
        elif op == "close_channel":
            self.channels[cmd["label"]].channel.close()
        elif op == "report":
            s = self.channels[cmd["label"]]
            emit("report", label=s.channel.label, id=s.channel.id, readyState=s.channel.readyState,
                 messagesSent=s.messages_sent, bytesSent=s.bytes_sent, messagesReceived=s.messages_received,
                 bytesReceived=s.bytes_received, sequenceErrors=s.sequence_errors,
                 bufferedAmount=s.channel.bufferedAmount)
        elif op == "transport_stats":
            fields = {}
            sctp = self.pc.sctp
            if sctp is not None:
                for stats in sctp.transport._get_stats().values():
                    fields = {"packetsSent": stats.packetsSent, "packetsReceived": stats.packetsReceived,
                              "bytesSent": stats.bytesSent, "bytesReceived": stats.bytesReceived}
                fields["maxMessageSize"] = sctp.getCapabilities().maxMessageSize
            emit("transport_stats", **fields)
        elif op == "close":
            await self.pc.close()
            emit("closed")
            return False
        else:
            emit("error", message="unknown op " + op)
        return True

    def send(self, state, message):
        state.channel.send(message)
        state.messages_sent += 1
        state.bytes_sent += len(message.encode("utf8") if isinstance(message, str) else message)

    async def send_bulk(self, state, size, count):
        channel = state.channel
        payload = bytes(size)
        high = 1 << 20
        channel.bufferedAmountLowThreshold = high // 2
        if state.buffered_low is None:
            state.buffered_low = asyncio.Event()
            channel.on("bufferedamountlow", state.buffered_low.set)
        low = state.buffered_low
        start = time.monotonic()
        for _ in range(count):
            while channel.bufferedAmount > high:
                low.clear()
                await low.wait()
            self.send(state, payload)
        while channel.bufferedAmount > 0:
            await asyncio.sleep(0.005)
        emit("sent", label=channel.label, messages=count, seconds=time.monotonic() - start)

    async def add_candidate(self, line, mid):
        sctp = self.pc.sctp
        if sctp is None:
            raise RuntimeError("a candidate before the remote description")
        ice = sctp.transport.transport
        if not line:
            await ice.addRemoteCandidate(None)
            return
        if line.startswith("candidate:"):
            line = line[len("candidate:"):]
        candidate = candidate_from_sdp(line)
        candidate.sdpMid = mid
        await self.pc.addIceCandidate(candidate)


async def main():
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    loop = asyncio.get_event_loop()
    reader = asyncio.StreamReader(limit=1 << 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    peer = Peer()
    emit("ready")
    while True:
        line = await reader.readline()
        if not line:
            await peer.pc.close()
            break
        line = line.strip()
        if not line:
            continue
        try:
            if not await peer.handle(json.loads(line)):
                break
        except Exception as e:  # report and go on: the test decides
            logging.exception("command failed")
            emit("error", message=f"{type(e).__name__}: {e}", op=json.loads(line).get("op"))


asyncio.run(main())
