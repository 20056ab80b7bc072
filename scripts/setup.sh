#!/usr/bin/env bash
# Installs what netjfr needs to build and test on Debian 12, only what is missing
# (idempotent, no network when everything is there). Run as root.
set -euo pipefail

packages=(
  clang llvm libbpf-dev libbpf1 bpftool     # BPF objects, CO-RE headers, the runtime library, BTF dumps
  openjdk-17-jdk-headless maven              # build and the default test JDK
  iputils-ping curl python3 iproute2 util-linux procps  # real traffic and test tooling (setpriv, ip)
  chromium                                   # renders analyze's HTML report in a test
  golang-go openssl                          # protocol tests: a Go HTTP client, openssl s_server and certificates
  tcpdump tshark                             # the fidelity test's reference: a capture decoded independently
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "netjfr setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
