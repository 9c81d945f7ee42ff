//! JavaScript: `package-lock.json` and `npm-shrinkwrap.json` (lockfile versions 1, 2 and 3) and
//! `package.json` (direct, dev vs prod, workspaces).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;

use super::{dir_of, json_error, Direct, Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PackageJson {
    name: Option<String>,
    #[serde(default)]
    dependencies: HashMap<String, serde_json::Value>,
    #[serde(default)]
    dev_dependencies: HashMap<String, serde_json::Value>,
    #[serde(default)]
    optional_dependencies: HashMap<String, serde_json::Value>,
    #[serde(default)]
    peer_dependencies: HashMap<String, serde_json::Value>,
}

impl PackageJson {
    /// (name, requirement, dev) for every declared dependency.
    fn entries(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        let prod = self
            .dependencies
            .iter()
            .chain(&self.optional_dependencies)
            .chain(&self.peer_dependencies)
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or(""), false));
        let dev = self
            .dev_dependencies
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or(""), true));
        prod.chain(dev)
    }
}

/// The direct dependencies declared by every `package.json` in `dir` and below (the root
/// package and its workspaces), and the names of those packages (the project's own).
#[must_use]
pub fn declared(tree: &Tree, dir: &str) -> Direct {
    let mut direct = Direct::default();
    for (_, text) in tree.under(dir, "package.json") {
        let Ok(pkg) = serde_json::from_str::<PackageJson>(text) else {
            continue;
        };
        if let Some(n) = &pkg.name {
            direct.own.insert(n.clone());
        }
        for (name, _, dev) in pkg.entries() {
            direct.add(name, dev);
        }
    }
    direct
}

/// Requirements that are not registry versions: local paths, links, workspaces, git, URLs.
#[must_use]
pub fn is_local_or_remote(spec: &str) -> bool {
    [
        "file:",
        "link:",
        "workspace:",
        "portal:",
        "git",
        "github:",
        "http:",
        "https:",
        "npm:",
    ]
    .iter()
    .any(|p| spec.starts_with(p))
        || spec.contains('/') && !spec.starts_with('@')
}

/// What a lockfile's `version` says was installed under `name`: the real name and version of an
/// alias (`npm:string-width@4.2.0`), the commit of a git dependency (`git+ssh://…#<commit>`,
/// `github:org/repo#<commit>`), the version itself for a registry package; `None` for local
/// packages (`file:`, `link:`), which are the project's own, and for tarballs named by URL.
#[must_use]
pub fn resolve_locked(name: &str, version: &str) -> Option<(String, String)> {
    if let Some(alias) = version.strip_prefix("npm:") {
        let from = usize::from(alias.starts_with('@'));
        let at = alias[from..].find('@')? + from;
        return Some((alias[..at].to_owned(), alias[at + 1..].to_owned()));
    }
    let git = ["git", "github:", "gitlab:", "bitbucket:"]
        .iter()
        .any(|p| version.starts_with(p))
        || (version.contains('/') && !version.contains(':') && version.contains('#'));
    if git {
        let commit = version.rsplit_once('#')?.1;
        return (!commit.is_empty()).then(|| (name.to_owned(), commit.to_owned()));
    }
    if is_local_or_remote(version) {
        return None;
    }
    Some((name.to_owned(), version.to_owned()))
}

/// Parses a `package.json` that no lockfile covers: the requirements as written.
///
/// # Errors
/// When the JSON is malformed.
pub fn parse_manifest(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let pkg: PackageJson = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    Ok(pkg
        .entries()
        .filter(|(_, spec, _)| !is_local_or_remote(spec))
        .map(|(name, spec, dev)| {
            let mut d = Dependency::new(Ecosystem::Npm, name, spec, path);
            d.direct = true;
            d.dev = dev;
            d
        })
        .collect())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lockfile<'a> {
    lockfile_version: Option<u32>,
    /// Versions 2 and 3: every installed package by its `node_modules` path. Strings borrow
    /// from the text where they can: a 30 MB lockfile is parsed without copying it.
    #[serde(borrow)]
    packages: Option<HashMap<Cow<'a, str>, LockEntry<'a>>>,
    /// Version 1 (and kept in version 2 for old npm): the nested tree.
    dependencies: Option<HashMap<String, V1Entry>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LockEntry<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    version: Option<Cow<'a, str>>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    link: bool,
    #[serde(default)]
    license: License,
    #[serde(borrow)]
    integrity: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resolved: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    dependencies: Keys<'a>,
    #[serde(default, borrow)]
    dev_dependencies: Keys<'a>,
    #[serde(default, borrow)]
    optional_dependencies: Keys<'a>,
    #[serde(default, borrow)]
    peer_dependencies: Keys<'a>,
}

/// The keys of a JSON object, values skipped (dependency names without their ranges).
#[derive(Default)]
struct Keys<'a>(Vec<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Keys<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Keys<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut m: M,
            ) -> Result<Keys<'a>, M::Error> {
                let mut keys = Vec::new();
                while let Some(k) = m.next_key::<CowStr<'a>>()? {
                    m.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(k.0);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A string that borrows from the input when it has no escapes.
struct CowStr<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = CowStr<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<CowStr<'a>, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// A `license` field: a string, or the old `{ "type": "MIT" }` object.
#[derive(Default)]
struct License(Option<String>);

impl<'de> Deserialize<'de> for License {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(License(license_text(&v)))
    }
}

#[derive(Deserialize)]
struct V1Entry {
    version: String,
    #[serde(default)]
    dev: bool,
    dependencies: Option<HashMap<String, V1Entry>>,
}

/// Parses a `package-lock.json` or `npm-shrinkwrap.json`.
///
/// Versions 2 and 3 carry the root package and the workspaces' declarations under `packages`,
/// so direct dependencies come from the lockfile itself; version 1 needs the `package.json`
/// beside it. Workspace packages (`link: true`, or paths outside `node_modules`) are the
/// project's own.
///
/// # Errors
/// When the JSON is malformed or has neither `packages` nor `dependencies`.
pub fn parse_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let lock: Lockfile = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    if let Some(packages) = lock.packages {
        return Ok(from_packages(path, &packages));
    }
    if let Some(deps) = lock.dependencies {
        let direct = declared(tree, dir_of(path));
        let mut out = Vec::new();
        walk_v1(path, &deps, &direct, true, &mut out);
        return Ok(out);
    }
    match lock.lockfile_version {
        Some(_) => Ok(Vec::new()),
        None => Err("not a package-lock: no lockfileVersion, packages or dependencies".into()),
    }
}

fn walk_v1(
    path: &str,
    deps: &HashMap<String, V1Entry>,
    direct: &Direct,
    top: bool,
    out: &mut Vec<Dependency>,
) {
    for (key, e) in deps {
        let resolved = resolve_locked(key, &e.version).filter(|(n, _)| !direct.own.contains(n));
        if let Some((name, version)) = resolved {
            let mut d = Dependency::new(Ecosystem::Npm, name, version, path);
            d.direct = top && direct.get(key).is_some();
            d.dev = e.dev;
            out.push(d);
        }
        if let Some(nested) = &e.dependencies {
            walk_v1(path, nested, direct, false, out);
        }
    }
}

fn from_packages(path: &str, packages: &HashMap<Cow<str>, LockEntry>) -> Vec<Dependency> {
    let mut direct = Direct::default();
    for (key, e) in packages {
        if key.contains("node_modules/") {
            continue;
        }
        // The root ("") and workspace packages: their declarations are the direct ones.
        if let Some(n) = &e.name {
            direct.own.insert(n.to_string());
        }
        let prod = [
            &e.dependencies,
            &e.optional_dependencies,
            &e.peer_dependencies,
        ];
        for keys in prod {
            for name in &keys.0 {
                direct.add(name, false);
            }
        }
        for name in &e.dev_dependencies.0 {
            direct.add(name, true);
        }
    }
    let mut out = Vec::new();
    for (key, e) in packages {
        let Some(pos) = key.rfind("node_modules/") else {
            continue;
        };
        if e.link {
            continue;
        }
        // A git dependency may have no `version`: its `resolved` URL names the commit.
        let Some(version) = e
            .version
            .as_ref()
            .or(e.resolved.as_ref().filter(|r| r.starts_with("git")))
        else {
            continue;
        };
        let key_name = &key[pos + "node_modules/".len()..];
        let Some((name, version)) = resolve_locked(e.name.as_deref().unwrap_or(key_name), version)
        else {
            continue;
        };
        if direct.own.contains(&name) {
            continue;
        }
        let mut d = Dependency::new(Ecosystem::Npm, name, version, path);
        d.direct = key.matches("node_modules/").count() == 1 && direct.get(key_name).is_some();
        d.dev = e.dev;
        d.license.clone_from(&e.license.0);
        if let Some(sri) = &e.integrity {
            d.hashes = crate::facts::dependency::PackageHash::from_sri(sri);
        }
        out.push(d);
    }
    out
}

/// A `license` field: a string, or the old `{ "type": "MIT" }` object.
fn license_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("type")?.as_str().map(str::to_owned),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(deps: &mut [Dependency]) -> Vec<String> {
        deps.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
        crate::facts::deps::summarize(deps)
    }

    #[test]
    fn lockfile_v3_with_workspace() {
        let text = r#"{
          "name": "root", "lockfileVersion": 3,
          "packages": {
            "": {"name": "root", "workspaces": ["packages/*"], "dependencies": {"react": "^18.2.0"}, "devDependencies": {"jest": "^29.0.0"}},
            "packages/ui": {"name": "@acme/ui", "version": "1.0.0", "dependencies": {"clsx": "^2.0.0"}},
            "node_modules/@acme/ui": {"resolved": "packages/ui", "link": true},
            "node_modules/react": {"version": "18.2.0", "license": "MIT"},
            "node_modules/loose-envify": {"version": "1.4.0"},
            "node_modules/jest": {"version": "29.7.0", "dev": true},
            "node_modules/clsx": {"version": "2.1.0"},
            "node_modules/jest/node_modules/react": {"version": "17.0.2", "dev": true},
            "node_modules/string-width-cjs": {"name": "string-width", "version": "4.2.3"}
          }
        }"#;
        let mut deps = parse_lock("package-lock.json", text, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&mut deps),
            [
                "clsx@2.1.0 direct",
                "jest@29.7.0 direct dev",
                "loose-envify@1.4.0",
                "react@17.0.2 dev",
                "react@18.2.0 direct",
                "string-width@4.2.3",
            ]
        );
        assert_eq!(deps[4].license.as_deref(), Some("MIT"));
    }

    #[test]
    fn lockfile_v1_uses_package_json() {
        let pkg = r#"{"name": "old", "dependencies": {"lodash": "^4.17.0"}, "devDependencies": {"mocha": "^5"}}"#;
        let lock = r#"{"name": "old", "lockfileVersion": 1, "requires": true, "dependencies": {
            "lodash": {"version": "4.17.11"},
            "mocha": {"version": "5.2.0", "dev": true, "dependencies": {"debug": {"version": "3.1.0", "dev": true}}},
            "local": {"version": "file:../local"}
        }}"#;
        let tree = Tree::from_texts(&[("package.json", pkg)]);
        let mut deps = parse_lock("package-lock.json", lock, &tree).unwrap();
        assert_eq!(
            summary(&mut deps),
            [
                "debug@3.1.0 dev",
                "lodash@4.17.11 direct",
                "mocha@5.2.0 direct dev"
            ]
        );
    }

    #[test]
    fn manifest_alone_and_truncated_lock() {
        let pkg = r#"{"dependencies": {"a": "^1.0.0", "b": "workspace:*", "c": "github:x/y"}, "devDependencies": {"d": "2.0.0"}}"#;
        let mut deps = parse_manifest("package.json", pkg, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&mut deps),
            ["a@^1.0.0 direct", "d@2.0.0 direct dev"]
        );
        let err = parse_lock(
            "package-lock.json",
            r#"{"lockfileVersion": 3, "packages": {"": {"#,
            &Tree::from_texts(&[]),
        )
        .unwrap_err();
        assert!(err.contains("line 1"), "{err}");
    }
}
