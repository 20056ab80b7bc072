#!/usr/bin/env bash
# Quick start: installs what is missing, builds target/netjfr.jar, runs a demo application
# with the agent and the netjfr profile template (every event), and prints the kernel network events it recorded
# and netjfr's analysis of the recording.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
mvn -q -B package -DskipTests

out="${NETJFR_DEMO_OUT:-target/demo.jfr}"
java -javaagent:target/netjfr.jar \
     -XX:StartFlightRecording:filename="$out",settings=jfr-templates/netjfr-profile.jfc \
     scripts/demo/DemoApp.java

echo
echo "== events in $out (jfr print) =="
jfr print --events 'netjfr.IcmpPacket,netjfr.HttpRequest,netjfr.HttpResponse,netjfr.Statistics' "$out"

echo "== java -jar target/netjfr.jar analyze $out =="
java -jar target/netjfr.jar analyze "$out"
