//! Dependencies from manifests and lockfiles, every ecosystem, offline.
//!
//! The walk keeps the text of every manifest and lockfile ([`FileFacts::text`]); this module
//! parses them after the walk, in parallel, with one pure parser per format (one file per
//! ecosystem below). Each dependency is attributed to the file it was read from: the lockfile
//! when there is one (it says what is really installed), else the manifest (what is declared).
//!
//! Rules that hold for every format:
//! - A lockfile covers the manifests in its directory (and, for workspace-aware ecosystems,
//!   below it); covered manifests are only read for context (which dependencies are direct,
//!   which are development-only, which packages are the project's own).
//! - The project's own packages (workspace members, the root package, path and link
//!   dependencies) are not dependencies.
//! - A malformed or truncated file becomes a [`ManifestProblem`] naming the file and the parse
//!   error; the other files are still read.
//! - A manifest that declares dependencies without a lockfile beside it becomes an
//!   [`UnlockedManifest`].
//! - Vendored trees (`node_modules/`, `vendor/`, virtual environments) are not the project's
//!   manifests and are skipped.
//!
//! Rust workspaces are resolved with `cargo metadata` when a `cargo` binary is available (see
//! [`cargo::metadata`] for how that call is hardened), falling back to `Cargo.lock`.

/// Above this many `Cargo.lock` files, all are parsed directly instead of through `cargo metadata`.
const MAX_CARGO_METADATA_RUNS: usize = 8;

pub mod cargo;
pub mod dotnet;
pub mod go;
pub mod jvm;
pub mod npm;
pub mod php;
pub mod pnpm;
pub mod python;
pub mod ruby;
pub mod version;
pub mod yarn;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::dependency::{
    DependencyScan, DependencySource, EntryWarning, ManifestProblem, UnlockedManifest,
};
use super::{Dependency, Ecosystem, FileFacts, FileKind, SkippedEntry};

/// The result of one parser: the dependencies, or a message saying what is wrong.
pub type Parsed = Result<Vec<Dependency>, String>;

/// A parser: the file's path (relative to the target) and text, and the other manifests.
type ParseFn = fn(&str, &str, &Tree) -> Parsed;

/// How the collector runs.
#[derive(Debug, Clone, Default)]
pub struct CollectOptions {
    /// Resolve Rust workspaces with `cargo metadata` when `cargo` is on the `PATH`.
    pub cargo_metadata: bool,
}

/// The manifests and lockfiles of the target: path → text, plus every path that exists.
pub struct Tree<'a> {
    texts: BTreeMap<&'a str, &'a str>,
    paths: BTreeSet<&'a str>,
    root: &'a Path,
    skipped: &'a [SkippedEntry],
    /// Entries the parsers left out (shared by the parallel parsers).
    warnings: std::sync::Mutex<Vec<EntryWarning>>,
}

impl<'a> Tree<'a> {
    /// Builds the tree from the walk's files.
    #[must_use]
    pub fn new(root: &'a Path, files: &'a [FileFacts], skipped: &'a [SkippedEntry]) -> Self {
        let mut texts = BTreeMap::new();
        let mut paths = BTreeSet::new();
        for f in files {
            if !f.is(FileKind::MANIFEST | FileKind::LOCKFILE) || is_vendored(&f.path) {
                continue;
            }
            paths.insert(f.path.as_str());
            if let Some(t) = &f.text {
                texts.insert(f.path.as_str(), t.as_str());
            }
        }
        Tree {
            texts,
            paths,
            root,
            skipped,
            warnings: std::sync::Mutex::default(),
        }
    }

    /// A tree from (path, text) pairs, for tests.
    #[must_use]
    pub fn from_texts(pairs: &[(&'a str, &'a str)]) -> Self {
        let kept = || pairs.iter().filter(|(p, _)| !is_vendored(p));
        Tree {
            texts: kept().copied().collect(),
            paths: kept().map(|(p, _)| *p).collect(),
            root: Path::new("/nonexistent"),
            skipped: &[],
            warnings: std::sync::Mutex::default(),
        }
    }

    /// The text of the file at `path`.
    #[must_use]
    pub fn text(&self, path: &str) -> Option<&'a str> {
        self.texts.get(path).copied()
    }

    /// Whether a manifest or lockfile exists at `path` (read or not).
    #[must_use]
    pub fn exists(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// The file named `name` in the directory of `of`, with its text.
    #[must_use]
    pub fn sibling(&self, of: &str, name: &str) -> Option<(String, &'a str)> {
        let p = join(dir_of(of), name);
        self.text(&p).map(|t| (p, t))
    }

    /// Every read file named `name` in `dir` or below it, in path order.
    pub fn under<'s>(
        &'s self,
        dir: &'s str,
        name: &'s str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 's {
        self.texts
            .iter()
            .filter(move |(p, _)| in_dir(p, dir) && file_name(p) == name)
            .map(|(p, t)| (*p, *t))
    }

    /// Every read file whose name satisfies `pred`, in `dir` or below.
    pub fn under_where<'s>(
        &'s self,
        dir: &'s str,
        pred: impl Fn(&str) -> bool + 's,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 's {
        self.texts
            .iter()
            .filter(move |(p, _)| in_dir(p, dir) && pred(file_name(p)))
            .map(|(p, t)| (*p, *t))
    }

    /// The text of a file the walk did not keep (a requirements file included by `-r` under any
    /// name): read from disk when it is a regular file inside the target, reached without
    /// following a symbolic link, and at most 1 MiB.
    #[must_use]
    pub fn read_other(&self, path: &str) -> Option<String> {
        if let Some(t) = self.text(path) {
            return Some(t.to_owned());
        }
        if path.is_empty()
            || path.starts_with('/')
            || path.split('/').any(|c| c == ".." || c.is_empty())
        {
            return None;
        }
        let mut full = self.root.to_path_buf();
        for component in path.split('/') {
            full.push(component);
            let meta = std::fs::symlink_metadata(&full).ok()?;
            if meta.file_type().is_symlink() {
                return None;
            }
        }
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if !meta.is_file() || meta.len() > 1 << 20 {
            return None;
        }
        std::fs::read_to_string(&full).ok()
    }

    /// Records that an entry of `path` (at `line`) was left out, and why: the parser goes on
    /// with the rest of the file.
    pub fn warn(&self, path: &str, line: Option<usize>, message: impl Into<String>) {
        let w = EntryWarning {
            path: path.to_owned(),
            line,
            message: message.into(),
        };
        self.warnings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(w);
    }

    /// The entries left out so far, sorted by path and line.
    #[must_use]
    pub fn warnings(&self) -> Vec<EntryWarning> {
        let mut w = self
            .warnings
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        w.sort();
        w.dedup();
        w
    }

    /// The absolute root of the target.
    #[must_use]
    pub fn root(&self) -> &Path {
        self.root
    }

    /// Entries the walk did not follow (symlinks), relative to the root.
    #[must_use]
    pub fn skipped(&self) -> &[SkippedEntry] {
        self.skipped
    }
}

/// The directory part of a relative path (`""` at the root).
#[must_use]
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The file-name part of a relative path.
#[must_use]
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `dir/name`, or `name` at the root.
#[must_use]
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether `path` is inside `dir` (any depth; `""` is the root).
#[must_use]
pub fn in_dir(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Directories of installed or vendored third-party code, whose manifests are not the
/// project's.
fn is_vendored(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|c| {
        matches!(
            c,
            "node_modules"
                | "bower_components"
                | "vendor"
                | ".venv"
                | "venv"
                | "site-packages"
                | "__pypackages__"
                | ".tox"
                | ".yarn"
                | ".pnpm-store"
        )
    })
}

/// What role a file plays.
#[derive(Clone, Copy)]
enum Role {
    /// A lockfile: always read.
    Lock,
    /// A manifest, read only when none of `locks` covers it (in its directory, or above it
    /// when `ancestors`). `flag`: without a lock, it is an unpinned build.
    Manifest {
        locks: &'static [&'static str],
        ancestors: bool,
        flag: bool,
    },
    /// Read on its own. `locks`: files that should sit beside it (else it is unpinned).
    Standalone { locks: &'static [&'static str] },
    /// Read on its own; unpinned when any requirement is not an exact version.
    Requirements,
}

struct Format {
    ecosystem: Ecosystem,
    /// A name for the report (`package-lock.json`, `pyproject.toml`).
    label: &'static str,
    role: Role,
    parse: ParseFn,
}

const NPM_LOCKS: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "bun.lockb",
];
const PY_LOCKS: &[&str] = &["poetry.lock", "uv.lock", "pdm.lock", "pylock.toml"];

/// Lockfiles that have a parser: a manifest under one of these is read through it.
const PARSED_LOCKS: &[&str] = &[
    "Cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Pipfile.lock",
    "Gemfile.lock",
    "composer.lock",
    "packages.lock.json",
];

/// The format of a file, by name.
fn format_of(name: &str) -> Option<Format> {
    use Ecosystem as E;
    let f = |ecosystem, label, role, parse: ParseFn| {
        Some(Format {
            ecosystem,
            label,
            role,
            parse,
        })
    };
    let lower = name.to_ascii_lowercase();
    match name {
        "Cargo.lock" => f(E::Cargo, "Cargo.lock", Role::Lock, cargo::parse_lock),
        "Cargo.toml" => f(
            E::Cargo,
            "Cargo.toml",
            Role::Manifest {
                locks: &["Cargo.lock"],
                ancestors: true,
                flag: true,
            },
            cargo::parse_manifest,
        ),
        "package-lock.json" | "npm-shrinkwrap.json" => {
            f(E::Npm, "package-lock.json", Role::Lock, npm::parse_lock)
        }
        "yarn.lock" => f(E::Npm, "yarn.lock", Role::Lock, yarn::parse_lock),
        "pnpm-lock.yaml" => f(E::Npm, "pnpm-lock.yaml", Role::Lock, pnpm::parse_lock),
        "package.json" => f(
            E::Npm,
            "package.json",
            Role::Manifest {
                locks: NPM_LOCKS,
                ancestors: true,
                flag: true,
            },
            npm::parse_manifest,
        ),
        "poetry.lock" => f(
            E::Pypi,
            "poetry.lock",
            Role::Lock,
            python::parse_poetry_lock,
        ),
        "uv.lock" => f(E::Pypi, "uv.lock", Role::Lock, python::parse_uv_lock),
        "pdm.lock" => f(E::Pypi, "pdm.lock", Role::Lock, python::parse_pdm_lock),
        "Pipfile.lock" => f(
            E::Pypi,
            "Pipfile.lock",
            Role::Lock,
            python::parse_pipfile_lock,
        ),
        "pyproject.toml" => f(
            E::Pypi,
            "pyproject.toml",
            Role::Manifest {
                locks: PY_LOCKS,
                ancestors: true,
                flag: true,
            },
            python::parse_pyproject,
        ),
        "Pipfile" => f(
            E::Pypi,
            "Pipfile",
            Role::Manifest {
                locks: &["Pipfile.lock"],
                ancestors: false,
                flag: true,
            },
            python::parse_pipfile,
        ),
        "go.mod" => f(
            E::Go,
            "go.mod",
            Role::Standalone { locks: &["go.sum"] },
            go::parse_mod,
        ),
        "go.sum" => f(E::Go, "go.sum", Role::Lock, go::parse_sum),
        "pom.xml" => f(
            E::Maven,
            "pom.xml",
            Role::Standalone { locks: &[] },
            jvm::parse_pom,
        ),
        "gradle.lockfile" => f(
            E::Maven,
            "gradle.lockfile",
            Role::Lock,
            jvm::parse_gradle_lock,
        ),
        "verification-metadata.xml" => f(
            E::Maven,
            "verification-metadata.xml",
            Role::Lock,
            jvm::parse_verification_metadata,
        ),
        _ if name.ends_with(".versions.toml") => f(
            E::Maven,
            "libs.versions.toml",
            Role::Standalone { locks: &[] },
            jvm::parse_version_catalog,
        ),
        "Gemfile.lock" => f(E::Rubygems, "Gemfile.lock", Role::Lock, ruby::parse_lock),
        "Gemfile" => f(
            E::Rubygems,
            "Gemfile",
            Role::Manifest {
                locks: &["Gemfile.lock"],
                ancestors: false,
                flag: true,
            },
            ruby::parse_gemfile,
        ),
        "composer.lock" => f(E::Composer, "composer.lock", Role::Lock, php::parse_lock),
        "composer.json" => f(
            E::Composer,
            "composer.json",
            Role::Manifest {
                locks: &["composer.lock"],
                ancestors: false,
                flag: true,
            },
            php::parse_manifest,
        ),
        "packages.lock.json" => f(
            E::Nuget,
            "packages.lock.json",
            Role::Lock,
            dotnet::parse_lock,
        ),
        "packages.config" => f(
            E::Nuget,
            "packages.config",
            Role::Standalone { locks: &[] },
            dotnet::parse_packages_config,
        ),
        _ if lower.ends_with(".csproj")
            || lower.ends_with(".fsproj")
            || lower.ends_with(".vbproj") =>
        {
            f(
                E::Nuget,
                "project file",
                Role::Manifest {
                    locks: &["packages.lock.json"],
                    ancestors: false,
                    flag: false,
                },
                dotnet::parse_project,
            )
        }
        _ if lower.starts_with("requirements")
            && (lower.ends_with(".txt") || lower.ends_with(".in")) =>
        {
            f(
                E::Pypi,
                "requirements",
                Role::Requirements,
                python::parse_requirements,
            )
        }
        _ => None,
    }
}

/// Parses `text` as the format that a file named `format_name` has (`Cargo.lock`,
/// `requirements.txt`, `app.csproj`), whatever `path` is called; `None` when no parser reads
/// that format. For corpus runs and benchmarks: [`collect`] picks formats by file name itself.
#[must_use]
pub fn parse_as(format_name: &str, path: &str, text: &str, tree: &Tree) -> Option<Parsed> {
    format_of(format_name).map(|f| (f.parse)(path, text, tree))
}

/// Whether the lockfile at `path` is ignored by its package manager because another one takes
/// precedence: npm reads `npm-shrinkwrap.json` and ignores a `package-lock.json` beside it.
/// Gradle's verification metadata lists what a `gradle.lockfile` of the same build locks: it
/// is read only when the build has no lockfile.
#[must_use]
pub fn superseded(path: &str, tree: &Tree) -> bool {
    match file_name(path) {
        "package-lock.json" => tree.exists(&join(dir_of(path), "npm-shrinkwrap.json")),
        "verification-metadata.xml" => {
            // `<build>/gradle/verification-metadata.xml`: any lockfile of `<build>`.
            let build = dir_of(dir_of(path));
            tree.paths
                .iter()
                .any(|p| in_dir(p, build) && file_name(p) == "gradle.lockfile")
        }
        _ => false,
    }
}

/// The lockfile covering `manifest`, if any: `(path, has a parser)`.
fn covering_lock(
    tree: &Tree,
    manifest: &str,
    locks: &[&str],
    ancestors: bool,
) -> Option<(String, bool)> {
    let mut dir = dir_of(manifest);
    loop {
        for lock in locks {
            let p = join(dir, lock);
            if tree.exists(&p) {
                return Some((p, PARSED_LOCKS.contains(lock)));
            }
        }
        if !ancestors || dir.is_empty() {
            return None;
        }
        dir = dir_of(dir);
    }
}

/// One file to parse.
struct Job<'a> {
    path: &'a str,
    text: Option<&'a str>,
    format: Format,
    /// Set when the file is an unpinned manifest: what would pin it.
    unlocked: Option<String>,
}

/// The dependency facts of the target: parses the manifests and lockfiles the walk kept (when a
/// check needs [`Needs::MANIFESTS`](crate::facts::Needs::MANIFESTS)), then asks the registries
/// (when one needs [`Needs::REGISTRY`](crate::facts::Needs::REGISTRY); never offline).
/// The registry cache is never placed inside the target.
#[must_use]
pub fn gather(
    root: &Path,
    files: &[FileFacts],
    skipped: &[SkippedEntry],
    needs: crate::facts::Needs,
    lookup: &crate::facts::registry::LookupOptions,
    progress: &crate::progress::Progress,
) -> (Vec<Dependency>, DependencyScan) {
    use crate::facts::Needs;
    if !needs.contains(Needs::MANIFESTS) {
        return (Vec::new(), DependencyScan::default());
    }
    let tree = Tree::new(root, files, skipped);
    let (mut deps, mut scan) = collect(
        &tree,
        &CollectOptions {
            cargo_metadata: true,
        },
    );
    if needs.contains(Needs::REGISTRY) {
        let mut lookup = lookup.clone();
        lookup.cache_dir =
            crate::facts::registry::http::cache_dir_outside(lookup.cache_dir.as_deref(), root);
        if lookup.cache_dir.is_none() {
            if let Some(f) = lookup.fetch.as_mut() {
                f.cache_dir = None;
            }
        }
        scan.lookup = crate::facts::registry::enrich(&mut deps, &lookup, progress);
    }
    (deps, scan)
}

/// Parses every manifest and lockfile of the target.
#[must_use]
pub fn collect(tree: &Tree, opts: &CollectOptions) -> (Vec<Dependency>, DependencyScan) {
    let mut jobs = Vec::new();
    for &path in &tree.paths {
        let Some(format) = format_of(file_name(path)) else {
            continue;
        };
        if superseded(path, tree) {
            continue;
        }
        // A pip-tools input (`requirements.in`) beside its compiled `.txt` is context only.
        if let Some(stem) = path.strip_suffix(".in") {
            if tree.exists(&format!("{stem}.txt")) {
                continue;
            }
        }
        let unlocked = match format.role {
            Role::Lock | Role::Requirements => None,
            Role::Standalone { locks } => {
                let dir = dir_of(path);
                (!locks.is_empty() && !locks.iter().any(|l| tree.exists(&join(dir, l))))
                    .then(|| locks.join(" or "))
            }
            Role::Manifest {
                locks,
                ancestors,
                flag,
            } => match covering_lock(tree, path, locks, ancestors) {
                Some((_, true)) => continue,
                Some((_, false)) => None,
                None => flag.then(|| {
                    let names: Vec<&str> = locks
                        .iter()
                        .filter(|l| !l.ends_with(".lockb") && !l.starts_with("bun"))
                        .copied()
                        .collect();
                    match names.as_slice() {
                        [one] => (*one).to_owned(),
                        [rest @ .., last] => {
                            format!("a lockfile ({} or {last})", rest.join(", "))
                        }
                        [] => "a lockfile".to_owned(),
                    }
                }),
            },
        };
        jobs.push(Job {
            path,
            text: tree.text(path),
            format,
            unlocked,
        });
    }

    // `cargo metadata` is a process per lockfile (tens of milliseconds each). A project has a
    // handful of Cargo.lock files; hundreds mean vendored crates, which the parser handles as
    // well at a fraction of the cost.
    let cargo_locks = jobs
        .iter()
        .filter(|j| j.format.ecosystem == Ecosystem::Cargo && j.format.label == "Cargo.lock")
        .count();
    let use_metadata = opts.cargo_metadata && cargo_locks <= MAX_CARGO_METADATA_RUNS;
    let results: Vec<(usize, Parsed, Option<String>, String)> = jobs
        .par_iter()
        .enumerate()
        .map(|(i, job)| {
            let Some(text) = job.text else {
                return (
                    i,
                    Err("not read (too large, binary or unreadable)".to_owned()),
                    None,
                    job.format.label.to_owned(),
                );
            };
            if job.format.ecosystem == Ecosystem::Cargo
                && job.format.label == "Cargo.lock"
                && use_metadata
            {
                match cargo::metadata(tree, job.path) {
                    Ok(deps) => return (i, Ok(deps), None, "cargo metadata".to_owned()),
                    Err(why) => {
                        let parsed = (job.format.parse)(job.path, text, tree);
                        return (
                            i,
                            parsed,
                            Some(format!("cargo metadata not used: {why}")),
                            "Cargo.lock".to_owned(),
                        );
                    }
                }
            }
            (
                i,
                (job.format.parse)(job.path, text, tree),
                None,
                job.format.label.to_owned(),
            )
        })
        .collect();

    let mut scan = DependencyScan::default();
    let mut all = Vec::new();
    for (i, parsed, note, method) in results {
        let job = &jobs[i];
        match parsed {
            Ok(deps) => {
                let unpinned = match job.format.role {
                    Role::Requirements => deps
                        .iter()
                        .filter(|d| !version::is_concrete(d.ecosystem, &d.version))
                        .count(),
                    _ => 0,
                };
                if unpinned > 0 {
                    scan.unlocked.push(UnlockedManifest {
                        path: job.path.to_owned(),
                        ecosystem: job.format.ecosystem,
                        expected: "exact pins (==) or a lockfile".into(),
                        dependencies: unpinned,
                    });
                } else if let Some(expected) = &job.unlocked {
                    if !deps.is_empty() {
                        scan.unlocked.push(UnlockedManifest {
                            path: job.path.to_owned(),
                            ecosystem: job.format.ecosystem,
                            expected: expected.clone(),
                            dependencies: deps.len(),
                        });
                    }
                }
                scan.sources.push(DependencySource {
                    path: job.path.to_owned(),
                    ecosystem: job.format.ecosystem,
                    method,
                    dependencies: deps.len(),
                    note,
                });
                all.extend(deps);
            }
            Err(message) => scan.problems.push(ManifestProblem {
                path: job.path.to_owned(),
                message,
            }),
        }
    }
    scan.skipped_entries = tree.warnings();
    (dedup(all), scan)
}

/// Sorts by (ecosystem, name, version, manifest) and merges duplicates: direct if any copy is,
/// development-only if every copy is.
#[must_use]
pub fn dedup(mut deps: Vec<Dependency>) -> Vec<Dependency> {
    deps.sort_by(|a, b| {
        (a.ecosystem, &a.name, &a.version, &a.manifest).cmp(&(
            b.ecosystem,
            &b.name,
            &b.version,
            &b.manifest,
        ))
    });
    let mut out: Vec<Dependency> = Vec::with_capacity(deps.len());
    for d in deps {
        if let Some(last) = out.last_mut() {
            if last.ecosystem == d.ecosystem
                && last.name == d.name
                && last.version == d.version
                && last.manifest == d.manifest
            {
                last.direct |= d.direct;
                last.dev &= d.dev;
                if last.license.is_none() {
                    last.license = d.license;
                }
                continue;
            }
        }
        out.push(d);
    }
    out
}

/// Names declared directly, each with whether only as a development dependency.
#[derive(Debug, Default, Clone)]
pub struct Direct {
    names: BTreeMap<String, bool>,
    /// The project's own package names (excluded from dependencies).
    pub own: BTreeSet<String>,
}

impl Direct {
    /// Records a direct dependency; `dev` when declared for development only.
    pub fn add(&mut self, name: &str, dev: bool) {
        self.names
            .entry(name.to_owned())
            .and_modify(|d| *d &= dev)
            .or_insert(dev);
    }

    /// `Some(dev_only)` when `name` is declared directly.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<bool> {
        self.names.get(name).copied()
    }

    /// Whether anything was declared.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// A short message for a serde error, with line and column when known.
pub(crate) fn json_error(e: &serde_json::Error) -> String {
    format!(
        "invalid JSON at line {} column {}: {e}",
        e.line(),
        e.column()
    )
}

/// A short message for a TOML error (the first line, which carries the position).
pub(crate) fn toml_error(e: &toml::de::Error) -> String {
    let msg = e.message();
    match e.span() {
        Some(span) => format!("invalid TOML at byte {}: {msg}", span.start),
        None => format!("invalid TOML: {msg}"),
    }
}

/// `name@version[ direct][ dev]` for each dependency, in the given order: the compact form the
/// parser tests compare against.
#[cfg(test)]
pub(crate) fn summarize(deps: &[Dependency]) -> Vec<String> {
    deps.iter()
        .map(|d| {
            format!(
                "{}@{}{}{}",
                d.name,
                d.version,
                if d.direct { " direct" } else { "" },
                if d.dev { " dev" } else { "" }
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(deps: &[Dependency]) -> Vec<String> {
        deps.iter()
            .map(|d| format!("{}@{}", d.name, d.version))
            .collect()
    }

    #[test]
    fn a_covered_manifest_is_context_and_an_uncovered_one_is_flagged() {
        let tree = Tree::from_texts(&[
            (
                "web/package.json",
                r#"{"dependencies": {"left-pad": "^1.3.0"}}"#,
            ),
            (
                "api/package.json",
                r#"{"name": "api", "dependencies": {"express": "4.18.2"}}"#,
            ),
            (
                "api/package-lock.json",
                r#"{"lockfileVersion": 3, "packages": {"": {"name": "api", "dependencies": {"express": "4.18.2"}}, "node_modules/express": {"version": "4.18.2"}}}"#,
            ),
            (
                "web/node_modules/x/package.json",
                r#"{"dependencies": {"y": "1"}}"#,
            ),
        ]);
        let (deps, scan) = collect(&tree, &CollectOptions::default());
        assert_eq!(names(&deps), ["express@4.18.2", "left-pad@^1.3.0"]);
        assert_eq!(deps[0].manifest, "api/package-lock.json");
        assert!(deps[0].direct);
        assert_eq!(scan.unlocked.len(), 1);
        assert_eq!(scan.unlocked[0].path, "web/package.json");
        assert!(scan.problems.is_empty());
    }

    #[test]
    fn a_malformed_file_is_a_problem_and_the_rest_goes_on() {
        let tree = Tree::from_texts(&[
            ("Cargo.lock", "version = 3\n[[package]\nname = "),
            (
                "go.mod",
                "module example.com/a\n\nrequire github.com/pkg/errors v0.9.1\n",
            ),
            ("go.sum", ""),
        ]);
        let (deps, scan) = collect(&tree, &CollectOptions::default());
        assert_eq!(names(&deps), ["github.com/pkg/errors@v0.9.1"]);
        assert_eq!(scan.problems.len(), 1);
        assert_eq!(scan.problems[0].path, "Cargo.lock");
        assert!(
            scan.problems[0].message.contains("TOML"),
            "{:?}",
            scan.problems
        );
    }

    #[test]
    fn duplicates_merge_direct_and_dev() {
        let mut a = Dependency::new(Ecosystem::Npm, "a", "1.0.0", "package-lock.json");
        a.dev = true;
        let mut b = a.clone();
        b.direct = true;
        b.dev = false;
        let out = dedup(vec![a, b]);
        assert_eq!(out.len(), 1);
        assert!(out[0].direct);
        assert!(!out[0].dev);
    }

    #[test]
    fn vendored_paths() {
        assert!(is_vendored("node_modules/a/package.json"));
        assert!(is_vendored("app/vendor/x/composer.json"));
        assert!(!is_vendored("vendor.json"));
        assert!(!is_vendored("packages/vendor-tools/package.json"));
    }
}
