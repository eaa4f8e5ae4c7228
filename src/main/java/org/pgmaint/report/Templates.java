package org.pgmaint.report;

import freemarker.core.ParseException;
import freemarker.core.TemplateConfiguration;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;

/**
 * The report templates of one folder (FreeMarker). Every value a template prints passes through
 * {@link org.pgmaint.model.Text#escape} (control characters, so a name cannot forge a line), and in
 * {@code *.html.ftl} templates is then escaped as HTML ({@link EscapingFormat}). Parse and render errors become {@link InvalidInputException}s naming the file and line.
 */
public final class Templates {
    public static final String REPORT_TEXT = "report.txt.ftl";
    public static final String REPORT_HTML = "report.html.ftl";
    public static final String ALERT_TEXT = "alert.txt.ftl";
    public static final List<String> ALL = List.of(REPORT_TEXT, REPORT_HTML, ALERT_TEXT);
    /** The summary of a run over several databases (docs/fleet.md), needed only by such runs. */
    public static final String FLEET_TEXT = "fleet.txt.ftl";
    public static final String FLEET_HTML = "fleet.html.ftl";
    public static final String FLEET_ALERT = "fleet_alert.txt.ftl";
    public static final List<String> FLEET = List.of(FLEET_TEXT, FLEET_HTML, FLEET_ALERT);

    private final Path dir;
    private final Configuration freemarker;

    private Templates(Path dir, Configuration freemarker) {
        this.dir = dir;
        this.freemarker = freemarker;
    }

    public static Templates in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("report templates", Problem.of(dir.toString(), "report.templates_dir",
                    "is not a folder; it should hold " + String.join(", ", ALL)));
        }
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        try {
            cfg.setDirectoryForTemplateLoading(dir.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("report templates", Problem.of(dir.toString(), "report.templates_dir", e.getMessage()));
        }
        cfg.setDefaultEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        TemplateConfiguration html = new TemplateConfiguration();
        html.setOutputFormat(EscapingFormat.HTML);
        TemplateConfiguration text = new TemplateConfiguration();
        text.setOutputFormat(EscapingFormat.TEXT);
        cfg.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(
                new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.html.ftl"), html),
                new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.txt.ftl"), text))
                .allowNoMatch(true));
        return new Templates(dir, cfg);
    }

    public Path dir() {
        return dir;
    }

    /** Parses every template, reporting all problems together. */
    public void validate() {
        validate(ALL);
    }

    /** Parses the given templates, reporting all problems together. */
    public void validate(List<String> names) {
        List<Problem> problems = new ArrayList<>();
        for (String name : names) {
            try {
                template(name);
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("report templates", problems);
        }
    }

    public String render(String name, Map<String, Object> model) {
        Template template = template(name);
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            Integer line = e.getLineNumber();
            throw new InvalidInputException("report templates", Problem.at(dir.resolve(name).toString(),
                    line == null ? 0 : line, "", firstLine(e.getMessageWithoutStackTop())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private Template template(String name) {
        Path file = dir.resolve(name);
        try {
            return freemarker.getTemplate(name);
        } catch (ParseException e) {
            return failParse(file, e);
        } catch (java.io.FileNotFoundException e) {
            throw new InvalidInputException("report templates", Problem.of(file.toString(), "",
                    "template missing: the templates folder should hold " + String.join(", ", ALL)));
        } catch (IOException e) {
            throw new InvalidInputException("report templates", Problem.of(file.toString(), "", "cannot read: " + e.getMessage()));
        }
    }

    private static Template failParse(Path file, ParseException e) {
        throw new InvalidInputException("report templates", Problem.at(file.toString(), e.getLineNumber(),
                "column " + e.getColumnNumber(), firstLine(e.getEditorMessage())));
    }

    /** FreeMarker's message up to its first "----" block (tips and the template stack), on one line. */
    private static String firstLine(String message) {
        if (message == null) {
            return "template error";
        }
        StringBuilder text = new StringBuilder();
        for (String line : message.strip().split("\\R")) {
            if (line.startsWith("----")) {
                break;
            }
            if (!line.isBlank()) {
                text.append(text.length() == 0 ? "" : " ").append(line.strip());
            }
        }
        return text.toString();
    }
}
