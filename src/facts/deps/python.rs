//! Python: `requirements*.txt`, `poetry.lock`, `Pipfile.lock`, `uv.lock`, `pyproject.toml`
//! (PEP 621, PEP 735 and Poetry sections) and `Pipfile`.
//!
//! Names are normalised as PEP 503 says (lowercase, runs of `-`, `_`, `.` become one `-`), so
//! that `Django`, `django` and `DJANGO` are one package.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{dir_of, join, json_error, toml_error, Direct, Parsed, Tree};
use crate::facts::dependency::PackageHash;
use crate::facts::pattern::code_regex;
use crate::facts::{Dependency, Ecosystem};

/// PEP 503 normalisation.
#[must_use]
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A PEP 508 requirement: name, extras, version specifiers, marker.
static REQUIREMENT: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(
        r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:\((?P<pspec>[^)]*)\)|(?P<spec>(?:[<>=!~]=?|===)[^;@#]*))?\s*(?:;.*)?$",
    )
    .expect("valid regex")
});

/// (normalised name, version or requirement) of one PEP 508 line; `==X` pins become `X`.
#[must_use]
pub fn requirement(line: &str) -> Option<(String, String)> {
    let c = REQUIREMENT.captures(line)?;
    let name = normalize(c.name("name")?.as_str());
    // Each clause is an operator and one version: `== 1.0 extra words` is not a requirement.
    let raw = c
        .name("spec")
        .or_else(|| c.name("pspec"))
        .map_or("", |m| m.as_str());
    let clause_ok = |clause: &str| {
        let v = clause
            .trim()
            .trim_start_matches(['<', '>', '=', '!', '~'])
            .trim();
        !v.contains(char::is_whitespace)
    };
    if !raw.split(',').all(clause_ok) {
        return None;
    }
    let spec: String = c
        .name("spec")
        .or_else(|| c.name("pspec"))
        .map(|m| m.as_str().split_whitespace().collect::<String>())
        .unwrap_or_default();
    // `===X` is an arbitrary-equality pin, `==X` an ordinary one: both install exactly X.
    let pinned = spec
        .strip_prefix("===")
        .or_else(|| spec.strip_prefix("=="))
        .filter(|v| !v.contains([',', '*', '=']));
    let version = match pinned {
        Some("") => return None,
        Some(v) => v.to_owned(),
        None => spec,
    };
    let valid = |c: char| c.is_ascii_alphanumeric() || "<>=!~.,*+-_".contains(c);
    if !version.chars().all(valid) {
        return None;
    }
    Some((name, version))
}

/// Parses a requirements file. `-r other.txt` includes are read too (relative to this file,
/// through the manifests the walk kept) with their dependencies attributed to the included
/// file; `-c`, `--hash`, `-e`, URLs and options are skipped. When the file was compiled by
/// pip-tools (`# via` annotations), a requirement is direct only when it came `via -r` an
/// input file.
///
/// # Errors
/// Never for a readable file: unknown lines are skipped.
pub fn parse_requirements(path: &str, text: &str, tree: &Tree) -> Parsed {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    read_requirements(path, text, tree, &mut out, &mut seen, 0);
    Ok(out)
}

/// A full or abbreviated git commit id: what a git requirement's version is when it is pinned.
pub(super) fn is_commit(text: &str) -> bool {
    (7..=40).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `name @ git+<url>@<commit>` (markers after `;` left out), pinned to a full or abbreviated
/// commit: the package at that commit. A branch or tag is no pin.
fn git_commit_requirement(line: &str, path: &str) -> Option<Dependency> {
    let (name, url) = line.split_once(" @ ")?;
    let url = url.split(';').next()?.trim();
    let url = url.strip_prefix("git+")?;
    let url = url.split('#').next()?;
    let (_, commit) = url.rsplit_once('@')?;
    let pinned = is_commit(commit);
    let name = name.trim();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    (pinned && valid)
        .then(|| Dependency::new(Ecosystem::Pypi, normalize(name), commit.to_owned(), path))
}

fn read_requirements(
    path: &str,
    text: &str,
    tree: &Tree,
    out: &mut Vec<Dependency>,
    seen: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > 8 || !seen.insert(path.to_owned()) {
        return;
    }
    let compiled = text.contains("# via");
    let dev = {
        let lower = super::file_name(path).to_ascii_lowercase();
        lower.contains("dev") || lower.contains("test")
    };
    let mut last: Option<usize> = None;
    let mut in_via = false;
    for (number, raw) in logical_lines(text) {
        let trimmed = raw.trim();
        if let Some(comment) = trimmed.strip_prefix('#') {
            let c = comment.trim();
            if let Some(i) = last {
                if let Some(via) = c.strip_prefix("via") {
                    in_via = true;
                    if via.trim().starts_with("-r") {
                        out[i].direct = true;
                    }
                } else if in_via && c.starts_with("-r") {
                    out[i].direct = true;
                }
            }
            continue;
        }
        in_via = false;
        // A comment starts at `#` after whitespace (pip strips them after joining lines).
        let line = match trimmed.find(" #").or_else(|| trimmed.find("\t#")) {
            Some(at) => trimmed[..at].trim(),
            None => trimmed,
        };
        if line.is_empty() {
            continue;
        }
        if let Some(inc) = line
            .strip_prefix("--requirement")
            .or_else(|| line.strip_prefix("-r"))
        {
            // Another requirements file, whatever its name: its requirements are installed too,
            // attributed to that file. (`-c` constraints files only narrow versions.)
            let inc = inc.trim_start_matches('=').trim();
            let Some(target) = normalize_path(&join(dir_of(path), inc)) else {
                tree.warn(
                    path,
                    Some(number),
                    format!("included file `{inc}` is outside the tree; not read"),
                );
                last = None;
                continue;
            };
            match tree.read_other(&target) {
                Some(t) => read_requirements(&target, &t, tree, out, seen, depth + 1),
                None => tree.warn(
                    path,
                    Some(number),
                    format!(
                        "included file `{inc}` could not be read; its requirements are not listed"
                    ),
                ),
            }
            last = None;
            continue;
        }
        // A package from git at a commit, as `uv export` and pip freeze write it
        // (`django-push @ git+https://github.com/brutasse/django-push.git@22fda99…`): pinned by
        // that commit, which stands for its version (as a git dependency of npm's locks does).
        if let Some(d) = git_commit_requirement(line, path) {
            last = Some(out.len());
            out.push(d);
            continue;
        }
        if line.starts_with('-') || line.contains("://") || line.starts_with('.') {
            last = None;
            continue;
        }
        // Per-requirement options (`--hash=…`, `-C key=value`) follow the requirement.
        let line = line
            .find(" -")
            .or_else(|| line.find("\t-"))
            .map_or(line, |at| line[..at].trim_end());
        if line.contains('@') {
            // A direct URL reference (`name @ https://…`): no registry version.
            last = None;
            continue;
        }
        let Some((name, version)) = requirement(line) else {
            tree.warn(
                path,
                Some(number),
                format!("`{line}` is not a valid requirement; left out"),
            );
            last = None;
            continue;
        };
        let version = if version.contains("${") {
            // An environment variable pip expands at install time: the version is unknown here.
            String::new()
        } else {
            version
        };
        let mut d = Dependency::new(Ecosystem::Pypi, name, version, path);
        d.direct = !compiled;
        d.dev = dev;
        out.push(d);
        last = Some(out.len() - 1);
    }
}

/// The logical lines of a requirements file, each with the 1-based number of its first line:
/// a line ending with a backslash continues on the next one, as pip reads them.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let (first, mut buf) = current.take().unwrap_or((i + 1, String::new()));
        match raw.strip_suffix('\\') {
            Some(head) => {
                buf.push_str(head);
                current = Some((first, buf));
            }
            None => {
                buf.push_str(raw);
                out.push((first, buf));
            }
        }
    }
    if let Some(rest) = current {
        out.push(rest);
    }
    out
}

/// Resolves `.` and `..` in a relative path; `None` when it leaves the tree.
fn normalize_path(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

/// The direct dependencies declared by the `pyproject.toml` beside or above `lock` (or by the
/// `pyproject.toml` files below it, for uv workspaces), with the project names as own.
fn declared(tree: &Tree, lock: &str) -> Direct {
    let mut direct = Direct::default();
    let dir = dir_of(lock);
    for (_, text) in tree.under(dir, "pyproject.toml") {
        if let Ok(doc) = toml::from_str::<toml::Table>(text) {
            for (name, _, dev) in pyproject_entries(&doc) {
                direct.add(&name, dev);
            }
            if let Some(n) = project_name(&doc) {
                direct.own.insert(normalize(&n));
            }
        }
    }
    direct
}

fn project_name(doc: &toml::Table) -> Option<String> {
    doc.get("project")
        .and_then(|p| p.get("name"))
        .or_else(|| {
            doc.get("tool")
                .and_then(|t| t.get("poetry"))
                .and_then(|p| p.get("name"))
        })
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
}

/// (name, requirement, dev) from PEP 621 `[project]`, PEP 735 `[dependency-groups]` and
/// Poetry's `[tool.poetry.*dependencies]`.
fn pyproject_entries(doc: &toml::Table) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let pep508 = |v: &toml::Value, dev: bool, out: &mut Vec<(String, String, bool)>| {
        for item in v.as_array().into_iter().flatten() {
            if let Some((n, spec)) = item.as_str().and_then(requirement) {
                out.push((n, spec, dev));
            }
        }
    };
    if let Some(project) = doc.get("project") {
        if let Some(d) = project.get("dependencies") {
            pep508(d, false, &mut out);
        }
        if let Some(opt) = project
            .get("optional-dependencies")
            .and_then(toml::Value::as_table)
        {
            for v in opt.values() {
                pep508(v, false, &mut out);
            }
        }
    }
    if let Some(groups) = doc.get("dependency-groups").and_then(toml::Value::as_table) {
        for v in groups.values() {
            pep508(v, true, &mut out);
        }
    }
    if let Some(tool_uv) = doc.get("tool").and_then(|t| t.get("uv")) {
        if let Some(d) = tool_uv.get("dev-dependencies") {
            pep508(d, true, &mut out);
        }
    }
    if let Some(poetry) = doc.get("tool").and_then(|t| t.get("poetry")) {
        let mut tables: Vec<(&toml::Value, bool)> = Vec::new();
        if let Some(d) = poetry.get("dependencies") {
            tables.push((d, false));
        }
        if let Some(d) = poetry.get("dev-dependencies") {
            tables.push((d, true));
        }
        if let Some(groups) = poetry.get("group").and_then(toml::Value::as_table) {
            for (gname, g) in groups {
                if let Some(d) = g.get("dependencies") {
                    tables.push((d, gname != "main"));
                }
            }
        }
        for (t, dev) in tables {
            for (name, spec) in t.as_table().into_iter().flatten() {
                if name == "python" {
                    continue;
                }
                let Some(version) = spec_version(spec) else {
                    continue;
                };
                out.push((normalize(name), version, dev));
            }
        }
    }
    out
}

/// Parses a `pyproject.toml` that no lockfile covers: the requirements as written.
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_pyproject(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let doc: toml::Table = toml::from_str(text).map_err(|e| toml_error(&e))?;
    Ok(direct_dependencies(path, pyproject_entries(&doc)))
}

#[derive(Deserialize)]
struct PdmLock {
    #[serde(default)]
    package: Vec<PdmPackage>,
}

#[derive(Deserialize)]
struct PdmPackage {
    name: String,
    version: Option<String>,
    /// A local directory (`path`) or an editable install: the project's own.
    path: Option<String>,
    #[serde(default)]
    editable: bool,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    files: Vec<PoetryFile>,
}

/// Parses a `pdm.lock`: `[[package]]` entries with their `groups` (a package only in groups
/// other than `default` is development-only). Local (`path`) and editable packages are the
/// project's own; a git package keeps the version PDM recorded.
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_pdm_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let lock: PdmLock = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let direct = declared(tree, path);
    let mut out = Vec::new();
    for p in lock.package {
        if p.path.is_some() || p.editable {
            continue;
        }
        let name = normalize(&p.name);
        if direct.own.contains(&name) {
            continue;
        }
        let Some(version) = p.version else {
            tree.warn(
                path,
                None,
                format!("package `{name}` has no version; left out"),
            );
            continue;
        };
        let mut d = Dependency::new(Ecosystem::Pypi, &name, version, path);
        let declared = direct.get(&name);
        d.direct = declared.is_some();
        d.dev = (!p.groups.is_empty() && !p.groups.iter().any(|g| g == "default"))
            || declared == Some(true);
        d.hashes = p
            .files
            .iter()
            .filter(|f| {
                Path::new(&f.file)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gz") || e.eq_ignore_ascii_case("zip"))
            })
            .find_map(|f| sdist_hash(&f.hash))
            .into_iter()
            .collect();
        out.push(d);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct PoetryLock {
    #[serde(default)]
    package: Vec<PoetryPackage>,
}

#[derive(Deserialize)]
struct PoetryPackage {
    name: String,
    version: String,
    category: Option<String>,
    source: Option<toml::Table>,
    #[serde(default)]
    files: Vec<PoetryFile>,
}

#[derive(Deserialize)]
struct PoetryFile {
    file: String,
    hash: String,
}

/// The digest of a package's source distribution, from a `sha256:<hex>` hash; wheels (one per
/// platform) are left out: the component's archive is the sdist.
fn sdist_hash(hash: &str) -> Option<PackageHash> {
    PackageHash::sha256_hex(hash.strip_prefix("sha256:")?)
}

/// Parses a `poetry.lock` (all versions: `category` in old ones, none in new ones, where the
/// development flag comes from the groups of `pyproject.toml`).
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_poetry_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let lock: PoetryLock = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let direct = declared(tree, path);
    Ok(lock
        .package
        .into_iter()
        .filter(|p| {
            let kind = p
                .source
                .as_ref()
                .and_then(|s| s.get("type"))
                .and_then(toml::Value::as_str);
            !matches!(kind, Some("directory" | "file"))
        })
        .map(|p| {
            let name = normalize(&p.name);
            let mut d = Dependency::new(Ecosystem::Pypi, &name, p.version, path);
            let declared = direct.get(&name);
            d.direct = declared.is_some();
            d.dev = p.category.as_deref() == Some("dev") || declared == Some(true);
            d.hashes = p
                .files
                .iter()
                .filter(|f| {
                    Path::new(&f.file).extension().is_some_and(|e| {
                        e.eq_ignore_ascii_case("gz") || e.eq_ignore_ascii_case("zip")
                    })
                })
                .find_map(|f| sdist_hash(&f.hash))
                .into_iter()
                .collect();
            d
        })
        .filter(|d| !direct.own.contains(&d.name))
        .collect())
}

#[derive(Deserialize)]
struct UvLock {
    #[serde(default)]
    package: Vec<UvPackage>,
}

#[derive(Deserialize)]
struct UvPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: BTreeMap<String, toml::Value>,
    sdist: Option<UvSdist>,
    #[serde(default)]
    dependencies: Vec<UvDep>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, Vec<UvDep>>,
    #[serde(default, rename = "optional-dependencies")]
    optional_dependencies: BTreeMap<String, Vec<UvDep>>,
}

#[derive(Deserialize)]
struct UvSdist {
    hash: Option<String>,
}

#[derive(Deserialize)]
struct UvDep {
    name: String,
}

/// Parses a `uv.lock`. Packages whose source is `editable`, `virtual`, `directory` or
/// `workspace` are the project's own; what they depend on is direct (development-only when
/// only in their `dev-dependencies` groups).
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_uv_lock(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let lock: UvLock = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let is_own = |p: &UvPackage| {
        ["editable", "virtual", "directory", "workspace", "path"]
            .iter()
            .any(|k| p.source.contains_key(*k))
    };
    let mut direct = Direct::default();
    for p in lock.package.iter().filter(|p| is_own(p)) {
        direct.own.insert(normalize(&p.name));
        for d in p
            .dependencies
            .iter()
            .chain(p.optional_dependencies.values().flatten())
        {
            direct.add(&normalize(&d.name), false);
        }
        for d in p.dev_dependencies.values().flatten() {
            direct.add(&normalize(&d.name), true);
        }
    }
    Ok(lock
        .package
        .iter()
        .filter(|p| !is_own(p) && !direct.own.contains(&normalize(&p.name)))
        .filter_map(|p| {
            let name = normalize(&p.name);
            let mut d = Dependency::new(Ecosystem::Pypi, &name, p.version.clone()?, path);
            if let Some(dev) = direct.get(&name) {
                d.direct = true;
                d.dev = dev;
            }
            d.hashes = p
                .sdist
                .as_ref()
                .and_then(|s| sdist_hash(s.hash.as_deref()?))
                .into_iter()
                .collect();
            Some(d)
        })
        .collect())
}

/// A PEP 751 lock (`pylock.toml`, `pylock.<name>.toml`).
#[derive(Deserialize)]
struct PyLock {
    #[serde(default)]
    packages: Vec<PyLockPackage>,
}

#[derive(Deserialize)]
struct PyLockPackage {
    name: String,
    version: Option<String>,
    /// A local directory: the project itself or a member of its workspace.
    directory: Option<toml::Value>,
}

/// Parses a PEP 751 lock: each package with its version. A package from a local directory (the
/// project, a workspace member) is not a dependency; one without a version (a VCS checkout)
/// cannot be named by version and is left out.
pub fn parse_pylock(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let lock: PyLock = toml::from_str(text).map_err(|e| toml_error(&e))?;
    Ok(lock
        .packages
        .iter()
        .filter(|p| p.directory.is_none())
        .filter_map(|p| {
            Some(Dependency::new(
                Ecosystem::Pypi,
                normalize(&p.name),
                p.version.clone()?,
                path,
            ))
        })
        .collect())
}

#[derive(Deserialize)]
struct PipfileLock {
    #[serde(default)]
    default: BTreeMap<String, PipfileLocked>,
    #[serde(default)]
    develop: BTreeMap<String, PipfileLocked>,
}

#[derive(Deserialize)]
struct PipfileLocked {
    version: Option<String>,
}

/// Parses a `Pipfile.lock` (`default` and `develop` sections; direct ones from the `Pipfile`
/// beside it).
///
/// # Errors
/// When the JSON is malformed.
pub fn parse_pipfile_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    // pipenv reads an empty lockfile as one that locks nothing.
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let lock: PipfileLock = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let mut direct = Direct::default();
    if let Some((_, pipfile)) = tree.sibling(path, "Pipfile") {
        if let Ok(doc) = toml::from_str::<toml::Table>(pipfile) {
            for (name, _, dev) in pipfile_entries(&doc) {
                direct.add(&name, dev);
            }
        }
    }
    let mut out = Vec::new();
    for (section, dev) in [(&lock.default, false), (&lock.develop, true)] {
        for (name, e) in section {
            let Some(v) = &e.version else { continue }; // path, git or editable
            let name = normalize(name);
            let mut d = Dependency::new(Ecosystem::Pypi, &name, v.trim_start_matches("=="), path);
            d.direct = direct.get(&name).is_some();
            d.dev = dev;
            out.push(d);
        }
    }
    Ok(out)
}

fn pipfile_entries(doc: &toml::Table) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for (section, dev) in [("packages", false), ("dev-packages", true)] {
        for (name, spec) in doc
            .get(section)
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
        {
            let Some(version) = spec_version(spec) else {
                continue;
            };
            out.push((normalize(name), version, dev));
        }
    }
    out
}

/// Parses a `Pipfile` that has no `Pipfile.lock`.
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_pipfile(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let doc: toml::Table = toml::from_str(text).map_err(|e| toml_error(&e))?;
    Ok(direct_dependencies(path, pipfile_entries(&doc)))
}

/// The version of a Poetry or Pipfile dependency spec (`"^1.2"` or `{ version = "^1.2" }`),
/// without a leading `==`; `None` for a path, git, url or file source, which is not a package
/// from PyPI.
fn spec_version(spec: &toml::Value) -> Option<String> {
    let version = match spec {
        toml::Value::String(s) => s.as_str(),
        toml::Value::Table(t) => {
            if ["path", "git", "url", "file"]
                .iter()
                .any(|k| t.contains_key(*k))
            {
                return None;
            }
            t.get("version")
                .and_then(toml::Value::as_str)
                .unwrap_or("*")
        }
        _ => return None,
    };
    Some(version.strip_prefix("==").unwrap_or(version).to_owned())
}

/// Declared (name, version, dev) entries of a manifest that no lockfile covers, as direct
/// dependencies attributed to `path`.
fn direct_dependencies(path: &str, entries: Vec<(String, String, bool)>) -> Vec<Dependency> {
    entries
        .into_iter()
        .map(|(name, version, dev)| {
            let mut d = Dependency::new(Ecosystem::Pypi, name, version, path);
            d.direct = true;
            d.dev = dev;
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(deps: &[Dependency]) -> Vec<String> {
        crate::facts::deps::summarize(deps)
    }

    #[test]
    fn pep508_lines() {
        assert_eq!(
            requirement("Django==4.2.7"),
            Some(("django".into(), "4.2.7".into()))
        );
        assert_eq!(
            requirement("requests[socks] >= 2.28, <3 ; python_version >= \"3.8\""),
            Some(("requests".into(), ">=2.28,<3".into()))
        );
        assert_eq!(
            requirement("zope.interface"),
            Some(("zope-interface".into(), String::new()))
        );
        assert_eq!(
            requirement("foo (==1.0)"),
            Some(("foo".into(), "1.0".into()))
        );
        assert_eq!(
            requirement("bar==1.*"),
            Some(("bar".into(), "==1.*".into()))
        );
    }

    /// A package from git at a commit is pinned by it; a branch is no pin.
    #[test]
    fn git_requirements_at_a_commit() {
        let text = "django-push @ git+https://github.com/brutasse/django-push.git@22fda99641cfbd2f3075a723d92652a8e38220a5\nother @ git+https://github.com/x/other.git@main\nflask==3.0.0\n";
        let deps =
            parse_requirements("requirements/prod.txt", text, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(String, String)> = deps
            .iter()
            .map(|d| (d.name.clone(), d.version.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "django-push".to_owned(),
                    "22fda99641cfbd2f3075a723d92652a8e38220a5".to_owned()
                ),
                ("flask".to_owned(), "3.0.0".to_owned()),
            ]
        );
    }

    #[test]
    fn pep_751_locks() {
        let text = "lock-version = \"1.0\"\ncreated-by = \"pip\"\n\n[[packages]]\nname = \"Flit_Core\"\nversion = \"4.0.2\"\n\n[[packages.wheels]]\nname = \"flit_core-4.0.2-py3-none-any.whl\"\n\n[packages.wheels.hashes]\nsha256 = \"8d80\"\n\n[[packages]]\nname = \"app\"\ndirectory = { path = \".\", editable = true }\n\n[[packages]]\nname = \"tool\"\nvcs = { type = \"git\", url = \"https://x\", commit-id = \"abc\" }\n";
        let deps = parse_pylock("build/pylock.toml", text, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(String, String)> = deps
            .iter()
            .map(|d| (d.name.clone(), d.version.clone()))
            .collect();
        assert_eq!(got, [("flit-core".to_owned(), "4.0.2".to_owned())]);
        assert!(parse_pylock("pylock.toml", "[[packages]\n", &Tree::from_texts(&[])).is_err());
    }

    #[test]
    fn requirements_with_includes_hashes_and_markers() {
        let base = "# base\nDjango==4.2.7 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\nrequests[socks]>=2.28; python_version >= '3.8'\n-e ./local\ngit+https://example.com/x.git#egg=x\n--index-url https://pypi.org/simple\n";
        let main = "-r common.txt\n-c constraints.txt\nFlask==3.0.0  # web\n";
        let tree = Tree::from_texts(&[("common.txt", base), ("requirements.txt", main)]);
        let deps = parse_requirements("requirements.txt", main, &tree).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "django@4.2.7 direct",
                "requests@>=2.28 direct",
                "flask@3.0.0 direct"
            ]
        );
        assert_eq!(deps[0].manifest, "common.txt");
        assert_eq!(deps[2].manifest, "requirements.txt");
    }

    #[test]
    fn pip_compile_via_annotations() {
        let text = "asgiref==3.7.2\n    # via django\ndjango==4.2.7\n    # via -r requirements.in\nsqlparse==0.4.4\n    # via\n    #   django\n    #   -r requirements.in\n";
        let deps = parse_requirements("requirements.txt", text, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "asgiref@3.7.2",
                "django@4.2.7 direct",
                "sqlparse@0.4.4 direct"
            ]
        );
    }

    #[test]
    fn poetry_lock_with_pyproject() {
        let pyproject = "[tool.poetry]\nname = \"app\"\n[tool.poetry.dependencies]\npython = \"^3.10\"\nrequests = \"^2.31\"\n[tool.poetry.group.dev.dependencies]\npytest = \"^7\"\n";
        let lock = "[[package]]\nname = \"requests\"\nversion = \"2.31.0\"\n\n[[package]]\nname = \"urllib3\"\nversion = \"2.1.0\"\n\n[[package]]\nname = \"pytest\"\nversion = \"7.4.3\"\n\n[metadata]\nlock-version = \"2.0\"\n";
        let tree = Tree::from_texts(&[("pyproject.toml", pyproject)]);
        let deps = parse_poetry_lock("poetry.lock", lock, &tree).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "requests@2.31.0 direct",
                "urllib3@2.1.0",
                "pytest@7.4.3 direct dev"
            ]
        );
    }

    #[test]
    fn uv_lock_own_and_direct() {
        let lock = r#"version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "httpx" }]

[package.dev-dependencies]
dev = [{ name = "ruff" }]

[[package]]
name = "httpx"
version = "0.27.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "anyio" }]

[[package]]
name = "anyio"
version = "4.3.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruff"
version = "0.4.1"
source = { registry = "https://pypi.org/simple" }
"#;
        let deps = parse_uv_lock("uv.lock", lock, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "httpx@0.27.0 direct",
                "anyio@4.3.0",
                "ruff@0.4.1 direct dev"
            ]
        );
    }

    #[test]
    fn sdist_hashes_from_poetry_and_uv_locks() {
        let sum = "f75253795a87df48568485fd18cdd2a3fa5c4f7c5be8e5e36637733fce06fed6";
        let poetry = format!(
            "[[package]]\nname = \"anyio\"\nversion = \"4.3.0\"\nfiles = [\n  {{file = \"anyio-4.3.0-py3-none-any.whl\", hash = \"sha256:{w}\"}},\n  {{file = \"anyio-4.3.0.tar.gz\", hash = \"sha256:{sum}\"}},\n]\n\n[[package]]\nname = \"six\"\nversion = \"1.16.0\"\nfiles = [{{file = \"six-1.16.0-py2.py3-none-any.whl\", hash = \"sha256:{w}\"}}]\n",
            w = "0".repeat(64)
        );
        let deps = parse_poetry_lock("poetry.lock", &poetry, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            deps[0].hashes,
            PackageHash::sha256_hex(sum).into_iter().collect::<Vec<_>>()
        );
        assert!(deps[1].hashes.is_empty(), "wheels only: no sdist digest");
        let uv = format!(
            "version = 1\n[[package]]\nname = \"anyio\"\nversion = \"4.3.0\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\nsdist = {{ url = \"https://files.pythonhosted.org/anyio-4.3.0.tar.gz\", hash = \"sha256:{sum}\", size = 1 }}\n"
        );
        let deps = parse_uv_lock("uv.lock", &uv, &Tree::from_texts(&[])).unwrap();
        assert_eq!(deps[0].hashes[0].content, sum);
    }

    #[test]
    fn pipfile_lock_and_pyproject_pep621() {
        let lock = r#"{"_meta": {}, "default": {"requests": {"version": "==2.31.0"}, "idna": {"version": "==3.6"}, "local": {"path": "."}}, "develop": {"pytest": {"version": "==7.4.0"}}}"#;
        let pipfile = "[packages]\nrequests = \"*\"\n[dev-packages]\npytest = \"*\"\n";
        let tree = Tree::from_texts(&[("Pipfile", pipfile)]);
        let deps = parse_pipfile_lock("Pipfile.lock", lock, &tree).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "idna@3.6",
                "requests@2.31.0 direct",
                "pytest@7.4.0 direct dev"
            ]
        );
        let py = "[project]\nname = \"x\"\ndependencies = [\"httpx>=0.27\", \"rich==13.7.1\"]\n[dependency-groups]\ndev = [\"pytest>=8\"]\n";
        let deps = parse_pyproject("pyproject.toml", py, &Tree::from_texts(&[])).unwrap();
        assert_eq!(
            summary(&deps),
            [
                "httpx@>=0.27 direct",
                "rich@13.7.1 direct",
                "pytest@>=8 direct dev"
            ]
        );
    }
}
