package org.pgmaint.collect;

import org.pgmaint.catalog.Catalog;
import org.pgmaint.model.Mode;

/**
 * A collector a check names with {@code collector: <name>} instead of giving SQL (the names are
 * {@code CatalogLoader.COLLECTORS}): it runs after the catalog's SQL checks and adds the rows of its checks of the
 * mode (and the ones it could not run) to what they collected. The engine runs each one after the exclusions.
 */
public interface BuiltInCollector {
    /** The collected facts with the rows of every check of {@code mode} that names this collector added. */
    CollectedFacts addTo(CollectedFacts collected, Catalog catalog, Mode mode);
}
