package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * Never committed. Its periodic hook runs at the end of every chunk, including when a
 * recording stops or the JVM exits, and drains the ring buffer there, so events the
 * kernel recorded before the stop are in the recording.
 */
@Name("netjfr.ChunkEndFlush")
@Label("netjfr Chunk End Flush")
@Description("Internal: drains netjfr's ring buffer before a chunk is closed; never recorded")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Period("endChunk")
public final class ChunkEndFlushEvent extends jdk.jfr.Event {
}
