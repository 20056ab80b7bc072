#!/usr/bin/env bash
# The whole test suite: installs what is missing, then unit tests and the integration
# tests against the real kernel (mvn verify). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
mvn -B verify
