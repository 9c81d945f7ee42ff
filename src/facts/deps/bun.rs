//! JavaScript: Bun's text lockfile, `bun.lock` (JSON with trailing commas, read with
//! `jsonc-parser`). Bun's older binary `bun.lockb` is a lockfile too, but not read.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::{dir_of, Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

#[derive(Deserialize)]
struct BunLock {
    /// Key → `["name@version", registry, {dependencies…}, integrity]`; a key `parent/child`
    /// is a version nested under the package that needs it.
    #[serde(default)]
    packages: BTreeMap<String, Vec<serde_json::Value>>,
}

/// Parses a `bun.lock`: every package once per version. Workspace members and linked folders
/// are the project's own code; a top-level package that a `package.json` of the lockfile's
/// folder (or below) declares is direct.
pub fn parse_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let lock: BunLock =
        jsonc_parser::parse_to_serde_value(text, &jsonc_parser::ParseOptions::default())
            .map_err(|e| e.to_string())?;
    let direct = super::npm::declared(tree, dir_of(path));
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (key, entry) in &lock.packages {
        let Some(spec) = entry.first().and_then(serde_json::Value::as_str) else {
            continue;
        };
        // `name@version`, the name perhaps scoped (`@babel/core@7.28.6`).
        let Some(at) = spec.get(1..).and_then(|s| s.find('@')).map(|i| i + 1) else {
            continue;
        };
        let (name, version) = (&spec[..at], &spec[at + 1..]);
        let own = ["workspace:", "link:", "file:"]
            .iter()
            .any(|p| version.starts_with(p));
        if own || direct.own.contains(name) || !seen.insert((name, version)) {
            continue;
        }
        let mut d = Dependency::new(Ecosystem::Npm, name, version.to_owned(), path);
        if key == name {
            if let Some(dev) = direct.get(name) {
                d.direct = true;
                d.dev = dev;
            }
        }
        out.push(d);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_once_per_version_without_the_workspace() {
        let lock = r#"{
  "lockfileVersion": 1,
  "workspaces": {
    "": { "name": "root", },
    "frontend": { "name": "frontend", "dependencies": { "react": "^19.2.8", }, "devDependencies": { "vite": "^7", }, },
  },
  "packages": {
    "@babel/core": ["@babel/core@7.28.6", "", { "dependencies": { "semver": "^6.3.1" } }, "sha512-x"],
    "frontend": ["frontend@workspace:frontend"],
    "react": ["react@19.2.8", "", {}, "sha512-y"],
    "semver": ["semver@7.7.2", "", {}, "sha512-z"],
    "@babel/core/semver": ["semver@6.3.1", "", {}, "sha512-w"],
    "vite": ["vite@7.1.0", "", {}, "sha512-v"],
    "vite/semver": ["semver@7.7.2", "", {}, "sha512-z"],
  }
}
"#;
        let tree = Tree::from_texts(&[
            ("bun.lock", lock),
            (
                "package.json",
                r#"{"name": "root", "workspaces": ["frontend"]}"#,
            ),
            (
                "frontend/package.json",
                r#"{"name": "frontend", "dependencies": {"react": "^19.2.8"}, "devDependencies": {"vite": "^7"}}"#,
            ),
        ]);
        let deps = parse_lock("bun.lock", lock, &tree).unwrap();
        let got: Vec<(String, String, bool, bool)> = deps
            .iter()
            .map(|d| (d.name.clone(), d.version.clone(), d.direct, d.dev))
            .collect();
        assert_eq!(
            got,
            [
                ("@babel/core".to_owned(), "7.28.6".to_owned(), false, false),
                ("semver".to_owned(), "6.3.1".to_owned(), false, false),
                ("react".to_owned(), "19.2.8".to_owned(), true, false),
                ("semver".to_owned(), "7.7.2".to_owned(), false, false),
                ("vite".to_owned(), "7.1.0".to_owned(), true, true),
            ]
        );
        assert!(parse_lock("bun.lock", "{ \"packages\": [", &tree).is_err());
    }
}
