package org.pgmaint.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Run files and saved plans hold table names, SQL and other sessions' query text: owner read-write, group read,
 * others nothing (0640; folders 0750).
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-x---");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the folder (0750) if missing; an existing folder keeps its permissions. */
    static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIR);
        }
    }

    /** Creates the file empty with 0640 if missing, so that it is never readable by others, even briefly. */
    static void create(Path file) throws IOException {
        directory(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            if (POSIX) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        }
        if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Checks that files can be created in the folder by creating and removing one (permission bits alone say
     * nothing for root; a read-only or full file system, or a file in the way, fail for everyone). With
     * {@code create} a missing folder is created (0750) first.
     */
    public static void checkWritableFolder(Path dir, boolean create) throws IOException {
        Path folder = dir.toAbsolutePath();
        if (create) {
            directory(folder);
        } else if (!Files.isDirectory(folder)) {
            throw new java.nio.file.NoSuchFileException(folder.toString(), null, "no such folder");
        }
        Files.delete(Files.createTempFile(folder, ".pgmaint-write-check", ".tmp"));
    }

    /** Why a file operation failed, in a few words (the path is named by the caller). */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way of the folder";
        }
        if (e instanceof java.nio.file.NoSuchFileException none) {
            return none.getReason() != null ? none.getReason() : "no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** As {@link #write}, but replaced whole by a rename ({@link org.pgmaint.files.AtomicWrite}): never seen half-written. */
    public static Path writeAtomically(Path file, String content, String tempPrefix) throws IOException {
        return org.pgmaint.files.AtomicWrite.write(file, content.getBytes(StandardCharsets.UTF_8), FILE, tempPrefix);
    }

    public static Path write(Path file, String content) throws IOException {
        create(file);
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return file;
    }

    /** Text written to a writer as it is made (a streamed report). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** As {@link #write(Path, String)}, the content streamed into the file. */
    public static Path write(Path file, Content content) throws IOException {
        create(file);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            content.writeTo(out);
        }
        return file;
    }
}
