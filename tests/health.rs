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
            f("artefact-folder-committed", "target", None),
            f("binary-committed", "tools/helper", None),
        ],
        "not reported: .env.example, db/001_init.sql, .vscode/settings.json, src/Shop.snk (a \
         strong-name key: the secrets check names it), the vendored \
         jquery.min.js, static/app.min.js (minified by its name: generated), src/gen/ \
         (linguist-generated), src/proto.js (DO NOT EDIT header), and node_modules/ (ignored by \
         the fixture's .gitignore, so not committed)"
    );
    // 100 − 15 − 5 − 15 − 20 − 3 − 5 − 2 − 2
    assert_eq!(c["score"], 33);
    assert_eq!(c["status"], "fail");
    let target = &c["findings"].as_array().unwrap()[6];
    assert!(
        target["message"]
            .as_str()
            .unwrap()
            .contains("is committed: 2 files"),
        "{target}"
    );
}

#[test]
fn code_health_counts_on_a_rust_python_go_codebase() {
    let report = audit_json(&fixture("health-polyglot"), &[]);
    let c = check(&report, "code-health");
    assert_eq!(c["category"], "quality");
    // Rust: `unwrap` + `expect` in `port`, `panic!` in `crunch`; the test module and tests/it.rs
    // are left out. unsafe: `peek` and its block. Markers: TODO+FIXME (lib.rs), TODO+HACK
    // (service.py), XXX (main.go); vendor/ is left out. Functions: 4 Rust + 6 Python + 2 Go.
    assert_eq!(
        c["summary"],
        "288 lines of code in 6 source files; 2 % comments; 5 TODO/FIXME/HACK/XXX markers \
         (17.4 per 1,000 lines); 2 functions of 100+ lines out of 12 measured; 1 duplicated \
         file (3.8 % of the code); Rust: 2 unsafe blocks/fns/impls and 1 todo!/unimplemented! \
         outside tests, 3 unwraps/expects/panics (19.7 per 1,000 lines), 1 #[allow]."
    );
    assert_eq!(
        findings(c),
        vec![
            f("long-function", "app/service.py", Some(4)),
            f("work-markers", "app/service.py", Some(5)),
            f("duplicate-files", "app/strings_copy.py", None),
            f("work-markers", "cmd/server/main.go", Some(5)),
            f("long-function", "src/engine.rs", Some(4)),
            f("rust-panics", "src/engine.rs", Some(122)),
            f("work-markers", "src/lib.rs", Some(10)),
            f("rust-panics", "src/lib.rs", Some(11)),
            f("rust-unsafe", "src/lib.rs", Some(19)),
            f("rust-todo", "src/lib.rs", Some(28)),
        ]
    );
    let messages: Vec<&str> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages[0], "`handler` is 104 lines long.");
    assert_eq!(messages[4], "`crunch` is 122 lines long.");
    assert_eq!(
        messages[7],
        "`src/lib.rs` has 2 possible panics outside tests (1 unwrap(), 1 expect(), 0 panic!/unreachable!)."
    );
    // 100 − 10 (markers) − 10 (long functions) − 5 (duplicates) − 20 (panics) − 5 (todo!)
    // − 5 (unsafe density)
    assert_eq!(c["score"], 45);
}
