#!/usr/bin/env bash
# The whole test suite: installs what is missing, then unit tests and the integration
# tests against the real kernel (mvn verify), then the kprobe path on a Debian 6.1 kernel
# under qemu (scripts/kernel-matrix --ci: the development kernel has no kprobes). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
mvn -B verify
scripts/kernel-matrix --ci
