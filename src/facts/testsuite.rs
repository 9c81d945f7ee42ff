//! The test suite as a whole: which files hold tests, how many cases, how much test code per
//! language against how much production code, which frameworks, which coverage reports.
//!
//! Derived once after the walk from the per-file facts (paths, tokei counts,
//! [`SourceSignals`](super::source::SourceSignals), kept manifest text), so that the `tests`
//! check, the `ci` check's cross-check and the report's inventory all read the same answer.
//!
//! Rules that are not visible one file at a time live here:
//! - a Rust file is an integration test only under a `tests/` folder next to a `Cargo.toml`
//!   (`src/checks/tests/mod.rs` is a module named `tests`, not a test); a Rust file with
//!   `#[cfg(test)]` modules holds tests for their span only, the rest is production code; files
//!   under `benches/` are benchmarks, neither tests nor production;
//! - a language whose test cases can be counted but whose test files hold none (a `tests/`
//!   folder of helpers, fixtures and a README) has no tests;
//! - npm's placeholder `"test": "echo \"Error: no test specified\" && exit 1"` is not a test
//!   script;
//! - only files in the product and test roles count: fixtures and test data, documentation and
//!   examples, vendored and generated code are neither tests nor production.

use std::collections::{BTreeMap, BTreeSet};

use super::coverage::CoverageReport;
use super::roles::Role;
use super::{FileFacts, FileKind};

/// What the tree's tests amount to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestSuite {
    /// Per language family with code or tests, most production code first.
    pub languages: Vec<LanguageTests>,
    /// Files that hold tests, in path order (files in test locations of a language whose test
    /// files hold no test case are left out).
    pub test_files: Vec<String>,
    /// Test frameworks found, by name, with the first file that shows each.
    pub frameworks: BTreeMap<String, String>,
    /// Committed coverage reports.
    pub coverage: Vec<(String, CoverageReport)>,
    /// Rust doctests (fenced Rust blocks in doc comments).
    pub doctests: u64,
    /// `package.json` files whose `test` script is npm's placeholder, with the line.
    pub npm_placeholders: Vec<(String, u32)>,
    /// Data-driven suites: runners that turn every file of a folder into a test case, with the
    /// number of inputs found in the tree.
    pub data_suites: Vec<DataSuite>,
}

/// A data-driven suite and its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSuite {
    /// The test file that runs it.
    pub path: String,
    /// Its line.
    pub line: u32,
    /// The runner (`trybuild`, `insta::glob!`, `datatest`, `a test that reads a folder`).
    pub runner: &'static str,
    /// The folder or glob as written.
    pub pattern: String,
    /// Files (for a glob) or entries (for a folder) it finds in the tree: its test inputs.
    pub inputs: u64,
}

impl TestSuite {
    /// Inputs of every data-driven suite.
    #[must_use]
    pub fn data_inputs(&self) -> u64 {
        self.data_suites.iter().map(|d| d.inputs).sum()
    }
}

impl TestSuite {
    /// Whether there is any test at all.
    #[must_use]
    pub fn has_tests(&self) -> bool {
        self.languages.iter().any(LanguageTests::has_tests)
    }

    /// Code lines of test code, all languages.
    #[must_use]
    pub fn test_code_lines(&self) -> u64 {
        self.languages
            .iter()
            .filter(|l| l.has_tests())
            .map(|l| l.test_code)
            .sum()
    }

    /// Benchmarks, all languages.
    #[must_use]
    pub fn benches(&self) -> u64 {
        self.languages.iter().map(|l| l.benches).sum()
    }

    /// The frameworks' names, sorted.
    #[must_use]
    pub fn framework_names(&self) -> Vec<String> {
        self.frameworks.keys().cloned().collect()
    }
}

/// Tests of one language family.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageTests {
    /// The family's name (`Rust`, `JavaScript/TypeScript`, `Java/Kotlin`, …).
    pub language: &'static str,
    /// Files of production code.
    pub production_files: u64,
    /// Code lines of production code.
    pub production_code: u64,
    /// Files that hold tests.
    pub test_files: u64,
    /// Code lines of test code.
    pub test_code: u64,
    /// Test cases, when the language's convention makes them countable.
    pub test_cases: Option<u64>,
    /// Benchmarks (reported apart).
    pub benches: u64,
    /// Inputs of the data-driven suites its test files run (reported apart from the cases).
    pub data_inputs: u64,
}

impl LanguageTests {
    /// Whether the family has tests: test files, holding cases where those can be counted, or
    /// running a data-driven suite that has inputs.
    #[must_use]
    pub fn has_tests(&self) -> bool {
        self.test_files > 0 && (self.test_cases != Some(0) || self.data_inputs > 0)
    }

    /// Test code lines per production code line (0 without production code).
    #[must_use]
    pub fn ratio(&self) -> f64 {
        if self.production_code == 0 {
            0.0
        } else {
            #[allow(clippy::cast_precision_loss)]
            let r = self.test_code as f64 / self.production_code as f64;
            r
        }
    }
}

/// The language family of a tokei language, and whether its test cases are countable.
#[must_use]
pub fn family(language: &str) -> Option<(&'static str, bool)> {
    Some(match language {
        "Rust" => ("Rust", true),
        "Python" => ("Python", true),
        "JavaScript" | "TypeScript" | "JSX" | "TSX" | "Vue" | "Svelte" => {
            ("JavaScript/TypeScript", true)
        }
        "Go" => ("Go", true),
        "Java" | "Kotlin" | "Scala" | "Groovy" => ("Java/Kotlin", true),
        "Ruby" => ("Ruby", true),
        "PHP" => ("PHP", true),
        "C#" => ("C#", true),
        "F#" | "Visual Basic" => ("F#/VB.NET", false),
        "Swift" => ("Swift", true),
        "C" | "C++" | "C Header" | "C++ Header" => ("C/C++", false),
        "Elixir" => ("Elixir", false),
        "Dart" => ("Dart", false),
        "Objective-C" | "Objective-C++" => ("Objective-C", false),
        _ => return None,
    })
}

/// Path components that hold test inputs, never tests or production code.
const DATA_DIRS: &[&str] = &[
    "fixtures",
    "__fixtures__",
    "testdata",
    "test-data",
    "test_data",
];

/// Only product code and tests take part: test data and fixtures, documentation and examples,
/// vendored, generated code and build output are neither tests nor the code under test (their
/// role says so; the data folders are also refused by name, for facts built without roles).
fn counts_for_tests(f: &FileFacts) -> bool {
    matches!(f.role, Role::Product | Role::Test)
        && !f.path.split('/').any(|c| DATA_DIRS.contains(&c))
}

/// Builds the [`TestSuite`] from the walked files (sorted by path).
#[must_use]
pub fn collect(files: &[FileFacts]) -> TestSuite {
    let crate_dirs: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.name() == "Cargo.toml")
        .map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let package_dirs: BTreeSet<&str> = files
        .iter()
        .filter(|f| {
            matches!(
                f.name(),
                "Cargo.toml"
                    | "package.json"
                    | "go.mod"
                    | "pyproject.toml"
                    | "setup.py"
                    | "pom.xml"
                    | "build.gradle"
                    | "build.gradle.kts"
                    | "composer.json"
                    | "Gemfile"
            )
        })
        .map(|f| f.path.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    // Test-generating `macro_rules!` by name, for invocations in other files.
    let mut test_macros: BTreeMap<&str, &super::source::TestMacro> = BTreeMap::new();
    for f in files {
        let rust = f.scan.source.as_ref().and_then(|s| s.rust.as_ref());
        for m in rust.map(|r| r.test_macros.as_slice()).unwrap_or_default() {
            test_macros.entry(m.name.as_str()).or_insert(m);
        }
    }
    let mut by_family: BTreeMap<&'static str, LanguageTests> = BTreeMap::new();
    let mut suite = TestSuite::default();
    let mut test_files: Vec<(String, &'static str)> = Vec::new();
    // Families with code beyond header files: headers alone (declarations for a binding) hold
    // nothing to test.
    let mut implemented: BTreeSet<&'static str> = BTreeSet::new();

    for f in files {
        if let Some(report) = &f.scan.coverage {
            suite.coverage.push((f.path.clone(), report.clone()));
        }
        let Some((name, countable)) = f.language.and_then(family) else {
            continue;
        };
        if !f.is(FileKind::SOURCE) || !counts_for_tests(f) {
            continue;
        }
        let code = f.lines.map_or(0, |l| l.code);
        let signals = f.scan.source.as_ref();
        let mut cases = u64::from(signals.map_or(0, |s| s.test_cases));
        if let Some(rust) = signals.and_then(|s| s.rust.as_ref()) {
            // Invocations of a test macro defined in another file of the tree, in test code.
            if f.is(FileKind::TEST) || rust.test_modules > 0 {
                cases += rust
                    .macro_calls
                    .iter()
                    .filter_map(|c| test_macros.get(c.name.as_str()).map(|m| m.tests_in(c)))
                    .map(u64::from)
                    .sum::<u64>();
            }
        }
        let entry = by_family.entry(name).or_insert_with(|| LanguageTests {
            language: name,
            test_cases: countable.then_some(0),
            ..LanguageTests::default()
        });
        entry.benches += u64::from(signals.map_or(0, |s| s.benches));
        if let Some(s) = signals {
            for fw in &s.frameworks {
                suite
                    .frameworks
                    .entry((*fw).to_owned())
                    .or_insert_with(|| f.path.clone());
            }
        }
        let test_code = if name == "Rust" {
            let rust = signals.and_then(|s| s.rust.as_ref());
            suite.doctests += u64::from(rust.map_or(0, |r| r.doctests));
            match rust_role(&f.path, &crate_dirs, f.is(FileKind::TEST)) {
                RustRole::Bench => continue,
                RustRole::Test => code,
                RustRole::Source => match rust {
                    Some(r) if r.test_modules > 0 => code.min(u64::from(r.test_module_lines)),
                    Some(r) if r.test_fns > 0 => code,
                    _ => 0,
                },
            }
        } else if f.is(FileKind::TEST)
            || (cases > 0 && matches!(name, "C#" | "Java/Kotlin" | "Swift"))
        {
            code
        } else {
            0
        };
        let holds_tests = test_code > 0
            || (name != "Rust" && f.is(FileKind::TEST))
            || (name == "Rust" && cases > 0);
        for d in signals
            .map(|s| s.data_suites.as_slice())
            .unwrap_or_default()
        {
            let inputs = data_inputs(&f.path, &d.pattern, &paths, &package_dirs);
            entry.data_inputs += inputs;
            suite.data_suites.push(DataSuite {
                path: f.path.clone(),
                line: d.line,
                runner: d.runner,
                pattern: d.pattern.clone(),
                inputs,
            });
        }
        if holds_tests {
            entry.test_files += 1;
            entry.test_code += test_code;
            if let Some(c) = entry.test_cases.as_mut() {
                *c += cases;
            }
            test_files.push((f.path.clone(), name));
        }
        if code > test_code {
            entry.production_files += 1;
            entry.production_code += code - test_code;
            if !matches!(f.language, Some("C Header" | "C++ Header")) {
                implemented.insert(name);
            }
        }
    }
    for (name, entry) in &mut by_family {
        if !implemented.contains(name) {
            entry.production_files = 0;
            entry.production_code = 0;
        }
    }
    if by_family
        .get("Rust")
        .is_some_and(|r| r.test_cases.unwrap_or(0) > 0)
        || suite.doctests > 0
    {
        suite
            .frameworks
            .entry("cargo test".into())
            .or_insert_with(|| first_path(files, |f| f.language == Some("Rust")));
    }
    if by_family.get("Go").is_some_and(LanguageTests::has_tests) {
        suite
            .frameworks
            .entry("go test".into())
            .or_insert_with(|| first_path(files, |f| f.path.ends_with("_test.go")));
    }
    for f in files {
        frameworks_from_file(f, &mut suite);
    }
    suite.test_files = test_files
        .into_iter()
        .filter(|(_, family)| by_family.get(family).is_some_and(LanguageTests::has_tests))
        .map(|(path, _)| path)
        .collect();
    suite.languages = by_family.into_values().collect();
    suite.languages.sort_by(|a, b| {
        (b.production_code + b.test_code)
            .cmp(&(a.production_code + a.test_code))
            .then_with(|| a.language.cmp(b.language))
    });
    suite
}

/// The inputs a data-driven suite finds: the files a glob matches, or the entries (files or
/// folders) directly inside a folder; the pattern is taken relative to the test file's folder,
/// then its package (the nearest folder above it with a manifest), then the root, and the
/// first that finds something counts.
fn data_inputs(file: &str, pattern: &str, paths: &[&str], package_dirs: &BTreeSet<&str>) -> u64 {
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    let mut bases: Vec<&str> = vec![dir];
    let mut up = dir;
    loop {
        if package_dirs.contains(up) {
            bases.push(up);
            break;
        }
        match up.rsplit_once('/') {
            Some((parent, _)) => up = parent,
            None if !up.is_empty() => up = "",
            None => break,
        }
    }
    bases.push("");
    let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
    let is_glob = pattern.contains(['*', '?', '[', '{']);
    let glob_re = is_glob.then(|| {
        let mut re = String::from("^");
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    if chars.peek() == Some(&'/') {
                        chars.next();
                    }
                    re.push_str("(?:.*/)?");
                }
                '*' => re.push_str("[^/]*"),
                '?' => re.push_str("[^/]"),
                '{' => re.push_str("(?:"),
                '}' => re.push(')'),
                ',' => re.push('|'),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        re.push('$');
        super::pattern::code_regex(&re).ok()
    });
    for base in bases {
        let prefix = if base.is_empty() {
            String::new()
        } else {
            format!("{base}/")
        };
        let count = if let Some(re) = &glob_re {
            let Some(re) = re else { return 0 };
            paths
                .iter()
                .filter_map(|p| p.strip_prefix(prefix.as_str()))
                .filter(|p| re.is_match(p))
                .count()
        } else {
            let folder = format!("{prefix}{pattern}/");
            let mut entries: BTreeSet<&str> = BTreeSet::new();
            for p in paths.iter().filter_map(|p| p.strip_prefix(folder.as_str())) {
                entries.insert(p.split('/').next().unwrap_or(p));
            }
            entries.len()
        };
        if count > 0 {
            return count as u64;
        }
    }
    0
}

fn first_path(files: &[FileFacts], pred: impl Fn(&FileFacts) -> bool) -> String {
    files
        .iter()
        .find(|f| pred(f))
        .map(|f| f.path.clone())
        .unwrap_or_default()
}

enum RustRole {
    Test,
    Bench,
    Source,
}

/// Cargo's conventions: `tests/` and `benches/` next to a `Cargo.toml`. Without any
/// `Cargo.toml` in view, the path convention stands.
fn rust_role(path: &str, crate_dirs: &BTreeSet<&str>, path_says_test: bool) -> RustRole {
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
        if *part == "tests" || *part == "benches" {
            let parent = parts[..i].join("/");
            if crate_dirs.is_empty() || crate_dirs.contains(parent.as_str()) {
                return if *part == "tests" {
                    RustRole::Test
                } else {
                    RustRole::Bench
                };
            }
        }
    }
    if crate_dirs.is_empty() && path_says_test {
        RustRole::Test
    } else {
        RustRole::Source
    }
}

/// Config files by exact (lowercase) name or name prefix, and the framework they configure.
const CONFIG_FILES: &[(&str, &str)] = &[
    ("pytest.ini", "pytest"),
    ("conftest.py", "pytest"),
    ("tox.ini", "tox"),
    ("noxfile.py", "nox"),
    ("jest.config.", "jest"),
    ("vitest.config.", "vitest"),
    ("vitest.workspace.", "vitest"),
    (".mocharc", "mocha"),
    ("playwright.config.", "playwright"),
    ("cypress.config.", "cypress"),
    ("cypress.json", "cypress"),
    ("karma.conf.", "karma"),
    ("ava.config.", "ava"),
    ("jasmine.json", "jasmine"),
    (".rspec", "RSpec"),
    ("phpunit.xml", "PHPUnit"),
    ("phpunit.xml.dist", "PHPUnit"),
    ("pest.php", "Pest"),
    ("nextest.toml", "cargo-nextest"),
];

/// Words in a manifest's text that name a test framework, per manifest name.
const MANIFEST_WORDS: &[(&str, &str, &str)] = &[
    ("cargo.toml", "criterion", "criterion"),
    ("cargo.toml", "proptest", "proptest"),
    ("pyproject.toml", "[tool.pytest", "pytest"),
    ("pyproject.toml", "pytest", "pytest"),
    ("setup.cfg", "[tool:pytest]", "pytest"),
    ("requirements", "pytest", "pytest"),
    ("pipfile", "pytest", "pytest"),
    ("pom.xml", "junit", "JUnit"),
    ("pom.xml", "testng", "TestNG"),
    ("build.gradle", "junit", "JUnit"),
    ("build.gradle", "testng", "TestNG"),
    ("build.gradle", "spock", "Spock"),
    ("build.gradle", "kotest", "Kotest"),
    ("gemfile", "rspec", "RSpec"),
    ("gemfile", "minitest", "Minitest"),
    ("gemfile", "capybara", "Capybara"),
    ("composer.json", "phpunit/phpunit", "PHPUnit"),
    ("composer.json", "pestphp/pest", "Pest"),
    (".csproj", "xunit", "xUnit"),
    (".csproj", "nunit", "NUnit"),
    (".csproj", "mstest", "MSTest"),
    (".fsproj", "xunit", "xUnit"),
    (".fsproj", "nunit", "NUnit"),
];

/// npm packages that are test runners.
const NPM_RUNNERS: &[(&str, &str)] = &[
    ("jest", "jest"),
    ("vitest", "vitest"),
    ("mocha", "mocha"),
    ("@playwright/test", "playwright"),
    ("cypress", "cypress"),
    ("karma", "karma"),
    ("ava", "ava"),
    ("jasmine", "jasmine"),
    ("tap", "tap"),
    ("uvu", "uvu"),
];

fn frameworks_from_file(f: &FileFacts, suite: &mut TestSuite) {
    let name = f.name().to_ascii_lowercase();
    let mut found = |fw: &str| {
        suite
            .frameworks
            .entry(fw.to_owned())
            .or_insert_with(|| f.path.clone());
    };
    if !counts_for_tests(f) {
        return;
    }
    for (pat, fw) in CONFIG_FILES {
        if name == *pat
            || (pat.ends_with('.') && name.starts_with(pat))
            || (*pat == ".mocharc" && name.starts_with(pat))
        {
            found(fw);
        }
    }
    let Some(text) = f.text.as_deref() else {
        return;
    };
    let lower = text.to_ascii_lowercase();
    for (manifest, word, fw) in MANIFEST_WORDS {
        let matches_name = if manifest.starts_with('.') {
            name.ends_with(manifest)
        } else {
            name.starts_with(manifest)
        };
        if matches_name && lower.contains(word) {
            found(fw);
        }
    }
    if name == "package.json" {
        package_json(f, text, suite);
    }
}

/// npm's placeholder test script.
#[must_use]
pub fn is_npm_placeholder(script: &str) -> bool {
    script.contains("no test specified") && script.contains("exit 1")
}

fn package_json(f: &FileFacts, text: &str, suite: &mut TestSuite) {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    let mut found = |fw: &str| {
        suite
            .frameworks
            .entry(fw.to_owned())
            .or_insert_with(|| f.path.clone());
    };
    for section in ["devDependencies", "dependencies"] {
        if let Some(deps) = json.get(section).and_then(|d| d.as_object()) {
            for (pkg, fw) in NPM_RUNNERS {
                if deps.contains_key(*pkg) {
                    found(fw);
                }
            }
        }
    }
    if json.get("jest").is_some() {
        found("jest");
    }
    let scripts = json.get("scripts").and_then(|s| s.as_object());
    for (key, script) in scripts.into_iter().flatten() {
        let Some(script) = script.as_str() else {
            continue;
        };
        if !key.starts_with("test") {
            continue;
        }
        if key == "test" && is_npm_placeholder(script) {
            let line = text
                .lines()
                .position(|l| l.contains("\"test\""))
                .map_or(1, |i| u32::try_from(i + 1).unwrap_or(u32::MAX));
            suite.npm_placeholders.push((f.path.clone(), line));
            continue;
        }
        for (pkg, fw) in NPM_RUNNERS {
            let bin = pkg.rsplit('/').next().unwrap_or(pkg);
            let bin = if *fw == "playwright" {
                "playwright"
            } else {
                bin
            };
            if script
                .split(|c: char| c.is_whitespace() || c == '&' || c == ';')
                .any(|w| w == bin)
            {
                found(fw);
            }
        }
        if script.contains("node --test") {
            found("node:test");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;
    use crate::facts::source::{RustSource, SourceSignals};
    use crate::facts::LineCounts;

    fn file(path: &str, language: Option<&'static str>, code: u64) -> FileFacts {
        FileFacts {
            path: path.into(),
            kind: classify(path, language),
            language,
            lines: language.map(|_| LineCounts {
                code,
                comments: 0,
                blanks: 0,
            }),
            ..FileFacts::default()
        }
    }

    fn with_cases(mut f: FileFacts, cases: u32) -> FileFacts {
        f.scan.source = Some(SourceSignals {
            test_cases: cases,
            ..SourceSignals::default()
        });
        f
    }

    fn rust(mut f: FileFacts, r: RustSource) -> FileFacts {
        f.scan.source = Some(SourceSignals {
            test_cases: r.test_fns,
            benches: r.benches,
            rust: Some(r),
            ..SourceSignals::default()
        });
        f
    }

    fn lang<'a>(s: &'a TestSuite, name: &str) -> &'a LanguageTests {
        s.languages.iter().find(|l| l.language == name).unwrap()
    }

    #[test]
    fn rust_inline_integration_benches_and_module_named_tests() {
        let mut files = vec![
            file("Cargo.toml", Some("TOML"), 10),
            rust(
                file("src/lib.rs", Some("Rust"), 100),
                RustSource {
                    test_fns: 3,
                    test_modules: 1,
                    test_module_lines: 30,
                    doctests: 2,
                    ..RustSource::default()
                },
            ),
            rust(
                file("tests/cli.rs", Some("Rust"), 40),
                RustSource {
                    test_fns: 4,
                    ..RustSource::default()
                },
            ),
            file("tests/common/mod.rs", Some("Rust"), 10),
            rust(
                file("benches/speed.rs", Some("Rust"), 20),
                RustSource {
                    benches: 2,
                    ..RustSource::default()
                },
            ),
            // A module folder called `tests` that is not Cargo's tests folder.
            file("checks/tests/mod.rs", Some("Rust"), 50),
        ];
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let s = collect(&files);
        let r = lang(&s, "Rust");
        assert_eq!(r.test_files, 3);
        assert_eq!(r.test_code, 30 + 40 + 10);
        assert_eq!(r.production_code, 70 + 50);
        assert_eq!(r.test_cases, Some(7));
        assert_eq!(r.benches, 2);
        assert_eq!(s.doctests, 2);
        assert!(s.frameworks.contains_key("cargo test"));
        assert_eq!(
            s.test_files,
            vec!["src/lib.rs", "tests/cli.rs", "tests/common/mod.rs"]
        );
    }

    #[test]
    fn header_files_alone_are_no_code_to_test() {
        // Headers that declare a binding's native calls: nothing to test.
        let files = vec![
            file("src/linuxMain/headers/okio_statx.h", Some("C Header"), 60),
            file("src/linuxMain/headers/uapi/stat.h", Some("C Header"), 60),
            file("src/main.kt", Some("Kotlin"), 300),
        ];
        let s = collect(&files);
        assert_eq!(lang(&s, "C/C++").production_code, 0);
        // With an implementation beside them, headers are production code like the rest.
        let files = vec![
            file("src/codec.c", Some("C"), 100),
            file("src/codec.h", Some("C Header"), 20),
        ];
        assert_eq!(lang(&collect(&files), "C/C++").production_code, 120);
    }

    #[test]
    fn helpers_only_test_folder_is_no_tests() {
        let files = vec![
            file("app/main.py", Some("Python"), 200),
            with_cases(file("tests/helpers.py", Some("Python"), 20), 0),
            file("tests/fixtures/sample.py", Some("Python"), 30),
        ];
        let s = collect(&files);
        let py = lang(&s, "Python");
        assert_eq!(py.test_files, 1);
        assert_eq!(py.test_cases, Some(0));
        assert!(!s.has_tests());
        assert!(s.test_files.is_empty(), "helpers alone are not test files");
        assert_eq!(s.test_code_lines(), 0);
        assert_eq!(py.production_code, 200, "fixtures are not production code");
    }

    #[test]
    fn npm_placeholder_and_runners() {
        let mut pkg = file("package.json", Some("JSON"), 0);
        pkg.text = Some(
            "{\n  \"scripts\": {\n    \"test\": \"echo \\\"Error: no test specified\\\" && exit 1\"\n  },\n  \"devDependencies\": { \"vitest\": \"^1\" }\n}\n"
                .into(),
        );
        let s = collect(&[pkg]);
        assert_eq!(s.npm_placeholders, vec![("package.json".to_owned(), 3)]);
        assert_eq!(s.framework_names(), vec!["vitest"]);
    }

    #[test]
    fn only_product_and_test_roles_count() {
        let mut files = vec![
            file("src/app.py", Some("Python"), 100),
            with_cases(file("tests/test_app.py", Some("Python"), 40), 4),
            // Tests of an example app, of vendored code, and a fixture project's tests.
            with_cases(file("examples/todo/test_todo.py", Some("Python"), 30), 3),
            with_cases(file("third_party/lib/test_lib.py", Some("Python"), 30), 5),
            with_cases(
                file("tests/projects/demo/test_demo.py", Some("Python"), 30),
                2,
            ),
        ];
        for f in &mut files {
            f.role = crate::facts::roles::role_of_path(&f.path);
        }
        let s = collect(&files);
        let py = lang(&s, "Python");
        assert_eq!(
            (py.test_files, py.test_cases, py.production_code),
            (1, Some(4), 100),
            "{:?}",
            files.iter().map(|f| (&f.path, f.role)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn annotated_tests_outside_conventional_paths() {
        let files = vec![
            file("Api/Calc.cs", Some("C#"), 100),
            with_cases(file("Api/CalcChecks.cs", Some("C#"), 30), 3),
        ];
        let s = collect(&files);
        let cs = lang(&s, "C#");
        assert_eq!(
            (cs.test_files, cs.test_code, cs.test_cases),
            (1, 30, Some(3))
        );
        assert!(s.has_tests());
    }
}
