//! Helpers shared by the integration tests.

// Not every test module uses every helper.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture directory under `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("fixtures").join(name)
}

/// The built binary.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_diligence"))
}

/// Runs `diligence audit PATH --offline --quiet --format json` plus `extra`, and parses stdout.
/// Panics with stderr when the exit status is not 0 or 1.
pub fn audit_json(path: &Path, extra: &[&str]) -> serde_json::Value {
    let out = bin()
        .args([
            "audit",
            "--offline",
            "--quiet",
            "--no-target-config",
            "--format",
            "json",
        ])
        .args(extra)
        .arg(path)
        .output()
        .expect("run diligence");
    assert_status(&out, &[0, 1]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Runs an audit in the given format and returns stdout as text.
pub fn audit_text(path: &Path, format: &str, extra: &[&str]) -> String {
    let out = bin()
        .args([
            "audit",
            "--offline",
            "--quiet",
            "--no-target-config",
            "--format",
            format,
        ])
        .args(extra)
        .arg(path)
        .output()
        .expect("run diligence");
    assert_status(&out, &[0, 1]);
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

/// Asserts the exit status is one of `codes`, showing stderr otherwise.
pub fn assert_status(out: &Output, codes: &[i32]) {
    let code = out.status.code().unwrap_or(-1);
    assert!(
        codes.contains(&code),
        "exit status {code}, expected one of {codes:?}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The check with this id in a JSON report.
pub fn check<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .expect("checks array")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in the report"))
}

/// The rule ids of a check's findings.
pub fn rules(check: &serde_json::Value) -> Vec<String> {
    check["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// insta settings that remove what changes from run to run: time, duration, version, absolute
/// paths.
pub fn redacted() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(repo_root().join("tests/snapshots"));
    s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[time]");
    s.add_filter(&regex_escape(&repo_root().display().to_string()), "[repo]");
    s.add_filter(
        &format!("diligence {}", regex_escape(env!("CARGO_PKG_VERSION"))),
        "diligence [version]",
    );
    s
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A copy of the leaky-secrets fixture whose own `diligence.toml` allows every secret and
/// disables the tests check.
pub fn self_graded(dir: &Path) {
    copy_dir(&fixture("leaky-secrets"), dir);
    std::fs::write(
        dir.join("diligence.toml"),
        "[checks.secrets]\nallow_paths = [\"**\"]\n\n[checks.tests]\nenabled = false\n",
    )
    .unwrap();
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let ft = entry.file_type().unwrap();
        let dest = to.join(entry.file_name());
        if ft.is_dir() {
            copy_dir(&entry.path(), &dest);
        } else if ft.is_file() {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
