package org.pgmaint.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file so that a reader sees the old content or the new, never half of it: the content goes to a
 * temporary sibling (created 0600), gets its permissions, and is renamed over the file.
 */
public final class AtomicWrite {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicWrite() {
    }

    /**
     * Writes {@code content} to {@code file} (its folder is created if missing). {@code tempPrefix} names the
     * temporary sibling, so that a folder's own cleanup can recognise one left by a crash.
     */
    public static Path write(Path file, byte[] content, Set<PosixFilePermission> permissions, String tempPrefix)
            throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), tempPrefix, ".tmp");
        try {
            Files.write(temp, content);
            if (POSIX) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            try {
                // a rename within one folder: atomic on POSIX, and it replaces the old file
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}
