package io.netjfr.settings;

import io.netjfr.record.ForwardingSink;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.RecordSink;

/**
 * record and watch's latency threshold in user space: a response a client read sooner than
 * the threshold after its request is not passed on (the kernel drops a server's, whose
 * latency it knows). One of unknown latency passes.
 */
public final class LatencyFilter extends ForwardingSink {
    private final long thresholdNanos;

    private LatencyFilter(RecordSink sink, long thresholdNanos) {
        super(sink);
        this.thresholdNanos = thresholdNanos;
    }

    /** {@code sink} itself without a threshold. */
    public static RecordSink of(RecordSink sink, long thresholdNanos) {
        return thresholdNanos > 0 ? new LatencyFilter(sink, thresholdNanos) : sink;
    }

    @Override
    public void httpResponse(HttpResponse response) {
        if (passes(response.latencyNanos(), thresholdNanos)) {
            sink.httpResponse(response);
        }
    }

    /** An exchange that took {@code latencyNanos} (negative: unknown) is at least as slow as the threshold. */
    static boolean passes(long latencyNanos, long thresholdNanos) {
        return latencyNanos < 0 || latencyNanos >= thresholdNanos;
    }
}
