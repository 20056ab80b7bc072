package io.netjfr.summary;

import io.netjfr.bpf.RecordSource;
import io.netjfr.event.HttpSummaryEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * netjfr.HttpSummary: at each period, one event per row of the kernel's summaries that
 * counted exchanges since the period before (the kernel's counters only grow: each period
 * is the difference), with latency percentiles from the difference of the histograms.
 */
public final class HttpSummaries {
    private final PreviousPeriod<SummaryRow.Key, SummaryRow> previous = new PreviousPeriod<>();

    /** Commits the summaries of the period that ended; nothing while no engine runs. */
    public synchronized void emit(RecordSource source) {
        if (source == null) {
            return;
        }
        Map<SummaryRow.Key, SummaryRow> last = previous.rows(source);
        Map<SummaryRow.Key, SummaryRow> now = new HashMap<>();
        for (byte[][] kv : SummaryTable.HTTP.rows(source)) {
            SummaryRow row = SummaryRow.decode(kv[0], kv[1]);
            now.put(row.key(), row);
            SummaryRow before = last.get(row.key());
            if (before != null && before.exchanges() > row.exchanges()) {
                before = null; // evicted (LRU) and counted afresh since
            }
            long exchanges = row.exchanges() - (before == null ? 0 : before.exchanges());
            if (exchanges > 0) {
                commit(row, before, exchanges);
            }
        }
        previous.set(now);
    }

    private static void commit(SummaryRow row, SummaryRow before, long exchanges) {
        long[] buckets = row.buckets().clone();
        long timed = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (before != null) {
                buckets[i] = (buckets[i] - before.buckets()[i]) & 0xffffffffL; // 32-bit counters may wrap
            }
            timed += buckets[i];
        }
        if (before != null && timed > exchanges) {
            // more timed than exchanges: the row was evicted (LRU) and counted afresh since, with more than before
            commit(row, null, row.exchanges());
            return;
        }
        HttpSummaryEvent e = new HttpSummaryEvent();
        SummaryRow.Key k = row.key();
        e.hostPid = k.hostPid();
        e.processName = ProcessNames.of(k.hostPid());
        e.side = k.client() ? "client" : "server";
        e.peerAddress = k.peer();
        e.port = k.port();
        e.method = k.method();
        e.statusClass = k.statusClass();
        e.exchanges = exchanges;
        // the kernel adds to exchanges before recorded, and the row is read without a lock
        e.notRecorded = Math.min(exchanges, Math.max(0, row.unrecorded() - (before == null ? 0 : before.unrecorded())));
        e.bytes = row.bytes() - (before == null ? 0 : before.bytes());
        e.timed = timed;
        e.latencyP50 = percentile(buckets, 0.50, row.maxNanos());
        e.latencyP90 = percentile(buckets, 0.90, row.maxNanos());
        e.latencyP99 = percentile(buckets, 0.99, row.maxNanos());
        e.latencyMax = e.timed > 0 ? row.maxNanos() : Long.MIN_VALUE; // JFR shows N/A
        e.commit();
    }

    /** The upper bound of the bucket holding quantile q (never above the maximum); N/A without timed exchanges. */
    static long percentile(long[] buckets, double q, long maxNanos) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return Long.MIN_VALUE;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return Math.min(SummaryRow.bucketUpperNanos(i), maxNanos);
            }
        }
        return maxNanos;
    }
}
