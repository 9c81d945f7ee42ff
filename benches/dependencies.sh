#!/usr/bin/env bash
# Benchmark of the `dependencies` check: registry look-ups (cold and warm cache) on a generated
# codebase with 1,500 locked packages across three ecosystems, and parsing a 30 MB
# package-lock.json.
#
# The look-ups run against a local registry emulator (127.0.0.1) that serves generated answers
# in each registry's format after a fixed delay per answer (LATENCY_MS, default 150 ms, slower
# than what crates.io's index answers from here), so the figures are repeatable and no public
# registry is asked about 1,500 packages. With --real, it also audits this repository itself
# online (its own Cargo.lock, a few hundred crates) against the real crates.io index, to compare.
#
# Usage: benches/dependencies.sh [--real]      (needs python3 for the generator and emulator)
# Output: one line per figure; work files under bench-out/dependencies/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench-out/dependencies"
LATENCY_MS=${LATENCY_MS:-150}
PER_ECOSYSTEM=${PER_ECOSYSTEM:-500}
rm -rf "$OUT" && mkdir -p "$OUT"

cargo build --release --quiet --bin diligence --example parse_lockfile
PARSE="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/parse_lockfile"
cp "$PARSE" "$OUT/parse_lockfile"
PARSE="$OUT/parse_lockfile"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/diligence"
cp "$BIN" "$OUT/diligence"   # a private copy: a shared target dir may be rebuilt meanwhile
BIN="$OUT/diligence"

python3 - "$OUT" "$PER_ECOSYSTEM" <<'PY'
import json, os, sys, random
out, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
tree = os.path.join(out, "tree"); os.makedirs(tree)
answers = os.path.join(out, "answers"); os.makedirs(answers)
def ts(year, i):
    return f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00Z"
def save(path, text):
    p = os.path.join(answers, path.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w").write(text)
def versions(i):
    # 30 releases over 2015-2025, the one in use somewhere in the middle.
    return [f"{1 + k // 10}.{k % 10}.0" for k in range(30)]
# Cargo
lock = ["version = 4", "", "[[package]]", 'name = "bench"', 'version = "0.1.0"',
        "dependencies = [" + ", ".join(f'"bench-crate-{i}"' for i in range(0, n, 5)) + "]"]
for i in range(n):
    name = f"bench-crate-{i}"; vs = versions(i); used = vs[10 + i % 15]
    lock += ["", "[[package]]", f'name = "{name}"', f'version = "{used}"',
             'source = "registry+https://github.com/rust-lang/crates.io-index"']
    lines = [json.dumps({"name": name, "vers": v, "deps": [], "cksum": "00" * 32, "features": {},
                         "yanked": False, "pubtime": ts(2015 + k // 3, k)}) for k, v in enumerate(vs)]
    save(f"crates/be/nc/{name}", "\n".join(lines) + "\n")
open(os.path.join(tree, "Cargo.lock"), "w").write("\n".join(lock) + "\n")
# npm
pk = {"": {"name": "bench", "dependencies": {f"bench-pkg-{i}": "*" for i in range(0, n, 5)}}}
for i in range(n):
    name = f"bench-pkg-{i}"; vs = versions(i); used = vs[10 + i % 15]
    pk[f"node_modules/{name}"] = {"version": used, "license": "MIT"}
    doc = {"name": name, "dist-tags": {"latest": vs[-1]},
           "time": {v: ts(2015 + k // 3, k) for k, v in enumerate(vs)},
           "versions": {v: {"name": name, "version": v, "license": "MIT",
                            "description": "x" * 200, "dependencies": {"a": "^1.0.0"},
                            "dist": {"tarball": f"https://example.invalid/{name}-{v}.tgz", "integrity": "sha512-" + "A" * 86}}
                        for v in vs}}
    save(f"npm/{name}", json.dumps(doc))
json.dump({"name": "bench", "lockfileVersion": 3, "packages": pk}, open(os.path.join(tree, "package-lock.json"), "w"))
json.dump({"name": "bench", "dependencies": {f"bench-pkg-{i}": "*" for i in range(0, n, 5)}}, open(os.path.join(tree, "package.json"), "w"))
# PyPI (uv.lock)
uv = ["version = 1", 'requires-python = ">=3.12"', "", "[[package]]", 'name = "bench"', 'version = "0.1.0"',
      'source = { virtual = "." }', "dependencies = [" + ", ".join(f'{{ name = "bench-py-{i}" }}' for i in range(0, n, 5)) + "]"]
for i in range(n):
    name = f"bench-py-{i}"; vs = versions(i); used = vs[10 + i % 15]
    uv += ["", "[[package]]", f'name = "{name}"', f'version = "{used}"', 'source = { registry = "https://pypi.org/simple" }']
    doc = {"info": {"name": name, "license": "MIT", "license_expression": None},
           "releases": {v: [{"filename": f"{name}-{v}.tar.gz", "upload_time_iso_8601": ts(2015 + k // 3, k).replace("Z", ".000000Z"),
                             "yanked": False, "size": 1000, "digests": {"sha256": "0" * 64}}] for k, v in enumerate(vs)}}
    save(f"pypi/pypi/{name}/json", json.dumps(doc))
open(os.path.join(tree, "uv.lock"), "w").write("\n".join(uv) + "\n")

# A 30 MB package-lock.json (lockfile v3) on its own.
big = os.path.join(out, "big"); os.makedirs(big)
pk = {"": {"name": "big", "dependencies": {}}}
i = 0
while True:
    name = f"@scope-{i % 97}/package-number-{i}"
    pk[f"node_modules/{name}"] = {
        "version": f"{i % 13}.{i % 7}.{i % 5}",
        "resolved": f"https://registry.npmjs.org/{name}/-/package-number-{i}-{i % 13}.{i % 7}.{i % 5}.tgz",
        "integrity": "sha512-" + "".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(86)) + "==",
        "dev": i % 3 == 0, "license": "MIT",
        "dependencies": {f"dep-{j}": f"^{j}.0.0" for j in range(i % 4)},
        "engines": {"node": ">=14"},
    }
    if i % 10 == 0:
        pk[""]["dependencies"][name] = "*"
    i += 1
    if i % 1000 == 0 and len(json.dumps(pk)) > 30 * 1024 * 1024:
        break
json.dump({"name": "big", "lockfileVersion": 3, "requires": True, "packages": pk}, open(os.path.join(big, "package-lock.json"), "w"), indent=2)
json.dump({"name": "big"}, open(os.path.join(big, "package.json"), "w"))
print(f"generated: {3 * n} locked packages; big lockfile with {i} packages")
PY

# The registry emulator: serves answers/<path> after LATENCY_MS, 404 otherwise; stops itself
# after 15 minutes at most.
cat > "$OUT/emulator.py" <<'PY'
import http.server, os, sys, threading, time
root, latency = sys.argv[1], int(sys.argv[2]) / 1000
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        time.sleep(latency)
        p = os.path.join(root, self.path.lstrip("/").split("?")[0])
        if os.path.isfile(p):
            body = open(p, "rb").read(); code = 200
        else:
            body = b"not found"; code = 404
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/json")
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print(s.server_address[1], flush=True)
threading.Timer(900, s.shutdown).start()
s.serve_forever()
PY
python3 "$OUT/emulator.py" "$OUT/answers" "$LATENCY_MS" > "$OUT/port" &
EMU=$!
trap 'kill $EMU 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/port" ] && break; sleep 0.1; done
PORT=$(cat "$OUT/port")
cat > "$OUT/diligence.toml" <<TOML
[registries]
crates_io = "http://127.0.0.1:$PORT/crates"
npm = "http://127.0.0.1:$PORT/npm"
pypi = "http://127.0.0.1:$PORT/pypi"
TOML

now() { date +%s.%N; }
run() { # run NAME ARGS... → seconds
  local t0 t1; t0=$(now)
  "$BIN" audit --quiet --format json -o "$OUT/$1.json" --config "$OUT/diligence.toml" "${@:2}" >/dev/null 2>"$OUT/$1.err" || true
  t1=$(now); echo "$t1 - $t0" | bc
}

OFF=$(run offline "$OUT/tree" --offline)
COLD=$(run cold "$OUT/tree" --cache-dir "$OUT/cache")
WARM=$(run warm "$OUT/tree" --cache-dir "$OUT/cache")
WARM2=$(run warm2 "$OUT/tree" --cache-dir "$OUT/cache")
python3 - "$OUT" <<'PY'
import json, sys
r = json.load(open(f"{sys.argv[1]}/cold.json"))
deps = r["inventory"]["dependencies"]
known = sum(1 for d in deps if d["libyears"] is not None)
print(f"cold run: {len(deps)} dependencies, {known} with libyears")
PY
echo "audit offline (walk + parse + checks):       ${OFF} s"
echo "audit online, cold cache (latency ${LATENCY_MS} ms):  ${COLD} s  → look-ups add $(echo "$COLD - $OFF" | bc) s"
echo "audit online, warm cache:                    ${WARM} s / ${WARM2} s → cache adds $(echo "$WARM - $OFF" | bc) s / $(echo "$WARM2 - $OFF" | bc) s"

ls -l "$OUT/big/package-lock.json" | awk '{printf "big package-lock.json: %.1f MB\n", $5/1048576}'
for i in 1 2 3; do "$PARSE" "$OUT/big/package-lock.json"; done
for i in 1 2 3; do echo "whole audit offline of that tree, JSON report with every dependency (run $i): $(run big "$OUT/big" --offline) s"; done
python3 -c "import json; r=json.load(open('$OUT/big.json')); print('  dependencies listed:', len(r['inventory']['dependencies']))"

if [ "${1:-}" = "--real" ]; then
  # This repository's own dependencies against the real crates.io index, cold then warm.
  # Reports and cache go outside the audited tree (the engine refuses to write inside it).
  REAL=$(mktemp -d)
  t0=$(now); "$BIN" audit --quiet --format json -o "$REAL/cold.json" --no-target-config --cache-dir "$REAL/cache" "$ROOT" || true; t1=$(now)
  t2=$(now); "$BIN" audit --quiet --format json -o "$REAL/warm.json" --no-target-config --cache-dir "$REAL/cache" "$ROOT" || true; t3=$(now)
  t4=$(now); "$BIN" audit --quiet --format json -o "$REAL/off.json" --no-target-config --offline "$ROOT" || true; t5=$(now)
  N=$(python3 -c "import json; print(len(json.load(open('$REAL/cold.json'))['inventory']['dependencies']))")
  echo "real crates.io, this repository ($N crates): offline $(echo "$t5 - $t4" | bc) s, cold $(echo "$t1 - $t0" | bc) s, warm $(echo "$t3 - $t2" | bc) s"
  rm -rf "$REAL"
fi
