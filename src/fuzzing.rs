//! The fuzz harnesses: what each fuzz target (`fuzz/fuzz_targets/*.rs`, run with
//! `fuzz/run.sh` on a nightly toolchain) does with one input. They live in the library so that
//! the inputs that once found a bug replay through the very same code in the ordinary test
//! suite on stable (`tests/fuzz_regressions.rs`). Not a public API.
//!
//! An input is a sequence of parts separated by the byte `0xFF` (never found in UTF-8 text, so
//! a seed made of one real file is one part). The first byte of a part selects what it is (a
//! file name, a format); the rest is its content, read as lossy UTF-8 where a parser takes text.
//!
//! Every harness feeds the audited tree's files to the parsers through the library's own entry
//! points, then what they produced to the consumers (collectors, checks): a parser of untrusted
//! input must never panic, hang or run out of memory; it reports a problem instead.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::facts::scan::ContentScanner;
use crate::facts::{FileFacts, Needs, RepoFacts, Role, Warning};

/// The separator of the parts of one input.
pub const SEP: u8 = 0xFF;

/// At most this many parts are read from one input.
pub const MAX_PARTS: usize = 8;

/// What a fuzz target does with one input.
pub type Harness = fn(&[u8]);

/// The harnesses by target name, for replaying inputs.
pub const TARGETS: &[(&str, Harness)] = &[
    ("manifests", manifests),
    ("tree", tree),
    ("roles", roles),
    ("config", config),
    ("secrets", secrets),
    ("history", history),
];

/// The parts of `data`: `(selector, content)`. An empty part has selector 0 and no content.
#[must_use]
pub fn parts(data: &[u8]) -> Vec<(u8, &[u8])> {
    data.split(|&b| b == SEP)
        .take(MAX_PARTS)
        .map(|p| match p.split_first() {
            Some((&s, rest)) => (s, rest),
            None => (0, &[][..]),
        })
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn pick<T: Copy>(choices: &[T], selector: u8) -> T {
    choices[usize::from(selector) % choices.len()]
}

/// Everything the walk's scanners can need.
const ALL_NEEDS: Needs = Needs::all();

/// The walk's content scanners, built once (the licence matcher's reference set is large).
static SCANNERS: LazyLock<Vec<Box<dyn ContentScanner>>> =
    LazyLock::new(|| crate::facts::scan::build(ALL_NEEDS, None));

/// The files `(path, content)` as the walk sees them in a tree: scanned in memory by every
/// scanner that wants them, sorted, given their roles (the tree's own `.gitattributes`, then
/// `configured`).
fn files_in_memory(
    files: &[(String, Vec<u8>)],
    configured: &[(String, Role)],
) -> (Vec<FileFacts>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let built: Vec<FileFacts> = files
        .iter()
        .map(|(path, content)| {
            crate::walk::file_in_memory(path, content, ALL_NEEDS, &SCANNERS, &mut warnings)
        })
        .collect();
    let mut out = crate::walk::assign_roles_in_memory(built, configured);
    warnings.append(&mut out.warnings);
    (out.files, warnings)
}

/// Facts of a tree made of `files` (no git, no network): the dependency, test, CI and licence
/// collectors over the walk's output, as an audit builds them.
fn facts_in_memory(files: Vec<FileFacts>, mut warnings: Vec<Warning>) -> RepoFacts {
    use crate::facts;
    let root = Path::new("/nonexistent-fuzz-root");
    let tree = facts::deps::Tree::new(root, &files, &[]);
    let (dependencies, dependency_scan) = facts::deps::collect(
        &tree,
        &facts::deps::CollectOptions {
            cargo_metadata: false,
        },
    );
    drop(tree);
    let tests = facts::testsuite::collect(&files);
    let ci = facts::ci::collect(&files, &mut warnings);
    let licenses = facts::licenses::collect(&files, &mut warnings);
    let mut repo = RepoFacts::empty("fuzz");
    repo.files = files;
    repo.warnings = warnings;
    repo.dependencies = dependencies;
    repo.dependency_scan = dependency_scan;
    repo.tests = tests;
    repo.ci = ci;
    repo.licenses = licenses;
    repo
}

/// Every registered check judges `facts` with its default settings (the engine turns a check's
/// panic into an error result, which would hide the check from the grade).
fn evaluate_all(facts: &RepoFacts) {
    for check in crate::checks::ALL {
        let _ = check.evaluate(facts, &crate::check::CheckConfig::default());
    }
}

/// A fresh directory under the system's temporary directory, removed with its content on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> Option<Self> {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("diligence-fuzz-{what}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).ok()?;
        Some(TempDir(dir))
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let abs = self.0.join(rel);
        if let Some(parent) = abs.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return;
            }
        }
        let _ = std::fs::write(abs, bytes);
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------------------
// manifests

/// The file names the dependency collector dispatches on (and markers beside manifests).
pub const MANIFEST_FORMATS: &[&str] = &[
    "Cargo.lock",
    "Cargo.toml",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "package.json",
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Pipfile.lock",
    "pyproject.toml",
    "Pipfile",
    "go.mod",
    "go.sum",
    "pom.xml",
    "gradle.lockfile",
    "verification-metadata.xml",
    "libs.versions.toml",
    "Gemfile.lock",
    "Gemfile",
    "composer.lock",
    "composer.json",
    "packages.lock.json",
    "packages.config",
    "App.csproj",
    "requirements.txt",
    "requirements-dev.in",
    "src/main.rs",
    "go.work",
    "app.gemspec",
];

/// Directories a manifest can sit in (selected by the selector's top three bits).
pub const MANIFEST_DIRS: &[&str] = &["", "sub/", "sub/inner/", "gradle/", "node_modules/x/"];

/// Every manifest and lockfile parser of every ecosystem, alone and together: each part is a
/// file (the selector's low five bits pick the format, the top three the directory). Each file
/// is parsed by its own parser, then all together by the collector (lockfile coverage,
/// workspaces, unpinned manifests, library conventions); every dependency found goes through
/// the version comparators and the package-URL builder.
pub fn manifests(data: &[u8]) {
    use crate::facts::dependency::{Ecosystem, PackageHash};
    use crate::facts::deps::{self, version, CollectOptions, Tree};
    const ECOSYSTEMS: &[Ecosystem] = &Ecosystem::ALL;
    fn exercise(found: &[crate::facts::Dependency]) {
        for d in found.iter().take(64) {
            let _ = version::Version::parse(d.ecosystem, &d.version);
            let _ = version::is_concrete(d.ecosystem, &d.version);
            for other in found.iter().take(8) {
                if other.ecosystem == d.ecosystem {
                    let _ = version::compare(d.ecosystem, &d.version, &other.version);
                    let _ = version::behind(d.ecosystem, &d.version, &other.version);
                }
            }
            let _ = crate::report::cyclonedx::purl(d.ecosystem.as_str(), &d.name, &d.version);
            let _ = d.best_license();
        }
    }
    let files: Vec<(String, String)> = parts(data)
        .into_iter()
        .map(|(sel, body)| {
            let name = pick(MANIFEST_FORMATS, sel & 0x1f);
            let dir = pick(MANIFEST_DIRS, sel >> 5);
            (format!("{dir}{name}"), text(body))
        })
        .collect();
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let tree = Tree::from_texts(&pairs);
    for (path, body) in &pairs {
        let name = deps::file_name(path);
        if let Some(Ok(found)) = deps::parse_as(name, path, body, &tree) {
            exercise(&found);
        }
        let _ = deps::library_convention(path, body, &tree);
        let _ = deps::superseded(path, &tree);
        // Raw strings as versions and integrity values, as lockfiles and registries give them.
        let first = body.lines().next().unwrap_or("");
        let second = body.lines().nth(1).unwrap_or("0");
        for &eco in ECOSYSTEMS {
            let _ = version::Version::parse(eco, first);
            let _ = version::is_concrete(eco, first);
            let _ = version::compare(eco, first, second);
            let _ = version::behind(eco, first, second);
        }
        let _ = PackageHash::from_sri(first);
        let _ = PackageHash::sha256_hex(first);
    }
    let (found, _scan) = deps::collect(
        &tree,
        &CollectOptions {
            cargo_metadata: false,
        },
    );
    exercise(&deps::dedup(found));
    let _ = tree.warnings();
}

// ---------------------------------------------------------------------------------------------
// tree: CI and licences

/// Paths of the CI target: every provider's pipeline file, and the files CI commands resolve
/// through.
pub const CI_PATHS: &[&str] = &[
    ".github/workflows/ci.yml",
    ".github/workflows/release.yaml",
    ".github/workflows/reusable.yml",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    "Jenkinsfile",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    ".travis.yml",
    ".buildkite/pipeline.yml",
    ".drone.yml",
    ".woodpecker.yml",
    "buildspec.yml",
    "cloudbuild.yaml",
    "Makefile",
    "Rakefile",
    "tox.ini",
    "noxfile.py",
    "pyproject.toml",
    "package.json",
    "scripts/test.sh",
    "build.gradle",
    "pom.xml",
    ".github/dependabot.yml",
    ".pre-commit-config.yaml",
    "CODEOWNERS",
    "go.mod",
    "composer.json",
    "justfile",
    "ci/run",
    "setup.cfg",
    "Cargo.toml",
];

/// Paths of the licences target: licence files, READMEs, sources with headers, manifests that
/// declare a licence.
pub const LICENSE_PATHS: &[&str] = &[
    "LICENSE",
    "LICENSE.md",
    "COPYING",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "README.md",
    "README.rst",
    "NOTICE",
    "src/lib.rs",
    "src/main.py",
    "lib/index.js",
    "Main.java",
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "app.gemspec",
    "pom.xml",
    "App.csproj",
    "composer.json",
    "vendor/dep/LICENSE",
    "third_party/lib/COPYING",
    "Dockerfile",
    "docs/README.md",
    "crates/core/Cargo.toml",
    "crates/core/LICENSE",
    "main.go",
    "go.mod",
    "bin/tool",
    ".gitattributes",
    "UNLICENSE",
];

/// The documents of a tree: CI pipelines of every provider with the files their commands
/// resolve through (package.json scripts, Makefile targets and variables, Rake tasks, tox and
/// nox, shell scripts, Gradle and Maven builds) and the automation files beside them; and
/// licences: licence files (the text matcher), README licence sections, SPDX and copyright
/// headers of source files, the licences manifests declare, the "licensed under" statement
/// reader, SPDX expressions, and the distribution model.
///
/// Each part is a file: selectors below 128 pick from [`CI_PATHS`], the others from
/// [`LICENSE_PATHS`]. The files are scanned as the walk scans them (the source scanner reads
/// Makefiles, Rakefiles, tox.ini, noxfiles and scripts; the licence scanner licence files,
/// READMEs and headers), the collectors read the tree and every check judges it. Each part's
/// first line is also read as an SPDX expression, and its text as a statement and a README
/// licence section.
pub fn tree(data: &[u8]) {
    use crate::facts::licenses::{distribution, expr, statement};
    let parts = parts(data);
    for (_, body) in &parts {
        let t = text(body);
        let first = t.lines().next().unwrap_or("");
        let _ = expr::parse(first);
        let _ = expr::ids(first);
        let _ = expr::families(first);
        if let Some(s) = statement::read(&t) {
            let _ = s.expression();
        }
        let _ = statement::readme_section(&t, 1);
        let _ = statement::readme_section(&t, u32::try_from(t.lines().count()).unwrap_or(0));
    }
    let files: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(sel, body)| {
            let path = if sel < 128 {
                pick(CI_PATHS, sel)
            } else {
                pick(LICENSE_PATHS, sel - 128)
            };
            (path.to_owned(), body.to_vec())
        })
        .collect();
    let (files, warnings) = files_in_memory(&files, &[]);
    let _ = distribution::infer(&files);
    let facts = facts_in_memory(files, warnings);
    let _ = facts.ci.runs_tests();
    evaluate_all(&facts);
}

// ---------------------------------------------------------------------------------------------
// roles

/// A fuzzed path made safe to create under a temporary directory: relative, no `.`, `..` or
/// empty components, no `.git`, short.
fn safe_path(line: &str) -> Option<String> {
    let comps: Vec<&str> = line
        .split('/')
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .take(4)
        .collect();
    if comps.is_empty()
        || comps
            .iter()
            .any(|c| c.len() > 48 || c.contains('\0') || c.contains('\\') || *c == ".git")
    {
        return None;
    }
    Some(comps.join("/"))
}

/// Path roles and ignore rules: `.gitattributes`, configured `[scan.roles]` globs and
/// excludes, the path conventions, generated-file headers, and a real walk of a small tree
/// honouring the tree's `.gitignore`, `.diligenceignore` and a nested `.gitignore`.
///
/// Parts: 0 `.gitattributes`; 1 configured roles and excludes, one `glob=role` per line (a line
/// without `=` is an exclude glob); 2 paths, one per line; 3 `.gitignore`; 4 the content of
/// every file (its first bytes are the generated-header input); 5 `.diligenceignore`;
/// 6 `sub/.gitignore`.
pub fn roles(data: &[u8]) {
    use crate::facts::roles::{self as r, RoleRules};
    let parts = parts(data);
    let part = |i: usize| parts.get(i).map(|(_, b)| text(b)).unwrap_or_default();
    let attributes = part(0);
    let rules_text = part(1);
    let paths_text = part(2);
    let content = parts.get(4).map(|(_, b)| b.to_vec()).unwrap_or_default();

    let mut configured = Vec::new();
    let mut exclude = Vec::new();
    for line in rules_text.lines().take(16) {
        match line.split_once('=') {
            Some((glob, role)) => {
                if let Some(role) = Role::parse(role.trim()) {
                    configured.push((glob.trim().to_owned(), role));
                }
            }
            None if !line.trim().is_empty() => exclude.push(line.trim().to_owned()),
            None => {}
        }
    }
    // In memory: the rules over every path, with and without a generated header.
    let paths: Vec<&str> = paths_text.lines().take(64).collect();
    let generated = r::has_generated_header(&content);
    let (rules, _problems) = RoleRules::new(Some(&attributes), &configured);
    let rules = rules.with_code_packages(r::code_packages(paths.iter().copied()));
    for p in &paths {
        let _ = rules.decide(p, generated);
        let _ = rules.decide(p, !generated);
        let _ = r::decide_path(p);
        let _ = r::role_of_path(p);
        let _ = r::is_test_file_name(p);
    }

    // On disk: the walk over a tree made of these files and ignore files.
    let Some(dir) = TempDir::new("roles") else {
        return;
    };
    dir.write(".gitattributes", attributes.as_bytes());
    dir.write(".gitignore", part(3).as_bytes());
    dir.write(".diligenceignore", part(5).as_bytes());
    dir.write("sub/.gitignore", part(6).as_bytes());
    for p in paths.iter().take(16).filter_map(|p| safe_path(p)) {
        dir.write(&p, &content);
    }
    let bar = crate::progress::Progress::hidden().spinner("files");
    let opts = crate::walk::WalkOptions {
        root: &dir.0,
        jobs: 1,
        max_file_size: 1024 * 1024,
        exclude: &exclude,
        needs: ALL_NEEDS,
        scanners: &SCANNERS,
        progress: &bar,
        roles: &configured,
    };
    let _ = crate::walk::walk(&opts);
}

// ---------------------------------------------------------------------------------------------
// config

/// A small tree with something for every check: a manifest and lockfile, a workflow, a
/// licence, tests, a (synthetic) secret.
const CONFIG_TREE: &[(&str, &str)] = &[
    ("Cargo.toml", "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nlicense = \"MIT\"\n\n[dependencies]\nserde = \"1\"\n"),
    ("Cargo.lock", "version = 3\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"),
    (".github/workflows/ci.yml", "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n"),
    ("LICENSE", "MIT License\n\nCopyright (c) 2024 Demo\n"),
    ("src/main.rs", "fn main() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n"),
    ("tests/it.rs", "#[test]\nfn works() { assert!(true); }\n"),
    ("config/settings.py", "DB_PASSWORD = \"q8Zt2vLx9RmK4pWn7sYc\"\n"),
    ("README.md", "# demo\n\nLicensed under MIT.\n"),
];

static CONFIG_FACTS: LazyLock<RepoFacts> = LazyLock::new(|| {
    let files: Vec<(String, Vec<u8>)> = CONFIG_TREE
        .iter()
        .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
        .collect();
    let (files, warnings) = files_in_memory(&files, &[]);
    facts_in_memory(files, warnings)
});

/// The audited tree's own `diligence.toml` (the whole input): read as an audit reads it
/// ([`ValidConfig::for_target`](crate::config::ValidConfig::for_target) on a tree holding it),
/// which never fails; then whatever configuration results is used: its deviations, the roles
/// and excludes applied by a walk (which must not fail on a validated configuration), the
/// secrets options, and every enabled check evaluated with its parameters.
///
/// # Panics
/// When the tree's configuration stops the audit, or a validated one makes the walk fail.
pub fn config(data: &[u8]) {
    use crate::config::ValidConfig;
    let Some(dir) = TempDir::new("config") else {
        return;
    };
    for (path, text) in CONFIG_TREE {
        dir.write(path, text.as_bytes());
    }
    dir.write(crate::config::CONFIG_FILE_NAME, data);
    let config = ValidConfig::for_target(&dir.0, None, false)
        .expect("a configuration inside the tree never fails the audit");
    let _ = config.deviations();
    let _ = config.collects_like_defaults();
    let _ = crate::facts::roles::RoleRules::new(None, &config.roles);
    // The secrets options, and what they make the secrets collector read (the baseline).
    let secrets = crate::facts::secrets::SecretsOptions::resolve(
        config.check("secrets").is_some(),
        config.check("secrets").map(|c| &c.params),
        config.source.as_deref(),
        true,
        None,
        config.max_file_size,
    );
    let _ = crate::facts::secrets::collect(
        &dir.0,
        &secrets,
        &crate::progress::Progress::hidden(),
        &mut Vec::new(),
        &|| {},
    );
    let bar = crate::progress::Progress::hidden().spinner("files");
    let opts = crate::walk::WalkOptions {
        root: &dir.0,
        jobs: 1,
        max_file_size: config.max_file_size,
        exclude: &config.exclude,
        needs: Needs::INVENTORY,
        scanners: &[],
        progress: &bar,
        roles: &config.roles,
    };
    if let Err(e) = crate::walk::walk(&opts) {
        panic!("a validated configuration made the walk fail: {e}");
    }
    for check in crate::checks::ALL {
        if let Some(cfg) = config.check(&check.meta().id) {
            let _ = check.evaluate(&CONFIG_FACTS, cfg);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// secrets

/// Paths of the secrets target (which rules apply depends on the path).
pub const SECRET_PATHS: &[&str] = &[
    "config/settings.py",
    ".env",
    ".env.example",
    "src/app.js",
    "config.yml",
    "application.properties",
    "id_rsa",
    "server.pem",
    "package-lock.json",
    "yarn.lock",
    "Cargo.lock",
    ".npmrc",
    "docker-compose.yml",
    "credentials.json",
    "src/main.go",
    "README.md",
    "locales/en.json",
    "tests/fixtures/keys.txt",
    "main.tf",
    ".git-credentials",
    "src/Program.cs",
    "terraform.tfvars",
    ".pypirc",
    "config/database.yml",
];

/// The secrets engine over one buffer: every rule's pattern and the judgement after a match
/// (entropy, placeholders, key names, URI hosts, base64 payloads, inline allow markers, line
/// numbers), path-only rules, lockfile mode; and a baseline file. Part 0: the selector picks
/// the path ([`SECRET_PATHS`]), the content is the buffer; part 1, when present, a baseline.
pub fn secrets(data: &[u8]) {
    use crate::facts::classify::classify;
    use crate::facts::secrets::{self as s, engine, Baseline, ENGINE};
    use crate::facts::FileKind;
    let parts = parts(data);
    let Some(&(sel, content)) = parts.first() else {
        return;
    };
    let path = pick(SECRET_PATHS, sel);
    let kind = classify(path, None);
    let _ = s::scan_buffer(&ENGINE, content, path, kind);
    let _ = ENGINE.scan(content, path, !kind.contains(FileKind::LOCKFILE));
    for rule in ENGINE.path_hits(path) {
        let _ = rule.is_path_only();
    }
    let mut file = FileFacts {
        path: path.to_owned(),
        kind,
        ..FileFacts::default()
    };
    let mut warnings = Vec::new();
    s::SecretsScanner::new().scan(content, &mut file, &mut warnings);
    let _ = engine::shannon_entropy(content);
    let _ = engine::is_placeholder(content);
    let _ = engine::secret_name(content, &["key".into(), "secret".into()]);
    let t = text(content);
    let _ = engine::redact(&t);
    let _ = engine::fingerprint(content);
    let _ = engine::file_type(&t);
    if let Some((_, b)) = parts.get(1) {
        if let Ok(baseline) = Baseline::parse(&text(b)) {
            let _ = baseline.to_json();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// history

/// File names the commits of the history target write.
const HISTORY_NAMES: &[&str] = &[
    "a.rs",
    "b.rs",
    "README.md",
    "config.env",
    "tests.py",
    "vendor.js",
    "x",
    "a.rs",
];

/// The git history as the audit reads it: commits (raw author and committer lines, dates, time
/// zones, messages with review trailers and merge subjects), parents and merges, tree changes
/// and renames, the `.mailmap` of HEAD, annotated and lightweight tags, secrets in the
/// history's blobs, and the team analysis (with a CODEOWNERS file). gix decodes the objects;
/// what is fuzzed is what this crate does with what it decodes.
///
/// Each input becomes a tiny repository in a temporary directory: part 0 is the `.mailmap`,
/// part 1 `CODEOWNERS`, the last part the body of an annotated tag (after its `object` and
/// `type` lines), and every other part one commit, oldest first, whose raw text after the
/// `tree` and `parent` lines (author, committer, other headers, message) is the part's content.
/// The selector's low three bits pick the file the commit writes (its content is the commit's
/// text); bit 6 also deletes `a.rs` (a rename when the same content was added); bit 7 merges
/// the commit before the previous one.
pub fn history(data: &[u8]) {
    use gix::objs::{tree, Kind, Tree, Write as _};
    use gix::ObjectId;
    let parts = parts(data);
    if parts.len() < 3 {
        return;
    }
    let Some(dir) = TempDir::new("history") else {
        return;
    };
    let Ok(repo) = gix::init(&dir.0) else {
        return;
    };
    let blob = |bytes: &[u8]| repo.write_blob(bytes).ok().map(gix::Id::detach);
    let codeowners = parts[1].1;
    let tag_body = parts[parts.len() - 1].1;
    let (Some(mailmap_id), Some(codeowners_id)) = (blob(parts[0].1), blob(codeowners)) else {
        return;
    };
    let mut files: Vec<(&str, ObjectId)> =
        vec![(".mailmap", mailmap_id), ("CODEOWNERS", codeowners_id)];
    let mut commits: Vec<ObjectId> = Vec::new();
    for &(sel, body) in &parts[2..parts.len() - 1] {
        let name = pick(HISTORY_NAMES, sel & 0x7);
        let Some(id) = blob(body) else { return };
        files.retain(|(n, _)| *n != name);
        files.push((name, id));
        if sel & 0x40 != 0 {
            files.retain(|(n, _)| *n != "a.rs");
        }
        let mut entries: Vec<tree::Entry> = files
            .iter()
            .map(|(n, oid)| tree::Entry {
                mode: tree::EntryKind::Blob.into(),
                filename: (*n).into(),
                oid: *oid,
            })
            .collect();
        entries.sort_by(|a, b| a.filename.cmp(&b.filename));
        let Ok(tree_id) = repo.write_object(&Tree { entries }) else {
            return;
        };
        let mut raw = format!("tree {}\n", tree_id.detach());
        if let Some(parent) = commits.last() {
            raw.push_str(&format!("parent {parent}\n"));
        }
        if sel & 0x80 != 0 && commits.len() >= 2 {
            raw.push_str(&format!("parent {}\n", commits[commits.len() - 2]));
        }
        let mut raw = raw.into_bytes();
        raw.extend_from_slice(body);
        let Ok(id) = repo.objects.write_buf(Kind::Commit, &raw) else {
            return;
        };
        commits.push(id);
    }
    let Some(&head) = commits.last() else { return };
    let mut tag = format!("object {head}\ntype commit\n").into_bytes();
    tag.extend_from_slice(tag_body);
    let tag_id = repo.objects.write_buf(Kind::Tag, &tag).ok();
    drop(repo);
    dir.write(".git/HEAD", b"ref: refs/heads/main\n");
    dir.write(".git/refs/heads/main", format!("{head}\n").as_bytes());
    dir.write(
        ".git/refs/tags/v1.0.0",
        format!("{}\n", commits[0]).as_bytes(),
    );
    if let Some(tag_id) = tag_id {
        dir.write(".git/refs/tags/release-2", format!("{tag_id}\n").as_bytes());
    }

    let mut warnings = Vec::new();
    let read = crate::facts::history::collect(&dir.0, 1, &mut warnings);
    let _ = crate::facts::git::collect(&dir.0, &mut warnings);
    let _ = crate::facts::secrets::history::scan(
        &dir.0,
        &crate::facts::secrets::ENGINE,
        crate::facts::secrets::history::Limits::new(1024 * 1024),
        &crate::progress::Progress::hidden(),
        &|| {},
    );
    let Some(h) = read else { return };
    let mut facts = RepoFacts::empty("fuzz");
    facts.now = jiff::Timestamp::from_second(1_800_000_000).unwrap_or_default();
    facts.files = files
        .iter()
        .map(|(n, _)| FileFacts {
            path: (*n).to_owned(),
            text: (*n == "CODEOWNERS").then(|| text(codeowners)),
            kind: crate::facts::classify::classify(n, None),
            ..FileFacts::default()
        })
        .collect();
    facts.files.sort_by(|a, b| a.path.cmp(&b.path));
    facts.files.dedup_by(|a, b| a.path == b.path);
    facts.history = Some(h);
    let _ = crate::facts::history::analyze(&facts);
    for check in crate::checks::ALL {
        if matches!(check.meta().id.as_str(), "team" | "secrets") {
            let _ = check.evaluate(&facts, &crate::check::CheckConfig::default());
        }
    }
}
