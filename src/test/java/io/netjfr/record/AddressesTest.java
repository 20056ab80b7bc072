package io.netjfr.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressesTest {

    /** The 16-byte record field for an IPv6 literal. */
    private static byte[] v6(String literal) throws UnknownHostException {
        byte[] a = InetAddress.getByName(literal).getAddress();
        if (a.length == 16) {
            return a;
        }
        // Java folds IPv4-mapped literals into Inet4Address
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(a, 0, m, 12, 4);
        return m;
    }

    private static String fmt6(String literal) throws UnknownHostException {
        return Addresses.format(Addresses.AF_INET6, v6(literal));
    }

    @Test
    void ipv4() {
        byte[] a = new byte[16];
        a[0] = (byte) 192;
        a[1] = (byte) 168;
        a[2] = 0;
        a[3] = (byte) 255;
        a[4] = 99; // bytes past the first four are not part of an IPv4 address
        assertEquals("192.168.0.255", Addresses.format(Addresses.AF_INET, a));
        assertEquals("0.0.0.0", Addresses.format(Addresses.AF_INET, new byte[16]));
    }

    @Test
    void loopbackAndUnspecified() throws UnknownHostException {
        assertEquals("::1", fmt6("::1"));
        assertEquals("::", Addresses.format(Addresses.AF_INET6, new byte[16]));
    }

    @Test
    void ipv4Mapped() throws UnknownHostException {
        assertEquals("127.0.0.1", fmt6("::ffff:127.0.0.1"));
        assertEquals("10.1.2.3", fmt6("::ffff:10.1.2.3"));
    }

    @Test
    void linkLocal() throws UnknownHostException {
        assertEquals("fe80::1", fmt6("fe80::1"));
        assertEquals("fe80::abcd:ef01", fmt6("FE80:0:0:0:0:0:ABCD:EF01"));
    }

    @Test
    void longestZeroRunFirstOnTies() throws UnknownHostException {
        assertEquals("2001:db8::1:0:0:1", fmt6("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:0:0:1::1", fmt6("2001:0:0:1:0:0:0:1"));
        assertEquals("2001:db8::", fmt6("2001:db8:0:0:0:0:0:0"));
        assertEquals("::2:3:4:5:6:7", fmt6("0:0:2:3:4:5:6:7"));
    }

    @Test
    void singleZeroGroupNotCompressed() throws UnknownHostException {
        assertEquals("2001:db8:0:1:1:1:1:1", fmt6("2001:db8:0:1:1:1:1:1"));
        assertEquals("1:0:1:0:1:0:1:0", fmt6("1:0:1:0:1:0:1:0"));
    }

    @Test
    void lowercaseNoLeadingZeros() throws UnknownHostException {
        assertEquals("2001:db8:a:bc:def:1234:5:6", fmt6("2001:0DB8:000A:00BC:0DEF:1234:0005:0006"));
    }

    @Test
    void familyName() {
        assertEquals("IPv4", Addresses.familyName(Addresses.AF_INET));
        assertEquals("IPv6", Addresses.familyName(Addresses.AF_INET6));
    }
}
