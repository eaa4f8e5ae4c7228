package org.pgmaint.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes run files older than the retention period. Only pgmaint's own names
 * ({@code maintenance|report|alert_yyyyMMdd_HHmmss.log|txt|json|html}) are considered, and their age is the
 * time in the name, so a copied or touched file keeps its age and a user's other files are never touched.
 */
public final class RunFileCleanup {
    private RunFileCleanup() {
    }

    public static List<Path> clean(Path dir, int days, Instant now, ZoneId zone) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        Instant cutoff = now.minus(Duration.ofDays(days));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Optional<Instant> written = RunStamp.parse(file.getFileName().toString(), zone);
                if (written.isPresent() && written.get().isBefore(cutoff) && Files.isRegularFile(file)) {
                    Files.delete(file);
                    removed.add(file);
                }
            }
        }
        return removed;
    }
}
