//! Path roles end to end: a tree whose tests, fixtures, documentation examples, vendored and
//! generated code must not be judged as the product, and a tracked file that `.gitignore` lists.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{audit_json, audit_text, check, fixture};

fn role_of<'a>(report: &'a Value, role: &str) -> &'a Value {
    report["scope"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == role)
        .unwrap_or_else(|| panic!("no {role} role in {}", report["scope"]["roles"]))
}

fn folders(role: &Value) -> Vec<(String, String)> {
    role["top_folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_scope_says_whose_code_each_folder_is() {
    let report = audit_json(&fixture("roles-mixed"), &[]);
    assert_eq!(role_of(&report, "product")["files"], 6);
    assert_eq!(role_of(&report, "test")["files"], 1);
    assert_eq!(
        folders(role_of(&report, "generated")),
        vec![(
            "src".to_owned(),
            "a \"generated, do not edit\" header".to_owned()
        )]
    );
    let vendored = folders(role_of(&report, "vendored"));
    assert!(
        vendored.contains(&(
            "web/legacy".to_owned(),
            ".gitattributes: linguist-vendored".to_owned()
        )),
        "{vendored:?}"
    );
    assert!(
        vendored.iter().any(|(p, _)| p == "vendor/zlib"),
        "{vendored:?}"
    );
    let fixtures = folders(role_of(&report, "fixture"));
    assert_eq!(fixtures[0].0, "tests/fixtures/app", "{fixtures:?}");
    let docs = folders(role_of(&report, "docs"));
    assert!(docs.iter().any(|(p, _)| p == "examples/demo"), "{docs:?}");
}

#[test]
fn hygiene_lists_fixture_artefacts_apart_and_does_not_count_them() {
    let report = audit_json(&fixture("roles-mixed"), &[]);
    let c = check(&report, "hygiene");
    assert_eq!(c["score"], 100, "{c}");
    let outside: Vec<(&str, &str, &str)> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["role"].as_str().unwrap_or("product"),
            )
        })
        .collect();
    assert_eq!(
        outside,
        vec![
            ("archive-committed", "tests/data/sample.gz", "fixture"),
            (
                "artefact-folder-committed",
                "tests/fixtures/app/node_modules",
                "fixture"
            ),
        ]
    );
    assert!(c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["severity"] == "info"));
    // The minified-looking vendored file has a 1,600-character line and no marker: vendored
    // code is not the company's to mark.
    assert!(!c.to_string().contains("web/legacy"));
}

#[test]
fn code_health_and_licences_judge_the_product_only() {
    let report = audit_json(&fixture("roles-mixed"), &[]);
    let health = check(&report, "code-health");
    let rules = crate::common::rules(health);
    // The example duplicates a product file and has a 130-line function; the generated table
    // has a 150-line function: none of them is the product's.
    assert!(!rules.iter().any(|r| r == "duplicate-files"), "{rules:?}");
    assert!(!rules.iter().any(|r| r == "long-function"), "{rules:?}");
    assert!(
        health["summary"]
            .as_str()
            .unwrap()
            .contains("in 2 source files"),
        "{}",
        health["summary"]
    );
    let licenses = check(&report, "licenses");
    assert!(
        !licenses.to_string().contains("tests/fixtures"),
        "a fixture's licence text and its node_modules are test input: {licenses}"
    );
    assert!(licenses.to_string().contains("vendor/zlib"));
}

#[test]
fn markdown_lists_findings_outside_the_product_apart() {
    let md = audit_text(&fixture("roles-mixed"), "md", &[]);
    assert!(
        md.contains("2 outside the product (tests, fixtures, docs, vendored or generated code)"),
        "{md}"
    );
    assert!(
        md.contains("| fixture | 6 |"),
        "the scope table counts the fixture files: {md}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_tracked_file_that_gitignore_lists_is_part_of_the_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join(".gitignore"), "Cargo.lock\n*.log\n").unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dependencies]\nitoa = \"1\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"itoa\"]\n\n[[package]]\nname = \"itoa\"\nversion = \"1.0.11\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("debug.log"), "not tracked, ignored\n").unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", ".gitignore", "Cargo.toml"]);
    git(dir, &["add", "-f", "Cargo.lock"]);
    git(dir, &["commit", "-q", "-m", "init"]);
    let report = audit_json(dir, &[]);
    let lockfiles = &report["inventory"]["classified"]["lockfiles"];
    assert_eq!(lockfiles, &serde_json::json!(["Cargo.lock"]), "{report}");
    let deps: Vec<&str> = report["inventory"]["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["manifest"].as_str().unwrap())
        .collect();
    assert_eq!(deps, vec!["Cargo.lock"]);
    // An ignored file that git does not track stays out.
    assert!(!report.to_string().contains("debug.log"));
}

#[test]
fn a_doc_folder_that_is_a_go_package_keeps_its_tests() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("doc")).unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/cli\n\ngo 1.22\n").unwrap();
    std::fs::write(dir.join("cli.go"), "package cli\n\nfunc Run() {}\n").unwrap();
    std::fs::write(
        dir.join("doc/man.go"),
        "package doc\n\n// Man writes man pages.\nfunc Man() string { return \"\" }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("doc/man_test.go"),
        "package doc\n\nimport \"testing\"\n\nfunc TestMan(t *testing.T) {}\n\nfunc TestManEmpty(t *testing.T) {}\n",
    )
    .unwrap();
    std::fs::write(dir.join("doc/README.md"), "# doc\n\nMan pages.\n").unwrap();
    let report = audit_json(dir, &[]);
    let go = report["inventory"]["tests"]["per_language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == "Go")
        .cloned()
        .unwrap();
    assert_eq!(go["test_cases"], 2, "{go}");
    let product = folders(role_of(&report, "product"));
    assert!(product.iter().any(|(p, _)| p == "doc"), "{product:?}");
}
