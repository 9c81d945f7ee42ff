//! The `licenses` check end to end, on the case trees in `checks/licenses/cases/`: the SPDX id of
//! every licence text, the project licence, and the findings.

use serde_json::Value;

use crate::common::{audit_json, check, repo_root, rules};

fn case(name: &str, extra: &[&str]) -> Value {
    audit_json(&repo_root().join("checks/licenses/cases").join(name), extra)
}

/// `(path, spdx)` of every licence file in the inventory.
fn files(report: &Value) -> Vec<(String, Option<String>)> {
    report["inventory"]["licenses"]["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["spdx"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn project(report: &Value) -> Option<&str> {
    report["inventory"]["licenses"]["project"].as_str()
}

/// Findings above `info`.
fn problems(report: &Value) -> Vec<String> {
    check(report, "licenses")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn one_text(name: &str, path: &str, spdx: &str) {
    let r = case(name, &[]);
    assert_eq!(
        files(&r),
        vec![(path.to_owned(), Some(spdx.to_owned()))],
        "{name}"
    );
    assert_eq!(project(&r), Some(spdx), "{name}");
    let conf = r["inventory"]["licenses"]["files"][0]["confidence"]
        .as_f64()
        .unwrap();
    assert!(conf >= 0.8, "{name}: confidence {conf}");
    assert_eq!(problems(&r), Vec::<String>::new(), "{name}");
    assert_eq!(check(&r, "licenses")["status"], "pass", "{name}");
}

#[test]
fn single_licence_texts_are_identified() {
    one_text("mit", "LICENSE", "MIT");
    one_text("bsd-2-clause", "LICENSE", "BSD-2-Clause");
    one_text("bsd-3-clause", "LICENSE", "BSD-3-Clause");
    one_text("isc", "LICENSE", "ISC");
    one_text("mpl-2.0", "LICENSE", "MPL-2.0");
    one_text("lgpl-2.1", "LICENSE", "LGPL-2.1-only");
    one_text("gpl-2.0", "COPYING", "GPL-2.0-only");
    one_text("gpl-3.0", "COPYING", "GPL-3.0-only");
    one_text("agpl-3.0", "LICENSE", "AGPL-3.0-only");
    one_text("unlicense", "UNLICENSE", "Unlicense");
}

#[test]
fn apache_with_its_notice() {
    let r = case("apache", &[]);
    let f = files(&r);
    assert!(
        f.contains(&("LICENSE".into(), Some("Apache-2.0".into()))),
        "{f:?}"
    );
    // The NOTICE is listed but is no licence and no finding.
    assert!(f.contains(&("NOTICE".into(), None)), "{f:?}");
    assert_eq!(project(&r), Some("Apache-2.0"));
    assert_eq!(problems(&r), Vec::<String>::new());
}

#[test]
fn dual_licence_from_two_files_and_a_manifest() {
    let r = case("dual-mit-apache", &[]);
    assert_eq!(
        files(&r),
        vec![
            ("LICENSE-APACHE".into(), Some("Apache-2.0".into())),
            ("LICENSE-MIT".into(), Some("MIT".into())),
        ]
    );
    assert_eq!(project(&r), Some("MIT OR Apache-2.0"));
    assert_eq!(problems(&r), Vec::<String>::new());
}

#[test]
fn rewrapped_markdown_mit_with_another_owner_and_a_preamble() {
    let r = case("rewrapped-mit", &[]);
    assert_eq!(files(&r), vec![("LICENSE.md".into(), Some("MIT".into()))]);
    assert_eq!(project(&r), Some("MIT"));
}

#[test]
fn licence_only_in_a_manifest() {
    let r = case("manifest-only", &[]);
    assert_eq!(files(&r), vec![]);
    assert_eq!(project(&r), Some("ISC"));
    assert!(!rules(check(&r, "licenses")).contains(&"license-missing".to_owned()));
}

#[test]
fn no_licence_anywhere() {
    let r = case("none", &[]);
    assert_eq!(project(&r), None);
    let c = check(&r, "licenses");
    let missing: Vec<&Value> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "license-missing")
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["severity"], "medium");
    assert!(missing[0]["remediation"]
        .as_str()
        .unwrap()
        .contains("All rights reserved"));
}

#[test]
fn proprietary_product_vendoring_a_gpl_file() {
    let r = case("proprietary-vendored-gpl", &[]);
    assert_eq!(project(&r), None);
    // The ownership notice is recognised as such, not as an unrecognised licence.
    assert_eq!(files(&r), vec![("LICENSE".into(), None)]);
    let c = check(&r, "licenses");
    let findings = c["findings"].as_array().unwrap();
    let copyleft: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "license-copyleft")
        .collect();
    assert_eq!(copyleft.len(), 1, "{findings:#?}");
    assert_eq!(copyleft[0]["path"], "vendor/getopt");
    assert_eq!(copyleft[0]["evidence"], "GPL-3.0-or-later");
    assert_eq!(copyleft[0]["severity"], "medium");
    assert!(rules(c).contains(&"project-proprietary".to_owned()));
    assert!(rules(c).contains(&"vendored-code".to_owned()));
    assert!(!rules(c).contains(&"license-text-unrecognized".to_owned()));
}

#[test]
fn distribution_model_from_the_config_raises_severity() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("diligence.toml");
    std::fs::write(&cfg, "[checks.licenses]\ndistribution = \"distributed\"\n").unwrap();
    let r = case(
        "proprietary-vendored-gpl",
        &["--config", cfg.to_str().unwrap()],
    );
    let c = check(&r, "licenses");
    let copyleft = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "license-copyleft")
        .expect("copyleft finding");
    assert_eq!(copyleft["severity"], "critical");
    assert_eq!(c["status"], "fail");
}

#[test]
fn invalid_config_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("diligence.toml");
    std::fs::write(
        &cfg,
        "[checks.licenses]\ndistribution = \"cloud\"\ndeny = [\"NotALicence\"]\n",
    )
    .unwrap();
    let out = crate::common::bin()
        .args([
            "audit",
            "--offline",
            "--quiet",
            "--no-target-config",
            "--config",
        ])
        .arg(&cfg)
        .arg(repo_root().join("checks/licenses/cases/mit"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("checks.licenses.distribution"), "{err}");
    assert!(err.contains("checks.licenses.deny"), "{err}");
}

/// A tree in a temp dir with one `LICENSE`.
fn with_license(text: &str) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("LICENSE"), text).unwrap();
    let r = audit_json(dir.path(), &[]);
    (dir, r)
}

#[test]
fn a_standard_text_with_added_terms_is_not_that_licence() {
    let mit =
        std::fs::read_to_string(repo_root().join("checks/licenses/cases/mit/LICENSE")).unwrap();
    let (_d, r) = with_license(&format!(
        "{mit}\nThe Software may not be used for commercial purposes without a separate written agreement with Example Corp.\n"
    ));
    assert_eq!(files(&r), vec![("LICENSE".into(), None)]);
    assert_eq!(project(&r), None);
    let c = check(&r, "licenses");
    let u = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "license-text-unrecognized")
        .expect("unrecognised");
    assert!(u["message"].as_str().unwrap().contains("plus"), "{u}");
    assert!(!rules(c).contains(&"license-missing".to_owned()));
}

#[test]
fn a_custom_licence_is_unrecognised_not_guessed() {
    let (_d, r) = with_license(
        "Acme Public Licence\n\nYou may read this code. You may run it for evaluation for thirty days. You may not redistribute it, sell it, host it for others or build competing products with it. Any breach ends these permissions immediately. The code comes with no warranty of any kind, and Acme is not liable for any damages arising from its use.\n",
    );
    assert_eq!(files(&r), vec![("LICENSE".into(), None)]);
    assert_eq!(problems(&r), vec!["license-text-unrecognized".to_owned()]);
}

/// Third-party inventories (a `LICENSE-THIRD-PARTY` with separator blocks, a Markdown table of
/// notices, an Apache `NOTICE`) are read as lists of bundled code: never the project's licence,
/// never an unrecognised licence; each entry listed with its line, a named copyleft licence
/// judged like vendored code, words that name no licence kept as written.
#[test]
fn third_party_notices_are_read_as_an_inventory_of_bundled_code() {
    let r = case("third-party-inventory", &[]);
    assert_eq!(project(&r), Some("MIT"));
    let inventory_files: Vec<&str> = r["inventory"]["licenses"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["inventory"] == true)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        inventory_files,
        ["LICENSE-THIRD-PARTY", "NOTICE", "THIRD-PARTY-NOTICES.md"]
    );
    let bundled: Vec<(String, String, String, u64)> = r["inventory"]["licenses"]["bundled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["inventory"].as_str().unwrap().to_owned(),
                b["name"].as_str().unwrap().to_owned(),
                b["license"]
                    .as_str()
                    .or(b["stated"].as_str().map(|_| "(as written)"))
                    .unwrap_or("-")
                    .to_owned(),
                b["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("LICENSE-THIRD-PARTY", "zlib", "Zlib", 4),
        ("LICENSE-THIRD-PARTY", "cJSON", "MIT", 9),
        ("LICENSE-THIRD-PARTY", "readline", "GPL-3.0-or-later", 15),
        ("LICENSE-THIRD-PARTY", "sqlite3", "(as written)", 18),
        ("NOTICE", "Jackson", "Apache-2.0", 7),
        ("THIRD-PARTY-NOTICES.md", "preact", "MIT", 5),
        ("THIRD-PARTY-NOTICES.md", "chart.js", "MIT", 6),
        ("THIRD-PARTY-NOTICES.md", "idna", "(as written)", 7),
    ]
    .map(|(i, n, l, line)| (i.to_owned(), n.to_owned(), l.to_owned(), line));
    assert_eq!(bundled, expected);
    // The one problem: GPL code bundled in a distributed MIT command-line tool, at its line.
    assert_eq!(problems(&r), ["license-copyleft"]);
    let copyleft = check(&r, "licenses")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "license-copyleft")
        .unwrap();
    assert!(
        copyleft["message"]
            .as_str()
            .unwrap()
            .contains("bundled readline 8.2"),
        "{copyleft}"
    );
    assert_eq!(copyleft["path"], "LICENSE-THIRD-PARTY");
    assert_eq!(copyleft["line"], 15);
    assert_eq!(
        rules(check(&r, "licenses"))
            .iter()
            .filter(|r| *r == "bundled-code")
            .count(),
        3
    );
    // A licence statement below the root (a logo's `assets/LICENSE.md`) names the licence of
    // its folder: listed, never an unrecognised licence text.
    let folder = check(&r, "licenses")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "file-license" && f["path"] == "assets/LICENSE.md")
        .expect("the folder's licence is listed");
    assert_eq!(folder["evidence"], "CC-BY-NC-ND-4.0");
}

/// A dependency whose licence only points to a file of the package (npm's `SEE LICENSE IN …`)
/// is "declared in a file, not checked": neither an unknown licence nor a finding to fix.
#[test]
fn a_dependency_licence_that_points_to_a_file_is_declared_not_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let integrity = "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQuNjfMw6LUkh8cZ6XkaW1Uf+dlHSQ3NJUQ6Q36UZmL1v+AA==";
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name":"pl","version":"1.0.0","license":"MIT","dependencies":{"left-pad":"1.3.0","@acme/ui":"2.0.0"}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("package-lock.json"),
        format!(
            r#"{{"name":"pl","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{{
"":{{"name":"pl","version":"1.0.0","license":"MIT","dependencies":{{"left-pad":"1.3.0","@acme/ui":"2.0.0"}}}},
"node_modules/left-pad":{{"version":"1.3.0","resolved":"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz","integrity":"{integrity}","license":"WTFPL"}},
"node_modules/@acme/ui":{{"version":"2.0.0","resolved":"https://registry.npmjs.org/@acme/ui/-/ui-2.0.0.tgz","integrity":"{integrity}","license":"SEE LICENSE IN LICENSE.md"}}}}}}"#
        ),
    )
    .unwrap();
    let r = audit_json(dir.path(), &[]);
    assert_eq!(problems(&r), Vec::<String>::new());
    let lic = check(&r, "licenses");
    let in_file = lic["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "dependency-license-in-file")
        .expect("the pointer is reported as declared in a file");
    assert!(
        in_file["message"]
            .as_str()
            .unwrap()
            .contains("@acme/ui 2.0.0 (SEE LICENSE IN LICENSE.md)"),
        "{in_file}"
    );
    assert!(
        lic["summary"]
            .as_str()
            .unwrap()
            .contains("declared in a file, not checked: 1"),
        "{}",
        lic["summary"]
    );
}
