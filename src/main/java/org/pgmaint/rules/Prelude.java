package org.pgmaint.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.Check;
import org.pgmaint.catalog.FactSpec;
import org.pgmaint.catalog.FieldType;

/**
 * The generated DRL every rule file shares (package {@value #PACKAGE}): one declared type per fact type of
 * the checks, the {@code Run} fact, and the {@code thresholds} global.
 */
public final class Prelude {
    public static final String PACKAGE = "pgmaint";
    public static final String RUN_TYPE = "Run";

    private Prelude() {
    }

    public static String drl(Catalog catalog) {
        Map<String, FactSpec> types = new LinkedHashMap<>();
        for (Check check : catalog.checks()) {
            types.putIfAbsent(check.fact().type(), check.fact());
        }
        StringBuilder drl = new StringBuilder("package ").append(PACKAGE).append(";\n\n");
        drl.append("global ").append(Thresholds.class.getName()).append(" thresholds;\n\n");
        drl.append("declare ").append(RUN_TYPE).append("\n")
                .append("    mode : String\n    full : boolean\n    database : String\n    serverMajor : int\nend\n\n");
        for (FactSpec spec : types.values()) {
            drl.append("declare ").append(spec.type()).append("\n");
            for (Map.Entry<String, FieldType> field : spec.fields().entrySet()) {
                drl.append("    ").append(FactSpec.fieldName(field.getKey())).append(" : ")
                        .append(field.getValue().javaType()).append("\n");
            }
            drl.append("end\n\n");
        }
        return drl.toString();
    }
}
