package io.netjfr.bpf;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HookTest {
    @Test
    void sendHooksShareOneObjectAndSayWhatItCaptures() {
        assertEquals(List.of(List.of(Hook.PROCESS), List.of(Hook.ICMP), List.of(Hook.HTTP, Hook.TLS), List.of(Hook.RECV)),
                List.copyOf(Engine.byObject(EnumSet.allOf(Hook.class))));
        assertEquals(List.of(List.of(Hook.TLS)), List.copyOf(Engine.byObject(EnumSet.of(Hook.TLS))));
        assertEquals(Hook.HTTP.objectName(), Hook.TLS.objectName());
        assertEquals(0, Hook.HTTP.capture() & Hook.TLS.capture());
    }

    @Test
    void hooksKeepTheirNamesWhereObjectsAreShared() {
        assertEquals("http", Hook.HTTP.toString());
        assertEquals("tls", Hook.TLS.toString());
        assertEquals("send", Hook.TLS.objectName());
    }
}
