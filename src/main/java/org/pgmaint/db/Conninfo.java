package org.pgmaint.db;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A libpq connection string as its parameters, in order: a {@code postgresql://} URI or {@code key=value} pairs
 * (values may be single-quoted, with {@code \'} and {@code \\} escapes). Messages never repeat a value: it may be
 * the password.
 */
public final class Conninfo {
    private Conninfo() {
    }

    public static boolean isUri(String text) {
        return text != null && (text.startsWith("postgresql://") || text.startsWith("postgres://"));
    }

    /** libpq reads a dbname as a connection string when it is a URI or has an equals sign. */
    public static boolean isConninfo(String text) {
        return text != null && (isUri(text) || text.contains("="));
    }

    public static Map<String, String> parse(String text) {
        return isUri(text) ? parseUri(text) : parseKeywords(text);
    }

    /**
     * postgresql://[user[:password]@][host][:port][,host[:port]...][/dbname][?param=value&...], percent-decoded as
     * libpq does; a host list becomes the comma-separated host and port parameters.
     */
    static Map<String, String> parseUri(String text) {
        // the authority is read here: java.net.URI refuses a host list (h1:5432,h2:5433)
        String rest = text.substring(text.indexOf("://") + 3);
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
            end++;
        }
        String authority = rest.substring(0, end);
        for (int i = 0; i < authority.length(); i++) {
            if ("-._~!$&'()*+,;=:@%[]".indexOf(authority.charAt(i)) < 0 && !isAsciiLetterOrDigit(authority.charAt(i))) {
                // never the text itself: it may be the password
                throw new IllegalArgumentException("illegal character in the user, password or host part at character "
                        + (text.indexOf("://") + 4 + i) + " (percent-encode it, e.g. %20 for a space)");
            }
        }
        URI uri;
        try {
            uri = new URI("postgresql://h" + rest.substring(end));
        } catch (URISyntaxException e) {
            // the reason only: the exception's message repeats the URI, password included
            throw new IllegalArgumentException(e.getReason());
        }
        Map<String, String> params = new LinkedHashMap<>();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            int colon = userinfo.indexOf(':');
            putNonEmpty(params, "user", decode(colon < 0 ? userinfo : userinfo.substring(0, colon)));
            if (colon >= 0) {
                params.put("password", decode(userinfo.substring(colon + 1)));
            }
            authority = authority.substring(at + 1);
        }
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String entry : authority.split(",", -1)) {
            String host = entry;
            String port = "";
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("an IPv6 host should be in brackets, e.g. [::1]:5432");
                }
                host = entry.substring(1, close);
                String after = entry.substring(close + 1);
                port = after.startsWith(":") ? after.substring(1) : "";
            } else if (entry.contains(":")) {
                host = entry.substring(0, entry.indexOf(':'));
                port = entry.substring(entry.indexOf(':') + 1);
            }
            hosts.add(decode(host));
            ports.add(decode(port));
        }
        putNonEmpty(params, "host", String.join(",", hosts).equals(",".repeat(hosts.size() - 1)) ? "" : String.join(",", hosts));
        putNonEmpty(params, "port", String.join(",", ports).equals(",".repeat(ports.size() - 1)) ? "" : String.join(",", ports));
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            params.put("dbname", decode(path.substring(1)));
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("a URI parameter should look like name=value");
                }
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    /** key = value pairs separated by whitespace, as libpq's conninfo_parse reads them. */
    static Map<String, String> parseKeywords(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return params;
            }
            int start = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String key = text.substring(start, i);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                throw new IllegalArgumentException("missing \"=\" after \"" + key + "\" in the connection string");
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated quoted value of \"" + key + "\" in the connection string");
                }
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            params.put(key, value.toString());
        }
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static void putNonEmpty(Map<String, String> params, String key, String value) {
        if (value != null && !value.isEmpty()) {
            params.put(key, value);
        }
    }

    /** %XX escapes as bytes of UTF-8; '+' stays '+' (libpq is not a form decoder). */
    static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    // never the text itself: it may be the password
                    throw new IllegalArgumentException("a %-escape is not valid (should be % and two hex digits, e.g. %40 for @)");
                }
                int b = Integer.parseInt(text.substring(i + 1, i + 3), 16);
                if (b == 0) {
                    throw new IllegalArgumentException("forbidden value %00 in a percent-encoded value");
                }
                bytes.write(b);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
