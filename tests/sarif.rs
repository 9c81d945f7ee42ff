//! SARIF output: valid against the official SARIF 2.1.0 JSON schema for every fixture, and
//! fingerprints that code-scanning tools can track across runs.

use serde_json::Value;

use crate::common::{audit_text, fixture, repo_root};

fn sarif_of(path: &std::path::Path) -> Value {
    serde_json::from_str(&audit_text(path, "sarif", &[])).expect("SARIF is JSON")
}

/// `ruleId` → `partialFingerprints` of every result, sorted.
fn fingerprints(sarif: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["partialFingerprints"].clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
    out
}

#[test]
fn two_audits_of_one_tree_give_the_same_fingerprints() {
    let path = fixture("leaky-secrets");
    let (a, b) = (sarif_of(&path), sarif_of(&path));
    let fa = fingerprints(&a);
    assert!(fa.len() > 10, "{fa:?}");
    assert_eq!(fa, fingerprints(&b));
    assert!(fa
        .iter()
        .all(|(_, f)| f["diligence/v1"].as_str().is_some_and(|s| s.len() == 16)));
}

#[test]
fn a_finding_moved_to_another_line_keeps_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deploy.sh");
    // A made-up AWS key id: the prefix and 16 base-32 characters (A–Z, 2–7), as AWS issues them.
    let key = format!("AKIA{}", "QX7RT2M4PZ6KV3WN");
    std::fs::write(&file, format!("export AWS_ACCESS_KEY_ID={key}\n")).unwrap();
    let before = sarif_of(dir.path());
    std::fs::write(
        &file,
        format!("#!/bin/sh\n# Deploy.\n\nexport AWS_ACCESS_KEY_ID={key}\n"),
    )
    .unwrap();
    let after = sarif_of(dir.path());
    let result = |sarif: &Value| -> Value {
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy.sh"
            })
            .cloned()
            .unwrap_or_else(|| panic!("no result for deploy.sh: {sarif:#}"))
    };
    let (b, a) = (result(&before), result(&after));
    assert_eq!(
        b["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert_eq!(
        a["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(b["partialFingerprints"], a["partialFingerprints"]);
    assert!(!serde_json::to_string(&a).unwrap().contains(&key));
}

/// Every fixture's SARIF validates against the official SARIF 2.1.0 schema
/// (tests/schemas/sarif-schema-2.1.0.json, vendored from the SARIF SDK; see tests/schemas/README.md).
#[test]
fn every_fixture_validates_against_the_sarif_schema() {
    let schema_path = repo_root().join("tests/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&schema_path) else {
        panic!("{} is missing", schema_path.display());
    };
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let mut fixtures: Vec<_> = std::fs::read_dir(repo_root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() > 10);
    for path in fixtures {
        let sarif = sarif_of(&path);
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: SARIF rejected by the schema:\n{}",
            path.display(),
            errors.join("\n")
        );
        assert_eq!(sarif["version"], "2.1.0");
    }
}

/// The vendored schema has teeth: a result without a message, or with an unknown level, fails.
#[test]
fn the_sarif_schema_rejects_broken_logs() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tests/schemas/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut sarif = sarif_of(&repo_root().join("fixtures/docs-only"));
    assert!(validator.is_valid(&sarif));
    sarif["runs"][0]["results"][0]["level"] = "catastrophic".into();
    assert!(!validator.is_valid(&sarif));
    sarif["runs"][0]["results"][0]["level"] = "note".into();
    sarif["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&sarif));
}
