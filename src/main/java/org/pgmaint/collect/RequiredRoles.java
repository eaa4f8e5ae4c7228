package org.pgmaint.collect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether the connected role may run a check that declares {@code requires: {role: ...}}: a superuser may, or a
 * role that has the predefined role's privileges (a member that inherits them). A predefined role the server
 * does not have (pg_maintain before 17) is one the connected role lacks. Asked once per role per collection.
 */
final class RequiredRoles {
    private static final String QUERY = "select /* pgmaint:required_role */"
            + " coalesce((select r.rolsuper from pg_catalog.pg_roles r where r.rolname = current_user), false)"
            + " or coalesce((select pg_catalog.pg_has_role(current_user, p.oid, 'USAGE')"
            + " from pg_catalog.pg_roles p where p.rolname = ?), false)";
    private final Connection connection;
    private final Map<String, Boolean> known = new HashMap<>();

    RequiredRoles(Connection connection) {
        this.connection = connection;
    }

    /** Why a check that needs {@code role} cannot run here ("needs pg_monitor"), or null when it can. */
    String missing(String role) throws SQLException {
        if (role == null) {
            return null;
        }
        Boolean has = known.get(role);
        if (has == null) {
            try (PreparedStatement s = connection.prepareStatement(QUERY)) {
                s.setString(1, role);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    has = rs.getBoolean(1);
                }
            }
            known.put(role, has);
        }
        return has ? null : "needs " + role;
    }
}
