package io.netjfr.record;

/** Passes everything on to another sink: a filter or a counter overrides only what it looks at. */
public abstract class ForwardingSink implements RecordSink {
    protected final RecordSink sink;

    protected ForwardingSink(RecordSink sink) {
        this.sink = sink;
    }

    @Override
    public void icmp(IcmpPacket packet) {
        sink.icmp(packet);
    }

    @Override
    public void http(HttpRequest request) {
        sink.http(request);
    }

    @Override
    public void httpResponse(HttpResponse response) {
        sink.httpResponse(response);
    }

    @Override
    public void tlsClientHello(TlsClientHello hello) {
        sink.tlsClientHello(hello);
    }

    @Override
    public void tlsUnrecorded(TlsClientHello hello) {
        sink.tlsUnrecorded(hello);
    }

    @Override
    public void drained() {
        sink.drained();
    }
}
