#!/usr/bin/env bash
# Reads a corpus of 363 lockfiles and manifests against their expected packages and prints, per
# format, the share of files read exactly and the package-level recall and precision.
#
# The corpus is the test data of two open-source lockfile scanners (Apache-2.0), fetched at run
# time at pinned commits and never committed:
#   google/osv-scanner  pkg/lockfile/fixtures                     (the last commit that had them)
#   google/osv-scalibr  extractor/filesystem/language/*/testdata
# The expectations (benches/lockfile-corpus/expected.toml) are kept here; see the README beside
# them for how they were written.
#
# Usage: benches/lockfile-corpus.sh [--verbose]
#        CORPUS=/path/with/osv-scanner+osv-scalibr benches/lockfile-corpus.sh   (no download)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OSV_SCANNER_COMMIT=5058d47728e431f46ce292442a2c91a7e75f5705
OSV_SCALIBR_COMMIT=c2094f2d68e3994551d9998a54e2e97985a18a39
CORPUS=${CORPUS:-$ROOT/bench-out/lockfile-corpus}

fetch() { # name commit paths...
  local name=$1 commit=$2; shift 2
  local dir="$CORPUS/$name"
  if [ -d "$dir/.git" ] && [ "$(git -C "$dir" rev-parse HEAD)" = "$commit" ]; then return; fi
  rm -rf "$dir" && mkdir -p "$dir"
  git -C "$dir" init -q
  git -C "$dir" remote add origin "https://github.com/google/$name.git"
  git -C "$dir" sparse-checkout set "$@"
  git -C "$dir" fetch -q --depth 1 --filter=blob:none origin "$commit"
  git -C "$dir" checkout -q FETCH_HEAD
}

if [ ! -d "$CORPUS/osv-scanner/pkg" ] || [ ! -d "$CORPUS/osv-scalibr/extractor" ]; then
  fetch osv-scanner "$OSV_SCANNER_COMMIT" pkg/lockfile/fixtures
  fetch osv-scalibr "$OSV_SCALIBR_COMMIT" \
    extractor/filesystem/language/golang/gomod extractor/filesystem/language/java \
    extractor/filesystem/language/dotnet extractor/filesystem/language/python \
    extractor/filesystem/language/javascript
fi

cargo build --release --quiet --example lockfile_corpus
"${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/lockfile_corpus" \
  "$CORPUS" "$ROOT/benches/lockfile-corpus/expected.toml" "$@"
