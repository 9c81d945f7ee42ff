//! Declared licences: what the package manifests say, read from the text the walk kept.
//!
//! Cargo.toml (`license`, `license-file`), package.json (`license`, `licenses`), pyproject.toml
//! (`license`, `license-expression`, classifiers, Poetry), setup.cfg, setup.py (read as text,
//! never run), composer.json, `*.gemspec` (read as text), pom.xml and `*.csproj`. A manifest that
//! cannot be parsed is a warning, never an error.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::expr::{self, Parsed};
use crate::facts::{FileFacts, Warning};

/// One licence declaration in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declared {
    /// The manifest, relative to the target.
    pub manifest: String,
    /// The field it came from (`package.license`, `classifiers`, …).
    pub field: String,
    /// The value as written (trimmed, at most 200 characters).
    pub value: String,
    /// The canonical SPDX expression, when the value is one.
    pub expression: Option<String>,
    /// How the value was understood.
    pub parsed: Parsed,
    /// A licence file the manifest points to instead (`license-file`, `SEE LICENSE IN …`).
    pub file: Option<String>,
    /// The value says the package is proprietary (`UNLICENSED`, `Proprietary`, …).
    pub proprietary: bool,
}

impl Declared {
    fn new(manifest: &str, field: &str, value: &str) -> Self {
        let value: String = value.trim().chars().take(200).collect();
        let lower = value.to_ascii_lowercase();
        let proprietary = matches!(
            lower.as_str(),
            "unlicensed"
                | "proprietary"
                | "commercial"
                | "licenseref-proprietary"
                | "all rights reserved"
                | "other/proprietary license"
                | "license :: other/proprietary license"
        );
        let mapped = known_name(&lower);
        let parsed = match (proprietary, mapped) {
            (true, _) => expr::ParsedExpression {
                canonical: None,
                parsed: Parsed::Invalid,
            },
            (false, Some(id)) => expr::ParsedExpression {
                canonical: Some(id.to_owned()),
                parsed: if id == value {
                    Parsed::Strict
                } else {
                    Parsed::Lenient
                },
            },
            (false, None) => expr::parse(&value),
        };
        Declared {
            manifest: manifest.to_owned(),
            field: field.to_owned(),
            expression: parsed.canonical,
            parsed: parsed.parsed,
            value,
            file: None,
            proprietary,
        }
    }

    fn file(manifest: &str, field: &str, file: &str) -> Self {
        Declared {
            manifest: manifest.to_owned(),
            field: field.to_owned(),
            value: file.trim().chars().take(200).collect(),
            expression: None,
            parsed: Parsed::Invalid,
            file: Some(file.trim().to_owned()),
            proprietary: false,
        }
    }
}

/// Licence names that are not SPDX ids but say exactly which licence they mean: Python trove
/// classifiers and the names Maven POMs use. Keys are lowercase. Names that leave the version
/// open ("Apache Software License", "BSD License") are deliberately absent.
fn known_name(lower: &str) -> Option<&'static str> {
    let name = lower
        .strip_prefix("license :: osi approved :: ")
        .or_else(|| lower.strip_prefix("license :: "))
        .unwrap_or(lower);
    Some(match name {
        "mit license" | "the mit license" | "the mit license (mit)" => "MIT",
        "mit no attribution license (mit-0)" => "MIT-0",
        "isc license (iscl)" | "isc license" => "ISC",
        "the unlicense (unlicense)" => "Unlicense",
        "boost software license 1.0 (bsl-1.0)" => "BSL-1.0",
        "zlib/libpng license" => "Zlib",
        "mozilla public license 2.0 (mpl 2.0)"
        | "mozilla public license 2.0"
        | "mozilla public license, version 2.0" => "MPL-2.0",
        "eclipse public license 2.0 (epl-2.0)"
        | "eclipse public license - v 2.0"
        | "eclipse public license 2.0"
        | "eclipse public license v2.0" => "EPL-2.0",
        "eclipse public license 1.0 (epl-1.0)"
        | "eclipse public license - v 1.0"
        | "eclipse public license 1.0"
        | "eclipse public license v1.0" => "EPL-1.0",
        "the apache software license, version 2.0"
        | "apache license, version 2.0"
        | "apache license 2.0"
        | "apache software license 2.0"
        | "apache software license, version 2.0"
        | "apache 2.0"
        | "apache 2"
        | "apache-2.0" => "Apache-2.0",
        "bsd 3-clause license"
        | "new bsd license"
        | "revised bsd license"
        | "the bsd 3-clause license" => "BSD-3-Clause",
        "bsd 2-clause license" | "simplified bsd license" | "the bsd 2-clause license" => {
            "BSD-2-Clause"
        }
        "gnu general public license v2 (gplv2)" => "GPL-2.0-only",
        "gnu general public license v2 or later (gplv2+)" => "GPL-2.0-or-later",
        "gnu general public license v3 (gplv3)" => "GPL-3.0-only",
        "gnu general public license v3 or later (gplv3+)" => "GPL-3.0-or-later",
        "gnu lesser general public license v2 (lgplv2)" => "LGPL-2.0-only",
        "gnu lesser general public license v2 or later (lgplv2+)" => "LGPL-2.0-or-later",
        "gnu lesser general public license v3 (lgplv3)" => "LGPL-3.0-only",
        "gnu lesser general public license v3 or later (lgplv3+)" => "LGPL-3.0-or-later",
        "gnu lesser general public license, version 2.1" => "LGPL-2.1-only",
        "gnu affero general public license v3" => "AGPL-3.0-only",
        "gnu affero general public license v3 or later (agplv3+)" => "AGPL-3.0-or-later",
        "cc0 1.0 universal (cc0 1.0) public domain dedication" => "CC0-1.0",
        _ => return None,
    })
}

/// Every declaration in one manifest (whose text the walk kept).
pub fn declarations(file: &FileFacts, warnings: &mut Vec<Warning>) -> Vec<Declared> {
    let Some(text) = file.text.as_deref() else {
        return Vec::new();
    };
    let name = file.name().to_ascii_lowercase();
    let path = file.path.as_str();
    let mut warn = |what: &str, e: &dyn std::fmt::Display| {
        warnings.push(Warning {
            path: Some(path.to_owned()),
            message: format!("cannot read the licence of {what}: {e}"),
        });
    };
    match name.as_str() {
        "cargo.toml" => match toml::from_str::<CargoManifest>(text) {
            Ok(m) => cargo(path, m),
            Err(e) => {
                warn("Cargo.toml", &e);
                Vec::new()
            }
        },
        "package.json" | "composer.json" => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => json_manifest(path, &v),
            Err(e) => {
                warn(&name, &e);
                Vec::new()
            }
        },
        "pyproject.toml" => match toml::from_str::<toml::Table>(text) {
            Ok(t) => pyproject(path, &t),
            Err(e) => {
                warn("pyproject.toml", &e);
                Vec::new()
            }
        },
        "setup.cfg" => setup_cfg(path, text),
        "setup.py" => setup_py(path, text),
        "pom.xml" => pom(path, text),
        _ if name.ends_with(".gemspec") => gemspec(path, text),
        _ if name.ends_with(".csproj")
            || name.ends_with(".fsproj")
            || name.ends_with(".vbproj") =>
        {
            csproj(path, text)
        }
        _ => Vec::new(),
    }
}

/// The parts of a `Cargo.toml` that declare a licence (the rest is skipped, not built).
#[derive(serde::Deserialize)]
struct CargoManifest {
    package: Option<CargoLicence>,
    workspace: Option<CargoWorkspace>,
}

#[derive(serde::Deserialize)]
struct CargoWorkspace {
    package: Option<CargoLicence>,
}

#[derive(serde::Deserialize)]
struct CargoLicence {
    // Values, not strings: `license.workspace = true` is a table.
    license: Option<toml::Value>,
    #[serde(rename = "license-file")]
    license_file: Option<toml::Value>,
}

fn cargo(path: &str, m: CargoManifest) -> Vec<Declared> {
    let mut out = Vec::new();
    for (section, table) in [
        ("package", m.package),
        ("workspace.package", m.workspace.and_then(|w| w.package)),
    ] {
        let Some(table) = table else { continue };
        // `license.workspace = true` inherits `[workspace.package]`, read on its own.
        if let Some(l) = table.license.as_ref().and_then(toml::Value::as_str) {
            out.push(Declared::new(path, &format!("{section}.license"), l));
        }
        if let Some(f) = table.license_file.as_ref().and_then(toml::Value::as_str) {
            out.push(Declared::file(path, &format!("{section}.license-file"), f));
        }
    }
    out
}

/// package.json and composer.json: `license` as a string, an array (composer: either applies) or
/// an object; npm's old `licenses` array.
fn json_manifest(path: &str, v: &serde_json::Value) -> Vec<Declared> {
    let mut out = Vec::new();
    let as_name = |v: &serde_json::Value| -> Option<String> {
        v.as_str()
            .map(str::to_owned)
            .or_else(|| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
    };
    for field in ["license", "licenses"] {
        let Some(value) = v.get(field) else { continue };
        let names: Vec<String> = match value {
            serde_json::Value::Array(items) => items.iter().filter_map(as_name).collect(),
            other => as_name(other).into_iter().collect(),
        };
        if names.is_empty() {
            continue;
        }
        if let [one] = names.as_slice() {
            if let Some(file) = one
                .strip_prefix("SEE LICENSE IN ")
                .or_else(|| one.strip_prefix("SEE LICENCE IN "))
            {
                out.push(Declared::file(path, field, file));
                continue;
            }
        }
        let joined = if names.len() > 1 {
            names
                .iter()
                .map(|n| {
                    if n.contains(' ') {
                        format!("({n})")
                    } else {
                        n.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" OR ")
        } else {
            names[0].clone()
        };
        out.push(Declared::new(path, field, &joined));
    }
    out
}

fn pyproject(path: &str, t: &toml::Table) -> Vec<Declared> {
    let mut out = Vec::new();
    if let Some(project) = t.get("project").and_then(toml::Value::as_table) {
        match project.get("license") {
            Some(toml::Value::String(s)) => out.push(Declared::new(path, "project.license", s)),
            Some(toml::Value::Table(l)) => {
                if let Some(text) = l.get("text").and_then(toml::Value::as_str) {
                    out.push(Declared::new(path, "project.license.text", text));
                }
                if let Some(file) = l.get("file").and_then(toml::Value::as_str) {
                    out.push(Declared::file(path, "project.license.file", file));
                }
            }
            _ => {}
        }
        if let Some(s) = project
            .get("license-expression")
            .and_then(toml::Value::as_str)
        {
            out.push(Declared::new(path, "project.license-expression", s));
        }
        if let Some(classifiers) = project.get("classifiers").and_then(toml::Value::as_array) {
            out.extend(classifier_declarations(
                path,
                "project.classifiers",
                classifiers.iter().filter_map(toml::Value::as_str),
            ));
        }
    }
    if let Some(poetry) = t
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(toml::Value::as_table)
    {
        if let Some(l) = poetry.get("license").and_then(toml::Value::as_str) {
            out.push(Declared::new(path, "tool.poetry.license", l));
        }
        if let Some(classifiers) = poetry.get("classifiers").and_then(toml::Value::as_array) {
            out.extend(classifier_declarations(
                path,
                "tool.poetry.classifiers",
                classifiers.iter().filter_map(toml::Value::as_str),
            ));
        }
    }
    out
}

/// Licence trove classifiers: only those that name one licence exactly become declarations.
fn classifier_declarations<'a>(
    path: &str,
    field: &str,
    classifiers: impl Iterator<Item = &'a str>,
) -> Vec<Declared> {
    classifiers
        .filter(|c| c.trim_start().starts_with("License ::"))
        .filter_map(|c| {
            let lower = c.trim().to_ascii_lowercase();
            if lower == "license :: other/proprietary license" {
                return Some(Declared::new(path, field, "Proprietary"));
            }
            known_name(&lower).map(|_| Declared::new(path, field, c))
        })
        .collect()
}

/// `setup.cfg`: the `[metadata]` section's `license`, `license_expression` and classifiers.
fn setup_cfg(path: &str, text: &str) -> Vec<Declared> {
    let mut out = Vec::new();
    let mut in_metadata = false;
    let mut in_classifiers = false;
    let mut classifiers: Vec<&str> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_metadata = t.eq_ignore_ascii_case("[metadata]");
            in_classifiers = false;
            continue;
        }
        if !in_metadata || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if in_classifiers && indented {
            classifiers.push(t);
            continue;
        }
        in_classifiers = false;
        let Some((key, value)) = t.split_once(['=', ':']) else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase().replace('-', "_");
        let value = value.trim();
        match key.as_str() {
            "license" | "license_expression" if !value.is_empty() => {
                out.push(Declared::new(path, &format!("metadata.{key}"), value));
            }
            "license_file" if !value.is_empty() => {
                out.push(Declared::file(path, "metadata.license_file", value));
            }
            "classifiers" => {
                in_classifiers = true;
                if !value.is_empty() {
                    classifiers.push(value);
                }
            }
            _ => {}
        }
    }
    out.extend(classifier_declarations(
        path,
        "metadata.classifiers",
        classifiers.into_iter(),
    ));
    out
}

static SETUP_PY_LICENSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\blicense(?:_expression)?\s*=\s*(?:"([^"\n]+)"|'([^'\n]+)')"#)
        .expect("valid regex")
});
static QUOTED_CLASSIFIER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["'](License :: [^"'\n]+)["']"#).expect("valid regex"));

/// `setup.py`, read as text (it is never run): `license="…"` and licence classifiers.
fn setup_py(path: &str, text: &str) -> Vec<Declared> {
    let mut out: Vec<Declared> = SETUP_PY_LICENSE
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| Declared::new(path, "setup.license", m.as_str()))
        .collect();
    out.extend(classifier_declarations(
        path,
        "setup.classifiers",
        QUOTED_CLASSIFIER
            .captures_iter(text)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str()),
    ));
    out
}

static GEMSPEC_LICENSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\.licen[cs]es?\s*=\s*(\[[^\]]*\]|%w[\[(][^\])]*[\])]|"[^"\n]*"|'[^'\n]*')"#)
        .expect("valid regex")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'"#).expect("valid regex"));

/// `*.gemspec`, read as text (it is never run): `spec.license = "MIT"` or `spec.licenses = [..]`
/// (several mean the user may choose).
fn gemspec(path: &str, text: &str) -> Vec<Declared> {
    let mut out = Vec::new();
    for cap in GEMSPEC_LICENSE.captures_iter(text) {
        let Some(v) = cap.get(1) else { continue };
        let v = v.as_str();
        let names: Vec<String> = if let Some(words) = v.strip_prefix("%w") {
            words[1..words.len().saturating_sub(1)]
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        } else {
            QUOTED
                .captures_iter(v)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)))
                .map(|m| m.as_str().to_owned())
                .collect()
        };
        if !names.is_empty() {
            out.push(Declared::new(path, "spec.licenses", &names.join(" OR ")));
        }
    }
    out
}

static POM_LICENSE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<license>.*?<name>\s*(.*?)\s*</name>").expect("valid regex"));

/// `pom.xml`: the names under `<licenses>` (several mean the user may choose).
fn pom(path: &str, text: &str) -> Vec<Declared> {
    let Some(start) = text.find("<licenses>") else {
        return Vec::new();
    };
    let end = text[start..]
        .find("</licenses>")
        .map_or(text.len(), |e| start + e);
    let names: Vec<String> = POM_LICENSE_NAME
        .captures_iter(&text[start..end])
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut out: Vec<Declared> = Vec::new();
    let decls: Vec<Declared> = names
        .iter()
        .map(|n| Declared::new(path, "licenses.license.name", n))
        .collect();
    if decls.len() > 1 && decls.iter().all(|d| d.expression.is_some()) {
        let joined = decls
            .iter()
            .filter_map(|d| d.expression.clone())
            .collect::<Vec<_>>()
            .join(" OR ");
        out.push(Declared::new(path, "licenses.license.name", &joined));
    } else {
        out.extend(decls);
    }
    out
}

static CSPROJ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)<PackageLicense(Expression|File)>\s*(.*?)\s*</PackageLicense(?:Expression|File)>",
    )
    .expect("valid regex")
});

/// `*.csproj`: `<PackageLicenseExpression>` or `<PackageLicenseFile>`.
fn csproj(path: &str, text: &str) -> Vec<Declared> {
    CSPROJ
        .captures_iter(text)
        .filter_map(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str())))
        .map(|(kind, v)| {
            if kind == "File" {
                Declared::file(path, "PackageLicenseFile", v)
            } else {
                Declared::new(path, "PackageLicenseExpression", v)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;

    fn decls(path: &str, text: &str) -> Vec<Declared> {
        let file = FileFacts {
            path: path.into(),
            kind: classify(path, None),
            text: Some(text.into()),
            ..FileFacts::default()
        };
        let mut w = Vec::new();
        let out = declarations(&file, &mut w);
        assert!(w.is_empty(), "{w:?}");
        out
    }

    fn exprs(d: &[Declared]) -> Vec<Option<&str>> {
        d.iter().map(|d| d.expression.as_deref()).collect()
    }

    #[test]
    fn cargo_and_npm() {
        let d = decls(
            "Cargo.toml",
            "[package]\nname='a'\nlicense = \"MIT/Apache-2.0\"\nlicense-file = \"LICENSE\"\n",
        );
        assert_eq!(exprs(&d), vec![Some("MIT OR Apache-2.0"), None]);
        assert_eq!(d[0].parsed, Parsed::Lenient);
        assert_eq!(d[1].file.as_deref(), Some("LICENSE"));

        let d = decls(
            "package.json",
            r#"{"license": "UNLICENSED", "private": true}"#,
        );
        assert!(d[0].proprietary);
        let d = decls("package.json", r#"{"license": "SEE LICENSE IN EULA.txt"}"#);
        assert_eq!(d[0].file.as_deref(), Some("EULA.txt"));
        let d = decls(
            "package.json",
            r#"{"licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}"#,
        );
        assert_eq!(exprs(&d), vec![Some("MIT OR Apache-2.0")]);
        let d = decls(
            "composer.json",
            r#"{"license": ["GPL-2.0-or-later", "MIT"]}"#,
        );
        assert_eq!(exprs(&d), vec![Some("GPL-2.0-or-later OR MIT")]);
    }

    #[test]
    fn python_manifests() {
        let d = decls(
            "pyproject.toml",
            "[project]\nname='a'\nlicense = \"BSD-3-Clause\"\nclassifiers = [\"License :: OSI Approved :: MIT License\", \"Programming Language :: Python\"]\n",
        );
        assert_eq!(exprs(&d), vec![Some("BSD-3-Clause"), Some("MIT")]);
        let d = decls(
            "pyproject.toml",
            "[project]\nlicense = {text = \"GPL-3.0-or-later\"}\n",
        );
        assert_eq!(exprs(&d), vec![Some("GPL-3.0-or-later")]);
        let d = decls(
            "setup.cfg",
            "[metadata]\nname = a\nlicense = Apache-2.0\nclassifiers =\n    License :: OSI Approved :: GNU General Public License v3 (GPLv3)\n    Topic :: X\n",
        );
        assert_eq!(exprs(&d), vec![Some("Apache-2.0"), Some("GPL-3.0-only")]);
        let d = decls(
            "setup.py",
            "setup(name='a', license='MIT', classifiers=['License :: OSI Approved :: ISC License (ISCL)'])",
        );
        assert_eq!(exprs(&d), vec![Some("MIT"), Some("ISC")]);
    }

    #[test]
    fn ruby_java_dotnet() {
        let d = decls(
            "a.gemspec",
            "Gem::Specification.new do |s|\n  s.licenses = ['MIT', 'Apache-2.0']\nend\n",
        );
        assert_eq!(exprs(&d), vec![Some("MIT OR Apache-2.0")]);
        let d = decls("a.gemspec", "s.license = \"BSD-2-Clause\"\n");
        assert_eq!(exprs(&d), vec![Some("BSD-2-Clause")]);
        let d = decls(
            "pom.xml",
            "<project><licenses><license><name>The Apache Software License, Version 2.0</name><url>x</url></license></licenses></project>",
        );
        assert_eq!(exprs(&d), vec![Some("Apache-2.0")]);
        let d = decls(
            "App.csproj",
            "<Project><PropertyGroup><PackageLicenseExpression>MIT</PackageLicenseExpression></PropertyGroup></Project>",
        );
        assert_eq!(exprs(&d), vec![Some("MIT")]);
    }

    #[test]
    fn ambiguous_names_are_not_guessed() {
        let d = decls("package.json", r#"{"license": "BSD"}"#);
        assert_eq!(d[0].expression, None);
        assert_eq!(d[0].parsed, Parsed::Invalid);
        let d = decls(
            "setup.py",
            "setup(classifiers=['License :: OSI Approved :: BSD License'])",
        );
        assert!(d.is_empty());
    }
}
