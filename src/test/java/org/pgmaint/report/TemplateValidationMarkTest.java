package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.rules.RuleCache;

/** `validate` parses a set of template files once: a mark in the rule cache, keyed by their contents. */
class TemplateValidationMarkTest {

    @Test
    void validTemplatesLeaveOneMarkAndAnEditedTemplateIsParsedAgain(@TempDir Path tmp) throws IOException {
        Path templates = copyOfTheTemplates(tmp);
        RuleCache cache = RuleCache.at(Files.createDirectory(tmp.resolve("cache")));

        Templates.in(templates).validate(cache);
        assertEquals(1, marks(cache));
        Templates.in(templates).validate(cache);
        assertEquals(1, marks(cache), "the same files reuse their mark");

        Files.writeString(templates.resolve(Templates.ALERT_TEXT), "<#if broken>\n", java.nio.file.StandardOpenOption.APPEND);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Templates.in(templates).validate(cache));
        assertTrue(e.describe().contains(Templates.ALERT_TEXT), e.describe());
        assertEquals(1, marks(cache), "a template with errors is never marked");
        // and stays rejected on the next run
        assertThrows(InvalidInputException.class, () -> Templates.in(templates).validate(cache));
    }

    @Test
    void aMissingTemplateIsNamedWithOrWithoutACache(@TempDir Path tmp) throws IOException {
        Path templates = copyOfTheTemplates(tmp);
        Files.delete(templates.resolve(Templates.REPORT_HTML));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Templates.in(templates).validate(RuleCache.at(tmp)));
        assertTrue(e.describe().contains("template missing"), e.describe());
        assertThrows(InvalidInputException.class, () -> Templates.in(templates).validate(RuleCache.none()));
    }

    private static Path copyOfTheTemplates(Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("templates"));
        for (String name : Templates.ALL) {
            Files.copy(Path.of("templates", name), dir.resolve(name));
        }
        return dir;
    }

    private static long marks(RuleCache cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.dir())) {
            return files.filter(f -> f.getFileName().toString().startsWith("valid-")).count();
        }
    }
}
