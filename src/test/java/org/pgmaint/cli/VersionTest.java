package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.w3c.dom.Element;
import org.pgmaint.testing.VersionIndependent;

/** {@code pgmaint --version} names the build: the pom's version and, in a git checkout, the commit. */
@VersionIndependent
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

    /** Whether git knows this checkout (false without git or outside a checkout). */
    static boolean git(String... args) throws Exception {
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            git.getInputStream().readAllBytes();
            return git.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The pom's version, then the commit of the build when built in a git checkout: a commit of this history (HEAD,
     * or an ancestor when something was committed since the build).
     */
    @Test
    void versionIsThePomVersionAndTheCommit() throws Exception {
        for (String flag : new String[] {"--version", "-V"}) {
            Cli.Result result = Cli.run(flag);
            assertEquals(0, result.exitCode(), result::toString);
            Matcher printed = Pattern.compile("pgmaint (\\S+)(?: \\(commit ([0-9a-f]{12})\\))?").matcher(result.out().strip());
            assertTrue(printed.matches(), flag + " printed: " + result.out());
            assertEquals(pomVersion(), printed.group(1), flag);
            if (git("rev-parse", "HEAD")) {
                assertNotNull(printed.group(2), "built in a git checkout, the commit is shown: " + result.out());
                assertTrue(git("merge-base", "--is-ancestor", printed.group(2), "HEAD"), printed.group(2) + " is not in this history");
            }
        }
    }
}
