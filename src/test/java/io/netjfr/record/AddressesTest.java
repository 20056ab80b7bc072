package io.netjfr.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** RFC 5952 text, whatever the spelling of the literal. */
    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # loopback and unspecified
            ::1                        | ::1
            ::                         | ::
            # IPv4-mapped: the IPv4 address
            127.0.0.1                  | ::ffff:127.0.0.1
            10.1.2.3                   | ::ffff:10.1.2.3
            # link-local
            fe80::1                    | fe80::1
            fe80::abcd:ef01            | FE80:0:0:0:0:0:ABCD:EF01
            # the longest run of zero groups becomes ::, the first of equal ones
            2001:db8::1:0:0:1          | 2001:db8:0:0:1:0:0:1
            2001:0:0:1::1              | 2001:0:0:1:0:0:0:1
            2001:db8::                 | 2001:db8:0:0:0:0:0:0
            ::2:3:4:5:6:7              | 0:0:2:3:4:5:6:7
            # a single zero group stays
            2001:db8:0:1:1:1:1:1       | 2001:db8:0:1:1:1:1:1
            1:0:1:0:1:0:1:0            | 1:0:1:0:1:0:1:0
            # lower case, no leading zeros
            2001:db8:a:bc:def:1234:5:6 | 2001:0DB8:000A:00BC:0DEF:1234:0005:0006
            """)
    void ipv6(String expected, String literal) throws UnknownHostException {
        assertEquals(expected, Addresses.format(Addresses.AF_INET6, v6(literal)));
    }

    @Test
    void familyName() {
        assertEquals("IPv4", Addresses.familyName(Addresses.AF_INET));
        assertEquals("IPv6", Addresses.familyName(Addresses.AF_INET6));
    }
}
