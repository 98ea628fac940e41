package dev.robusta.peer.jsep;

import static dev.robusta.peer.RTCSdpType.*;
import static dev.robusta.peer.RTCSignalingState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.robusta.peer.InvalidStateException;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSignalingState;
import org.junit.jupiter.api.Test;

class SignalingStateMachineTest {
    private static RTCSignalingState local(SignalingStateMachine m, RTCSdpType t) {
        RTCSignalingState next = m.nextForLocal(t);
        m.moveTo(next);
        return next;
    }

    private static RTCSignalingState remote(SignalingStateMachine m, RTCSdpType t) {
        RTCSignalingState next = m.nextForRemote(t);
        m.moveTo(next);
        return next;
    }

    @Test
    void offererPath() {
        SignalingStateMachine m = new SignalingStateMachine();
        assertEquals(HAVE_LOCAL_OFFER, local(m, OFFER));
        assertEquals(HAVE_LOCAL_OFFER, local(m, OFFER));
        assertEquals(HAVE_REMOTE_PRANSWER, remote(m, PRANSWER));
        assertEquals(HAVE_REMOTE_PRANSWER, remote(m, PRANSWER));
        assertEquals(STABLE, remote(m, ANSWER));
    }

    @Test
    void answererPath() {
        SignalingStateMachine m = new SignalingStateMachine();
        assertEquals(HAVE_REMOTE_OFFER, remote(m, OFFER));
        assertEquals(HAVE_LOCAL_PRANSWER, local(m, PRANSWER));
        assertEquals(STABLE, local(m, ANSWER));
    }

    @Test
    void rollbackFromEitherOfferState() {
        SignalingStateMachine m = new SignalingStateMachine();
        local(m, OFFER);
        assertEquals(STABLE, local(m, ROLLBACK));
        remote(m, OFFER);
        assertEquals(STABLE, remote(m, ROLLBACK));
        // Glare: a local offer rolled back so the remote one can be answered.
        local(m, OFFER);
        assertEquals(STABLE, local(m, ROLLBACK));
        assertEquals(HAVE_REMOTE_OFFER, remote(m, OFFER));
    }

    @Test
    void invalidTransitionsAreRefusedAndLeaveTheStateAlone() {
        SignalingStateMachine m = new SignalingStateMachine();
        assertThrows(InvalidStateException.class, () -> m.nextForLocal(ANSWER));
        assertThrows(InvalidStateException.class, () -> m.nextForRemote(ANSWER));
        assertThrows(InvalidStateException.class, () -> m.nextForLocal(ROLLBACK));
        assertEquals(STABLE, m.state());
        local(m, OFFER);
        assertThrows(InvalidStateException.class, () -> m.nextForRemote(OFFER));
        assertThrows(InvalidStateException.class, () -> m.nextForLocal(ANSWER));
        assertEquals(HAVE_LOCAL_OFFER, m.state());
        m.close();
        InvalidStateException e = assertThrows(InvalidStateException.class, () -> m.nextForLocal(OFFER));
        assertEquals("cannot set a local offer in signaling state closed", e.getMessage());
    }
}
