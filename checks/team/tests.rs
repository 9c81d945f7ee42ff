//! Unit tests of the `team` scoring on facts built by hand (the history reading itself is tested
//! on real repositories in `tests/team.rs`).

use super::*;
use crate::facts::classify::classify;
use crate::facts::history::{CommitFacts, FileAuthorship, HistoryFacts, Person};
use crate::facts::{FileFacts, Warning};

const DAY: i64 = 86_400;
/// 2026-06-15T00:00:00Z.
const NOW: i64 = 1_781_481_600;

fn person(name: &str, commits: u32, first: i64, last: i64) -> Person {
    Person {
        name: name.into(),
        email: format!("{}@example.com", name.to_lowercase()),
        commits,
        first,
        last,
        ..Person::default()
    }
}

fn code_file(path: &str) -> FileFacts {
    FileFacts {
        path: path.into(),
        kind: classify(path, Some("Rust")),
        language: Some("Rust"),
        ..FileFacts::default()
    }
}

fn facts(history: HistoryFacts) -> RepoFacts {
    let mut facts = RepoFacts::empty("t");
    facts.now = jiff::Timestamp::from_second(NOW).unwrap();
    facts.files = history.files.iter().map(|f| code_file(&f.path)).collect();
    facts.files.sort_by(|a, b| a.path.cmp(&b.path));
    facts.history = Some(history);
    facts
}

fn commit(author: u32, time: i64, subject: &str) -> CommitFacts {
    CommitFacts {
        id: format!("{time:040x}"),
        author,
        time,
        parents: 1,
        first_parent: true,
        files_changed: 1,
        subject: subject.into(),
        ..CommitFacts::default()
    }
}

fn owned(path: &str, creator: u32) -> FileAuthorship {
    FileAuthorship {
        path: path.into(),
        creator: Some(creator),
        ..FileAuthorship::default()
    }
}

fn rules(e: &Evaluation) -> Vec<&str> {
    e.findings.iter().map(|f| f.rule.as_ref()).collect()
}

#[test]
fn not_a_repository_or_unreadable_is_skipped() {
    let e = Team.evaluate(&RepoFacts::empty("t"), &CheckConfig::default());
    assert_eq!(e.status, crate::check::Status::Skipped);
    assert!(
        e.summary.starts_with("Not a git repository"),
        "{}",
        e.summary
    );

    let mut f = RepoFacts::empty("t");
    f.warnings.push(Warning {
        path: Some(".git".into()),
        message: "cannot read the git history: broken".into(),
    });
    let e = Team.evaluate(&f, &CheckConfig::default());
    assert_eq!(e.status, crate::check::Status::Skipped);
    assert!(e.summary.contains("could not be read"), "{}", e.summary);
}

#[test]
fn a_lone_author_gone_for_two_years_fails() {
    let last = NOW - 730 * DAY;
    let history = HistoryFacts {
        people: vec![person("Solo", 2, last - 10 * DAY, last)],
        commits: vec![commit(0, last, "More"), commit(0, last - 10 * DAY, "Start")],
        files: vec![owned("src/a.rs", 0), owned("src/b.rs", 0)],
        ..HistoryFacts::default()
    };
    let e = Team.evaluate(&facts(history), &CheckConfig::default());
    assert_eq!(e.score, Some(5), "{}", e.explanation);
    assert_eq!(
        e.explanation,
        "100 − 30 (bus factor 1) − 30 (100% of the code written by people who left) − 25 (no commit by a person in a year) − 5 (no release tags) − 5 (no CODEOWNERS) = 5."
    );
    let r = rules(&e);
    for rule in [
        "bus-factor",
        "knowledge-loss",
        "author-departed",
        "dormant",
        "folder-single-owner",
        "files-single-owner",
        "no-release-tags",
        "codeowners-missing",
    ] {
        assert!(r.contains(&rule), "{rule} missing from {r:?}");
    }
    let folder = e
        .findings
        .iter()
        .find(|f| f.rule == "folder-single-owner")
        .unwrap();
    assert_eq!(folder.severity, Severity::Medium);
    assert_eq!(folder.path.as_deref(), Some("src/"));
}

#[test]
fn direct_pushes_and_an_import_are_hygiene_findings() {
    let recent = NOW - 10 * DAY;
    let mut commits: Vec<CommitFacts> = (0..25)
        .map(|i| commit(u32::from(i % 2 == 1), recent - i64::from(i) * DAY, "Change"))
        .collect();
    let import = commits.last_mut().unwrap();
    import.files_changed = 600;
    import.current_files_created = 60;
    import.subject = "Initial import".into();
    let mut files: Vec<FileAuthorship> = (0..60)
        .map(|i| owned(&format!("src/f{i:02}.rs"), 0))
        .collect();
    for f in files.iter_mut().skip(30) {
        f.creator = Some(1);
    }
    let history = HistoryFacts {
        people: vec![
            person("Ann", 13, recent - 24 * DAY, recent),
            person("Ben", 12, recent - 23 * DAY, recent - DAY),
        ],
        commits,
        files,
        ..HistoryFacts::default()
    };
    let e = Team.evaluate(&facts(history), &CheckConfig::default());
    let r = rules(&e);
    assert!(r.contains(&"direct-pushes"), "{r:?}");
    assert!(r.contains(&"history-import"), "{r:?}");
    assert!(r.contains(&"very-large-commit"), "{r:?}");
    assert!(!r.contains(&"knowledge-loss"), "{r:?}");
    // Two people each author half: both must go before more than half is orphaned.
    assert!(
        e.explanation.contains("− 15 (bus factor 2)"),
        "{}",
        e.explanation
    );
    // 20 single-owner files are listed one by one, the rest only counted.
    assert_eq!(r.iter().filter(|r| **r == "file-single-owner").count(), 20);
}
