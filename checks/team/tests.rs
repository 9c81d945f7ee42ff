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
        committed: time,
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

/// A lone author whose last commit is two years before the audit: the history is dormant, and
/// he is its bus factor; measured up to his last commit, he has not left his own code.
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
    assert_eq!(e.score, Some(35), "{}", e.explanation);
    assert_eq!(
        e.explanation,
        "100 − 30 (bus factor 1) − 25 (no commit by a person in a year) − 5 (no release tags) − 5 (no CODEOWNERS) = 35."
    );
    let r = rules(&e);
    assert!(!r.contains(&"knowledge-loss"), "{r:?}");
    let dormant = e.findings.iter().find(|f| f.rule == "dormant").unwrap();
    assert_eq!(
        dormant.message,
        "The repository has had no commit by a person since 2024-06-15 (2.0 years before this audit)."
    );
    for rule in [
        "bus-factor",
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
    assert_eq!(folder.severity, Severity::Low);
    assert_eq!(folder.path.as_deref(), Some("src/"));
}

/// Code whose authors have all left costs more when nobody still active has worked on it than
/// when people still active have changed it since.
#[test]
fn knowledge_loss_weighs_untouched_code_more_than_handed_over_code() {
    let recent = NOW - 10 * DAY;
    let old = NOW - 1_000 * DAY;
    let history = HistoryFacts {
        people: vec![
            person("Now", 3, recent - 20 * DAY, recent),
            person("Gone", 2, old - DAY, old),
        ],
        commits: vec![
            commit(0, recent, "Tweak"),
            commit(0, recent - 20 * DAY, "New"),
            commit(1, old, "Old"),
            commit(1, old - DAY, "Older"),
        ],
        files: vec![
            owned("src/new.rs", 0),
            owned("src/lost1.rs", 1),
            owned("src/lost2.rs", 1),
            // Written by Gone; Now changed it once since (Gone stays its author).
            FileAuthorship {
                changes: vec![(0, 1), (1, 3)],
                ..owned("src/kept.rs", 1)
            },
        ],
        ..HistoryFacts::default()
    };
    let e = Team.evaluate(&facts(history), &CheckConfig::default());
    let kl = e
        .findings
        .iter()
        .find(|f| f.rule == "knowledge-loss")
        .unwrap();
    assert_eq!(
        kl.message,
        "3 of 4 product files (75%) were written by people who made no commit in the year before the last commit (2026-06-05); nobody still active has ever changed 2 of them, people still active have since changed the other 1."
    );
    assert_eq!(kl.severity, Severity::High);
    // 30 × 2/4 + 10 × 1/4 = 17.5 → 18.
    assert!(
        e.explanation
            .contains("− 18 (75% of the code written by people who left)"),
        "{}",
        e.explanation
    );
    // Gone left long ago: not a bus-factor person, whatever he wrote.
    let bf = e.findings.iter().find(|f| f.rule == "bus-factor").unwrap();
    assert!(bf.message.starts_with("Bus factor 1: if Now left, 100% of the 1 of 4 product files that someone still active knows"), "{}", bf.message);
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

#[test]
fn people_who_left_with_a_few_files_are_one_finding() {
    let departed = |name: &str, files: u32| DepartedAuthor {
        name: name.into(),
        last_commit: "2021-03-04".into(),
        files,
    };
    // 400 files considered: a person is a finding of their own from 8 files (2%).
    let people = [
        departed("Ann", 1),
        departed("Bo", 25),
        departed("Cy", 2),
        departed("Di", 8),
        departed("Ed", 7),
        departed("Flo", 1),
    ];
    let messages = |people: &[DepartedAuthor], files: u32| {
        let mut findings = Vec::new();
        departed_findings(people, files, &mut findings);
        assert!(findings
            .iter()
            .all(|f| f.rule == "author-departed" && f.severity == Severity::Low));
        findings.into_iter().map(|f| f.message).collect::<Vec<_>>()
    };
    assert_eq!(
        messages(&people, 400),
        [
            "Bo authors 25 files and made their last commit on 2021-03-04.",
            "Di authors 8 files and made their last commit on 2021-03-04.",
            "4 other people who made no commit in the year before the last commit author 1 to 7 files each (Ed, Cy, Ann, Flo).",
        ]
    );
    // In a small tree, three files are enough.
    assert_eq!(
        messages(&people[..3], 20),
        [
            "Bo authors 25 files and made their last commit on 2021-03-04.",
            "2 other people who made no commit in the year before the last commit author 1 to 2 files each (Cy, Ann).",
        ]
    );
    // One person left over is named as the others are.
    assert_eq!(
        messages(&people[..2], 400),
        [
            "Bo authors 25 files and made their last commit on 2021-03-04.",
            "Ann authors 1 file and made their last commit on 2021-03-04.",
        ]
    );
    // Nobody left: no finding.
    assert!(messages(&[], 400).is_empty());
}
