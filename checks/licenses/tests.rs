//! Pure tests of the evaluation over hand-built facts.

use super::*;
use crate::facts::classify::classify;
use crate::facts::licenses::{AdditionalTerms, MatchedLicense, Ownership, SpdxHeader, TextMatch};
use crate::facts::{Dependency, Ecosystem, RegistryInfo};

fn file(path: &str) -> FileFacts {
    FileFacts {
        path: path.into(),
        kind: classify(path, None),
        role: crate::facts::roles::role_of_path(path),
        ..FileFacts::default()
    }
}

fn licence(path: &str, ids: &[&str]) -> FileFacts {
    let mut f = file(path);
    f.scan.licenses.text = Some(TextMatch {
        licenses: ids
            .iter()
            .map(|i| MatchedLicense {
                spdx: (*i).into(),
                confidence: 0.99,
            })
            .collect(),
        proprietary_notice: false,
        additional_terms: None,
    });
    f
}

fn manifest(path: &str, text: &str) -> FileFacts {
    let mut f = file(path);
    f.text = Some(text.into());
    f
}

fn source(path: &str, spdx: Option<&str>) -> FileFacts {
    let mut f = FileFacts {
        path: path.into(),
        kind: classify(path, Some("C")),
        role: crate::facts::roles::role_of_path(path),
        language: Some("C"),
        ..FileFacts::default()
    };
    if let Some(e) = spdx {
        f.scan.licenses.spdx_headers.push(SpdxHeader {
            expression: e.into(),
            line: 1,
        });
    }
    f
}

fn facts(mut files: Vec<FileFacts>) -> RepoFacts {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut facts = RepoFacts::empty("t");
    let mut w = Vec::new();
    facts.licenses = crate::facts::licenses::collect(&files, &mut w);
    facts.files = files;
    facts
}

fn cfg(toml_text: &str) -> CheckConfig {
    CheckConfig {
        weight: 1.0,
        params: toml::from_str(toml_text).unwrap(),
        ..CheckConfig::default()
    }
}

fn eval(f: &RepoFacts, params: &str) -> Evaluation {
    Licenses.evaluate(f, &cfg(params))
}

fn find<'e>(e: &'e Evaluation, rule: &str) -> Vec<&'e Finding> {
    e.findings.iter().filter(|f| f.rule == rule).collect()
}

fn problems(e: &Evaluation) -> Vec<&str> {
    e.findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .map(|f| f.rule.as_ref())
        .collect()
}

#[test]
fn permissive_project_passes() {
    let f = facts(vec![
        licence("LICENSE", &["MIT"]),
        manifest("package.json", r#"{"license": "MIT"}"#),
    ]);
    let e = eval(&f, "");
    assert_eq!(problems(&e), Vec::<&str>::new());
    assert_eq!(e.score, Some(100));
    assert!(e.summary.contains("Project licence: MIT"), "{}", e.summary);
}

#[test]
fn nothing_anywhere_is_a_medium_finding_with_all_rights_reserved_advice() {
    let f = facts(vec![source("src/main.c", None)]);
    let e = eval(&f, "");
    let m = find(&e, "license-missing");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].severity, Severity::Medium);
    assert!(m[0].remediation.contains("All rights reserved"));
}

#[test]
fn an_ownership_notice_is_not_missing() {
    let mut notice = file("LICENSE");
    notice.scan.licenses.text = Some(TextMatch {
        licenses: vec![],
        proprietary_notice: true,
        additional_terms: None,
    });
    let e = eval(&facts(vec![notice]), "");
    assert!(find(&e, "license-missing").is_empty());
    assert!(find(&e, "license-text-unrecognized").is_empty());
    assert_eq!(find(&e, "project-proprietary").len(), 1);

    let mut src = source("src/a.c", None);
    src.scan.licenses.ownership = Some(Ownership {
        line: 2,
        statement: "Copyright 2024 Acme".into(),
    });
    let e = eval(&facts(vec![src]), "");
    assert!(find(&e, "license-missing").is_empty());
    assert_eq!(find(&e, "license-file-missing")[0].severity, Severity::Low);
}

#[test]
fn a_file_that_points_to_the_licence_files_is_no_unrecognised_text() {
    let mut pointer = licence("COPYING", &[]);
    pointer.text = Some(
        "This project is dual-licensed under the Unlicense and MIT licenses.\n\nYou may use this code under the terms of either license.\n"
            .into(),
    );
    let mut files = vec![
        pointer.clone(),
        licence("LICENSE-MIT", &["MIT"]),
        licence("UNLICENSE", &["Unlicense"]),
    ];
    let mut f = facts(files.clone());
    f.licenses.project = crate::facts::licenses::project_license(&f.files, &[]);
    let e = eval(&f, "");
    assert!(
        find(&e, "license-text-unrecognized").is_empty(),
        "{:?}",
        e.findings
    );
    assert_eq!(f.licenses.project.as_deref(), Some("Unlicense OR MIT"));
    // The same three lines without a licence name are an unrecognised text.
    files[0].text = Some("See the other files.\n".into());
    let e = eval(&facts(files), "");
    assert_eq!(find(&e, "license-text-unrecognized").len(), 1);
}

#[test]
fn unrecognised_text_is_reported_never_guessed() {
    let mut f = file("LICENSE");
    f.scan.licenses.text = Some(TextMatch::default());
    let e = eval(&facts(vec![f]), "");
    let u = find(&e, "license-text-unrecognized");
    assert_eq!(u.len(), 1);
    assert!(u[0].message.starts_with("Unrecognised licence text"));

    // A standard text, or two, with terms of their own: named, and said not to be them.
    let with_terms = |resembles: &[&str]| {
        let mut f = file("LICENSE");
        f.scan.licenses.text = Some(TextMatch {
            additional_terms: Some(AdditionalTerms {
                resembles: resembles.iter().map(|r| (*r).to_owned()).collect(),
                words: 44,
            }),
            ..TextMatch::default()
        });
        let e = eval(&facts(vec![f]), "");
        find(&e, "license-text-unrecognized")[0].message.clone()
    };
    assert!(
        with_terms(&["MIT"])
            .ends_with("contains the MIT text plus 44 words of other terms, so it is not MIT."),
        "{}",
        with_terms(&["MIT"])
    );
    assert!(with_terms(&["Apache-2.0", "MIT"])
        .contains("contains the Apache-2.0 and MIT texts plus 44 words of other terms"));
}

#[test]
fn declaration_contradicting_the_licence_file() {
    let f = facts(vec![
        licence("LICENSE", &["GPL-3.0-only"]),
        manifest("package.json", r#"{"license": "MIT", "main": "index.js"}"#),
    ]);
    let e = eval(&f, "");
    let m = find(&e, "license-declaration-mismatch");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].severity, Severity::High);
    assert_eq!(m[0].path.as_deref(), Some("package.json"));
    // A manifest published nowhere (`npm init`'s `ISC` in an application's tooling manifest,
    // a private package, a crate that is not published): low, and said why.
    for (path, text) in [
        (
            "package.json",
            r#"{"name": "app", "version": "1.0.0", "devDependencies": {"@biomejs/biome": "1"}, "license": "ISC"}"#,
        ),
        (
            "package.json",
            r#"{"private": true, "main": "index.js", "license": "ISC"}"#,
        ),
        (
            "Cargo.toml",
            "[package]\nname = \"app\"\nlicense = \"MIT\"\npublish = false\n",
        ),
    ] {
        let f = facts(vec![
            licence("LICENSE", &["AGPL-3.0-only"]),
            manifest(path, text),
        ]);
        let e = eval(&f, "");
        let m = find(&e, "license-declaration-mismatch");
        assert_eq!(m.len(), 1, "{text}");
        assert_eq!(m[0].severity, Severity::Low, "{text}");
        assert!(
            m[0].message.contains("published nowhere"),
            "{}",
            m[0].message
        );
    }
    // GPL text and an or-later declaration agree.
    let f = facts(vec![
        licence("COPYING", &["GPL-3.0-only"]),
        manifest("package.json", r#"{"license": "GPL-3.0-or-later"}"#),
    ]);
    assert!(find(&eval(&f, ""), "license-declaration-mismatch").is_empty());
}

#[test]
fn vendored_gpl_file_in_a_proprietary_product_by_distribution_model() {
    let mut notice = file("LICENSE");
    notice.scan.licenses.text = Some(TextMatch {
        licenses: vec![],
        proprietary_notice: true,
        additional_terms: None,
    });
    let files = || {
        vec![
            notice.clone(),
            source("src/app.c", None),
            licence("vendor/readline/COPYING", &["GPL-3.0-only"]),
            source("vendor/readline/readline.c", None),
        ]
    };
    let e = eval(&facts(files()), "");
    let c = find(&e, "license-copyleft");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].severity, Severity::Medium);
    assert_eq!(c[0].path.as_deref(), Some("vendor/readline"));
    let e = eval(&facts(files()), "distribution = \"distributed\"");
    assert_eq!(find(&e, "license-copyleft")[0].severity, Severity::Critical);
    assert_eq!(e.status, Status::Fail);
    assert_eq!(find(&e, "vendored-code").len(), 1);
    // Allowed by configuration: no finding.
    let e = eval(&facts(files()), "allow = [\"GPL-3.0-only\"]");
    assert!(find(&e, "license-copyleft").is_empty());
}

#[test]
fn single_file_with_another_licence() {
    let f = facts(vec![
        licence("LICENSE", &["MIT"]),
        source("src/a.c", Some("MIT")),
        source("src/agpl.c", Some("AGPL-3.0-or-later")),
    ]);
    let e = eval(&f, "");
    let c = find(&e, "license-copyleft");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].path.as_deref(), Some("src/agpl.c"));
    assert_eq!(c[0].line, Some(1));
    assert_eq!(c[0].severity, Severity::Critical);
    assert_eq!(find(&e, "file-license").len(), 1);
}

fn dep(name: &str, license: Option<&str>, dev: bool, asked: bool) -> Dependency {
    Dependency {
        ecosystem: Ecosystem::Npm,
        name: name.into(),
        version: "1.0.0".into(),
        direct: true,
        dev,
        manifest: "package-lock.json".into(),
        license: license.map(str::to_owned),
        registry: asked.then(RegistryInfo::default),
        hashes: Vec::new(),
    }
}

#[test]
fn dependency_licences_rolled_up_and_judged() {
    let mut f = facts(vec![licence("LICENSE", &["MIT"])]);
    f.dependencies = vec![
        dep("a", Some("MIT"), false, false),
        dep("b", Some("MIT"), false, false),
        dep("c", Some("AGPL-3.0-only"), false, false),
        dep("d", Some("GPL-3.0-only"), true, false),
        dep("e", None, false, true),
        dep("f", None, false, false),
        dep("g", Some("BUSL-1.1"), false, false),
    ];
    let e = eval(&f, "");
    let copyleft = find(&e, "license-copyleft");
    assert_eq!(copyleft.len(), 2);
    assert!(copyleft
        .iter()
        .any(|c| c.severity == Severity::Critical && c.message.contains(" c ")));
    assert!(copyleft
        .iter()
        .any(|c| c.severity == Severity::Info && c.message.contains("development only")));
    assert_eq!(find(&e, "dependency-license-missing").len(), 1);
    assert_eq!(find(&e, "dependency-license-unknown").len(), 1);
    assert_eq!(
        find(&e, "license-noncommercial")[0].severity,
        Severity::High
    );
    let rollup = find(&e, "dependency-licenses");
    assert!(
        rollup[0].message.contains("MIT: 2"),
        "{}",
        rollup[0].message
    );
    // Registry licence used when the package did not say.
    let mut d = dep("h", None, false, true);
    d.registry = Some(RegistryInfo {
        license: Some("SSPL-1.0".into()),
        ..RegistryInfo::default()
    });
    f.dependencies = vec![d];
    let e = eval(&f, "");
    assert_eq!(find(&e, "license-copyleft").len(), 1);
}

#[test]
fn deny_list_wins() {
    let mut f = facts(vec![licence("LICENSE", &["MIT"])]);
    f.dependencies = vec![dep("a", Some("ISC"), false, false)];
    let e = eval(&f, "deny = [\"ISC\"]");
    assert_eq!(find(&e, "license-denied").len(), 1);
}

#[test]
fn copyleft_project_may_use_copyleft() {
    let mut f = facts(vec![licence("COPYING", &["GPL-3.0-only"])]);
    f.dependencies = vec![dep("a", Some("GPL-2.0-or-later"), false, false)];
    let e = eval(&f, "");
    assert!(find(&e, "license-copyleft").is_empty());
}

#[test]
fn apache_notice_obligation_for_vendored_code() {
    let f = facts(vec![
        licence("LICENSE", &["MIT"]),
        licence("third_party/lib/LICENSE", &["Apache-2.0"]),
        file("third_party/lib/NOTICE"),
    ]);
    let e = eval(&f, "distribution = \"distributed\"");
    let n = find(&e, "notice-obligation");
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].severity, Severity::Low);
    assert_eq!(n[0].path.as_deref(), Some("third_party/lib/NOTICE"));
}

#[test]
fn invalid_params_are_an_error_not_a_crash() {
    let e = eval(&facts(vec![]), "distribution = \"cloud\"");
    assert_eq!(e.status, Status::Error);
}

#[test]
fn a_copyleft_licence_with_an_exception_is_described_by_its_exception() {
    let f = facts(vec![
        licence("LICENSE", &["MIT"]),
        source("src/a.c", Some("MIT")),
        source(
            "include/uapi/linux/stat.h",
            Some("GPL-2.0-only WITH Linux-syscall-note"),
        ),
        source("src/lgpl.c", Some("LGPL-2.1-only")),
    ]);
    let e = eval(&f, "");
    let c = find(&e, "license-copyleft");
    let at = |path: &str| {
        c.iter()
            .find(|f| f.path.as_deref() == Some(path))
            .unwrap_or_else(|| panic!("{path}: {c:?}"))
    };
    let header = at("include/uapi/linux/stat.h");
    assert!(
        header
            .message
            .contains("its exception (Linux-syscall-note) lets"),
        "{}",
        header.message
    );
    assert!(
        !header.message.contains("replaceable"),
        "{}",
        header.message
    );
    assert!(
        !header.remediation.contains("dynamically"),
        "{}",
        header.remediation
    );
    // A weak copyleft licence of its own keeps its own terms.
    let lgpl = at("src/lgpl.c");
    assert!(
        lgpl.message.contains("stay replaceable"),
        "{}",
        lgpl.message
    );
    assert!(
        lgpl.remediation.contains("dynamically"),
        "{}",
        lgpl.remediation
    );
}

/// Vendored packages are the folders inside a vendor folder: the vendor folder's own files
/// (a `.keep`, pip's `__init__.py` and `vendor.txt`) are no package of their own. A package's
/// licence may be stated rather than given as a text (the MPL's notice), or pointed to by name
/// (packaging's `LICENSE`: "either of the licenses found in LICENSE.APACHE or LICENSE.BSD").
#[test]
fn vendored_packages_and_their_stated_licences() {
    let with_text = |mut f: FileFacts, text: &str| {
        f.text = Some(text.into());
        f
    };
    let rails = facts(vec![
        file("vendor/.keep"),
        file("vendor/javascript/.keep"),
        file("vendor/javascript/d3.js"),
    ]);
    let e = eval(&rails, "");
    let unknown: Vec<Option<&str>> = find(&e, "vendored-license-unknown")
        .iter()
        .map(|f| f.path.as_deref())
        .collect();
    assert_eq!(unknown, [Some("vendor/javascript")]);

    let pip = facts(vec![
        file("src/pip/_vendor/__init__.py"),
        file("src/pip/_vendor/vendor.txt"),
        with_text(
            licence("src/pip/_vendor/certifi/LICENSE", &[]),
            "This package contains a modified version of ca-bundle.crt.\n\n***** BEGIN LICENSE BLOCK *****\nThis Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain one at http://mozilla.org/MPL/2.0/.\n***** END LICENSE BLOCK *****\n",
        ),
        file("src/pip/_vendor/certifi/core.py"),
        with_text(
            licence("src/pip/_vendor/packaging/LICENSE", &[]),
            "This software is made available under the terms of *either* of the licenses\nfound in LICENSE.APACHE or LICENSE.BSD. Contributions to this software is made\nunder the terms of *both* these licenses.\n",
        ),
        licence("src/pip/_vendor/packaging/LICENSE.APACHE", &["Apache-2.0"]),
        licence("src/pip/_vendor/packaging/LICENSE.BSD", &["BSD-2-Clause"]),
        file("src/pip/_vendor/packaging/version.py"),
    ]);
    let e = eval(&pip, "");
    assert!(
        find(&e, "vendored-license-unknown").is_empty(),
        "{:?}",
        find(&e, "vendored-license-unknown")
    );
    assert!(
        find(&e, "license-text-unrecognized").is_empty(),
        "{:?}",
        find(&e, "license-text-unrecognized")
    );
    let listed: Vec<&str> = find(&e, "vendored-code")
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed[0].contains("certifi/ under MPL-2.0"),
        "{}",
        listed[0]
    );
    assert!(
        listed[1].contains("packaging/ under Apache-2.0, BSD-2-Clause"),
        "{}",
        listed[1]
    );
}
