package org.pgmaint.report;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import freemarker.template.utility.StringUtil;
import java.io.IOException;
import java.io.Writer;
import org.pgmaint.model.Text;

/**
 * The output formats of the report templates: every {@code ${...}} passes through {@link Text#escape}, so a name
 * with a newline or other control character cannot forge a line of a report or alert, in the built-in templates
 * and in a user's own alike; the HTML format then escapes as HTML too.
 */
final class EscapingFormat extends CommonMarkupOutputFormat<EscapingFormat.Markup> {
    /** {@code *.txt.ftl}: reports and alerts as plain text. */
    static final EscapingFormat TEXT = new EscapingFormat("pgmaint-text", "text/plain", false);
    /** {@code *.html.ftl}: HTML escaping of the escaped text. */
    static final EscapingFormat HTML = new EscapingFormat("pgmaint-html", "text/html", true);

    private final String name;
    private final String mimeType;
    private final boolean html;

    private EscapingFormat(String name, String mimeType, boolean html) {
        this.name = name;
        this.mimeType = mimeType;
        this.html = html;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getMimeType() {
        return mimeType;
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(escapePlainText(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        String text = Text.escape(plainTextContent);
        return html ? StringUtil.XHTMLEnc(text) : text;
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return html && (builtInName.equals("html") || builtInName.equals("xhtml") || builtInName.equals("xml"));
    }

    @Override
    protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Markup(plainTextContent, markupContent, this);
    }

    static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
        private final EscapingFormat format;

        Markup(String plainTextContent, String markupContent, EscapingFormat format) {
            super(plainTextContent, markupContent);
            this.format = format;
        }

        @Override
        public EscapingFormat getOutputFormat() {
            return format;
        }
    }
}
