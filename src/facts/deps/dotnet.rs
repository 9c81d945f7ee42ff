//! .NET: `packages.lock.json`, SDK-style project files (`PackageReference`) and
//! `packages.config`, the XML read with `roxmltree`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{json_error, Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

#[derive(Deserialize)]
struct Lock {
    version: Option<u32>,
    #[serde(default)]
    dependencies: BTreeMap<String, BTreeMap<String, LockEntry>>,
}

#[derive(Deserialize)]
struct LockEntry {
    #[serde(rename = "type")]
    kind: String,
    resolved: Option<String>,
}

/// Parses a `packages.lock.json`: every target framework's packages, merged. `Project`
/// entries are the solution's own projects.
///
/// # Errors
/// When the JSON is malformed.
pub fn parse_lock(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let lock: Lock = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    if let Some(v) = lock.version.filter(|v| !(1..=2).contains(v)) {
        return Err(format!(
            "unsupported packages.lock.json version {v} (NuGet writes 1 and 2)"
        ));
    }
    let mut out = Vec::new();
    for framework in lock.dependencies.values() {
        for (name, e) in framework {
            if e.kind == "Project" {
                continue;
            }
            let Some(v) = &e.resolved else { continue };
            let mut d = Dependency::new(Ecosystem::Nuget, name, v, path);
            d.direct = e.kind == "Direct";
            out.push(d);
        }
    }
    Ok(out)
}

fn xml_error(e: &roxmltree::Error) -> String {
    format!("invalid XML: {e}")
}

/// `[1.2.3]` (an exact NuGet range) → `1.2.3`.
fn nuget_version(v: &str) -> String {
    let t = v.trim();
    match t.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Some(inner) if !inner.contains(',') => inner.trim().to_owned(),
        _ => t.to_owned(),
    }
}

/// Parses an SDK-style project file's `PackageReference` items (`Version` as an attribute or
/// a child element). References without a version (central package management) are skipped;
/// one without a package name is left out with a warning.
///
/// # Errors
/// When the XML is malformed.
pub fn parse_project(path: &str, text: &str, tree: &Tree) -> Parsed {
    let doc = roxmltree::Document::parse(text).map_err(|e| xml_error(&e))?;
    let mut out = Vec::new();
    for node in doc
        .descendants()
        .filter(|n| n.has_tag_name("PackageReference"))
    {
        let Some(name) = node
            .attribute("Include")
            .or_else(|| node.attribute("Update"))
        else {
            continue;
        };
        if name.trim().is_empty() {
            let line = doc.text_pos_at(node.range().start).row as usize;
            tree.warn(
                path,
                Some(line),
                "PackageReference without a package name; left out",
            );
            continue;
        }
        let version = node.attribute("Version").map(str::to_owned).or_else(|| {
            node.children()
                .find(|c| c.has_tag_name("Version"))
                .and_then(|c| c.text())
                .map(str::to_owned)
        });
        let Some(version) = version.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let mut d = Dependency::new(Ecosystem::Nuget, name, nuget_version(&version), path);
        d.direct = true;
        d.dev = node
            .attribute("PrivateAssets")
            .is_some_and(|a| a.eq_ignore_ascii_case("all"));
        out.push(d);
    }
    Ok(out)
}

/// Parses a `packages.config`.
///
/// # Errors
/// When the XML is malformed.
pub fn parse_packages_config(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let doc = roxmltree::Document::parse(text).map_err(|e| xml_error(&e))?;
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("package"))
        .filter_map(|n| {
            let mut d = Dependency::new(
                Ecosystem::Nuget,
                n.attribute("id")?,
                n.attribute("version")?,
                path,
            );
            d.direct = true;
            d.dev = n.attribute("developmentDependency") == Some("true");
            Some(d)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_project_files() {
        let lock = r#"{"version": 1, "dependencies": {
            "net8.0": {
                "Newtonsoft.Json": {"type": "Direct", "requested": "[13.0.3, )", "resolved": "13.0.3", "contentHash": "x"},
                "System.Memory": {"type": "Transitive", "resolved": "4.5.5"},
                "Acme.Core": {"type": "Project"}
            },
            "net6.0": {"Newtonsoft.Json": {"type": "Direct", "resolved": "13.0.3"}}
        }}"#;
        let deps = super::super::dedup(
            parse_lock("packages.lock.json", lock, &Tree::from_texts(&[])).unwrap(),
        );
        let got: Vec<(&str, bool)> = deps.iter().map(|d| (d.name.as_str(), d.direct)).collect();
        assert_eq!(got, [("Newtonsoft.Json", true), ("System.Memory", false)]);

        let csproj = r#"<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>
            <PackageReference Include="Serilog" Version="3.1.1" />
            <PackageReference Include="xunit"><Version>[2.6.2]</Version></PackageReference>
            <PackageReference Include="Central" />
        </ItemGroup></Project>"#;
        let deps = parse_project("App.csproj", csproj, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(&str, &str)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(got, [("Serilog", "3.1.1"), ("xunit", "2.6.2")]);

        let config = r#"<?xml version="1.0" encoding="utf-8"?><packages><package id="jQuery" version="3.7.1" targetFramework="net48" /></packages>"#;
        let deps =
            parse_packages_config("packages.config", config, &Tree::from_texts(&[])).unwrap();
        assert_eq!(deps[0].name, "jQuery");
        assert!(parse_packages_config(
            "packages.config",
            "<packages><package",
            &Tree::from_texts(&[])
        )
        .unwrap_err()
        .contains("XML"));
    }
}
