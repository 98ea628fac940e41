"""aiortc <-> aiortc reliable data-channel throughput on loopback (ICE, DTLS and SCTP: aiortc's full stack).

Two RTCPeerConnections in two processes (one asyncio loop and one core each, as two Java event loops have),
signalled through a pipe. The offerer opens one reliable ordered channel and sends <total MiB> of
<size>-byte messages, keeping bufferedAmount under a high-water mark; the answerer counts what arrives.

Usage: dc_throughput.py <message size in bytes> <total MiB>
Prints one line: "RESULT <MB/s> <messages/s> <setup ms>" (MB = 10^6 bytes; setup = createOffer to channel open).
"""
import asyncio
import multiprocessing
import sys
import time

import aioice.ice
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

# aioice offers no loopback host candidate; the benchmark runs on 127.0.0.1 only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


def config():
    return RTCConfiguration(iceServers=[])  # no public STUN fallback


async def offerer(conn, size, total):
    pc = RTCPeerConnection(config())
    loop = asyncio.get_event_loop()
    t0 = time.perf_counter()
    channel = pc.createDataChannel("bench")
    opened = asyncio.Event()
    channel.on("open", opened.set)
    await pc.setLocalDescription(await pc.createOffer())
    conn.send(pc.localDescription.sdp)
    answer = await loop.run_in_executor(None, conn.recv)
    await pc.setRemoteDescription(RTCSessionDescription(answer, "answer"))
    await opened.wait()
    setup_ms = (time.perf_counter() - t0) * 1000
    high = max(4 << 20, 4 * size)
    low = asyncio.Event()
    channel.bufferedAmountLowThreshold = high // 2
    channel.on("bufferedamountlow", low.set)
    message = bytes(i & 0xFF for i in range(size))
    messages = (total + size - 1) // size
    conn.send(messages)
    # The clock starts before the first message and stops when the answerer has the last one: both are
    # perf_counter readings (CLOCK_MONOTONIC, which the two processes share).
    t_go = time.perf_counter()
    for _ in range(messages):
        while channel.bufferedAmount > high:
            low.clear()
            await low.wait()
        channel.send(message)
    t_done = await loop.run_in_executor(None, conn.recv)
    await pc.close()
    seconds = t_done - t_go
    return messages * size / 1e6 / seconds, messages / seconds, setup_ms


async def answerer(conn):
    pc = RTCPeerConnection(config())
    loop = asyncio.get_event_loop()
    done = asyncio.Event()
    state = {"count": 0, "expected": None}

    @pc.on("datachannel")
    def on_channel(channel):
        @channel.on("message")
        def on_message(message):
            state["count"] += 1
            if state["count"] == state["expected"]:
                state["t_done"] = time.perf_counter()
                done.set()

    offer = await loop.run_in_executor(None, conn.recv)
    await pc.setRemoteDescription(RTCSessionDescription(offer, "offer"))
    await pc.setLocalDescription(await pc.createAnswer())
    conn.send(pc.localDescription.sdp)
    state["expected"] = await loop.run_in_executor(None, conn.recv)
    await asyncio.wait_for(done.wait(), 600)
    conn.send(state["t_done"])
    await asyncio.sleep(0.2)
    await pc.close()


def run_answerer(conn):
    asyncio.run(answerer(conn))


def main():
    size = int(sys.argv[1])
    total = int(sys.argv[2]) << 20
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=run_answerer, args=(there,), daemon=True)
    child.start()
    mb_per_s, messages_per_s, setup_ms = asyncio.run(offerer(here, size, total))
    child.join(10)
    print("RESULT %.3f %.1f %.1f" % (mb_per_s, messages_per_s, setup_ms), flush=True)


if __name__ == "__main__":
    main()
