# Shared by the benchmark scripts (sourced, from the repository root).

# private_binary DIR: builds the release binary and copies it to DIR/diligence, a private copy
# (a shared target directory may be rebuilt by another checkout while the benchmark runs).
private_binary() {
    cargo build --release --quiet --bin diligence
    cp "${CARGO_TARGET_DIR:-target}/release/diligence" "$1/diligence"
}

# The median of the numbers on standard input, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# only_checks BIN ID...: a configuration that disables every check of BIN but the ones named.
only_checks() {
    local bin=$1
    shift
    "$bin" checks --format json | python3 -c '
import json, sys
keep = set(sys.argv[1:])
ids = [c["id"] for c in json.load(sys.stdin)]
print("\n".join(f"[checks.{i}]\nenabled = false" for i in ids if i not in keep))
' "$@"
}
