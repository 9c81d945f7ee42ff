//! Licence facts: licence texts matched during the walk, SPDX headers and copyright lines at the
//! top of source files, licences declared by manifests, and the project licence when the
//! evidence agrees.
//!
//! The walk feeds candidate files to the [`LicenseScanner`](scanner::LicenseScanner) (licence
//! files, the root README's licence section, the first [`HEADER_BYTES`](scanner::HEADER_BYTES)
//! of source files); each file's findings land in [`FileScan::licenses`](crate::facts::scan::FileScan).
//! After the walk, [`collect`] reads the manifests the walk kept and derives [`LicenseFacts`].

pub mod declared;
pub mod distribution;
pub mod expr;
mod index;
mod list_texts;
pub mod notices;
pub mod scanner;
pub mod statement;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use declared::Declared;
pub use expr::Parsed;

use crate::facts::{FileFacts, FileKind, Warning};

/// A licence recognised in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedLicense {
    /// The SPDX id (or a `WITH` expression for old exception ids).
    pub spdx: String,
    /// Similarity to the reference text, 0–1, rounded to three decimals.
    pub confidence: f32,
}

/// What a licence text (a licence file, a README licence section) matched.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextMatch {
    /// Licences found, each above the confidence floor. Empty: unrecognised licence text.
    pub licenses: Vec<MatchedLicense>,
    /// An unrecognised text that is an ownership notice ("All rights reserved", "proprietary").
    pub proprietary_notice: bool,
    /// A standard licence text with terms of its own around it: not that licence.
    pub additional_terms: Option<AdditionalTerms>,
}

/// A standard licence text plus words of other terms: reported as unrecognised, never as the
/// standard licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdditionalTerms {
    /// The standard licences whose texts it contains (at least one).
    pub resembles: Vec<String>,
    /// How many words lie outside them (titles and copyright lines left out).
    pub words: usize,
}

impl TextMatch {
    /// The text as one SPDX expression (several licences in one file are all taken to apply).
    #[must_use]
    pub fn expression(&self) -> Option<String> {
        if self.licenses.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .licenses
            .iter()
            .map(|l| {
                if l.spdx.contains(' ') && self.licenses.len() > 1 {
                    format!("({})", l.spdx)
                } else {
                    l.spdx.clone()
                }
            })
            .collect();
        Some(parts.join(" AND "))
    }

    /// The lowest confidence among the licences found (0 when unrecognised).
    #[must_use]
    pub fn confidence(&self) -> f32 {
        self.licenses
            .iter()
            .map(|l| l.confidence)
            .reduce(f32::min)
            .unwrap_or(0.0)
    }
}

/// An `SPDX-License-Identifier:` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpdxHeader {
    /// The expression as written.
    pub expression: String,
    /// 1-based line.
    pub line: u32,
}

/// A copyright or "all rights reserved" statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ownership {
    /// 1-based line.
    pub line: u32,
    /// The statement (at most 120 characters).
    pub statement: String,
}

/// What the licence scanner found in one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LicenseScan {
    /// For licence files and the root README's licence section: what the text matched.
    pub text: Option<TextMatch>,
    /// For the README: the line of the licence section's heading.
    pub section_line: Option<u32>,
    /// `SPDX-License-Identifier:` lines at the top of a source file.
    pub spdx_headers: Vec<SpdxHeader>,
    /// The licence header at the top of a source file, when it matched the licence list.
    pub header: Vec<MatchedLicense>,
    /// The first ownership statement.
    pub ownership: Option<Ownership>,
}

/// Licence facts about the whole tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LicenseFacts {
    /// Whether licence facts were collected (the `licenses` check is enabled).
    pub collected: bool,
    /// Every licence declaration of every manifest, in path order.
    pub declared: Vec<Declared>,
    /// The project's licence as one SPDX expression, when the root licence files, the root
    /// manifests and the README agree.
    pub project: Option<String>,
    /// How the product is shipped, as inferred from the tree (library, command-line tool,
    /// server, web, mobile or desktop app), with the evidence.
    pub distribution: Option<distribution::Inferred>,
    /// Bundled third-party code listed by the inventories (`NOTICE`, third-party notices).
    pub bundled: Vec<notices::Listed>,
}

/// Folders whose content is third-party code kept in the repository (the path roles' list).
pub use crate::facts::roles::VENDOR_DIRS;

/// The vendored unit a path belongs to (`vendor/foo`, `node_modules/@scope/pkg`,
/// `src/third_party/lib`), or `None` for the project's own files.
#[must_use]
pub fn vendored_unit(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    let dirs = &parts[..parts.len().saturating_sub(1)];
    let i = dirs.iter().position(|d| VENDOR_DIRS.contains(d))?;
    let mut take = i + 1;
    if take < dirs.len() {
        take += 1;
        if dirs[i] == "node_modules" && dirs[i + 1].starts_with('@') && take < dirs.len() {
            take += 1;
        }
    }
    let len: usize = parts[..take].iter().map(|p| p.len()).sum::<usize>() + take - 1;
    Some(&path[..len])
}

/// Whether a licence file is a third-party inventory (a `NOTICE`, `LICENSE-THIRD-PARTY`,
/// `THIRD-PARTY-NOTICES.txt`): attributions of bundled code, not the product's licence.
#[must_use]
pub fn is_notice(file: &FileFacts) -> bool {
    notices::is_inventory_name(file.name())
}

/// The bundled code each third-party inventory of shipped code lists.
#[must_use]
pub fn bundled(files: &[FileFacts]) -> Vec<notices::Listed> {
    files
        .iter()
        .filter(|f| f.is(FileKind::LICENSE) && is_notice(f) && declares_shipped_code(f))
        .filter_map(|f| Some((f, f.text.as_deref()?)))
        .flat_map(|(f, text)| {
            notices::read_with(text, &scanner::common_license)
                .into_iter()
                .map(|entry| notices::Listed {
                    inventory: f.path.clone(),
                    entry,
                })
        })
        .collect()
}

/// Whether a file's licence statements are about code that ships: product code, its tests, and
/// vendored third-party code; not fixtures, documentation examples, generated code or build
/// output.
#[must_use]
pub fn declares_shipped_code(file: &FileFacts) -> bool {
    matches!(
        file.role,
        crate::facts::Role::Product | crate::facts::Role::Test | crate::facts::Role::Vendored
    )
}

/// Builds the licence matcher's tables and patterns now (see [`crate::facts::warm`]).
pub(crate) fn warm() {
    scanner::warm();
    statement::warm();
}

/// Reads the manifests' declarations and derives the project licence.
#[must_use]
pub fn collect(files: &[FileFacts], warnings: &mut Vec<Warning>) -> LicenseFacts {
    // A vendored tree has hundreds of manifests: read them side by side.
    let per_manifest: Vec<(Vec<Declared>, Vec<Warning>)> = files
        .par_iter()
        // Manifests of test fixtures and documentation examples declare licences of code the
        // company does not ship.
        .filter(|f| f.is(FileKind::MANIFEST) && declares_shipped_code(f))
        .map(|f| {
            let mut w = Vec::new();
            (declared::declarations(f, &mut w), w)
        })
        .collect();
    let mut declared = Vec::new();
    for (d, w) in per_manifest {
        declared.extend(d);
        warnings.extend(w);
    }
    let project = project_license(files, &declared);
    LicenseFacts {
        collected: true,
        declared,
        project,
        distribution: distribution::infer(files),
        bundled: bundled(files),
    }
}

/// The project licence, when the evidence at the root agrees:
/// - root manifests declare one expression (all the same), and every licence recognised in the
///   root licence files and the README belongs to it; or
/// - nothing is declared, and the root licence texts name one licence.
///
/// Anything else (two manifests that disagree, a licence file the declaration does not cover,
/// two licence files and no declaration saying how they combine) gives `None`.
#[must_use]
pub fn project_license(files: &[FileFacts], declared: &[Declared]) -> Option<String> {
    let from_evidence = project_license_from_texts(files, declared);
    let statements = root_statements(files);
    let mut exprs: Vec<String> = statements
        .iter()
        .map(statement::Statement::expression)
        .collect();
    exprs.sort();
    exprs.dedup();
    let project = from_evidence.or_else(|| {
        // No declaration and no single text: a statement (a pointer file, the README's licence
        // section) that names every licence text at the root says how they combine.
        let [one] = exprs.as_slice() else { return None };
        let fams = expr::families(one);
        let texts = root_text_ids(files);
        texts
            .iter()
            .flat_map(|t| expr::families(t))
            .all(|f| fams.contains(&f))
            .then(|| one.clone())
    })?;
    // "or (at your option) any later version" in a statement turns a GNU `-only` into
    // `-or-later`: the licence text alone cannot say which.
    let later: Vec<String> = statements
        .iter()
        .flat_map(|s| s.ids.iter())
        .filter(|id| id.ends_with("-or-later"))
        .cloned()
        .collect();
    let mut out = project;
    for id in later {
        let only = id.replace("-or-later", "-only");
        if out.split(' ').any(|part| part == only) {
            out = out
                .split(' ')
                .map(|part| if part == only { id.as_str() } else { part })
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    Some(out)
}

/// Whether a licence file is a short statement about the licensing rather than a licence text
/// (`COPYING`: "This project is dual-licensed under the Unlicense and MIT licenses."): the
/// matcher named no licence in it, it is short, and it names licences.
#[must_use]
pub fn pointer_statement(file: &FileFacts) -> Option<statement::Statement> {
    let matched = file.scan.licenses.text.as_ref()?;
    if !matched.licenses.is_empty() || !file.is(FileKind::LICENSE) || is_notice(file) {
        return None;
    }
    let text = file.text.as_deref()?;
    if text.split_whitespace().count() > 150 {
        return None;
    }
    statement::read(text)
}

/// Whether a licence file is a short pointer to licence texts beside it, by their names
/// (packaging's `LICENSE`: "either of the licenses found in LICENSE.APACHE or LICENSE.BSD"):
/// the matcher named no licence in it, it is short, and it names a licence file of its folder
/// whose text the matcher named.
#[must_use]
pub fn points_to_texts_beside(file: &FileFacts, files: &[FileFacts]) -> bool {
    let unnamed = file
        .scan
        .licenses
        .text
        .as_ref()
        .is_some_and(|t| t.licenses.is_empty());
    let Some(text) = file.text.as_deref() else {
        return false;
    };
    if !unnamed || is_notice(file) || text.split_whitespace().count() > 150 {
        return false;
    }
    let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
    files.iter().any(|other| {
        other.path != file.path
            && other.path.rsplit_once('/').map_or("", |(d, _)| d) == dir
            && other.is(FileKind::LICENSE)
            && other
                .scan
                .licenses
                .text
                .as_ref()
                .is_some_and(|t| !t.licenses.is_empty())
            && text.contains(other.name())
    })
}

/// Statements about the project's licence at the root: pointer files and the README's licence
/// section.
fn root_statements(files: &[FileFacts]) -> Vec<statement::Statement> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.depth() == 0) {
        if let Some(s) = pointer_statement(f) {
            out.push(s);
        } else if let (false, Some(line), Some(text)) = (
            f.is(FileKind::LICENSE),
            f.scan.licenses.section_line,
            f.text.as_deref(),
        ) {
            if let Some(s) = statement::read(&statement::readme_section(text, line)) {
                out.push(s);
            }
        }
    }
    out
}

/// The licences the root licence texts (and the README's section) matched.
fn root_text_ids(files: &[FileFacts]) -> Vec<String> {
    let mut text_ids: Vec<String> = Vec::new();
    for f in files.iter().filter(|f| f.depth() == 0) {
        let is_license_file = f.is(FileKind::LICENSE) && !is_notice(f);
        let is_readme = !f.is(FileKind::LICENSE) && f.scan.licenses.section_line.is_some();
        if !(is_license_file || is_readme) {
            continue;
        }
        if let Some(t) = &f.scan.licenses.text {
            for l in &t.licenses {
                if !text_ids.contains(&l.spdx) {
                    text_ids.push(l.spdx.clone());
                }
            }
        }
    }
    text_ids
}

/// The project licence from the root licence texts and the root manifests' declarations.
fn project_license_from_texts(files: &[FileFacts], declared: &[Declared]) -> Option<String> {
    let text_ids = root_text_ids(files);
    let text_families: Vec<String> = text_ids.iter().flat_map(|i| expr::families(i)).collect();
    // A manifest published nowhere (`npm init`'s `ISC` in a Rails application's tooling
    // manifest) speaks for no one where licence files do; without them, it is the evidence.
    let published = |manifest: &str| {
        files
            .iter()
            .find(|f| f.path == manifest)
            .is_none_or(|m| distribution::unpublished(m, files).is_none())
    };
    let root_declared = |published_only: bool| -> Vec<&str> {
        declared
            .iter()
            .filter(|d| !d.manifest.contains('/') && (!published_only || published(&d.manifest)))
            .filter_map(|d| d.expression.as_deref())
            .collect()
    };
    let mut exprs = root_declared(true);
    if exprs.is_empty() && text_families.is_empty() {
        exprs = root_declared(false);
    }
    exprs.sort_unstable();
    exprs.dedup();
    match exprs.as_slice() {
        [] => {}
        [one] => {
            let fams = expr::families(one);
            return text_families
                .iter()
                .all(|f| fams.contains(f))
                .then(|| (*one).to_owned());
        }
        _ => return None,
    }
    let mut fams = text_families.clone();
    fams.sort();
    fams.dedup();
    match fams.as_slice() {
        [_] => {
            // One licence family; several texts of it (COPYING and LICENSE) agree.
            let mut ids = text_ids;
            ids.sort();
            ids.dedup();
            (ids.len() == 1).then(|| ids.remove(0))
        }
        // Quirk: the LGPL is distributed as COPYING (the GPL) plus COPYING.LESSER (the LGPL's
        // additional permissions); together they mean the LGPL.
        [gpl, lgpl] if gpl == "GPL-3.0" && lgpl == "LGPL-3.0" => Some("LGPL-3.0-only".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_units() {
        assert_eq!(vendored_unit("vendor/foo/src/a.c"), Some("vendor/foo"));
        assert_eq!(vendored_unit("vendor/a.c"), Some("vendor"));
        assert_eq!(
            vendored_unit("web/node_modules/@scope/pkg/index.js"),
            Some("web/node_modules/@scope/pkg")
        );
        assert_eq!(
            vendored_unit("src/third_party/lib/x.h"),
            Some("src/third_party/lib")
        );
        assert_eq!(vendored_unit("src/vendor.rs"), None);
        assert_eq!(vendored_unit("src/main.rs"), None);
    }

    fn license_file(path: &str, ids: &[&str]) -> FileFacts {
        let mut f = FileFacts {
            path: path.into(),
            kind: crate::facts::classify::classify(path, None),
            ..FileFacts::default()
        };
        f.scan.licenses.text = Some(TextMatch {
            licenses: ids
                .iter()
                .map(|i| MatchedLicense {
                    spdx: (*i).into(),
                    confidence: 1.0,
                })
                .collect(),
            proprietary_notice: false,
            additional_terms: None,
        });
        f
    }

    fn decl(manifest: &str, value: &str) -> Declared {
        let f = FileFacts {
            path: manifest.into(),
            text: Some(format!("{{\"license\": \"{value}\"}}")),
            ..FileFacts::default()
        };
        declared::declarations(&f, &mut Vec::new()).remove(0)
    }

    #[test]
    fn project_licence_when_evidence_agrees() {
        let files = vec![
            license_file("LICENSE-APACHE", &["Apache-2.0"]),
            license_file("LICENSE-MIT", &["MIT"]),
        ];
        let d = vec![decl("package.json", "MIT OR Apache-2.0")];
        assert_eq!(
            project_license(&files, &d).as_deref(),
            Some("MIT OR Apache-2.0")
        );
        // Two texts and no declaration: how they combine is unknown.
        assert_eq!(project_license(&files, &[]), None);
        // A declaration the licence file contradicts.
        let d = vec![decl("package.json", "MIT")];
        assert_eq!(project_license(&files[..1], &d), None);
        // One text.
        assert_eq!(project_license(&files[1..], &[]).as_deref(), Some("MIT"));
        // A GPL text agrees with an or-later declaration.
        let gpl = vec![license_file("COPYING", &["GPL-3.0-only"])];
        let d = vec![decl("package.json", "GPL-3.0-or-later")];
        assert_eq!(
            project_license(&gpl, &d).as_deref(),
            Some("GPL-3.0-or-later")
        );
        // Nested manifests are not the project's declaration.
        let d = vec![decl("vendor/x/package.json", "GPL-3.0-only")];
        assert_eq!(project_license(&files[1..], &d).as_deref(), Some("MIT"));
        // Nor a manifest published nowhere (`npm init`'s `ISC` in an application's tooling
        // manifest); a published one that contradicts the text still leaves it unknown.
        let manifest = |text: &str| FileFacts {
            path: "package.json".into(),
            kind: crate::facts::classify::classify("package.json", Some("JSON")),
            text: Some(text.into()),
            ..FileFacts::default()
        };
        let agpl = license_file("LICENSE", &["AGPL-3.0-only"]);
        let tooling = manifest(
            r#"{"name": "app", "devDependencies": {"@biomejs/biome": "1"}, "license": "ISC"}"#,
        );
        let d = declared::declarations(&tooling, &mut Vec::new());
        assert_eq!(
            project_license(&[agpl.clone(), tooling], &d).as_deref(),
            Some("AGPL-3.0-only")
        );
        let published = manifest(r#"{"name": "app", "main": "index.js", "license": "ISC"}"#);
        let d = declared::declarations(&published, &mut Vec::new());
        assert_eq!(project_license(&[agpl, published], &d), None);
        // Without a licence file, a private package's declaration is the evidence there is.
        let private = manifest(r#"{"name": "app", "private": true, "license": "MIT"}"#);
        let d = declared::declarations(&private, &mut Vec::new());
        assert_eq!(project_license(&[private], &d).as_deref(), Some("MIT"));
    }

    fn readme(text: &str, section_line: u32) -> FileFacts {
        let mut f = FileFacts {
            path: "README.md".into(),
            kind: crate::facts::classify::classify("README.md", Some("Markdown")),
            text: Some(text.into()),
            ..FileFacts::default()
        };
        f.scan.licenses.section_line = Some(section_line);
        f
    }

    #[test]
    fn a_readme_statement_says_how_the_licence_texts_combine() {
        let files = vec![
            license_file("LICENSE-APACHE", &["Apache-2.0"]),
            license_file("LICENSE-MIT", &["MIT"]),
            readme(
                "# tool\n\nDoes things.\n\n## License\n\nLicensed under either of\n\n * Apache License, Version 2.0\n * MIT license\n\nat your option.\n",
                5,
            ),
        ];
        assert_eq!(
            project_license(&files, &[]).as_deref(),
            Some("Apache-2.0 OR MIT")
        );
        // A statement that leaves out a licence text at the root does not decide.
        let mut with_gpl = files.clone();
        with_gpl.push(license_file("COPYING", &["GPL-3.0-only"]));
        assert_eq!(project_license(&with_gpl, &[]), None);
    }

    #[test]
    fn or_later_wording_and_pointer_files() {
        let files = vec![
            license_file("COPYING", &["GPL-3.0-only"]),
            readme(
                "# tool\n\n## License\n\nThis program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n",
                3,
            ),
        ];
        assert_eq!(
            project_license(&files, &[]).as_deref(),
            Some("GPL-3.0-or-later")
        );
        // A three-line COPYING that points to the two licence files.
        let mut pointer = license_file("COPYING", &[]);
        pointer.text = Some(
            "This project is dual-licensed under the Unlicense and MIT licenses.\n\nYou may use this code under the terms of either license.\n".into(),
        );
        assert!(pointer_statement(&pointer).is_some());
        let files = vec![
            pointer,
            license_file("LICENSE-MIT", &["MIT"]),
            license_file("UNLICENSE", &["Unlicense"]),
        ];
        assert_eq!(
            project_license(&files, &[]).as_deref(),
            Some("Unlicense OR MIT")
        );
    }
}
