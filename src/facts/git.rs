//! Git metadata of the target, read with gix. Nothing from the repository is executed (no hooks,
//! no filters), and only the target's own `.git` is opened: no discovery upwards, so a folder
//! inside some other repository is not mistaken for that repository.

use std::path::Path;

use serde::Serialize;

use super::Warning;

/// What the audit reports about the target's repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GitFacts {
    /// The commit checked out, or `None` for a repository without commits.
    pub head: Option<String>,
    /// The branch checked out, or `None` when HEAD is detached.
    pub branch: Option<String>,
    /// Whether the clone is shallow (history cut off).
    pub shallow: bool,
}

/// Reads HEAD and the branch when `root/.git` exists. Problems become a warning.
pub fn collect(root: &Path, warnings: &mut Vec<Warning>) -> Option<GitFacts> {
    if !root.join(".git").exists() {
        return None;
    }
    let repo = match open(root) {
        Ok(repo) => repo,
        Err(e) => {
            warnings.push(Warning {
                path: Some(".git".into()),
                message: format!("cannot read the git repository: {e}"),
            });
            return None;
        }
    };
    let head = repo.head_id().ok().map(|id| id.to_string());
    let branch = repo
        .head_name()
        .ok()
        .flatten()
        .map(|name| name.shorten().to_string());
    Some(GitFacts {
        head,
        branch,
        shallow: repo.is_shallow().unwrap_or(false),
    })
}

/// The regular files git tracks (the index), relative to the root with `/` separators, sorted;
/// `None` when `root` has no readable repository. Symlinks and submodules are left out.
#[must_use]
pub fn tracked_files(root: &Path) -> Option<Vec<String>> {
    if !root.join(".git").exists() {
        return None;
    }
    let repo = open(root).ok()?;
    let index = repo.index_or_empty().ok()?;
    let file = gix::index::entry::Mode::FILE;
    let exe = gix::index::entry::Mode::FILE_EXECUTABLE;
    let mut out: Vec<String> = index
        .entries()
        .iter()
        .filter(|e| e.mode == file || e.mode == exe)
        .map(|e| e.path(&index).to_string())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// Opens the repository at `root` in isolation: no system, global or environment configuration,
/// and no discovery of parent directories.
///
/// # Errors
/// When `root` is not a readable git repository.
pub fn open(root: &Path) -> Result<gix::Repository, Box<dyn std::error::Error + Send + Sync>> {
    // With `open_path_as_is`, gix takes the path for the git directory itself (or a `.git`
    // file of a linked work tree), so name `root/.git` rather than the work tree.
    // Content over 1 MiB is not diffed: rename detection matches such files by identical
    // content only (a data file's versions are not compared line by line), whatever the
    // repository's own configuration says.
    let opts = gix::open::Options::isolated()
        .open_path_as_is(true)
        .config_overrides(["core.bigFileThreshold=1m"]);
    gix::open_opts(root.join(".git"), opts).map_err(Into::into)
}

/// The commits at a shallow clone's boundary (their parents are not in the repository, nor to
/// be looked for); none for a full clone.
#[must_use]
pub fn shallow_boundary(repo: &gix::Repository) -> gix::hashtable::HashSet<gix::ObjectId> {
    repo.shallow_commits()
        .ok()
        .flatten()
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default()
}
