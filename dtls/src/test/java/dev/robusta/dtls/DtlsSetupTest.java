package dev.robusta.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DtlsSetupTest {

    @Test
    void answererPicksTheOppositeRoleAndTakesActiveForActpass() {
        assertEquals(DtlsSetup.ACTIVE, DtlsSetup.parse("actpass").answerTo());
        assertEquals(DtlsSetup.ACTIVE, DtlsSetup.parse("passive").answerTo());
        assertEquals(DtlsSetup.PASSIVE, DtlsSetup.parse("ACTIVE").answerTo());
        assertEquals(DtlsRole.CLIENT, DtlsSetup.ACTIVE.localRoleWhenLocalIs());
        assertEquals(DtlsRole.SERVER, DtlsSetup.PASSIVE.localRoleWhenLocalIs());
    }

    @Test
    void offererTakesTheRoleTheAnswerLeaves() {
        assertEquals(DtlsRole.SERVER, DtlsSetup.offererRole(DtlsSetup.ACTIVE));
        assertEquals(DtlsRole.CLIENT, DtlsSetup.offererRole(DtlsSetup.PASSIVE));
        assertThrows(IllegalArgumentException.class, () -> DtlsSetup.offererRole(DtlsSetup.ACTPASS));
    }

    @Test
    void refusesValuesDtlsDoesNotAllow() {
        assertThrows(IllegalArgumentException.class, () -> DtlsSetup.parse("holdconn"));
        assertThrows(IllegalArgumentException.class, () -> DtlsSetup.parse(""));
    }
}
