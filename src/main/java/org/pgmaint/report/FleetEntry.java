package org.pgmaint.report;

import org.pgmaint.execute.RunResult;

/**
 * One database of a run over several: its result, or (result null) why it has none ({@code error}: unreachable,
 * login refused, another run, a failure), with its exit code as a run of that database alone would end, and
 * the folder of its run files relative to report.dir (null when none were written).
 */
public record FleetEntry(String target, String database, RunResult result, String error, int exitCode,
                         String folder) {

    public static FleetEntry failed(String target, String database, String error, int exitCode, String folder) {
        return new FleetEntry(target, database, null, error, exitCode, folder);
    }

    public boolean completed() {
        return result != null;
    }
}
