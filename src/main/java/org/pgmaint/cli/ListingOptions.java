package org.pgmaint.cli;

import java.util.Locale;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.model.Severity;
import org.pgmaint.report.Listing;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What the text output lists of the findings: add with {@code @Mixin ListingOptions listing;}. */
public class ListingOptions {
    @Option(names = "--min-severity", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            completionCandidates = SeverityConverter.Names.class,
            description = "List only findings of this severity or worse: info (default), warning or critical (text output; the JSON keeps all).")
    Severity minSeverity = Severity.INFO;

    @Option(names = "--weak", description = "Also list weak findings (a rule not sure yet, e.g. index statistics too young); by default they are counted, not listed.")
    boolean weak;

    /** The listing of the text output: these options, at most report.text_limit findings per kind. */
    Listing listing(Config config) {
        return new Listing(minSeverity, weak, config.integer(ConfigKeys.REPORT_TEXT_LIMIT));
    }

    static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            for (Severity s : Severity.values()) {
                if (s.id().equals(value.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a severity: should be info, warning or critical");
        }

        static final class Names extends java.util.ArrayList<String> {
            Names() {
                super(java.util.List.of("info", "warning", "critical"));
            }
        }
    }
}
