//! The git history scan: every blob reachable from any ref, each unique blob once.
//!
//! Commits are enumerated from every reference (branches, tags, remotes, stash, HEAD), oldest
//! first, and their trees walked; a tree already seen is not walked again and a blob already
//! seen is not queued again, so a 10,000-commit history costs about as much as its distinct
//! content. Each queued blob keeps the first commit and path it was seen at (the commit that
//! introduced it). Blobs are then read and scanned in parallel, one repository handle per
//! thread. Nothing from the repository is executed: no hooks, no filters, no attributes.

use std::collections::HashSet;
use std::path::Path;

use gix::ObjectId;
use rayon::prelude::*;

use super::{Engine, SecretHit};
use crate::facts::classify::classify;
use crate::progress::Progress;

/// A secret found in a blob of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryHit {
    /// The commit that introduced the blob (full hex id).
    pub commit: String,
    /// The blob's path in that commit.
    pub path: String,
    /// The hit.
    pub hit: SecretHit,
}

/// What the history scan covered and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryScan {
    /// Commits reachable from any ref.
    pub commits: u64,
    /// Unique blobs scanned.
    pub blobs: u64,
    /// Unique blobs not scanned (too large or binary).
    pub blobs_skipped: u64,
    /// Whether the clone is shallow (history cut off).
    pub shallow: bool,
    /// Hits, one per (rule, secret), at the earliest commit seen; in discovery order.
    pub hits: Vec<HistoryHit>,
}

struct QueuedBlob {
    id: ObjectId,
    path: String,
    commit: usize,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Scans the history of the repository at `root`.
///
/// # Errors
/// When the repository or its references cannot be read. Unreadable single objects are
/// skipped.
pub fn scan(
    root: &Path,
    engine: &Engine,
    max_blob_size: u64,
    progress: &Progress,
) -> Result<HistoryScan, String> {
    scan_inner(root, engine, max_blob_size, progress).map_err(|e| e.to_string())
}

fn scan_inner(
    root: &Path,
    engine: &Engine,
    max_blob_size: u64,
    progress: &Progress,
) -> Result<HistoryScan, BoxError> {
    let mut repo = crate::facts::git::open(root)?;
    repo.object_cache_size_if_unset(32 * 1024 * 1024);
    let shallow = repo.is_shallow().unwrap_or(false);

    let mut tips: Vec<ObjectId> = Vec::new();
    if let Ok(head) = repo.head_id() {
        tips.push(head.detach());
    }
    for reference in repo.references()?.all()? {
        let Ok(mut reference) = reference else {
            continue;
        };
        if let Ok(commit) = reference.peel_to_commit() {
            tips.push(commit.id);
        }
    }
    tips.sort_unstable();
    tips.dedup();
    if tips.is_empty() {
        return Ok(HistoryScan {
            shallow,
            ..HistoryScan::default()
        });
    }

    let spinner = progress.spinner("commits");
    let mut commits: Vec<(ObjectId, ObjectId)> = Vec::new();
    for info in repo.rev_walk(tips.iter().copied()).all()? {
        let Ok(info) = info else { continue };
        let Ok(commit) = info.object() else { continue };
        let Ok(tree) = commit.tree_id() else { continue };
        commits.push((info.id, tree.detach()));
        spinner.inc(1);
    }
    spinner.finish_and_clear();
    // Oldest first, so that a blob is attributed to the commit that introduced it.
    commits.reverse();

    let mut seen_trees: HashSet<ObjectId> = HashSet::new();
    let mut seen_blobs: HashSet<ObjectId> = HashSet::new();
    let mut queue: Vec<QueuedBlob> = Vec::new();
    for (index, (_, tree)) in commits.iter().enumerate() {
        let mut stack: Vec<(ObjectId, String)> = vec![(*tree, String::new())];
        while let Some((tree_id, prefix)) = stack.pop() {
            if !seen_trees.insert(tree_id) {
                continue;
            }
            let Ok(tree) = repo.find_tree(tree_id) else {
                continue;
            };
            for entry in tree.iter() {
                let Ok(entry) = entry else { continue };
                let mode = entry.mode();
                let name = String::from_utf8_lossy(entry.filename());
                let path = if prefix.is_empty() {
                    name.into_owned()
                } else {
                    format!("{prefix}/{name}")
                };
                let id = entry.oid().to_owned();
                if mode.is_tree() {
                    stack.push((id, path));
                } else if mode.is_blob() && seen_blobs.insert(id) {
                    queue.push(QueuedBlob {
                        id,
                        path,
                        commit: index,
                    });
                }
            }
        }
    }
    drop(seen_trees);
    drop(seen_blobs);

    let bar = progress.bar("history", queue.len() as u64);
    let sync = repo.into_sync();
    let results: Vec<(bool, Vec<SecretHit>)> = queue
        .par_iter()
        .map_init(
            || {
                let mut r = sync.to_thread_local();
                r.object_cache_size_if_unset(16 * 1024 * 1024);
                r
            },
            |repo: &mut gix::Repository, blob| {
                let out = scan_blob(repo, engine, blob, max_blob_size);
                bar.inc(1);
                out
            },
        )
        .collect();
    bar.finish_and_clear();

    let mut scan = HistoryScan {
        commits: commits.len() as u64,
        shallow,
        ..HistoryScan::default()
    };
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (blob, (scanned, hits)) in queue.iter().zip(results) {
        if scanned {
            scan.blobs += 1;
        } else {
            scan.blobs_skipped += 1;
        }
        for hit in hits {
            if seen.insert((hit.rule.clone(), hit.fingerprint.clone())) {
                scan.hits.push(HistoryHit {
                    commit: commits[blob.commit].0.to_string(),
                    path: blob.path.clone(),
                    hit,
                });
            }
        }
    }
    Ok(scan)
}

/// Reads and scans one blob; `(scanned, hits)`. Path-only rules apply to every blob, scanned
/// or not (a keystore is binary).
fn scan_blob(
    repo: &gix::Repository,
    engine: &Engine,
    blob: &QueuedBlob,
    max_blob_size: u64,
) -> (bool, Vec<SecretHit>) {
    let mut hits: Vec<SecretHit> = engine
        .path_hits(&blob.path)
        .map(|rule| path_hit(rule, &blob.path))
        .collect();
    let too_large = repo
        .find_header(blob.id)
        .map_or(true, |h| h.size() > max_blob_size);
    if too_large {
        return (false, hits);
    }
    let Ok(object) = repo.find_blob(blob.id) else {
        return (false, hits);
    };
    let buf = &object.data;
    if buf[..buf.len().min(8 * 1024)].contains(&0) {
        return (false, hits);
    }
    let kind = classify(&blob.path, None);
    let content_hits = super::scan_buffer(engine, buf, &blob.path, kind);
    if !content_hits.is_empty() {
        // The content names the secret precisely; the file-name rule would repeat it.
        hits.clear();
    }
    hits.extend(content_hits);
    (true, hits)
}

/// A hit for a file that is itself a secret. Its fingerprint is its path: the same file in the
/// tree and in the history is the same finding.
#[must_use]
pub fn path_hit(rule: &super::engine::Rule, path: &str) -> SecretHit {
    SecretHit {
        rule: rule.spec.id.clone(),
        line: 0,
        fingerprint: super::engine::fingerprint(format!("path:{path}").as_bytes()),
        redacted: String::new(),
        severity: rule.spec.severity,
        inline_allowed: false,
        note: None,
        confidence: rule.confidence(),
    }
}
