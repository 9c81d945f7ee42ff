//! The `hygiene` and `code-health` checks end to end, on fixture codebases with known committed
//! artefacts and known code-health counts.

use serde_json::Value;

use crate::common::{audit_json, check, fixture};

/// (rule, path, line) of every finding of a check.
fn findings(c: &Value) -> Vec<(String, String, Option<u64>)> {
    c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64(),
            )
        })
        .collect()
}

fn f(rule: &str, path: &str, line: Option<u64>) -> (String, String, Option<u64>) {
    (rule.to_owned(), path.to_owned(), line)
}

#[test]
fn hygiene_finds_each_committed_artefact_with_its_path() {
    let report = audit_json(&fixture("hygiene-artefacts"), &[]);
    let c = check(&report, "hygiene");
    assert_eq!(c["category"], "process");
    assert_eq!(
        findings(c),
        vec![
            f("os-cruft-committed", ".DS_Store", None),
            f("env-file-committed", ".env", None),
            f("gitignore-entry-missing", ".gitignore", None),
            f("ide-file-committed", ".idea/workspace.xml", None),
            f("database-dump-committed", "db/dump.sql", None),
            f("generated-unmarked", "src/data.js", Some(2)),
            f("generated-unmarked", "static/app.min.js", None),
            f("artefact-folder-committed", "target", None),
            f("binary-committed", "tools/helper", None),
        ],
        "not reported: .env.example, db/001_init.sql, .vscode/settings.json, the vendored \
         jquery.min.js, src/gen/ (linguist-generated), src/proto.js (DO NOT EDIT header), and \
         node_modules/ (ignored by the fixture's .gitignore, so not committed)"
    );
    // 100 − 15 − 5 − 15 − 20 − 2×3 − 5 − 2 − 2
    assert_eq!(c["score"], 30);
    assert_eq!(c["status"], "fail");
    let target = &c["findings"].as_array().unwrap()[7];
    assert!(
        target["message"]
            .as_str()
            .unwrap()
            .contains("is committed: 2 files"),
        "{target}"
    );
}
