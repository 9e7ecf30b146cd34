#!/usr/bin/env bash
# The same matching work as the rule engine's literal and pattern stages, done by Vectorscan (the
# maintained fork of Intel's Hyperscan, a SIMD multi-pattern regex engine), on the engine
# benchmark's corpus: a reference for how fast any matcher can find the default packs' terms in
# resume text. Compare its figures with `cargo bench --bench engine`'s "alone" lines.
#
# Needs gcc, pkg-config, python3 >= 3.11 and Vectorscan's headers:
#   apt-get install -y libvectorscan-dev pkg-config
#
# Usage: benches/vectorscan/run.sh [CORPUS_MB]   (default 20)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! pkg-config --exists libhs; then
    echo "run.sh: Vectorscan not found; install it with: apt-get install -y libvectorscan-dev pkg-config" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 "$here/scan.c" -o "$work/scan" $(pkg-config --cflags --libs libhs)
python3 "$here/make_inputs.py" "$work" "${1:-20}"
echo "literals, match ends only:";       "$work/scan" "$work/literals.txt" "$work/corpus.bin"
echo "literals, with match starts:";     "$work/scan" "$work/literals.txt" "$work/corpus.bin" som
echo "pack patterns, match ends only:";  "$work/scan" "$work/patterns.txt" "$work/corpus.bin"
