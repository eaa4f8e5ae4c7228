package org.pgmaint.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Text;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.Remediation;
import org.pgmaint.plan.Remediation.ScriptStatement;
import org.pgmaint.plan.Remediation.Withheld;
import org.pgmaint.sql.SqlTokens;

/**
 * The remediation script and its revert script as psql files ({@code psql -v ON_ERROR_STOP=1 -f FILE}). Every
 * statement runs on its own under psql's autocommit: none is wrapped in a transaction block, so CONCURRENTLY and
 * VACUUM work, and a failure stops the script with what ran before it committed. Everything that is not a
 * statement is a {@code --} comment of one line: names, messages and withheld statements pass through
 * {@link Text#escape}, so a newline in a name can never end the comment and start SQL of its own.
 */
public final class RemediationScript {
    private RemediationScript() {
    }

    /** The revert script's path for a script's: {@code fix.sql} -> {@code fix.revert.sql}. */
    public static Path revertPath(Path script) {
        String name = script.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String revert = dot > 0 ? name.substring(0, dot) + ".revert" + name.substring(dot) : name + ".revert.sql";
        return script.resolveSibling(revert);
    }

    public static String script(Plan plan, Instant at, String revertName) {
        Remediation r = plan.remediation();
        StringBuilder out = new StringBuilder();
        comment(out, "pgmaint remediation script: database " + plan.database() + " (PostgreSQL " + plan.serverVersion()
                + "), planned " + RunStamp.utc(at) + " (" + plan.mode().id() + ")");
        comment(out, r.statements().size() + " statement" + plural(r.statements().size()) + " resolving " + r.resolvedCount()
                + " of " + plan.findings().size() + " finding" + plural(plan.findings().size()) + "; "
                + r.withheld().size() + " suggested statement" + plural(r.withheld().size()) + " left out (listed at the end)");
        comment(out, "Run: psql -v ON_ERROR_STOP=1 -f FILE. Each statement commits on its own (psql's autocommit, no");
        comment(out, "transaction block), in order: prepared transactions ended, constraints and indexes dropped, tables");
        comment(out, "rewritten, indexes rebuilt and created, the rest. After a failure, plan again and run the new script.");
        comment(out, "The revert script " + revertName + " recreates what this one drops.");
        preamble(out, r);
        int n = 0;
        for (ScriptStatement s : r.statements()) {
            out.append('\n');
            comment(out, (++n) + "/" + r.statements().size() + " [" + s.id() + "]"
                    + (s.statement().transactional() ? "" : " (cannot run in a transaction block)"));
            for (int f : s.findings()) {
                Finding finding = plan.findings().get(f);
                comment(out, "  for " + finding.kind() + " on " + ReportModel.object(finding) + ": " + finding.message());
            }
            statement(out, s.statement().sql());
        }
        if (!r.withheld().isEmpty()) {
            out.append('\n');
            comment(out, "Left out of the script (" + r.withheld().size() + "):");
            for (Withheld w : r.withheld()) {
                comment(out, "  " + w.statement().sql() + " -- " + w.reason());
                for (int f : w.findings()) {
                    Finding finding = plan.findings().get(f);
                    comment(out, "    suggested for " + finding.kind() + " on " + ReportModel.object(finding));
                }
            }
        }
        return out.toString();
    }

    public static String revert(Plan plan, Instant at, String scriptName) {
        Remediation r = plan.remediation();
        List<ScriptStatement> reverted = r.reverted();
        StringBuilder out = new StringBuilder();
        comment(out, "pgmaint revert script for " + scriptName + ": database " + plan.database() + ", planned " + RunStamp.utc(at));
        comment(out, "Recreates what the script drops (" + reverted.size() + " object" + plural(reverted.size())
                + "), as the database defined them at plan time: indexes first, built CONCURRENTLY, then constraints.");
        comment(out, "Run: psql -v ON_ERROR_STOP=1 -f FILE, after the script.");
        preamble(out, r);
        for (ScriptStatement s : reverted) {
            out.append('\n');
            comment(out, "[" + s.id() + "] undoes: " + s.statement().sql());
            for (String sql : s.revert()) {
                if (sql.startsWith("--")) {
                    comment(out, sql.substring(2).strip());
                } else {
                    statement(out, sql);
                }
            }
        }
        return out.toString();
    }

    private static void preamble(StringBuilder out, Remediation r) {
        out.append("\\set ON_ERROR_STOP on\n");
        // the U&"..." and U&'...' forms that keep a name with a newline on one line need it (the default since 9.1)
        out.append("SET standard_conforming_strings = on;\n");
        // a DROP INDEX of a partitioned index or an ALTER TABLE queues every later query on its table while it waits
        out.append("SET lock_timeout = '").append(r.lockTimeout().toMillis()).append("ms';\n");
    }

    /** One comment line: the text escaped, so that nothing in it can end the line. */
    private static void comment(StringBuilder out, String text) {
        out.append("-- ").append(Text.escape(text)).append('\n');
    }

    /** The statement and its ';' (on a line of its own when the text ends in a comment, which would swallow it). */
    private static void statement(StringBuilder out, String sql) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        List<SqlTokens.Span> spans = SqlTokens.scan(text).spans();
        boolean endsInComment = !spans.isEmpty() && spans.get(spans.size() - 1).kind() == SqlTokens.Kind.COMMENT;
        out.append(oneLine(text)).append(endsInComment ? "\n;" : ";").append('\n');
    }

    /**
     * The statement with every quoted name or '...' literal that holds a line break or another control character
     * written in its Unicode-escape form (U&"x\000a..."): the same name to the server, and no line of the file that
     * a name could forge (a reader of the script sees each statement whole).
     */
    public static String oneLine(String text) {
        List<SqlTokens.Span> spans = SqlTokens.scan(text).spans();
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (SqlTokens.Span span : spans) {
            String token = text.substring(span.start(), span.end());
            char quote = token.isEmpty() ? 0 : token.charAt(0);
            boolean quoted = span.kind() == SqlTokens.Kind.IDENTIFIER && quote == '"'
                    || span.kind() == SqlTokens.Kind.STRING && quote == '\'';
            if (quoted && token.chars().anyMatch(RemediationScript::control)) {
                out.append(text, at, span.start()).append("U&").append(quote);
                for (char c : token.substring(1, token.length() - 1).toCharArray()) {
                    if (c == '\\') {
                        out.append("\\\\");
                    } else if (control(c)) {
                        out.append('\\').append(String.format("%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append(quote);
                at = span.end();
            }
        }
        return out.append(text.substring(at)).toString();
    }

    private static boolean control(int c) {
        return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
