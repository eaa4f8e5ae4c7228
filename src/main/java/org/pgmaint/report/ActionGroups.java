package org.pgmaint.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.model.Action;
import org.pgmaint.plan.PlannedAction;

/**
 * The actions as the text and HTML reports list them: the actions of one kind and options, with one status and
 * approval, on {@value FindingLayout#GROUP_FROM} or more partitions of one top-level table, as one group at the
 * place of its first; every other action on its own. Ids and order are the plan's.
 */
final class ActionGroups {
    private ActionGroups() {
    }

    /** One listed action, or several of one parent's partitions ({@code parent} non-null). */
    record Group(List<PlannedAction> members, String parent) {
        PlannedAction first() {
            return members.get(0);
        }

        boolean grouped() {
            return parent != null;
        }

        /** "7", or "7-70" for consecutive ids, or "7, 9, 12-15". */
        String ids() {
            return IdRanges.of(members.stream().map(PlannedAction::id).toList());
        }
    }

    static List<Group> of(List<PlannedAction> actions, Partitions partitions) {
        Map<String, List<PlannedAction>> byParent = new LinkedHashMap<>();
        for (PlannedAction p : actions) {
            String root = partitions.rootOf(p.action().schema(), p.action().table());
            if (root != null) {
                byParent.computeIfAbsent(key(p, root), k -> new ArrayList<>()).add(p);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (PlannedAction p : actions) {
            String root = partitions.rootOf(p.action().schema(), p.action().table());
            List<PlannedAction> siblings = root == null ? null : byParent.get(key(p, root));
            if (siblings == null || siblings.size() < FindingLayout.GROUP_FROM) {
                groups.add(new Group(List.of(p), null));
            } else if (siblings.get(0) == p) {
                groups.add(new Group(List.copyOf(siblings), root));
            }
        }
        return groups;
    }

    private static String key(PlannedAction p, String root) {
        Action a = p.action();
        return root + '\0' + a.kind().id() + '\0' + a.optionList() + '\0' + p.status() + '\0' + p.approved();
    }
}
