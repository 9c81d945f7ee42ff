//! The git history of the target: who committed what, when, and which files each commit
//! touched, read in one pass with gix.
//!
//! [`collect`] walks every commit reachable from HEAD once. For each non-merge commit it diffs
//! the commit's tree against its parent's tree (tree entries only, never blob contents), so the
//! cost grows with the number of commits and the size of what they changed, not with the size of
//! the files. From those changes it keeps, for every file of the current tree, who created it
//! and how many commits each person made to it: the inputs of the degree-of-authorship model in
//! [`analysis`]. Nothing from the repository is executed (no hooks, no filters, no `git`
//! binary), only the target's own `.git` is opened, and the `.mailmap` is read from the HEAD
//! commit, not from a path that configuration could point elsewhere.
//!
//! Authors are unified by `.mailmap`, then by equal e-mail address or equal name ([`people`]);
//! bots are recognised by name and address and kept apart from people.

pub mod analysis;
pub mod people;
mod read;

use std::path::Path;

use serde::Serialize;

use super::Warning;

pub use analysis::{analyze, TeamAnalysis};

/// What the history says, for every commit reachable from HEAD.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HistoryFacts {
    /// Whether the clone is shallow: history before the boundary is missing.
    pub shallow: bool,
    /// People and bots, after `.mailmap` and alias unification, by index.
    pub people: Vec<Person>,
    /// Every commit reachable from HEAD, newest first (by author time, then id).
    pub commits: Vec<CommitFacts>,
    /// Every file of HEAD's tree with its authorship, sorted by path.
    pub files: Vec<FileAuthorship>,
    /// Every tag that points (through annotated tags) at a commit, sorted by time then name.
    pub tags: Vec<TagFacts>,
    /// How many entries the `.mailmap` of HEAD has (0 when there is none).
    pub mailmap_entries: usize,
}

/// One person (or bot) after unification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The name shown in the report: the name used on the most commits.
    pub name: String,
    /// The e-mail address used on the most commits.
    pub email: String,
    /// Every other `Name <email>` identity joined into this person, sorted.
    pub aliases: Vec<String>,
    /// Whether this is an automation account (excluded from people counts and authorship).
    pub bot: bool,
    /// Commits authored, reachable from HEAD.
    pub commits: u32,
    /// Author time of the first commit (seconds since the epoch).
    pub first: i64,
    /// Author time of the last commit (seconds since the epoch).
    pub last: i64,
}

/// One commit reachable from HEAD.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CommitFacts {
    /// Full hex id.
    pub id: String,
    /// Index into [`HistoryFacts::people`].
    pub author: u32,
    /// Author time (seconds since the epoch).
    pub time: i64,
    /// Committer time: when the change landed (seconds since the epoch).
    pub committed: i64,
    /// Number of parents (0 for a root commit or the shallow boundary, 2+ for a merge).
    pub parents: u32,
    /// Whether it is on the first-parent chain of HEAD (the default branch's own line).
    pub first_parent: bool,
    /// Files added, modified or deleted against the parent (0 for merges, which are not diffed).
    pub files_changed: u32,
    /// Files it created that are still in the current tree.
    pub current_files_created: u32,
    /// The first line of the message, at most 120 characters.
    pub subject: String,
    /// Whether it shows a review: its message carries a code-review trailer (`Reviewed-on:`,
    /// `Change-Id:`, …), or someone other than its author committed it.
    pub reviewed: bool,
}

/// Authorship inputs for one file of the current tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileAuthorship {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Who created it (first authorship), when a human commit did.
    pub creator: Option<u32>,
    /// Commits that changed it after its creation, per person (bots left out), sorted by person.
    pub changes: Vec<(u32, u32)>,
    /// Author time of the last human commit that touched it.
    pub last_change: Option<i64>,
}

impl FileAuthorship {
    /// Every human who created or changed the file, sorted, without repeats.
    #[must_use]
    pub fn contributors(&self) -> Vec<u32> {
        let mut out: Vec<u32> = self.creator.into_iter().collect();
        out.extend(self.changes.iter().map(|(p, _)| *p));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A tag and when it was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TagFacts {
    /// The short tag name (`v1.2.0`).
    pub name: String,
    /// The tagger time of an annotated tag, else the tagged commit's committer time.
    pub time: i64,
    /// The tagged commit (full hex id).
    pub commit: String,
}

/// Reads the history of the repository at `root` when `root/.git` exists, using up to `jobs`
/// threads for the tree diffs. Problems become warnings; `None` when there is no repository or it
/// cannot be read.
pub fn collect(root: &Path, jobs: usize, warnings: &mut Vec<Warning>) -> Option<HistoryFacts> {
    collect_paced(root, jobs, warnings, &|| {})
}

/// [`collect`], calling `before_diffs` once the commits are read and before the tree diffs
/// start (the audit's phases: the commits, a light serial read, are read while other work
/// runs; the diffs, the heavy part, wait for it to end). Not called when the history cannot
/// be read that far.
pub fn collect_paced(
    root: &Path,
    jobs: usize,
    warnings: &mut Vec<Warning>,
    before_diffs: &dyn Fn(),
) -> Option<HistoryFacts> {
    let dot_git = root.join(".git");
    match std::fs::symlink_metadata(&dot_git) {
        Err(_) => return None,
        Ok(meta) if !meta.is_dir() => {
            // A `.git` file or link points at a repository elsewhere; only the audited folder
            // itself is read.
            warnings.push(Warning {
                path: Some(".git".into()),
                message: "`.git` is a file or a link to a repository outside the audited folder; its history is not read".into(),
            });
            return None;
        }
        Ok(_) => {}
    }
    match read::read(root, jobs.max(1), warnings, before_diffs) {
        Ok(history) => Some(history),
        Err(e) => {
            warnings.push(Warning {
                path: Some(".git".into()),
                message: format!("cannot read the git history: {e}"),
            });
            None
        }
    }
}
