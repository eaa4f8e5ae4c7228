package org.pgmaint.execute;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.pgmaint.model.ActionKind;

/** Which handler runs which action kind. An action kind without a handler is reported failed, never guessed. */
public final class HandlerRegistry {
    private final Map<ActionKind, ActionHandler> handlers = new EnumMap<>(ActionKind.class);

    /** The built-in handlers of this package; feature packages register theirs (retention: {@code Engine#handlers}). */
    public static HandlerRegistry standard(ExecutorSettings settings) {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(ActionKind.VACUUM, new TableMaintenanceHandler());
        registry.register(ActionKind.ANALYZE, new TableMaintenanceHandler());
        registry.register(ActionKind.REINDEX, new ReindexHandler());
        registry.register(ActionKind.CANCEL_QUERY, new CancelQueryHandler(settings));
        return registry;
    }

    public HandlerRegistry register(ActionKind kind, ActionHandler handler) {
        handlers.put(kind, handler);
        return this;
    }

    public Optional<ActionHandler> handler(ActionKind kind) {
        return Optional.ofNullable(handlers.get(kind));
    }
}
