package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.pgmaint.model.Severity;
import org.pgmaint.testing.VersionIndependent;

/** The with* copies keep every other setting: a fleet database's folder lists findings as the command asked. */
@VersionIndependent
class ReportSettingsTest {
    @Test
    void aDatabaseFolderKeepsTheListing() {
        Listing listing = new Listing(Severity.WARNING, true, 5);
        ReportSettings settings = new ReportSettings(Path.of("runs"), Path.of("templates"), 30, 10, null,
                ZoneId.of("UTC")).withListing(listing);
        ReportSettings folder = settings.withDir(Path.of("runs/t/db")).withMetricsFile(null);
        assertEquals(listing, folder.listing());
        assertEquals(Path.of("runs/t/db"), folder.dir());
        assertEquals(10, folder.topTables());
    }
}
