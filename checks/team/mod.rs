//! `team`: who knows the code, according to the git history.
//!
//! Scores the [team analysis](crate::facts::history::analysis) of the history: the bus factor
//! (degree-of-authorship model), code whose authors have stopped committing, recent activity,
//! release tags, CODEOWNERS, and how changes reach the default branch. Files and folders known by
//! a single person are listed as evidence. Not a git repository, no commits, or a shallow clone:
//! `skipped` with the reason. See `checks/team/README.md` for the model and the points.

use crate::check::{plural, Check, CheckConfig, Evaluation, Finding, Severity, Tally};
use crate::facts::history::analysis::{self, DepartedAuthor, TeamAnalysis, LARGE_COMMIT_FILES};
use crate::facts::{Needs, RepoFacts};

/// The check.
pub struct Team;

/// Points lost for a bus factor of one, and of two.
const BUS_FACTOR_ONE: u32 = 30;
const BUS_FACTOR_TWO: u32 = 15;
/// Points lost when all of the code's authors have left and nobody still active has worked on it
/// (scaled by the share of files), and when its authors have left but others maintain it.
const KNOWLEDGE_LOSS: u32 = 30;
const KNOWLEDGE_HANDED_OVER: u32 = 10;
/// Points lost when no person committed in the year before the audit, or when only bots did in
/// the 90 days up to the last commit.
const DORMANT_YEAR: u32 = 25;
const QUIET_QUARTER: u32 = 10;
/// A snapshot older than this many days is said to be one (no points).
const OLD_SNAPSHOT_DAYS: u32 = 90;
/// Points lost for each hygiene gap.
const NO_RELEASES: u32 = 5;
const DIRECT_PUSHES: u32 = 5;
const IMPORT: u32 = 5;
const NO_CODEOWNERS: u32 = 5;
const PARTIAL_CODEOWNERS: u32 = 3;
/// Below this share of merged, pull-request or reviewed commits on the default branch, most
/// changes land unreviewed.
const MIN_INTEGRATED_SHARE: f64 = 0.5;
/// Fewer first-parent commits than this say nothing about the review process.
const MIN_FIRST_PARENT: u32 = 20;
/// CODEOWNERS covering less than this share of the files is partial.
const MIN_CODEOWNERS_SHARE: f64 = 0.5;
/// Findings listed per kind, at most.
const LISTED: usize = 20;
/// A person who left is a finding of their own when they author at least this share of the
/// product files considered, and at least [`DEPARTED_MIN_FILES`]; the others are one finding.
const DEPARTED_SHARE: f64 = 0.02;
/// See [`DEPARTED_SHARE`].
const DEPARTED_MIN_FILES: u32 = 3;
/// Names given in the finding of the others, at most.
const DEPARTED_NAMED: usize = 10;
/// What to do about a person who left.
const REACH_THEM: &str = "Check whether they can still be reached, and who took over their code.";

impl Check for Team {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::GIT | Needs::GIT_HISTORY | Needs::DOCUMENTS
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        let Some(history) = &facts.history else {
            let unreadable = facts
                .warnings
                .iter()
                .any(|w| w.path.as_deref() == Some(".git"));
            if facts.history_skipped && facts.git.is_some() {
                return Evaluation::skipped(
                    "The git history was not read (--no-history), so who wrote and still knows the code was not judged.",
                );
            }
            return Evaluation::skipped(if unreadable {
                "The git history could not be read (see the warnings), so the team cannot be judged."
            } else {
                "Not a git repository: there is no history to tell who wrote the code."
            });
        };
        if history.commits.is_empty() {
            return Evaluation::skipped("The repository has no commits yet.");
        }
        let Some(a) = analysis::analyze(facts) else {
            return Evaluation::skipped("There is no history to analyse.");
        };
        if a.shallow {
            return Evaluation::skipped(format!(
                "This is a shallow clone: only the last {}, back to {}, are visible, so authorship and activity cannot be judged; audit a full clone.",
                plural(a.commits, "commit", "commits"),
                a.first_commit.as_deref().unwrap_or("?"),
            ));
        }
        score(&a)
    }
}

/// A person with no commit in this many days before the audit has left a dormant repository.
const DORMANT_DAYS: u32 = 365;

/// A duration in days, in words: "45 days", "7 months", "2.5 years".
fn age(days: u32) -> String {
    if days < 60 {
        format!("{days} days")
    } else if days < 730 {
        format!("{} months", days * 12 / 365)
    } else {
        format!("{:.1} years", f64::from(days) / 365.25)
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn names(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[allow(clippy::too_many_lines)]
fn score(a: &TeamAnalysis) -> Evaluation {
    let mut tally = Tally::new();
    let mut findings = Vec::new();

    // Bus factor: among the people still active, over the code they know.
    if let Some(bf) = &a.bus_factor {
        let who = names(&bf.key_people);
        let (points, severity) = match bf.value {
            1 => (BUS_FACTOR_ONE, Severity::High),
            2 => (BUS_FACTOR_TWO, Severity::Medium),
            _ => (0, Severity::Info),
        };
        tally.deduct(points, format!("bus factor {}", bf.value));
        let scope = if bf.files == a.files_considered {
            format!("the {} product files", bf.files)
        } else {
            format!(
                "the {} of {} product files that someone still active knows",
                bf.files, a.files_considered
            )
        };
        findings.push(
            Finding::new(
                "bus-factor",
                severity,
                format!(
                    "Bus factor {}: if {who} left, {} of {scope} would have no author left.",
                    bf.value,
                    percent(bf.orphaned_share),
                ),
                "Spread knowledge of the main areas: reviews across areas, pairing, written design notes for what only one person knows.",
            )
            .with_evidence(format!("key people: {who}")),
        );
    }

    // Knowledge already lost: code whose authors have all left.
    let kl = &a.knowledge_loss;
    if kl.files > 0 {
        let handed_over = kl.share - kl.untouched_share;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let points = (f64::from(KNOWLEDGE_LOSS) * kl.untouched_share
            + f64::from(KNOWLEDGE_HANDED_OVER) * handed_over)
            .round() as u32;
        tally.deduct(
            points,
            format!(
                "{} of the code written by people who left",
                percent(kl.share)
            ),
        );
        // What nobody left has worked on is lost; what others have changed since is handed over.
        let severity = if kl.untouched_share >= 0.5 {
            Severity::High
        } else if kl.untouched_share >= 0.2 {
            Severity::Medium
        } else {
            Severity::Low
        };
        let since = a.last_commit.as_deref().unwrap_or("?");
        let handed = kl.files - kl.untouched;
        findings.push(
            Finding::new(
                "knowledge-loss",
                severity,
                format!(
                    "{} of {} product files ({}) were written by people who made no commit in the year before the last commit ({since}); {}.",
                    kl.files,
                    a.files_considered,
                    percent(kl.share),
                    if kl.untouched == 0 {
                        "people still active have since changed every one of them".to_owned()
                    } else if handed == 0 {
                        "nobody still active has ever changed them".to_owned()
                    } else {
                        format!(
                            "nobody still active has ever changed {} of them, people still active have since changed the other {handed}",
                            kl.untouched
                        )
                    },
                ),
                "Find who maintains this code now; have them review and document it, or plan its hand-over or rewrite.",
            )
            .with_evidence(kl.sample.join(", ")),
        );
        departed_findings(&kl.departed_authors, a.files_considered, &mut findings);
    }

    // Activity: the snapshot's age against the audit's clock; the team up to the last commit.
    let human_idle = a.human_idle_days.unwrap_or(a.snapshot_age_days);
    if human_idle > DORMANT_DAYS {
        tally.deduct(DORMANT_YEAR, "no commit by a person in a year");
        findings.push(Finding::new(
            "dormant",
            Severity::High,
            format!(
                "The repository has had no commit by a person since {} ({} before this audit).",
                a.last_human_commit.as_deref().unwrap_or("?"),
                age(human_idle)
            ),
            "Find out whether a newer history exists and who can maintain the code today before relying on it.",
        ));
    } else if a.active_90d == 0 {
        tally.deduct(QUIET_QUARTER, "only bots committed in the last 90 days");
        findings.push(Finding::new(
            "quiet",
            Severity::Medium,
            format!(
                "Only bots committed in the 90 days up to the last commit ({}); the last commit by a person is from {}.",
                a.last_commit.as_deref().unwrap_or("?"),
                a.last_human_commit.as_deref().unwrap_or("?")
            ),
            "Check that the project is still maintained and by whom.",
        ));
    } else if a.snapshot_age_days > OLD_SNAPSHOT_DAYS {
        findings.push(Finding::new(
            "snapshot-age",
            Severity::Info,
            format!(
                "The last commit is from {} ({} before this audit); activity and departures are measured up to it.",
                a.last_commit.as_deref().unwrap_or("?"),
                age(a.snapshot_age_days)
            ),
            "Make sure the audited copy is the current one.",
        ));
    }

    // Files and folders known by one person.
    for f in a.single_owner_folders.iter().take(LISTED) {
        findings.push(
            Finding::new(
                "folder-single-owner",
                if f.owner_active {
                    Severity::Low
                } else {
                    Severity::Medium
                },
                format!(
                    "Only {} has ever committed to {}/ ({}){}.",
                    f.owner,
                    f.folder,
                    plural(f.files, "file", "files"),
                    if f.owner_active {
                        ""
                    } else {
                        ", and they have stopped committing"
                    }
                ),
                "Have a second person review and learn this part of the code.",
            )
            .at(format!("{}/", f.folder), None),
        );
    }
    if !a.single_owner_files.is_empty() {
        let n = a.single_owner_files.len();
        #[allow(clippy::cast_precision_loss)]
        let share = n as f64 / f64::from(a.files_considered.max(1));
        findings.push(Finding::new(
            "files-single-owner",
            Severity::Info,
            format!(
                "{n} of {} code files ({}) have only ever been changed by one person.",
                a.files_considered,
                percent(share)
            ),
            "Rotate reviews so that more than one person knows each file.",
        ));
        for f in a.single_owner_files.iter().take(LISTED) {
            findings.push(
                Finding::new(
                    "file-single-owner",
                    Severity::Info,
                    format!("Only {} has ever committed to this file.", f.owner),
                    "Have a second person review and learn this file.",
                )
                .at(&f.path, None),
            );
        }
    }

    // Releases.
    if a.releases.tags.is_empty() {
        tally.deduct(NO_RELEASES, "no release tags");
        findings.push(Finding::new(
            "no-release-tags",
            Severity::Low,
            "No tag names a release version, so there is no record of what was shipped when.",
            "Tag each release (for example v1.4.0) so that shipped versions can be found and compared.",
        ));
    }

    // Hygiene.
    let hy = &a.hygiene;
    if hy.first_parent_commits >= MIN_FIRST_PARENT && hy.integrated_share < MIN_INTEGRATED_SHARE {
        tally.deduct(DIRECT_PUSHES, "most changes pushed directly");
        findings.push(Finding::new(
            "direct-pushes",
            Severity::Low,
            format!(
                "Only {} of {} commits on the default branch{} ({}) arrived through a merge, a pull request or a review; the rest were pushed directly by their authors.",
                hy.integrated,
                hy.first_parent_commits,
                hy.since.as_deref().map_or_else(String::new, |d| format!(" since {d}")),
                percent(hy.integrated_share)
            ),
            "Protect the default branch and merge changes through reviewed pull requests.",
        ));
    }
    if let Some(imp) = &hy.import {
        tally.deduct(IMPORT, "most of the code arrived in one import commit");
        findings.push(
            Finding::new(
                "history-import",
                Severity::Low,
                format!(
                    "Commit {} by {} on {} created {} of the current files: the code was imported, and its earlier history and authors are not visible.",
                    imp.id, imp.author, imp.date, imp.current_files_created
                ),
                "Ask for the original repository's history to see who really wrote the code.",
            )
            .with_evidence(format!("{} {}", imp.id, imp.subject)),
        );
    }
    for c in hy
        .largest_commits
        .iter()
        .filter(|c| c.files_changed >= LARGE_COMMIT_FILES)
        .take(5)
    {
        findings.push(
            Finding::new(
                "very-large-commit",
                Severity::Info,
                format!(
                    "Commit {} by {} on {} changed {} files.",
                    c.id, c.author, c.date, c.files_changed
                ),
                "Very large commits cannot be reviewed; prefer small, reviewed changes.",
            )
            .with_evidence(format!("{} {}", c.id, c.subject)),
        );
    }

    // CODEOWNERS.
    match &a.codeowners {
        None => {
            tally.deduct(NO_CODEOWNERS, "no CODEOWNERS");
            findings.push(Finding::new(
                "codeowners-missing",
                Severity::Low,
                "There is no CODEOWNERS file naming who is responsible for each part of the code.",
                "Add a CODEOWNERS file (in .github/, the root or docs/) that assigns every folder to a person or team.",
            ));
        }
        Some(co) if co.share < MIN_CODEOWNERS_SHARE => {
            tally.deduct(PARTIAL_CODEOWNERS, "CODEOWNERS covers under half the code");
            findings.push(
                Finding::new(
                    "codeowners-partial",
                    Severity::Low,
                    format!(
                        "CODEOWNERS assigns an owner to {} of {} code files ({}).",
                        co.files_covered,
                        co.files,
                        percent(co.share)
                    ),
                    "Extend CODEOWNERS so every folder has an owner.",
                )
                .at(&co.path, None),
            );
        }
        Some(_) => {}
    }

    let mut summary = format!(
        "{} {} made {} since {}",
        a.people,
        if a.people == 1 { "person" } else { "people" },
        plural(a.commits - a.bot_commits, "commit", "commits"),
        a.first_commit.as_deref().unwrap_or("?"),
    );
    if let Some(bf) = &a.bus_factor {
        summary.push_str(&format!(
            "; bus factor {} ({})",
            bf.value,
            names(&bf.key_people)
        ));
    }
    summary.push_str(&format!(
        "; {} active in the 90 days up to the last commit ({}), {} in the year",
        a.active_90d,
        a.last_commit.as_deref().unwrap_or("?"),
        a.active_365d
    ));
    if kl.files > 0 {
        summary.push_str(&format!(
            "; {} of the code was written by people who have left",
            percent(kl.share)
        ));
    }
    summary.push('.');
    Evaluation::scored(tally.score(), summary, &tally, findings)
}

#[cfg(test)]
mod tests;

/// The people who left: one finding each for those who author a share of the code worth asking
/// about (the largest first, at most [`LISTED`]), one for all the others (a person who wrote one
/// file of hundreds is not a finding of their own).
fn departed_findings(
    departed: &[DepartedAuthor],
    files_considered: u32,
    findings: &mut Vec<Finding>,
) {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let least =
        ((f64::from(files_considered) * DEPARTED_SHARE).ceil() as u32).max(DEPARTED_MIN_FILES);
    let mut by_files: Vec<&DepartedAuthor> = departed.iter().collect();
    by_files.sort_by(|a, b| b.files.cmp(&a.files).then_with(|| a.name.cmp(&b.name)));
    let mut named = by_files
        .iter()
        .take(LISTED)
        .take_while(|d| d.files >= least)
        .count();
    // One other is named as the others are.
    if by_files.len() == named + 1 {
        named += 1;
    }
    for d in &by_files[..named] {
        findings.push(Finding::new(
            "author-departed",
            Severity::Low,
            format!(
                "{} authors {} and made their last commit on {}.",
                d.name,
                plural(d.files, "file", "files"),
                d.last_commit
            ),
            REACH_THEM,
        ));
    }
    let others = &by_files[named..];
    let (Some(most), Some(fewest)) = (others.first(), others.last()) else {
        return;
    };
    let mut names: Vec<&str> = others
        .iter()
        .take(DEPARTED_NAMED)
        .map(|d| d.name.as_str())
        .collect();
    let more = others.len() - names.len();
    if more > 0 {
        names.push("…");
    }
    let files = if most.files == fewest.files {
        plural(most.files, "file", "files")
    } else {
        format!("{} to {} files", fewest.files, most.files)
    };
    findings.push(Finding::new(
        "author-departed",
        Severity::Low,
        format!(
            "{} other people who made no commit in the year before the last commit author {files} each ({}).",
            others.len(),
            names.join(", ")
        ),
        REACH_THEM,
    ));
}
