package io.netjfr.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A summary row's process name, from its host tgid. */
final class ProcessNames {
    private ProcessNames() {
    }

    /** Its comm; null when gone, or not visible from this pid namespace. */
    static String of(int hostPid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(hostPid), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
