package io.netjfr.summary;

import io.netjfr.bpf.RecordSource;

import java.util.List;

/** The kernel's summary maps a consumer reads: the map's name, its key and value sizes (SummaryLayout), its rows. */
public enum SummaryTable {
    HTTP("summaries", SummaryLayout.KEY_SIZE, SummaryLayout.VALUE_SIZE, SummaryLayout.MAX_ROWS),
    ICMP("icmp_summaries", SummaryLayout.ICMP_KEY_SIZE, SummaryLayout.ICMP_VALUE_SIZE, SummaryLayout.MAX_ICMP_ROWS);

    private final String map;
    private final int keySize;
    private final int valueSize;
    private final int maxRows;

    SummaryTable(String map, int keySize, int valueSize, int maxRows) {
        this.map = map;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxRows = maxRows;
    }

    public String map() {
        return map;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxRows() {
        return maxRows;
    }

    /** The rows {@code source} has of this table, at most maxRows. */
    public List<byte[][]> rows(RecordSource source) {
        return source.summaryRows(map, keySize, valueSize, maxRows);
    }

    /** The host tgid a row counts for: the first field of every summary key. */
    public static int hostPid(byte[] key) {
        return (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24;
    }
}
