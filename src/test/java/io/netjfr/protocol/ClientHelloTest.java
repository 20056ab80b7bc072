package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ClientHello parsing and JA4/JA3 on the published JA4 example and on real hellos recorded
 * on loopback (src/test/resources/tls: curl 7.88 with OpenSSL 3.0, Go 1.19 crypto/tls,
 * Python 3.11 ssl, the JDK 17 and 25 HttpClient).
 */
class ClientHelloTest {
    private static final int GREASE = 0x2a2a;

    /** The example of the JA4 specification (technical_details/JA4.md), GREASE values added. */
    private static ClientHello specExample(List<Integer> signatureAlgorithms, List<String> alpn) {
        List<Integer> ciphers = List.of(GREASE, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
        List<Integer> extensions = List.of(0x0a0a, 0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d,
                0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015, 0xfafa);
        return new ClientHello(0x0303, ciphers, extensions, "example.com", alpn, List.of(GREASE, 0x0304, 0x0303),
                signatureAlgorithms, List.of(GREASE, 29, 23, 24), List.of(0), true);
    }

    @Test
    void ja4OfTheSpecificationExample() {
        ClientHello h = specExample(List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601),
                List.of("h2", "http/1.1"));
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", TlsFingerprint.ja4(h));
        assertEquals(0x0304, h.highestVersion());
    }

    @Test
    void ja4WithoutSignatureAlgorithmsHashesTheExtensionsAlone() {
        ClientHello h = specExample(List.of(), List.of("h2"));
        assertEquals("6d807ffa2a79", TlsFingerprint.ja4c(h));
    }

    @Test
    void alpnCharacters() {
        List<Integer> sig = List.of(0x0403);
        assertEquals("h1", TlsFingerprint.ja4a(specExample(sig, List.of("http/1.1"))).substring(8));
        assertEquals("00", TlsFingerprint.ja4a(specExample(sig, List.of())).substring(8));
        assertEquals("hh", TlsFingerprint.ja4a(specExample(sig, List.of("h"))).substring(8));
        assertEquals("ad", TlsFingerprint.ja4a(specExample(sig, List.of("\u00ab\u00cd"))).substring(8));
        assertEquals("3b", TlsFingerprint.ja4a(specExample(sig, List.of("0\u00ab"))).substring(8));
        assertEquals("01", TlsFingerprint.ja4a(specExample(sig, List.of("0\u00ab\u00cd1"))).substring(8));
    }

    @Test
    void greaseValues() {
        assertTrue(ClientHello.isGrease(0x0a0a));
        assertTrue(ClientHello.isGrease(0xfafa));
        assertFalse(ClientHello.isGrease(0x0a1a));
        assertFalse(ClientHello.isGrease(0x1301));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ClientHelloTest.class.getResourceAsStream("/tls/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void curlWithOpenSsl() throws IOException {
        byte[] b = resource("curl-openssl3.bin");
        ClientHello h = ClientHello.parse(b, b.length);
        assertNotNull(h);
        assertTrue(h.complete());
        assertEquals("localhost", h.serverName());
        assertEquals(List.of("h2", "http/1.1"), h.alpn());
        assertEquals("TLS 1.3", ClientHello.versionName(h.highestVersion()));
        assertEquals(0x0303, h.legacyVersion());
        assertEquals("t13d3112h2_e8f1e7e78f70_b26ce05bbdd6", TlsFingerprint.ja4(h));
        assertEquals("0149f47eabf9a20d0893e2a44e5a6323", TlsFingerprint.ja3(h));
    }

    @Test
    void everyClientLibraryHasItsOwnFingerprint() throws IOException {
        Map<String, String> expected = Map.of(
                "curl-openssl3.bin", "t13d3112h2_e8f1e7e78f70_b26ce05bbdd6",
                "go1.19.bin", "t13d1910h2_9dc949149365_97f8aa674fd9",
                "python3.11-ssl.bin", "t13d181100_85036bcba153_d41ae481755e",
                "jdk17-httpclient.bin", "t13d3713h2_db35923f8641_7c76daad20ec",
                "jdk25-httpclient.bin", "t13d3113h2_1d947a95fc68_7e1102d2036b");
        Set<String> seen = new HashSet<>();
        for (var e : expected.entrySet()) {
            byte[] b = resource(e.getKey());
            ClientHello h = ClientHello.parse(b, b.length);
            assertNotNull(h, e.getKey());
            assertTrue(h.complete(), e.getKey());
            assertEquals(e.getValue(), TlsFingerprint.ja4(h), e.getKey());
            assertTrue(seen.add(TlsFingerprint.ja3(h)), "JA3 differs too: " + e.getKey());
        }
    }

    @Test
    void truncatedHelloIsIncomplete() throws IOException {
        byte[] b = resource("go1.19.bin");
        ClientHello h = ClientHello.parse(b, 200);
        assertNotNull(h);
        assertFalse(h.complete());
        assertEquals(0x0303, h.legacyVersion());
    }

    @Test
    void notAHello() {
        byte[] appData = {0x17, 0x03, 0x03, 0x00, 0x20, 1, 2, 3, 4, 5};
        assertNull(ClientHello.parse(appData, appData.length));
        byte[] serverHello = {0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0, 0, 0x3c};
        assertNull(ClientHello.parse(serverHello, serverHello.length));
        byte[] http = "GET / HTTP/1.1\r\n".getBytes();
        assertNull(ClientHello.parse(http, http.length));
    }

    /** A post-quantum sized hello (X25519MLKEM768 key share of 1216 bytes, padding) parses whole. */
    @Test
    void largeHelloWithPostQuantumKeyShare() {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        u16(ext, 0x0000); // server_name
        byte[] name = "pq.example".getBytes();
        u16(ext, name.length + 5);
        u16(ext, name.length + 3);
        ext.write(0);
        u16(ext, name.length);
        ext.writeBytes(name);
        u16(ext, 0x0033); // key_share: GREASE (1 byte) + X25519MLKEM768 (1216 bytes)
        int shares = 4 + 1 + 4 + 1216;
        u16(ext, shares + 2);
        u16(ext, shares);
        u16(ext, GREASE);
        u16(ext, 1);
        ext.write(0);
        u16(ext, 0x11ec);
        u16(ext, 1216);
        ext.writeBytes(new byte[1216]);
        u16(ext, 0x0015); // padding, as browsers add
        u16(ext, 400);
        ext.writeBytes(new byte[400]);
        u16(ext, 0x002b); // supported_versions
        u16(ext, 5);
        ext.write(4);
        u16(ext, 0x0304);
        u16(ext, 0x0303);
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        u16(hello, 0x0303);
        hello.writeBytes(new byte[32]);
        hello.write(0);
        u16(hello, 4);
        u16(hello, GREASE);
        u16(hello, 0x1301);
        hello.write(1);
        hello.write(0);
        u16(hello, ext.size());
        hello.writeBytes(ext.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        u16(record, 0x0301);
        u16(record, hello.size() + 4);
        record.write(1);
        record.write(0);
        u16(record, hello.size());
        record.writeBytes(hello.toByteArray());
        byte[] b = record.toByteArray();
        assertTrue(b.length > 1500, "bigger than one Ethernet frame");
        ClientHello h = ClientHello.parse(b, b.length);
        assertNotNull(h);
        assertTrue(h.complete());
        assertEquals("pq.example", h.serverName());
        assertEquals("t13d010400_", TlsFingerprint.ja4(h).substring(0, 11));
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v & 0xff);
    }
}
