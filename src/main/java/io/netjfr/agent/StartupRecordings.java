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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hooks that the recordings this JVM starts with ({@code -XX:StartFlightRecording})
 * will want, read from their settings files in {@code premain}, before JFR starts them: a
 * synchronous start can then load the programs while JFR initializes (about 0.3 s of the
 * JVM's start here) rather than after it. A guess, never a decision: a delayed recording, a
 * settings file that cannot be read, a JFC option ({@code http-threshold=1 ms}) or an
 * argument file ({@code @file}) are left out, and
 * {@link RecordingWatcher} loads anew when the recordings want other hooks.
 */
final class StartupRecordings {
    private static final String OPTION = "-XX:StartFlightRecording";
    /** The JDK's own configurations: they enable no netjfr event. */
    private static final Set<String> JDK_CONFIGURATIONS = Set.of("default", "profile", "default.jfc", "profile.jfc");

    private StartupRecordings() {
    }

    /** From this process's command line and the options environment variables the launcher and the JVM read. */
    static Set<Hook> wantedHooks() {
        List<String> arguments = new ArrayList<>();
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            arguments.addAll(Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\0")));
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

    /** The hooks the recordings started by these JVM arguments enable, all together. */
    static Set<Hook> wantedHooks(List<String> arguments) {
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);
        for (String argument : arguments) {
            if (argument.startsWith(OPTION)) {
                String rest = argument.substring(OPTION.length());
                if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("=")) {
                    hooks.addAll(recordingHooks(rest.isEmpty() ? "" : rest.substring(1)));
                }
            }
        }
        return hooks;
    }

    /**
     * One recording's options ({@code settings=a.jfc,filename=x.jfr}): the hooks its settings
     * enable, with its event settings on the command line ({@code netjfr.HttpRequest#enabled=false}).
     */
    private static Set<Hook> recordingHooks(String options) {
        Map<String, String> settings = new HashMap<>();
        Map<String, String> overrides = new HashMap<>();
        List<String> files = new ArrayList<>();
        for (String option : options.split(",")) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (key.equals("delay")) {
                return EnumSet.noneOf(Hook.class); // starts later: not part of the JVM's start
            }
            if (key.equals("settings") && eq > 0) {
                files.add(option.substring(eq + 1));
            } else if (key.contains("#") && eq > 0) {
                overrides.put(key.startsWith("+") ? key.substring(1) : key, option.substring(eq + 1));
            }
        }
        for (String file : files) {
            // JFR combines a recording's settings files setting by setting: an event enabled by one is enabled
            settingsOf(file).forEach((k, v) -> settings.merge(k, v, (a, b) -> "true".equals(a) ? a : b));
        }
        settings.putAll(overrides);
        return NetjfrEvents.hooksEnabledBy(settings);
    }

    /** A settings file, or a configuration named as JFR names them ({@code netjfr} for $JAVA_HOME/lib/jfr/netjfr.jfc). */
    private static Map<String, String> settingsOf(String settings) {
        if (JDK_CONFIGURATIONS.contains(settings)) {
            return Map.of();
        }
        try {
            Path file = Path.of(settings);
            Configuration c = Files.isRegularFile(file) ? Configuration.create(file)
                    : Configuration.getConfiguration(settings.endsWith(".jfc")
                            ? settings.substring(0, settings.length() - 4) : settings);
            return c.getSettings();
        } catch (IOException | ParseException | RuntimeException e) {
            return Map.of(); // JFR says what is wrong with it when it starts the recording
        }
    }
}
