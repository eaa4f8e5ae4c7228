package org.pgmaint.collect;

import java.util.List;

/** What a collection pass produced: results of the checks that ran, the ones skipped, the ones that failed. */
public record CollectedFacts(int serverMajor, String serverVersion, String database, List<CheckResult> results,
                         List<CheckNotRun> skipped, List<CheckNotRun> failed) {
}
