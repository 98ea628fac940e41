"""aiortc <-> aiortc connection setup time on loopback: createOffer to the data channel open at both ends.

Two RTCPeerConnections in one asyncio loop, descriptions passed directly (aiortc gathers its candidates inside
setLocalDescription, so its descriptions are complete: it does not trickle). A channel is created first, then
the clock starts. Usage: dc_setup.py <runs>. Prints one line "SETUP <ms>" per run.
"""
import asyncio
import sys
import time

import aioice.ice
from aiortc import RTCConfiguration, RTCPeerConnection

# aioice offers no loopback host candidate; the benchmark runs on 127.0.0.1 only.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


async def one_run():
    a = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # no public STUN fallback
    b = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    a_open = asyncio.Event()
    b_open = asyncio.Event()
    channel = a.createDataChannel("bench")
    channel.on("open", a_open.set)

    @b.on("datachannel")
    def on_datachannel(remote):
        if remote.readyState == "open":
            b_open.set()
        else:
            remote.on("open", b_open.set)

    t0 = time.perf_counter()
    await a.setLocalDescription(await a.createOffer())
    await b.setRemoteDescription(a.localDescription)
    await b.setLocalDescription(await b.createAnswer())
    await a.setRemoteDescription(b.localDescription)
    await asyncio.wait_for(asyncio.gather(a_open.wait(), b_open.wait()), 30)
    ms = (time.perf_counter() - t0) * 1000
    await a.close()
    await b.close()
    return ms


async def main(runs):
    for _ in range(runs):
        print("SETUP %.3f" % await one_run(), flush=True)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
