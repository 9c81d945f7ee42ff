//! The build script: the secrets rules (`checks/secrets/rules.toml`) as JSON, for the audit to
//! read at start-up in a quarter of the time TOML takes (the rules are read before the walk
//! starts, and each audit reads them once). The TOML stays the one source: the build fails on
//! a file that does not parse, and a test compares what both forms give.

use std::path::PathBuf;

fn main() {
    const RULES: &str = "checks/secrets/rules.toml";
    println!("cargo::rerun-if-changed={RULES}");
    let text = std::fs::read_to_string(RULES).unwrap_or_else(|e| panic!("{RULES}: {e}"));
    let rules: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{RULES}: {e}"));
    let json = serde_json::to_string(&rules).expect("TOML values are JSON values");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("rules.json"), json).expect("OUT_DIR is writable");
}
