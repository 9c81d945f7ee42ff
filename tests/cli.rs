//! The command line per the contract: exit codes 0/1/2, error lines, formats and outputs.

use crate::common::{assert_status, bin, fixture};

#[test]
fn a_missing_path_is_one_line_and_exit_2() {
    let out = bin()
        .args(["audit", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/definitely/not/here: no such file or directory"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_file_is_not_a_directory() {
    let out = bin()
        .args(["audit"])
        .arg(fixture("startup-app").join("README.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a directory"));
}

#[test]
fn fail_under_gates_on_the_score() {
    let run = |min: &str| {
        bin()
            .args([
                "audit",
                "--offline",
                "-q",
                "--format",
                "json",
                "--fail-under",
                min,
            ])
            .arg(fixture("docs-only"))
            .output()
            .unwrap()
    };
    let low = run("0");
    assert_status(&low, &[0]);
    let high = run("100");
    assert_status(&high, &[1]);
    assert!(String::from_utf8_lossy(&high.stderr).contains("below --fail-under 100"));
    // The report is still written when the gate fails.
    let report: serde_json::Value = serde_json::from_slice(&high.stdout).unwrap();
    assert!(report["score"]["overall"].as_f64().unwrap() < 100.0);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["audit", "--fail-under", "120", "."],
        vec!["audit", "--format", "pdf", "."],
        vec!["audit", "--format", "json", "--format", "md", "."],
        vec!["frobnicate"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn out_dir_gets_every_format() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "audit",
            "--offline",
            "-q",
            "--format",
            "json",
            "--format",
            "md",
            "--format",
            "html",
            "--format",
            "sarif",
            "--out-dir",
        ])
        .arg(out_dir.path())
        .arg(fixture("startup-app"))
        .output()
        .unwrap();
    assert_status(&out, &[0]);
    for name in ["report.json", "report.md", "report.html", "report.sarif"] {
        let text = std::fs::read_to_string(out_dir.path().join(name)).unwrap();
        assert!(!text.is_empty(), "{name}");
    }
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("report.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn one_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let out = bin()
        .args(["audit", "--offline", "-q", "-f", "json", "-o"])
        .arg(&file)
        .arg(fixture("docs-only"))
        .output()
        .unwrap();
    assert_status(&out, &[0]);
    assert!(out.stdout.is_empty());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
}

#[test]
fn never_writes_inside_the_audited_tree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x").unwrap();
    for flag in ["-o", "--out-dir"] {
        let inside = dir.path().join("sub/../report.json");
        let out = bin()
            .args(["audit", "--offline", "-q", "-f", "json", flag])
            .arg(&inside)
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr)
            .contains("refusing to write inside the audited tree"));
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.txt"]);
}

#[test]
fn config_errors_name_the_key_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("d.toml");
    std::fs::write(&cfg, "[checks.documentation]\nwieght = 2\n").unwrap();
    let out = bin()
        .args(["audit", "--offline", "-q", "--config"])
        .arg(&cfg)
        .arg(fixture("docs-only"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wieght"), "{err}");
}

#[test]
fn config_disables_and_reweights_checks() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("d.toml");
    std::fs::write(
        &cfg,
        "[checks.documentation]\nweight = 1.5\n[checks.tests]\nenabled = false\n",
    )
    .unwrap();
    let out = bin()
        .args(["audit", "--offline", "-q", "-f", "json", "--config"])
        .arg(&cfg)
        .arg(fixture("docs-only"))
        .output()
        .unwrap();
    assert_status(&out, &[0]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<_> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"tests"));
    assert_eq!(
        crate::common::check(&report, "documentation")["weight"],
        1.5
    );
    assert_eq!(
        report["scope"]["disabled_checks"],
        serde_json::json!(["tests"])
    );
}

#[test]
fn target_config_is_read_unless_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("diligence.toml"),
        "[checks.documentation]\nenabled = false\n",
    )
    .unwrap();
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = bin()
            .args(["audit", "--offline", "-q", "-f", "json"])
            .args(extra)
            .arg(dir.path())
            .output()
            .unwrap();
        assert_status(&out, &[0]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let with = run(&[]);
    assert!(with["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != "documentation"));
    let without = run(&["--no-target-config"]);
    assert!(without["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "documentation"));
}

#[test]
fn checks_lists_the_catalogue() {
    let out = bin().arg("checks").output().unwrap();
    assert_status(&out, &[0]);
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "tests",
        "dependencies",
        "secrets",
        "ci",
        "licenses",
        "documentation",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(id)),
            "{id} missing:\n{text}"
        );
    }
    let out = bin().args(["checks", "--format", "json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &list[0];
    for key in ["id", "title", "category", "weight", "looks_at"] {
        assert!(!first[key].is_null(), "{key}");
    }
}

#[test]
fn help_teaches() {
    let out = bin().args(["audit", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--format",
        "--out-dir",
        "--offline",
        "--config",
        "--fail-under",
        "--jobs",
        "--quiet",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
    let out = bin().arg("--help").output().unwrap();
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Exit status"));
}
