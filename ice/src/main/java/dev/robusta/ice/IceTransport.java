package dev.robusta.ice;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One ICE agent with its sockets: what the layers above (DTLS, SCTP, SRTP) see of ICE. It gathers local
 * candidates, takes the peer's, finds and keeps a working pair, and carries datagrams over it.
 *
 * <p>Listeners run on the transport's event-loop thread, one at a time; they must not block. Methods may be
 * called from any thread.
 */
public interface IceTransport extends AutoCloseable {

    /** Receives application datagrams (anything that is not STUN/TURN) from a verified remote candidate. */
    @FunctionalInterface
    interface DatagramListener {
        /**
         * @param data the payload, readable from its position to its limit, valid only during the call
         * @param from the remote candidate's address
         */
        void onDatagram(ByteBuffer data, InetSocketAddress from);

        /**
         * Called after the last {@link #onDatagram} of a burst read from the sockets in one go (on the same
         * thread). A listener that holds back its replies until here answers a burst once: SCTP, for one, then
         * acknowledges many packets with one SACK instead of one for every second packet.
         */
        default void onBatchEnd() {
        }
    }

    IceCredentials localCredentials();

    /** Binds sockets and gathers candidates; completes when gathering is COMPLETE. Candidates also arrive as events. */
    CompletableFuture<List<Candidate>> gather();

    List<Candidate> localCandidates();

    void setRemoteCredentials(String ufrag, String password);

    /** Adds a remote candidate at any time (trickle); unresolved and non-UDP candidates are ignored. */
    void addRemoteCandidate(Candidate candidate);

    void endOfRemoteCandidates();

    /**
     * Starts connectivity checks in this role. Completes with the selected pair when connected, or
     * exceptionally with {@link IceException} when ICE fails.
     */
    CompletableFuture<CandidatePair> start(IceRole role);

    /**
     * ICE restart with fresh local credentials, returned; signal them and the re-gathered candidates to the
     * peer, then give its new credentials with {@link #setRemoteCredentials}. Call this before setting the peer's
     * new credentials (also when the peer restarted first): it forgets the remote credentials it had.
     */
    IceCredentials restart();

    /**
     * ICE restart with the given fresh local credentials: for a caller that has already put them in an offer or
     * answer (JSEP creates the description before it is applied). Otherwise as {@link #restart()}.
     *
     * @throws IllegalArgumentException when they are the credentials in use
     */
    void restart(IceCredentials fresh);

    /**
     * Sends one datagram on the selected pair (before selection, on the best valid pair). The buffer's remaining
     * bytes are copied before this returns. While checks have not yet found any pair, a few datagrams are held
     * and sent on the first one found (a peer may start DTLS as soon as its own check succeeds).
     *
     * @return false when there is no pair with consent to send on and none can be waited for (dropped)
     */
    boolean send(ByteBuffer datagram);

    /**
     * Sets who gets application data. Datagrams that arrived before it was set (up to 32, from verified
     * addresses) are handed to it first, on the transport's thread.
     */
    void setDatagramListener(DatagramListener listener);

    void addEventListener(Consumer<IceEvent> listener);

    IceConnectionState state();

    IceGatheringState gatheringState();

    IceRole role();

    /** The selected pair, or null. */
    CandidatePair selectedPair();

    /** Snapshots of all pairs, highest priority first. */
    List<CandidatePair> pairs();

    /** Releases TURN allocations, closes the sockets and stops the timers. Idempotent. */
    @Override
    void close();
}
