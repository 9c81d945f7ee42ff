#!/usr/bin/env bash
# How well the licence matcher names the texts of the SPDX licence list, and how fast, with the
# release build of `benches/licence_list.rs`:
#
# 1. every text of the list in every form (published, rewrapped, with a copyright line, with the
#    GNU "or later" notice, as `//`, `#` and ` * ` comments): named exactly, named as another
#    licence, or not named, per form, with the wrong names listed;
# 2. 1,600 distinct texts spread over the list and the forms, from an empty cache (a fresh
#    matcher), on the machine's cores: as they are, and each behind a line of its own (no text
#    is then word for word a list text, so every one is compared with the list).
#
#   benches/licence_list.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example licence_list
BIN="${CARGO_TARGET_DIR:-target}/release/examples/licence_list"
"$BIN"
echo
echo "## 1,600 texts as they are"
"$BIN" --texts 1600 | tail -n 1
echo "## 1,600 texts, each behind a line of its own"
"$BIN" --texts 1600 --preamble | grep -E '^\| all|^WRONG|texts in'
