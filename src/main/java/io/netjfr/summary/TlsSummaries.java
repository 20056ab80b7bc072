package io.netjfr.summary;

import io.netjfr.event.TlsSummaryEvent;
import io.netjfr.record.ForwardingSink;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;

import java.util.HashMap;
import java.util.Map;

/**
 * netjfr.TlsSummary, counted in user space: hellos are rare, and SNI and JA4 are known only
 * once a hello is parsed. While the summary is on, the kernel passes every hello on, those no
 * recording wants flagged (RecordSink#tlsUnrecorded); this sink counts both and hands the
 * others on. At each period, one event per process x server name x JA4 since the last.
 */
public final class TlsSummaries {
    private record Key(int hostPid, String processName, String serverName, String fingerprint) {
    }

    private static final class Counts {
        long hellos;
        long unrecorded;
    }

    private Map<Key, Counts> counts = new HashMap<>();

    /** A sink that counts every hello and hands everything but the unrecorded hellos to {@code sink}. */
    public RecordSink counting(RecordSink sink) {
        return new ForwardingSink(sink) {
            @Override
            public void tlsClientHello(TlsClientHello hello) {
                count(hello, false);
                sink.tlsClientHello(hello);
            }

            @Override
            public void tlsUnrecorded(TlsClientHello hello) {
                count(hello, true);
            }
        };
    }

    private synchronized void count(TlsClientHello hello, boolean unrecorded) {
        Counts c = counts.computeIfAbsent(new Key(hello.origin().hostPid(), hello.origin().processName(),
                hello.serverName(), hello.fingerprint()), k -> new Counts());
        c.hellos++;
        if (unrecorded) {
            c.unrecorded++;
        }
    }

    /** Commits the summaries of the period that ended and starts the next. */
    public void emit() {
        Map<Key, Counts> period;
        synchronized (this) {
            period = counts;
            counts = new HashMap<>();
        }
        period.forEach((k, c) -> {
            TlsSummaryEvent e = new TlsSummaryEvent();
            e.hostPid = k.hostPid();
            e.processName = k.processName();
            e.serverName = k.serverName();
            e.fingerprint = k.fingerprint();
            e.hellos = c.hellos;
            e.notRecorded = c.unrecorded;
            e.commit();
        });
    }
}
