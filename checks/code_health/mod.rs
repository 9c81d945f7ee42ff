//! `code-health`: how costly will this code be to change?
//!
//! Reads facts the one walk collected: tokei's line counts, the health scanner's per-file
//! counters (content hash, longest line, `TODO`/`FIXME`/`HACK`/`XXX` markers, Python and Go
//! function lengths) and the code-health counts from the tokens of each Rust file
//! (`unsafe`, `unwrap()`/`expect()`/`panic!`/`todo!`/`unimplemented!` outside tests, `#[allow]`,
//! function lengths). Only product code counts (the path roles): tests, fixtures,
//! documentation examples, vendored, generated code and build output are left out. The score starts at 100 and loses points for each signal past
//! its threshold; the thresholds and their reasons are in the check's README.

use std::collections::BTreeMap;

use crate::check::{plural, Check, CheckConfig, Evaluation, Finding, Severity, Tally};
use crate::facts::health::{FnLength, LONG_FUNCTION_LINES};
use crate::facts::{FileFacts, FileKind, Needs, RepoFacts};

/// The check.
pub struct CodeHealth;

/// At most this many findings of one kind are listed.
const MAX_LISTED: usize = 10;

/// A source file with at least this many lines of code is large.
pub const LARGE_FILE_CODE_LINES: u64 = 1000;
/// A line at least this long (characters) is reported among the longest lines.
pub const LONG_LINE_CHARS: u32 = 200;
/// Identical files smaller than this (lines of code) are not reported as duplicates (empty
/// `__init__.py`, one-line re-exports).
pub const DUPLICATE_MIN_CODE_LINES: u64 = 10;
/// Comment density below this share of comment lines, in a code base of at least
/// [`COMMENT_MIN_CODE`] lines, costs points.
const LOW_COMMENT_SHARE: f64 = 0.05;
const COMMENT_MIN_CODE: u64 = 1000;

/// (per 1,000 lines, points): the first threshold the density exceeds gives the deduction.
const PANIC_STEPS: &[(f64, u32)] = &[(10.0, 20), (2.0, 10)];
const MARKER_STEPS: &[(f64, u32)] = &[(15.0, 10), (5.0, 5)];
const UNSAFE_STEPS: &[(f64, u32)] = &[(5.0, 5)];
const ALLOW_STEPS: &[(f64, u32)] = &[(10.0, 5)];
/// (share of functions that are long, points).
const LONG_FN_STEPS: &[(f64, u32)] = &[(0.05, 10), (0.02, 5)];
/// (share of code in duplicated copies, points).
const DUPLICATE_STEPS: &[(f64, u32)] = &[(0.05, 10), (0.01, 5)];
/// Points per `todo!`/`unimplemented!` outside tests, and their cap.
const TODO_POINTS: u32 = 5;
const TODO_CAP: u32 = 15;
/// Points per large file, and their cap.
const LARGE_FILE_POINTS: u32 = 2;
const LARGE_FILE_CAP: u32 = 10;

fn step(value: f64, steps: &[(f64, u32)]) -> u32 {
    steps
        .iter()
        .find(|(threshold, _)| value > *threshold)
        .map_or(0, |(_, points)| *points)
}

#[allow(clippy::cast_precision_loss)]
fn per_kloc(n: u64, code: u64) -> f64 {
    if code == 0 {
        0.0
    } else {
        n as f64 * 1000.0 / code as f64
    }
}

#[allow(clippy::cast_precision_loss)]
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Production source: source files whose path role is product code (not tests, fixtures,
/// documentation examples, vendored, generated or build output).
fn production(f: &FileFacts) -> bool {
    f.is(FileKind::SOURCE)
        && f.is_product()
        && !f.scan.health.as_ref().is_some_and(|h| h.generated_marker)
}

/// Everything the check adds up over the production files.
#[derive(Default)]
struct Totals {
    files: u64,
    code: u64,
    comments: u64,
    markers: u64,
    rust_files: u64,
    rust_code: u64,
    unsafe_: u64,
    panicky: u64,
    todos: u64,
    allows: u64,
    functions: u64,
    long_functions: u64,
}

impl CodeHealth {
    #[allow(clippy::too_many_lines)]
    fn run(facts: &RepoFacts) -> Evaluation {
        let files: Vec<&FileFacts> = facts.files.iter().filter(|f| production(f)).collect();
        let mut t = Totals::default();
        let mut marker_files = Vec::new();
        let mut panicky_files = Vec::new();
        let mut todo_files = Vec::new();
        let mut unsafe_files = Vec::new();
        let mut long_fns: Vec<(&str, &FnLength)> = Vec::new();
        let mut by_hash: BTreeMap<(u64, u64), Vec<&FileFacts>> = BTreeMap::new();
        for f in &files {
            let lines = f.lines.unwrap_or_default();
            t.files += 1;
            t.code += lines.code;
            t.comments += lines.comments;
            if let Some(h) = &f.scan.health {
                let m = u64::from(h.markers.total());
                t.markers += m;
                if m > 0 {
                    marker_files.push((*f, m, h.markers.first_line));
                }
                if let Some(fns) = &h.functions {
                    t.functions += u64::from(fns.count);
                    t.long_functions += u64::from(fns.long);
                    long_fns.extend(
                        fns.longest
                            .iter()
                            .filter(|x| x.lines >= LONG_FUNCTION_LINES)
                            .map(|x| (f.path.as_str(), x)),
                    );
                }
                if lines.code >= DUPLICATE_MIN_CODE_LINES {
                    by_hash.entry((h.hash, f.size)).or_default().push(f);
                }
            }
            if f.language == Some("Rust") {
                t.rust_files += 1;
                t.rust_code += lines.code;
            }
            let Some(rust) = f.scan.source.as_ref().and_then(|s| s.rust.as_ref()) else {
                continue;
            };
            let h = &rust.health;
            let unsafe_ = u64::from(h.unsafe_blocks + h.unsafe_fns + h.unsafe_impls);
            let panicky = u64::from(h.unwraps + h.expects + h.panics);
            t.unsafe_ += unsafe_;
            t.panicky += panicky;
            t.todos += u64::from(h.todos);
            t.allows += u64::from(h.allows);
            t.functions += u64::from(h.functions.count);
            t.long_functions += u64::from(h.functions.long);
            long_fns.extend(
                h.functions
                    .longest
                    .iter()
                    .filter(|x| x.lines >= LONG_FUNCTION_LINES)
                    .map(|x| (f.path.as_str(), x)),
            );
            if unsafe_ > 0 {
                unsafe_files.push((*f, unsafe_, h));
            }
            if panicky > 0 {
                panicky_files.push((*f, panicky, h));
            }
            if h.todos > 0 {
                todo_files.push((*f, u64::from(h.todos), h.first_todo));
            }
        }
        if t.code == 0 {
            return Evaluation::skipped("There is no production source code to assess.");
        }

        let mut tally = Tally::new();
        let mut findings = Vec::new();
        let mut notes = vec![format!(
            "{} of code in {}",
            plural(t.code, "line", "lines"),
            plural(t.files, "source file", "source files")
        )];

        // Large files and the longest lines.
        let mut large: Vec<&&FileFacts> = files
            .iter()
            .filter(|f| f.lines.is_some_and(|l| l.code >= LARGE_FILE_CODE_LINES))
            .collect();
        large.sort_by(|a, b| {
            let code = |f: &FileFacts| f.lines.map_or(0, |l| l.code);
            code(b).cmp(&code(a)).then_with(|| a.path.cmp(&b.path))
        });
        let n_large = u32::try_from(large.len()).unwrap_or(u32::MAX);
        tally.deduct(
            (LARGE_FILE_POINTS * n_large).min(LARGE_FILE_CAP),
            format!("{n_large} files of {LARGE_FILE_CODE_LINES}+ lines of code"),
        );
        for f in large.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "large-file",
                    Severity::Low,
                    format!(
                        "`{}` has {} lines of code.",
                        f.path,
                        f.lines.map_or(0, |l| l.code)
                    ),
                    "Split it into modules with one responsibility each.",
                )
                .at(&f.path, None),
            );
        }
        let mut long_lines: Vec<(&FileFacts, u32, u32)> = files
            .iter()
            .filter_map(|f| {
                f.scan
                    .health
                    .as_ref()
                    .filter(|h| h.longest_line >= LONG_LINE_CHARS)
                    .map(|h| (*f, h.longest_line, h.longest_line_at))
            })
            .collect();
        long_lines.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.path.cmp(&b.0.path)));
        for (f, chars, at) in long_lines.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "long-line",
                    Severity::Info,
                    format!("`{}` has a line of {chars} characters.", f.path),
                    "Wrap it; if it is data, move the data to a data file.",
                )
                .at(&f.path, Some(*at)),
            );
        }

        // Comment density.
        let comment_share = share(t.comments, t.code + t.comments);
        notes.push(format!("{:.0} % comments", comment_share * 100.0));
        if t.code >= COMMENT_MIN_CODE && comment_share < LOW_COMMENT_SHARE {
            tally.deduct(5, format!("{:.1} % comment lines", comment_share * 100.0));
        }

        // Work markers.
        let marker_density = per_kloc(t.markers, t.code);
        notes.push(format!(
            "{} ({marker_density:.1} per 1,000 lines)",
            plural(
                t.markers,
                "TODO/FIXME/HACK/XXX marker",
                "TODO/FIXME/HACK/XXX markers"
            )
        ));
        tally.deduct(
            step(marker_density, MARKER_STEPS),
            format!("{marker_density:.1} TODO/FIXME/HACK/XXX per 1,000 lines"),
        );
        marker_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.path.cmp(&b.0.path)));
        for (f, n, line) in marker_files.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "work-markers",
                    Severity::Info,
                    format!(
                        "`{}` has {}.",
                        f.path,
                        plural(
                            *n,
                            "TODO/FIXME/HACK/XXX marker",
                            "TODO/FIXME/HACK/XXX markers"
                        )
                    ),
                    "Turn each into a tracked issue, or do it.",
                )
                .at(&f.path, *line),
            );
        }

        // Function lengths.
        if t.functions > 0 {
            let long_share = share(t.long_functions, t.functions);
            notes.push(format!(
                "{} of {LONG_FUNCTION_LINES}+ lines out of {} measured",
                plural(t.long_functions, "function", "functions"),
                t.functions
            ));
            tally.deduct(
                step(long_share, LONG_FN_STEPS),
                format!(
                    "{:.1} % of functions are {LONG_FUNCTION_LINES}+ lines",
                    long_share * 100.0
                ),
            );
        }
        long_fns.sort_by(|a, b| {
            b.1.lines
                .cmp(&a.1.lines)
                .then_with(|| (a.0, a.1.line).cmp(&(b.0, b.1.line)))
        });
        for (path, func) in long_fns.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "long-function",
                    Severity::Low,
                    format!("`{}` is {} lines long.", func.name, func.lines),
                    "Split it into smaller functions that each do one thing and can be tested alone.",
                )
                .at(*path, Some(func.line)),
            );
        }

        // Duplicated files.
        let groups: Vec<Vec<&FileFacts>> = by_hash.into_values().filter(|g| g.len() > 1).collect();
        let dup_code: u64 = groups
            .iter()
            .map(|g| (g.len() as u64 - 1) * g[0].lines.map_or(0, |l| l.code))
            .sum();
        let dup_files: u64 = groups.iter().map(|g| g.len() as u64 - 1).sum();
        if dup_files > 0 {
            let dup_share = share(dup_code, t.code);
            notes.push(format!(
                "{} ({:.1} % of the code)",
                plural(dup_files, "duplicated file", "duplicated files"),
                dup_share * 100.0
            ));
            tally.deduct(
                step(dup_share, DUPLICATE_STEPS),
                format!("{:.1} % of the code in duplicated files", dup_share * 100.0),
            );
        }
        for g in groups.iter().take(MAX_LISTED) {
            let others: Vec<&str> = g[1..].iter().map(|f| f.path.as_str()).collect();
            findings.push(
                Finding::new(
                    "duplicate-files",
                    Severity::Low,
                    format!(
                        "`{}` is duplicated, byte for byte, in {}.",
                        g[0].path,
                        others
                            .iter()
                            .map(|p| format!("`{p}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "Keep one copy and share it (a module, a package); copies drift apart.",
                )
                .at(&g[0].path, None),
            );
        }

        // Rust.
        if t.rust_code > 0 {
            let panic_density = per_kloc(t.panicky, t.rust_code);
            let unsafe_density = per_kloc(t.unsafe_, t.rust_code);
            let allow_density = per_kloc(t.allows, t.rust_code);
            notes.push(format!(
                "Rust: {} and {} outside tests, {} ({panic_density:.1} per 1,000 lines), {}",
                plural(t.unsafe_, "unsafe block/fn/impl", "unsafe blocks/fns/impls"),
                plural(t.todos, "todo!/unimplemented!", "todo!/unimplemented!s"),
                plural(t.panicky, "unwrap/expect/panic", "unwraps/expects/panics"),
                plural(t.allows, "#[allow]", "#[allow]s"),
            ));
            tally.deduct(
                step(panic_density, PANIC_STEPS),
                format!("{panic_density:.1} unwrap/expect/panic per 1,000 lines of Rust"),
            );
            let todos = u32::try_from(t.todos).unwrap_or(u32::MAX);
            tally.deduct(
                TODO_POINTS.saturating_mul(todos).min(TODO_CAP),
                format!("{todos} todo!/unimplemented! outside tests"),
            );
            tally.deduct(
                step(unsafe_density, UNSAFE_STEPS),
                format!("{unsafe_density:.1} unsafe per 1,000 lines of Rust"),
            );
            tally.deduct(
                step(allow_density, ALLOW_STEPS),
                format!("{allow_density:.1} #[allow] per 1,000 lines of Rust"),
            );
            // Product code only: a test's input (a deliberately broken file, a cargo script
            // fixture) not parsing says nothing about the code.
            let unparsed = facts
                .warnings
                .iter()
                .filter(|w| {
                    (w.message.starts_with("cannot parse Rust")
                        || w.message.starts_with("Rust file of"))
                        && w.path.as_deref().is_some_and(|p| {
                            facts
                                .files
                                .binary_search_by(|f| f.path.as_str().cmp(p))
                                .is_ok_and(|i| production(&facts.files[i]))
                        })
                })
                .count();
            if unparsed > 0 {
                notes.push(format!(
                    "{} not parsed (too large or invalid)",
                    plural(unparsed as u64, "Rust file", "Rust files")
                ));
            }
        }
        panicky_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.path.cmp(&b.0.path)));
        for (f, n, h) in panicky_files.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "rust-panics",
                    Severity::Low,
                    format!(
                        "`{}` has {} outside tests ({} unwrap(), {} expect(), {} panic!/unreachable!).",
                        f.path,
                        plural(*n, "possible panic", "possible panics"),
                        h.unwraps,
                        h.expects,
                        h.panics
                    ),
                    "Return errors (`?`, `ok_or`, `map_err`) where the input can be bad; keep `expect` for true invariants, with the reason in its message.",
                )
                .at(&f.path, h.first_panicky),
            );
        }
        todo_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.path.cmp(&b.0.path)));
        for (f, n, line) in todo_files.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "rust-todo",
                    Severity::Medium,
                    format!(
                        "`{}` has {} outside tests: code paths that crash when reached.",
                        f.path,
                        plural(*n, "todo!/unimplemented!", "todo!/unimplemented!s")
                    ),
                    "Implement them or return an error.",
                )
                .at(&f.path, *line),
            );
        }
        unsafe_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.path.cmp(&b.0.path)));
        for (f, _, h) in unsafe_files.iter().take(MAX_LISTED) {
            findings.push(
                Finding::new(
                    "rust-unsafe",
                    Severity::Info,
                    format!(
                        "`{}` has {} unsafe blocks, {} unsafe fns and {} unsafe impls.",
                        f.path, h.unsafe_blocks, h.unsafe_fns, h.unsafe_impls
                    ),
                    "Document each block's safety invariant (`// SAFETY:`), keep unsafe code small and behind safe APIs, and test it under Miri.",
                )
                .at(&f.path, h.first_unsafe),
            );
        }

        let summary = format!("{}.", notes.join("; "));
        Evaluation::scored(tally.score(), summary, &tally, findings)
    }
}

impl Check for CodeHealth {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS
            | Needs::LINE_COUNTS
            | Needs::SOURCE_SIGNALS
            | Needs::HEALTH
            | Needs::RUST_HEALTH
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        Self::run(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::health::FileHealth;
    use crate::facts::LineCounts;

    fn source(path: &str, code: u64, hash: u64) -> FileFacts {
        FileFacts {
            path: path.into(),
            size: code * 10,
            kind: crate::facts::classify::classify(path, Some("Python")),
            role: crate::facts::roles::role_of_path(path),
            language: Some("Python"),
            lines: Some(LineCounts {
                code,
                comments: code / 5,
                blanks: 0,
            }),
            scan: crate::facts::scan::FileScan {
                health: Some(FileHealth {
                    hash,
                    ..FileHealth::default()
                }),
                ..Default::default()
            },
            ..FileFacts::default()
        }
    }

    fn run(files: Vec<FileFacts>) -> Evaluation {
        let mut facts = RepoFacts::empty("t");
        facts.files = files;
        facts.files.sort_by(|a, b| a.path.cmp(&b.path));
        CodeHealth.evaluate(&facts, &CheckConfig::default())
    }

    #[test]
    fn steps_take_the_first_threshold_exceeded() {
        assert_eq!(step(1.0, PANIC_STEPS), 0);
        assert_eq!(step(2.0, PANIC_STEPS), 0, "at the threshold is still fine");
        assert_eq!(step(2.1, PANIC_STEPS), 10);
        assert_eq!(step(50.0, PANIC_STEPS), 20);
    }

    /// A Rust file that does not parse is said so when it is product code; a test's input that
    /// does not parse (a deliberately broken file, a script fixture) is not the code's health.
    #[test]
    fn only_product_files_that_do_not_parse_are_noted() {
        let rust = |path: &str| FileFacts {
            language: Some("Rust"),
            kind: crate::facts::classify::classify(path, Some("Rust")),
            ..source(path, 100, 1)
        };
        let mut facts = RepoFacts::empty("t");
        facts.files = vec![
            rust("src/broken.rs"),
            rust("src/lib.rs"),
            rust("tests/fixtures/script/in/main.rs"),
        ];
        facts.files.sort_by(|a, b| a.path.cmp(&b.path));
        for path in ["src/broken.rs", "tests/fixtures/script/in/main.rs"] {
            facts.warnings.push(crate::facts::Warning {
                path: Some(path.into()),
                message: "cannot parse Rust (line 1): expected `fn`; its tests are not counted"
                    .into(),
            });
        }
        let e = CodeHealth.evaluate(&facts, &CheckConfig::default());
        assert!(
            e.summary
                .contains("1 Rust file not parsed (too large or invalid)"),
            "{}",
            e.summary
        );
    }

    /// A Rust module declared only for tests (`#[cfg(test)] mod testutil;`) is test code
    /// wherever its file lies: beside a crate root, beside a `mod.rs`, in the folder named after
    /// a module file, with the files under its folder; a module declared inside an inline test
    /// module or a module of the file's own is not looked for beside the file.
    #[test]
    fn modules_declared_only_for_tests_are_not_production() {
        let needs = crate::facts::Needs::all();
        let scanners = crate::facts::scan::build(needs, None);
        let panicky = "pub fn f(x: Option<u8>) -> u8 {\n    x.unwrap()\n}\n";
        let files: Vec<FileFacts> = [
            (
                "src/lib.rs",
                "#[cfg(test)]\nmod testutil;\nmod real;\nmod search;\nmod a;\n",
            ),
            ("src/testutil.rs", panicky),
            ("src/real.rs", panicky),
            ("src/search/mod.rs", "#[cfg(test)]\nmod helpers;\n"),
            ("src/search/helpers.rs", panicky),
            (
                "src/a.rs",
                "#[cfg(test)]\nmod t;\n#[cfg(test)]\nmod inline {\n    mod other;\n}\n\
                 mod plain {\n    #[cfg(test)]\n    mod nested;\n}\n",
            ),
            ("src/a/t.rs", panicky),
            ("src/a/t/deep.rs", panicky),
            ("src/a/other.rs", panicky),
            ("src/a/nested.rs", panicky),
        ]
        .iter()
        .map(|(path, text)| {
            let mut warnings = Vec::new();
            crate::walk::file_in_memory(path, text.as_bytes(), needs, &scanners, &mut warnings)
        })
        .collect();
        let files = crate::walk::assign_roles_in_memory(files, &[]).files;
        // The walk gives them the test role, so every check sees them as test code.
        let test_role: Vec<&str> = files
            .iter()
            .filter(|f| f.role == crate::facts::roles::Role::Test)
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(
            test_role,
            [
                "src/a/t.rs",
                "src/a/t/deep.rs",
                "src/search/helpers.rs",
                "src/testutil.rs"
            ]
        );
        assert!(files
            .iter()
            .find(|f| f.path == "src/testutil.rs")
            .is_some_and(|f| f.role_reason.contains("#[cfg(test)]")));
        let e = run(files);
        let mut listed: Vec<&str> = e
            .findings
            .iter()
            .filter(|f| f.rule == "rust-panics")
            .filter_map(|f| f.path.as_deref())
            .collect();
        listed.sort_unstable();
        assert_eq!(listed, ["src/a/nested.rs", "src/a/other.rs", "src/real.rs"]);
    }

    #[test]
    fn no_production_code_is_skipped() {
        let e = run(vec![source("tests/test_a.py", 100, 1)]);
        assert_eq!(e.status, crate::check::Status::Skipped);
    }

    #[test]
    fn duplicates_vendored_and_generated_files() {
        let mut generated = source("app/gen.py", 50, 7);
        generated.scan.health.as_mut().unwrap().generated_marker = true;
        let e = run(vec![
            source("app/a.py", 100, 7),
            source("app/b.py", 100, 7),
            source("lib/c.py", 100, 7),
            source("vendor/x/a.py", 100, 7),
            source("app/tiny.py", 5, 9),
            source("app/tiny2.py", 5, 9),
            generated,
        ]);
        // Two copies of 100 lines in 300 lines of production code (the vendored copy and the
        // generated file are left out; files under 10 lines are not compared).
        assert!(
            e.summary.starts_with("310 lines of code in 5 source files"),
            "{}",
            e.summary
        );
        assert!(
            e.summary
                .contains("2 duplicated files (64.5 % of the code)"),
            "{}",
            e.summary
        );
        let dups: Vec<&Finding> = e
            .findings
            .iter()
            .filter(|f| f.rule == "duplicate-files")
            .collect();
        assert_eq!(dups.len(), 1);
        assert_eq!(
            dups[0].message,
            "`app/a.py` is duplicated, byte for byte, in `app/b.py`, `lib/c.py`."
        );
        assert_eq!(e.score, Some(90));
    }
}
