package dev.robusta.signaling.hyperpeer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.server.HandshakeRequest;
import dev.robusta.signaling.server.HandshakeVerdict;
import dev.robusta.signaling.server.ServerCore;
import dev.robusta.signaling.server.ServerOutput;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hyperpeer server logic (hyperpeer-node 0.1.3, see docs/protocols/hyperpeer.md), sans-IO: peers identified by
 * the URL path {@code /type[/id[/key]]}, {@code listPeers}, {@code ready}, {@code pair}, {@code unpair}, relay of
 * every other JSON value to the partner, and clean-up when a peer goes. Server lines are byte-exact with the
 * reference's {@code JSON.stringify} output.
 *
 * <p>Where Robusta differs from the reference, on purpose (the reference crashes or misbehaves there): a path that
 * does not match gets HTTP 400 {@code Invalid peer credentials!} instead of a crash; a duplicate id is closed with
 * 1008 {@code Peer Id already in use!} (the reference 0.1.3 sends an empty close frame, 0.1.2 crashes); JSON
 * {@code null} and binary frames get {@code ERR_BAD_SIGNAL} instead of a crash; an id-less peer gets a random
 * {@code peer<13 digits>} id that cannot collide (the reference uses the clock and collides).
 */
public final class HyperpeerCore implements ServerCore {
    private static final Logger log = LoggerFactory.getLogger(HyperpeerCore.class);
    /** The reference's url-pattern {@code /:peerType(/:peerId)(/:peerKey)}; segments are not percent-decoded. */
    private static final Pattern PATH = Pattern.compile(
            "/([A-Za-z0-9\\-_~ %]+)(?:/([A-Za-z0-9\\-_~ %]+))?(?:/([A-Za-z0-9\\-_~ %]+))?");

    public static final String ERR_BAD_SIGNAL = "ERR_BAD_SIGNAL";
    public static final String ERR_PEER_NOT_FOUND = "ERR_PEER_NOT_FOUND";
    public static final String ERR_PEER_BUSY = "ERR_PEER_BUSY";
    public static final String ERR_BAD_STATE = "ERR_BAD_STATE";
    static final String NOT_FOUND_TEXT = "Remote peer does not exists!";
    static final String BUSY_TEXT = "Remote peer is busy!";
    static final String BAD_STATE_TEXT = "Cannot forward message to remote peer because peer is not paired!";
    static final String UNPAIRED = "{\"type\":\"status\",\"status\":\"unpaired\"}";

    private final PeerVerifier verifier;
    private final Random random;
    private final Map<Long, String[]> pending = new HashMap<>();
    /** Connected peers in connection order, by id. */
    private final Map<String, Peer> byId = new LinkedHashMap<>();
    private final Map<Long, Peer> byConnection = new HashMap<>();
    private final ArrayDeque<ServerOutput> out = new ArrayDeque<>();

    private static final class Peer {
        final long connection;
        final String id;
        final String type;
        boolean busy = true;
        Peer partner;
        boolean gone;

        Peer(long connection, String id, String type) {
            this.connection = connection;
            this.id = id;
            this.type = type;
        }
    }

    /**
     * @param verifier the key check ({@link PeerVerifier#ACCEPT_ALL} for none)
     * @param random the source of server-assigned ids
     */
    public HyperpeerCore(PeerVerifier verifier, Random random) {
        this.verifier = verifier;
        this.random = random;
    }

    @Override
    public HandshakeVerdict handshake(long connectionId, HandshakeRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            return HandshakeVerdict.Reject.text(400, "Bad Request", "Invalid peer credentials!");
        }
        String type = m.group(1);
        String id = m.group(2);
        String key = m.group(3);
        boolean ok;
        try {
            ok = verifier.verify(type, id, key);
        } catch (RuntimeException e) {
            log.warn("peer verifier failed for type {} id {}", type, id, e);
            ok = false;
        }
        if (!ok) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Connection", "close");
            headers.put("Content-type", "text/html");
            headers.put("Content-Length", "12");
            return new HandshakeVerdict.Reject(401, "Unauthorized", headers, "Unauthorized");
        }
        pending.put(connectionId, new String[] {type, id});
        return HandshakeVerdict.ACCEPT;
    }

    @Override
    public void open(long connectionId) {
        String[] typeAndId = pending.remove(connectionId);
        if (typeAndId == null) {
            return;
        }
        String id = typeAndId[1];
        if (id == null) {
            do {
                id = "peer" + (1_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 9_000_000_000_000L);
            } while (byId.containsKey(id));
        } else if (byId.containsKey(id)) {
            log.info("[hyperpeer] #{} refused: peer id {} already in use", connectionId, id);
            out.add(new ServerOutput.Close(connectionId, 1008, "Peer Id already in use!"));
            return;
        }
        Peer p = new Peer(connectionId, id, typeAndId[0]);
        byId.put(id, p);
        byConnection.put(connectionId, p);
        log.info("[hyperpeer] #{} connected: id {} type {} ({} peers)", connectionId, id, p.type, byId.size());
    }

    @Override
    public void text(long connectionId, String text) {
        Peer p = byConnection.get(connectionId);
        if (p == null) {
            return;
        }
        JsonNode signal;
        try {
            signal = Json.parse(text);
        } catch (JsonProcessingException e) {
            error(p, ERR_BAD_SIGNAL, "SyntaxError: " + Json.shortMessage(e));
            return;
        }
        if (signal.isNull()) {
            error(p, ERR_BAD_SIGNAL, "Invalid signal: null");
            return;
        }
        JsonNode type = signal.isObject() ? signal.get("type") : null;
        String t = type != null && type.isTextual() ? type.asText() : "";
        switch (t) {
            case "listPeers" -> listPeers(p);
            case "ready" -> p.busy = false;
            case "pair" -> pair(p, signal.get("remotePeerId"));
            case "unpair" -> unpair(p);
            default -> relay(p, signal);
        }
    }

    @Override
    public void binary(long connectionId, int sizeBytes) {
        Peer p = byConnection.get(connectionId);
        if (p != null) {
            error(p, ERR_BAD_SIGNAL, "Binary messages are not supported");
        }
    }

    @Override
    public void closed(long connectionId) {
        pending.remove(connectionId);
        Peer p = byConnection.remove(connectionId);
        if (p == null) {
            return;
        }
        byId.remove(p.id);
        p.gone = true;
        Peer partner = partnerOf(p);
        if (partner != null && partner != p) {
            partner.partner = null;
            send(partner, UNPAIRED);
            log.info("[hyperpeer] session {} <-> {} ended: {} disconnected", p.id, partner.id, p.id);
        }
        p.partner = null;
        log.info("[hyperpeer] #{} disconnected: id {} ({} peers)", connectionId, p.id, byId.size());
    }

    @Override
    public ServerOutput poll() {
        return out.poll();
    }

    /** Connected peers (tests and metrics). */
    public int peerCount() {
        return byId.size();
    }

    private void listPeers(Peer p) {
        ObjectNode msg = Json.object();
        msg.put("type", "peers");
        ArrayNode list = msg.putArray("peers");
        for (Peer q : byId.values()) {
            list.addObject().put("id", q.id).put("type", q.type).put("busy", q.busy);
        }
        send(p, Json.write(msg));
    }

    private void pair(Peer p, JsonNode remotePeerId) {
        Peer target = remotePeerId != null && remotePeerId.isTextual() ? byId.get(remotePeerId.asText()) : null;
        if (target == null) {
            error(p, ERR_PEER_NOT_FOUND, NOT_FOUND_TEXT);
            return;
        }
        if (target.busy) {
            error(p, ERR_PEER_BUSY, BUSY_TEXT);
            return;
        }
        if (partnerOf(p) != null) {
            unpair(p);
        }
        p.busy = true;
        target.busy = true;
        p.partner = target;
        target.partner = p;
        send(p, paired(target.id));
        send(target, paired(p.id));
        log.info("[hyperpeer] session {} <-> {} started", p.id, target.id);
    }

    private void unpair(Peer p) {
        Peer partner = partnerOf(p);
        if (partner != null) {
            send(partner, UNPAIRED);
            partner.partner = null;
            log.info("[hyperpeer] session {} <-> {} ended by {}", p.id, partner.id, p.id);
        }
        p.partner = null;
        send(p, UNPAIRED);
    }

    private void relay(Peer p, JsonNode signal) {
        Peer partner = partnerOf(p);
        if (partner == null) {
            error(p, ERR_BAD_STATE, BAD_STATE_TEXT);
            return;
        }
        send(partner, Json.write(signal));
    }

    /** The partner, if it is still connected (a partner taken over by a third peer stays the partner, as in the reference). */
    private static Peer partnerOf(Peer p) {
        Peer partner = p.partner;
        if (partner != null && partner.gone) {
            p.partner = null;
            return null;
        }
        return partner;
    }

    private static String paired(String remoteId) {
        ObjectNode msg = Json.object();
        msg.put("type", "status").put("status", "paired").put("remotePeerId", remoteId);
        return Json.write(msg);
    }

    private void error(Peer p, String code, String message) {
        ObjectNode msg = Json.object();
        msg.put("type", "error").put("code", code).put("message", message);
        send(p, Json.write(msg));
    }

    private void send(Peer p, String text) {
        out.add(new ServerOutput.Send(p.connection, text));
    }
}
