//! Audit integrity: the audited repository cannot grade itself. A configuration inside the tree,
//! inline markers and baselines are shown, with the grade under the default policy; a malformed
//! configuration inside the tree does not stop the audit; the first page says what was not checked.

use std::path::Path;

use serde_json::Value;

use crate::common::{assert_status, bin, fixture, self_graded};

/// Audits with the tree's own configuration (no `--no-target-config`).
fn audit(dir: &Path, format: &str, extra: &[&str]) -> String {
    let out = bin()
        .args(["audit", "--offline", "--quiet", "--format", format])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    assert_status(&out, &[0]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_tree_that_allows_its_own_secrets_shows_the_default_policy_grade() {
    let tmp = tempfile::tempdir().unwrap();
    self_graded(tmp.path());
    let report: Value = serde_json::from_str(&audit(tmp.path(), "json", &[])).unwrap();
    let policy = &report["policy"];
    assert_eq!(policy["config"]["origin"], "target", "{policy}");
    let deviations = policy["deviations"].to_string();
    assert!(
        deviations.contains("check `tests` disabled"),
        "{deviations}"
    );
    assert!(
        deviations.contains("checks.secrets.allow_paths"),
        "{deviations}"
    );
    let suppressed = policy["suppressed"].as_array().unwrap();
    assert!(suppressed.len() > 10, "{}", suppressed.len());
    assert!(suppressed
        .iter()
        .all(|s| s["reason"].as_str().unwrap().contains("allow_paths")));
    // Every suppressed secret stays redacted.
    assert!(suppressed
        .iter()
        .filter_map(|s| s["evidence"].as_str())
        .all(|e| e.contains('*')));
    let default = policy["default_policy"]["overall"].as_f64().unwrap();
    let configured = report["score"]["overall"].as_f64().unwrap();
    assert!(
        default < configured - 10.0,
        "default {default} vs configured {configured}"
    );
    // The default-policy grade is the grade the auditor gets by refusing the tree's file.
    let refused: Value =
        serde_json::from_str(&audit(tmp.path(), "json", &["--no-target-config"])).unwrap();
    assert_eq!(policy["default_policy"]["grade"], refused["score"]["grade"]);
    assert_eq!(
        policy["default_policy"]["overall"],
        refused["score"]["overall"]
    );

    let md = audit(tmp.path(), "md", &[]);
    let first_page: String = md.lines().take(20).collect::<Vec<_>>().join("\n");
    assert!(
        first_page.contains(&format!(
            "**Under the default policy: grade {}",
            refused["score"]["grade"].as_str().unwrap()
        )),
        "{first_page}"
    );
    assert!(
        first_page.contains("the repository's own diligence.toml, written by the audited party"),
        "{first_page}"
    );
    // The first page as a reader sees it (the title names the temporary folder: left out).
    let head: String = md
        .split("\n| | |")
        .next()
        .unwrap()
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("self_graded_first_page", head);
    let strengths = md
        .split("## Strengths")
        .nth(1)
        .unwrap()
        .split("## ")
        .next()
        .unwrap();
    assert!(
        !strengths.contains("Hard-coded secrets"),
        "a check whose findings were suppressed is no strength: {strengths}"
    );
    assert!(md.contains("## Suppressed findings"));
    assert!(md.contains("not run: disabled by the repository's own configuration"));
}

#[test]
fn the_auditor_can_refuse_the_trees_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    self_graded(tmp.path());
    let report: Value =
        serde_json::from_str(&audit(tmp.path(), "json", &["--no-target-config"])).unwrap();
    assert_eq!(report["policy"]["config"]["origin"], "defaults");
    assert!(report["policy"]["default_policy"].is_null());
    assert!(report["policy"]["suppressed"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_malformed_configuration_inside_the_tree_is_ignored_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# app\n").unwrap();
    std::fs::write(
        tmp.path().join("diligence.toml"),
        "[checks.nope]\n[checks.documentation]\nweight = \"heavy\"\n",
    )
    .unwrap();
    let report: Value = serde_json::from_str(&audit(tmp.path(), "json", &[])).unwrap();
    let config = &report["policy"]["config"];
    assert_eq!(config["origin"], "ignored", "{config}");
    assert!(
        config["reason"]
            .as_str()
            .unwrap()
            .contains("unknown check `nope`"),
        "{config}"
    );
    assert!(report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "documentation"));
    let md = audit(tmp.path(), "md", &[]);
    assert!(
        md.contains("The repository's own diligence.toml was ignored"),
        "{md}"
    );
}

#[test]
fn offline_says_on_the_first_page_what_was_not_checked() {
    let md = audit(&fixture("startup-app"), "md", &["--no-target-config"]);
    let first_page: String = md.split("## Red flags").next().unwrap().to_owned();
    assert!(first_page.contains("**Not checked:**"), "{first_page}");
    assert!(
        first_page.contains("Known vulnerabilities in dependencies"),
        "{first_page}"
    );
    assert!(
        first_page.contains("registries were not asked how old each dependency is"),
        "{first_page}"
    );
    // A check the audit could not complete is not a strength.
    let strengths = md
        .split("## Strengths")
        .nth(1)
        .and_then(|rest| rest.split("## Scores").next())
        .expect("a strengths section");
    assert!(strengths.contains("Automated tests"), "{strengths}");
    assert!(!strengths.contains("Dependency freshness"), "{strengths}");
    let report: Value = serde_json::from_str(&audit(
        &fixture("startup-app"),
        "json",
        &["--no-target-config"],
    ))
    .unwrap();
    let areas: Vec<&str> = report["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["area"].as_str().unwrap())
        .collect();
    assert!(
        areas.contains(&"Known vulnerabilities in dependencies"),
        "{areas:?}"
    );
}

/// A configuration inside the tree may not make the audit read the auditor's own files: a
/// baseline or a vulnerability database outside the tree (an absolute path, `..`, or a symlink
/// that leads out) makes the file ignored, and the report says why.
#[test]
fn a_configuration_inside_the_tree_cannot_name_files_outside_it() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "[]").unwrap();
    let cases = [
        format!(
            "[checks.secrets]\nbaseline = \"{}\"\n",
            outside.path().join("secret.json").display()
        ),
        "[checks.secrets]\nbaseline = \"../../etc/hostname\"\n".to_owned(),
        format!("[osv]\ndatabase = \"{}\"\n", outside.path().display()),
        "[checks.secrets]\nbaseline = \"link/secret.json\"\n".to_owned(),
    ];
    for toml in cases {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("README.md"), "# app\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("link")).unwrap();
        std::fs::write(tmp.path().join("diligence.toml"), &toml).unwrap();
        let report: Value = serde_json::from_str(&audit(tmp.path(), "json", &[])).unwrap();
        let config = &report["policy"]["config"];
        assert_eq!(config["origin"], "ignored", "{toml}: {config}");
        assert!(
            config["reason"]
                .as_str()
                .unwrap()
                .contains("outside the audited tree"),
            "{config}"
        );
    }
    // A baseline inside the tree is fine.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# app\n").unwrap();
    std::fs::write(tmp.path().join("baseline.json"), "[]").unwrap();
    std::fs::write(
        tmp.path().join("diligence.toml"),
        "[checks.secrets]\nbaseline = \"baseline.json\"\n",
    )
    .unwrap();
    let report: Value = serde_json::from_str(&audit(tmp.path(), "json", &[])).unwrap();
    assert_eq!(report["policy"]["config"]["origin"], "target");
}
