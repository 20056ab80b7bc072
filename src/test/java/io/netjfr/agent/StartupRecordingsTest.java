package io.netjfr.agent;

import io.netjfr.bpf.Hook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartupRecordingsTest {
    private static final Path DEFAULT_TEMPLATE = Path.of("jfr-templates/netjfr.jfc").toAbsolutePath();
    private static final Path PROFILE_TEMPLATE = Path.of("jfr-templates/netjfr-profile.jfc").toAbsolutePath();

    @TempDir
    Path dir;

    private Path enabling(String event) throws IOException {
        Path jfc = dir.resolve(event + ".jfc");
        Files.writeString(jfc, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0">
                  <event name="%s"><setting name="enabled">true</setting></event>
                </configuration>
                """.formatted(event));
        return jfc;
    }

    private static Set<Hook> hooks(String... arguments) {
        return StartupRecordings.wantedHooks(List.of(arguments));
    }

    @Test
    void theTemplatesWantEveryPacketHook() {
        Set<Hook> all = EnumSet.of(Hook.ICMP, Hook.HTTP, Hook.TLS, Hook.RECV);
        assertEquals(all, hooks("-Xmx1g", "-XX:StartFlightRecording:settings=" + DEFAULT_TEMPLATE + ",filename=x.jfr"));
        assertEquals(all, hooks("-XX:StartFlightRecording=filename=x.jfr,settings=" + PROFILE_TEMPLATE));
    }

    @Test
    void hooksFollowTheEnabledEvents() throws IOException {
        assertEquals(EnumSet.of(Hook.HTTP), hooks("-XX:StartFlightRecording:settings=" + enabling("netjfr.HttpRequest")));
        assertEquals(EnumSet.of(Hook.HTTP, Hook.RECV),
                hooks("-XX:StartFlightRecording:settings=" + enabling("netjfr.HttpResponse")));
        assertEquals(EnumSet.of(Hook.ICMP), hooks("-XX:StartFlightRecording:settings=profile",
                "-XX:StartFlightRecording:settings=" + enabling("netjfr.IcmpPacket") + ",name=icmp,maxage=1h"));
    }

    @Test
    void recordingsThatWantDifferentHooksGiveNone() throws IOException {
        Path icmp = enabling("netjfr.IcmpPacket");
        assertEquals(EnumSet.of(Hook.ICMP), hooks("-XX:StartFlightRecording:settings=" + icmp,
                "-XX:StartFlightRecording:filename=b.jfr,settings=" + icmp));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:settings=" + icmp,
                "-XX:StartFlightRecording:settings=" + enabling("netjfr.TlsSummary")));
    }

    @Test
    void aLaterSettingsFileWinsAndEventSettingsWinOverBoth() throws IOException {
        Path off = dir.resolve("off.jfc");
        Files.writeString(off, Files.readString(enabling("netjfr.HttpRequest")).replace(">true<", ">false<"));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:settings=" + enabling("netjfr.HttpRequest")
                + ",settings=" + off));
        assertEquals(EnumSet.of(Hook.HTTP, Hook.TLS, Hook.RECV), hooks("-XX:StartFlightRecording:settings="
                + DEFAULT_TEMPLATE + ",netjfr.IcmpPacket#enabled=false,netjfr.IcmpSummary#enabled=false"));
        assertEquals(EnumSet.of(Hook.HTTP, Hook.ICMP), hooks("-XX:StartFlightRecording:settings="
                + enabling("netjfr.HttpRequest") + ",+netjfr.IcmpPacket#enabled=true"));
    }

    @Test
    void optionsNotUnderstoodOrRecordingsNotAtTheStartGiveNone() throws IOException {
        Path icmp = enabling("netjfr.IcmpPacket");
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording"));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:settings=profile"));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:delay=5s,settings=" + icmp));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecordingX:settings=" + icmp));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:settings=" + icmp + ",icmp=off"));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:settings=" + dir.resolve("missing.jfc")));
        assertEquals(Set.of(), hooks("-XX:StartFlightRecording:settings=no-such-configuration"));
    }

    @Test
    void theApplicationsArgumentsAreNotJvmOptions() {
        String recording = "-XX:StartFlightRecording:settings=" + DEFAULT_TEMPLATE;
        assertEquals(List.of("-Xmx1g", "-cp", "a.jar:b.jar", recording), StartupRecordings.jvmOptions(
                List.of("-Xmx1g", "-cp", "a.jar:b.jar", recording, "com.example.Main", "-XX:StartFlightRecording")));
        assertEquals(List.of(), StartupRecordings.jvmOptions(List.of("-jar", "app.jar", recording)));
        assertEquals(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), StartupRecordings.jvmOptions(
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-m", "app/app.Main", recording)));
    }
}
