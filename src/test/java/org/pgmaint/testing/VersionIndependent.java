package org.pgmaint.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose outcome cannot depend on the PostgreSQL major: it uses no database (scripts, launcher,
 * command-line parsing, rules on hand-made facts, templates), or only as a place for events while it tests
 * processes and Redis. The -Ppg13 and -Ppg18 runs leave these out (pom.xml: excludedGroups); the default run
 * ({@code mvn verify}, PostgreSQL 15) runs them. A class that touches the server's behaviour never gets this tag.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(VersionIndependent.TAG)
public @interface VersionIndependent {
    String TAG = "version-independent";
}
