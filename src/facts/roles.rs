//! Path roles: whose code is each file? Product code, tests, test data, documentation and
//! examples, vendored third-party code, generated code, or build output.
//!
//! A report that judges a project's test fixtures, vendored SDKs and documentation examples as
//! its product gives well-run projects bad grades on noise. So every file gets exactly one
//! [`Role`], decided once, here, with the rule that decided it ([`RoleDecision::reason`]), and
//! every check reads it instead of guessing from the path again.
//!
//! The decision, in order (the later steps override the earlier ones):
//! 1. **Path conventions** ([`role_of_path`], pure): the outermost folder that means a role
//!    decides (`vendor/`, `node_modules/`, `third_party/` → vendored, but fixture inside a test
//!    folder, where they are a test's input; `fixtures/`, `testdata/`,
//!    and data folders inside a test folder → fixture; `docs/`, `examples/` → docs; `dist/`,
//!    `target/debug/` → build output); test folders (`tests/`, `spec/`, `__tests__/`, …) mark what
//!    is below them as tests unless a deeper folder says test data; then the file's own name
//!    (`*_test.go`, `test_*.py`, `*.spec.ts`, `FooTest.java`; `*.pb.go`, `*.min.js` generated;
//!    prose files are docs). These tables follow GitHub Linguist's `vendor.yml`,
//!    `documentation.yml` and `generated.rb`, narrowed where a name is as often product code.
//! 2. **Content**: a "generated, do not edit" header in the first lines of a file
//!    ([`has_generated_header`], given the buffer the walk already read).
//! 3. **The owner's word**: `linguist-vendored`, `linguist-generated` and
//!    `linguist-documentation` in the root `.gitattributes` (set or unset, as Linguist reads them).
//! 4. **The auditor's word**: `[scan.roles]` in the configuration (glob → role).

use std::fmt;

use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

/// Whose code a file is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// What the company ships and maintains: the product's code and configuration.
    #[default]
    Product,
    /// Test code (unit, integration, end-to-end), benchmarks and test helpers.
    Test,
    /// Inputs of tests: fixtures, test data, snapshots, sample projects for a test runner.
    Fixture,
    /// Documentation and examples.
    Docs,
    /// Third-party code copied into the tree.
    Vendored,
    /// Code written by a generator (protobuf, parsers, minified bundles).
    Generated,
    /// Output of a build that was committed.
    BuildOutput,
}

impl Role {
    /// Every role, in report order.
    pub const ALL: [Role; 7] = [
        Role::Product,
        Role::Test,
        Role::Fixture,
        Role::Docs,
        Role::Vendored,
        Role::Generated,
        Role::BuildOutput,
    ];

    /// The kebab-case name used in reports and configuration.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Product => "product",
            Role::Test => "test",
            Role::Fixture => "fixture",
            Role::Docs => "docs",
            Role::Vendored => "vendored",
            Role::Generated => "generated",
            Role::BuildOutput => "build-output",
        }
    }

    /// A phrase for a reader: "test data and fixtures".
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Role::Product => "product code",
            Role::Test => "tests",
            Role::Fixture => "test data and fixtures",
            Role::Docs => "documentation and examples",
            Role::Vendored => "vendored third-party code",
            Role::Generated => "generated code",
            Role::BuildOutput => "build output",
        }
    }

    /// Parses a name as written in configuration (`"test-data"` is accepted for `fixture`).
    #[must_use]
    pub fn parse(name: &str) -> Option<Role> {
        Some(match name {
            "product" => Role::Product,
            "test" | "tests" => Role::Test,
            "fixture" | "fixtures" | "test-data" => Role::Fixture,
            "docs" | "documentation" | "example" | "examples" => Role::Docs,
            "vendored" | "vendor" | "third-party" => Role::Vendored,
            "generated" => Role::Generated,
            "build-output" | "build" => Role::BuildOutput,
            _ => return None,
        })
    }

    /// Whether the file belongs to the product the company ships (product code only).
    #[must_use]
    pub fn is_product(self) -> bool {
        self == Role::Product
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role with the rule that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDecision {
    /// The role.
    pub role: Role,
    /// The rule, for a reader: "under a vendor folder (`vendor/`)".
    pub reason: &'static str,
}

impl RoleDecision {
    const fn new(role: Role, reason: &'static str) -> Self {
        RoleDecision { role, reason }
    }
}

impl Default for RoleDecision {
    fn default() -> Self {
        RoleDecision::new(Role::Product, "no rule matched: product code")
    }
}

/// Folders that hold third-party code wherever they are (Linguist `vendor.yml`).
pub const VENDOR_DIRS: &[&str] = &[
    "vendor",
    "vendors",
    "vendored",
    "_vendor",
    "third_party",
    "third-party",
    "thirdparty",
    "3rdparty",
    "3rd_party",
    "3rd-party",
    "node_modules",
    "bower_components",
    "jspm_packages",
    "godeps",
];

/// Folders that hold test inputs wherever they are.
const FIXTURE_DIRS: &[&str] = &[
    "fixtures",
    "__fixtures__",
    "test-fixtures",
    "test_fixtures",
    "testdata",
    "test-data",
    "test_data",
    "testfixtures",
    "__snapshots__",
];

/// Folders that mean test data only inside a test folder (`tests/data/` but not `app/data/`).
const NESTED_FIXTURE_DIRS: &[&str] = &[
    "fixture",
    "data",
    "resources",
    "snapshots",
    "golden",
    "goldens",
    "ui",
    "cases",
    "inputs",
    "expected",
    "samples",
    "assets",
    "corpus",
];

/// A documentation or examples folder: one of [`DOC_DIRS`], or a name that ends in `-docs` or
/// `_docs` (`dev-docs/`, `api_docs/`).
fn is_doc_dir(dir: &str) -> bool {
    DOC_DIRS.contains(&dir) || dir.ends_with("-docs") || dir.ends_with("_docs")
}

/// Folders of documentation and examples wherever they are (Linguist `documentation.yml`).
const DOC_DIRS: &[&str] = &[
    "docs",
    "doc",
    "documentation",
    "examples",
    "example",
    "_examples",
    "demo",
    "demos",
    "samples",
    "sample",
    "tutorial",
    "tutorials",
    "javadoc",
    "man",
];

/// Folders of test code.
fn is_test_dir(dir: &str) -> bool {
    matches!(
        dir,
        "test"
            | "tests"
            | "__tests__"
            | "__mocks__"
            | "spec"
            | "specs"
            | "e2e"
            | "testing"
            | "integration-tests"
            | "integration_tests"
            | "cypress"
            | "benches"
            | "bench"
            | "benchmark"
            | "benchmarks"
            | "benchsuite"
    ) || [
        ".tests",
        ".test",
        ".unittests",
        ".integrationtests",
        ".specs",
        ".benchmarks",
    ]
    .iter()
    .any(|suffix| dir.ends_with(suffix))
        // A module named for testing: `okio-testing-support`, `test-utils`, `app_tests`.
        || (dir.contains(['-', '_'])
            && dir.split(['-', '_']).any(|word| {
                matches!(
                    word,
                    "test" | "tests" | "testing" | "testutils" | "testutil" | "testkit"
                )
            }))
}

/// Build output folders, by the folder name alone.
const BUILD_DIRS: &[&str] = &[
    "dist",
    ".next",
    ".nuxt",
    "__pycache__",
    ".pytest_cache",
    ".gradle",
    ".tox",
    ".venv",
];

/// The role of a path by conventions alone: no content, no attributes, no configuration.
/// `path` is relative to the root with `/` separators. Used for files of the tree (as the first
/// step of their decision) and for paths that exist only in the history.
#[must_use]
pub fn role_of_path(path: &str) -> Role {
    decide_path(path).role
}

/// [`role_of_path`] with the rule that decided it.
#[must_use]
pub fn decide_path(path: &str) -> RoleDecision {
    decide_path_in(path, &std::collections::HashSet::new())
}

/// [`decide_path`], where the folders of `code_dirs` (lowercase paths) are code packages
/// although their name says documentation (see [`code_packages`]).
fn decide_path_in(path: &str, code_dirs: &std::collections::HashSet<String>) -> RoleDecision {
    let lower = path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let mut in_test = false;
    let mut prev = "";
    let mut prefix_len = 0;
    for (i, dir) in parts.iter().enumerate() {
        let dir = *dir;
        prefix_len += dir.len() + usize::from(i > 0);
        let prefix = &lower[..prefix_len];
        // Maven and Gradle source roots (`src/main/java/`, `src/test/kotlin/`): the folders
        // below are package names (`com/example/…`), not roles.
        if i >= 2
            && parts[i - 2] == "src"
            && matches!(prev, "main" | "test")
            && matches!(dir, "java" | "kotlin" | "scala" | "groovy")
        {
            break;
        }
        if VENDOR_DIRS.contains(&dir) {
            // Inside a test folder, a vendor folder is a test's input (a package manager's tests
            // vendor made-up packages), not code the product ships.
            if in_test {
                return RoleDecision::new(
                    Role::Fixture,
                    "under a vendored-code folder inside a test folder",
                );
            }
            return RoleDecision::new(Role::Vendored, "under a vendored-code folder");
        }
        if FIXTURE_DIRS.contains(&dir) {
            return RoleDecision::new(Role::Fixture, "under a test-data folder");
        }
        if in_test && (NESTED_FIXTURE_DIRS.contains(&dir) || DOC_DIRS.contains(&dir)) {
            return RoleDecision::new(Role::Fixture, "under a data folder inside a test folder");
        }
        if prev == "src" && dir == "test" {
            // Maven and Gradle: `src/test/resources/` is data, `src/test/java/` is code.
            in_test = true;
            prev = dir;
            continue;
        }
        if is_doc_dir(dir) && !code_dirs.contains(prefix) {
            return RoleDecision::new(Role::Docs, "under a documentation or examples folder");
        }
        if BUILD_DIRS.contains(&dir)
            || (matches!(dir, "debug" | "release") && prev == "target")
            || (matches!(dir, "debug" | "release") && matches!(prev, "bin" | "obj"))
        {
            return RoleDecision::new(Role::BuildOutput, "under a build output folder");
        }
        in_test |= is_test_dir(dir);
        prev = dir;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (name, ""),
    };
    if let Some(reason) = generated_name(name, stem, ext) {
        return RoleDecision::new(Role::Generated, reason);
    }
    if matches!(
        ext,
        "pyc" | "pyo" | "class" | "o" | "obj" | "a" | "so" | "dll" | "exe"
    ) {
        return RoleDecision::new(Role::BuildOutput, "a compiled artefact by its extension");
    }
    let prose = matches!(
        ext,
        "md" | "markdown" | "rst" | "adoc" | "asciidoc" | "org" | "mdx"
    );
    if in_test {
        if prose {
            return RoleDecision::new(Role::Docs, "documentation inside a test folder");
        }
        if is_code_extension(ext) {
            return RoleDecision::new(Role::Test, "under a test folder");
        }
        // A test project's own manifest (`test/App.Tests/App.Tests.csproj`,
        // `tests/package.json`) builds the tests; it is not their data.
        let build = crate::facts::classify::classify(path, None);
        if build.intersects(crate::facts::FileKind::MANIFEST | crate::facts::FileKind::LOCKFILE) {
            return RoleDecision::new(Role::Test, "a test project's manifest");
        }
        return RoleDecision::new(Role::Fixture, "a data file inside a test folder");
    }
    if test_file_name(path, name, stem, ext) {
        return RoleDecision::new(Role::Test, "a test file by its name");
    }
    // `LICENSE.md`, `THIRD-PARTY-NOTICES.md`: the product's licence and notices, not its
    // documentation.
    if prose
        && !crate::facts::classify::classify(path, None).contains(crate::facts::FileKind::LICENSE)
    {
        return RoleDecision::new(Role::Docs, "a documentation file by its extension");
    }
    RoleDecision::default()
}

/// Generated files by name (Linguist `generated.rb`, the name-only part).
fn generated_name(name: &str, stem: &str, ext: &str) -> Option<&'static str> {
    // `app.min.js`, and `backbone-min.js` (Linguist: `(\.|-)min\.(js|css)$`).
    if (stem.ends_with(".min") || stem.ends_with("-min")) && matches!(ext, "js" | "css" | "mjs") {
        return Some("a minified file");
    }
    if matches!(ext, "map") && (name.ends_with(".js.map") || name.ends_with(".css.map")) {
        return Some("a source map");
    }
    let proto = name.ends_with(".pb.go")
        || name.ends_with(".pb.gw.go")
        || name.ends_with("_pb2.py")
        || name.ends_with("_pb2_grpc.py")
        || name.ends_with("_pb2.pyi")
        || name.ends_with(".pb.cc")
        || name.ends_with(".pb.h")
        || name.ends_with("_pb.js")
        || name.ends_with("_pb.d.ts")
        || name.ends_with("_grpc_pb.js");
    if proto {
        return Some("generated protocol-buffer code by its name");
    }
    if name.ends_with(".designer.cs")
        || name.ends_with(".g.cs")
        || name.ends_with(".g.dart")
        || name.ends_with(".freezed.dart")
        || name.ends_with(".generated.go")
        || name.ends_with("_generated.go")
        || name.ends_with("_string.go") && stem.contains('_')
        || name.ends_with(".generated.ts")
        || name.ends_with(".generated.rs")
        || name.starts_with("zz_generated")
    {
        return Some("a generated file by its name");
    }
    None
}

fn is_code_extension(ext: &str) -> bool {
    matches!(
        ext,
        "rs" | "py"
            | "pyi"
            | "js"
            | "jsx"
            | "mjs"
            | "cjs"
            | "ts"
            | "tsx"
            | "mts"
            | "cts"
            | "vue"
            | "svelte"
            | "go"
            | "java"
            | "kt"
            | "kts"
            | "scala"
            | "groovy"
            | "rb"
            | "php"
            | "c"
            | "h"
            | "cc"
            | "cpp"
            | "hpp"
            | "cs"
            | "fs"
            | "vb"
            | "swift"
            | "m"
            | "ex"
            | "exs"
            | "erl"
            | "dart"
            | "lua"
            | "sh"
            | "bash"
            | "pl"
            | "r"
            | "jl"
            | "zig"
            | "hs"
            | "ml"
    )
}

/// Whether a file's own name says it holds tests (`server_test.go`, `test_app.py`,
/// `button.spec.ts`, `FooTest.java`), whatever its folder: the walk's scanners count the cases of
/// such files before the roles that need the whole tree are known.
#[must_use]
pub fn is_test_file_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (name, ""),
    };
    test_file_name(path, name, stem, ext)
}

/// Test files by the naming conventions of each language.
fn test_file_name(path: &str, name: &str, stem: &str, ext: &str) -> bool {
    if !is_code_extension(ext) {
        return false;
    }
    // `FooTest.java`, `FooTests.swift`, `FooSpec.groovy`: case-sensitive, which keeps
    // `latest.java` and `Contest.kt` out.
    let original_stem = path
        .rsplit('/')
        .next()
        .and_then(|n| n.split('.').next())
        .unwrap_or("");
    let class_convention = matches!(
        ext,
        "java" | "kt" | "scala" | "groovy" | "cs" | "swift" | "php" | "fs" | "vb"
    ) && ["Test", "Tests", "Spec", "IT"]
        .iter()
        .any(|suffix| original_stem.len() > suffix.len() && original_stem.ends_with(suffix));
    class_convention
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.ends_with("_spec")
        || stem.ends_with(".test")
        || stem.ends_with(".spec")
        || stem.ends_with(".cy")
        || stem.ends_with(".e2e")
        || name == "conftest.py"
        // unittest's discovery pattern is `test*.py`: Django's `tests.py` in every app.
        || matches!(name, "tests.py" | "test.py")
}

/// Whether the first lines of a file say that a generator wrote it ("Code generated … DO NOT
/// EDIT.", "@generated", "auto-generated", "This file was generated", Django's "# Generated by
/// Django 5.0 on …" migrations), or begin a bundle that
/// webpack or browserify wrote. Only the first 1 KiB is looked at, as Linguist and Go's
/// convention do.
#[must_use]
pub fn has_generated_header(content: &[u8]) -> bool {
    let head = &content[..content.len().min(1024)];
    let Ok(head) = std::str::from_utf8(head)
        .or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).map_err(|_| ()))
    else {
        return false;
    };
    let lower = head.to_ascii_lowercase();
    // Go's convention (https://go.dev/s/generatedcode) and the common variants.
    (lower.contains("code generated") && lower.contains("do not edit"))
        || lower.contains("@generated")
        || lower.contains("auto-generated")
        || lower.contains("autogenerated")
        || lower.contains("this file was generated")
        || lower.contains("this file is generated")
        || lower.contains("this file was automatically generated")
        || lower.contains("this file is automatically generated")
        || (lower.contains("generated by") && lower.contains("do not edit"))
        // Django's `makemigrations` opens every migration it writes with this line (a
        // migration written by hand has none: it stays the project's code).
        || lower.starts_with("# generated by django ")
        // A bundler's output: webpack's bootstrap, browserify's module loader (old and new
        // preludes), written at the top of every bundle they make.
        || head.contains("webpackBootstrap")
        || head.contains("typeof require==\"function\"&&require")
        || head.contains("\"function\"==typeof require&&require")
}

/// Whether a file opens with the banner of a released library, as minifiers keep it (a `/*!`
/// comment) and libraries write it: a version and a copyright or licence line
/// (`/*! Vue.js v2.6.8 (c) 2014-2019 Evan You  Released under the MIT License. */`,
/// `/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */`).
/// A project's own sources carry no release banner; its built files are build output anyway.
/// For JavaScript and stylesheets only (the walk asks): in C and Rust, `/*!` opens documentation.
#[must_use]
pub fn has_library_banner(content: &[u8]) -> bool {
    let start = content
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(content.len());
    let head = &content[start..content.len().min(start + 512)];
    let Some(body) = head.strip_prefix(b"/*!") else {
        return false;
    };
    let body = memchr::memmem::find(body, b"*/").map_or(body, |end| &body[..end]);
    let lower = body.to_ascii_lowercase();
    let has = |needle: &str| memchr::memmem::find(&lower, needle.as_bytes()).is_some();
    // `v2.6.8`, `3.7.1`, `@version 1.2`: digits, a dot, digits.
    let version = lower
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
    version && (has("(c)") || has("©") || has("copyright") || has("licen"))
}

/// One `.gitattributes` line that sets or unsets a Linguist role attribute.
#[derive(Debug, Clone)]
struct AttrRule {
    matcher: GlobMatcher,
    /// The role it sets, or `None` when it unsets one (`-linguist-vendored`).
    role: Option<Role>,
    /// The role it unsets, for `-linguist-…` and `linguist-…=false`.
    unsets: Option<Role>,
    reason: &'static str,
}

/// A glob rule from the configuration's `[scan.roles]`.
#[derive(Debug, Clone)]
struct ConfigRule {
    matcher: GlobMatcher,
    role: Role,
}

/// Decides the role of every file: path conventions, then content, then `.gitattributes`,
/// then configuration.
#[derive(Debug, Clone, Default)]
pub struct RoleRules {
    attributes: Vec<AttrRule>,
    config: Vec<ConfigRule>,
    code_dirs: std::collections::HashSet<String>,
}

/// Folders named for documentation (`doc/`, `docs/`) that are code packages: they hold a test
/// file of their own beside their sources (Go's `doc` package of a CLI library, with its
/// `*_test.go`), or they are a Python package (`docs/__init__.py`: the Django website's `docs`
/// application, whose tests are in `docs/tests/`). `paths` are every file of the tree.
#[must_use]
pub fn code_packages<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for path in paths {
        let lower = path.to_ascii_lowercase();
        let Some((dir, name)) = lower.rsplit_once('/') else {
            continue;
        };
        let last = dir.rsplit('/').next().unwrap_or(dir);
        if !matches!(last, "doc" | "docs") {
            continue;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s, e),
            _ => (name, ""),
        };
        if name == "__init__.py"
            || test_file_name(path.rsplit('/').next().unwrap_or(path), name, stem, ext)
        {
            out.insert(dir.to_owned());
        }
    }
    out
}

impl RoleRules {
    /// Rules from the root `.gitattributes` text (if any) and the configured `(glob, role)`
    /// pairs. Lines it cannot read are left out and named in the returned problems.
    #[must_use]
    pub fn new(gitattributes: Option<&str>, configured: &[(String, Role)]) -> (Self, Vec<String>) {
        let mut problems = Vec::new();
        let mut attributes = Vec::new();
        for (n, line) in gitattributes.unwrap_or("").lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next() else {
                continue;
            };
            for attr in words {
                let (unset, name, value) = match attr.strip_prefix('-') {
                    Some(name) => (true, name, None),
                    None => match attr.split_once('=') {
                        Some((name, value)) => (false, name, Some(value)),
                        None => (false, attr, None),
                    },
                };
                let role = match name {
                    "linguist-vendored" => Role::Vendored,
                    "linguist-generated" => Role::Generated,
                    "linguist-documentation" => Role::Docs,
                    _ => continue,
                };
                let off = unset || matches!(value, Some("false"));
                match gitattributes_glob(pattern) {
                    Ok(matcher) => attributes.push(AttrRule {
                        matcher,
                        role: (!off).then_some(role),
                        unsets: off.then_some(role),
                        reason: match (role, off) {
                            (Role::Vendored, false) => ".gitattributes: linguist-vendored",
                            (Role::Generated, false) => ".gitattributes: linguist-generated",
                            (Role::Docs, false) => ".gitattributes: linguist-documentation",
                            _ => ".gitattributes: a linguist attribute unset",
                        },
                    }),
                    Err(e) => problems.push(format!(
                        ".gitattributes line {}: `{pattern}` is not a pattern this audit can read ({e})",
                        n + 1
                    )),
                }
            }
        }
        let mut config = Vec::new();
        for (glob, role) in configured {
            match GlobBuilder::new(glob).literal_separator(true).build() {
                Ok(g) => config.push(ConfigRule {
                    matcher: g.compile_matcher(),
                    role: *role,
                }),
                Err(e) => problems.push(format!("scan.roles: invalid glob `{glob}`: {e}")),
            }
        }
        (
            RoleRules {
                attributes,
                config,
                code_dirs: std::collections::HashSet::new(),
            },
            problems,
        )
    }

    /// Treats these folders as code packages although their names say documentation
    /// ([`code_packages`]).
    #[must_use]
    pub fn with_code_packages(mut self, dirs: std::collections::HashSet<String>) -> Self {
        self.code_dirs = dirs;
        self
    }

    /// The role of one file: `path` (relative, `/`-separated) and whether its first lines carry
    /// a generated header.
    #[must_use]
    pub fn decide(&self, path: &str, generated_header: bool) -> RoleDecision {
        self.decide_with(path, generated_header, false, false)
    }

    /// [`RoleRules::decide`], knowing too whether the file opens with a released library's
    /// banner ([`has_library_banner`]): such a file among the product's is a copy of that
    /// library; and whether it is a Rust module compiled only for tests ([`rust_test_only`]).
    #[must_use]
    pub fn decide_with(
        &self,
        path: &str,
        generated_header: bool,
        library_banner: bool,
        test_module: bool,
    ) -> RoleDecision {
        let mut decision = decide_path_in(path, &self.code_dirs);
        if test_module && decision.role == Role::Product {
            decision = RoleDecision::new(
                Role::Test,
                "a Rust module compiled only for tests (`#[cfg(test)] mod`)",
            );
        }
        if generated_header && matches!(decision.role, Role::Product | Role::Test) {
            decision = RoleDecision::new(Role::Generated, "a \"generated, do not edit\" header");
        } else if library_banner && decision.role == Role::Product {
            decision = RoleDecision::new(Role::Vendored, "the banner of a released library");
        }
        // Later lines of .gitattributes win, as git reads them.
        for rule in &self.attributes {
            if !rule.matcher.is_match(path) {
                continue;
            }
            if let Some(role) = rule.role {
                decision = RoleDecision::new(role, rule.reason);
            } else if rule.unsets == Some(decision.role) {
                decision = RoleDecision::new(Role::Product, rule.reason);
            }
        }
        for rule in &self.config {
            if rule.matcher.is_match(path) {
                decision = RoleDecision::new(rule.role, "configuration: [scan.roles]");
            }
        }
        decision
    }
}

/// The Rust files compiled only for tests: those of the modules a file declares only under
/// `#[cfg(test)]` (`mod name;` at its top level: `name.rs` or `name/mod.rs` beside a crate root
/// or `mod.rs`, else in the folder named after the file), and every file under such a module's
/// folder. Sorted: the walk gives these files the test role (the `#[cfg(test)]` is the
/// code's own word that they are test code, whatever their paths say).
#[must_use]
pub fn rust_test_only(files: &[super::FileFacts]) -> Vec<String> {
    let mut dirs: Vec<String> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for f in files {
        let Some(rust) = f.scan.source.as_ref().and_then(|s| s.rust.as_ref()) else {
            continue;
        };
        let (dir, name) = f.path.rsplit_once('/').unwrap_or(("", f.path.as_str()));
        let stem = name.strip_suffix(".rs").unwrap_or(name);
        let root = matches!(name, "mod.rs" | "lib.rs" | "main.rs")
            || dir.ends_with("src/bin")
            || ["tests", "benches", "examples"]
                .iter()
                .any(|d| dir == *d || dir.ends_with(&format!("/{d}")));
        let base = match (root, dir.is_empty()) {
            (true, _) => dir.to_owned(),
            (false, true) => stem.to_owned(),
            (false, false) => format!("{dir}/{stem}"),
        };
        for module in &rust.health.test_modules {
            let at = if base.is_empty() {
                module.clone()
            } else {
                format!("{base}/{module}")
            };
            out.push(format!("{at}.rs"));
            out.push(format!("{at}/mod.rs"));
            dirs.push(format!("{at}/"));
        }
    }
    out.extend(
        files
            .iter()
            .filter(|f| dirs.iter().any(|d| f.path.starts_with(d.as_str())))
            .map(|f| f.path.clone()),
    );
    out.sort();
    out
}

/// A `.gitattributes` pattern as git reads it: without a `/` it matches the name at any depth;
/// with one it is anchored at the root; a trailing `/**` or `/` matches everything below.
fn gitattributes_glob(pattern: &str) -> Result<GlobMatcher, globset::Error> {
    let anchored = pattern.trim_start_matches('/');
    let glob = if pattern.contains('/') && !pattern.ends_with('/') {
        anchored.to_owned()
    } else if let Some(dir) = pattern.strip_suffix('/') {
        format!("{}/**", dir.trim_start_matches('/'))
    } else {
        format!("**/{anchored}")
    };
    // A directory pattern `dir/**` as written already matches below it; `dir` alone (a folder
    // named in .gitattributes) also covers its files, as Linguist reads it.
    let glob = if glob.ends_with("/**") || glob.contains('*') || glob.contains('.') {
        glob
    } else {
        format!("{glob}{{,/**}}")
    };
    Ok(GlobBuilder::new(&glob)
        .literal_separator(true)
        .build()
        .or_else(|_| Glob::new(&glob))?
        .compile_matcher())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(p: &str) -> Role {
        role_of_path(p)
    }

    #[test]
    fn vendored_code_wherever_it_is() {
        assert_eq!(role("vendor/github.com/x/y.go"), Role::Vendored);
        assert_eq!(role("web/node_modules/react/index.js"), Role::Vendored);
        assert_eq!(role("src/third_party/zlib/inflate.c"), Role::Vendored);
        // Python's convention (pip, setuptools).
        assert_eq!(role("src/pip/_vendor/requests/api.py"), Role::Vendored);
        assert_eq!(role("src/vendor.rs"), Role::Product, "a file named vendor");
        assert_eq!(role("packages/vendor-tools/index.js"), Role::Product);
        // In a test folder, a test's input.
        assert_eq!(
            role("tests/testsuite/cargo_add/vendored/in/vendor/aa/src/lib.rs"),
            Role::Fixture
        );
        assert_eq!(role("test/node_modules/left-pad/index.js"), Role::Fixture);
        assert_eq!(role("src/test/vendor/x.go"), Role::Fixture);
    }

    #[test]
    fn jvm_package_folders_are_not_roles() {
        // `com.example` is a package name under a Maven/Gradle source root.
        assert_eq!(role("src/main/java/com/example/Calc.java"), Role::Product);
        assert_eq!(role("src/test/java/com/example/CalcTest.java"), Role::Test);
        assert_eq!(
            role("lib/src/test/kotlin/org/acme/data/ParserTest.kt"),
            Role::Test
        );
        assert_eq!(role("src/test/resources/example/in.json"), Role::Fixture);
        assert_eq!(role("examples/src/main/java/Demo.java"), Role::Docs);
    }

    #[test]
    fn test_data_is_not_tests() {
        assert_eq!(
            role("tests/fixtures/app/node_modules/x/index.js"),
            Role::Fixture
        );
        assert_eq!(role("tests/data/sherlock.gz"), Role::Fixture);
        assert_eq!(role("pkg/testdata/input.go"), Role::Fixture);
        assert_eq!(role("src/test/resources/Seed.java"), Role::Fixture);
        assert_eq!(role("crates/x/tests/ui/bad.rs"), Role::Fixture);
        assert_eq!(role("tests/test_apps/.env"), Role::Fixture);
        // A test project's manifest builds the tests; a fixture's manifest is data.
        assert_eq!(role("test/MediatR.Tests/MediatR.Tests.csproj"), Role::Test);
        assert_eq!(role("tests/package.json"), Role::Test);
        assert_eq!(role("tests/fixtures/app/package.json"), Role::Fixture);
        assert_eq!(
            role("app/data/loader.py"),
            Role::Product,
            "data outside tests is code"
        );
    }

    #[test]
    fn tests_by_folder_and_name() {
        assert_eq!(role("tests/cli.rs"), Role::Test);
        assert_eq!(role("src/test/java/a/FooTest.java"), Role::Test);
        assert_eq!(role("pkg/server_test.go"), Role::Test);
        assert_eq!(role("src/button.test.tsx"), Role::Test);
        assert_eq!(role("spec/models/user_spec.rb"), Role::Test);
        assert_eq!(role("benches/parse.rs"), Role::Test);
        // A module named for testing holds test support, and its resources are test data.
        assert_eq!(
            role("okio-testing-support/src/commonMain/kotlin/okio/FakeFileSystem.kt"),
            Role::Test
        );
        assert_eq!(
            role("okio-testing-support/src/commonMain/resources/okio/zip/empty.zip"),
            Role::Fixture
        );
        assert_eq!(role("latest-release/notes.rs"), Role::Product);
        assert_eq!(role("tests/README.md"), Role::Docs);
        assert_eq!(role("src/contest.py"), Role::Product);
        assert_eq!(role("src/Latest.kt"), Role::Product);
    }

    #[test]
    fn docs_examples_and_build_output() {
        assert_eq!(role("docs/config.rst"), Role::Docs);
        assert_eq!(role("examples/jwt/src/main.rs"), Role::Docs);
        // A documentation site by another name (Excalidraw's Docusaurus site).
        assert_eq!(role("dev-docs/docusaurus.config.js"), Role::Docs);
        assert_eq!(role("api_docs/index.md"), Role::Docs);
        assert_eq!(role("src/docsearch.js"), Role::Product);
        assert_eq!(role("README.md"), Role::Docs);
        // A licence or notice file in Markdown is the product's, not documentation.
        assert_eq!(role("LICENSE.md"), Role::Product);
        assert_eq!(role("THIRD-PARTY-NOTICES.md"), Role::Product);
        assert_eq!(role("dist/app.js"), Role::BuildOutput);
        assert_eq!(role("target/release/app"), Role::BuildOutput);
        assert_eq!(role("src/target.rs"), Role::Product);
        assert_eq!(role("static/app.min.js"), Role::Generated);
        assert_eq!(role("backbone-min.js"), Role::Generated);
        assert_eq!(role("css/theme-min.css"), Role::Generated);
        assert_eq!(role("src/admin.js"), Role::Product);
        assert_eq!(role("api/v1/service.pb.go"), Role::Generated);
        // The outermost folder decides: an example's fixtures are part of the example.
        assert_eq!(role("examples/tls/tests/fixtures/key.pem"), Role::Docs);
        assert_eq!(role("tests/fixtures/examples/a.py"), Role::Fixture);
    }

    /// A released library's banner makes a product file a copy of that library; a comment
    /// without a version, or a banner in a test, changes nothing; the owner's word still wins.
    #[test]
    fn library_banners() {
        let vue = b"/*!\n * Vue.js v2.6.8\n * (c) 2014-2019 Evan You\n * Released under the MIT License.\n */\n(function (global, factory) {";
        let jquery = b"/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */\n!function(e,t){";
        assert!(has_library_banner(vue));
        assert!(has_library_banner(jquery));
        assert!(!has_library_banner(
            b"/*! keep this comment: (c) Acme */\nvar x = 1;"
        ));
        assert!(
            !has_library_banner(b"/* Vue.js v2.6.8 (c) Evan You */\n"),
            "not a kept banner"
        );
        assert!(!has_library_banner(b"// v1.2 (c) Acme\n"));
        let (rules, _) = RoleRules::new(None, &[]);
        assert_eq!(
            rules
                .decide_with("internal/view/assets/js/vue.js", false, true, false)
                .role,
            Role::Vendored
        );
        assert_eq!(
            rules
                .decide_with("test/helpers/vue.js", false, true, false)
                .role,
            Role::Test
        );
        let (rules, _) = RoleRules::new(Some("assets/js/vue.js -linguist-vendored\n"), &[]);
        assert_eq!(
            rules
                .decide_with("assets/js/vue.js", false, true, false)
                .role,
            Role::Product
        );
    }

    #[test]
    fn generated_headers() {
        assert!(has_generated_header(
            b"// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n"
        ));
        assert!(has_generated_header(b"// @generated by build.rs\n"));
        assert!(has_generated_header(
            b"# This file was automatically generated\n"
        ));
        assert!(!has_generated_header(
            b"fn main() {}\n// we generate reports\n"
        ));
        // A migration `makemigrations` wrote; not one written by hand, nor a file that
        // mentions the generator further down.
        assert!(has_generated_header(
            b"# Generated by Django 4.2.1 on 2023-05-04 10:21\n\nfrom django.db import migrations, models\n"
        ));
        assert!(!has_generated_header(
            b"from django.db import migrations\n\n\ndef forwards(apps, schema_editor):\n    pass\n"
        ));
        assert!(!has_generated_header(
            b"import os\n# Generated by Django 4.2 on 2023-05-04 (copied from the app)\n"
        ));
        // Bundles: browserify's preludes (old and new) and webpack's bootstrap; code that
        // merely calls require is not one.
        assert!(has_generated_header(
            br#"(function e(t,n,r){function s(o,u){if(!n[o]){if(!t[o]){var a=typeof require=="function"&&require;if(!u&&a)return a(o,!0);"#
        ));
        assert!(has_generated_header(
            br#"(function(){function r(e,n,t){function o(i,f){if(!n[i]){if(!e[i]){var c="function"==typeof require&&require;"#
        ));
        assert!(has_generated_header(
            b"/******/ (() => { // webpackBootstrap\n/******/ \tvar __webpack_modules__ = ({\n"
        ));
        assert!(!has_generated_header(
            b"const fs = require('fs');\nif (typeof require === 'function') {}\n"
        ));
        let rules = RoleRules::default();
        assert_eq!(rules.decide("src/x.rs", true).role, Role::Generated);
        assert_eq!(rules.decide("vendor/x.rs", true).role, Role::Vendored);
    }

    #[test]
    fn gitattributes_and_configuration_override() {
        let attrs = "# roles\n\
                     web/legacy/** linguist-vendored\n\
                     *.gen.ts linguist-generated=true\n\
                     docs/api.md -linguist-documentation\n\
                     vendor/ours/** -linguist-vendored\n";
        let (rules, problems) = RoleRules::new(Some(attrs), &[("tools/**".to_owned(), Role::Test)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rules.decide("web/legacy/a.js", false).role, Role::Vendored);
        assert_eq!(
            rules.decide("web/legacy/a.js", false).reason,
            ".gitattributes: linguist-vendored"
        );
        assert_eq!(
            rules.decide("src/deep/x.gen.ts", false).role,
            Role::Generated
        );
        assert_eq!(rules.decide("docs/api.md", false).role, Role::Product);
        assert_eq!(
            rules.decide("vendor/ours/lib.go", false).role,
            Role::Product
        );
        assert_eq!(rules.decide("tools/run.py", false).role, Role::Test);
        assert_eq!(
            rules.decide("tools/run.py", false).reason,
            "configuration: [scan.roles]"
        );
    }

    #[test]
    fn a_documentation_folder_with_its_own_tests_is_a_package() {
        let paths = [
            "doc/md_docs.go",
            "doc/md_docs_test.go",
            "doc/README.md",
            "docs/guide.md",
        ];
        let dirs = code_packages(paths);
        let rules = RoleRules::default().with_code_packages(dirs);
        assert_eq!(rules.decide("doc/md_docs.go", false).role, Role::Product);
        assert_eq!(rules.decide("doc/md_docs_test.go", false).role, Role::Test);
        assert_eq!(rules.decide("doc/README.md", false).role, Role::Docs);
        assert_eq!(rules.decide("docs/guide.md", false).role, Role::Docs);
        assert_eq!(
            role_of_path("doc/md_docs.go"),
            Role::Docs,
            "without the tree's evidence"
        );
        // A Python package named `docs` (a Django application), its tests in a folder.
        let paths = [
            "docs/__init__.py",
            "docs/models.py",
            "docs/tests/test_views.py",
            "docs/templates/docs/doc.html",
        ];
        let rules = RoleRules::default().with_code_packages(code_packages(paths));
        assert_eq!(rules.decide("docs/models.py", false).role, Role::Product);
        assert_eq!(
            rules.decide("docs/tests/test_views.py", false).role,
            Role::Test
        );
        let sphinx = ["docs/conf.py", "docs/index.rst"];
        let rules = RoleRules::default().with_code_packages(code_packages(sphinx));
        assert_eq!(rules.decide("docs/conf.py", false).role, Role::Docs);
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("nonsense"), None);
    }
}
