package org.pgmaint.report;

import java.nio.charset.StandardCharsets;

/**
 * Database and target names as one folder name under report.dir. A database name may hold any character but NUL
 * (slashes, {@code ..}, newlines): letters, digits, {@code _}, {@code -} and inner dots stay as they are, every
 * other byte of the UTF-8 name becomes {@code %XX}, so the result is one path component that cannot leave its
 * folder, and two names never share one.
 */
public final class PathNames {
    private PathNames() {
    }

    public static String component(String name) {
        if (name.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || b == '-' || (b == '.' && i > 0);
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b));
            }
        }
        return out.toString();
    }
}
