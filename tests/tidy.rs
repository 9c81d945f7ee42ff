//! Tidy: the check registry matches the `checks/` folders, ids and codes are unique, every
//! `check.toml` parses, every module has a `//!` doc, and the README's checks table is current.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use diligence::check::CheckMeta;

use crate::common::repo_root;

fn check_folders() -> BTreeSet<String> {
    fs::read_dir(repo_root().join("checks"))
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            (e.file_type().unwrap().is_dir() && e.path().join("check.toml").exists())
                .then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect()
}

#[test]
fn registry_matches_the_check_folders() {
    let registered: BTreeSet<String> = diligence::checks::ALL
        .iter()
        .map(|c| c.meta().id.replace('-', "_"))
        .collect();
    assert_eq!(
        registered,
        check_folders(),
        "every checks/<slug>/ must be registered in checks/mod.rs, and vice versa"
    );
}

#[test]
fn every_check_toml_parses_and_names_its_folder() {
    for folder in check_folders() {
        let text = fs::read_to_string(repo_root().join("checks").join(&folder).join("check.toml"))
            .unwrap();
        let meta =
            CheckMeta::parse(&text).unwrap_or_else(|e| panic!("checks/{folder}/check.toml: {e}"));
        assert_eq!(meta.id.replace('-', "_"), folder);
        assert!(
            meta.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            meta.id
        );
        assert!(
            !meta.looks_at.is_empty() && !meta.rationale.is_empty() && !meta.remediation.is_empty()
        );
    }
}

#[test]
fn ids_and_codes_are_unique() {
    let mut ids = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for c in diligence::checks::ALL {
        assert!(
            ids.insert(c.meta().id.clone()),
            "duplicate id {}",
            c.meta().id
        );
        assert!(
            codes.insert(c.meta().code.clone()),
            "duplicate code {}",
            c.meta().code
        );
    }
    for required in ["tests", "dependencies", "secrets", "ci", "licenses"] {
        assert!(
            ids.contains(required),
            "the contract requires the check id {required}"
        );
    }
}

#[test]
fn every_module_has_a_doc_comment() {
    fn visit(dir: &Path, missing: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|n| n != "cases" && n != "snapshots")
                {
                    visit(&path, missing);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                if !text.trim_start().starts_with("//!") {
                    missing.push(path.display().to_string());
                }
            }
        }
    }
    let mut missing = Vec::new();
    for dir in ["src", "checks", "tests"] {
        visit(&repo_root().join(dir), &mut missing);
    }
    assert!(missing.is_empty(), "modules without a //! doc: {missing:?}");
}

/// The checks table between the README's markers, generated from the registry.
fn checks_table() -> String {
    let mut s =
        String::from("| Id | Code | Category | Weight | Looks at |\n|---|---|---|---:|---|\n");
    for c in diligence::checks::ALL {
        let m = c.meta();
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            m.id,
            m.code,
            m.category,
            m.default_weight(),
            m.looks_at
        ));
    }
    s
}

/// Regenerates the table in README.md; fails (after writing it) when it was out of date, so a
/// local run fixes it and CI catches a forgotten update.
#[test]
fn readme_checks_table_is_current() {
    let path = repo_root().join("README.md");
    let readme = fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- checks:begin -->\n", "<!-- checks:end -->");
    let start = readme
        .find(begin)
        .expect("README has <!-- checks:begin -->")
        + begin.len();
    let stop = readme.find(end).expect("README has <!-- checks:end -->");
    let expected = checks_table();
    if readme[start..stop] != expected {
        if std::env::var_os("CI").is_none() {
            fs::write(
                &path,
                format!("{}{expected}{}", &readme[..start], &readme[stop..]),
            )
            .unwrap();
        }
        panic!(
            "README.md's checks table was out of date{}",
            if std::env::var_os("CI").is_none() {
                "; it has been regenerated, commit it"
            } else {
                ""
            }
        );
    }
}
