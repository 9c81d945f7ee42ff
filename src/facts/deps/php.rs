//! PHP: `composer.lock` and `composer.json`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{json_error, Direct, Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    packages: Vec<LockPackage>,
    #[serde(default, rename = "packages-dev")]
    packages_dev: Vec<LockPackage>,
}

#[derive(Deserialize)]
struct LockPackage {
    name: String,
    version: String,
    #[serde(default)]
    license: Vec<String>,
}

#[derive(Deserialize, Default)]
struct Manifest {
    name: Option<String>,
    #[serde(default)]
    require: BTreeMap<String, serde_json::Value>,
    #[serde(default, rename = "require-dev")]
    require_dev: BTreeMap<String, serde_json::Value>,
}

/// Platform requirements (`php`, `ext-json`, `composer-plugin-api`) are not packages.
fn is_platform(name: &str) -> bool {
    !name.contains('/')
}

/// Parses a `composer.lock` (`packages` and `packages-dev`; direct from `composer.json`).
///
/// # Errors
/// When the JSON is malformed.
pub fn parse_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let lock: Lock = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let mut direct = Direct::default();
    if let Some((_, m)) = tree.sibling(path, "composer.json") {
        if let Ok(m) = serde_json::from_str::<Manifest>(m) {
            for n in m.require.keys() {
                direct.add(&n.to_ascii_lowercase(), false);
            }
            for n in m.require_dev.keys() {
                direct.add(&n.to_ascii_lowercase(), true);
            }
        }
    }
    let mut out = Vec::new();
    for (list, dev) in [(&lock.packages, false), (&lock.packages_dev, true)] {
        for p in list {
            let name = p.name.to_ascii_lowercase();
            let mut d = Dependency::new(Ecosystem::Composer, &name, &p.version, path);
            d.direct = direct.get(&name).is_some();
            d.dev = dev;
            if !p.license.is_empty() {
                d.license = Some(p.license.join(" OR "));
            }
            out.push(d);
        }
    }
    Ok(out)
}

/// Parses a `composer.json` without a `composer.lock`.
///
/// # Errors
/// When the JSON is malformed.
pub fn parse_manifest(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let m: Manifest = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let own = m.name.as_deref().unwrap_or("").to_ascii_lowercase();
    let mut out = Vec::new();
    for (list, dev) in [(&m.require, false), (&m.require_dev, true)] {
        for (name, spec) in list {
            if is_platform(name) || name.eq_ignore_ascii_case(&own) {
                continue;
            }
            let mut d = Dependency::new(
                Ecosystem::Composer,
                name.to_ascii_lowercase(),
                spec.as_str().unwrap_or(""),
                path,
            );
            d.direct = true;
            d.dev = dev;
            out.push(d);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_manifest() {
        let manifest = r#"{"name": "acme/app", "require": {"php": ">=8.1", "monolog/monolog": "^3.0"}, "require-dev": {"phpunit/phpunit": "^10"}}"#;
        let lock = r#"{"packages": [{"name": "monolog/monolog", "version": "3.5.0", "license": ["MIT"]}, {"name": "psr/log", "version": "3.0.0"}], "packages-dev": [{"name": "phpunit/phpunit", "version": "10.5.3"}]}"#;
        let tree = Tree::from_texts(&[("composer.json", manifest)]);
        let deps = parse_lock("composer.lock", lock, &tree).unwrap();
        let got: Vec<(&str, &str, bool, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.direct, d.dev))
            .collect();
        assert_eq!(
            got,
            [
                ("monolog/monolog", "3.5.0", true, false),
                ("psr/log", "3.0.0", false, false),
                ("phpunit/phpunit", "10.5.3", true, true),
            ]
        );
        assert_eq!(deps[0].license.as_deref(), Some("MIT"));
        let deps = parse_manifest("composer.json", manifest, &tree).unwrap();
        assert_eq!(deps.len(), 2);
    }
}
