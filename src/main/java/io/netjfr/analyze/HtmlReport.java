package io.netjfr.analyze;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The analysis as one self-contained HTML page: tables and an inline SVG chart of packets
 * per second per process. No scripts, fonts or files from elsewhere.
 */
public final class HtmlReport {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int PAD = 40;

    private HtmlReport() {
    }

    public static void write(Analysis a, Path file) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>netjfr: ")
                .append(esc(a.file())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;"
                        + "margin-top:28px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "font-size:13px;text-align:left;vertical-align:top}td.n{text-align:right}"
                        + "pre{margin:0;font-size:12px}.WARNING{color:#b00}.INFO{color:#055}.OK{color:#080}")
                .append("</style></head><body>\n<h1>netjfr analysis of ").append(esc(a.file())).append("</h1>\n");
        if (a.netjfrEvents() == 0) {
            h.append("<p>No netjfr events in this recording.</p></body></html>\n");
            Files.writeString(file, h, StandardCharsets.UTF_8);
            return;
        }
        h.append("<p>").append(a.netjfrEvents()).append(" netjfr events over ").append(TextReport.span(a))
                .append(", from ").append(a.start()).append("</p>\n");

        h.append("<h2>Packets per second, top processes</h2>\n").append(chart(a.packetsPerSecondByProcess()));

        h.append("<h2>Rules</h2>\n<table><tr><th>severity</th><th>rule</th><th>result</th></tr>\n");
        a.rules().forEach(r -> h.append("<tr><td class=\"").append(esc(r.severity())).append("\">")
                .append(esc(r.severity())).append("</td><td>").append(esc(r.rule())).append("</td><td>")
                .append(esc(r.summary())).append("<br><small>").append(esc(r.explanation()).replace("\n", "<br>"))
                .append("</small></td></tr>\n"));
        h.append("</table>\n");

        h.append("<h2>Top processes</h2>\n<table><tr><th>packets</th><th>bytes</th><th>pid</th>"
                + "<th>command line</th></tr>\n");
        a.processes().forEach(p -> h.append("<tr><td class=\"n\">").append(p.packets()).append("</td><td class=\"n\">")
                .append(p.bytes()).append("</td><td class=\"n\">").append(p.pid()).append("</td><td>")
                .append(esc(p.commandLine())).append("</td></tr>\n"));
        h.append("</table>\n<h2>Top Java threads</h2>\n<table><tr><th>packets</th><th>bytes</th><th>thread</th></tr>\n");
        a.threads().forEach(t -> h.append("<tr><td class=\"n\">").append(t.packets()).append("</td><td class=\"n\">")
                .append(t.bytes()).append("</td><td>").append(esc(t.thread())).append("</td></tr>\n"));
        h.append("</table>\n<h2>Requests from the recording JVM's threads and the code that sent them</h2>\n<table>"
                + "<tr><th>time</th><th>thread</th><th>request</th><th>stack (jdk.SocketWrite)</th></tr>\n");
        a.requests().forEach(r -> h.append("<tr><td>").append(esc(r.time().toString())).append("</td><td>")
                .append(esc(r.thread())).append("</td><td>").append(esc(r.summary())).append("<br><small>")
                .append(esc(r.destination())).append("</small></td><td><pre>")
                .append(esc(String.join("\n", r.stack()))).append("</pre></td></tr>\n"));
        h.append("</table>\n<h2>ICMP senders</h2>\n<table><tr><th>packets</th><th>pid</th><th>to</th>"
                + "<th>command line</th></tr>\n");
        a.icmpSenders().forEach(s -> h.append("<tr><td class=\"n\">").append(s.packets()).append("</td><td class=\"n\">")
                .append(s.pid()).append("</td><td>").append(esc(s.destinations())).append("</td><td>")
                .append(esc(s.commandLine())).append("</td></tr>\n"));
        h.append("</table>\n<h2>Kernel hooks</h2>\n<table><tr><th>hook</th><th>mode</th><th>seen</th>"
                + "<th>delivered</th><th>lost</th></tr>\n");
        a.hooks().forEach(k -> h.append("<tr><td>").append(esc(k.hook())).append("</td><td>")
                .append(esc(k.attachMode())).append("</td><td class=\"n\">").append(k.seen())
                .append("</td><td class=\"n\">").append(k.delivered()).append("</td><td class=\"n\">")
                .append(k.lost()).append("</td></tr>\n"));
        h.append("</table>\n</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    /** One polyline per process over seconds since the recording's start. */
    static String chart(Map<String, long[]> series) {
        long max = 1;
        int seconds = 1;
        for (long[] s : series.values()) {
            seconds = Math.max(seconds, s.length);
            for (long v : s) {
                max = Math.max(max, v);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + 220).append("\" height=\"")
                .append(HEIGHT + 2 * PAD).append("\" role=\"img\" aria-label=\"packets per second\">\n")
                .append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", PAD,
                        PAD + HEIGHT, PAD + WIDTH, PAD + HEIGHT))
                .append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", PAD, PAD,
                        PAD, PAD + HEIGHT))
                .append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">%d/s</text>%n", 2, PAD + 4, max))
                .append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">0</text>%n", PAD - 12, PAD + HEIGHT + 4))
                .append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">%d s</text>%n", PAD + WIDTH - 20,
                        PAD + HEIGHT + 16, seconds));
        int i = 0;
        for (Map.Entry<String, long[]> e : series.entrySet()) {
            String color = COLORS[i % COLORS.length];
            long[] s = e.getValue();
            StringBuilder points = new StringBuilder();
            for (int x = 0; x < s.length; x++) {
                double px = PAD + (s.length == 1 ? WIDTH / 2.0 : x * (double) WIDTH / (s.length - 1));
                double py = PAD + HEIGHT - s[x] * (double) HEIGHT / max;
                points.append(String.format("%.1f,%.1f ", px, py));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                    .append(points.toString().strip()).append("\"/>\n");
            for (String p : List.of(points.toString().strip().split(" "))) {
                String[] xy = p.split(",");
                svg.append("<circle r=\"3\" fill=\"").append(color).append("\" cx=\"").append(xy[0])
                        .append("\" cy=\"").append(xy[1]).append("\"/>\n");
            }
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n",
                    PAD + WIDTH + 16, PAD + i * 18, color))
                    .append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", PAD + WIDTH + 32,
                            PAD + 9 + i * 18, esc(e.getKey())));
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
