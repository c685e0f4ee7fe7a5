package dev.pgdrill.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.db.OwnedDatabases.Kind;
import org.junit.jupiter.api.Test;

class OwnedDatabasesTest {
    @Test
    void everyMarkerNamesItsOwnerLast() {
        assertThat(Kind.ownerOf(OwnedDatabases.sandboxMarker("drill-p-20260117T040000Z-restore")))
                .contains("drill-p-20260117T040000Z-restore");
        assertThat(Kind.ownerOf(OwnedDatabases.preRestoreMarker("app", "emergency-restore-p-side")))
                .contains("emergency-restore-p-side");
        assertThat(Kind.ownerOf(Kind.FAILED_RESTORE.marker("emergency-restore-p-side")))
                .contains("emergency-restore-p-side");
        assertThat(Kind.ownerOf(Kind.RESTORED.marker("emergency-restore-p-side")))
                .contains("emergency-restore-p-side");
    }

    @Test
    void aPreRestoreMarkerOfADatabaseWithBySpacedInItsNameStillNamesTheOwner() {
        assertThat(Kind.ownerOf(OwnedDatabases.preRestoreMarker("sold by us", "emergency-restore-p-side")))
                .contains("emergency-restore-p-side");
    }

    @Test
    void aSwitchingOutMarkerKeepsProductionsOwnCommentOnTheLinesAfterIt() {
        String marker = OwnedDatabases.withOriginal(
                OwnedDatabases.switchingOutMarker("app", "emergency-restore-p-side"),
                "the shop's orders\nowned by team by-the-sea");
        assertThat(Kind.of(marker)).contains(Kind.SWITCHING_OUT);
        assertThat(Kind.ownerOf(marker)).contains("emergency-restore-p-side");
        assertThat(OwnedDatabases.original(marker)).isEqualTo("the shop's orders\nowned by team by-the-sea");
        assertThat(OwnedDatabases.markerLine(marker))
                .isEqualTo("pgdrill:switching-out-of=app by emergency-restore-p-side");
        assertThat(OwnedDatabases.withOriginal("pgdrill:owner=x", "")).isEqualTo("pgdrill:owner=x");
        assertThat(Kind.SWITCHING_OUT.droppable()).isFalse();
    }

    @Test
    void noMarkerOrNoOwnerNamesNobody() {
        assertThat(Kind.ownerOf(null)).isEmpty();
        assertThat(Kind.ownerOf("")).isEmpty();
        assertThat(Kind.ownerOf("owner=drill-p-restore")).isEmpty();
        assertThat(Kind.ownerOf("pgdrill:owner=")).isEmpty();
        assertThat(Kind.ownerOf("pgdrill:owner=  ")).isEmpty();
    }
}
