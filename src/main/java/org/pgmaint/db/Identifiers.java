package org.pgmaint.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The one identifier-quoting function. Every name that goes into SQL text passes through here;
 * values never do (they are bound). Always quotes, so case and hostile characters round-trip.
 */
public final class Identifiers {
    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES,
            new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS));

    private Identifiers() {
    }

    /** {@code quote("Weird Schema", "Odd \"Name\" Table")} is {@code "Weird Schema"."Odd ""Name"" Table"}. */
    public static String quote(String... parts) {
        for (String part : parts) {
            if (part == null || part.isEmpty()) {
                throw new IllegalArgumentException("an identifier part is empty");
            }
            if (part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an identifier contains a NUL character");
            }
        }
        return RENDERER.render(DSL.name(parts));
    }
}
