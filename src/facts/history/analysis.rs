//! What the history means for the team: activity, bus factor, knowledge loss, ownership and
//! hygiene. A pure function of [`RepoFacts`] (the clock is `facts.now`), shared by the `team`
//! check, which scores it, and by the report's inventory, which charts it.
//!
//! **Authorship** follows the degree-of-authorship model of Fritz et al. as used for the truck
//! factor by Avelino et al. (2016): for a person `d` and a file `f`,
//! `DOA = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC)`, where `FA` is 1 when `d` created `f`,
//! `DL` is the number of later commits by `d` that changed `f`, and `AC` the number of later
//! commits by others. The authors of `f` are the people whose DOA is at least 0.75 of the
//! file's highest DOA and at least 3.293; when nobody passes, the highest is the author.
//!
//! **Bus factor**: authors are ranked by the number of files they author; the top ones are
//! removed one by one until more than half of the files have no author left. The bus factor is
//! how many were removed: the smallest group whose departure leaves most of the code without
//! anyone who knows it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{CommitFacts, HistoryFacts};
use crate::facts::roles::Role;
use crate::facts::{FileFacts, FileKind, RepoFacts};

/// DOA constant term.
const DOA_BASE: f64 = 3.293;
/// DOA weight of first authorship.
const DOA_FA: f64 = 1.098;
/// DOA weight of deliveries.
const DOA_DL: f64 = 0.164;
/// DOA weight of acceptances (of `ln(1 + AC)`).
const DOA_AC: f64 = 0.321;
/// Share of the file's highest DOA from which a person is an author.
const DOA_NORMALISED: f64 = 0.75;
/// Someone with no commit in this many days before the last commit has left the project (as in
/// Avelino et al.'s later study of truck-factor developers who leave, ESEM 2019).
pub const DEPARTED_DAYS: i64 = 365;
/// Months in the activity chart.
pub const CHART_MONTHS: usize = 24;
/// A non-merge commit that changed at least this many files is very large.
pub const LARGE_COMMIT_FILES: u32 = 500;
/// A commit that created at least this many of the current files, and more than half of them,
/// is an import of code written elsewhere.
pub const IMPORT_MIN_FILES: u32 = 50;
/// How many of the largest commits are listed.
const LARGEST_LISTED: usize = 10;

const DAY: i64 = 86_400;

/// A tag that names a version: `v1.2.3`, `1.2`, `release-2.0`, `pkg@1.4.0`, `name-1.2.3`,
/// `rel_1_4_2`, `v7`.
static RELEASE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:.*[-_/@])?(?:v|version|release|rel)?[-_]?\d+(?:[._]\d+)+(?:[-+.].*)?$|^v\d+$",
    )
    .expect("valid regex")
});

/// A subject that says the commit came through a pull or merge request (squash merges).
static PR_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(#\d+\)\s*$|\bpull request #?\d+|\bmerge request !?\d+|^merge pull request")
        .expect("valid regex")
});

/// Everything the report and the check know about the team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamAnalysis {
    /// Whether the clone is shallow (history cut off).
    pub shallow: bool,
    /// Commits reachable from HEAD.
    pub commits: u32,
    /// Date (`YYYY-MM-DD`, UTC) of the oldest visible commit.
    pub first_commit: Option<String>,
    /// Date of the newest commit: the history's own "now". Activity, departures and knowledge
    /// loss are measured up to it, so that an older snapshot reads as it did on that day.
    pub last_commit: Option<String>,
    /// Date of the newest commit by a person (bots left out).
    pub last_human_commit: Option<String>,
    /// Days from the last commit to the audit: the age of the snapshot (0 when the last commit is
    /// dated after the audit's clock).
    pub snapshot_age_days: u32,
    /// Days from the last commit by a person to the audit.
    pub human_idle_days: Option<u32>,
    /// People (bots excluded) who authored commits.
    pub people: u32,
    /// Automation accounts seen, by name.
    pub bots: Vec<String>,
    /// Commits authored by bots.
    pub bot_commits: u32,
    /// People with a commit in the 90 days up to the last commit.
    pub active_90d: u32,
    /// People with a commit in the 365 days up to the last commit.
    pub active_365d: u32,
    /// Commits per calendar month (UTC) over the 24 months up to the last commit, oldest first.
    pub monthly: Vec<MonthActivity>,
    /// Release tags and their cadence.
    pub releases: Releases,
    /// Every person, most commits first.
    pub contributors: Vec<Contributor>,
    /// Files counted for authorship: the product code and its manifests in the current tree
    /// that a person created or changed (not tests, fixtures, documentation, examples, vendored
    /// or generated files), or every such file when there is none.
    pub files_considered: u32,
    /// The bus factor over the files that someone still active knows, counting only the people
    /// still active: whose departure would leave most of the still-known code without an author.
    /// `None` when nobody active authors any file.
    pub bus_factor: Option<BusFactor>,
    /// The truck factor as Avelino et al. define it: over every file considered and every author,
    /// whether still active or not.
    pub bus_factor_all_authors: Option<BusFactor>,
    /// The same truck factor over the study's own file set: every file of a programming or markup
    /// language that is not documentation or examples, vendored, generated or build output, tests
    /// and test data included (the files GitHub Linguist counts in a repository's languages). For
    /// comparison with published truck factors; the audit's figures use the product files.
    #[serde(default)]
    pub bus_factor_study: Option<BusFactor>,
    /// Files only one person has ever committed to, by path.
    pub single_owner_files: Vec<OwnedPath>,
    /// Top-level folders only one person has ever committed to.
    pub single_owner_folders: Vec<OwnedFolder>,
    /// Code whose authors have all stopped committing.
    pub knowledge_loss: KnowledgeLoss,
    /// How changes reach the default branch.
    pub hygiene: Hygiene,
    /// CODEOWNERS coverage, when there is a CODEOWNERS file.
    pub codeowners: Option<Codeowners>,
}

/// One month of the activity chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthActivity {
    /// `YYYY-MM`.
    pub month: String,
    /// Commits authored that month (bots included).
    pub commits: u32,
    /// Of which by bots.
    pub bot_commits: u32,
    /// Distinct people who authored commits that month.
    pub authors: u32,
}

/// Release tags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Releases {
    /// Release tags, oldest first.
    pub tags: Vec<Release>,
    /// Date of the newest release.
    pub last: Option<String>,
    /// Releases in the last 365 days.
    pub last_365d: u32,
    /// Median days between consecutive releases (two releases or more).
    pub median_interval_days: Option<f64>,
}

/// One release tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// Tag name.
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contributor {
    /// Display name.
    pub name: String,
    /// Other identities joined into this person (by `.mailmap`, e-mail or name).
    pub aliases: Vec<String>,
    /// Commits authored.
    pub commits: u32,
    /// Date of the first commit.
    pub first_commit: String,
    /// Date of the last commit.
    pub last_commit: String,
    /// Whether they committed in the year up to the last commit.
    pub active: bool,
    /// Files of the current tree they are an author of (DOA).
    pub files_authored: u32,
}

/// The bus factor and who makes it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusFactor {
    /// Smallest number of people whose departure leaves more than half of the files without an
    /// author.
    pub value: u32,
    /// Those people, in the order they were removed.
    pub key_people: Vec<String>,
    /// Share (0–1) of the files left without an author once they are gone.
    pub orphaned_share: f64,
    /// How many files the value is computed on.
    pub files: u32,
}

/// A file and the one person who ever committed to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedPath {
    /// The file.
    pub path: String,
    /// The person.
    pub owner: String,
}

/// A top-level folder known by one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnedFolder {
    /// The folder (first path component).
    pub folder: String,
    /// The person.
    pub owner: String,
    /// Files considered in it.
    pub files: u32,
    /// Whether the owner committed in the year up to the last commit.
    pub owner_active: bool,
}

/// Code whose authors have all left: knowledge already lost, apart from the bus factor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeLoss {
    /// Files whose every author made no commit in the year up to the last commit.
    pub files: u32,
    /// Their share (0–1) of the files considered.
    pub share: f64,
    /// Of those, files that nobody still active has ever changed: nobody left has worked on them.
    pub untouched: u32,
    /// `untouched` as a share (0–1) of the files considered.
    pub untouched_share: f64,
    /// Authors with no commit in the year up to the last commit, with the files they author.
    pub departed_authors: Vec<DepartedAuthor>,
    /// Some of the files (up to 20, by path).
    pub sample: Vec<String>,
}

/// An author who has stopped committing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartedAuthor {
    /// Display name.
    pub name: String,
    /// Date of their last commit.
    pub last_commit: String,
    /// Files they author.
    pub files: u32,
}

/// How changes reach the default branch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hygiene {
    /// The first day counted: a year before the last commit when that year holds enough
    /// first-parent commits to judge (20), else `None` (the whole history).
    pub since: Option<String>,
    /// Commits on HEAD's first-parent line (since `since`).
    pub first_parent_commits: u32,
    /// Of which merges, squash merges that name a pull or merge request, commits landed by
    /// someone other than their author, and commits with a code-review trailer.
    pub integrated: u32,
    /// `integrated / first_parent_commits` (0 when there are none).
    pub integrated_share: f64,
    /// The largest non-merge commits by files changed (up to 10).
    pub largest_commits: Vec<LargeCommit>,
    /// A commit that created most of the current files: code imported from elsewhere.
    pub import: Option<LargeCommit>,
}

/// A large commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LargeCommit {
    /// Abbreviated id (12 hex digits).
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Author's display name.
    pub author: String,
    /// Files it added, changed or deleted.
    pub files_changed: u32,
    /// Files of the current tree it created.
    pub current_files_created: u32,
    /// First line of its message.
    pub subject: String,
}

/// CODEOWNERS coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Codeowners {
    /// The CODEOWNERS file in effect.
    pub path: String,
    /// Rules with at least one owner.
    pub rules: u32,
    /// Files considered that a rule with owners matches.
    pub files_covered: u32,
    /// Files considered.
    pub files: u32,
    /// `files_covered / files`.
    pub share: f64,
}

/// A `YYYY-MM-DD` UTC date.
#[must_use]
pub fn date(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn month(seconds: i64) -> Option<(i16, i8)> {
    let d = jiff::Timestamp::from_second(seconds)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    Some((d.year(), d.month()))
}

/// Analyses the history in the facts; `None` when there is no history.
#[must_use]
pub fn analyze(facts: &RepoFacts) -> Option<TeamAnalysis> {
    let h = facts.history.as_ref()?;
    let now = facts.now.as_second();
    let human = |p: u32| !h.people[p as usize].bot;
    // The history's own clock: when its last commit landed (never later than the audit's).
    // Activity is when commits landed (committer time), credited to their authors.
    let last = h.commits.iter().map(|c| c.committed).max();
    let as_of = last.map_or(now, |t| t.min(now));
    let mut landed = vec![i64::MIN; h.people.len()];
    for c in &h.commits {
        let l = &mut landed[c.author as usize];
        *l = (*l).max(c.committed);
    }
    let last_human = h
        .commits
        .iter()
        .filter(|c| human(c.author))
        .map(|c| c.committed)
        .max();
    let active_since = as_of - DEPARTED_DAYS * DAY;
    let name = |p: u32| h.people[p as usize].name.clone();
    let active = |p: u32| landed[p as usize] >= active_since;

    // Files considered: in the walk (so excludes apply), with human authorship, product code and
    // its manifests first.
    let walked: BTreeMap<&str, &FileFacts> =
        facts.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let attributed: Vec<&super::FileAuthorship> = h
        .files
        .iter()
        .filter(|f| walked.contains_key(f.path.as_str()) && !f.contributors().is_empty())
        .collect();
    let product: Vec<&super::FileAuthorship> = attributed
        .iter()
        .copied()
        .filter(|f| counts_for_authorship(walked[f.path.as_str()]))
        .collect();
    let study: Vec<&super::FileAuthorship> = attributed
        .iter()
        .copied()
        .filter(|f| counts_for_study(walked[f.path.as_str()]))
        .collect();
    let considered = if product.is_empty() {
        attributed
    } else {
        product
    };

    let authors: Vec<Vec<u32>> = considered.iter().map(|f| doa_authors(f)).collect();
    let authored = files_authored(&authors, h.people.len());
    let to_bus_factor = |(removed, orphaned, files): (Vec<u32>, f64, usize)| BusFactor {
        value: u32::try_from(removed.len()).unwrap_or(u32::MAX),
        key_people: removed.into_iter().map(name).collect(),
        orphaned_share: orphaned,
        files: u32::try_from(files).unwrap_or(u32::MAX),
    };
    let bus_factor_all_authors =
        bus_factor(&authors, &authored).map(|(r, o)| to_bus_factor((r, o, authors.len())));
    let study_authors: Vec<Vec<u32>> = study.iter().map(|f| doa_authors(f)).collect();
    let bus_factor_study = bus_factor(
        &study_authors,
        &files_authored(&study_authors, h.people.len()),
    )
    .map(|(r, o)| to_bus_factor((r, o, study_authors.len())));
    // The bus factor that is still at risk: over the files someone active authors, counting
    // only the active authors. Files whose authors have all left are knowledge already lost.
    let still_known: Vec<Vec<u32>> = authors
        .iter()
        .map(|a| {
            a.iter()
                .copied()
                .filter(|&p| active(p))
                .collect::<Vec<u32>>()
        })
        .filter(|a| !a.is_empty())
        .collect();
    let authored_active = files_authored(&still_known, h.people.len());
    let bus_factor = bus_factor(&still_known, &authored_active)
        .map(|(r, o)| to_bus_factor((r, o, still_known.len())));

    let single_owner_files = considered
        .iter()
        .filter_map(|f| match f.contributors().as_slice() {
            [one] => Some(OwnedPath {
                path: f.path.clone(),
                owner: name(*one),
            }),
            _ => None,
        })
        .collect();
    let mut folders: BTreeMap<&str, (BTreeSet<u32>, u32)> = BTreeMap::new();
    for f in &considered {
        if let Some((top, _)) = f.path.split_once('/') {
            let entry = folders.entry(top).or_default();
            entry.0.extend(f.contributors());
            entry.1 += 1;
        }
    }
    let single_owner_folders = folders
        .into_iter()
        .filter(|(_, (people, _))| people.len() == 1)
        .map(|(folder, (people, files))| {
            let owner = *people.iter().next().expect("one person");
            OwnedFolder {
                folder: folder.to_owned(),
                owner: name(owner),
                files,
                owner_active: active(owner),
            }
        })
        .collect();

    let lost: Vec<&super::FileAuthorship> = considered
        .iter()
        .zip(&authors)
        .filter(|(_, a)| !a.is_empty() && a.iter().all(|&p| !active(p)))
        .map(|(f, _)| *f)
        .collect();
    let untouched = lost
        .iter()
        .filter(|f| f.contributors().iter().all(|&p| !active(p)))
        .count();
    let mut departed_authors: Vec<DepartedAuthor> = (0..h.people.len())
        .filter(|&p| authored[p] > 0 && !active(p as u32))
        .map(|p| DepartedAuthor {
            name: h.people[p].name.clone(),
            last_commit: date(h.people[p].last),
            files: authored[p],
        })
        .collect();
    departed_authors.sort_by(|a, b| b.files.cmp(&a.files).then_with(|| a.name.cmp(&b.name)));
    let knowledge_loss = KnowledgeLoss {
        files: u32::try_from(lost.len()).unwrap_or(u32::MAX),
        share: share(lost.len(), considered.len()),
        untouched: u32::try_from(untouched).unwrap_or(u32::MAX),
        untouched_share: share(untouched, considered.len()),
        departed_authors,
        sample: lost.iter().take(20).map(|f| f.path.clone()).collect(),
    };

    let mut contributors: Vec<Contributor> = h
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.bot && p.commits > 0)
        .map(|(i, p)| Contributor {
            name: p.name.clone(),
            aliases: p.aliases.clone(),
            commits: p.commits,
            first_commit: date(p.first),
            last_commit: date(p.last),
            active: active(u32::try_from(i).unwrap_or(u32::MAX)),
            files_authored: authored[i],
        })
        .collect();
    contributors.sort_by(|a, b| b.commits.cmp(&a.commits).then_with(|| a.name.cmp(&b.name)));

    let active_in = |days: i64| -> u32 {
        let since = as_of - days * DAY;
        let set: BTreeSet<u32> = h
            .commits
            .iter()
            .filter(|c| c.committed >= since && human(c.author))
            .map(|c| c.author)
            .collect();
        u32::try_from(set.len()).unwrap_or(u32::MAX)
    };

    let mut bots: Vec<String> = h
        .people
        .iter()
        .filter(|p| p.bot)
        .map(|p| p.name.clone())
        .collect();
    bots.sort();

    Some(TeamAnalysis {
        shallow: h.shallow,
        commits: u32::try_from(h.commits.len()).unwrap_or(u32::MAX),
        first_commit: h.commits.iter().map(|c| c.time).min().map(date),
        last_commit: last.map(date),
        last_human_commit: last_human.map(date),
        snapshot_age_days: u32::try_from((now - as_of) / DAY).unwrap_or(0),
        human_idle_days: last_human.map(|t| u32::try_from((now - t.min(now)) / DAY).unwrap_or(0)),
        people: u32::try_from(h.people.iter().filter(|p| !p.bot).count()).unwrap_or(u32::MAX),
        bots,
        bot_commits: u32::try_from(h.commits.iter().filter(|c| !human(c.author)).count())
            .unwrap_or(u32::MAX),
        active_90d: active_in(90),
        active_365d: active_in(365),
        monthly: monthly(h, as_of),
        releases: releases(h, as_of),
        contributors,
        files_considered: u32::try_from(considered.len()).unwrap_or(u32::MAX),
        bus_factor,
        bus_factor_all_authors,
        bus_factor_study,
        single_owner_files,
        single_owner_folders,
        knowledge_loss,
        hygiene: hygiene(h, as_of),
        codeowners: codeowners(facts, &considered),
    })
}

/// Whether a file of the tree counts for authorship and the bus factor: product code and its
/// manifests, by the file's role (so tests, fixtures, documentation and examples, vendored,
/// generated and build output are left out, whatever decided the role: path conventions,
/// `.gitattributes`, a generated header or the configuration).
fn counts_for_authorship(f: &FileFacts) -> bool {
    f.role == Role::Product
        && (f.kind.contains(FileKind::SOURCE) || f.kind.contains(FileKind::MANIFEST))
}

/// Whether a file of the tree is in the file set of Avelino et al.'s study: a file of a
/// programming or markup language (what GitHub Linguist counts in a repository's languages) that
/// Linguist does not classify as documentation, vendored or generated. Tests and test data count.
fn counts_for_study(f: &FileFacts) -> bool {
    f.kind.contains(FileKind::SOURCE)
        && matches!(f.role, Role::Product | Role::Test | Role::Fixture)
}

/// How many files each person authors.
fn files_authored(authors: &[Vec<u32>], people: usize) -> Vec<u32> {
    let mut authored = vec![0u32; people];
    for list in authors {
        for &p in list {
            authored[p as usize] += 1;
        }
    }
    authored
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let s = part as f64 / whole as f64;
        s
    }
}

/// The authors of one file by degree of authorship (see the module docs).
#[must_use]
pub fn doa_authors(f: &super::FileAuthorship) -> Vec<u32> {
    let total: u32 = f.changes.iter().map(|(_, n)| n).sum();
    let doa: Vec<(u32, f64)> = f
        .contributors()
        .into_iter()
        .map(|p| {
            let fa = if f.creator == Some(p) { 1.0 } else { 0.0 };
            let dl = f
                .changes
                .iter()
                .find(|(q, _)| *q == p)
                .map_or(0, |(_, n)| *n);
            let ac = total - dl;
            let v = DOA_BASE + DOA_FA * fa + DOA_DL * f64::from(dl)
                - DOA_AC * (1.0 + f64::from(ac)).ln();
            (p, v)
        })
        .collect();
    let Some(max) = doa.iter().map(|(_, v)| *v).reduce(f64::max) else {
        return Vec::new();
    };
    let mut out: Vec<u32> = doa
        .iter()
        .filter(|(_, v)| *v >= DOA_BASE && *v / max >= DOA_NORMALISED)
        .map(|(p, _)| *p)
        .collect();
    if out.is_empty() {
        out = doa
            .iter()
            .filter(|(_, v)| (*v - max).abs() < f64::EPSILON)
            .map(|(p, _)| *p)
            .collect();
    }
    out
}

/// Avelino's greedy truck factor: the people removed (most files first) until more than half
/// of the files are orphans, and the orphaned share then.
fn bus_factor(authors: &[Vec<u32>], authored: &[u32]) -> Option<(Vec<u32>, f64)> {
    if authors.is_empty() {
        return None;
    }
    let mut ranked: Vec<u32> = (0..authored.len())
        .filter(|&p| authored[p] > 0)
        .map(|p| u32::try_from(p).unwrap_or(u32::MAX))
        .collect();
    // Most files first; ties by person index (people are numbered in order of first appearance
    // from HEAD, so this is deterministic).
    ranked.sort_by(|&a, &b| {
        authored[b as usize]
            .cmp(&authored[a as usize])
            .then(a.cmp(&b))
    });
    let mut removed: BTreeSet<u32> = BTreeSet::new();
    let mut order = Vec::new();
    for p in ranked {
        removed.insert(p);
        order.push(p);
        let orphans = authors
            .iter()
            .filter(|a| a.iter().all(|q| removed.contains(q)))
            .count();
        if orphans * 2 > authors.len() {
            return Some((order, share(orphans, authors.len())));
        }
    }
    Some((order, 1.0))
}

fn monthly(h: &HistoryFacts, now: i64) -> Vec<MonthActivity> {
    let Some((mut y, mut m)) = month(now) else {
        return Vec::new();
    };
    let mut months: Vec<(i16, i8)> = Vec::with_capacity(CHART_MONTHS);
    for _ in 0..CHART_MONTHS {
        months.push((y, m));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    months.reverse();
    let mut buckets: BTreeMap<(i16, i8), (u32, u32, BTreeSet<u32>)> = months
        .iter()
        .map(|k| (*k, (0, 0, BTreeSet::new())))
        .collect();
    for c in &h.commits {
        let Some(key) = month(c.time) else { continue };
        if let Some(b) = buckets.get_mut(&key) {
            b.0 += 1;
            if h.people[c.author as usize].bot {
                b.1 += 1;
            } else {
                b.2.insert(c.author);
            }
        }
    }
    buckets
        .into_iter()
        .map(|((y, m), (commits, bot_commits, people))| MonthActivity {
            month: format!("{y:04}-{m:02}"),
            commits,
            bot_commits,
            authors: u32::try_from(people.len()).unwrap_or(u32::MAX),
        })
        .collect()
}

/// Whether a tag name names a version.
#[must_use]
pub fn is_release_tag(name: &str) -> bool {
    RELEASE_TAG.is_match(name)
}

fn releases(h: &HistoryFacts, now: i64) -> Releases {
    let tags: Vec<&super::TagFacts> = h.tags.iter().filter(|t| is_release_tag(&t.name)).collect();
    let mut gaps: Vec<f64> = tags
        .windows(2)
        .map(|w| {
            #[allow(clippy::cast_precision_loss)]
            let days = (w[1].time - w[0].time) as f64 / DAY as f64;
            days
        })
        .collect();
    gaps.sort_by(f64::total_cmp);
    let median = if gaps.is_empty() {
        None
    } else if gaps.len() % 2 == 1 {
        Some(gaps[gaps.len() / 2])
    } else {
        Some(f64::midpoint(
            gaps[gaps.len() / 2 - 1],
            gaps[gaps.len() / 2],
        ))
    };
    Releases {
        last: tags.last().map(|t| date(t.time)),
        last_365d: u32::try_from(tags.iter().filter(|t| t.time >= now - 365 * DAY).count())
            .unwrap_or(u32::MAX),
        median_interval_days: median.map(|d| (d * 10.0).round() / 10.0),
        tags: tags
            .iter()
            .map(|t| Release {
                name: t.name.clone(),
                date: date(t.time),
            })
            .collect(),
    }
}

/// Whether a commit on the default branch arrived through a merge, a pull request or a code
/// review tool (a `Reviewed-on:` or `Change-Id:` trailer).
#[must_use]
pub fn is_integrated(c: &CommitFacts) -> bool {
    c.parents >= 2 || c.reviewed || PR_SUBJECT.is_match(&c.subject)
}

/// How changes reach the default branch is judged on the year up to the last commit, when it
/// holds at least this many first-parent commits.
const HYGIENE_MIN_COMMITS: usize = 20;

fn hygiene(h: &HistoryFacts, as_of: i64) -> Hygiene {
    let all: Vec<&CommitFacts> = h.commits.iter().filter(|c| c.first_parent).collect();
    let since = as_of - 365 * DAY;
    let recent: Vec<&CommitFacts> = all
        .iter()
        .copied()
        .filter(|c| c.committed >= since)
        .collect();
    let (fp, since) = if recent.len() >= HYGIENE_MIN_COMMITS {
        (recent, Some(date(since)))
    } else {
        (all, None)
    };
    let integrated = fp.iter().filter(|c| is_integrated(c)).count();
    let large = |c: &CommitFacts| LargeCommit {
        id: c.id.chars().take(12).collect(),
        date: date(c.time),
        author: h.people[c.author as usize].name.clone(),
        files_changed: c.files_changed,
        current_files_created: c.current_files_created,
        subject: c.subject.clone(),
    };
    let mut by_size: Vec<&CommitFacts> = h
        .commits
        .iter()
        .filter(|c| c.parents < 2 && c.files_changed > 0)
        .collect();
    by_size.sort_by(|a, b| {
        b.files_changed
            .cmp(&a.files_changed)
            .then_with(|| a.time.cmp(&b.time))
    });
    let current = h.files.len();
    let import = h
        .commits
        .iter()
        .filter(|c| {
            c.current_files_created >= IMPORT_MIN_FILES
                && (c.current_files_created as usize) * 2 > current
        })
        .max_by_key(|c| c.current_files_created)
        .map(large);
    Hygiene {
        since,
        first_parent_commits: u32::try_from(fp.len()).unwrap_or(u32::MAX),
        integrated: u32::try_from(integrated).unwrap_or(u32::MAX),
        integrated_share: share(integrated, fp.len()),
        largest_commits: by_size
            .into_iter()
            .take(LARGEST_LISTED)
            .map(large)
            .collect(),
        import,
    }
}

/// Where GitHub and GitLab look for CODEOWNERS, in the order GitHub uses.
const CODEOWNERS_PATHS: &[&str] = &[
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

fn codeowners(facts: &RepoFacts, considered: &[&super::FileAuthorship]) -> Option<Codeowners> {
    let file = CODEOWNERS_PATHS.iter().find_map(|p| facts.file(p))?;
    let text = file.text.as_deref().unwrap_or("");
    let rules = codeowners_rules(text);
    let covered = considered
        .iter()
        .filter(|f| {
            rules
                .iter()
                .rev()
                .find(|(m, _)| m.matched_path_or_any_parents(&f.path, false).is_ignore())
                .is_some_and(|(_, owned)| *owned)
        })
        .count();
    Some(Codeowners {
        path: file.path.clone(),
        rules: u32::try_from(rules.iter().filter(|(_, owned)| *owned).count()).unwrap_or(u32::MAX),
        files_covered: u32::try_from(covered).unwrap_or(u32::MAX),
        files: u32::try_from(considered.len()).unwrap_or(u32::MAX),
        share: share(covered, considered.len()),
    })
}

/// CODEOWNERS rules in file order: a gitignore-style matcher and whether it names owners.
fn codeowners_rules(text: &str) -> Vec<(ignore::gitignore::Gitignore, bool)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty()
                || line.starts_with('#')
                || line.starts_with('[')
                || line.starts_with("^[")
            {
                return None;
            }
            let mut parts = line.split_whitespace();
            let pattern = parts.next()?;
            let owned = parts.take_while(|p| !p.starts_with('#')).next().is_some();
            let mut b = ignore::gitignore::GitignoreBuilder::new("");
            b.add_line(None, pattern).ok()?;
            Some((b.build().ok()?, owned))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::FileAuthorship;
    use super::*;

    fn file(creator: u32, changes: &[(u32, u32)]) -> FileAuthorship {
        FileAuthorship {
            path: "f".into(),
            creator: Some(creator),
            changes: changes.to_vec(),
            last_change: None,
        }
    }

    #[test]
    fn creator_alone_is_the_author() {
        assert_eq!(doa_authors(&file(0, &[])), vec![0]);
        assert_eq!(doa_authors(&file(0, &[(0, 5)])), vec![0]);
    }

    #[test]
    fn a_few_edits_by_others_do_not_make_an_author() {
        // Creator: 3.293 + 1.098 − 0.321·ln(4) = 3.946; other: 3.293 + 0.492 = 3.785 ≥ 0.75 ·
        // 3.946 → both authors.
        assert_eq!(doa_authors(&file(0, &[(1, 3)])), vec![0, 1]);
        // One edit by someone else: 3.293 + 0.164 − 0 = 3.457 and the creator 4.168: both.
        assert_eq!(doa_authors(&file(0, &[(1, 1)])), vec![0, 1]);
        // A heavy maintainer takes over: creator 3.293 + 1.098 − 0.321·ln(31) = 3.289 < 3.293.
        assert_eq!(doa_authors(&file(0, &[(1, 30)])), vec![1]);
    }

    #[test]
    fn bus_factor_removes_until_most_files_are_orphans() {
        // Person 0 authors 3 of 5 files alone: removing them orphans 3/5 > half.
        let authors = vec![vec![0], vec![0], vec![0], vec![1], vec![1, 2]];
        let authored = vec![3, 2, 1];
        assert_eq!(bus_factor(&authors, &authored), Some((vec![0], 0.6)));
        // Two equal halves and a shared file: both must go.
        let authors = vec![vec![0], vec![0], vec![1], vec![1], vec![0, 1]];
        let authored = vec![3, 3];
        assert_eq!(bus_factor(&authors, &authored), Some((vec![0, 1], 1.0)));
        assert_eq!(bus_factor(&[], &[]), None);
    }

    #[test]
    fn release_tags() {
        for t in [
            "v1.2.3",
            "1.0",
            "release-2.0",
            "pkg@1.4.0",
            "v7",
            "v2.0.0-rc.1",
            "version_3.1",
            "rel_1_4_2",
            "REL_2_0",
            "release-1.2",
            "1.2.3",
            "name-1.2.3",
            "name@1.2.3",
            "go/v1.22.0",
        ] {
            assert!(is_release_tag(t), "{t}");
        }
        for t in [
            "latest",
            "before-refactor",
            "v",
            "build42",
            "rel_candidate",
            "nightly",
        ] {
            assert!(!is_release_tag(t), "{t}");
        }
    }

    #[test]
    fn integrated_commits() {
        let c = |parents, subject: &str| CommitFacts {
            parents,
            subject: subject.into(),
            ..CommitFacts::default()
        };
        assert!(is_integrated(&c(2, "Merge branch 'x'")));
        assert!(is_integrated(&c(1, "Add login (#42)")));
        assert!(is_integrated(&c(1, "Merged in feature (pull request #7)")));
        assert!(!is_integrated(&c(1, "Fix typo")));
        let reviewed = CommitFacts {
            reviewed: true,
            ..c(1, "Fix the parser")
        };
        assert!(is_integrated(&reviewed));
    }

    #[test]
    fn codeowners_last_match_wins() {
        let rules = codeowners_rules("# owners\n* @team\n/docs/ \nsrc/legacy/ @old\n");
        let owner = |path: &str| {
            rules
                .iter()
                .rev()
                .find(|(m, _)| m.matched_path_or_any_parents(path, false).is_ignore())
                .map(|(_, o)| *o)
        };
        assert_eq!(owner("src/main.rs"), Some(true));
        assert_eq!(owner("docs/a.md"), Some(false));
        assert_eq!(owner("src/legacy/x.rs"), Some(true));
    }
}
