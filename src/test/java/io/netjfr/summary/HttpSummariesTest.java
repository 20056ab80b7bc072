package io.netjfr.summary;

import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.RecordSource;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a period's summary makes of rows the kernel's counters do not explain by themselves:
 * a row evicted from the LRU map and counted afresh, and a row read between two of the
 * kernel's adds. The rows are written here as the kernel lays them out (SummaryLayout,
 * checked against the BTF by RecordLayoutTest); SummariesIT covers real traffic.
 */
class HttpSummariesTest {
    @TempDir
    Path dir;

    /** One row of this process, its counters as given, every exchange in bucket {@code bucket}. */
    private static byte[][] row(long exchanges, long recorded, int bucket, long inBucket) {
        ByteBuffer k = ByteBuffer.allocate(SummaryLayout.KEY_SIZE).order(ByteOrder.nativeOrder());
        k.putInt(SummaryLayout.KEY_HOST_PID, (int) ProcessHandle.current().pid());
        k.put(SummaryLayout.KEY_FAMILY, (byte) 2);
        k.put(SummaryLayout.KEY_STATUS_CLASS, (byte) 2);
        k.putShort(SummaryLayout.KEY_PORT, (short) 8080);
        ByteBuffer v = ByteBuffer.allocate(SummaryLayout.VALUE_SIZE).order(ByteOrder.nativeOrder());
        v.putLong(SummaryLayout.VALUE_EXCHANGES, exchanges);
        v.putLong(SummaryLayout.VALUE_RECORDED, recorded);
        v.putLong(SummaryLayout.VALUE_MAX_NS, 1_000_000);
        v.putInt(SummaryLayout.VALUE_BUCKETS + 4 * bucket, (int) inBucket);
        return new byte[][] {k.array(), v.array()};
    }

    /** The kernel's summary map as a list of rows set by the test. */
    private static final class Rows implements RecordSource {
        List<byte[][]> rows = List.of();

        @Override
        public List<Engine.HookState> hooks() {
            return List.of();
        }

        @Override
        public Engine.Counters counters(Hook hook) {
            return new Engine.Counters(0, 0);
        }

        @Override
        public void apply(LiveSettings settings) {
        }

        @Override
        public List<byte[][]> summaryRows(String map, int keySize, int valueSize, int limit) {
            return map.equals("summaries") ? rows : List.of();
        }

        @Override
        public int drainNow() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRowCountedAfreshIsSummarizedWholeAndNotRecordedStaysWithinItsExchanges() throws Exception {
        HttpSummaries summaries = new HttpSummaries();
        Rows source = new Rows();
        Path file = dir.resolve("s.jfr");
        try (Recording r = new Recording()) {
            r.enable("netjfr.HttpSummary");
            r.start();
            source.rows = List.<byte[][]>of(row(10, 0, 5, 10));
            summaries.emit(source);
            // evicted and counted afresh since: more exchanges than before, none in the old bucket
            source.rows = List.<byte[][]>of(row(12, 0, 3, 12));
            summaries.emit(source);
            // read between the kernel's adds to exchanges and to recorded: one more recorded than exchanges
            source.rows = List.<byte[][]>of(row(15, 4, 3, 15));
            summaries.emit(source);
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("netjfr.HttpSummary")).toList();
        assertEquals(3, events.size(), events.toString());
        assertEquals(10, events.get(0).getLong("exchanges"));
        assertEquals(12, events.get(1).getLong("exchanges"), "the fresh row, whole");
        assertEquals(12, events.get(1).getLong("timed"));
        assertEquals(12, events.get(1).getLong("notRecorded"));
        assertEquals(3, events.get(2).getLong("exchanges"));
        assertEquals(3, events.get(2).getLong("timed"));
        assertEquals(0, events.get(2).getLong("notRecorded"), "never below 0");
    }
}
