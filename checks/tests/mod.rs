//! `tests`: are there automated tests, in every language that carries production code, and how
//! much test code is there next to the code it tests?
//!
//! Reads the [`TestSuite`](crate::facts::testsuite::TestSuite) derived after the walk: test
//! files and test cases per language (Rust counted from one `syn` parse per file, other
//! languages by their conventions), test code lines against production code lines (tokei),
//! frameworks, committed coverage reports. Status `fail` when there are no tests at all;
//! otherwise each language with at least [`MIN_PRODUCTION_CODE`] lines of production code is
//! scored from its test-to-code ratio, and the score loses each language's shortfall weighted by
//! its share of the production code.

use crate::check::{Check, CheckConfig, Evaluation, Finding, Severity, Status, Tally};
use crate::facts::testsuite::{LanguageTests, TestSuite};
use crate::facts::{Needs, RepoFacts};

/// The check.
pub struct Tests;

/// Languages with less production code than this are not scored (a build script, a few
/// helper files).
pub const MIN_PRODUCTION_CODE: u64 = 50;

/// A committed coverage report below this percentage is a finding.
const LOW_COVERAGE: f64 = 50.0;
/// Below this share of the production code, an untested language is a minor part of the
/// product (a report page's script in a Rust tool, two release scripts): a low finding, not a
/// medium one. Its score still costs its share.
const MINOR_SHARE: f64 = 0.05;

/// Below this test-to-code ratio, a language's tests are thin.
const THIN_RATIO: f64 = 0.1;

/// The score of one language from its test-to-code ratio: 0 without tests, then linear between
/// these points (ratio, score), 100 from a ratio of 0.5 (one line of test per two of code).
const RATIO_POINTS: &[(f64, f64)] = &[(0.0, 30.0), (0.05, 50.0), (0.2, 80.0), (0.5, 100.0)];

fn language_score(l: &LanguageTests) -> f64 {
    if !l.has_tests() {
        return 0.0;
    }
    let r = l.ratio();
    for pair in RATIO_POINTS.windows(2) {
        let ((r0, s0), (r1, s1)) = (pair[0], pair[1]);
        if r < r1 {
            return s0 + (r - r0) / (r1 - r0) * (s1 - s0);
        }
    }
    100.0
}

fn pct(ratio: f64) -> String {
    let p = ratio * 100.0;
    if p > 0.0 && p < 1.0 {
        "under 1 %".into()
    } else {
        format!("{p:.0} %")
    }
}

impl Check for Tests {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::LINE_COUNTS | Needs::DOCUMENTS | Needs::SOURCE_SIGNALS
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        evaluate(&facts.tests)
    }
}

fn evaluate(suite: &TestSuite) -> Evaluation {
    let mut findings = Vec::new();
    let scored: Vec<&LanguageTests> = suite
        .languages
        .iter()
        .filter(|l| l.production_code >= MIN_PRODUCTION_CODE)
        .collect();
    let total_code: u64 = scored.iter().map(|l| l.production_code).sum();

    for (path, line) in &suite.npm_placeholders {
        findings.push(
            Finding::new(
                "npm-test-placeholder",
                Severity::Low,
                "The package's `test` script is npm's placeholder, which runs no test and fails.",
                "Point the `test` script at the real test runner (jest, vitest, mocha, node --test, …).",
            )
            .at(path, Some(*line)),
        );
    }
    for l in &suite.languages {
        if l.test_files > 0 && l.test_cases == Some(0) {
            findings.push(Finding::new(
                "tests-without-cases",
                Severity::Low,
                format!(
                    "{} has {} in test locations but no test case in them (helpers or fixtures only).",
                    l.language,
                    plural(l.test_files, "file")
                ),
                "Write test cases, or move helpers and fixtures where they are not mistaken for tests.",
            ));
        }
    }
    let mut untested: Vec<&str> = Vec::new();
    let browser = browser_tests(suite);
    for l in &scored {
        if !l.has_tests() {
            #[allow(clippy::cast_precision_loss)]
            let share = l.production_code as f64 / total_code.max(1) as f64;
            untested.push(l.language);
            // The scripts of a web app's pages are run by its browser tests, which test them
            // through the pages: not tested on their own, but not untested either.
            let driven = browser > 0 && l.language == "JavaScript/TypeScript";
            findings.push(Finding::new(
                "language-untested",
                if driven {
                    Severity::Low
                } else if share >= 0.5 {
                    Severity::High
                } else if share >= MINOR_SHARE {
                    Severity::Medium
                } else {
                    Severity::Low
                },
                if driven {
                    format!(
                        "{} has {} lines of production code in {} files and no tests of its own; \
                         the {} (Capybara) run it only through the pages.",
                        l.language,
                        l.production_code,
                        l.production_files,
                        plural(browser as u64, "browser test file")
                    )
                } else {
                    format!(
                        "{} has {} lines of production code in {} files and no tests.",
                        l.language, l.production_code, l.production_files
                    )
                },
                format!(
                    "Add tests for the {} code, starting with its most-changed modules.",
                    l.language
                ),
            ));
        } else if l.ratio() < THIN_RATIO {
            findings.push(Finding::new(
                "test-ratio-low",
                Severity::Low,
                format!(
                    "{} test code is {} the size of its production code ({} vs {} lines).",
                    l.language,
                    pct(l.ratio()),
                    l.test_code,
                    l.production_code
                ),
                format!("Grow the {} tests around the core paths.", l.language),
            ));
        }
    }
    for (path, report) in &suite.coverage {
        let low = report.percent < LOW_COVERAGE;
        findings.push(
            Finding::new(
                if low {
                    "coverage-low"
                } else {
                    "coverage-report"
                },
                if low { Severity::Low } else { Severity::Info },
                format!(
                    "A committed {} coverage report gives {:.1} % line coverage.",
                    report.format, report.percent
                ),
                "Measure coverage in CI on every change rather than committing a report that ages.",
            )
            .at(path, None),
        );
    }

    if !suite.has_tests() {
        // One red flag for one fact: the languages are named, but `no-tests` carries the
        // severity.
        for f in findings
            .iter_mut()
            .filter(|f| f.rule == "language-untested")
        {
            f.severity = Severity::Low;
        }
        let mut tally = Tally::new();
        tally.deduct(100, "no tests at all");
        findings.push(Finding::new(
            "no-tests",
            Severity::High,
            "No automated tests were found in any language.",
            "Add automated tests for the core paths and run them in CI on every change.",
        ));
        let summary = if total_code == 0 {
            "No automated tests were found (and almost no code to test).".to_owned()
        } else {
            format!(
                "No automated tests were found for {} lines of production code.",
                total_code
            )
        };
        return Evaluation::scored(0, summary, &tally, findings).with_status(Status::Fail);
    }

    let mut tally = Tally::new();
    for l in &scored {
        #[allow(clippy::cast_precision_loss)]
        let share = l.production_code as f64 / total_code as f64;
        let score = language_score(l);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let points = ((100.0 - score) * share).round() as u32;
        let why = if l.has_tests() {
            format!(
                "{}: test code {} of production code",
                l.language,
                pct(l.ratio())
            )
        } else {
            format!("{}: no tests", l.language)
        };
        tally.deduct(points, why);
    }
    Evaluation::scored(
        tally.score(),
        summary(suite, &untested, browser),
        &tally,
        findings,
    )
}

/// Folders of browser tests: Rails' system tests and RSpec's system and feature specs.
const BROWSER_TEST_DIRS: &[&str] = &["test/system/", "spec/system/", "spec/features/"];

/// The test files that drive a browser: in a folder of browser tests, with Capybara (which
/// drives the browser for them) among the frameworks. Rails adds Capybara to every new app's
/// Gemfile, so the framework alone is no browser test.
fn browser_tests(suite: &TestSuite) -> usize {
    if !suite.frameworks.contains_key("Capybara") {
        return 0;
    }
    suite
        .test_files
        .iter()
        .filter(|p| {
            BROWSER_TEST_DIRS
                .iter()
                .any(|d| p.starts_with(d) || p.contains(&format!("/{d}")))
        })
        .count()
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The check's summary; `browser`: the browser test files (see [`browser_tests`]).
fn summary(suite: &TestSuite, untested: &[&str], browser: usize) -> String {
    let tested: Vec<&LanguageTests> = suite.languages.iter().filter(|l| l.has_tests()).collect();
    let names: Vec<&str> = tested.iter().map(|l| l.language).collect();
    let cases: u64 = tested.iter().filter_map(|l| l.test_cases).sum();
    let all_countable = tested.iter().all(|l| l.test_cases.is_some());
    let files = suite.test_files.len();
    let prod: u64 = tested.iter().map(|l| l.production_code).sum();
    let test: u64 = tested.iter().map(|l| l.test_code).sum();
    let verb = if files == 1 { "covers" } else { "cover" };
    let mut s = if cases > 0 {
        format!(
            "{}{} in {} {verb} {}",
            if all_countable { "" } else { "At least " },
            plural(cases, "test case"),
            plural(files as u64, "test file"),
            join(&names)
        )
    } else {
        format!(
            "{} {verb} {}",
            plural(files as u64, "test file"),
            join(&names)
        )
    };
    if prod > 0 {
        #[allow(clippy::cast_precision_loss)]
        let ratio = test as f64 / prod as f64;
        s.push_str(&format!(
            "; test code is {} the size of the production code",
            pct(ratio)
        ));
    }
    s.push('.');
    let (doctests, benches, inputs) = (suite.doctests, suite.benches(), suite.data_inputs());
    if doctests + benches + inputs > 0 {
        let mut apart = Vec::new();
        if doctests > 0 {
            apart.push(plural(doctests, "doctest"));
        }
        if benches > 0 {
            apart.push(plural(benches, "benchmark"));
        }
        if inputs > 0 {
            let suites = suite.data_suites.iter().filter(|d| d.inputs > 0).count() as u64;
            apart.push(format!(
                "{} of {}",
                plural(inputs, "input"),
                plural(suites, "data-driven suite")
            ));
        }
        s.push_str(&format!(" Also {}, counted apart.", join_owned(&apart)));
    }
    if !untested.is_empty() {
        let verb = if untested.len() > 1 { "have" } else { "has" };
        s.push_str(&format!(" {} {verb} no tests", join(untested)));
        if browser > 0 && untested == ["JavaScript/TypeScript"] {
            s.push_str(" of its own (the browser tests run the page scripts)");
        }
        s.push('.');
    }
    s
}

fn join_owned(items: &[String]) -> String {
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    join(&refs)
}

#[cfg(test)]
mod scoring {
    use super::*;

    fn lang(
        name: &'static str,
        prod: u64,
        test: u64,
        files: u64,
        cases: Option<u64>,
    ) -> LanguageTests {
        LanguageTests {
            language: name,
            production_files: 1,
            production_code: prod,
            test_files: files,
            test_code: test,
            test_cases: cases,
            benches: 0,
            data_inputs: 0,
        }
    }

    fn suite(langs: Vec<LanguageTests>) -> TestSuite {
        let files = langs.iter().map(|l| l.test_files).sum::<u64>();
        TestSuite {
            test_files: (0..files).map(|i| format!("t{i}")).collect(),
            languages: langs,
            ..TestSuite::default()
        }
    }

    /// The `language-untested` finding.
    fn untested(e: &Evaluation) -> &Finding {
        e.findings
            .iter()
            .find(|f| f.rule == "language-untested")
            .unwrap()
    }

    fn rules(e: &Evaluation) -> Vec<&str> {
        e.findings.iter().map(|f| f.rule.as_ref()).collect()
    }

    #[test]
    fn no_tests_fails_and_names_each_language() {
        let e = evaluate(&suite(vec![
            lang("Python", 500, 0, 0, Some(0)),
            lang("Go", 100, 0, 0, Some(0)),
        ]));
        assert_eq!(e.status, Status::Fail);
        assert_eq!(e.score, Some(0));
        let r = rules(&e);
        assert!(r.contains(&"no-tests"));
        let untested: Vec<&str> = e
            .findings
            .iter()
            .filter(|f| f.rule == "language-untested")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(untested.len(), 2);
        assert!(untested[0].starts_with("Python has 500 lines"));
        // The languages are named, but only `no-tests` is a red flag.
        assert!(e
            .findings
            .iter()
            .filter(|f| f.rule == "language-untested")
            .all(|f| f.severity == Severity::Low));
    }

    #[test]
    fn well_tested_single_language_passes() {
        let e = evaluate(&suite(vec![lang("Rust", 1000, 600, 10, Some(120))]));
        assert_eq!(e.score, Some(100));
        assert_eq!(e.status, Status::Pass);
        assert!(e.findings.is_empty());
        assert_eq!(
            e.summary,
            "120 test cases in 10 test files cover Rust; test code is 60 % the size of the production code."
        );
    }

    #[test]
    fn untested_language_costs_its_share() {
        // Rust fully tested (3/4 of the code), TypeScript untested (1/4): 100 − 25.
        let e = evaluate(&suite(vec![
            lang("Rust", 750, 500, 5, Some(40)),
            lang("JavaScript/TypeScript", 250, 0, 0, Some(0)),
        ]));
        assert_eq!(e.score, Some(75));
        let f = untested(&e);
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.message.contains("JavaScript/TypeScript"));
        assert!(
            e.summary.ends_with("JavaScript/TypeScript has no tests."),
            "{}",
            e.summary
        );
        assert!(e.explanation.contains("JavaScript/TypeScript: no tests"));
    }

    #[test]
    fn a_minor_untested_language_is_a_low_finding() {
        // 606 lines of JavaScript beside 20,000 of tested Rust: 3 % of the code.
        let e = evaluate(&suite(vec![
            lang("Rust", 20_000, 30_000, 300, Some(3000)),
            lang("JavaScript/TypeScript", 606, 0, 0, Some(0)),
        ]));
        let f = untested(&e);
        assert_eq!(f.severity, Severity::Low);
        assert_eq!(e.score, Some(97), "{}", e.explanation);
    }

    /// A web app's page scripts without tests of their own, run by its Capybara browser tests:
    /// a low finding that says so, not a medium one; without the browser tests, or with
    /// Capybara in the Gemfile only (every new Rails app has it), medium as before.
    #[test]
    fn page_scripts_run_by_browser_tests_are_a_low_finding() {
        let langs = || {
            vec![
                lang("Ruby", 20_000, 15_000, 12, Some(400)),
                lang("JavaScript/TypeScript", 2_800, 0, 0, Some(0)),
            ]
        };
        let mut with_browser = suite(langs());
        with_browser.test_files = (0..9)
            .map(|i| format!("test/system/page_{i}_test.rb"))
            .chain(["test/models/user_test.rb".to_owned()])
            .collect();
        with_browser
            .frameworks
            .insert("Capybara".into(), "Gemfile".into());
        let e = evaluate(&with_browser);
        assert!(
            e.summary.ends_with(
                "JavaScript/TypeScript has no tests of its own (the browser tests run the page scripts)."
            ),
            "{}",
            e.summary
        );
        let f = untested(&e);
        assert_eq!(f.severity, Severity::Low);
        assert!(
            f.message
                .ends_with("no tests of its own; the 9 browser test files (Capybara) run it only through the pages."),
            "{}",
            f.message
        );
        let mut gemfile_only = with_browser.clone();
        gemfile_only.test_files = vec!["test/models/user_test.rb".into()];
        assert_eq!(
            untested(&evaluate(&gemfile_only)).severity,
            Severity::Medium
        );
        let mut no_capybara = with_browser.clone();
        no_capybara.frameworks.clear();
        assert_eq!(untested(&evaluate(&no_capybara)).severity, Severity::Medium);
    }

    #[test]
    fn thin_tests_score_by_ratio() {
        // Ratio 0.05 → 50 points for the only language.
        let e = evaluate(&suite(vec![lang("Go", 1000, 50, 2, Some(3))]));
        assert_eq!(e.score, Some(50));
        assert!(rules(&e).contains(&"test-ratio-low"));
        // Ratio 0.2 → 80.
        let e = evaluate(&suite(vec![lang("Go", 1000, 200, 2, Some(3))]));
        assert_eq!(e.score, Some(80));
    }

    #[test]
    fn test_folder_without_cases_is_no_tests() {
        let e = evaluate(&suite(vec![lang("Python", 300, 40, 2, Some(0))]));
        assert_eq!(e.status, Status::Fail);
        let r = rules(&e);
        assert!(r.contains(&"tests-without-cases"));
        assert!(r.contains(&"no-tests"));
    }

    #[test]
    fn small_languages_are_not_scored() {
        let e = evaluate(&suite(vec![
            lang("Rust", 1000, 500, 3, Some(10)),
            lang("Python", 20, 0, 0, Some(0)),
        ]));
        assert_eq!(e.score, Some(100));
        assert!(!rules(&e).contains(&"language-untested"));
    }

    #[test]
    fn uncountable_languages_say_at_least() {
        let e = evaluate(&suite(vec![
            lang("Rust", 1000, 500, 3, Some(10)),
            lang("C/C++", 1000, 500, 3, None),
        ]));
        assert!(
            e.summary
                .starts_with("At least 10 test cases in 6 test files cover Rust and C/C++"),
            "{}",
            e.summary
        );
    }
}
