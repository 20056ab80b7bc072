package io.netjfr.summary;

import io.netjfr.bpf.RecordSource;
import io.netjfr.event.IcmpSummaryEvent;
import io.netjfr.record.Addresses;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * netjfr.IcmpSummary: at each period, one event per row of the kernel's ICMP summaries
 * (process x destination x type) that counted packets since the period before (the
 * kernel's counters only grow: each period is the difference).
 */
public final class IcmpSummaries {
    private record Key(int hostPid, String destination, int type) {
    }

    private record Counts(long packets, long unrecorded, long bytes, String comm) {
    }

    private final PreviousPeriod<Key, Counts> previous = new PreviousPeriod<>();

    /** Commits the summaries of the period that ended; nothing while no engine runs. */
    public synchronized void emit(RecordSource source) {
        if (source == null) {
            return;
        }
        Map<Key, Counts> last = previous.rows(source);
        Map<Key, Counts> now = new HashMap<>();
        for (byte[][] kv : SummaryTable.ICMP.rows(source)) {
            ByteBuffer k = ByteBuffer.wrap(kv[0]).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer v = ByteBuffer.wrap(kv[1]).order(ByteOrder.LITTLE_ENDIAN);
            Key key = new Key(k.getInt(SummaryLayout.ICMP_KEY_HOST_PID),
                    Addresses.format(k.get(SummaryLayout.ICMP_KEY_FAMILY) & 0xff, Arrays.copyOfRange(kv[0],
                            SummaryLayout.ICMP_KEY_DADDR, SummaryLayout.ICMP_KEY_DADDR + 16)),
                    k.get(SummaryLayout.ICMP_KEY_TYPE) & 0xff);
            Counts c = new Counts(v.getLong(SummaryLayout.ICMP_VALUE_PACKETS),
                    v.getLong(SummaryLayout.ICMP_VALUE_UNRECORDED), v.getLong(SummaryLayout.ICMP_VALUE_BYTES),
                    comm(kv[1]));
            now.put(key, c);
            Counts before = last.getOrDefault(key, new Counts(0, 0, 0, null));
            if (before.packets() > c.packets()) {
                before = new Counts(0, 0, 0, null); // evicted (LRU) and counted afresh since
            }
            if (c.packets() > before.packets()) {
                IcmpSummaryEvent e = new IcmpSummaryEvent();
                e.hostPid = key.hostPid();
                e.processName = c.comm(); // the kernel's: a ping -c 3 is gone by the summary
                e.destinationAddress = key.destination();
                e.icmpType = key.type();
                e.packets = c.packets() - before.packets();
                e.notRecorded = c.unrecorded() - before.unrecorded();
                e.bytes = c.bytes() - before.bytes();
                e.commit();
            }
        }
        previous.set(now);
    }

    /** icmp_summary_value.comm, up to its NUL. */
    private static String comm(byte[] value) {
        int end = SummaryLayout.ICMP_VALUE_COMM;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, SummaryLayout.ICMP_VALUE_COMM, end - SummaryLayout.ICMP_VALUE_COMM, StandardCharsets.UTF_8);
    }
}
