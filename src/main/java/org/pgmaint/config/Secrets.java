package org.pgmaint.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides the password of a URI (postgresql://user:pw@host/db, redis://:pw@host) wherever a URI is shown. */
public final class Secrets {
    public static final String MASK = "********";
    /** scheme://userinfo@ : the userinfo ends at the last @ before the path, as URI parsers read it. */
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");

    /** password=... in a URI's query. */
    private static final Pattern QUERY_PASSWORD = Pattern.compile("([?&]password=)[^&#]*");
    /** password=... in a libpq key=value string: a quoted value (with \\' escapes) or one up to whitespace. */
    private static final Pattern KEYWORD_PASSWORD = Pattern.compile("((?:^|\\s)password\\s*=\\s*)('(?:\\\\.|[^'\\\\])*'?|(?:\\\\.|\\S)*)");

    private Secrets() {
    }

    /**
     * The text with the password of every URI in it replaced by {@link #MASK}: {@code user:pw@} becomes
     * {@code user:********@}; for redis:// and rediss:// a userinfo without a colon is the password itself. A
     * {@code password=} in a URI's query or a libpq key=value string is masked too.
     */
    public static String maskUri(String text) {
        if (text == null) {
            return null;
        }
        if (!text.contains("://")) {
            return text.contains("=") ? KEYWORD_PASSWORD.matcher(text).replaceAll("$1" + MASK) : text;
        }
        text = QUERY_PASSWORD.matcher(text).replaceAll("$1" + MASK);
        Matcher m = USERINFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
            String userinfo = m.group(2);
            int colon = userinfo.indexOf(':');
            String shown = colon >= 0 ? userinfo.substring(0, colon + 1) + MASK
                    : scheme.startsWith("redis") ? MASK : userinfo;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + shown + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
