package io.netjfr.agent;

import io.netjfr.bpf.Hook;
import io.netjfr.event.NetjfrEvents;
import jdk.jfr.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hooks that the recordings this JVM starts with ({@code -XX:StartFlightRecording})
 * will want, read from their settings files in {@code premain}, before JFR starts them: a
 * synchronous start can then load the programs while JFR initializes (about 0.3 s of the
 * JVM's start here) rather than after it. A guess, never a decision: none (an empty set)
 * when a recording's options are not all understood (a JFC option such as
 * {@code http=off}, a settings file that cannot be read) or when the recordings want
 * different hooks (JFR starts them one by one, and the first would not take the load). A
 * delayed recording and an argument file ({@code @file}) are not seen; {@link RecordingWatcher}
 * loads anew when the recordings want other hooks.
 */
final class StartupRecordings {
    private static final String OPTION = "-XX:StartFlightRecording";
    /** The JDK's own configurations: they enable no netjfr event. */
    private static final Set<String> JDK_CONFIGURATIONS = Set.of("default", "profile", "default.jfc", "profile.jfc");
    /** -XX:StartFlightRecording's own options, besides settings, delay and event settings ({@code name#setting}). */
    private static final Set<String> RECORDING_OPTIONS = Set.of("name", "duration", "filename", "disk", "maxage",
            "maxsize", "dumponexit", "path-to-gc-roots", "report-on-exit");
    /** The launcher's options whose value is the next argument. */
    private static final Set<String> WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
            "--patch-module", "--enable-native-access", "--source");

    private StartupRecordings() {
    }

    /** From this process's JVM options on its command line and in the options environment variables. */
    static Set<Hook> wantedHooks() {
        List<String> arguments = new ArrayList<>();
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> argv = Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
            arguments.addAll(jvmOptions(argv.subList(Math.min(1, argv.size()), argv.size())));
        } catch (IOException e) {
            return EnumSet.noneOf(Hook.class);
        }
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            String value = System.getenv(variable);
            if (value != null) {
                arguments.addAll(Arrays.asList(value.strip().split("\\s+")));
            }
        }
        return wantedHooks(arguments);
    }

    /** The launcher's arguments up to the main class, {@code -jar} or a module: the application's own are not JVM options. */
    static List<String> jvmOptions(List<String> launcherArguments) {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < launcherArguments.size(); i++) {
            String a = launcherArguments.get(i);
            if (!a.startsWith("-") || a.equals("-jar") || a.equals("-m") || a.equals("--module")
                    || a.startsWith("--module=")) {
                break;
            }
            options.add(a);
            if (WITH_VALUE.contains(a) && i + 1 < launcherArguments.size()) {
                options.add(launcherArguments.get(++i));
            }
        }
        return options;
    }

    /**
     * The hooks the recordings started by these JVM options want: the same for every recording
     * that enables netjfr events, else none.
     */
    static Set<Hook> wantedHooks(List<String> jvmOptions) {
        Set<Set<Hook>> wanted = new HashSet<>();
        for (String option : jvmOptions) {
            if (option.startsWith(OPTION)) {
                String rest = option.substring(OPTION.length());
                if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("=")) {
                    Optional<Set<Hook>> hooks = recordingHooks(rest.isEmpty() ? "" : rest.substring(1));
                    if (hooks.isEmpty()) {
                        return EnumSet.noneOf(Hook.class);
                    }
                    if (!hooks.get().isEmpty()) {
                        wanted.add(hooks.get());
                    }
                }
            }
        }
        return wanted.size() == 1 ? wanted.iterator().next() : EnumSet.noneOf(Hook.class);
    }

    /**
     * One recording's options ({@code settings=a.jfc,filename=x.jfr}): the hooks its settings
     * and event settings ({@code netjfr.HttpRequest#enabled=false}) enable; empty for a
     * delayed recording (not part of the JVM's start); none when an option is not understood.
     */
    private static Optional<Set<Hook>> recordingHooks(String options) {
        List<String> files = new ArrayList<>();
        Map<String, String> overrides = new HashMap<>();
        for (String option : options.isEmpty() ? new String[0] : options.split(",")) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            if (key.equals("delay")) {
                return Optional.of(EnumSet.noneOf(Hook.class));
            } else if (key.equals("settings")) {
                files.add(value);
            } else if (key.contains("#")) {
                overrides.put(key.startsWith("+") ? key.substring(1) : key, value);
            } else if (!RECORDING_OPTIONS.contains(key)) {
                return Optional.empty();
            }
        }
        Map<String, String> settings = new HashMap<>();
        for (String file : files.isEmpty() ? List.of("default") : files) {
            Optional<Map<String, String>> s = settingsOf(file);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            settings.putAll(s.get()); // as JFR does: a later file's value of a setting wins
        }
        settings.putAll(overrides);
        return Optional.of(NetjfrEvents.hooksEnabledBy(settings));
    }

    /** A settings file, or a configuration named as JFR names them ({@code netjfr} for $JAVA_HOME/lib/jfr/netjfr.jfc). */
    private static Optional<Map<String, String>> settingsOf(String settings) {
        if (JDK_CONFIGURATIONS.contains(settings)) {
            return Optional.of(Map.of());
        }
        try {
            Path file = Path.of(settings);
            Configuration c = Files.isRegularFile(file) ? Configuration.create(file)
                    : Configuration.getConfiguration(settings.endsWith(".jfc")
                            ? settings.substring(0, settings.length() - 4) : settings);
            return Optional.of(c.getSettings());
        } catch (IOException | ParseException | RuntimeException e) {
            return Optional.empty(); // JFR says what is wrong with it when it starts the recording
        }
    }
}
