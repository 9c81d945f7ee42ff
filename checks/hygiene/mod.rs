//! `hygiene`: is anything committed that should not be?
//!
//! Looks at the paths, sizes and per-file health facts of the walk (which honours `.gitignore`,
//! so an ignored artefact is correctly not seen: it is not committed) for build outputs and
//! dependency folders, binaries and archives, files over 10 MiB, `.env` files, database dumps,
//! personal IDE files, OS cruft, and generated or minified code without a marker; and parses the
//! root `.gitignore` with `ignore`'s gitignore matcher to find the entries missing for the
//! languages in use. The detection tables and the points are data (`rules.toml`). The score
//! starts at 100 and each finding takes its rule's points off, up to the rule's cap.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::LazyLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;

use crate::check::{Check, CheckConfig, Evaluation, Finding, Severity, Tally};
use crate::facts::health::GENERATED_LINE_CHARS;
use crate::facts::roles::role_of_path;
use crate::facts::secrets::engine::is_placeholder;
use crate::facts::{FileFacts, Needs, NotScanned, RepoFacts, Role};

/// The check.
pub struct Hygiene;

/// At most this many findings of one rule are listed; the rest are summed up in one more.
const MAX_LISTED: usize = 25;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rules {
    rules: BTreeMap<String, Scoring>,
    artefact_dirs: Vec<ArtefactDir>,
    binary_extensions: Vec<String>,
    archive_extensions: Vec<String>,
    media_extensions: Vec<String>,
    binary_allow: Vec<String>,
    large_file_bytes: u64,
    env_files: Vec<String>,
    env_allow: Vec<String>,
    database_files: Vec<String>,
    sql_dump_words: Vec<String>,
    sql_dump_bytes: u64,
    ide_files: Vec<String>,
    ide_allow: Vec<String>,
    os_cruft: Vec<String>,
    minified_suffixes: Vec<String>,
    generated_line_share: f64,
    gitignore: Vec<GitignoreRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scoring {
    severity: Severity,
    points: u32,
    cap: u32,
    /// Counted in every path role, not only in product code.
    #[serde(default)]
    everywhere: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArtefactDir {
    name: String,
    what: String,
    #[serde(default)]
    beside: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GitignoreRule {
    language: String,
    markers: Vec<String>,
    entries: Vec<String>,
}

/// A list of gitignore-style globs: without a `/` a pattern matches the file name, with one the
/// whole path.
struct Patterns {
    names: GlobSet,
    paths: GlobSet,
}

impl Patterns {
    fn new(globs: &[String]) -> Self {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        for g in globs {
            let glob = Glob::new(g).expect("rules.toml globs are valid (tested)");
            if g.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        Patterns {
            names: names.build().expect("valid glob set"),
            paths: paths.build().expect("valid glob set"),
        }
    }

    fn matches(&self, file: &Candidates<'_>) -> bool {
        self.names.is_match_candidate(&file.name) || self.paths.is_match_candidate(&file.path)
    }
}

/// A file's name and path, prepared once for the glob sets (each set would otherwise prepare
/// them again).
struct Candidates<'a> {
    name: globset::Candidate<'a>,
    path: globset::Candidate<'a>,
}

impl<'a> Candidates<'a> {
    fn of(file: &'a FileFacts) -> Self {
        Candidates {
            name: globset::Candidate::new(file.name()),
            path: globset::Candidate::new(&file.path),
        }
    }
}

struct Tables {
    rules: Rules,
    binary_allow: Patterns,
    env_files: Patterns,
    env_allow: Patterns,
    database_files: Patterns,
    ide_files: Patterns,
    ide_allow: Patterns,
    os_cruft: Patterns,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let rules: Rules =
        toml::from_str(include_str!("rules.toml")).expect("rules.toml is valid (tested)");
    Tables {
        binary_allow: Patterns::new(&rules.binary_allow),
        env_files: Patterns::new(&rules.env_files),
        env_allow: Patterns::new(&rules.env_allow),
        database_files: Patterns::new(&rules.database_files),
        ide_files: Patterns::new(&rules.ide_files),
        ide_allow: Patterns::new(&rules.ide_allow),
        os_cruft: Patterns::new(&rules.os_cruft),
        rules,
    }
});

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_ascii_lowercase())
}

/// A size for people: bytes, KiB or MiB.
fn human(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    }
}

/// The parent folder of a path ("" at the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether the folder `dir` directly holds a file matching `pattern` (a name, or `*.ext`).
fn dir_holds(facts: &RepoFacts, dir: &str, pattern: &str) -> bool {
    match pattern.strip_prefix('*') {
        None => facts.file(&join(dir, pattern)).is_some(),
        Some(suffix) => {
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            let start = facts.files.partition_point(|f| f.path < prefix);
            facts.files[start..]
                .iter()
                .take_while(|f| f.path.starts_with(&prefix))
                .any(|f| parent(&f.path) == dir && f.name().ends_with(suffix))
        }
    }
}

/// Findings of one rule, before the listing cap.
#[derive(Default)]
struct Found {
    by_rule: BTreeMap<&'static str, Vec<Finding>>,
    /// Listed for the reader, never counted.
    info: Vec<Finding>,
}

impl Found {
    /// Records a finding about `path`, whose path role is `role`. Outside product code it is
    /// labelled with the role and, unless the rule counts everywhere, lowered to `info`.
    fn push(
        &mut self,
        rule: &'static str,
        message: String,
        path: &str,
        remediation: &str,
        role: Role,
    ) {
        let finding =
            Finding::new(rule, Severity::Info, message, remediation.to_owned()).at(path, None);
        self.add(rule, finding, role);
    }

    fn add(&mut self, rule: &'static str, mut finding: Finding, role: Role) {
        let scoring = &TABLES.rules.rules[rule];
        finding.severity = if role.is_product() || scoring.everywhere {
            scoring.severity
        } else {
            Severity::Info
        };
        self.by_rule
            .entry(rule)
            .or_default()
            .push(finding.in_role(role));
    }
}

/// Whether a finding counts in the score: about product code, or of a rule that counts
/// everywhere.
fn counts(rule: &str, f: &Finding) -> bool {
    f.is_product() || TABLES.rules.rules[rule].everywhere
}

/// Scripts a person writes and runs (`build/queue-all.ps1`), never what a build writes.
const SCRIPT_EXTENSIONS: &[&str] = &["sh", "bash", "ps1", "psm1", "bat", "cmd"];

/// The committed artefact folders: folder path → (what it is, files, bytes). A folder of
/// scripts only (a .NET solution's `build/` of PowerShell scripts, beside the `package.json`
/// of its end-to-end tests) is not build output.
fn artefact_folders(facts: &RepoFacts) -> BTreeMap<String, (&'static str, u64, u64)> {
    let mut scripts_only: HashMap<String, bool> = HashMap::new();
    let tables: &'static Tables = &TABLES;
    let mut by_first: HashMap<&str, Vec<&'static ArtefactDir>> = HashMap::new();
    for a in &tables.rules.artefact_dirs {
        let first = a.name.split('/').next().unwrap_or(&a.name);
        by_first.entry(first).or_default().push(a);
    }
    let mut beside_cache: HashMap<(String, &str), bool> = HashMap::new();
    let mut out: BTreeMap<String, (&'static str, u64, u64)> = BTreeMap::new();
    for f in &facts.files {
        let comps: Vec<&str> = f.path.split('/').collect();
        let dirs = &comps[..comps.len() - 1];
        'search: for i in 0..dirs.len() {
            let Some(candidates) = by_first.get(dirs[i]) else {
                continue;
            };
            for a in candidates {
                let parts: Vec<&str> = a.name.split('/').collect();
                if !dirs[i..].starts_with(&parts) {
                    continue;
                }
                let parent_dir = dirs[..i].join("/");
                let ok = a.beside.is_empty()
                    || *beside_cache
                        .entry((parent_dir.clone(), a.name.as_str()))
                        .or_insert_with(|| {
                            a.beside.iter().any(|p| dir_holds(facts, &parent_dir, p))
                        });
                if ok {
                    let dir = dirs[..i + parts.len()].join("/");
                    let script = extension(f.name())
                        .is_some_and(|e| SCRIPT_EXTENSIONS.contains(&e.as_str()));
                    *scripts_only.entry(dir.clone()).or_insert(true) &= script;
                    let e = out.entry(dir).or_insert((a.what.as_str(), 0, 0));
                    e.1 += 1;
                    e.2 += f.size;
                    break 'search;
                }
            }
        }
    }
    out.retain(|dir, _| !scripts_only.get(dir).copied().unwrap_or(false));
    out
}

/// The product file that loads a committed folder of built files, and how: a Go file that
/// embeds it or a file inside it (`//go:embed dist/assets`, relative to the Go file's folder),
/// or a server-side file that names it in a path (`__DIR__.'/../../resources/renderer/dist/'`,
/// relative to the file's folder or to the root).
fn loader<'f>(facts: &'f RepoFacts, dir: &str) -> Option<(&'f str, &'static str)> {
    let at_or_under = |target: &str| {
        target == dir || target.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
    };
    facts.files.iter().find_map(|f| {
        let source = f.scan.source.as_ref()?;
        let base = parent(&f.path);
        if source
            .go_embeds
            .iter()
            .any(|p| at_or_under(&join(base, p.trim_start_matches("./"))))
        {
            return Some((f.path.as_str(), "embeds it into the program (`//go:embed`)"));
        }
        let loads = source.dist_refs.iter().any(|p| {
            // `__DIR__ . '/../x'`: the leading slash joins the literal to the file's folder.
            let relative = p
                .strip_prefix('/')
                .filter(|r| r.starts_with('.'))
                .unwrap_or(p);
            !relative.starts_with('/')
                && [base, ""]
                    .iter()
                    .any(|from| resolve(from, relative).is_some_and(|target| at_or_under(&target)))
        });
        loads.then_some((f.path.as_str(), "loads it by its path"))
    })
}

/// `relative` joined to the folder `from`, with `.` and `..` resolved; `None` above the root.
fn resolve(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A gitignore matcher from the text of a `.gitignore`,
/// built without touching the disk.
fn matcher<'a>(lines: impl IntoIterator<Item = &'a str>) -> Gitignore {
    let mut b = GitignoreBuilder::new("/");
    for line in lines {
        // A malformed line is skipped, as git does.
        let _ = b.add_line(None, line);
    }
    b.build().unwrap_or_else(|_| Gitignore::empty())
}

/// Whether the `.gitignore` keeps a folder of the rules' `entries` out: `folder`, or
/// `folder/file` when ignoring the files it holds is enough (`*.pyc` keeps `__pycache__/` out).
fn ignores(gi: &Gitignore, entry: &str) -> bool {
    let (dir, held) = match entry.split_once('/') {
        Some((dir, _)) => (dir, entry.to_owned()),
        None => (entry, format!("{entry}/file")),
    };
    gi.matched(dir, true).is_ignore() || gi.matched_path_or_any_parents(held, false).is_ignore()
}

/// What the text of an environment file shows, when it holds no credential.
enum EnvContent {
    /// Settings only: these variables, none of them a credential.
    Settings(Vec<String>),
    /// Credentials whose values are all placeholders (`changethis`, `${POSTGRES_PASSWORD}`,
    /// `<your-key>`): a template. The names of those variables.
    Placeholders(Vec<String>),
}

/// What an environment file whose text was read holds, when none of its variables is a
/// credential: no name that says so (`DB_PASSWORD`, `API_KEY`, `SECRET`, `TOKEN`, …) with a
/// value other than a placeholder, no URL with a password other than a placeholder in it, and
/// no secret found in the file. `None` when one is, or the text is not known.
fn env_content(f: &FileFacts) -> Option<EnvContent> {
    const CREDENTIAL_WORDS: &[&str] = &[
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "tokens",
        "key",
        "keys",
        "apikey",
        "credential",
        "credentials",
        "auth",
        "dsn",
        "salt",
        "cookie",
        "session",
        "private",
        "cert",
        "signature",
        "webhook",
    ];
    let text = f.text.as_deref()?;
    // A key that is public by design (a Firebase web app's configuration) is info: not a
    // credential here either.
    if f.scan.secrets.iter().any(|h| h.severity > Severity::Info) {
        return None;
    }
    let mut names = Vec::new();
    let mut placeholders = Vec::new();
    // The quote of a value that runs over several lines (`KEY='…` up to the closing quote).
    let mut open_quote: Option<char> = None;
    for line in text.lines() {
        if let Some(q) = open_quote {
            if line.contains(q) {
                open_quote = None;
            }
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let (name, value) = line.split_once('=')?;
        let (name, value) = (name.trim(), value.trim());
        if let Some(q) = value.chars().next().filter(|c| matches!(c, '\'' | '"')) {
            if !value[1..].contains(q) {
                open_quote = Some(q);
            }
        }
        let lower = name.to_ascii_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        // A public key (`…_PUBLIC_KEY`) is no credential.
        let public_key = words.contains(&"public")
            && words
                .iter()
                .all(|w| !CREDENTIAL_WORDS.contains(w) || matches!(*w, "key" | "keys"));
        let credential_name = !public_key
            && (words.iter().any(|w| CREDENTIAL_WORDS.contains(w))
                || ["password", "secret", "token", "apikey", "privatekey"]
                    .iter()
                    .any(|w| lower.contains(w)));
        // `scheme://user:password@host`: the password.
        let url_password = value.split_once("://").and_then(|(_, rest)| {
            let authority = rest.split(['/', '?', '#']).next()?;
            let (userinfo, _) = authority.rsplit_once('@')?;
            userinfo.split_once(':').map(|(_, password)| password)
        });
        let unquoted = value.trim_matches(|c| matches!(c, '\'' | '"'));
        let secret = match url_password {
            Some(password) => Some(password),
            None if credential_name && !unquoted.is_empty() => Some(unquoted),
            None => None,
        };
        match secret {
            Some(s) if is_placeholder(s.as_bytes()) => placeholders.push(name.to_owned()),
            Some(_) => return None,
            None => names.push(name.to_owned()),
        }
    }
    Some(if placeholders.is_empty() {
        EnvContent::Settings(names)
    } else {
        EnvContent::Placeholders(placeholders)
    })
}

/// Per-file rules, first match wins (a large file is reported as large as well).
fn file_rules(f: &FileFacts, found: &mut Found) {
    let t = &*TABLES;
    let name = f.name();
    let ext = extension(name);
    let ext = ext.as_deref().unwrap_or("");
    let c = &Candidates::of(f);
    if t.os_cruft.matches(c) {
        found.push(
            "os-cruft-committed",
            format!("`{name}` is operating-system or editor clutter."),
            &f.path,
            "Delete it and add the pattern to .gitignore (or to your global gitignore).",
            f.role,
        );
    } else if t.env_files.matches(c) && !t.env_allow.matches(c) {
        match env_content(f) {
            Some(EnvContent::Settings(names)) => found.info.push(
                Finding::new(
                    "env-file-committed",
                    Severity::Info,
                    format!(
                        "`{}` is an environment file that holds settings only ({}): no credential-named variable, no credential in a URL and no secret found in it. Not counted.",
                        f.path,
                        if names.is_empty() { "no variable".to_owned() } else { names.join(", ") }
                    ),
                    "Keep it to settings that may be public; put credentials in an ignored `.env.local` or the deployment's secret store.".to_owned(),
                )
                .at(&f.path, None)
                .in_role(f.role),
            ),
            Some(EnvContent::Placeholders(names)) => found.push(
                "env-template-committed",
                format!(
                    "`{}` is an environment file whose credentials are placeholders only ({}): a template committed under the name of the live file, where a real value is one edit away from being committed.",
                    f.path,
                    names.join(", ")
                ),
                &f.path,
                "Rename it `.env.example` and ignore `.env`, so that the real values each person or deployment fills in are never committed.",
                f.role,
            ),
            None => found.push(
                "env-file-committed",
                format!("`{}` is an environment file: it usually holds credentials and local settings.", f.path),
                &f.path,
                "Remove it from the repository, rotate every credential it held, ignore `.env*` and commit a `.env.example` with placeholder values instead.",
                f.role,
            ),
        }
    } else if t.database_files.matches(c)
        || ext == "sql"
            && (f.size >= t.rules.sql_dump_bytes
                || t.rules
                    .sql_dump_words
                    .iter()
                    .any(|w| name.to_ascii_lowercase().contains(w.as_str())))
    {
        found.push(
            "database-dump-committed",
            format!("`{}` is a database file or dump ({}): it may hold customer data.", f.path, human(f.size)),
            &f.path,
            "Remove it from the repository (and from the history), check what data it held, and seed databases from scripts or anonymised fixtures instead.",
            f.role,
        );
    } else if t.ide_files.matches(c) && !t.ide_allow.matches(c) {
        found.push(
            "ide-file-committed",
            format!("`{}` is personal IDE or editor state.", f.path),
            &f.path,
            "Remove it and ignore it; share only the project settings meant for everyone (.vscode/settings.json, extensions.json, launch.json, tasks.json).",
            f.role,
        );
    } else if t.binary_allow.matches(c) {
        // A wrapper jar the build tool expects: fine.
    } else if t.rules.archive_extensions.iter().any(|e| e == ext) {
        found.push(
            "archive-committed",
            format!("`{}` is an archive or package ({}).", f.path, human(f.size)),
            &f.path,
            "Do not commit archives: publish them as release artefacts or fetch them in the build, and keep their sources in the repository.",
            f.role,
        );
    } else if t.rules.binary_extensions.iter().any(|e| e == ext) {
        found.push(
            "binary-committed",
            format!("`{}` is compiled code ({}): it cannot be reviewed or rebuilt from this repository.", f.path, human(f.size)),
            &f.path,
            "Remove it and build it from source in CI; if it is a third-party binary, fetch it by version and checksum.",
            f.role,
        );
    } else if f.not_scanned == Some(NotScanned::Binary)
        && !t.rules.media_extensions.iter().any(|e| e == ext)
        // A binary lockfile (Bun's `bun.lockb`) is what the package manager writes.
        && !f.is(crate::facts::FileKind::LOCKFILE)
    {
        found.push(
            "binary-committed",
            format!("`{}` is a binary file of an unrecognised type ({}).", f.path, human(f.size)),
            &f.path,
            "Check what it is; remove build outputs and fetch third-party binaries in the build instead.",
            f.role,
        );
    }
    if f.size > t.rules.large_file_bytes {
        found.push(
            "large-file-committed",
            format!("`{}` is {} (over {}): every clone downloads it, forever.", f.path, human(f.size), human(t.rules.large_file_bytes)),
            &f.path,
            "Remove it from the history, or track it with Git LFS; keep data sets in object storage.",
            f.role,
        );
    }
}

/// Generated or minified code committed without a marker.
fn generated_unmarked(f: &FileFacts, found: &mut Found) {
    let t = &*TABLES;
    // Third-party code and code already known to be generated (by its name, a header, or
    // `linguist-generated` in .gitattributes: the path roles) need no marker of ours.
    if matches!(f.role, Role::Vendored | Role::Generated | Role::BuildOutput) {
        return;
    }
    let health = f.scan.health.as_ref();
    let lower = f.name().to_ascii_lowercase();
    let minified = t
        .rules
        .minified_suffixes
        .iter()
        .any(|s| lower.ends_with(s.as_str()));
    // Mostly long lines: a hand-written file with data pasted into one line (a colour table,
    // an SVG path) is not generated code (the code-health check lists its long line).
    let long_line = f.is(crate::facts::FileKind::SOURCE)
        && health.is_some_and(|h| {
            h.longest_line >= GENERATED_LINE_CHARS
                && h.long_line_bytes as f64 >= t.rules.generated_line_share * f.size as f64
        });
    if !minified && !long_line {
        return;
    }
    if health.is_some_and(|h| h.generated_marker) {
        return;
    }
    let message = if minified {
        format!("`{}` is minified code committed outside a vendored folder, without a generated marker.", f.path)
    } else {
        let h = health.map_or((0, 0), |h| (h.longest_line, h.longest_line_at));
        format!(
            "`{}` is mostly lines of {GENERATED_LINE_CHARS} characters or more (the longest, line {}, has {}): generated code, committed without a generated marker.",
            f.path, h.1, h.0
        )
    };
    let line = if minified {
        None
    } else {
        health.map(|h| h.longest_line_at)
    };
    found.add(
        "generated-unmarked",
        Finding::new(
            "generated-unmarked",
            Severity::Info,
            message,
            "Generate it in the build instead of committing it; if it must be committed, mark it (an `@generated` header, or `linguist-generated` in .gitattributes) so reviewers and tools skip it, or move third-party code under vendor/.",
        )
        .at(&f.path, line),
        f.role,
    );
}

/// Languages in use (by their root markers) whose entries the root `.gitignore` misses.
fn gitignore_gaps(facts: &RepoFacts, found: &mut Found) {
    let t = &*TABLES;
    let in_use: Vec<&GitignoreRule> = t
        .rules
        .gitignore
        .iter()
        .filter(|g| g.markers.iter().any(|m| dir_holds(facts, "", m)))
        .collect();
    if in_use.is_empty() {
        return;
    }
    let Some(gitignore) = facts.file(".gitignore") else {
        let languages: Vec<&str> = in_use.iter().map(|g| g.language.as_str()).collect();
        found.by_rule.entry("gitignore-missing").or_default().push(Finding::new(
            "gitignore-missing",
            t.rules.rules["gitignore-missing"].severity,
            format!("There is no .gitignore, for a {} project: build outputs and local files will be committed by accident.", languages.join(" and ")),
            "Add a .gitignore for the languages in use (github.com/github/gitignore has templates).",
        ));
        return;
    };
    let Some(text) = gitignore.text.as_deref() else {
        return;
    };
    let gi = matcher(text.lines());
    let mut seen: Vec<&str> = Vec::new();
    for g in in_use {
        for entry in &g.entries {
            // `a|b`: one folder under either name (a virtual environment is `.venv` or `venv`);
            // `a/f`: folder `a`, covered when the file `f` it holds is ignored.
            let mut names = entry
                .split('|')
                .map(|n| n.split_once('/').map_or(n, |(dir, _)| dir));
            if seen.contains(&entry.as_str()) || entry.split('|').any(|n| ignores(&gi, n)) {
                continue;
            }
            seen.push(entry);
            let first = names.next().unwrap_or(entry);
            let others: String = names.map(|n| format!(" or `{n}/`")).collect();
            found.push(
                "gitignore-entry-missing",
                format!(
                    "The .gitignore does not ignore `{first}/`{others}, which a {} project creates.",
                    g.language
                ),
                ".gitignore",
                &format!("Add `{first}/` to .gitignore."),
                Role::Product,
            );
        }
    }
}

impl Check for Hygiene {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::DOCUMENTS | Needs::HEALTH
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        if facts.files.is_empty() {
            return Evaluation::skipped("The target has no files.");
        }
        let t = &*TABLES;
        let mut found = Found::default();
        let folders = artefact_folders(facts);
        for (dir, (what, files, bytes)) in &folders {
            // Built files a Go program embeds (`//go:embed dist`) must be in the tree for
            // `go build` and `go install` to work: shipped on purpose.
            if let Some((user, how)) = loader(facts, dir) {
                found.info.push(
                    Finding::new(
                        "artefact-folder-committed",
                        Severity::Info,
                        format!(
                            "`{dir}/` ({what}) is committed: {files} file{}, {}; `{user}` {how}, so the product ships it from the tree. Not counted.",
                            if *files == 1 { "" } else { "s" },
                            human(*bytes)
                        ),
                        "Keep it in step with its sources: rebuild it in CI and fail when the committed copy differs.".to_owned(),
                    )
                    .at(dir, None)
                    .in_role(role_of_path(&join(parent(dir), "-"))),
                );
                continue;
            }
            found.push(
                "artefact-folder-committed",
                format!(
                    "`{dir}/` ({what}) is committed: {files} file{}, {}.",
                    if *files == 1 { "" } else { "s" },
                    human(*bytes)
                ),
                dir,
                &format!("Remove it (`git rm -r --cached {dir}`) and add `{dir}/` to .gitignore; it is rebuilt or reinstalled from the manifests."),
                // The folder belongs to whoever owns the folder it sits in: a `node_modules/`
                // inside a test fixture is the fixture's.
                role_of_path(&join(parent(dir), "-")),
            );
        }
        for f in &facts.files {
            let in_artefact = folders
                .range::<str, _>((Bound::Unbounded, Bound::Included(f.path.as_str())))
                .next_back()
                .is_some_and(|(dir, _)| f.path.starts_with(&format!("{dir}/")));
            if in_artefact {
                continue;
            }
            file_rules(f, &mut found);
            generated_unmarked(f, &mut found);
        }
        gitignore_gaps(facts, &mut found);

        let mut tally = Tally::new();
        let mut findings = Vec::new();
        let mut problems = Vec::new();
        let mut outside_product = 0;
        findings.append(&mut found.info);
        for (rule, list) in found.by_rule {
            let scoring = &t.rules.rules[rule];
            let (counted, outside): (Vec<Finding>, Vec<Finding>) =
                list.into_iter().partition(|f| counts(rule, f));
            outside_product += outside.len();
            for list in [counted, outside] {
                let Some(first) = list.first() else { continue };
                let (severity, role, counted) = (first.severity, first.role, counts(rule, first));
                if counted {
                    let n = u32::try_from(list.len()).unwrap_or(u32::MAX);
                    tally.deduct(
                        scoring.points.saturating_mul(n).min(scoring.cap),
                        format!("{n} × {rule}"),
                    );
                    problems.push(format!(
                        "{n} {}",
                        rule.trim_end_matches("-committed").replace('-', " ")
                    ));
                }
                let extra = list.len().saturating_sub(MAX_LISTED);
                findings.extend(list.into_iter().take(MAX_LISTED));
                if extra > 0 {
                    let mut more = Finding::new(
                        rule,
                        severity,
                        format!("… and {extra} more of the same kind."),
                        "See above.",
                    );
                    more.role = role;
                    findings.push(more);
                }
            }
        }
        let mut summary = if problems.is_empty() {
            "Nothing is committed that should not be, and the .gitignore covers the languages in use.".to_owned()
        } else {
            format!(
                "Committed files that should not be: {}.",
                problems.join(", ")
            )
        };
        if outside_product > 0 {
            let verb = if outside_product == 1 { "is" } else { "are" };
            summary.push_str(&format!(
                " {outside_product} more in tests, fixtures, docs or vendored code {verb} listed apart and not counted."
            ));
        }
        findings.sort_by(|a, b| (&a.path, &a.rule).cmp(&(&b.path, &b.rule)));
        Evaluation::scored(tally.score(), summary, &tally, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::health::FileHealth;

    fn file(path: &str, size: u64) -> FileFacts {
        FileFacts {
            path: path.into(),
            size,
            kind: crate::facts::classify::classify(path, None),
            role: crate::facts::roles::role_of_path(path),
            ..FileFacts::default()
        }
    }

    fn facts(files: Vec<FileFacts>) -> RepoFacts {
        let mut f = RepoFacts::empty("t");
        f.files = files;
        f.files.sort_by(|a, b| a.path.cmp(&b.path));
        f
    }

    fn rules_at(e: &Evaluation) -> Vec<(String, String)> {
        e.findings
            .iter()
            .map(|f| (f.rule.to_string(), f.path.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn tables_parse_and_every_rule_is_scored() {
        let t = &*TABLES;
        for rule in [
            "artefact-folder-committed",
            "env-file-committed",
            "database-dump-committed",
            "binary-committed",
            "archive-committed",
            "large-file-committed",
            "ide-file-committed",
            "os-cruft-committed",
            "gitignore-missing",
            "gitignore-entry-missing",
            "generated-unmarked",
            "env-template-committed",
        ] {
            assert!(t.rules.rules.contains_key(rule), "{rule}");
        }
        assert_eq!(t.rules.rules.len(), 12);
    }

    #[test]
    fn artefact_folders_need_their_manifest_beside_them() {
        let e = Hygiene.evaluate(
            &facts(vec![
                file("Cargo.toml", 10),
                file("target/debug/app", 100),
                file("target/debug/app.d", 10),
                file("web/node_modules/x/index.js", 5),
                file("docs/target/notes.md", 5),
                file("ruby/Gemfile", 5),
                file("ruby/vendor/bundle/gems/x.rb", 5),
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(
            rules_at(&e),
            vec![
                ("gitignore-missing".into(), String::new()),
                (
                    "artefact-folder-committed".into(),
                    "ruby/vendor/bundle".into()
                ),
                ("artefact-folder-committed".into(), "target".into()),
                (
                    "artefact-folder-committed".into(),
                    "web/node_modules".into()
                ),
            ]
        );
        assert!(
            e.findings[2].message.contains("2 files"),
            "{}",
            e.findings[2].message
        );
    }

    /// Build output that a Go program embeds is shipped on purpose: listed, not counted.
    #[test]
    fn build_output_a_go_program_embeds_is_not_counted() {
        let mut embed = file("webapp/embed.go", 200);
        embed.scan.source = Some(crate::facts::source::SourceSignals {
            go_embeds: vec!["dist/index.html".into(), "dist/assets".into()],
            ..Default::default()
        });
        let with = |embedder: Option<FileFacts>| {
            let mut files = vec![
                file(".gitignore", 10),
                file("webapp/package.json", 10),
                file("webapp/dist/index.html", 100),
                file("webapp/dist/assets/index.js", 100),
            ];
            files.extend(embedder);
            Hygiene.evaluate(&facts(files), &CheckConfig::default())
        };
        let e = with(Some(embed));
        assert_eq!(e.score, Some(100));
        let listed = e
            .findings
            .iter()
            .find(|f| f.rule == "artefact-folder-committed")
            .unwrap();
        assert_eq!(listed.severity, Severity::Info);
        assert!(
            listed.message.contains("`webapp/embed.go` embeds it"),
            "{}",
            listed.message
        );
        // A PHP package's renderer loads its built assets by path: shipped from the tree too.
        let mut renderer = file("src/Foundation/Exceptions/Renderer/Renderer.php", 200);
        renderer.scan.source = Some(crate::facts::source::SourceSignals {
            dist_refs: vec!["/../../resources/exceptions/renderer/dist/".into()],
            ..Default::default()
        });
        let e = Hygiene.evaluate(
            &facts(vec![
                file(".gitignore", 10),
                file(
                    "src/Foundation/resources/exceptions/renderer/package.json",
                    10,
                ),
                file(
                    "src/Foundation/resources/exceptions/renderer/dist/styles.css",
                    100,
                ),
                renderer,
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(e.score, Some(100), "{:?}", rules_at(&e));
        assert_eq!(resolve("a/b", "../../c/dist"), Some("c/dist".into()));
        assert_eq!(resolve("a", "../../dist"), None);
        let e = with(None);
        assert_eq!(
            rules_at(&e),
            vec![("artefact-folder-committed".into(), "webapp/dist".into())]
        );
        assert_eq!(e.findings[0].severity, Severity::High);
    }

    /// A `build/` folder of scripts a person runs is no build output; one script among built
    /// files does not change what the folder is.
    #[test]
    fn a_folder_of_scripts_is_no_build_output() {
        let e = Hygiene.evaluate(
            &facts(vec![
                file(".gitignore", 10),
                file("package.json", 10),
                file("build/acr-build/queue-all.ps1", 100),
                file("build/multiarch-manifests/create-manifests.ps1", 100),
                file("web/package.json", 10),
                file("web/build/bundle.js", 100),
                file("web/build/deploy.sh", 10),
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(
            rules_at(&e),
            vec![("artefact-folder-committed".into(), "web/build".into())]
        );
    }

    /// An environment file whose text shows settings only is listed, not counted; one with a
    /// credential-named variable, a password in a URL, a secret found in it, or a line that
    /// is not a variable, is what the rule is for.
    #[test]
    fn an_environment_file_of_settings_only_is_not_counted() {
        let env = |path: &str, text: &str| FileFacts {
            text: Some(text.into()),
            ..file(path, text.len() as u64)
        };
        let judged = |f: FileFacts| {
            let e = Hygiene.evaluate(
                &facts(vec![f, file(".gitignore", 10)]),
                &CheckConfig::default(),
            );
            let finding = e
                .findings
                .iter()
                .find(|x| x.rule == "env-file-committed")
                .cloned()
                .unwrap();
            (finding.severity, e.score)
        };
        let settings = "# relative links in the bundle\nPUBLIC_URL=.\nexport NODE_ENV=production\n";
        let (severity, score) = judged(env("web/app/.env", settings));
        assert_eq!(severity, Severity::Info);
        assert_eq!(score, Some(100));
        let e = Hygiene.evaluate(
            &facts(vec![env("web/app/.env", settings), file(".gitignore", 10)]),
            &CheckConfig::default(),
        );
        assert!(
            e.findings[0]
                .message
                .contains("settings only (PUBLIC_URL, NODE_ENV)"),
            "{}",
            e.findings[0].message
        );
        for text in [
            "PUBLIC_URL=.\nDB_PASSWORD=hunter2\n",
            "STRIPE_API_KEY=abc\n",
            "DATABASE_URL=postgres://app:s3cret@db:5432/app\n",
            "just some text\n",
        ] {
            assert_eq!(judged(env(".env", text)).0, Severity::High, "{text}");
        }
        // A credential-named variable left empty is a setting to fill in, not a credential.
        assert_eq!(
            judged(env(".env", "API_KEY=\nPORT=3000\n")).0,
            Severity::Info
        );
        // Credentials that are all placeholders (a project template's `.env`): a template,
        // low; one real value among them is a credential.
        let template = "SECRET_KEY=changethis\nFIRST_SUPERUSER_PASSWORD=\"changethis\"\nPOSTGRES_PASSWORD=changethis\nDATABASE_URL=postgresql://postgres:${POSTGRES_PASSWORD}@localhost:5432/app\nSMTP_PORT=587\n";
        let e = Hygiene.evaluate(
            &facts(vec![env(".env", template), file(".gitignore", 10)]),
            &CheckConfig::default(),
        );
        let templates: Vec<&Finding> = e
            .findings
            .iter()
            .filter(|x| x.rule == "env-template-committed")
            .collect();
        assert_eq!(templates.len(), 1);
        assert_eq!(templates[0].severity, Severity::Low);
        assert!(
            templates[0].message.contains(
                "placeholders only (SECRET_KEY, FIRST_SUPERUSER_PASSWORD, POSTGRES_PASSWORD, DATABASE_URL)"
            ),
            "{}",
            templates[0].message
        );
        assert!(!e.findings.iter().any(|x| x.rule == "env-file-committed"));
        assert_eq!(e.score, Some(97));
        for live in [
            format!("{template}SMTP_PASSWORD={}\n", "Zq8vL2mX9kP4"),
            template.replace("${POSTGRES_PASSWORD}", "Zq8vL2mX9kP4"),
        ] {
            assert_eq!(judged(env(".env", &live)).0, Severity::High, "{live}");
        }
        // A public key over several quoted lines is a setting; a key that is public by design
        // (info from the secrets scan) is no credential; any other secret found is.
        let public = "VITE_APP_URL=https://app.example\nVITE_APP_EXPORT_PUBLIC_KEY='MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApQ0j\n/WvuKSOJxiw6AR/ZcE3eFQWM\nPQIDAQAB'\nVITE_APP_PORT=3001\n";
        let mut f = env(".env.production", public);
        let hit = |severity| crate::facts::secrets::SecretHit {
            rule: "gcp-api-key".into(),
            line: 1,
            fingerprint: "f".into(),
            redacted: "AIza…".into(),
            severity,
            inline_allowed: false,
            note: None,
            confidence: crate::facts::secrets::Confidence::Low,
        };
        f.scan.secrets.push(hit(Severity::Info));
        assert_eq!(judged(f.clone()).0, Severity::Info);
        f.scan.secrets[0] = hit(Severity::High);
        assert_eq!(judged(f).0, Severity::High);
        assert_eq!(
            judged(env(".env", "VITE_APP_PRIVATE_KEY='abc\ndef'\n")).0,
            Severity::High
        );
        // Not read (too large, say): judged by its name, as before.
        assert_eq!(judged(file(".env", 10)).0, Severity::High);
    }

    #[test]
    fn per_file_rules() {
        let mut binary = file("tools/helper", 2000);
        binary.not_scanned = Some(NotScanned::Binary);
        let mut logo = file("assets/logo.png", 2000);
        logo.not_scanned = Some(NotScanned::Binary);
        // Bun's binary lockfile is what the package manager writes, not a stray binary.
        let mut bun = file("bun.lockb", 2000);
        bun.not_scanned = Some(NotScanned::Binary);
        let e = Hygiene.evaluate(
            &facts(vec![
                file(".env", 10),
                file(".env.example", 10),
                file("config/prod.env", 10),
                file("db/backup-2024.sql", 10),
                file("db/migrations/001_init.sql", 10),
                file("data/app.sqlite3", 10),
                file(".DS_Store", 10),
                file(".vscode/settings.json", 10),
                file(".vscode/ltex.dictionary.txt", 10),
                file(".idea/workspace.xml", 10),
                file("gradle/wrapper/gradle-wrapper.jar", 10),
                file("lib/legacy.jar", 10),
                file("release.tar.gz", 20 * 1024 * 1024),
                binary,
                logo,
                bun,
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(
            rules_at(&e),
            vec![
                ("os-cruft-committed".into(), ".DS_Store".into()),
                ("env-file-committed".into(), ".env".into()),
                ("ide-file-committed".into(), ".idea/workspace.xml".into()),
                (
                    "ide-file-committed".into(),
                    ".vscode/ltex.dictionary.txt".into()
                ),
                ("env-file-committed".into(), "config/prod.env".into()),
                ("database-dump-committed".into(), "data/app.sqlite3".into()),
                (
                    "database-dump-committed".into(),
                    "db/backup-2024.sql".into()
                ),
                ("binary-committed".into(), "lib/legacy.jar".into()),
                ("archive-committed".into(), "release.tar.gz".into()),
                ("large-file-committed".into(), "release.tar.gz".into()),
                ("binary-committed".into(), "tools/helper".into()),
            ]
        );
        // 2 env files (40, the cap), 2 dumps (30), 2 binaries (10), 1 archive (5), 1 large (5),
        // 2 IDE files (4), 1 OS file (2): 100 − 96.
        assert_eq!(e.score, Some(4));
    }

    #[test]
    fn gitignore_entries_for_the_languages_in_use() {
        let mut gitignore = file(".gitignore", 10);
        gitignore.text = Some("/target\n# python\n__pycache__/\n".into());
        let e = Hygiene.evaluate(
            &facts(vec![
                gitignore,
                file("Cargo.toml", 10),
                file("pyproject.toml", 10),
                file("package.json", 10),
            ]),
            &CheckConfig::default(),
        );
        let messages: Vec<&str> = e.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "The .gitignore does not ignore `node_modules/`, which a Node.js project creates.",
                "The .gitignore does not ignore `.venv/` or `venv/`, which a Python project creates.",
            ]
        );
        // A virtual environment under the name the project uses is covered, and so is
        // `__pycache__/` by ignoring the compiled files it holds.
        for ignored in [
            "venv*/\n__pycache__/\n",
            ".venv\n__pycache__/\n",
            ".venv/\n*.pyc\n",
            "venv/\n*.py[cod]\n",
        ] {
            let mut gitignore = file(".gitignore", 10);
            gitignore.text = Some(ignored.into());
            let e = Hygiene.evaluate(
                &facts(vec![gitignore, file("pyproject.toml", 10)]),
                &CheckConfig::default(),
            );
            assert!(e.findings.is_empty(), "{ignored:?}");
        }
    }

    #[test]
    fn generated_code_needs_a_marker() {
        // A file of 5,000 bytes, of which its longest line, if long, is most.
        let with = |path: &str, longest: u32, marker: bool| {
            let mut f = file(path, 5000);
            f.kind = crate::facts::classify::classify(path, Some("JavaScript"));
            f.scan.health = Some(FileHealth {
                longest_line: longest,
                longest_line_at: 3,
                long_line_bytes: if longest >= 1000 { 4000 } else { 0 },
                generated_marker: marker,
                ..FileHealth::default()
            });
            f
        };
        // Hand-written code with data pasted into a line or two (a colour table, an SVG path):
        // its long lines are a fifth of it.
        let mut pasted = with("src/colors.js", 2950, false);
        if let Some(h) = pasted.scan.health.as_mut() {
            h.long_line_bytes = 2950 + 1000;
        }
        pasted.size = 20_000;
        // What `linguist-generated` in .gitattributes decides reaches the check as the role.
        let mut marked_by_attributes = with("src/gen/api.js", 5000, false);
        marked_by_attributes.role = Role::Generated;
        let e = Hygiene.evaluate(
            &facts(vec![
                marked_by_attributes,
                with("static/app.min.js", 40000, false),
                with("vendor/jquery.min.js", 40000, false),
                with("src/bundle.js", 5000, false),
                with("src/proto.js", 5000, true),
                with("src/app.js", 120, false),
                pasted,
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(
            rules_at(&e),
            // `app.min.js` says by its name that it is minified (a generated role, as GitHub
            // Linguist reads it), so it needs no other marker.
            vec![("generated-unmarked".into(), "src/bundle.js".into())]
        );
        assert_eq!(e.findings[0].line, Some(3));
        assert_eq!(e.score, Some(97));
    }

    #[test]
    fn findings_outside_the_product_are_counted_apart_in_the_summary() {
        let bundle = |path: &str, role: Role| {
            let mut f = file(path, 5000);
            f.kind = crate::facts::classify::classify(path, Some("JavaScript"));
            f.scan.health = Some(FileHealth {
                longest_line: 5000,
                longest_line_at: 3,
                long_line_bytes: 5000,
                ..FileHealth::default()
            });
            f.role = role;
            f
        };
        let summary = |files| {
            Hygiene
                .evaluate(&facts(files), &CheckConfig::default())
                .summary
        };
        let one = summary(vec![
            bundle("src/bundle.js", Role::Product),
            bundle("tests/data/bundle.js", Role::Fixture),
        ]);
        assert!(
            one.ends_with(
                " 1 more in tests, fixtures, docs or vendored code is listed apart and not counted."
            ),
            "{one}"
        );
        let two = summary(vec![
            bundle("tests/data/bundle.js", Role::Fixture),
            bundle("docs/site/bundle.js", Role::Docs),
        ]);
        assert!(
            two.ends_with(
                " 2 more in tests, fixtures, docs or vendored code are listed apart and not counted."
            ),
            "{two}"
        );
    }
}
