package org.pgmaint.checktest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A test's {@code settings:} block, written as in pgmaint.yaml, read by the config loader itself: the block is cut
 * out of the test file with everything else blanked, so a bad key is reported at the test file's own line.
 *
 * @param yaml the test file's text with every character outside the block replaced by blanks (line breaks kept)
 */
record TestSettings(Path file, String yaml) {

    static TestSettings none(Path file) {
        return new TestSettings(file, "{}\n");
    }

    static TestSettings cut(Path file, String text, Node block) {
        int start = block.getStartMark().getIndex();
        int end = block.getEndMark().getIndex();
        StringBuilder blanked = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            blanked.append(c == '\n' || c == '\r' || i >= start && i < end ? c : ' ');
        }
        return new TestSettings(file, blanked.toString());
    }

    /** A problem of the temporary file ("/tmp/x.yaml" or, from a value's origin, "/tmp/x.yaml:5") as the test file's. */
    private Problem named(Problem problem, String temp) {
        if (!problem.source().startsWith(temp)) {
            return problem;
        }
        String rest = problem.source().substring(temp.length());
        int line = rest.matches(":[0-9]+") ? Integer.parseInt(rest.substring(1)) : problem.line();
        String key = problem.key() == null || problem.key().isEmpty() ? "settings" : "settings." + problem.key();
        return Problem.at(file.toString(), line, key, problem.message());
    }

    /** Runs {@code use} with the settings written to a temporary file; problems it names name the test file instead. */
    <T> T withSettingsFile(Function<Path, T> use) {
        Path temp;
        try {
            temp = Files.createTempFile("pgmaint-test-settings", ".yaml");
            Files.writeString(temp, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test's settings to a temporary file", e);
        }
        try {
            return use.apply(temp);
        } catch (InvalidInputException e) {
            List<Problem> named = e.problems().stream().map(p -> named(p, temp.toString())).toList();
            throw new InvalidInputException("check test " + file, named);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a temporary file of settings: no secret, the system cleans it up
            }
        }
    }
}
