package org.pgmaint.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Run files hold table names and SQL: owner read-write, group read, others nothing (0640; folders 0750). */
final class PrivateFiles {
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

    static Path write(Path file, String content) throws IOException {
        create(file);
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return file;
    }
}
