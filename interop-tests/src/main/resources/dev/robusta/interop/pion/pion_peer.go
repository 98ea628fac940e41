// A Pion v3 RTCPeerConnection driven by JSON lines, for interop tests and benchmarks.
//
// Built offline with Debian's golang-go and golang-github-pion-webrtc.v3-dev (Pion 3.1.56, pion/sctp 1.8.6) by
// dev.robusta.interop.pion.PionPeerProcess. Loopback only: host candidates on 127.0.0.1, no STUN server, no
// mDNS.
//
// Peer mode (no arguments): reads one JSON command per line on stdin, writes one JSON event per line on stdout
// (logs go to stderr). The commands and events are those of the aiortc peer (aiortc_peer.py), so the Java side
// drives both alike, plus trickle ICE: Pion's candidates come as "candidate" events (candidate, sdpMid,
// sdpMLineIndex, as Pion's ToJSON gives them), then "gathered".
//
//	channel        label, ordered (true), protocol ("")  -> creates a data channel
//	offer                                 -> createOffer + setLocalDescription; event "description"
//	remote         type, sdp              -> setRemoteDescription; an offer is answered ("description")
//	candidate      candidate ("" = end), sdpMid, sdpMLineIndex
//	expect         label, count           -> "expecting"; the next 2*count messages must be the test sequence;
//	                                         "sequence" when they are in
//	send_sequence  label, count           -> sends text(i), binary(i) for i < count; "sent"
//	send_large     label, size            -> one binary message large(size); "sent" with its sha256
//	send_text      label, text
//	send_bulk      label, size, count     -> count binary messages, paced by bufferedAmount; "sent" with seconds
//	sink           label, bytes           -> "sinking"; the next messages, up to that many bytes, are only
//	                                         counted; "sunk" when they are in
//	close_channel  label
//	report         label                  -> "report": what this side counted on the channel
//	close                                 -> closes the connection; "closed", then the program ends
//
// Pair mode (-pair-setup N, -pair-throughput MIB -size BYTES): two Pion peers in this process on loopback, for
// the side-by-side figures. Prints one JSON line: setup times in milliseconds (createOffer to the channel open at
// both ends, candidates trickled), or the MB/s of one reliable ordered channel.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/pion/ice/v2"
	"github.com/pion/webrtc/v3"
)

var alphabet = append([]rune("abcdefghijklmnopqrstuvwxyz"), 0xE9, 0x20AC, 0x1F600)

func textMessage(i int) string {
	n := (i * 7919) % 300
	var b strings.Builder
	for j := 0; j < n; j++ {
		b.WriteRune(alphabet[(i*31+j)%len(alphabet)])
	}
	return b.String()
}

func binaryMessage(i int) []byte {
	n := (i * 104729) % 1500
	b := make([]byte, n)
	for j := range b {
		b[j] = byte((i*131 + j*17) & 0xFF)
	}
	return b
}

func largeMessage(n int) []byte {
	b := make([]byte, n)
	for j := range b {
		b[j] = byte((j*31 + (j >> 11)) & 0xFF)
	}
	return b
}

var outMu sync.Mutex

func emit(ev string, fields map[string]interface{}) {
	if fields == nil {
		fields = map[string]interface{}{}
	}
	fields["ev"] = ev
	line, err := json.Marshal(fields)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot encode event:", err)
		return
	}
	outMu.Lock()
	defer outMu.Unlock()
	os.Stdout.Write(append(line, '\n'))
}

// newAPI gives peers that gather on loopback only, with no mDNS.
func newAPI() *webrtc.API {
	var se webrtc.SettingEngine
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	return webrtc.NewAPI(webrtc.WithSettingEngine(se))
}

type channelState struct {
	mu               sync.Mutex
	dc               *webrtc.DataChannel
	messagesSent     int
	bytesSent        int
	messagesReceived int
	bytesReceived    int
	expected         int
	nextIndex        int
	sequenceErrors   []string
	sinkTarget       int
	firstSunk        time.Time
	low              chan struct{}
}

type peer struct {
	pc       *webrtc.PeerConnection
	mu       sync.Mutex
	channels map[string]*channelState
}

func newPeer() (*peer, error) {
	pc, err := newAPI().NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	p := &peer{pc: pc, channels: map[string]*channelState{}}
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		emit("state", map[string]interface{}{"connectionState": s.String()})
	})
	pc.OnICEConnectionStateChange(func(s webrtc.ICEConnectionState) {
		emit("state", map[string]interface{}{"iceConnectionState": s.String()})
	})
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			emit("gathered", nil)
			return
		}
		init := c.ToJSON()
		fields := map[string]interface{}{"candidate": init.Candidate}
		if init.SDPMid != nil {
			fields["sdpMid"] = *init.SDPMid
		}
		if init.SDPMLineIndex != nil {
			fields["sdpMLineIndex"] = *init.SDPMLineIndex
		}
		emit("candidate", fields)
	})
	pc.OnDataChannel(func(dc *webrtc.DataChannel) {
		id := -1
		if dc.ID() != nil {
			id = int(*dc.ID())
		}
		emit("datachannel", map[string]interface{}{"label": dc.Label(), "id": id, "negotiated": dc.Negotiated(),
			"ordered": dc.Ordered(), "protocol": dc.Protocol()})
		p.track(dc)
	})
	return p, nil
}

func (p *peer) track(dc *webrtc.DataChannel) *channelState {
	s := &channelState{dc: dc, low: make(chan struct{}, 1)}
	p.mu.Lock()
	p.channels[dc.Label()] = s
	p.mu.Unlock()
	dc.OnOpen(func() {
		id := -1
		if dc.ID() != nil {
			id = int(*dc.ID())
		}
		emit("open", map[string]interface{}{"label": dc.Label(), "id": id})
	})
	dc.OnClose(func() {
		emit("channel_close", map[string]interface{}{"label": dc.Label()})
	})
	dc.OnMessage(func(m webrtc.DataChannelMessage) { s.onMessage(m) })
	dc.OnBufferedAmountLow(func() {
		select {
		case s.low <- struct{}{}:
		default:
		}
	})
	return s
}

func (s *channelState) onMessage(m webrtc.DataChannelMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messagesReceived++
	s.bytesReceived += len(m.Data)
	label := s.dc.Label()
	if s.expected > 0 {
		i, binary := s.nextIndex/2, s.nextIndex%2 == 1
		var ok bool
		var wantLen int
		if binary {
			want := binaryMessage(i)
			wantLen = len(want)
			ok = !m.IsString && string(m.Data) == string(want)
		} else {
			want := textMessage(i)
			wantLen = len(want)
			ok = m.IsString && string(m.Data) == want && utf8.Valid(m.Data)
		}
		if !ok && len(s.sequenceErrors) < 5 {
			kind := "binary"
			if m.IsString {
				kind = "text"
			}
			s.sequenceErrors = append(s.sequenceErrors, fmt.Sprintf("message %d: got %s of %d bytes, wanted %d bytes",
				s.nextIndex, kind, len(m.Data), wantLen))
		}
		s.nextIndex++
		s.expected--
		if s.expected == 0 {
			errs := s.sequenceErrors
			if errs == nil {
				errs = []string{}
			}
			emit("sequence", map[string]interface{}{"label": label, "messages": s.nextIndex, "errors": errs})
		}
		return
	}
	if s.sinkTarget > 0 {
		if s.firstSunk.IsZero() {
			s.firstSunk = time.Now()
		}
		if s.bytesReceived >= s.sinkTarget {
			s.sinkTarget = 0
			emit("sunk", map[string]interface{}{"label": label, "messages": s.messagesReceived,
				"bytes": s.bytesReceived, "seconds": time.Since(s.firstSunk).Seconds()})
		}
		return
	}
	sum := sha256.Sum256(m.Data)
	fields := map[string]interface{}{"label": label, "binary": !m.IsString, "size": len(m.Data),
		"sha256": hex.EncodeToString(sum[:])}
	if m.IsString && utf8.RuneCount(m.Data) <= 200 {
		fields["text"] = string(m.Data)
	}
	emit("message", fields)
}

func (s *channelState) send(data []byte, text bool) error {
	var err error
	if text {
		err = s.dc.SendText(string(data))
	} else {
		err = s.dc.Send(data)
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.messagesSent++
	s.bytesSent += len(data)
	s.mu.Unlock()
	return nil
}

func str(cmd map[string]interface{}, key, def string) string {
	if v, ok := cmd[key].(string); ok {
		return v
	}
	return def
}

func num(cmd map[string]interface{}, key string, def int) int {
	if v, ok := cmd[key].(float64); ok {
		return int(v)
	}
	return def
}

func (p *peer) channel(cmd map[string]interface{}) (*channelState, error) {
	label := str(cmd, "label", "")
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.channels[label]
	if !ok {
		return nil, fmt.Errorf("no channel %q", label)
	}
	return s, nil
}

// handle runs one command; false ends the program.
func (p *peer) handle(cmd map[string]interface{}) (bool, error) {
	op := str(cmd, "op", "")
	switch op {
	case "channel":
		ordered := true
		if v, ok := cmd["ordered"].(bool); ok {
			ordered = v
		}
		protocol := str(cmd, "protocol", "")
		dc, err := p.pc.CreateDataChannel(str(cmd, "label", ""), &webrtc.DataChannelInit{Ordered: &ordered,
			Protocol: &protocol})
		if err != nil {
			return true, err
		}
		p.track(dc)
	case "offer":
		offer, err := p.pc.CreateOffer(nil)
		if err != nil {
			return true, err
		}
		if err := p.pc.SetLocalDescription(offer); err != nil {
			return true, err
		}
		emit("description", map[string]interface{}{"type": "offer", "sdp": p.pc.LocalDescription().SDP})
	case "remote":
		typ := webrtc.NewSDPType(str(cmd, "type", ""))
		if err := p.pc.SetRemoteDescription(webrtc.SessionDescription{Type: typ, SDP: str(cmd, "sdp", "")}); err != nil {
			return true, err
		}
		if typ == webrtc.SDPTypeOffer {
			answer, err := p.pc.CreateAnswer(nil)
			if err != nil {
				return true, err
			}
			if err := p.pc.SetLocalDescription(answer); err != nil {
				return true, err
			}
			emit("description", map[string]interface{}{"type": "answer", "sdp": p.pc.LocalDescription().SDP})
		} else {
			emit("remote_set", map[string]interface{}{"type": typ.String()})
		}
	case "candidate":
		line := str(cmd, "candidate", "")
		if line == "" {
			return true, nil // Pion v3.1 has no end-of-candidates to pass on
		}
		init := webrtc.ICECandidateInit{Candidate: line}
		if mid, ok := cmd["sdpMid"].(string); ok {
			init.SDPMid = &mid
		}
		if idx, ok := cmd["sdpMLineIndex"].(float64); ok {
			i := uint16(idx)
			init.SDPMLineIndex = &i
		}
		if err := p.pc.AddICECandidate(init); err != nil {
			return true, err
		}
	case "expect":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		s.mu.Lock()
		if s.expected == 0 {
			s.nextIndex = 0
			s.sequenceErrors = nil
		}
		s.expected += 2 * num(cmd, "count", 0)
		s.mu.Unlock()
		// The driver waits for this before it sends: its messages would otherwise race the command.
		emit("expecting", map[string]interface{}{"label": s.dc.Label()})
	case "sink":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		s.mu.Lock()
		s.sinkTarget = s.bytesReceived + num(cmd, "bytes", 0)
		s.firstSunk = time.Time{}
		s.mu.Unlock()
		emit("sinking", map[string]interface{}{"label": s.dc.Label()})
	case "send_sequence":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		count := num(cmd, "count", 0)
		for i := 0; i < count; i++ {
			if err := s.send([]byte(textMessage(i)), true); err != nil {
				return true, err
			}
			if err := s.send(binaryMessage(i), false); err != nil {
				return true, err
			}
		}
		emit("sent", map[string]interface{}{"label": s.dc.Label(), "messages": 2 * count})
	case "send_large":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		data := largeMessage(num(cmd, "size", 0))
		if err := s.send(data, false); err != nil {
			return true, err
		}
		sum := sha256.Sum256(data)
		emit("sent", map[string]interface{}{"label": s.dc.Label(), "messages": 1, "sha256": hex.EncodeToString(sum[:])})
	case "send_text":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		if err := s.send([]byte(str(cmd, "text", "")), true); err != nil {
			return true, err
		}
	case "send_bulk":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		seconds, err := sendBulk(s.dc, num(cmd, "size", 0), num(cmd, "count", 0), s.low, func(n int) {
			s.mu.Lock()
			s.messagesSent++
			s.bytesSent += n
			s.mu.Unlock()
		})
		if err != nil {
			return true, err
		}
		emit("sent", map[string]interface{}{"label": s.dc.Label(), "messages": num(cmd, "count", 0), "seconds": seconds})
	case "close_channel":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		if err := s.dc.Close(); err != nil {
			return true, err
		}
	case "report":
		s, err := p.channel(cmd)
		if err != nil {
			return true, err
		}
		s.mu.Lock()
		errs := s.sequenceErrors
		if errs == nil {
			errs = []string{}
		}
		id := -1
		if s.dc.ID() != nil {
			id = int(*s.dc.ID())
		}
		fields := map[string]interface{}{"label": s.dc.Label(), "id": id, "readyState": s.dc.ReadyState().String(),
			"messagesSent": s.messagesSent, "bytesSent": s.bytesSent, "messagesReceived": s.messagesReceived,
			"bytesReceived": s.bytesReceived, "sequenceErrors": errs, "bufferedAmount": s.dc.BufferedAmount()}
		s.mu.Unlock()
		emit("report", fields)
	case "close":
		err := p.pc.Close()
		emit("closed", nil)
		return false, err
	default:
		return true, fmt.Errorf("unknown op %s", op)
	}
	return true, nil
}

// sendBulk sends count messages of size bytes, keeping at most 1 MiB buffered, and waits until all have left
// the buffer; it returns the seconds that took.
func sendBulk(dc *webrtc.DataChannel, size, count int, low chan struct{}, sent func(int)) (float64, error) {
	const high = 1 << 20
	dc.SetBufferedAmountLowThreshold(high / 2)
	payload := make([]byte, size)
	start := time.Now()
	for i := 0; i < count; i++ {
		for dc.BufferedAmount() > high {
			select {
			case <-low:
			case <-time.After(50 * time.Millisecond):
			}
		}
		if err := dc.Send(payload); err != nil {
			return 0, err
		}
		if sent != nil {
			sent(size)
		}
	}
	for dc.BufferedAmount() > 0 {
		time.Sleep(time.Millisecond)
	}
	return time.Since(start).Seconds(), nil
}

func runPeer() {
	p, err := newPeer()
	if err != nil {
		emit("error", map[string]interface{}{"message": err.Error()})
		os.Exit(1)
	}
	emit("ready", nil)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		var cmd map[string]interface{}
		if err := json.Unmarshal([]byte(line), &cmd); err != nil {
			emit("error", map[string]interface{}{"message": "bad command: " + err.Error()})
			continue
		}
		more, err := p.handle(cmd)
		if err != nil {
			fmt.Fprintln(os.Stderr, "command failed:", err)
			emit("error", map[string]interface{}{"message": err.Error(), "op": cmd["op"]})
		}
		if !more {
			return
		}
	}
	p.pc.Close()
}

// ---- pair mode

type pair struct {
	offerer, answerer *webrtc.PeerConnection
	channel           *webrtc.DataChannel
	remote            chan *webrtc.DataChannel
	opened            chan struct{}
}

// connectPair connects two peers, trickling candidates, until the offerer's channel is open and the answerer
// has it; returns the pair and the milliseconds from createOffer to then.
func connectPair(api *webrtc.API) (*pair, float64, error) {
	a, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, 0, err
	}
	b, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, 0, err
	}
	p := &pair{offerer: a, answerer: b, remote: make(chan *webrtc.DataChannel, 1), opened: make(chan struct{})}
	// Candidates wait until the other side has its remote description (Pion refuses them before).
	toB, toA := newTrickle(b), newTrickle(a)
	a.OnICECandidate(toB.add)
	b.OnICECandidate(toA.add)
	b.OnDataChannel(func(dc *webrtc.DataChannel) {
		dc.OnOpen(func() { p.remote <- dc })
	})
	start := time.Now()
	dc, err := a.CreateDataChannel("bench", nil)
	if err != nil {
		return nil, 0, err
	}
	p.channel = dc
	dc.OnOpen(func() { close(p.opened) })
	offer, err := a.CreateOffer(nil)
	if err != nil {
		return nil, 0, err
	}
	if err := a.SetLocalDescription(offer); err != nil {
		return nil, 0, err
	}
	if err := b.SetRemoteDescription(offer); err != nil {
		return nil, 0, err
	}
	toB.ready()
	answer, err := b.CreateAnswer(nil)
	if err != nil {
		return nil, 0, err
	}
	if err := b.SetLocalDescription(answer); err != nil {
		return nil, 0, err
	}
	if err := a.SetRemoteDescription(answer); err != nil {
		return nil, 0, err
	}
	toA.ready()
	timeout := time.After(30 * time.Second)
	select {
	case <-p.opened:
	case <-timeout:
		return nil, 0, fmt.Errorf("the offerer's channel did not open in 30 s")
	}
	select {
	case rdc := <-p.remote:
		p.remote <- rdc
	case <-timeout:
		return nil, 0, fmt.Errorf("the answerer's channel did not open in 30 s")
	}
	return p, float64(time.Since(start).Nanoseconds()) / 1e6, nil
}

// trickle passes candidates to a peer, holding them until its remote description is set.
type trickle struct {
	mu      sync.Mutex
	to      *webrtc.PeerConnection
	isReady bool
	held    []webrtc.ICECandidateInit
}

func newTrickle(to *webrtc.PeerConnection) *trickle {
	return &trickle{to: to}
}

func (t *trickle) add(c *webrtc.ICECandidate) {
	if c == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.isReady {
		t.held = append(t.held, c.ToJSON())
		return
	}
	if err := t.to.AddICECandidate(c.ToJSON()); err != nil {
		fmt.Fprintln(os.Stderr, "candidate refused:", err)
	}
}

func (t *trickle) ready() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.isReady = true
	for _, c := range t.held {
		if err := t.to.AddICECandidate(c); err != nil {
			fmt.Fprintln(os.Stderr, "candidate refused:", err)
		}
	}
	t.held = nil
}

func (p *pair) close() {
	p.offerer.Close()
	p.answerer.Close()
}

func runPairSetup(runs int) error {
	api := newAPI()
	times := make([]float64, 0, runs)
	for i := 0; i < runs; i++ {
		p, ms, err := connectPair(api)
		if err != nil {
			return err
		}
		times = append(times, ms)
		p.close()
	}
	emit("setup", map[string]interface{}{"millis": times})
	return nil
}

func runPairThroughput(mebibytes, size int) error {
	api := newAPI()
	p, _, err := connectPair(api)
	if err != nil {
		return err
	}
	defer p.close()
	rdc := <-p.remote
	total := mebibytes << 20
	count := total / size
	received := make(chan struct{})
	var got int
	var first time.Time
	rdc.OnMessage(func(m webrtc.DataChannelMessage) {
		if got == 0 {
			first = time.Now()
		}
		got += len(m.Data)
		if got == count*size {
			close(received)
		}
	})
	low := make(chan struct{}, 1)
	p.channel.OnBufferedAmountLow(func() {
		select {
		case low <- struct{}{}:
		default:
		}
	})
	start := time.Now()
	if _, err := sendBulk(p.channel, size, count, low, nil); err != nil {
		return err
	}
	select {
	case <-received:
	case <-time.After(120 * time.Second):
		return fmt.Errorf("only %d of %d bytes arrived in 120 s", got, count*size)
	}
	seconds := time.Since(start).Seconds()
	emit("throughput", map[string]interface{}{"bytes": count * size, "seconds": seconds,
		"mbPerS": float64(count*size) / 1e6 / seconds, "firstMessageAfter": first.Sub(start).Seconds()})
	return nil
}

func main() {
	pairSetup := flag.Int("pair-setup", 0, "connect two Pion peers this many times and print the setup times")
	pairThroughput := flag.Int("pair-throughput", 0, "send this many MiB between two Pion peers and print MB/s")
	size := flag.Int("size", 65536, "message size for -pair-throughput")
	flag.Parse()
	var err error
	switch {
	case *pairSetup > 0:
		err = runPairSetup(*pairSetup)
	case *pairThroughput > 0:
		err = runPairThroughput(*pairThroughput, *size)
	default:
		runPeer()
		return
	}
	if err != nil {
		emit("error", map[string]interface{}{"message": err.Error()})
		os.Exit(1)
	}
}
