package org.pgmaint.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pgmaint.files.AtomicWrite;

/**
 * Compiled rule bases kept on disk, one file per distinct set of rule sources, named by a digest of those
 * sources and of the pgmaint build (the compiled rules call pgmaint's classes, so a new build must not load
 * an older one's). Writes go through a temporary file and an atomic rename, so concurrent runs never read
 * half a file. A cache that cannot be read or written only costs speed. Beside the rule bases it keeps empty
 * marks of other inputs that validated (the report templates: {@link #validated}), named the same way.
 */
public final class RuleCache {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RuleCache.class);
    private static final String PREFIX = "rules-";
    private static final String SUFFIX = ".jar";
    private static final String MARK_PREFIX = "valid-";
    /** Code the next run executes: its owner's only. */
    private static final Set<PosixFilePermission> JAR_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Duration UNUSED_FOR = Duration.ofDays(30);
    private static final String BUILD = build();

    private final Path dir;

    private RuleCache(Path dir) {
        this.dir = dir;
    }

    /** No cache: every run compiles its rules. */
    public static RuleCache none() {
        return new RuleCache(null);
    }

    public static RuleCache at(Path dir) {
        return new RuleCache(dir);
    }

    /**
     * The folder a setting names: a path, {@code off} for none, or empty for the first writable of
     * {@link #defaultFolders}; none when no candidate is writable (every run then compiles, quietly).
     */
    public static RuleCache fromSetting(String setting) {
        return fromSetting(setting, System.getenv(), Path.of(System.getProperty("user.home", "")),
                Path.of(System.getProperty("java.io.tmpdir")), System.getProperty("user.name", ""));
    }

    static RuleCache fromSetting(String setting, Map<String, String> env, Path home, Path tmp, String user) {
        if ("off".equalsIgnoreCase(setting.trim())) {
            return none();
        }
        if (!setting.isBlank()) {
            return at(Path.of(setting));
        }
        for (Path candidate : defaultFolders(env, home)) {
            if (writableFolder(candidate)) {
                return at(candidate);
            }
        }
        Path shared = tmp.resolve("pgmaint-" + user.replaceAll("[^A-Za-z0-9._-]", "_") + "-rules");
        return privateFolder(shared, user) ? at(shared) : none();
    }

    /**
     * Where compiled rules go when no folder is set, in this order: systemd's {@code CacheDirectory=}
     * ($CACHE_DIRECTORY), $XDG_CACHE_HOME/pgmaint, ~/.cache/pgmaint, systemd's {@code StateDirectory=}
     * ($STATE_DIRECTORY/rule-cache). A user without a writable home (a service account) then still has a cache;
     * the last resort, a folder of its own in the temporary folder, is used only while it is the user's and
     * nobody else can write it, since whatever the cache holds is loaded as code.
     */
    static List<Path> defaultFolders(Map<String, String> env, Path home) {
        List<Path> folders = new ArrayList<>();
        firstPath(env.get("CACHE_DIRECTORY")).ifPresent(folders::add);
        firstPath(env.get("XDG_CACHE_HOME")).ifPresent(xdg -> folders.add(xdg.resolve("pgmaint")));
        if (!home.toString().isEmpty()) {
            folders.add(home.resolve(".cache").resolve("pgmaint"));
        }
        firstPath(env.get("STATE_DIRECTORY")).ifPresent(state -> folders.add(state.resolve("rule-cache")));
        return folders;
    }

    /** systemd passes several folders of one kind separated by colons; the first is the unit's own. */
    private static Optional<Path> firstPath(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String first = value.split(":", 2)[0];
        return first.isBlank() || !first.startsWith("/") ? Optional.empty() : Optional.of(Path.of(first));
    }

    private static boolean writableFolder(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isDirectory(dir) && Files.isWritable(dir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean privateFolder(Path dir, String user) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isDirectory() && attributes.owner().getName().equals(user)
                    && PosixFilePermissions.toString(attributes.permissions()).equals("rwx------");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public boolean isOff() {
        return dir == null;
    }

    public Path dir() {
        return dir;
    }

    static String key(List<CompiledRules.Source> sources) {
        Map<String, byte[]> named = new java.util.LinkedHashMap<>();
        for (CompiledRules.Source source : sources) {
            named.put(source.resource(), source.text().getBytes(StandardCharsets.UTF_8));
        }
        return key(named);
    }

    /** A digest of the named contents, this pgmaint build and the Java feature version. */
    private static String key(Map<String, byte[]> named) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, BUILD.getBytes(StandardCharsets.UTF_8));
            update(digest, String.valueOf(Runtime.version().feature()).getBytes(StandardCharsets.UTF_8));
            named.forEach((name, bytes) -> {
                update(digest, name.getBytes(StandardCharsets.UTF_8));
                update(digest, bytes);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, byte[] bytes) {
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    /**
     * Whether these contents (of {@code kind}: e.g. the report templates, by file name) were validated by this
     * build before, as {@link #markValid} records; false without a cache.
     */
    public boolean validated(String kind, Map<String, byte[]> contents) {
        if (dir == null) {
            return false;
        }
        Path mark = mark(kind, contents);
        try {
            Files.setLastModifiedTime(mark, FileTime.from(Instant.now()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records that these contents validated; a cache that cannot be written only costs the next validation. */
    public void markValid(String kind, Map<String, byte[]> contents) {
        if (dir == null) {
            return;
        }
        try {
            AtomicWrite.write(mark(kind, contents), new byte[0], JAR_PERMISSIONS, MARK_PREFIX);
        } catch (IOException | RuntimeException e) {
            log.debug("validation of {} not recorded in {}: {}", kind, dir, e.toString());
        }
    }

    private Path mark(String kind, Map<String, byte[]> contents) {
        Map<String, byte[]> named = new java.util.LinkedHashMap<>();
        named.put("kind", kind.getBytes(StandardCharsets.UTF_8));
        named.putAll(contents);
        return dir.resolve(MARK_PREFIX + key(named));
    }

    Optional<byte[]> read(String key) {
        if (dir == null) {
            return Optional.empty();
        }
        Path file = file(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            return Optional.of(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void write(String key, byte[] jar) {
        if (dir == null) {
            return;
        }
        try {
            // the temporary file's prefix is the entries': a crash's leftover is pruned with them
            AtomicWrite.write(file(key), jar, JAR_PERMISSIONS, PREFIX);
            pruneUnused();
        } catch (IOException | RuntimeException e) {
            log.warn("compiled rules not cached in {}: {} (the next run compiles them again)", dir, e.toString());
        }
    }

    void discard(String key) {
        if (dir != null) {
            deleteQuietly(file(key));
        }
    }

    /** Entries no run has read for 30 days (rule sets since edited, older builds) are removed. */
    private void pruneUnused() throws IOException {
        Instant cutoff = Instant.now().minus(UNUSED_FOR);
        for (String prefix : List.of(PREFIX, MARK_PREFIX)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
                for (Path entry : entries) {
                    if (Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                        deleteQuietly(entry);
                    }
                }
            }
        }
    }

    private Path file(String key) {
        return dir.resolve(PREFIX + key + SUFFIX);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover costs disk space only, and the next prune retries
        }
    }

    /** The identity of this pgmaint build (written by Maven at each build), or of its code if that is missing. */
    private static String build() {
        try (InputStream in = RuleCache.class.getResourceAsStream("/pgmaint-build.properties")) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException ignored) {
            // fall through
        }
        return String.valueOf(RuleCache.class.getProtectionDomain().getCodeSource());
    }
}
