package org.pgmaint.checktest;

import java.util.Objects;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.PlannedAction;

/**
 * A finding ({@code kind}) or an action ({@code action}) a test expects, or expects not to see; every attribute
 * given must match, those left out match anything.
 *
 * @param contains text the message or suggestion (a finding), or the reason, statement or plan detail ("not
 *                 approved ...", "blocked: ...") of an action contains
 */
public record Expectation(int line, String kind, String action, String schema, String table, String index,
                          Severity severity, String contains) {

    public boolean isAction() {
        return action != null;
    }

    public boolean matches(Finding finding) {
        return !isAction() && kind.equals(finding.kind()) && sameObject(finding.schema(), finding.table())
                && (index == null || finding.indexes().contains(index))
                && (severity == null || severity == finding.severity())
                && (contains == null || has(finding.message()) || has(finding.suggestion()));
    }

    public boolean matches(PlannedAction planned) {
        return isAction() && action.equals(planned.action().kind().id())
                && sameObject(planned.action().schema(), planned.action().table())
                && (index == null || index.equals(planned.action().index()))
                && (contains == null || has(planned.action().reason()) || has(planned.sql()) || has(planned.detail()));
    }

    private boolean sameObject(String otherSchema, String otherTable) {
        return table == null || Objects.equals(schema, otherSchema) && Objects.equals(table, otherTable);
    }

    private boolean has(String text) {
        return text != null && text.contains(contains);
    }

    /** "finding fk_without_index on app.uncovered, severity warning" */
    public String describe() {
        StringBuilder text = new StringBuilder(isAction() ? "action " + action : "finding " + kind);
        if (table != null) {
            text.append(" on ").append(Describe.object(schema, table));
        }
        if (index != null) {
            text.append(", index ").append(Describe.name(index));
        }
        if (severity != null) {
            text.append(", severity ").append(severity.id());
        }
        if (contains != null) {
            text.append(", containing '").append(contains).append("'");
        }
        return text.toString();
    }
}
