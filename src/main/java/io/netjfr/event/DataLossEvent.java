package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * Committed when a hook lost events since the previous one, like the JDK's jdk.DataLoss
 * for its own buffers: the recording then misses events of that hook.
 */
@Name("netjfr.DataLoss")
@Label("netjfr Data Loss")
@Description("Kernel network events dropped because netjfr's ring buffer was full: the recording misses them")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Period("1 s")
public final class DataLossEvent extends jdk.jfr.Event {
    @Label("Hook")
    public String hook;

    @Label("Amount")
    @Description("Events lost since the previous netjfr.DataLoss of this hook")
    public long amount;

    @Label("Total")
    @Description("Events of this hook lost since netjfr attached it")
    public long total;
}
