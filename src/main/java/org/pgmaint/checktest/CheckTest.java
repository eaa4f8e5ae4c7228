package org.pgmaint.checktest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pgmaint.model.Mode;

/**
 * A check's test, read from {@code <id>.test.yaml} beside the check: the fixture (setup statements, sessions held
 * open while the check runs, conditions awaited), the settings the plan runs with, and the findings or actions it
 * must and must not produce.
 *
 * @param requires server settings the fixture needs: a number is the least value (max_prepared_transactions: 1),
 *                 a word the value itself as SHOW prints it (data_checksums: off, archive_mode: on); on a server
 *                 without one the test is skipped, saying which
 * @param teardown statements run in the scratch database after the plan whatever happened, for what dropping the
 *                 database does not undo (a replication slot is the server's)
 * @param mode     standard or full
 * @param settings configuration over the built-in defaults, written as in pgmaint.yaml
 */
public record CheckTest(String checkId, Path file, Map<String, String> requires, List<SetupStep> setup, List<Session> sessions, List<String> await,
                        Mode mode, TestSettings settings, List<Expectation> expect,
                        List<Expectation> expectNot, List<String> teardown) {

    public CheckTest {
        requires = Map.copyOf(requires);
        setup = List.copyOf(setup);
        sessions = List.copyOf(sessions);
        await = List.copyOf(await);
        expect = List.copyOf(expect);
        expectNot = List.copyOf(expectNot);
        teardown = List.copyOf(teardown);
    }

    /** One setup item: a statement that must succeed, one that must fail (a failed build is the fixture), or a condition polled until true. */
    public record SetupStep(Kind kind, String sql, int line) {
        public enum Kind { RUN, FAILS, AWAIT }
    }

    /** Statements run in order on a connection of its own; the last one may still be running (held) while the check runs. */
    public record Session(String applicationName, List<String> statements, int line) {
        public Session {
            statements = List.copyOf(statements);
        }
    }
}
