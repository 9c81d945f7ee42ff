//! JavaScript: `pnpm-lock.yaml`, lockfile versions 5, 6 and 9, read with `saphyr`.
//!
//! - v9: `importers.<dir>.{dependencies,devDependencies,optionalDependencies}.<name>.version`
//!   for the direct ones, `packages` keyed `name@version` (peer suffixes in parentheses).
//! - v6: the same `importers` in workspaces, or top-level `dependencies` / `devDependencies`
//!   in a single project; `packages` keyed `/name@version` with a `dev` flag.
//! - v5: `packages` keyed `/name/version`, importer values are plain version strings.
//!
//! Importer versions starting with `link:` are workspace packages, the project's own.

use std::collections::BTreeMap;

use saphyr::{LoadableYamlNode, Yaml};

use super::{Direct, Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

/// A scalar as text (versions may be read as numbers by YAML).
fn text(y: &Yaml) -> Option<String> {
    if let Some(s) = y.as_str() {
        return Some(s.to_owned());
    }
    if let Some(i) = y.as_integer() {
        return Some(i.to_string());
    }
    y.as_floating_point().map(|f| f.to_string())
}

fn get<'a, 'b>(y: &'a Yaml<'b>, key: &str) -> Option<&'a Yaml<'b>> {
    y.as_mapping_get(key)
}

/// Strips a peer-dependency suffix: `1.2.3(react@18.2.0)` → `1.2.3`.
fn strip_peers(v: &str) -> &str {
    v.split('(').next().unwrap_or(v)
}

/// Splits a package key into name and the version part as written: `/@scope/a@1.0.0(x@1)`,
/// `a@1.0.0` (v6, v9), `/a/1.0.0` (v5), `registry.npmjs.org/a/1.0.0` (v5, another registry),
/// `a@https://codeload.github.com/…` (v9, a git or tarball source). Peer suffixes are kept.
fn split_key(key: &str, v5: bool) -> Option<(&str, &str)> {
    let k = key.strip_prefix('/').unwrap_or(key);
    if v5 || (!key.starts_with('/') && !k.contains('@')) {
        // `host/name/version` or `/name/version`: drop a leading registry host.
        let k = match k.split_once('/') {
            Some((host, rest)) if !key.starts_with('/') && host.contains('.') => rest,
            _ => k,
        };
        let (name, version) = k.rsplit_once('/')?;
        return (!name.is_empty()).then_some((name, version));
    }
    let k = match k.split_once('/') {
        Some((host, rest))
            if !key.starts_with('/') && host.contains('.') && !host.contains('@') =>
        {
            rest
        }
        _ => k,
    };
    let from = usize::from(k.starts_with('@'));
    let at = k[from..].find('@')? + from;
    Some((&k[..at], &k[at + 1..]))
}

/// The version of a key's version part: `1.3.0_bar@2.0.0` (v5 peers) and `1.0.0(react@18)`
/// (v6+ peers) → the version; `None` unless it starts like a version.
fn key_version(raw: &str, v5: bool) -> Option<&str> {
    let v = strip_peers(raw);
    let v = if v5 {
        v.split('_').next().unwrap_or(v)
    } else {
        v
    };
    v.starts_with(|c: char| c.is_ascii_digit()).then_some(v)
}

/// The 1-based line where the mapping key `key` is written, if it is found.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches(['\'', '"']);
            t.strip_prefix(key)
                .is_some_and(|r| r.starts_with(':') || r.starts_with('\'') || r.starts_with('"'))
        })
        .map(|i| i + 1)
}

/// The top-level sections [`parse_lock`] reads.
const SECTIONS_READ: &[&str] = &[
    "lockfileVersion",
    "importers",
    "packages",
    "dependencies",
    "devDependencies",
    "optionalDependencies",
];

/// The fields of a `packages` entry [`parse_lock`] reads.
const PACKAGE_FIELDS_READ: &[&str] = &["resolution", "name", "version", "dev"];

/// The lockfile with the lines [`parse_lock`] never reads blanked, so that the YAML parser skips
/// them: the top-level sections it does not read (`snapshots`, half of a version 9 lockfile,
/// `settings`, `catalogs`, …) and, in `packages`, the fields of an entry other than those it
/// reads (`engines`, `peerDependencies`, a version 6 entry's `dependencies`: a fifth of what is
/// left). Lines keep their numbers, for the parser's errors.
///
/// A top-level key starts a line at its first column; every other line (indented, blank, a
/// comment, a sequence item) belongs to the section above. In `packages`, the entries' keys
/// are indented alike, and their fields alike and deeper (a field's value goes on on deeper
/// lines). A text with anything else (a document marker, a directive, a complex key, a line
/// of `packages` at another indentation or not a key) is parsed whole. A syntax error inside
/// what is left out is not seen, as the parser reads none of it.
fn sections_read(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let mut out = String::with_capacity(text.len());
    let mut keep = true;
    let mut blanked = false;
    // In `packages`: the entries' indentation and their fields', and whether the field the
    // line is in is left out.
    let mut packages = false;
    let (mut entries, mut fields): (Option<usize>, Option<usize>) = (None, None);
    let mut unread_field = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") || line.starts_with("...") {
            return Cow::Borrowed(text);
        }
        let mut keep_line = keep;
        match line.as_bytes().first() {
            None | Some(b'\r' | b'\n' | b'#' | b'-') => {}
            Some(b'%' | b'?' | b'{' | b'[' | b'!' | b'&' | b'*' | b'|' | b'>') => {
                return Cow::Borrowed(text);
            }
            Some(b' ' | b'\t') => {
                let content = line.trim_start_matches(' ');
                let blank = content.trim().is_empty() || content.starts_with('#');
                if packages && !blank {
                    if content.starts_with('\t') {
                        return Cow::Borrowed(text);
                    }
                    let indent = line.len() - content.len();
                    let entry = *entries.get_or_insert(indent);
                    if fields.is_none() && indent > entry {
                        fields = Some(indent);
                    }
                    match fields {
                        Some(f) if indent == f => {
                            let Some((key, _)) = content.split_once(':') else {
                                return Cow::Borrowed(text);
                            };
                            unread_field = !PACKAGE_FIELDS_READ
                                .contains(&key.trim().trim_matches(['\'', '"']));
                        }
                        Some(f) if indent > f => {}
                        _ if indent == entry => unread_field = false,
                        _ => return Cow::Borrowed(text),
                    }
                }
                keep_line = keep && !(packages && unread_field && !blank);
            }
            Some(_) => {
                let Some((key, _)) = line.split_once(':') else {
                    return Cow::Borrowed(text);
                };
                let key = key.trim().trim_matches(['\'', '"']);
                keep = SECTIONS_READ.contains(&key);
                packages = key == "packages";
                (entries, fields, unread_field) = (None, None, false);
                keep_line = keep;
            }
        }
        if keep_line {
            out.push_str(line);
        } else {
            blanked = true;
            if line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    if blanked {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Parses a `pnpm-lock.yaml`.
///
/// A package is named by its key (`name@version`), or, for git, tarball and local sources, by
/// the `name` and `version` fields pnpm writes beside the key. Local packages (`file:`,
/// `link:`, directories) are the project's own. A key that names no package is left out with a
/// warning naming its line.
///
/// # Errors
/// When the YAML is malformed or is not a mapping.
pub fn parse_lock(path: &str, text_in: &str, tree: &Tree) -> Parsed {
    let docs =
        Yaml::load_from_str(&sections_read(text_in)).map_err(|e| format!("invalid YAML: {e}"))?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    if doc.is_null() {
        return Ok(Vec::new());
    }
    if doc.as_mapping().is_none() {
        return Err("invalid pnpm lockfile: not a mapping".into());
    }
    let lock_version = get(doc, "lockfileVersion")
        .and_then(text)
        .unwrap_or_default();
    let v5 = lock_version.starts_with('5');

    // Direct dependencies: (name, version as written in the importer) → dev-only.
    let mut direct: BTreeMap<(String, String), bool> = BTreeMap::new();
    let mut own = Direct::default();
    let mut importers: Vec<&Yaml> = Vec::new();
    if let Some(map) = get(doc, "importers").and_then(Yaml::as_mapping) {
        importers.extend(map.values());
    } else {
        importers.push(doc);
    }
    for importer in importers {
        for (section, dev) in [
            ("dependencies", false),
            ("optionalDependencies", false),
            ("devDependencies", true),
        ] {
            let Some(map) = get(importer, section).and_then(Yaml::as_mapping) else {
                continue;
            };
            for (name, spec) in map {
                let Some(name) = text(name) else { continue };
                let version = get(spec, "version")
                    .and_then(text)
                    .or_else(|| text(spec))
                    .unwrap_or_default();
                if version.starts_with("link:") {
                    own.own.insert(name);
                    continue;
                }
                let version = strip_peers(&version).to_owned();
                direct
                    .entry((name, version))
                    .and_modify(|d| *d &= dev)
                    .or_insert(dev);
            }
        }
    }

    let mut out = Vec::new();
    if let Some(packages) = get(doc, "packages").and_then(Yaml::as_mapping) {
        for (key, info) in packages {
            let Some(key) = text(key) else { continue };
            let resolution = get(info, "resolution");
            let field = |k: &str| resolution.and_then(|r| get(r, k)).and_then(text);
            let local = key.starts_with("file:")
                || key.contains("@file:")
                || key.contains("@link:")
                || field("directory").is_some()
                || field("tarball").is_some_and(|t| t.starts_with("file:"));
            if local {
                continue;
            }
            let split = split_key(&key, v5);
            // Git and tarball sources: pnpm writes the package's own name and version.
            let named = get(info, "name").and_then(text);
            let versioned = get(info, "version").and_then(text);
            let (name, version) = match (split, named, versioned) {
                (_, Some(n), Some(v)) => (n, v),
                (Some((n, raw)), None, Some(v))
                    if !raw.starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    (n.to_owned(), v)
                }
                (Some((n, raw)), _, _) => match key_version(raw, v5) {
                    Some(v) => (n.to_owned(), v.to_owned()),
                    None => {
                        tree.warn(
                            path,
                            line_of_key(text_in, &key),
                            format!("`{key}` names no package version; left out"),
                        );
                        continue;
                    }
                },
                (None, _, _) => {
                    tree.warn(
                        path,
                        line_of_key(text_in, &key),
                        format!("`{key}` is not a package key (`name@version`); left out"),
                    );
                    continue;
                }
            };
            if own.own.contains(&name) {
                continue;
            }
            let raw = split.map_or("", |(_, r)| strip_peers(r));
            let raw = if v5 {
                raw.split('_').next().unwrap_or(raw)
            } else {
                raw
            };
            let declared = direct
                .get(&(name.clone(), raw.to_owned()))
                .or_else(|| direct.get(&(name.clone(), version.clone())));
            let mut d = Dependency::new(Ecosystem::Npm, name, version, path);
            d.direct = declared.is_some();
            d.dev = get(info, "dev")
                .and_then(Yaml::as_bool)
                .or(declared.copied())
                .unwrap_or(false);
            if let Some(sri) = field("integrity") {
                d.hashes = crate::facts::dependency::PackageHash::from_sri(&sri);
            }
            out.push(d);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(deps: &[Dependency]) -> Vec<String> {
        let mut v = crate::facts::deps::summarize(deps);
        v.sort();
        v
    }

    #[test]
    fn v9_workspace() {
        let lock = r"lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0
    devDependencies:
      vitest:
        specifier: ^1.0.0
        version: 1.1.0(@types/node@20.10.0)

  packages/ui:
    dependencies:
      '@acme/core':
        specifier: workspace:*
        version: link:../core
      clsx:
        specifier: ^2.0.0
        version: 2.1.0

packages:

  '@types/node@20.10.0':
    resolution: {integrity: sha512-abc}

  clsx@2.1.0:
    resolution: {integrity: sha512-def}

  react@18.2.0:
    resolution: {integrity: sha512-ghi}

  vitest@1.1.0:
    resolution: {integrity: sha512-jkl}

snapshots:

  react@18.2.0: {}
";
        let deps = parse_lock("pnpm-lock.yaml", lock, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "@types/node@20.10.0",
                "clsx@2.1.0 direct",
                "react@18.2.0 direct",
                "vitest@1.1.0 direct dev",
            ]
        );
    }

    /// The sections the parser never reads are left out before the YAML is parsed: the same
    /// packages with or without them, a syntax error in a section read still on its line, one
    /// in a section left out not seen, and a text with a document marker parsed whole.
    #[test]
    fn sections_never_read_are_left_out() {
        let read = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      \
                    react:\n        specifier: ^18.2.0\n        version: 18.2.0\n\npackages:\n\n  \
                    react@18.2.0:\n    resolution: {integrity: sha512-ghi}\n";
        let unread = "settings:\n  autoInstallPeers: true\n\ncatalogs:\n  default:\n    \
                      react: {specifier: ^18, version: 18.2.0}\n";
        let snapshots = "\nsnapshots:\n\n  react@18.2.0: {}\n# a comment\n- odd: [1\n";
        let whole = format!("{}\n{unread}\n{}{snapshots}", &read[..23], &read[23..]);
        let tree = Tree::from_texts(&[]);
        let deps = parse_lock("pnpm-lock.yaml", &whole, &tree).unwrap();
        assert_eq!(summary(&deps), ["react@18.2.0 direct"]);
        assert_eq!(sections_read(&whole).lines().count(), whole.lines().count());
        assert!(!sections_read(&whole).contains("snapshots"));
        // A syntax error in `packages`, after the blanked `settings`: still on its line.
        let broken = whole.replace("{integrity: sha512-ghi}", "a: b");
        let line = broken.lines().position(|l| l.ends_with("a: b")).unwrap() + 1;
        let err = parse_lock("pnpm-lock.yaml", &broken, &tree).unwrap_err();
        assert!(err.contains(&format!("line {line} ")), "line {line}: {err}");
        // A document marker: parsed whole (and the broken `snapshots` is then an error).
        let marked = format!("---\n{whole}");
        assert!(matches!(
            sections_read(&marked),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(parse_lock("pnpm-lock.yaml", &marked, &tree).is_err());
    }

    /// In `packages`, the fields of an entry the parser does not read are left out, whatever
    /// the indentation: the same packages, with their flags and hashes, and a line of
    /// `packages` out of step with the rest has the text parsed whole.
    #[test]
    fn package_fields_never_read_are_left_out() {
        let lock = "lockfileVersion: '6.0'\n\ndevDependencies:\n  jest:\n    specifier: ^29\n    \
                    version: 29.7.0\n\npackages:\n\n  /jest@29.7.0:\n    resolution: {integrity: \
                    sha512-abc}\n    engines: {node: ^14.15.0 || ^16.10.0 || >=18.0.0}\n    \
                    hasBin: true\n    peerDependencies:\n      node-notifier: ^8.0.1\n    \
                    peerDependenciesMeta:\n      node-notifier:\n        optional: true\n    \
                    dependencies:\n      '@jest/core': 29.7.0\n    dev: true\n\n  \
                    /left-pad@1.3.0:\n    resolution:\n      integrity: sha512-def\n    \
                    deprecated: use String.prototype.padStart()\n    dev: true\n";
        let tree = Tree::from_texts(&[]);
        let expected = parse_lock("pnpm-lock.yaml", lock, &tree).unwrap();
        assert_eq!(
            summary(&expected),
            ["jest@29.7.0 direct dev", "left-pad@1.3.0 dev"]
        );
        assert_eq!(
            expected[0].hashes,
            crate::facts::dependency::PackageHash::from_sri("sha512-abc")
        );
        assert_eq!(
            expected[1].hashes,
            crate::facts::dependency::PackageHash::from_sri("sha512-def")
        );
        let read = sections_read(lock);
        assert_eq!(read.lines().count(), lock.lines().count());
        for gone in [
            "engines",
            "hasBin",
            "node-notifier",
            "optional",
            "@jest/core",
            "deprecated",
        ] {
            assert!(!read.contains(gone), "{gone}: {read}");
        }
        // Four spaces a level: the same.
        let wide = lock
            .lines()
            .map(|l| {
                let spaces = l.len() - l.trim_start().len();
                format!("{}{}\n", " ".repeat(spaces * 2), l.trim_start())
            })
            .collect::<String>();
        assert!(!sections_read(&wide).contains("engines"));
        let deps = parse_lock("pnpm-lock.yaml", &wide, &tree).unwrap();
        assert_eq!(summary(&deps), summary(&expected));
        // A line indented between an entry and its fields: read whole.
        let odd = lock.replace("    hasBin: true", "   hasBin: true");
        assert!(matches!(sections_read(&odd), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn v6_single_project() {
        let lock = r"lockfileVersion: '6.0'

dependencies:
  express:
    specifier: ^4.18.0
    version: 4.18.2

devDependencies:
  '@types/express':
    specifier: ^4.17.0
    version: 4.17.21

packages:

  /@types/express@4.17.21:
    resolution: {integrity: sha512-abc}
    dev: true

  /express@4.18.2:
    resolution: {integrity: sha512-def}
    dev: false

  /accepts@1.3.8:
    resolution: {integrity: sha512-ghi}
    dev: false
";
        let deps = parse_lock("pnpm-lock.yaml", lock, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "@types/express@4.17.21 direct dev",
                "accepts@1.3.8",
                "express@4.18.2 direct",
            ]
        );
    }

    #[test]
    fn v5_keys_and_bad_yaml() {
        assert_eq!(
            split_key("/@scope/a/1.0.0_react@18.0.0", true),
            Some(("@scope/a", "1.0.0_react@18.0.0"))
        );
        assert_eq!(key_version("1.0.0_react@18.0.0", true), Some("1.0.0"));
        assert_eq!(
            split_key("/@scope/a@1.0.0(x@1)", false),
            Some(("@scope/a", "1.0.0(x@1)"))
        );
        assert_eq!(key_version("1.0.0(x@1)", false), Some("1.0.0"));
        assert_eq!(
            split_key("registry.npmjs.org/@foo/bar/1.1.0", true),
            Some(("@foo/bar", "1.1.0"))
        );
        assert_eq!(
            split_key(
                "lodash.merge@https://codeload.github.com/x/y/tar.gz/abc",
                false
            ),
            Some(("lodash.merge", "https://codeload.github.com/x/y/tar.gz/abc"))
        );
        let err = parse_lock(
            "pnpm-lock.yaml",
            "packages:\n  a: [\n",
            &Tree::from_texts(&[]),
        )
        .unwrap_err();
        assert!(err.contains("YAML"), "{err}");
    }
}
