package org.pgmaint.checks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The check ids a test class provokes and keeps quiet; {@link CatalogCoverageTest} requires every check be covered. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Covers {
    String[] value();
}
