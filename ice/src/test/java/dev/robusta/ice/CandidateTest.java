package dev.robusta.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.core.IceAgentCore;
import dev.robusta.ice.sim.RfcPriorities;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Candidates in SDP (RFC 8839 section 5.1) as browsers write them, and their priorities (RFC 8445 5.1.2). */
@Timeout(10)
class CandidateTest {

    /** Lines as Chrome and Firefox signal them, and the same lines without the extension attributes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Chrome host, IPv4, with generation/ufrag/network-id/network-cost.
        "candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0 ufrag EsAw network-id 1"
            + " network-cost 10"
            + "|candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host",
        // Chrome host, IPv6.
        "candidate:2966461397 1 udp 2122194687 2001:db8:85a3::8a2e:370:7334 51975 typ host generation 0 ufrag EsAw"
            + " network-id 2"
            + "|candidate:2966461397 1 udp 2122194687 2001:db8:85a3::8a2e:370:7334 51975 typ host",
        // Server reflexive with raddr/rport (Chrome hides the base as 0.0.0.0 0).
        "candidate:842163049 1 udp 1677729535 203.0.113.7 53658 typ srflx raddr 0.0.0.0 rport 0 generation 0"
            + " ufrag EsAw network-cost 999"
            + "|candidate:842163049 1 udp 1677729535 203.0.113.7 53658 typ srflx raddr 0.0.0.0 rport 0",
        // Relay.
        "candidate:3745391342 1 udp 41885439 198.51.100.20 61234 typ relay raddr 203.0.113.7 rport 53658"
            + " generation 0 ufrag EsAw network-id 1"
            + "|candidate:3745391342 1 udp 41885439 198.51.100.20 61234 typ relay raddr 203.0.113.7 rport 53658",
        // Peer reflexive, IPv6 raddr.
        "candidate:7 1 udp 1845501695 2001:db8::7 4000 typ prflx raddr 2001:db8::1 rport 5000"
            + "|candidate:7 1 udp 1845501695 2001:db8::7 4000 typ prflx raddr 2001:db8::1 rport 5000",
        // Firefox style: a= prefix, upper-case transport.
        "a=candidate:0 1 UDP 2122252543 10.0.0.5 57133 typ host"
            + "|candidate:0 1 udp 2122252543 10.0.0.5 57133 typ host",
        // Loopback, both families.
        "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host|candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host",
        "candidate:2 1 udp 2130706431 ::1 5000 typ host|candidate:2 1 udp 2130706431 ::1 5000 typ host",
    })
    void browserLinesParseAndPrintBack(String line, String printed) {
        Candidate c = Candidate.fromSdp(line);
        assertEquals(printed, c.toSdp());
        assertEquals(printed, c.toString());
        assertEquals(c, Candidate.fromSdp(c.toSdp()), "print, parse: the same candidate");
        assertEquals(c, Candidate.fromSdp("a=" + c.toSdp()));
        assertEquals(c, Candidate.fromSdp(c.toSdp().substring("candidate:".length())), "without the prefix");
        assertTrue(c.isUdp());
        assertTrue(c.isResolved());
        assertEquals(1, c.componentId());
        assertEquals("udp", c.transport());
    }

    @Test
    void fieldsOfAServerReflexiveLine() {
        Candidate c = Candidate.fromSdp("candidate:842163049 1 udp 1677729535 203.0.113.7 53658 typ srflx"
                + " raddr 192.168.0.196 rport 46243 generation 0 ufrag EsAw network-id 1 network-cost 10");
        assertEquals("842163049", c.foundation());
        assertEquals(1, c.componentId());
        assertEquals(1677729535L, c.priority());
        assertEquals(new InetSocketAddress("203.0.113.7", 53658), c.address());
        assertEquals(CandidateType.SERVER_REFLEXIVE, c.type());
        assertEquals(new InetSocketAddress("192.168.0.196", 46243), c.relatedAddress());
        // Chrome's priorities are RFC 8445's formula: type preference 100, local preference 30, component 1.
        assertEquals(RfcPriorities.candidate(100, 30, 1), c.priority());
    }

    @Test
    void ipv6WithAZoneIsPrintedWithoutIt() {
        Candidate c = Candidate.fromSdp("candidate:1 1 udp 2130706431 fe80::1%1 5000 typ host");
        assertTrue(c.address().getAddress().isLinkLocalAddress());
        assertEquals("candidate:1 1 udp 2130706431 fe80::1 5000 typ host", c.toSdp());
    }

    @Test
    void tcpCandidatesParseAndTheAgentIgnoresThem() {
        Candidate active = Candidate.fromSdp("candidate:1052210311 1 tcp 1518280447 192.168.0.196 9 typ host"
                + " tcptype active generation 0 ufrag EsAw network-id 1");
        Candidate passive = Candidate.fromSdp("candidate:3 1 TCP 1518214911 2001:db8::5 443 typ host tcptype passive");
        assertEquals("tcp", active.transport());
        assertFalse(active.isUdp());
        assertEquals(9, active.address().getPort());
        assertEquals(RfcPriorities.candidate(90, 32542, 1), active.priority());
        assertEquals("candidate:1052210311 1 tcp 1518280447 192.168.0.196 9 typ host", active.toSdp());
        assertEquals("tcp", passive.transport());

        IceAgentCore core = agent();
        core.addRemoteCandidate(0, active);
        core.addRemoteCandidate(0, passive);
        // On loopback, where the agent's socket is: a UDP candidate there would be paired.
        core.addRemoteCandidate(0, Candidate.fromSdp("candidate:9 1 tcp 1518280447 127.0.0.1 6000 typ host"
                + " tcptype passive"));
        assertEquals(0, core.remoteCandidates().size());
        assertEquals(0, core.pairs().size());
        core.addRemoteCandidate(0, Candidate.fromSdp("candidate:9 1 udp 2130706431 127.0.0.1 6000 typ host"));
        assertEquals(1, core.remoteCandidates().size());
        assertEquals(1, core.pairs().size(), "the UDP twin is paired");
    }

    @Test
    void mdnsHostsParseUnresolvedAndTheAgentIgnoresThemUntilResolved() {
        Candidate c = Candidate.fromSdp("candidate:3 1 udp 2122260223 4b5f1b0c-4b3a-4bb4-9a5e-0e1d6c5d4d2b.local"
                + " 54321 typ host generation 0 ufrag EsAw network-cost 999");
        assertFalse(c.isResolved());
        assertTrue(c.address().isUnresolved());
        assertEquals("4b5f1b0c-4b3a-4bb4-9a5e-0e1d6c5d4d2b.local", c.address().getHostString());
        assertEquals(54321, c.address().getPort());
        assertEquals("candidate:3 1 udp 2122260223 4b5f1b0c-4b3a-4bb4-9a5e-0e1d6c5d4d2b.local 54321 typ host",
                c.toSdp());
        assertEquals(c, Candidate.fromSdp(c.toSdp()));
        Candidate related = Candidate.fromSdp("candidate:4 1 udp 1677729535 203.0.113.7 53658 typ srflx"
                + " raddr 4b5f1b0c-4b3a-4bb4-9a5e-0e1d6c5d4d2b.local rport 54321");
        assertTrue(related.relatedAddress().isUnresolved());

        IceAgentCore core = agent();
        core.addRemoteCandidate(0, c);
        assertEquals(0, core.remoteCandidates().size(), "resolving is the layer above's job");
        assertEquals(0, core.pairs().size());
    }

    @Test
    void extensionsAndAnIncompleteRelatedAddressAreIgnored() {
        Candidate c = Candidate.fromSdp("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host generation 0"
                + " ufrag abcd network-id 3 network-cost 50");
        assertNull(c.relatedAddress());
        assertNull(Candidate.fromSdp("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host raddr 10.0.0.2")
                .relatedAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "candidate:",
        "candidate:1 1 udp 2130706431 10.0.0.1 5000",                    // no typ
        "candidate:1 1 udp 2130706431 10.0.0.1 5000 type host",          // 'type'
        "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ",                // no type
        "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ bogus",          // unknown type
        "candidate:1 x udp 2130706431 10.0.0.1 5000 typ host",           // component
        "candidate:1 0 udp 2130706431 10.0.0.1 5000 typ host",
        "candidate:1 257 udp 2130706431 10.0.0.1 5000 typ host",
        "candidate:1 1 udp 0 10.0.0.1 5000 typ host",                    // priority
        "candidate:1 1 udp 2147483648 10.0.0.1 5000 typ host",
        "candidate:1 1 udp -1 10.0.0.1 5000 typ host",
        "candidate:1 1 udp high 10.0.0.1 5000 typ host",
        "candidate:1 1 udp 2130706431 10.0.0.1 65536 typ host",          // port
        "candidate:1 1 udp 2130706431 10.0.0.1 -1 typ host",
        "candidate:1 1 udp 2130706431 10.0.0.1 http typ host",
        "candidate:1 1 udp 2130706431 999.0.0.1 5000 typ host",          // not an address
        "candidate:1 1 udp 2130706431 10.0.0.1.5 5000 typ host",
        "candidate:1 1 udp 2130706431 zz::1 5000 typ host",
        "candidate:1 1 udp 2130706431 1:2:3:4:5:6:7:8:9 5000 typ host",
        "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ srflx raddr 10.0.0.2 rport 70000",
        "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ srflx raddr 10.0.0.2 rport x",
        "candidate:1 1 udp 2130706431 1.2.3 5000 typ host",              // InetAddress would read 1.2.0.3
        "candidate:1 1 udp 2130706431 010.1.1.1 5000 typ host",          // leading zero (octal in some parsers)
        "candidate:1 1 udp 2130706431 10.0.0.1 +5000 typ host",          // signed numbers
        "candidate:1 +1 udp 2130706431 10.0.0.1 5000 typ host",
        "candidate:1 1 udp +2130706431 10.0.0.1 5000 typ host",
    })
    void malformedLinesAreRefusedWithIllegalArgumentException(String line) {
        assertThrows(IllegalArgumentException.class, () -> Candidate.fromSdp(line));
    }

    @Test
    void theRecordChecksItsFields() {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        assertThrows(NullPointerException.class, () -> new Candidate(null, 1, "udp", 1, a, CandidateType.HOST, null));
        assertThrows(NullPointerException.class, () -> new Candidate("1", 1, null, 1, a, CandidateType.HOST, null));
        assertThrows(NullPointerException.class, () -> new Candidate("1", 1, "udp", 1, null, CandidateType.HOST, null));
        assertThrows(NullPointerException.class, () -> new Candidate("1", 1, "udp", 1, a, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Candidate("1", 0, "udp", 1, a, CandidateType.HOST, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Candidate("1", 1, "udp", 0x80000000L, a, CandidateType.HOST, null));
        assertEquals("udp", new Candidate("1", 1, "UDP", 1, a, CandidateType.HOST, null).transport());
    }

    @Test
    void candidatePriorityIsTheRfcFormula() {
        assertEquals(2130706431L, Candidate.priority(CandidateType.HOST, 65535, 1), "Chrome's top host priority");
        for (CandidateType t : CandidateType.values()) {
            for (int lp : new int[] {0, 1, 30, 32542, 65535}) {
                for (int component : new int[] {1, 2, 256}) {
                    assertEquals(RfcPriorities.candidate(t.typePreference(), lp, component),
                            Candidate.priority(t, lp, component), t + " " + lp + " " + component);
                }
            }
        }
        // RFC 8445 section 5.1.2.2: host > peer-reflexive > server-reflexive > relay.
        assertTrue(CandidateType.HOST.typePreference() > CandidateType.PEER_REFLEXIVE.typePreference());
        assertTrue(CandidateType.PEER_REFLEXIVE.typePreference() > CandidateType.SERVER_REFLEXIVE.typePreference());
        assertTrue(CandidateType.SERVER_REFLEXIVE.typePreference() > CandidateType.RELAY.typePreference());
        assertEquals(126, CandidateType.HOST.typePreference());
        assertEquals(0, CandidateType.RELAY.typePreference());
    }

    @Test
    void pairPriorityIsTheRfcFormula() {
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long g = 1 + r.nextInt(Integer.MAX_VALUE);
            long d = i % 10 == 0 ? g : 1 + r.nextInt(Integer.MAX_VALUE);
            assertEquals(RfcPriorities.pair(g, d), CandidatePair.priority(g, d), g + " " + d);
        }
        // The controlling agent's candidate breaks ties: G > D adds one.
        assertEquals(CandidatePair.priority(5, 7) + 1, CandidatePair.priority(7, 5));
        // The largest candidate priorities still fit in a signed long.
        assertTrue(CandidatePair.priority(0x7FFFFFFFL, 0x7FFFFFFEL) > 0);
    }

    private static IceAgentCore agent() {
        IceAgentCore core = new IceAgentCore(IceAgentConfig.builder().build(), IceCredentials.random(new Random(1)),
                new Random(2), "unit");
        core.addSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000));
        core.startGathering(0);
        return core;
    }
}
