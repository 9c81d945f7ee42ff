//! Per-file source signals, computed during the one walk from the buffer already read.
//!
//! [`SourceScanner`] looks at source files and Makefiles and records what later checks need
//! without keeping the text:
//!
//! - **Rust** files that can hold tests are parsed with `syn` into [`RustSource`]: test
//!   functions (`#[test]`,
//!   `#[tokio::test]` and every other `…::test` attribute, `rstest`, `test_case`, …),
//!   `#[cfg(test)]` modules and their length, benches (`#[bench]`, criterion's
//!   `bench_function`), and doctests (fenced Rust blocks in doc comments), reported apart.
//!   When the code-health counts are asked for, they come from the file's tokens
//!   ([`super::rust_health`]), so a file without tests is never parsed. Function bodies that
//!   can hold nothing counted (no attribute, item, item-position macro or bench call) are
//!   found with the compiler's lexer and left out of the parse (`skim`): they are most of a
//!   test file. A file that does not lex or parse
//!   is a warning, never a crash (a syntax error inside a body left out is not seen).
//! - **Other languages** get a cheap per-language regex that counts test cases in test files:
//!   Go `func TestX(t *testing.T)`, Python `def test_…`, JavaScript/TypeScript `it(`/`test(`,
//!   JUnit/TestNG `@Test`, RSpec `it`, PHPUnit `function test…`, xUnit/NUnit/MSTest
//!   attributes, XCTest `func test…()` and Swift Testing `@Test`. For C#, Java, Kotlin and Swift
//!   the annotations are unambiguous, so they are counted in every file, which finds test
//!   projects whose paths follow no convention.
//! - **Imports** of test frameworks (`import unittest`, `from "vitest"`, `import XCTest`, …).
//! - **Makefiles**: their targets and recipes, so that the CI check can follow `make test`.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use ra_ap_rustc_lexer::TokenKind;
use regex::Regex;
use syn::visit::Visit;

use super::pattern::code_regex;
use super::rust_health::Lexed;

use super::scan::ContentScanner;
use super::{FileFacts, FileKind, Warning};

/// What one source file says about tests (and, for Makefiles, its targets).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSignals {
    /// Test cases found by the language's convention (Rust: test functions). Only counted in
    /// test files, except for Rust, C#, Java, Kotlin and Swift, whose markers are unambiguous.
    pub test_cases: u32,
    /// Benchmarks (Go `BenchmarkX`, Rust `#[bench]` and criterion benches).
    pub benches: u32,
    /// Test frameworks this file imports (`pytest`, `vitest`, `XCTest`, …).
    pub frameworks: Vec<&'static str>,
    /// The facts of a Rust file (`None` for other languages, when there is nothing to report, or
    /// when the file does not parse).
    pub rust: Option<RustSource>,
    /// A Makefile's targets, in file order.
    pub make_targets: Vec<MakeTarget>,
    /// A Makefile's variable assignments (`GO ?= go`), in file order.
    pub make_vars: Vec<(String, String)>,
    /// A Rakefile's tasks (`task default: :test`, `Rake::TestTask`, `RSpec::Core::RakeTask`).
    pub rake_tasks: Vec<MakeTarget>,
    /// tox environments of a `tox.ini` (the base `[testenv]` is named `testenv`; the
    /// `env_list` is a task named `*` whose prerequisites are the listed environments).
    pub tox_envs: Vec<MakeTarget>,
    /// nox sessions of a `noxfile.py` (`nox.options.sessions` is a task named `*`).
    pub nox_sessions: Vec<MakeTarget>,
    /// The functions of a Mage build file (`magefile.go`, `magefiles/*.go`), named in lowercase
    /// as `mage <target>` calls them.
    pub mage_targets: Vec<MakeTarget>,
    /// A Go file that declares `package main` (a program, not a package others import).
    pub go_main: bool,
    /// What a Go file embeds into its program (`//go:embed dist/index.html dist/assets`): the
    /// patterns, relative to its folder.
    pub go_embeds: Vec<String>,
    /// Paths to a `dist` folder written in a server-side product file's string literals
    /// (PHP's `__DIR__.'/../resources/renderer/dist/'`, Python's `"static/dist"`), as written:
    /// built assets that the code loads.
    pub dist_refs: Vec<String>,
    /// The command lines of a shell, PowerShell or batch script (comments and blank lines left
    /// out), so that a CI step `./scripts/test` can be followed into the script.
    pub script: Option<Vec<String>>,
    /// Data-driven suites this test file runs: a runner that turns every file of a folder (or
    /// glob) into a test case.
    pub data_suites: Vec<DataSuiteRef>,
}

/// A data-driven suite as written in a test file: the runner and the folder or glob it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSuiteRef {
    /// `trybuild`, `insta::glob!`, `datatest`, or `a test that reads a folder`.
    pub runner: &'static str,
    /// The folder or glob, as written (relative to the file, its package or the root).
    pub pattern: String,
    /// The 1-based line.
    pub line: u32,
}

/// Calls that run one test per file of a folder or glob: (runner, pattern, languages).
const DATA_SUITE_PATTERNS: &[(&str, &str)] = &[
    (
        "trybuild",
        r#"\.(?:pass|compile_fail)\(\s*(?:&?format!\(\s*)?"([^"]+)""#,
    ),
    (
        "insta::glob!",
        r#"\bglob!\(\s*(?:"[^"]*"\s*,\s*)?"([^"]+)""#,
    ),
    (
        "datatest",
        r#"#\[\s*datatest::(?:files|data)\(\s*"([^"]+)""#,
    ),
    ("datatest", r#"\bharness!\s*[({][^"]*?"([^"]+)""#),
    (
        "a test that reads a folder",
        r#"\b(?:read_dir|readdirSync|readdir|ReadDir|listdir|scandir|iterdir)\(\s*(?:Path\(\s*)?['"]([^'"]+)['"]"#,
    ),
    (
        "a test that reads a folder",
        r#"\b(?:glob\.glob|glob\.iglob|filepath\.Glob|globSync|fg\.sync)\(\s*['"]([^'"]+)['"]"#,
    ),
];

static DATA_SUITE_RES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    DATA_SUITE_PATTERNS
        .iter()
        .map(|(runner, re)| (*runner, code_regex(re).expect("valid built-in regex")))
        .collect()
});

/// The data-driven suites a test file runs.
fn data_suites(text: &str) -> Vec<DataSuiteRef> {
    let mut out: Vec<DataSuiteRef> = Vec::new();
    for (runner, re) in DATA_SUITE_RES.iter() {
        if *runner == "trybuild" && !text.contains("TestCases") {
            continue;
        }
        for c in re.captures_iter(text) {
            let m = c.get(1).expect("one group");
            let pattern = m.as_str();
            // URLs and absolute paths are not the tree's fixtures.
            if pattern.contains("://") || pattern.starts_with('/') {
                continue;
            }
            let line =
                u32::try_from(text[..m.start()].matches('\n').count() + 1).unwrap_or(u32::MAX);
            if !out.iter().any(|d| d.line == line) {
                // `format!("tests/{dir}/*.rs")`: a placeholder stands for any name.
                static PLACEHOLDER: LazyLock<Regex> =
                    LazyLock::new(|| code_regex(r"\{[A-Za-z_]\w*\}").expect("valid regex"));
                out.push(DataSuiteRef {
                    runner,
                    pattern: PLACEHOLDER.replace_all(pattern, "*").into_owned(),
                    line,
                });
            }
        }
    }
    out.sort_by_key(|d| d.line);
    out
}

/// The facts of one Rust file: tests from the `syn` parse (of files that can hold them), code
/// health from the tokens (see [`rust_file`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustSource {
    /// Functions with a test attribute (`#[test]`, `#[tokio::test]`, `#[rstest]`, …).
    pub test_fns: u32,
    /// `#[cfg(test)]` modules declared inline (with a body).
    pub test_modules: u32,
    /// Lines spanned by those inline test modules (from `mod` to the closing brace).
    pub test_module_lines: u32,
    /// `#[bench]` functions and criterion `bench_function`/`bench_with_input` calls.
    pub benches: u32,
    /// Fenced Rust code blocks in doc comments (doctests that `cargo test` runs).
    pub doctests: u32,
    /// Code-health counts outside test code: `unsafe`, `unwrap()` and friends, `#[allow]`,
    /// function lengths.
    pub health: super::health::RustHealth,
    /// `macro_rules!` definitions whose expansion holds test functions.
    pub test_macros: Vec<TestMacro>,
    /// Item-position invocations of macros that this file does not define (they may generate
    /// tests defined elsewhere, as `rgtest!` in a `tests/macros.rs`).
    pub macro_calls: Vec<MacroCall>,
}

/// A `macro_rules!` macro that generates tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestMacro {
    /// The macro's name.
    pub name: String,
    /// Test functions each invocation generates outside any repetition (the largest over the
    /// rules).
    pub per_call: u32,
    /// Test functions generated once per row of a repetition (`$( #[test] fn $name() … )*`).
    pub per_row: u32,
    /// How rows of that repetition are told apart in an invocation.
    pub row: Option<RowKey>,
}

/// How the rows of a macro repetition show in an invocation's top-level tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    /// Rows separated by this token (`$( … ),*`).
    Separator(String),
    /// Rows ended by this token (`$( … , )*`).
    Terminator(String),
    /// A token that each row holds once (`$( $n:ident: $f:ident for $i:expr => $o:expr )+`).
    Marker(String),
}

/// An item-position macro invocation, summarised by the counts of its top-level punctuation
/// and keywords (enough to count a repetition's rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MacroCall {
    /// The macro's name (last path segment).
    pub name: String,
    /// Top-level punctuation (joined: `=>`) and keyword tokens, with their counts.
    pub tokens: Vec<(String, u32)>,
    /// The last top-level token, when it is punctuation.
    pub last: Option<String>,
    /// Whether the invocation has no tokens at all.
    pub empty: bool,
}

impl TestMacro {
    /// The tests one invocation generates.
    #[must_use]
    pub fn tests_in(&self, call: &MacroCall) -> u32 {
        let count = |t: &str| {
            call.tokens
                .iter()
                .find(|(k, _)| k == t)
                .map_or(0, |(_, n)| *n)
        };
        let rows = match &self.row {
            _ if call.empty => 0,
            None => 0,
            Some(RowKey::Separator(t)) => {
                count(t) + u32::from(call.last.as_deref() != Some(t.as_str()))
            }
            Some(RowKey::Terminator(t)) => {
                count(t) + u32::from(call.last.as_deref() != Some(t.as_str()))
            }
            Some(RowKey::Marker(t)) => count(t),
        };
        self.per_call + self.per_row * rows
    }
}

/// One task of a task runner: a Makefile target, a Rake task, a tox environment or a nox
/// session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MakeTarget {
    /// The target name.
    pub name: String,
    /// The 1-based line of the rule.
    pub line: u32,
    /// Prerequisites.
    pub deps: Vec<String>,
    /// Recipe lines, trimmed, without the leading `@`/`-`.
    pub recipe: Vec<String>,
}

/// The languages whose test cases are counted, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Rust,
    Go,
    Python,
    Js,
    Jvm,
    Ruby,
    Php,
    CSharp,
    Swift,
    Make,
    Rake,
    Tox,
    Script,
}

/// The largest script whose command lines are kept.
const MAX_SCRIPT_BYTES: u64 = 256 * 1024;

/// Folders whose extension-less files are read as scripts when they start with `#!`.
const SCRIPT_DIRS: &[&str] = &[
    "scripts", "script", "bin", "ci", ".ci", "tools", "build", ".github",
];

fn lang_of(file: &FileFacts) -> Option<Lang> {
    let name = file.name();
    if matches!(name, "Makefile" | "makefile" | "GNUmakefile") || name.ends_with(".mk") {
        return Some(Lang::Make);
    }
    if name == "Rakefile" || name == "rakefile" || name.ends_with(".rake") {
        return Some(Lang::Rake);
    }
    if name == "tox.ini" {
        return Some(Lang::Tox);
    }
    if file.size <= MAX_SCRIPT_BYTES {
        if matches!(
            file.language,
            Some("Shell" | "BASH" | "Zsh" | "PowerShell" | "Batch")
        ) {
            return Some(Lang::Script);
        }
        // Extension-less scripts (`scripts/test`): their language comes from the `#!` line,
        // read with the buffer; the scan checks it.
        if file.language.is_none()
            && !name.contains('.')
            && file
                .path
                .rsplit_once('/')
                .is_some_and(|(dir, _)| dir.split('/').any(|c| SCRIPT_DIRS.contains(&c)))
        {
            return Some(Lang::Script);
        }
    }
    Some(match file.language? {
        "Rust" => Lang::Rust,
        "Go" => Lang::Go,
        "Python" => Lang::Python,
        "JavaScript" | "TypeScript" | "JSX" | "TSX" | "Vue" | "Svelte" => Lang::Js,
        "Java" | "Kotlin" | "Scala" | "Groovy" => Lang::Jvm,
        "Ruby" => Lang::Ruby,
        "PHP" => Lang::Php,
        "C#" => Lang::CSharp,
        "Swift" => Lang::Swift,
        _ => return None,
    })
}

/// Rust files larger than this are not parsed: they are almost always generated (bindings, data
/// tables), and a syntax tree costs many times the file's size in memory.
pub const MAX_RUST_PARSE_BYTES: usize = 256 * 1024;

/// A Rust file can hold test or bench functions, or `#[cfg(test)]` modules, only if this matches
/// (a test attribute, a `cfg` mentioning `test`, or a criterion call); only such files are parsed.
/// Doctests in other files are counted from their doc comments without a parse
/// ([`doctests_by_lines`]).
static RUST_PREFILTER: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(r"#\[\s*(?:[\w:]*::)?(?:\w*_)?(?:test|rstest|test_case|test_log|test_matrix|quickcheck|bench)\b|cfg\s*\([^\]]*\btest\b|bench_function|bench_with_input")
        .expect("valid regex")
});

/// Builds [`SourceSignals`] for source files and Makefiles.
pub struct SourceScanner {
    /// Parse every Rust file (for its code-health counts), not only those that mention tests,
    /// benches or doc fences.
    pub every_rust_file: bool,
}

impl ContentScanner for SourceScanner {
    fn name(&self) -> &'static str {
        "source"
    }

    fn wants(&self, file: &FileFacts) -> bool {
        lang_of(file).is_some()
    }

    fn scan(&self, content: &[u8], file: &mut FileFacts, warnings: &mut Vec<Warning>) {
        let Some(lang) = lang_of(file) else { return };
        let text = super::lossy_text(content);
        let is_test = file.is(FileKind::TEST);
        // A Rust file with test code anywhere (`#[cfg(test)] fn run_ui_tests()` included).
        let rust_tests = lang == Lang::Rust && RUST_PREFILTER.is_match(&text);
        let mut signals = SourceSignals::default();
        match lang {
            Lang::Rust if content.len() > MAX_RUST_PARSE_BYTES => warnings.push(Warning {
                path: Some(file.path.clone()),
                message: format!(
                    "Rust file of {} KiB not parsed (above {} KiB, likely generated); its tests and code-health counts are not counted",
                    content.len() / 1024,
                    MAX_RUST_PARSE_BYTES / 1024
                ),
            }),
            // Test files are left out of code health: their counts are not computed.
            Lang::Rust => match rust_file_parsed(
                &text,
                self.every_rust_file && !is_test,
                is_test || rust_tests,
            ) {
                Ok(Some(rust)) => {
                    signals.test_cases = rust.test_fns;
                    signals.benches = rust.benches;
                    signals.rust = Some(rust);
                }
                Ok(None) => {}
                Err(e) => warnings.push(Warning {
                    path: Some(file.path.clone()),
                    message: format!(
                        "cannot parse Rust (line {}): {}; its tests are not counted",
                        e.line, e.message
                    ),
                }),
            },
            Lang::Make => {
                signals.make_targets = make_targets(&text);
                signals.make_vars = make_vars(&text);
            }
            Lang::Rake => signals.rake_tasks = rake_tasks(&text),
            Lang::Tox => signals.tox_envs = tox_envs(&text),
            Lang::Script => {
                if matches!(
                    file.language,
                    Some("Shell" | "BASH" | "Zsh" | "PowerShell" | "Batch")
                ) {
                    signals.script = Some(script_lines(&text));
                }
            }
            other => {
                // A file named as a test counts its cases even where its folder's role is
                // decided later, from the whole tree (a Go `doc` package with its `_test.go`);
                // the test suite adds up only the files whose final role is a test.
                let is_test = is_test || crate::facts::roles::is_test_file_name(&file.path);
                signals.test_cases = count_cases(other, &text, is_test);
                signals.benches = if other == Lang::Go && is_test {
                    count_go_funcs(&GO_BENCH, &text)
                } else {
                    0
                };
            }
        }
        if (is_test || rust_tests)
            && !matches!(lang, Lang::Make | Lang::Rake | Lang::Tox | Lang::Script)
        {
            signals.data_suites = data_suites(&text);
        }
        if lang == Lang::Python && file.name() == "noxfile.py" {
            signals.nox_sessions = nox_sessions(&text);
        }
        // Server-side product code that loads built assets by path. Not JavaScript: its build
        // configurations (`outDir: 'dist'`) write the folder rather than read it.
        if !is_test
            && matches!(
                lang,
                Lang::Go
                    | Lang::Python
                    | Lang::Php
                    | Lang::Ruby
                    | Lang::Jvm
                    | Lang::CSharp
                    | Lang::Rust
            )
            && memchr::memmem::find(content, b"dist").is_some()
        {
            signals.dist_refs = DIST_PATH
                .captures_iter(&text)
                .filter_map(|c| Some(c.get(1)?.as_str().to_owned()))
                .take(16)
                .collect();
        }
        if lang == Lang::Go {
            signals.go_main = go_package(&text) == Some("main");
            signals.go_embeds = go_embeds(&text);
            if is_magefile(&file.path) {
                signals.mage_targets = mage_targets(&text);
            }
        }
        if !matches!(
            lang,
            Lang::Rust | Lang::Make | Lang::Rake | Lang::Tox | Lang::Script
        ) {
            signals.frameworks = framework_imports(lang, &text);
        }
        if signals != SourceSignals::default() {
            file.scan.source = Some(signals);
        }
    }
}

macro_rules! re {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| code_regex($re).expect("valid built-in regex"));
    };
}

/// Go's test, fuzz and benchmark functions, from a line's start (see [`count_go_funcs`]).
const GO_TEST_FUNC: &str =
    r"func\s+(?:Test|Fuzz)(?:[A-Z0-9_]\w*)?\s*\(\s*\w+\s+\*testing\.[TF]\s*\)";
const GO_BENCH_FUNC: &str = r"func\s+Benchmark(?:[A-Z0-9_]\w*)?\s*\(\s*\w+\s+\*testing\.B\s*\)";
static GO_TEST: LazyLock<Regex> =
    LazyLock::new(|| code_regex(&format!(r"\A(?:{GO_TEST_FUNC})")).expect("valid built-in regex"));
static GO_BENCH: LazyLock<Regex> =
    LazyLock::new(|| code_regex(&format!(r"\A(?:{GO_BENCH_FUNC})")).expect("valid built-in regex"));
re!(
    PY_TEST,
    r"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\("
);
re!(
    JS_TEST,
    r#"(?m)^[ \t]*(?:it|test|specify)(?:\.(?:only|skip|concurrent|sequential|failing|fails|fixme|slow|todo))*(?:[ \t]*\(\s*['"`]|\.each\s*[(`]|\.(?:skipIf|runIf)\s*\()"#
);
re!(
    JVM_TEST,
    r"@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\b(?:[ \t]*\(|\s)"
);
re!(
    RUBY_TEST,
    r#"(?m)^[ \t]*(?:(?:it|specify|scenario|example)[ \t]*(?:\(|['"{]|do\b)|def[ \t]+test_\w*|(?:test|should)[ \t]+['"])"#
);
re!(
    PHP_TEST,
    r#"(?m)^[ \t]*(?:(?:public|protected|private|static|final)[ \t]+)*function[ \t]+test\w*[ \t]*\(|@test\b|#\[Test\]|^[ \t]*(?:it|test)[ \t]*\([ \t]*['"]"#
);
re!(
    CSHARP_TEST,
    r"\[[ \t]*(?:Xunit\.)?(?:Fact|Theory|Test|TestMethod|DataTestMethod)\b[ \t]*[\](]"
);
re!(
    SWIFT_TEST,
    r"(?m)^[ \t]*(?:(?:override|public|private|internal|final|@MainActor)[ \t]+)*func[ \t]+test\w*[ \t]*\([ \t]*\)|@Test\b"
);

fn count(re: &Regex, text: &str) -> u32 {
    u32::try_from(re.find_iter(text).count()).unwrap_or(u32::MAX)
}

/// The Go functions `re` (one of [`GO_TEST`], [`GO_BENCH`]: anchored at the start of the text
/// it is given) finds at the start of a line, counted as `find_iter` counts the same pattern
/// after `(?m)^`: tried only at the lines that start with `func`. The regex crate's own search
/// for the benchmark pattern reads every byte (9 ms against 0.4 ms for the Go server's 6.6 MB
/// of tests).
fn count_go_funcs(re: &Regex, text: &str) -> u32 {
    let bytes = text.as_bytes();
    let lines =
        std::iter::once(0).chain(memchr::memmem::find_iter(bytes, b"\nfunc").map(|p| p + 1));
    let (mut n, mut next) = (0u32, 0);
    for at in lines {
        if at < next || !bytes[at..].starts_with(b"func") {
            continue;
        }
        if let Some(m) = re.find(&text[at..]) {
            n += 1;
            next = at + m.end().max(1);
        }
    }
    n
}

/// Test cases in a non-Rust file.
fn count_cases(lang: Lang, text: &str, is_test: bool) -> u32 {
    match lang {
        // Unambiguous markers: counted wherever they are.
        Lang::CSharp => count(&CSHARP_TEST, text),
        Lang::Jvm => count(&JVM_TEST, text),
        Lang::Swift => count(&SWIFT_TEST, text),
        _ if !is_test => 0,
        Lang::Go => count_go_funcs(&GO_TEST, text),
        Lang::Python => count(&PY_TEST, text),
        Lang::Js => count(&JS_TEST, text),
        Lang::Ruby => count(&RUBY_TEST, text),
        Lang::Php => count(&PHP_TEST, text),
        Lang::Rust | Lang::Make | Lang::Rake | Lang::Tox | Lang::Script => 0,
    }
}

/// Imports that name a test framework: the language they are written in, a literal that every
/// match contains (the pattern runs only on a file that contains it), the pattern, and the
/// framework.
const FRAMEWORK_IMPORTS: &[(Lang, &str, &str, &str)] = &[
    (
        Lang::Python,
        "unittest",
        r"(?m)^\s*(?:import|from)\s+unittest\b",
        "unittest",
    ),
    (
        Lang::Python,
        "pytest",
        r"(?m)^\s*(?:import|from)\s+pytest\b",
        "pytest",
    ),
    (Lang::Js, "vitest", r#"from\s+['"]vitest['"]"#, "vitest"),
    (
        Lang::Js,
        "@playwright/test",
        r#"['"]@playwright/test['"]"#,
        "playwright",
    ),
    (Lang::Js, "node:test", r#"['"]node:test['"]"#, "node:test"),
    (
        Lang::Js,
        "@jest/globals",
        r#"['"]@jest/globals['"]"#,
        "jest",
    ),
    (
        Lang::Js,
        "mocha",
        r#"from\s+['"]mocha['"]|require\(['"]mocha['"]\)"#,
        "mocha",
    ),
    (
        Lang::Swift,
        "XCTest",
        r"(?m)^\s*import\s+XCTest\b",
        "XCTest",
    ),
    (
        Lang::Swift,
        "Testing",
        r"(?m)^\s*import\s+Testing\b",
        "Swift Testing",
    ),
    (
        Lang::Jvm,
        "org.junit",
        r"\bimport\s+(?:static\s+)?org\.junit\b",
        "JUnit",
    ),
    (
        Lang::Jvm,
        "org.testng",
        r"\bimport\s+org\.testng\b",
        "TestNG",
    ),
    (Lang::Jvm, "io.kotest", r"\bimport\s+io\.kotest\b", "Kotest"),
    (
        Lang::Jvm,
        "spock.lang",
        r"\bimport\s+spock\.lang\b",
        "Spock",
    ),
    (Lang::CSharp, "Xunit", r"(?m)^\s*using\s+Xunit\s*;", "xUnit"),
    (
        Lang::CSharp,
        "NUnit.Framework",
        r"(?m)^\s*using\s+NUnit\.Framework\s*;",
        "NUnit",
    ),
    (
        Lang::CSharp,
        "Microsoft.VisualStudio.TestTools.UnitTesting",
        r"(?m)^\s*using\s+Microsoft\.VisualStudio\.TestTools\.UnitTesting\s*;",
        "MSTest",
    ),
    (
        Lang::Php,
        r"PHPUnit\Framework\TestCase",
        r"PHPUnit\\Framework\\TestCase",
        "PHPUnit",
    ),
    (
        Lang::Ruby,
        "minitest",
        r#"(?m)^\s*require\s+['"]minitest"#,
        "Minitest",
    ),
    (
        Lang::Ruby,
        "RSpec.describe",
        r"\bRSpec\.describe\b",
        "RSpec",
    ),
    (
        Lang::Go,
        "\"testing\"",
        r#"(?m)^\s*import\s+"testing"|^\s*"testing"$"#,
        "go test",
    ),
];

/// Each framework's pattern, built the first time its needle occurs in a file of its language
/// (a tree in one language needs a few of the dozens).
static FRAMEWORK_RES: [OnceLock<Regex>; FRAMEWORK_IMPORTS.len()] =
    [const { OnceLock::new() }; FRAMEWORK_IMPORTS.len()];

fn framework_imports(lang: Lang, text: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = FRAMEWORK_IMPORTS
        .iter()
        .zip(&FRAMEWORK_RES)
        .filter(|((l, needle, re, _), built)| {
            *l == lang
                && memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
                && built
                    .get_or_init(|| code_regex(re).expect("valid built-in regex"))
                    .is_match(text)
        })
        .map(|((_, _, _, name), _)| *name)
        .collect();
    out.dedup();
    out
}

/// The text with its frontmatter (a cargo script's manifest between `---` fences at the top,
/// after an optional `#!` line) turned into blank lines, so that it lexes and parses as Rust
/// and its lines keep their numbers; any other text as it is.
fn without_frontmatter(text: &str) -> std::borrow::Cow<'_, str> {
    let mut lines = text.split_inclusive('\n').enumerate();
    let fence = loop {
        let Some((i, line)) = lines.next() else {
            return text.into();
        };
        let t = line.trim();
        if (i == 0 && t.starts_with("#!") && !t.starts_with("#![")) || t.is_empty() {
            continue;
        }
        let dashes = t.bytes().take_while(|&b| b == b'-').count();
        if dashes < 3 {
            return text.into();
        }
        break &t[..dashes];
    };
    let Some(end) = lines
        .find(|(_, line)| line.trim_end() == fence)
        .map(|(i, _)| i)
    else {
        return text.into();
    };
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i <= end && !(i == 0 && line.starts_with("#!")) {
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out.into()
}

/// A Rust file that does not parse: the 1-based line of the error and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustParseError {
    /// The 1-based line of the error.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The facts of one Rust file: only a test file, or a file that can hold tests
/// ([`RUST_PREFILTER`]), is parsed with `syn`, for its tests (a test file may hold nothing but
/// invocations of a test-generating macro defined elsewhere); in other files doctests are counted from their doc comments
/// ([`doctests_by_lines`]). The code-health counts (when `health` is asked for) come from the
/// tokens ([`super::rust_health`]), never from a parse. `None`: nothing to report.
///
/// # Errors
/// The parse or lexing error, when the file is not valid Rust.
pub fn rust_file(
    text: &str,
    health: bool,
    is_test: bool,
) -> Result<Option<RustSource>, RustParseError> {
    rust_file_parsed(text, health, is_test || RUST_PREFILTER.is_match(text))
}

/// [`rust_file`], told whether to parse (a test file, or one that [`RUST_PREFILTER`] matches).
fn rust_file_parsed(
    text: &str,
    health: bool,
    parse: bool,
) -> Result<Option<RustSource>, RustParseError> {
    let text = &*without_frontmatter(text);
    // Lexed once, for the parse's skim and the health counts.
    let lexed = (parse || health).then(|| Lexed::new(text));
    let mut rust = if parse {
        let skimmed = lexed.as_ref().and_then(|l| parse_skimmed(l.as_ref().ok()?));
        Some(parse_rust(text, skimmed)?)
    } else {
        let doctests = doctests_by_lines(text);
        (doctests > 0).then(|| RustSource {
            doctests,
            ..RustSource::default()
        })
    };
    if rust.as_ref() == Some(&RustSource::default()) {
        rust = None;
    }
    if let (true, Some(lexed)) = (health, lexed) {
        let counts = super::rust_health::health_of(&lexed?)?;
        rust.get_or_insert_with(RustSource::default).health = counts;
    }
    Ok(rust)
}

/// Parses a Rust file with `syn` and collects its tests, benches and doctests (no code-health
/// counts: see [`rust_file`]).
///
/// # Errors
/// The parse error, when the file is not valid Rust.
pub fn rust_source(text: &str) -> Result<RustSource, RustParseError> {
    parse_rust(text, Lexed::new(text).ok().and_then(|l| parse_skimmed(&l)))
}

/// [`rust_source`] from `parsed` (else from a parse of the whole text).
fn parse_rust(text: &str, parsed: Option<syn::File>) -> Result<RustSource, RustParseError> {
    let result = match parsed.map_or_else(|| syn::parse_file(text), Ok) {
        Ok(file) => {
            let mut v = RustVisitor::default();
            v.visit_file(&file);
            let mut out = v.out;
            resolve_local_macros(&mut out, &v.wrappers);
            Ok(out)
        }
        Err(e) => Err(RustParseError {
            line: e.span().start().line,
            message: e.to_string(),
        }),
    };
    // Line numbers come from proc-macro2's `span-locations`, which keeps every parsed text in a
    // per-thread source map that otherwise grows for the whole walk (and whose 32-bit offsets
    // overflow after 4 GiB of source). No span outlives the parse above, so clear it.
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

/// The file parsed with the bodies of its functions that can hold nothing counted left out
/// (see [`skim`]): most of a test file is the bodies of its tests, and most of the cost of a
/// parse is lexing and building their expressions. `None` when the text does not lex or parse
/// this way: the caller then parses the whole text with [`syn::parse_file`], which gives the
/// same tree for a valid file and the exact error for an invalid one.
fn parse_skimmed(lexed: &Lexed<'_>) -> Option<syn::File> {
    syn::parse_file(&skim(lexed)?).ok()
}

/// Identifiers that make a function body worth parsing: the definition of a macro (its
/// expansion may hold tests) and criterion's bench calls. Other items in a body (a nested
/// function, module, `impl`) hold nothing counted without an attribute, which keeps the body
/// anyway; the one thing they did, close a doc fence, the visitor does at every body
/// ([`RustVisitor::visit_block`]).
const BODY_WORDS: &[&str] = &["macro", "macro_rules", "bench_function", "bench_with_input"];

/// Keywords that can stand before a `!` that negates (`if !done`): not a macro's path.
const NOT_A_PATH: &[&str] = &["if", "while", "match", "return", "break", "in", "yield"];

/// The text with every function body that can hold nothing [`RustVisitor`] counts emptied
/// down to its newlines, so that lines keep their numbers (the only positions the visitor
/// reads). Found with the compiler's lexer, which allocates nothing, before the parser's lexer
/// builds a token for every identifier of the bodies (a BOM is left out, a `#!` line kept: the
/// parser skips it too). `None` when the brackets do not pair.
///
/// A body can hold something counted only through an attribute (`#`: test and bench
/// attributes, `cfg(test)`, doc comments), a macro definition or an item-position macro
/// (`name! ident …`, [`BODY_WORDS`]) or a bench call; a body with none of them is an empty
/// block to the visitor. An empty block is valid wherever a body is, so a file that parses
/// whole parses skimmed, to the same counts. Macro and attribute arguments are kept as they
/// are (the visitor reads macro bodies token by token). The one difference: a syntax error
/// inside a skipped body is not seen.
fn skim<'a>(lexed: &Lexed<'a>) -> Option<std::borrow::Cow<'a, str>> {
    let (text, tokens) = (lexed.text, &lexed.tokens);
    let pairs = super::rust_health::pairs(tokens).ok()?;
    let mut skim = Skim {
        text,
        tokens,
        pairs: &pairs,
        cuts: Vec::new(),
    };
    skim.level(0, tokens.len());
    if skim.cuts.is_empty() {
        return Some(std::borrow::Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in skim.cuts {
        out.push_str(&text[from..start]);
        for _ in memchr::memchr_iter(b'\n', &text.as_bytes()[start..end]) {
            out.push('\n');
        }
        from = end;
    }
    out.push_str(&text[from..]);
    Some(std::borrow::Cow::Owned(out))
}

/// What [`skim`] needs to know of the token before a group, as the parser's token trees see it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Before {
    Ident,
    Bang,
    Pound,
    Other,
}

/// The state of [`skim`]: the file's tokens, their bracket partners, and the byte ranges of the
/// bodies to empty, in order.
struct Skim<'a> {
    text: &'a str,
    tokens: &'a [super::rust_health::Tok],
    pairs: &'a [u32],
    cuts: Vec<(usize, usize)>,
}

impl Skim<'_> {
    fn str(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start as usize..t.end as usize]
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// The tokens `lo..hi`, one nesting level (a group is one token tree).
    fn level(&mut self, lo: usize, hi: usize) {
        // After `fn name`: the next brace group before a `;` is the body.
        let mut in_signature = false;
        let (mut prev, mut prev2) = (Before::Other, Before::Other);
        let mut i = lo;
        while i < hi {
            let kind = self.tokens[i].kind;
            let this = match kind {
                TokenKind::Ident => {
                    if self.str(i) == "fn" {
                        in_signature = matches!(
                            self.kind(i + 1),
                            Some(TokenKind::Ident | TokenKind::RawIdent)
                        );
                    }
                    Before::Ident
                }
                TokenKind::RawIdent | TokenKind::Lifetime { .. } => Before::Ident,
                TokenKind::Semi => {
                    in_signature = false;
                    Before::Other
                }
                TokenKind::Bang => Before::Bang,
                TokenKind::Pound => Before::Pound,
                TokenKind::OpenBrace | TokenKind::OpenParen | TokenKind::OpenBracket => {
                    let close = self.pairs[i] as usize;
                    let body = in_signature && kind == TokenKind::OpenBrace;
                    // `name!(…)`, `name! ident {…}`, `#[…]`, `#![…]`: kept as they are.
                    let verbatim = matches!(prev, Before::Bang | Before::Pound)
                        || (prev == Before::Ident && prev2 == Before::Bang);
                    if body {
                        if self.may_count(i + 1, close) {
                            self.level(i + 1, close);
                        } else {
                            let start = self.tokens[i].end as usize;
                            self.cuts.push((start, self.tokens[close].start as usize));
                        }
                        in_signature = false;
                    } else if !verbatim {
                        self.level(i + 1, close);
                    }
                    i = close;
                    Before::Other
                }
                _ => Before::Other,
            };
            (prev2, prev) = (prev, this);
            i += 1;
        }
    }

    /// Whether the tokens `lo..hi` hold anything [`RustVisitor`] counts (see [`skim`]), at any
    /// depth. A token's neighbours in the flat list are its neighbours in its group, or
    /// brackets.
    fn may_count(&self, lo: usize, hi: usize) -> bool {
        (lo..hi).any(|i| match self.tokens[i].kind {
            TokenKind::Pound => self.attribute_may_count(i),
            TokenKind::LineComment { .. }
            | TokenKind::BlockComment { .. }
            | TokenKind::GuardedStrPrefix
            | TokenKind::Unknown => true,
            // `path! ident`: an item-position macro (`macro_rules! name`, `foo! name {…}`).
            TokenKind::Bang => {
                matches!(
                    self.kind(i + 1),
                    Some(TokenKind::Ident | TokenKind::RawIdent)
                ) && match self.kind(i.wrapping_sub(1)) {
                    Some(TokenKind::Ident) => !NOT_A_PATH.contains(&self.str(i - 1)),
                    Some(TokenKind::RawIdent | TokenKind::Lifetime { .. }) => true,
                    _ => false,
                }
            }
            TokenKind::Ident => BODY_WORDS.contains(&self.str(i)),
            _ => false,
        })
    }

    /// Whether the `#` at `i` starts an attribute the visitor may read: one with a test or
    /// bench word or `doc` anywhere in it (`#[test]`, `#[tokio::test]`, `#[cfg(test)]`,
    /// `#[doc = …]`). Not `#[allow(…)]` or `#[derive(…)]`, nor a `#` that starts no attribute
    /// (`#name` in `quote!`).
    fn attribute_may_count(&self, i: usize) -> bool {
        let open = match (self.kind(i + 1), self.kind(i + 2)) {
            (Some(TokenKind::OpenBracket), _) => i + 1,
            (Some(TokenKind::Bang), Some(TokenKind::OpenBracket)) => i + 2,
            _ => return false,
        };
        let close = self.pairs[open] as usize;
        (open + 1..close).any(|j| {
            matches!(self.tokens[j].kind, TokenKind::Ident | TokenKind::RawIdent) && {
                let word = self.str(j).trim_start_matches("r#");
                word == "doc" || word == "bench" || is_test_attr(word)
            }
        })
    }
}

/// Doctests of a file that needs no parse: fenced Rust blocks in `///` and `//!` comments, with
/// the same fence rules as the parser's visitor (a fence never spans items: any line that is not
/// a doc comment closes it).
fn doctests_by_lines(text: &str) -> u32 {
    let mut v = RustVisitor::default();
    for line in text.lines() {
        let t = line.trim_start();
        match t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) {
            Some(doc) if !doc.starts_with('/') => v.doc_line(doc.strip_prefix(' ').unwrap_or(doc)),
            _ => v.in_fence = false,
        }
    }
    v.out.doctests
}

#[derive(Default)]
struct RustVisitor {
    out: RustSource,
    in_fence: bool,
    /// `macro_rules!` that generate no test themselves, with the macros their rules invoke
    /// (a wrapper such as `literal!(…) => extract!(literal, …)` generates what it invokes).
    wrappers: Vec<(String, Vec<String>)>,
}

/// Macros whose arguments are comma-separated expressions: their bodies are visited (criterion
/// calls, code-health counts) where other macros' bodies are not.
pub(crate) const EXPR_MACROS: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "format_args",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "vec",
    "dbg",
    "todo",
    "unimplemented",
    "unreachable",
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "log",
    "bail",
    "anyhow",
    "ensure",
];

/// Whether an item is test code: a test or bench attribute, or `#[cfg(test)]`.
pub(crate) fn is_test_item(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        is_cfg_test(a) || last_segment(a.path()).is_some_and(|n| n == "bench" || is_test_attr(&n))
    })
}

/// Attributes that mark a test function besides the `…test` family (see [`is_test_attr`]).
pub(crate) const TEST_ATTRS: &[&str] = &["rstest", "quickcheck", "test_case", "test_matrix"];

/// Whether an attribute's last path segment marks a test function: `test` (`#[test]`,
/// `#[tokio::test]`, `#[crate::test]`), any name ending in `_test` (a project's own
/// `#[xyz_test]`, `#[wasm_bindgen_test]`), `test_case`/`test_log`-style names, `rstest`,
/// `quickcheck`.
pub(crate) fn is_test_attr(name: &str) -> bool {
    name == "test" || name.ends_with("_test") || TEST_ATTRS.contains(&name) || name == "test_log"
}

fn last_segment(path: &syn::Path) -> Option<String> {
    path.segments.last().map(|s| s.ident.to_string())
}

/// Whether a `cfg(...)` predicate can only hold under `test`: `test`, `all(test, …)`,
/// `any(test)`; never under `not(…)`.
fn cfg_mentions_test(meta: &syn::Meta) -> bool {
    match meta {
        syn::Meta::Path(p) => p.is_ident("test"),
        syn::Meta::List(list) => {
            if list.path.is_ident("not") {
                return false;
            }
            let Ok(nested) = list.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            ) else {
                return false;
            };
            if list.path.is_ident("all") {
                nested.iter().any(cfg_mentions_test)
            } else if list.path.is_ident("any") {
                !nested.is_empty() && nested.iter().all(cfg_mentions_test)
            } else {
                false
            }
        }
        syn::Meta::NameValue(_) => false,
    }
}

fn is_cfg_test(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("cfg") {
        return false;
    }
    attr.parse_args::<syn::Meta>()
        .is_ok_and(|m| cfg_mentions_test(&m))
}

impl RustVisitor {
    fn fn_attrs(&mut self, attrs: &[syn::Attribute]) {
        let names: Vec<String> = attrs
            .iter()
            .filter_map(|a| last_segment(a.path()))
            .collect();
        if names.iter().any(|n| n == "bench") {
            self.out.benches += 1;
        } else if names.iter().any(|n| is_test_attr(n)) {
            self.out.test_fns += 1;
        }
    }

    fn doc_line(&mut self, line: &str) {
        let t = line.trim_start();
        let fence = if t.starts_with("```") {
            "```"
        } else if t.starts_with("~~~") {
            "~~~"
        } else {
            return;
        };
        if self.in_fence {
            self.in_fence = false;
            return;
        }
        self.in_fence = true;
        let info = t.trim_start_matches(fence.chars().next().unwrap_or('`'));
        let is_rust = info.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| {
            matches!(
                w,
                "rust" | "should_panic" | "no_run" | "compile_fail" | "test_harness"
            ) || w.starts_with("edition")
        });
        if is_rust {
            self.out.doctests += 1;
        }
    }
}

impl<'ast> Visit<'ast> for RustVisitor {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &attr.meta {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    for line in s.value().lines() {
                        self.doc_line(line);
                    }
                }
            }
        }
        syn::visit::visit_attribute(self, attr);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.fn_attrs(&item.attrs);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.fn_attrs(&item.attrs);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = last_segment(&mac.path).unwrap_or_default();
        // syn does not expand macros, but the common macros in expression position take
        // comma-separated expressions: visit those (other macros' bodies are left alone, as
        // re-parsing DSLs such as `quote!` or `html!` costs time and finds nothing).
        if EXPR_MACROS.contains(&name.as_str()) {
            if let Ok(args) = mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            ) {
                for arg in &args {
                    self.visit_expr(arg);
                }
            }
        }
        syn::visit::visit_macro(self, mac);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        let mac = &item.mac;
        if mac.path.is_ident("macro_rules") {
            if let Some(name) = &item.ident {
                if let Some(m) = test_macro(&name.to_string(), mac.tokens.clone()) {
                    self.out.test_macros.push(m);
                } else {
                    let mut called = Vec::new();
                    for (_, transcriber) in macro_rules_arms(mac.tokens.clone()) {
                        invoked_macros(transcriber, &mut called);
                    }
                    self.wrappers.push((name.to_string(), called));
                }
            }
        } else if let Some(name) = last_segment(&mac.path) {
            // Test functions written inside an invocation (`proptest! { #[test] fn … }`).
            let (inline, _) = count_test_attrs(mac.tokens.clone(), false);
            self.out.test_fns += inline;
            self.out
                .macro_calls
                .push(macro_call(name, mac.tokens.clone()));
        }
        syn::visit::visit_item_macro(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if let Some((brace, _)) = &item.content {
            if item.attrs.iter().any(is_cfg_test) {
                self.out.test_modules += 1;
                let start = item.mod_token.span.start().line;
                let end = brace.span.close().end().line;
                self.out.test_module_lines +=
                    u32::try_from(end.saturating_sub(start) + 1).unwrap_or(u32::MAX);
            }
        }
        // A fence never spans items: a doc comment with an unclosed fence must not swallow the
        // doctests of the next item.
        self.in_fence = false;
        syn::visit::visit_item_mod(self, item);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if name == "bench_function" || name == "bench_with_input" {
            self.out.benches += 1;
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        self.in_fence = false;
        syn::visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        self.in_fence = false;
        syn::visit::visit_impl_item(self, item);
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        self.in_fence = false;
        syn::visit::visit_trait_item(self, item);
    }

    /// A body comes after its item's documentation: a fence left open there ends with it, as
    /// at any item (so that a body left out by [`skim`] counts what the whole body counts).
    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.in_fence = false;
        syn::visit::visit_block(self, block);
    }
}

/// Counts the tests that invocations of this file's own test macros generate, and keeps only
/// the invocations of macros defined elsewhere. Test attributes written inside any other
/// item-position macro (`proptest! { #[test] fn … }`) are tests too (counted by
/// [`macro_call`]).
fn resolve_local_macros(out: &mut RustSource, wrappers: &[(String, Vec<String>)]) {
    // A wrapper of a test macro generates, per invocation, what one invocation of it does.
    for _ in 0..2 {
        for (name, called) in wrappers {
            if out.test_macros.iter().any(|m| &m.name == name) {
                continue;
            }
            let per_call = called
                .iter()
                .filter(|c| *c != name)
                .filter_map(|c| out.test_macros.iter().find(|m| &m.name == c))
                .map(|m| m.per_call)
                .max()
                .unwrap_or(0);
            if per_call > 0 {
                out.test_macros.push(TestMacro {
                    name: name.clone(),
                    per_call,
                    ..TestMacro::default()
                });
            }
        }
    }
    let calls = std::mem::take(&mut out.macro_calls);
    for call in calls {
        if let Some(m) = out.test_macros.iter().find(|m| m.name == call.name) {
            out.test_fns += m.tests_in(&call);
        } else {
            out.macro_calls.push(call);
        }
    }
}

/// Keywords kept in a [`MacroCall`]'s token counts (they can mark a repetition's rows).
const ROW_KEYWORDS: &[&str] = &[
    "for", "in", "as", "if", "else", "fn", "where", "use", "let", "match",
];

/// The top-level tokens of a stream as strings, joint punctuation merged (`=>`, `::`).
fn top_tokens(tokens: proc_macro2::TokenStream) -> Vec<(String, bool)> {
    use proc_macro2::{Spacing, TokenTree};
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut joining = false;
    for tt in tokens {
        match tt {
            TokenTree::Punct(p) => {
                if joining {
                    if let Some((last, _)) = out.last_mut() {
                        last.push(p.as_char());
                    }
                } else {
                    out.push((p.as_char().to_string(), true));
                }
                joining = p.spacing() == Spacing::Joint;
            }
            TokenTree::Ident(i) => {
                out.push((i.to_string(), false));
                joining = false;
            }
            TokenTree::Literal(_) => {
                out.push(("<lit>".into(), false));
                joining = false;
            }
            TokenTree::Group(_) => {
                out.push(("<group>".into(), false));
                joining = false;
            }
        }
    }
    out
}

/// Summarises an invocation for [`TestMacro::tests_in`].
fn macro_call(name: String, tokens: proc_macro2::TokenStream) -> MacroCall {
    let top = top_tokens(tokens.clone());
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for (t, punct) in &top {
        if *punct || ROW_KEYWORDS.contains(&t.as_str()) {
            *counts.entry(t.clone()).or_default() += 1;
        }
    }
    MacroCall {
        name,
        tokens: counts.into_iter().collect(),
        last: top.last().filter(|(_, p)| *p).map(|(t, _)| t.clone()),
        empty: top.is_empty(),
    }
}

/// Test attributes (`#[test]`, `#[tokio::test]`, …) in a token stream: (outside any `$( … )`
/// repetition, inside one).
fn count_test_attrs(tokens: proc_macro2::TokenStream, in_rep: bool) -> (u32, u32) {
    use proc_macro2::{Delimiter, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let (mut outside, mut inside) = (0, 0);
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(g)) = trees.get(i + 1) {
                    if g.delimiter() == Delimiter::Bracket {
                        let path: Vec<String> = g
                            .stream()
                            .into_iter()
                            .take_while(|t| !matches!(t, TokenTree::Group(_)))
                            .filter_map(|t| match t {
                                TokenTree::Ident(i) => Some(i.to_string()),
                                _ => None,
                            })
                            .collect();
                        if path.last().is_some_and(|n| is_test_attr(n))
                            && path.first().is_some_and(|f| f != "cfg")
                        {
                            if in_rep {
                                inside += 1;
                            } else {
                                outside += 1;
                            }
                        }
                    }
                }
            }
            TokenTree::Group(g) => {
                let rep = in_rep
                    || (g.delimiter() == Delimiter::Parenthesis
                        && i > 0
                        && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$'));
                let (o, n) = count_test_attrs(g.stream(), rep);
                outside += o;
                inside += n;
            }
            _ => {}
        }
    }
    (outside, inside)
}

/// The names of the macros a token stream invokes (`name!(…)`), outside repetitions too.
fn invoked_macros(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            TokenTree::Ident(name)
                if matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!')
                    && matches!(trees.get(i + 2), Some(TokenTree::Group(_))) =>
            {
                let name = name.to_string();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            TokenTree::Group(g) => invoked_macros(g.stream(), out),
            _ => {}
        }
    }
}

/// A `macro_rules!` body's rules: (matcher, transcriber).
fn macro_rules_arms(
    body: proc_macro2::TokenStream,
) -> Vec<(proc_macro2::TokenStream, proc_macro2::TokenStream)> {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = body.into_iter().collect();
    let mut arms = Vec::new();
    let mut i = 0;
    while i < trees.len() {
        if let TokenTree::Group(matcher) = &trees[i] {
            // `=>` is two joint punctuation tokens.
            if let Some(TokenTree::Group(transcriber)) = trees.get(i + 3) {
                arms.push((matcher.stream(), transcriber.stream()));
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    arms
}

/// The row key of the first repetition in a matcher: its separator, else the token that ends
/// each row, else the first keyword or multi-character punctuation inside it.
fn row_key(matcher: proc_macro2::TokenStream) -> Option<RowKey> {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = matcher.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        let TokenTree::Group(g) = tt else { continue };
        let is_rep = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$');
        if !is_rep {
            if let Some(k) = row_key(g.stream()) {
                return Some(k);
            }
            continue;
        }
        let after: Vec<String> = trees[i + 1..]
            .iter()
            .take(2)
            .map(ToString::to_string)
            .collect();
        if let Some(first) = after.first() {
            if !matches!(first.as_str(), "*" | "+" | "?") {
                return Some(RowKey::Separator(first.clone()));
            }
        }
        let inner = top_tokens(g.stream());
        if let Some((last, true)) = inner.last() {
            return Some(RowKey::Terminator(last.clone()));
        }
        // Skip `$name:frag` (three tokens: `$`, name, `:`, frag) when looking for a marker.
        let mut j = 0;
        while j < inner.len() {
            let (t, punct) = &inner[j];
            if t == "$" {
                j += 4;
                continue;
            }
            if (*punct && t.len() > 1) || ROW_KEYWORDS.contains(&t.as_str()) {
                return Some(RowKey::Marker(t.clone()));
            }
            j += 1;
        }
        return None;
    }
    None
}

/// A `macro_rules!` definition that generates test functions, or `None`.
fn test_macro(name: &str, body: proc_macro2::TokenStream) -> Option<TestMacro> {
    let mut m = TestMacro {
        name: name.to_owned(),
        ..TestMacro::default()
    };
    for (matcher, transcriber) in macro_rules_arms(body) {
        let (outside, inside) = count_test_attrs(transcriber, false);
        m.per_call = m.per_call.max(outside);
        if inside > m.per_row {
            m.per_row = inside;
            m.row = row_key(matcher);
        }
    }
    (m.per_call > 0 || m.per_row > 0).then_some(m)
}

/// A Makefile's simple variable assignments: `NAME = value`, `NAME := value`, `NAME ?= value`
/// (not `+=`, not `$(shell …)` values).
fn make_vars(text: &str) -> Vec<(String, String)> {
    static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(
            r"^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\?=|:=|::=|=)\s*(.*)$",
        )
        .expect("valid regex")
    });
    text.lines()
        .filter(|l| !l.starts_with('\t'))
        .filter_map(|l| ASSIGN.captures(l.trim_end()))
        .filter_map(|c| {
            let value = c.get(2)?.as_str().trim();
            (!value.starts_with("$(shell")).then(|| (c[1].to_owned(), value.to_owned()))
        })
        .collect()
}

/// The tasks of a Rakefile: `task NAME: DEPS`, `task :NAME => DEPS`, `task(:NAME) { sh '…' }`,
/// `task :NAME do … end` (the `sh`/`ruby`/`system` strings of its body are the recipe), and the
/// tasks that the test-task classes define (`Rake::TestTask.new`, `Minitest::TestTask.create`:
/// `test` unless named; `RSpec::Core::RakeTask.new`: `spec` unless named).
fn rake_tasks(text: &str) -> Vec<MakeTarget> {
    static TASK: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r#"^\s*task\s*\(?\s*(?::([\w:]+)|['"]([^'"]+)['"]|([\w]+):(?:[^:]|$))\s*(.*)$"#)
            .expect("valid regex")
    });
    static TEST_TASK: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r#"\b(Rake::TestTask|Minitest::TestTask|RSpec::Core::RakeTask)\s*\.\s*(?:new|create)\b\s*\(?\s*(?::['"]?([\w:]+)['"]?|['"]([^'"]+)['"])?"#)
            .expect("valid regex")
    });
    static DEP: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r#":([\w:]+)|['"]([^'"]+)['"]|%[wi][\[(]([^\])]*)[\])]"#).expect("valid regex")
    });
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r#"\b(?:sh|ruby|system|exec)\s*\(?\s*['"]([^'"]+)['"]"#).expect("valid regex")
    });
    let mut out: Vec<MakeTarget> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some(c) = TEST_TASK.captures(line) {
            let default = if &c[1] == "RSpec::Core::RakeTask" {
                "spec"
            } else {
                "test"
            };
            let name = c
                .get(2)
                .or_else(|| c.get(3))
                .map_or(default, |m| m.as_str());
            let runner = if default == "spec" {
                "rspec"
            } else {
                "rake test"
            };
            out.push(MakeTarget {
                name: name.to_owned(),
                line: line_no,
                deps: Vec::new(),
                recipe: vec![format!("{runner} ({})", &c[1])],
            });
            continue;
        }
        if let Some(c) = TASK.captures(line) {
            let Some(name) = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)) else {
                continue;
            };
            let rest = c.get(4).map_or("", |m| m.as_str());
            // Dependencies come before the body (`do`, `{`) and after `=>` or the `name:` form.
            let head = rest
                .split(" do")
                .next()
                .unwrap_or(rest)
                .split('{')
                .next()
                .unwrap_or(rest);
            let head = head.trim_start_matches(|ch: char| ch == ')' || ch.is_whitespace());
            let mut deps = Vec::new();
            if c.get(3).is_some() || head.starts_with("=>") || head.starts_with(',') {
                for d in DEP.captures_iter(head.trim_start_matches("=>")) {
                    if let Some(m) = d.get(1).or_else(|| d.get(2)) {
                        deps.push(m.as_str().to_owned());
                    } else if let Some(m) = d.get(3) {
                        deps.extend(
                            m.as_str()
                                .split_whitespace()
                                .map(|w| w.trim_start_matches(':').to_owned()),
                        );
                    }
                }
            }
            let recipe: Vec<String> = RUN.captures_iter(rest).map(|r| r[1].to_owned()).collect();
            out.push(MakeTarget {
                name: name.as_str().to_owned(),
                line: line_no,
                deps,
                recipe,
            });
            let body = rest.trim_end();
            let opens_block = body == "do"
                || body.ends_with(" do")
                || body.starts_with("do |")
                || body.contains(" do |");
            open = opens_block.then(|| out.len() - 1);
            continue;
        }
        if let Some(idx) = open {
            if trimmed == "end" && !line.starts_with(' ') && !line.starts_with('\t') {
                open = None;
                continue;
            }
            for r in RUN.captures_iter(line) {
                out[idx].recipe.push(r[1].to_owned());
            }
        }
    }
    out
}

/// The environments of a `tox.ini`: `[testenv]` (named `testenv`), `[testenv:NAME]` with their
/// `commands`, and the `env_list` as a task named `*`.
pub(crate) fn tox_envs(text: &str) -> Vec<MakeTarget> {
    let mut out: Vec<MakeTarget> = Vec::new();
    let mut section = String::new();
    let mut key = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = name.trim().to_owned();
            key.clear();
            if let Some(env) = section.strip_prefix("testenv:") {
                out.push(MakeTarget {
                    name: env.trim().to_owned(),
                    line: line_no,
                    ..MakeTarget::default()
                });
            } else if section == "testenv" {
                out.push(MakeTarget {
                    name: "testenv".into(),
                    line: line_no,
                    ..MakeTarget::default()
                });
            }
            continue;
        }
        let continuation = raw.starts_with(' ') || raw.starts_with('\t');
        let value = if continuation {
            trimmed
        } else if let Some((k, v)) = trimmed.split_once('=') {
            key = k.trim().to_ascii_lowercase();
            v.trim()
        } else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        if section == "tox" && (key == "envlist" || key == "env_list") {
            if !out.iter().any(|t| t.name == "*") {
                out.push(MakeTarget {
                    name: "*".into(),
                    line: line_no,
                    ..MakeTarget::default()
                });
            }
            let list = out.iter_mut().find(|t| t.name == "*").expect("just pushed");
            list.deps.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned),
            );
        } else if key == "commands" && (section == "testenv" || section.starts_with("testenv:")) {
            if let Some(t) = out.last_mut() {
                t.recipe.push(value.to_owned());
            }
        }
    }
    out
}

/// The package a Go file declares: the first `package` clause at the start of a line (the
/// comments and build constraints before it are not one).
fn go_package(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|l| l.strip_prefix("package "))
        .and_then(|rest| rest.split_whitespace().next())
}

/// A string literal that is a path with a `dist` component (`'/../../resources/renderer/dist/'`,
/// `"web/dist"`, `"dist"`).
static DIST_PATH: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(r#"["'`]((?:[\w.-]+/|\.{1,2}/|/\.{1,2}/)*dist(?:/[\w.*-]*)*)["'`]"#)
        .expect("valid regex")
});

/// The patterns of a Go file's `//go:embed` directives (quoted or not).
fn go_embeds(text: &str) -> Vec<String> {
    if !text.contains("//go:embed") {
        return Vec::new();
    }
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("//go:embed "))
        .flat_map(str::split_whitespace)
        .map(|p| p.trim_matches(|c| c == '"' || c == '`').to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a Go file is a Mage build file: `magefile.go` (or `mage.go`) at the root, or a file
/// of the `magefiles/` folder.
fn is_magefile(path: &str) -> bool {
    matches!(path, "magefile.go" | "mage.go")
        || path
            .strip_prefix("magefiles/")
            .is_some_and(|rest| !rest.contains('/'))
}

/// The functions of a Mage build file, as targets (lowercase names; Mage matches targets in
/// any case). A function runs from its `func` line at column 0 to the `}` at column 0 (the
/// layout `gofmt` enforces). Its recipe is the programs its body runs, rebuilt from the string
/// literals of the call: `sh.Run("go", "test", "./...")`, `exec.Command(…)`, or any call given
/// the Go tool (`mg.GoCmd()`, a `goexe` variable), so that `runCmd(env, goexe, "test", pkg)` is
/// `go test`. Its prerequisites are the targets of `mg.Deps(A, B)` (and the serial and context
/// variants) and the functions of the file it calls.
pub(crate) fn mage_targets(text: &str) -> Vec<MakeTarget> {
    static FUNC: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r"^func\s+(\w+)\s*\(").expect("valid regex"));
    static DEPS: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r"\bmg\.(?:Serial)?(?:Ctx)?Deps\(([^)]*)\)").expect("valid regex")
    });
    static RUNS: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r"(?i)\b(?:sh\.(?:Run|RunV|RunWith|RunWithV|RunCmd|Exec|Output|OutputWith)|exec\.Command(?:Context)?)\(|\bmg\.GoCmd\(\)|\bgo(?:exe|cmd)\b")
            .expect("valid regex")
    });
    static GO_TOOL: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r"(?i)\bmg\.GoCmd\(\)|\bgo(?:exe|cmd)\b").expect("valid regex")
    });
    static CALL: LazyLock<Regex> = LazyLock::new(|| code_regex(r"\b(\w+)\(").expect("valid regex"));
    static LITERAL: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r#""((?:[^"\\]|\\.)*)"|`([^`]*)`"#).expect("valid regex"));
    let mut functions: Vec<(MakeTarget, Vec<String>)> = Vec::new();
    let mut current: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = FUNC.captures(line) {
            functions.push((
                MakeTarget {
                    name: c[1].to_ascii_lowercase(),
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    deps: Vec::new(),
                    recipe: Vec::new(),
                },
                Vec::new(),
            ));
            current = (!line.trim_end().ends_with('}')).then(|| functions.len() - 1);
            continue;
        }
        let Some(idx) = current else { continue };
        if line.starts_with('}') {
            current = None;
            continue;
        }
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        let (target, calls) = &mut functions[idx];
        for c in DEPS.captures_iter(t) {
            for dep in c[1].split(',') {
                let dep = dep.trim();
                // The context argument of `mg.CtxDeps(ctx, A)` is not a target.
                if dep.is_empty() || dep == "ctx" {
                    continue;
                }
                let name = dep.rsplit('.').next().unwrap_or(dep).to_ascii_lowercase();
                target.deps.push(name);
            }
        }
        if RUNS.is_match(t) {
            let words: Vec<&str> = LITERAL
                .captures_iter(t)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)).map(|m| m.as_str()))
                .collect();
            let go = GO_TOOL.is_match(t) && words.first() != Some(&"go");
            if !words.is_empty() {
                let mut command = if go { "go ".to_owned() } else { String::new() };
                command.push_str(&words.join(" "));
                target.recipe.push(command);
            }
        } else if !t.starts_with("mg.") {
            calls.extend(CALL.captures_iter(t).map(|c| c[1].to_ascii_lowercase()));
        }
    }
    let names: Vec<String> = functions.iter().map(|(t, _)| t.name.clone()).collect();
    functions
        .into_iter()
        .map(|(mut target, calls)| {
            for call in calls {
                if call != target.name && names.contains(&call) && !target.deps.contains(&call) {
                    target.deps.push(call);
                }
            }
            target
        })
        .collect()
}

/// The sessions of a `noxfile.py`: functions under `@nox.session`/`@session`, their
/// `session.run(…)` calls as recipe lines, and `nox.options.sessions` as a task named `*`.
/// A call of a list of words assigned in the function (`cmd = ["python", "-m", "pytest"]`,
/// then `session.run(*cmd)`) is a recipe line too, and a session that calls a helper of the
/// file (`_tests(session, …)`) runs what the helper runs.
fn nox_sessions(text: &str) -> Vec<MakeTarget> {
    static DEF: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r"^(?:async\s+)?def\s+(\w+)\s*\(").expect("valid regex"));
    static NAME_ARG: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r#"name\s*=\s*['"]([\w\-.]+)['"]"#).expect("valid regex"));
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r#"session\.run\(\s*((?:['"][^'"]*['"]\s*,?\s*)+)"#).expect("valid regex")
    });
    static RUN_LIST: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r"session\.run\(\s*\*(\w+)").expect("valid regex"));
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        code_regex(r#"^(\w+)\s*=\s*\[\s*((?:['"][^'"]*['"]\s*,?\s*)+)\]"#).expect("valid regex")
    });
    static CALL: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r"^(?:return\s+)?(\w+)\s*\(").expect("valid regex"));
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| code_regex(r#"['"]([^'"]*)['"]"#).expect("valid regex"));
    /// A function of the file: its session name (for a session), recipe and calls.
    struct Function {
        name: String,
        session: Option<String>,
        line: u32,
        recipe: Vec<String>,
        lists: BTreeMap<String, String>,
        calls: Vec<String>,
    }
    let mut functions: Vec<Function> = Vec::new();
    let mut options: Vec<MakeTarget> = Vec::new();
    let mut decorated: Option<Option<String>> = None;
    let mut current: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let t = line.trim();
        if t.starts_with("@nox.session") || t.starts_with("@session") {
            decorated = Some(NAME_ARG.captures(t).map(|c| c[1].to_owned()));
            continue;
        }
        if let Some(c) = DEF.captures(line) {
            let name = c[1].to_owned();
            let session = decorated.take().map(|n| n.unwrap_or_else(|| name.clone()));
            functions.push(Function {
                name,
                session,
                line: line_no,
                recipe: Vec::new(),
                lists: BTreeMap::new(),
                calls: Vec::new(),
            });
            current = Some(functions.len() - 1);
            continue;
        }
        if !line.starts_with(' ') && !line.starts_with('\t') && !t.is_empty() && !t.starts_with('@')
        {
            current = None;
        }
        if t.starts_with("nox.options.sessions") {
            options.push(MakeTarget {
                name: "*".into(),
                line: line_no,
                deps: WORD.captures_iter(t).map(|c| c[1].to_owned()).collect(),
                recipe: Vec::new(),
            });
            continue;
        }
        let Some(f) = current.map(|idx| &mut functions[idx]) else {
            continue;
        };
        let words = |list: &str| -> String {
            WORD.captures_iter(list)
                .map(|w| w[1].to_owned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some(c) = RUN.captures(t) {
            f.recipe.push(words(&c[1]));
        } else if let Some(c) = RUN_LIST.captures(t) {
            if let Some(list) = f.lists.get(&c[1]) {
                f.recipe.push(list.clone());
            }
        } else if let Some(c) = LIST.captures(t) {
            f.lists.insert(c[1].to_owned(), words(&c[2]));
        } else if let Some(c) = CALL.captures(t) {
            f.calls.push(c[1].to_owned());
        }
    }
    // What a function runs, with what the helpers it calls run (each helper once).
    let by_name: BTreeMap<&str, usize> = functions
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let runs = |start: usize| -> Vec<String> {
        let mut seen = vec![false; functions.len()];
        let mut stack = vec![start];
        let mut recipe = Vec::new();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            recipe.extend(functions[i].recipe.iter().cloned());
            for call in functions[i].calls.iter().rev() {
                if let Some(&j) = by_name.get(call.as_str()) {
                    if functions[j].session.is_none() {
                        stack.push(j);
                    }
                }
            }
        }
        recipe
    };
    let mut out = options;
    let mut sessions: Vec<MakeTarget> = functions
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            Some(MakeTarget {
                name: f.session.clone()?,
                line: f.line,
                deps: Vec::new(),
                recipe: runs(i),
            })
        })
        .collect();
    out.append(&mut sessions);
    out.sort_by_key(|t| t.line);
    out
}

/// The command lines of a script: comments, blank lines and the `#!` line left out;
/// continuation lines joined.
fn script_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for line in text.lines().take(5000) {
        let t = line.trim();
        if t.is_empty()
            || t.starts_with('#')
            || t.starts_with("::")
            || t.to_ascii_lowercase().starts_with("rem ")
        {
            continue;
        }
        if let Some(head) = t.strip_suffix('\\').or_else(|| t.strip_suffix('`')) {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(t);
        out.push(std::mem::take(&mut pending));
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// The targets of a Makefile: `name: deps` rules followed by tab-indented recipe lines.
fn make_targets(text: &str) -> Vec<MakeTarget> {
    let mut out: Vec<MakeTarget> = Vec::new();
    let mut current: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(recipe) = line.strip_prefix('\t') {
            if let Some(idx) = current {
                let cmd = recipe.trim().trim_start_matches(['@', '-', '+']).trim();
                if !cmd.is_empty() && !cmd.starts_with('#') {
                    out[idx].recipe.push(cmd.to_owned());
                }
            }
            continue;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        current = None;
        let Some((names, rest)) = trimmed.split_once(':') else {
            continue;
        };
        // `VAR := value`, `VAR ::= value`, and `a:=b` are assignments, not rules.
        if rest.starts_with('=') || rest.starts_with(":=") || names.contains('=') {
            continue;
        }
        let rest = rest.trim_start_matches(':');
        let (deps, inline) = match rest.split_once(';') {
            Some((d, r)) => (d, Some(r.trim())),
            None => (rest, None),
        };
        let names: Vec<&str> = names.split_whitespace().collect();
        if names.is_empty()
            || names
                .iter()
                .any(|n| n.starts_with('.') && n.chars().all(|c| c == '.' || c.is_uppercase()))
        {
            continue;
        }
        for name in names {
            if name.contains('$') || name.contains('%') {
                continue;
            }
            out.push(MakeTarget {
                name: name.to_owned(),
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                deps: deps.split_whitespace().map(str::to_owned).collect(),
                recipe: inline
                    .filter(|r| !r.is_empty())
                    .map(|r| vec![r.to_owned()])
                    .unwrap_or_default(),
            });
            current = Some(out.len() - 1);
        }
    }
    out
}

#[cfg(test)]
pub(crate) const MAGEFILE: &str = "//go:build mage\n\npackage main\n\nvar goexe = \"go\"\n\n// Run tests and linters\nfunc Check() {\n\tif isCI() {\n\t\tmg.Deps(Fmt, Vet)\n\t}\n\tmg.Deps(TestRace)\n}\n\nfunc isCI() bool {\n\treturn os.Getenv(\"CI\") != \"\"\n}\n\nfunc Vet() error {\n\treturn sh.Run(mg.GoCmd(), \"vet\", \"./...\")\n}\n\nfunc Fmt() error {\n\tfmt.Println(\"formatting\")\n\treturn sh.RunV(\"gofmt\", \"-l\", \".\")\n}\n\nfunc TestRace() error {\n\treturn runCmd(env, goexe, \"test\", \"-race\", pkg, \"-tags\", buildTags())\n}\n\nfunc One() {}\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;

    /// A framework pattern runs only on a file that contains its literal: every alternative of
    /// the pattern must contain it outside its groups, or a file could be skipped that the
    /// pattern matches. It is built then, on first use, and must build.
    #[test]
    fn every_framework_pattern_contains_its_literal() {
        for (_, needle, pattern, name) in FRAMEWORK_IMPORTS {
            assert!(code_regex(pattern).is_ok(), "{name}: {pattern}");
            let branches = crate::facts::literal_alternatives(pattern);
            for branch in &branches {
                assert!(
                    branch.contains(needle),
                    "{name}: `{branch}` lacks `{needle}`"
                );
            }
        }
    }

    fn scan(path: &str, language: &str, text: &str) -> (Option<SourceSignals>, Vec<Warning>) {
        scan_with(false, path, language, text)
    }

    fn scan_with(
        health: bool,
        path: &str,
        language: &str,
        text: &str,
    ) -> (Option<SourceSignals>, Vec<Warning>) {
        let mut file = FileFacts {
            path: path.into(),
            kind: classify(path, Some(language)),
            language: Some(match language {
                "Rust" => "Rust",
                "Go" => "Go",
                "Python" => "Python",
                "JavaScript" => "JavaScript",
                "TypeScript" => "TypeScript",
                "Java" => "Java",
                "Ruby" => "Ruby",
                "PHP" => "PHP",
                "C#" => "C#",
                "Swift" => "Swift",
                "Makefile" => "Makefile",
                _ => "Plain Text",
            }),
            ..FileFacts::default()
        };
        let mut warnings = Vec::new();
        assert!(
            SourceScanner {
                every_rust_file: false
            }
            .wants(&file),
            "{path} is wanted"
        );
        SourceScanner {
            every_rust_file: health,
        }
        .scan(text.as_bytes(), &mut file, &mut warnings);
        (file.scan.source, warnings)
    }

    const RUST: &str = r#"
//! Crate docs.
//!
//! ```
//! assert_eq!(1 + 1, 2);
//! ```

/// Adds.
///
/// ```rust,no_run
/// add(1, 2);
/// ```
///
/// ```text
/// not a doctest
/// ```
///
/// ```ignore
/// not run either
/// ```
pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(not(test))]
mod real {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() { assert_eq!(add(1, 2), 3); }

    #[tokio::test]
    async fn adds_async() {}

    #[test_case(1)]
    fn case(_x: i32) {}

    fn helper() {}
}

#[cfg(all(test, feature = "slow"))]
mod slow_tests {
    #[sqlx::test]
    fn db() {}
}

#[bench]
fn bench_add(b: &mut Bencher) {}

fn criterion(c: &mut Criterion) {
    c.bench_function("add", |b| b.iter(|| add(1, 2)));
}
"#;

    #[test]
    fn rust_is_parsed_once_for_tests_benches_and_doctests() {
        let (s, w) = scan("src/lib.rs", "Rust", RUST);
        assert!(w.is_empty());
        let s = s.expect("signals");
        let rust = s.rust.expect("rust facts");
        assert_eq!(
            rust.test_fns, 4,
            "#[test], #[tokio::test], #[test_case], #[sqlx::test]"
        );
        assert_eq!(
            rust.test_modules, 2,
            "cfg(test) and cfg(all(test, …)), not cfg(not(test))"
        );
        assert_eq!(
            rust.test_module_lines,
            14 + 4,
            "from `mod` to the closing brace"
        );
        assert_eq!(rust.benches, 2);
        assert_eq!(rust.doctests, 2, "the crate doc and the rust,no_run block");
        assert_eq!(s.test_cases, 4);
    }

    const HEALTH: &str = r#"#![allow(dead_code)]
use std::sync::Mutex;

pub unsafe fn raw(p: *const u8) -> u8 {
    *p
}

struct S;
unsafe impl Send for S {}

impl S {
    #[allow(clippy::unwrap_used)]
    fn get(&self, v: Option<u8>) -> u8 {
        let a = v.unwrap();
        let b = v.expect("set");
        let c = v.unwrap_or(0);
        println!("{}", v.unwrap());
        unsafe { raw(&a) };
        a + b + c
    }
}

trait T {
    fn provided(&self) {
        todo!()
    }
}

fn f(x: u8) {
    if x > 1 {
        panic!("too big: {}", x);
    }
    unimplemented!();
}

#[cfg(test)]
mod tests {
    #[test]
    fn t() {
        Some(1).unwrap();
        unsafe { super::raw(&0) };
        panic!("in a test");
    }
}

#[test]
fn top_level_test() {
    None::<u8>.expect("in a test");
}
"#;

    #[test]
    fn rust_code_health_outside_tests() {
        let (s, w) = scan_with(true, "src/health.rs", "Rust", HEALTH);
        assert!(w.is_empty(), "{w:?}");
        let rust = s.expect("signals").rust.expect("rust");
        assert_eq!(rust.test_fns, 2, "tests still come from the syntax tree");
        let h = rust.health;
        assert_eq!((h.unsafe_blocks, h.unsafe_fns, h.unsafe_impls), (1, 1, 1));
        assert_eq!(h.first_unsafe, Some(4));
        assert_eq!(
            (h.unwraps, h.expects, h.panics),
            (2, 1, 1),
            "unwrap_or is not unwrap; the one in println! is seen; tests are left out"
        );
        assert_eq!(h.first_panicky, Some(14));
        assert_eq!((h.todos, h.first_todo), (2, Some(25)));
        assert_eq!(h.allows, 2);
        assert_eq!(h.functions.count, 4, "raw, get, provided, f; not the tests");
        let longest: Vec<(&str, u32, u32)> = h
            .functions
            .longest
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.lines))
            .collect();
        assert_eq!(longest, vec![("get", 13, 8), ("f", 29, 6), ("raw", 4, 3)]);
    }

    #[test]
    fn files_without_test_words_are_parsed_for_health_only_when_asked() {
        let text = "fn main() { let x: Option<u8> = None; x.unwrap(); }\n";
        let mut file = FileFacts {
            path: "src/main.rs".into(),
            kind: classify("src/main.rs", Some("Rust")),
            language: Some("Rust"),
            ..FileFacts::default()
        };
        SourceScanner {
            every_rust_file: false,
        }
        .scan(text.as_bytes(), &mut file, &mut Vec::new());
        assert!(file.scan.source.is_none());
        SourceScanner {
            every_rust_file: true,
        }
        .scan(text.as_bytes(), &mut file, &mut Vec::new());
        let rust = file.scan.source.expect("parsed").rust.expect("rust");
        assert_eq!(rust.health.unwraps, 1);
        // Test files are left out of code health: not even lexed for it.
        let (s, _) = scan_with(true, "tests/it.rs", "Rust", text);
        assert!(s.is_none(), "{s:?}");
        // A file without tests that does not lex is a warning too.
        let (s, w) = scan_with(true, "src/broken.rs", "Rust", "fn main() {\n\"open\n}\n");
        assert!(s.is_none());
        assert!(w[0].message.contains("cannot parse Rust (line 2)"), "{w:?}");
    }

    #[test]
    fn unparsable_rust_is_a_warning() {
        let (s, w) = scan("src/broken.rs", "Rust", "#[test]\nfn main( {");
        assert!(s.is_none());
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("cannot parse Rust (line 2)"),
            "{}",
            w[0].message
        );
        // Without any test, bench or doc-fence word there is nothing to count: not parsed.
        let (s, w) = scan("src/broken.rs", "Rust", "fn main( {");
        assert!(s.is_none() && w.is_empty());
    }

    #[test]
    fn huge_rust_files_are_not_parsed() {
        let mut big = String::from("#[test]\nfn t() {}\n");
        while big.len() <= MAX_RUST_PARSE_BYTES {
            big.push_str("const X: [u8; 4] = [1, 2, 3, 4];\n");
        }
        let (s, w) = scan("src/generated.rs", "Rust", &big);
        assert!(s.is_none());
        assert!(w[0].message.contains("not parsed"), "{}", w[0].message);
    }

    #[test]
    fn go_tests_and_benchmarks() {
        let text = "package x\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {}\nfunc Test(t *testing.T) {}\nfunc Testify(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\nfunc FuzzParse(f *testing.F) {}\nfunc BenchmarkAdd(b *testing.B) {}\nfunc helper(t *testing.T) {}\n";
        let s = scan("pkg/add_test.go", "Go", text).0.expect("signals");
        assert_eq!(s.test_cases, 3);
        assert_eq!(s.benches, 1);
        assert_eq!(s.frameworks, vec!["go test"]);
        // Outside a _test.go file nothing is counted.
        let s = scan("pkg/attestation.go", "Go", text).0.expect("signals");
        assert_eq!(s.test_cases, 0);
    }

    #[test]
    fn python_javascript_ruby_php_cases_in_test_files_only() {
        let py = "import pytest\n\ndef test_a():\n    pass\n\nclass TestX:\n    async def test_b(self):\n        pass\n\ndef helper():\n    pass\n";
        assert_eq!(
            scan("tests/test_a.py", "Python", py).0.unwrap().test_cases,
            2
        );
        assert_eq!(
            scan("tests/test_a.py", "Python", py).0.unwrap().frameworks,
            vec!["pytest"]
        );
        assert_eq!(
            scan("app/contest.py", "Python", py).0.unwrap().test_cases,
            0
        );
        let js = "import { describe, it, expect } from 'vitest';\ndescribe('x', () => {\n  it('works', () => {});\n  it.skip(\"later\", () => {});\n  test(`tpl`, () => {});\n  const item = split('a');\n});\n";
        let s = scan("src/x.test.ts", "TypeScript", js).0.unwrap();
        assert_eq!(s.test_cases, 3);
        assert_eq!(s.frameworks, vec!["vitest"]);
        assert_eq!(
            scan("src/latest.js", "JavaScript", js)
                .0
                .unwrap()
                .test_cases,
            0
        );
        let rb = "RSpec.describe Foo do\n  it 'adds' do\n  end\n  it { is_expected.to be_ok }\n  specify \"x\" do end\nend\n";
        assert_eq!(
            scan("spec/foo_spec.rb", "Ruby", rb).0.unwrap().test_cases,
            3
        );
        // shoulda-context: `should "…" do` in a Minitest class (not RSpec's `x.should ==`).
        let shoulda = "class TestSite < JekyllUnitTest\n  context \"a site\" do\n    should \"have an empty tag index\" do\n      assert_equal({}, site.tags)\n      site.tags.should == {}\n    end\n    should 'build' do end\n  end\nend\n";
        assert_eq!(
            scan("test/test_site.rb", "Ruby", shoulda)
                .0
                .unwrap()
                .test_cases,
            2
        );
        let php = "<?php\nuse PHPUnit\\Framework\\TestCase;\nclass ATest extends TestCase {\n    public function testAdds(): void {}\n    /** @test */\n    public function it_works() {}\n    private function helper() {}\n}\n";
        let s = scan("tests/ATest.php", "PHP", php).0.unwrap();
        assert_eq!(s.test_cases, 2);
        assert_eq!(s.frameworks, vec!["PHPUnit"]);
    }

    #[test]
    fn annotations_counted_everywhere() {
        let java = "import org.junit.jupiter.api.Test;\nclass FooTest {\n  @Test\n  void a() {}\n  @ParameterizedTest\n  @ValueSource(ints = {1})\n  void b(int x) {}\n  @TestInstance(Lifecycle.PER_CLASS) class X {}\n}\n";
        let s = scan("src/test/java/FooTest.java", "Java", java).0.unwrap();
        assert_eq!(s.test_cases, 2);
        assert_eq!(s.frameworks, vec!["JUnit"]);
        let cs = "using Xunit;\npublic class T {\n  [Fact]\n  public void A() {}\n  [Theory]\n  [InlineData(1)]\n  public void B(int x) {}\n  [TestFixture] class Y {}\n}\n";
        let s = scan("Api/Calc.cs", "C#", cs).0.unwrap();
        assert_eq!(s.test_cases, 2);
        assert_eq!(s.frameworks, vec!["xUnit"]);
        let swift = "import XCTest\nfinal class T: XCTestCase {\n  func testA() {}\n  func testB() throws {}\n  func helper() {}\n}\n";
        let s = scan("Tests/AppTests/T.swift", "Swift", swift).0.unwrap();
        assert_eq!(
            s.test_cases, 2,
            "testB() throws is still a test; helper() is not"
        );
        assert_eq!(s.frameworks, vec!["XCTest"]);
    }

    #[test]
    fn makefile_targets_and_recipes() {
        let mk = "VERSION := 1\n.PHONY: test lint\n\ntest: build\n\t@cargo test --all\n\t-echo done\n\nlint:\n\tcargo clippy\nall: test lint\nCC=gcc\n%.o: %.c\n\t$(CC) -c $<\n";
        let s = scan("Makefile", "Makefile", mk).0.unwrap();
        let names: Vec<&str> = s.make_targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["test", "lint", "all"]);
        assert_eq!(s.make_targets[0].line, 4);
        assert_eq!(s.make_targets[0].deps, vec!["build"]);
        assert_eq!(
            s.make_targets[0].recipe,
            vec!["cargo test --all", "echo done"]
        );
        assert_eq!(s.make_targets[2].deps, vec!["test", "lint"]);
    }

    #[test]
    fn custom_test_attributes_and_macro_generated_tests() {
        let text = r#"
#[cfg(test)]
mod tests {
    #[crate::test]
    async fn a() {}
    #[my_app_test]
    fn b() {}
    #[rstest]
    fn c() {}
    #[cfg_attr(test, derive(Debug))]
    struct NotATest;
    #[attest]
    fn not_a_test() {}

    macro_rules! table {
        ($($name:ident: $v:expr,)*) => { $( #[test] fn $name() { assert!($v); } )* };
    }
    table! { one: true, two: true, three: true, }

    macro_rules! one_each {
        ($name:ident) => { #[test] fn $name() {} };
    }
    one_each!(x);
    one_each!(y);

    macro_rules! wrapper {
        ($($tt:tt)*) => { one_each!($($tt)*); };
    }
    wrapper!(w);

    proptest! {
        #[test]
        fn prop(x in 0..10u8) { assert!(x < 10); }
    }

    elsewhere!(z);
}
"#;
        let rust = rust_source(text).expect("parses");
        assert_eq!(
            rust.test_fns,
            3 + 3 + 2 + 1 + 1,
            "attributes, 3 rows, 2 invocations, a wrapper's, one #[test] inside proptest!"
        );
        let names: Vec<&str> = rust.test_macros.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["table", "one_each", "wrapper"]);
        let calls: Vec<&str> = rust.macro_calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            calls,
            vec!["proptest", "elsewhere"],
            "unresolved here, kept"
        );
        assert!(RUST_PREFILTER.is_match("#[my_app_test]\nfn a() {}"));
        assert!(!RUST_PREFILTER.is_match("#[attest]\nfn a() {}"));
    }

    #[test]
    fn repetition_rows_by_separator_terminator_or_marker() {
        let m = |def: &str| {
            let file = syn::parse_file(def).unwrap();
            let syn::Item::Macro(item) = &file.items[0] else {
                panic!()
            };
            test_macro(
                &item.ident.as_ref().unwrap().to_string(),
                item.mac.tokens.clone(),
            )
            .unwrap()
        };
        let call = |name: &str, body: &str| {
            macro_call(
                name.into(),
                body.parse::<proc_macro2::TokenStream>().unwrap(),
            )
        };
        let sep =
            m("macro_rules! s { ($($n:ident => $v:expr),*) => { $( #[test] fn $n() {} )* }; }");
        assert_eq!(sep.row, Some(RowKey::Separator(",".into())));
        assert_eq!(sep.tests_in(&call("s", "a => f(1, 2), b => 2")), 2);
        assert_eq!(
            sep.tests_in(&call("s", "a => 1, b => 2,")),
            2,
            "trailing separator"
        );
        assert_eq!(sep.tests_in(&call("s", "")), 0);
        let marker = m("macro_rules! k { ($($n:ident: $f:ident for $i:expr => $o:expr)+) => { $( #[test] fn $n() {} )+ }; }");
        assert_eq!(marker.row, Some(RowKey::Marker("for".into())));
        assert_eq!(
            marker.tests_in(&call("k", "a: f for 1 => 2 b: g for 3 => 4")),
            2
        );
        let two_rules = m("macro_rules! t { ($n:ident) => { t!($n, 1); }; ($n:ident, $x:expr) => { #[test] fn $n() {} }; }");
        assert_eq!((two_rules.per_call, two_rules.per_row), (1, 0));
        let helper = syn::parse_file("macro_rules! h { ($a:expr) => { assert!($a) }; }").unwrap();
        let syn::Item::Macro(item) = &helper.items[0] else {
            panic!()
        };
        assert!(test_macro("h", item.mac.tokens.clone()).is_none());
    }

    #[test]
    fn task_runners_and_scripts() {
        let rake = "require 'rake/testtask'\nRake::TestTask.new(:unit)\nRSpec::Core::RakeTask.new\ntask default: :unit\ntask :ci => [:unit, \"lint\"]\ntask(:lint) { sh 'rubocop' }\ntask :docs do\n  sh \"yard doc\"\nend\n";
        let tasks = rake_tasks(rake);
        let view: Vec<(&str, Vec<&str>, Vec<&str>)> = tasks
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.deps.iter().map(String::as_str).collect(),
                    t.recipe.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            view,
            vec![
                ("unit", vec![], vec!["rake test (Rake::TestTask)"]),
                ("spec", vec![], vec!["rspec (RSpec::Core::RakeTask)"]),
                ("default", vec!["unit"], vec![]),
                ("ci", vec!["unit", "lint"], vec![]),
                ("lint", vec![], vec!["rubocop"]),
                ("docs", vec![], vec!["yard doc"]),
            ]
        );
        // A Mage file: each function a target, its programs rebuilt from the calls, its
        // prerequisites from `mg.Deps` and the calls of the file's functions.
        let targets = mage_targets(MAGEFILE);
        let summary: Vec<String> = targets
            .iter()
            .map(|t| format!("{} {:?} {:?}", t.name, t.deps, t.recipe))
            .collect();
        assert_eq!(
            summary,
            vec![
                "check [\"fmt\", \"vet\", \"testrace\", \"isci\"] []",
                "isci [] []",
                "vet [] [\"go vet ./...\"]",
                "fmt [] [\"gofmt -l .\"]",
                "testrace [] [\"go test -race -tags\"]",
                "one [] []",
            ]
        );
        assert!(is_magefile("magefile.go") && is_magefile("magefiles/ci.go"));
        assert_eq!(go_package(MAGEFILE), Some("main"));
        assert_eq!(
            go_package("// Package gin implements a web framework.\npackage gin // import \"x\"\n"),
            Some("gin")
        );
        assert!(!is_magefile("cmd/magefile.go") && !is_magefile("magefiles/sub/x.go"));
        let dist = |t: &str| -> Vec<String> {
            DIST_PATH
                .captures_iter(t)
                .map(|c| c[1].to_owned())
                .collect()
        };
        assert_eq!(
            dist("protected const DIST = __DIR__.'/../../resources/exceptions/renderer/dist/';"),
            ["/../../resources/exceptions/renderer/dist/"]
        );
        assert_eq!(
            dist("app.static_folder = \"web/dist\"; x = 'distance'"),
            ["web/dist"]
        );
        assert_eq!(
            go_embeds("package webapp\n\nimport \"embed\"\n\n//go:embed dist/index.html\nvar index []byte\n\n//go:embed dist/assets \"dist/*.ico\"\nvar assets embed.FS\n// go:embed not/a/directive\n"),
            ["dist/index.html", "dist/assets", "dist/*.ico"]
        );
        let tox = "[tox]\nenvlist = py312, lint\n\n[testenv]\ncommands =\n    pytest {posargs}\n[testenv:lint]\ncommands = ruff check .\n";
        let envs = tox_envs(tox);
        let names: Vec<&str> = envs.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["*", "testenv", "lint"]);
        assert_eq!(envs[0].deps, vec!["py312", "lint"]);
        assert_eq!(envs[1].recipe, vec!["pytest {posargs}"]);
        assert_eq!(envs[2].recipe, vec!["ruff check ."]);
        let nox = "import nox\n\nnox.options.sessions = [\"tests\"]\n\n@nox.session(python=[\"3.12\"])\ndef tests(session):\n    session.run(\"pytest\", \"-q\")\n\n@nox.session(name=\"lint\")\ndef run_lint(session):\n    session.run(\"ruff\", \"check\")\n";
        // Each session as `name: recipe line | recipe line`.
        let sessions_of = |nox: &str| -> Vec<String> {
            nox_sessions(nox)
                .into_iter()
                .map(|t| format!("{}: {}", t.name, t.recipe.join(" | ")))
                .collect()
        };
        assert_eq!(
            sessions_of(nox),
            ["*: ", "tests: pytest -q", "lint: ruff check"]
        );
        // A session that calls a helper of the file, which runs a list of words it built.
        let nox = "import nox\n\n@nox.session(name=\"github-cext\")\ndef github_cext(session):\n    \"\"\"run tests\"\"\"\n    _tests(session, \"sqlite\", cext=True)\n\n@nox.session(name=\"pep8\")\ndef pep8(session):\n    session.run(\"flake8\", \"./lib\")\n\ndef _tests(session, database, cext=False):\n    cmd = [\"python\", \"-m\", \"pytest\"]\n    if cext:\n        session.run(\"pip\", \"install\", \".\")\n    _setup(session)\n    session.run(*cmd, *session.posargs)\n\ndef _setup(session):\n    session.run(\"python\", \"reap_dbs.py\")\n    pep8(session)\n";
        assert_eq!(
            sessions_of(nox),
            [
                "github-cext: pip install . | python -m pytest | python reap_dbs.py",
                "pep8: flake8 ./lib"
            ]
        );
        assert_eq!(
            script_lines("#!/bin/sh\n# comment\n\nset -e\ncargo test \\\n  --all\n"),
            vec!["set -e", "cargo test  --all"]
        );
        assert_eq!(
            make_vars("GO ?= go\nPKGS := $(shell go list ./...)\ntest:\n\t$(GO) test\n"),
            vec![("GO".to_owned(), "go".to_owned())]
        );
    }

    /// A cargo script's frontmatter (its manifest between `---` fences, after an optional
    /// `#!` line) is not Rust: the rest of the file is read, with its line numbers.
    #[test]
    fn a_cargo_script_frontmatter_is_left_out_of_the_parse() {
        let script = "#!/usr/bin/env cargo\n---\n[package]\nedition = \"2024\"\n---\n\n#[test]\nfn works() {}\n";
        assert_eq!(rust_file(script, true, true).unwrap().unwrap().test_fns, 1);
        let bare =
            "----cargo\n[dependencies]\nregex = \"1\"\n----\nfn main() {}\n#[test]\nfn t() {}\n";
        assert_eq!(rust_file(bare, false, true).unwrap().unwrap().test_fns, 1);
        // Lines keep their numbers: an error after the frontmatter is on its own line.
        let broken = "---\n[package]\n---\nfn main( {}\n";
        assert_eq!(rust_file(broken, false, true).unwrap_err().line, 4);
        // A fence must be closed by the same fence; a frontmatter comes first or is none.
        assert!(rust_file("---\nfn main() {}\n", false, true).is_err());
        let late = "#![allow(x)]\n---\na\n---\n";
        assert_eq!(without_frontmatter(late), late);
        assert_eq!(without_frontmatter("fn main() {}\n"), "fn main() {}\n");
    }

    /// Go's test and benchmark functions are counted at the lines that start with `func` as the
    /// patterns after `(?m)^` count them anywhere: signatures over several lines, a function at
    /// the text's start, CRLF lines, non-ASCII names, lookalikes.
    #[test]
    fn go_functions_count_as_the_whole_text_search() {
        let text = "func TestA(t *testing.T) {}\n\
                    func TestB(\n\tt *testing.T\n) {}\r\n\
                    func TestÉté(t *testing.T) {}\n\
                    func Testlower(t *testing.T) {}\n\
                    funcTestC(t *testing.T) {}\n\
                    \tfunc TestIndented(t *testing.T) {}\n\
                    func FuzzD(f *testing.F) {}\r\n\
                    func BenchmarkE(b *testing.B) {}\n\
                    func Benchmark(b *testing.B) {}\n\
                    func BenchmarkF(\n    b *testing.B\n) {}\n\
                    func TestG(t *testing.T) { x := `\nfunc TestH(t *testing.T) {}` }\n";
        for (anchored, pattern, want) in
            [(&*GO_TEST, GO_TEST_FUNC, 5), (&*GO_BENCH, GO_BENCH_FUNC, 3)]
        {
            let whole = code_regex(&format!("(?m)^{pattern}")).unwrap();
            assert_eq!(whole.find_iter(text).count(), want, "{pattern}");
            assert_eq!(count_go_funcs(anchored, text) as usize, want, "{pattern}");
            for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                let part = &text[cut..];
                assert_eq!(
                    count_go_funcs(anchored, part) as usize,
                    whole.find_iter(part).count(),
                    "{pattern} from byte {cut}"
                );
            }
        }
    }

    /// Each data-suite call is found, in each of its spellings, on its line, and a file that
    /// only names one is no data suite.
    #[test]
    fn data_suite_calls_are_found_in_each_spelling() {
        let calls = [
            (
                "trybuild",
                "let t = trybuild::TestCases::new();\nt.pass(\"tests/ui/pass/*.rs\");",
            ),
            (
                "trybuild",
                "let t = TestCases::new();\nt.compile_fail(&format!(\"tests/{dir}/*.rs\"));",
            ),
            ("insta::glob!", "glob!(\"inputs/*.txt\", |path| {});"),
            (
                "insta::glob!",
                "insta::glob!(\"snapshots\", \"inputs/*.txt\", |path| {});",
            ),
            (
                "datatest",
                "#[datatest::files(\"tests/cases\", { input in r\"^(.*)\" })]",
            ),
            ("datatest", "#[ datatest::data(\"tests/data.yaml\")]"),
            ("datatest", "harness!(run, \"tests/cases\", r\"^.*\");"),
            (
                "a test that reads a folder",
                "for e in fs::read_dir(\"tests/data\") {}",
            ),
            (
                "a test that reads a folder",
                "fs.readdirSync('test/fixtures')",
            ),
            (
                "a test that reads a folder",
                "await fs.readdir('test/fixtures')",
            ),
            ("a test that reads a folder", "os.ReadDir(\"testdata\")"),
            ("a test that reads a folder", "os.listdir('tests/data')"),
            ("a test that reads a folder", "os.scandir(\"tests/data\")"),
            (
                "a test that reads a folder",
                "Path('tests/data').iterdir('x')",
            ),
            (
                "a test that reads a folder",
                "for p in glob.glob('tests/cases/*.json'):",
            ),
            (
                "a test that reads a folder",
                "glob.iglob(\"tests/**/*.txt\")",
            ),
            (
                "a test that reads a folder",
                "filepath.Glob(\"testdata/*.golden\")",
            ),
            ("a test that reads a folder", "globSync('test/cases/*.js')"),
            ("a test that reads a folder", "fg.sync('test/cases/*.js')"),
        ];
        for (runner, text) in calls {
            let found = data_suites(&format!("// a test\n{text}\n"));
            assert_eq!(found.len(), 1, "{text}");
            // The call is on the sample's last line, after the comment.
            let line = u32::try_from(text.lines().count() + 1).unwrap();
            assert_eq!((found[0].runner, found[0].line), (runner, line), "{text}");
        }
        assert!(data_suites("fn t() { let x = 1; }\n// read_dir\n").is_empty());
    }

    #[test]
    fn skimmed_bodies_count_what_whole_bodies_count() {
        let tricky = r##"
/// ```
/// unclosed
fn a() { fn inner() {} let x = !y; }
impl X {
    /// ```
    /// code
    /// ```
    fn b() { foo! { #[test] fn t() {} } }
    fn c() { if !done { bar!(1) } criterion.bench_function("x", |b| b.iter(|| 1)); }
    fn d(&self);
}
fn e() { macro_rules! m { () => { #[test] fn g() {} } } m!(); }
fn f() { proptest! { #[test] fn p(x in 0..1u8) {} } }
fn g() -> ! { loop { let s = S { a: 1 }; match s { S { a } => {} } } }
fn h() { my_macro! name { #[test] fn q() {} } }
fn i() { assert!(c.bench_with_input(1, 2, |b, i| b.iter(|| i))); }
fn j() { /** ```
x
``` */ let y = 1; }
mod m { tests! { a, b } fn k() { r#"#[test]"#; } }
#[cfg(test)]
mod t {
    #[test]
    fn one() { let v = vec![1, 2]; assert!(!v.is_empty()); }
}
"##;
        let heads = [
            "#![allow(dead_code)]\nfn a() { let x = 1; }\n#[test]\nfn t() {}\n",
            "#!/usr/bin/env run-cargo-script\nfn a() { let x = 1; }\n#[test]\nfn t() {}\n",
            "\u{feff}fn a() { let x = 1; }\n#[test]\nfn t() {}\n",
        ];
        let inside = r#"
fn a() -> &'static str { let r#fn = 1; "}" }
fn b() { /// ```
    /// a doctest on a statement: the visitor counts it
    /// ```
    let x = 1; }
fn c() { /** ```
block
``` */ let y = 2; }
fn d<'a>(x: &'a u8) { 'outer: loop { break 'outer; } }
fn e() { let r#struct = 1; r#mac! m { #[test] fn g() {} } }
fn f() {
    /// ```
    /// a fence left open on a nested function, whose body is left out (no attribute)
    fn inner() { use std::fmt; struct S; impl S {} }
    /// ```text
    /// not a doctest: the item in the body closed the fence, and so does the body
    /// ```
    let z = 3;
}
fn g() {
    #[allow(unused)] #[derive(Debug)] struct S; let v = quote! { #s #(#v)* };
    #[allow(unused)] #[tokio::test] async fn nested() {}
}
fn h() { #![allow(x)] #[cfg(test)] mod m { fn helper() {} } }
#[test]
fn t() { assert!(true); }
"#;
        let parse_skimmed = |text: &str| parse_skimmed(&Lexed::new(text).ok()?);
        for text in [RUST, tricky, inside].into_iter().chain(heads) {
            let skimmed = parse_skimmed(text).expect("parses skimmed");
            assert_eq!(
                parse_rust(text, Some(skimmed)),
                parse_rust(text, None),
                "{text}"
            );
        }
        // The bodies are not parsed: an error inside one that can hold nothing counted is not
        // seen; inside one that can, it is. A body left out keeps its newlines.
        assert_eq!(
            skim(&Lexed::new("fn a() { let x = 1;\n    x }\nfn b() { fn c() {} }").unwrap())
                .as_deref(),
            Some("fn a() {\n}\nfn b() {}")
        );
        assert_eq!(
            skim(&Lexed::new("fn b() { #[test] fn c() {} }").unwrap()).as_deref(),
            Some("fn b() { #[test] fn c() {} }")
        );
        assert!(parse_skimmed("fn a() { let x = ; }").is_some());
        for head in [
            "#![allow(x)]\n",
            "#!/usr/bin/env run-cargo-script\n",
            "\u{feff}",
        ] {
            assert!(parse_skimmed(&format!("{head}fn a() {{ let x = ; }}")).is_some());
        }
        // Only an attribute the visitor may read keeps a body.
        assert!(parse_skimmed("fn a() { #[allow(x)] let x = ; }").is_some());
        for attr in [
            "#[cfg(test)]",
            "#[tokio::test]",
            "#![doc = \"x\"]",
            "#[r#bench]",
        ] {
            let text = format!("fn a() {{ {attr} let x = ; }}");
            assert!(parse_skimmed(&text).is_none(), "{text}");
            assert!(rust_source(&text).is_err(), "{text}");
        }
        // A file that does not lex or parse is reported as the whole parse reports it.
        assert_eq!(
            rust_source("struct S { a: &dyn A + Send }\nfn b() {}").map_err(|e| e.line),
            Err(1)
        );
    }

    #[test]
    fn one_lexing_serves_the_parse_and_the_health_counts() {
        // Doc comments are tokens to the parse (a doctest in a body keeps the body in it) and
        // left out of the health counts' tokens.
        let text = "/// ```\n/// a::b();\n/// ```\npub fn a() -> u8 {\n    unsafe { x() };\n    b().unwrap();\n    /// ```\n    /// c();\n    /// ```\n    let y = 1;\n    y\n}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { a().unwrap(); }\n}\n";
        let rust = rust_file(text, true, false).unwrap().unwrap();
        assert_eq!((rust.test_fns, rust.test_modules, rust.doctests), (1, 1, 2));
        assert_eq!((rust.health.unsafe_blocks, rust.health.unwraps), (1, 1));
        assert_eq!(
            rust.health,
            super::super::rust_health::rust_health(text).unwrap()
        );
        // A file that does not lex: the parse's error, as the whole parse gives it.
        let broken = "fn a() {}\n#[test]\nfn t() { let s = \"open; }\n";
        assert_eq!(rust_file(broken, true, false).unwrap_err().line, 3);
    }

    #[test]
    fn doctests_without_a_parse_match_the_parser() {
        let text = "//! Crate docs.\n//!\n//! ```\n//! let x = 1;\n//! ```\n\n/// Adds.\n///\n/// ```rust,no_run\n/// add(1, 2);\n/// ```\n///\n/// ```text\n/// not rust\n/// ```\npub fn add(a: u32, b: u32) -> u32 { a + b }\n\n/// ```\n/// unclosed\npub fn latest() {}\n\n/// ```\n/// third\n/// ```\npub fn contest() {}\n";
        assert!(
            !RUST_PREFILTER.is_match(text),
            "nothing test-like: no parse needed"
        );
        assert_eq!(doctests_by_lines(text), rust_source(text).unwrap().doctests);
        assert_eq!(doctests_by_lines(text), 4);
    }

    #[test]
    fn the_prefilter_keeps_every_test_form() {
        for text in [
            "#[test]\nfn a() {}",
            "#[tokio::test(flavor = \"multi_thread\")]\nasync fn a() {}",
            "#[ rstest ]\nfn a() {}",
            "#[test_case(1)]\nfn a(x: u8) {}",
            "#[test_log::test]\nfn a() {}",
            "#[quickcheck]\nfn a() {}",
            "#[wasm_bindgen_test]\nfn a() {}",
            "#[cfg(test)]\nmod tests {}",
            "#[cfg(all(test, feature = \"x\"))]\nmod tests {}",
            "#[bench]\nfn b() {}",
            "fn b(c: &mut Criterion) { c.bench_function(\"x\", |b| b.iter(|| 1)); }",
        ] {
            assert!(RUST_PREFILTER.is_match(text), "{text}");
        }
        assert!(!RUST_PREFILTER.is_match("fn latest() {}\nlet testing = contest();"));
    }
}
