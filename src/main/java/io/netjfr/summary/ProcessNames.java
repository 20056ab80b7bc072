package io.netjfr.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A summary row's process name, from its host tgid. Names are remembered (the last 1024
 * processes), so a process that exited within the period (ping -c 3) still has its name in
 * the later periods' rows.
 */
final class ProcessNames {
    private static final int REMEMBERED = 1024;
    private static final Map<Integer, String> NAMES = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    private ProcessNames() {
    }

    /** Its comm; null when gone before its first summary, or not visible from this pid namespace. */
    static synchronized String of(int hostPid) {
        try {
            String name = Files.readString(Path.of("/proc", Integer.toString(hostPid), "comm"), StandardCharsets.UTF_8)
                    .strip();
            NAMES.put(hostPid, name);
            return name;
        } catch (IOException | RuntimeException e) {
            return NAMES.get(hostPid);
        }
    }
}
