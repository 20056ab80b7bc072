package io.netjfr.agent;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * With scope=system this JVM's recordings hold other users' traffic (URLs with their query
 * strings, command lines). JFR creates its repository 0755 and the chunks in it per umask
 * (0644), so any local user could read them while the JVM runs. This makes them the JVM
 * user's only: the repository directory 0700 and the chunks in it 0600, and the
 * destination file of every recording 0600 (JFR creates it when the recording starts and
 * keeps its mode when it writes it at the end).
 */
final class OwnerOnlyRecordings {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyRecordings() {
    }

    /** Restricts the repository (jdk.jfr.repository, once JFR made it) and every recording's destination. */
    static void restrict() throws IOException {
        String repository = System.getProperty("jdk.jfr.repository");
        if (repository != null) {
            Path dir = Path.of(repository);
            set(dir, DIRECTORY);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        set(f, FILE);
                    }
                }
            }
        }
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            Path destination = r.getDestination();
            if (destination != null && Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)) {
                set(destination, FILE);
            }
        }
    }

    private static void set(Path p, Set<PosixFilePermission> permissions) throws IOException {
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
            Files.setPosixFilePermissions(p, permissions);
        }
    }
}
