package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.w3c.dom.Element;

/** {@code pgmaint --version} names the build: the pom's version and, in a git checkout, the commit. */
class VersionTest {

    /** The project's own version, read from pom.xml (not from what the build wrote). */
    static String pomVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()).getDocumentElement();
        for (org.w3c.dom.Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals("version")) {
                return element.getTextContent().strip();
            }
        }
        throw new AssertionError("pom.xml has no <version>");
    }

    /** The commit the worktree is on, or null when git or the checkout is missing. */
    static String gitCommit() throws Exception {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(false).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 && !out.isEmpty() ? out : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String expected() throws Exception {
        String commit = gitCommit();
        return "pgmaint " + pomVersion() + (commit == null ? "" : " (commit " + commit + ")");
    }

    @Test
    void versionIsThePomVersionAndTheCommit() throws Exception {
        for (String flag : new String[] {"--version", "-V"}) {
            Cli.Result result = Cli.run(flag);
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(expected(), result.out().strip(), flag);
        }
    }
}
