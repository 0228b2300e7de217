#!/usr/bin/env bash
# Benchmarks run on release builds only: build, then run the Wire parse + environ benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product shallot-bench
"$(swift build -c release --show-bin-path)/shallot-bench" "$@"
