//! The git history scan: every blob reachable from any ref, each unique blob once, and of each
//! blob only what its path's previous version did not already hold.
//!
//! Commits are enumerated from every reference (branches, tags, remotes, stash, HEAD), oldest
//! first, and their trees walked; a tree already seen is not walked again and a blob already
//! seen is not queued again. Each queued blob keeps the first commit and path it was seen at
//! (the commit that introduced it).
//!
//! Successive versions of a file share nearly all their lines, so the blobs are grouped by that
//! first path into *chains* (the versions of one path, oldest first) and each chain is read in
//! order by one thread, chains in parallel. A version is split into lines and each line hashed
//! (64 bits); the lines whose hash no earlier version of the chain held are *new* (versions on
//! other branches interleave, so the comparison is with every line seen at the path, not with
//! one previous version), and only windows around them are searched: every new line with [`CONTEXT_LINES`] lines before and
//! after, so that a match spanning a few lines, a key on the line above its value and an AWS key
//! ID's secret within 20 lines are seen as in a full scan. Keywords are looked for only on the
//! new lines and [`KEYWORD_CONTEXT_LINES`] around them (a rule's keyword is part of its match),
//! and the rules they trigger, with the rules paired with those, search the whole window: one
//! isolated new line costs a keyword pass over 7 lines, not 41. A match must take in a new line
//! (one on old lines only was searched for with the version that brought them). A version is searched in full when it
//! is the first of its chain, when it holds a private key marker (a PEM block can be longer
//! than the windows), when the windows would cover most of it anyway, or when it has more than
//! [`Limits::max_lines`] lines. The set of lines seen at a path is bounded by
//! [`Limits::max_lines`] too: when a version would take it past the bound, it restarts from that
//! version's lines alone (a version over the bound keeps none, and the next one is searched in
//! full). Every line of a version is thus searched in that version or in an earlier version of
//! the same path (the same file type, so the same rules).
//!
//! A secret found once is reported once, at the earliest blob (in commit order) that holds it,
//! with the number of commits that wrote a version of a file holding it and the number of
//! paths it was seen at. A version *holds* a secret found in an earlier version of its chain
//! when it still has every line the secret spanned.
//!
//! Memory: the commit list and the blob queue (ids, paths, commit indices; no contents), and
//! per thread one blob, its line hashes and the bounded set of lines seen at its path. Nothing from the repository is executed: no hooks, no filters, no attributes.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::rc::Rc;

use gix::object::Kind;
use gix::ObjectId;

use super::{Engine, SecretHit};
use crate::facts::classify::classify;
use crate::facts::packread::{self, Packs, Read, Reader};
use crate::facts::FileKind;
use crate::progress::Progress;

/// Lines of context searched before and after each new line: the distance within which an
/// identifier's secret counts as its pair, and room for matches that span lines.
pub const CONTEXT_LINES: usize = 20;

/// Lines around each new line where keywords are looked for: a rule's keyword is part of what
/// it matches, and a match spans a few lines at most (a key on the line above its value);
/// the rules so triggered then search the whole window.
const KEYWORD_CONTEXT_LINES: usize = 3;

/// Markers of secrets that can span more lines than the context windows (PEM and PGP private
/// key blocks, SSH2 keys, `PuTTY` key files): a version holding one is searched in full.
const MULTILINE_MARKERS: &[&[u8]] = &[b"PRIVATE KEY", b"PuTTY-User-Key-File"];

/// The largest tree read from the packs (larger ones are read by the object database).
const TREE_LIMIT: u64 = 64 * 1024 * 1024;

/// Delta-base cache per scanning thread for the blobs that the pack reader leaves to the object
/// database (loose objects, deltas against an object by id; gix's default is 96 MiB per handle).
const PACK_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// The fewest versions in a piece of a chain cut for the threads ([`pieces`]).
const MIN_PIECE: usize = 16;

/// Bounds of the history scan.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Blobs larger than this (bytes) are not scanned.
    pub max_blob_size: u64,
    /// Most line hashes kept per path. A version with more lines is searched in full and keeps
    /// none, so the next version of its path is searched in full too; a version that would take
    /// the set past the bound restarts it from its own lines.
    pub max_lines: usize,
}

impl Limits {
    /// The default bound on line hashes per path: 262,144 lines (about 4 MiB per thread).
    pub const MAX_LINES: usize = 1 << 18;

    /// The default limits for blobs up to `max_blob_size` bytes.
    #[must_use]
    pub fn new(max_blob_size: u64) -> Self {
        Limits {
            max_blob_size,
            max_lines: Self::MAX_LINES,
        }
    }
}

/// A secret found in a blob of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryHit {
    /// The commit that introduced it: the earliest commit (oldest first, in commit graph order)
    /// whose new blob holds it (full hex id).
    pub commit: String,
    /// The author time of that commit (seconds since the epoch; 0 when unreadable).
    pub time: i64,
    /// The author of that commit (`Name <email>` as written; empty when unreadable).
    pub author: String,
    /// The blob's path in that commit.
    pub path: String,
    /// The hit.
    pub hit: SecretHit,
    /// How many commits wrote a version of a file holding the secret (the one that introduced
    /// it, then each commit that changed such a file and kept it).
    pub commits: u32,
    /// At how many distinct paths it was seen.
    pub paths: u32,
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
    /// Blobs searched in full (the first version of a path, private key markers, most lines
    /// new, or more lines than the bound).
    pub blobs_full: u64,
    /// Lines of the scanned blobs.
    pub lines: u64,
    /// Lines searched (new lines, their context, and blobs searched in full).
    pub lines_searched: u64,
    /// Whether the clone is shallow (history cut off).
    pub shallow: bool,
    /// Hits, one per (rule, secret), at the earliest blob that holds it; in that order.
    pub hits: Vec<HistoryHit>,
}

/// A blob to scan: the first path and commit it appears at.
#[derive(Debug, PartialEq, Eq)]
struct QueuedBlob {
    id: ObjectId,
    path: u32,
    commit: u32,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Scans the history of the repository at `root`. `before_blobs` is called once the commits and
/// trees are read, before any blob is: the caller may hold the blob phase (the most memory) back
/// until another pass is done.
///
/// # Errors
/// When the repository or its references cannot be read. Unreadable single objects are
/// skipped.
pub fn scan(
    root: &Path,
    engine: &Engine,
    limits: Limits,
    progress: &Progress,
    before_blobs: &dyn Fn(),
) -> Result<HistoryScan, String> {
    scan_inner(root, engine, limits, progress, before_blobs).map_err(|e| e.to_string())
}

fn scan_inner(
    root: &Path,
    engine: &Engine,
    limits: Limits,
    progress: &Progress,
    before_blobs: &dyn Fn(),
) -> Result<HistoryScan, BoxError> {
    let mut repo = crate::facts::git::open(root)?;
    // Commits are read once each (trees and blobs by the pack readers): a small object cache.
    repo.object_cache_size_if_unset(1024 * 1024);
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

    // One bar for the whole pass: commits while they are enumerated and their trees walked,
    // then blobs while they are scanned.
    let bar = progress.spinner("history");
    bar.set_message("commits");
    let tree_packs = Packs::open(&repo);
    let commits = oldest_first(enumerate_commits(&repo, &tree_packs, &tips, &|| bar.inc(1)));
    drop(bar);
    let bar = progress.bar("history", commits.len() as u64);
    bar.set_message("commits");

    // Trees are read from the packs too, oldest commit first: the reader keeps the objects of
    // their delta chains. The commits are cut into consecutive ranges read side by side; a
    // blob is then the earliest range's that brings it in, which gives the queue (blobs in the
    // order they first appear, each at its first commit and path) of one reading in order.
    let sync = repo.clone().into_sync();
    let workers = rayon::current_num_threads().clamp(1, 4);
    let per = commits.len().div_ceil(workers).max(1);
    let ranges: Vec<Vec<(ObjectId, String, u32)>> = std::thread::scope(|s| {
        let handles: Vec<_> = commits
            .chunks(per)
            .enumerate()
            .map(|(n, range)| {
                let (sync, tree_packs, bar) = (&sync, &tree_packs, &bar);
                s.spawn(move || {
                    let repo = sync.to_thread_local();
                    read_trees(&repo, tree_packs, range, n * per, &|| bar.inc(1))
                })
            })
            .collect();
        // A range that failed fails the scan, as one reading would have (the caller reports
        // it), rather than leave that range's blobs out unsaid.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // The pages of the packs read for the trees are let go with their mapping; the blobs map
    // the packs again.
    drop(tree_packs);
    let (paths, queue) = queue_blobs(ranges);

    // Chains: the blobs of each path, in queue order (the longest first; [`pieces`] then orders
    // them by weight).
    let mut chains: Vec<Vec<u32>> = vec![Vec::new(); paths.len()];
    for (i, blob) in queue.iter().enumerate() {
        chains[blob.path as usize].push(u32::try_from(i).unwrap_or(u32::MAX));
    }
    chains.sort_by_key(|c| std::cmp::Reverse(c.len()));
    before_blobs();
    let packs = Packs::open(&repo);

    bar.set_length(queue.len() as u64);
    bar.set_position(0);
    bar.set_message("blobs");
    // The threads take pieces of the chains, the heaviest first, so that no long chain is left
    // to one thread at the end while the other waits.
    let pieces = pieces(
        &chains,
        |chain| {
            chain
                .last()
                .and_then(|&q| packs.root_size(&queue[q as usize].id))
                .unwrap_or(0)
        },
        rayon::current_num_threads(),
    );
    // One reader per thread for the whole phase, so that what its cache keeps (the objects of
    // delta chains, which paths with similar content share) serves every piece the thread
    // takes; the threads take the next piece as they finish one. (A state per rayon job would
    // be a new one for every piece: its cache started empty each time.)
    let next = std::sync::atomic::AtomicUsize::new(0);
    let outs: Vec<ChainOut> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..rayon::current_num_threads().max(1))
            .map(|_| {
                let (sync, packs, pieces, queue, paths, next, bar) =
                    (&sync, &packs, &pieces, &queue, &paths, &next, &bar);
                s.spawn(move || {
                    let mut repo = sync.to_thread_local();
                    // Blobs are read once each, from the packs by the thread's reader (which
                    // keeps the objects of delta chains); the object database reads only the
                    // rest.
                    repo.object_cache_size(0);
                    repo.objects.set_pack_cache(|| {
                        Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
                            PACK_CACHE_BYTES,
                        ))
                    });
                    let mut reader = Reader::new(packs, packread::CACHE_BYTES);
                    let mut scratch = Scratch::default();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(chain) = pieces.get(i) else {
                            break;
                        };
                        let path = &paths[queue[chain[0] as usize].path as usize];
                        done.push((
                            i,
                            scan_chain(
                                &repo,
                                &mut reader,
                                engine,
                                limits,
                                queue,
                                chain,
                                path,
                                &mut scratch,
                                &|| bar.inc(1),
                            ),
                        ));
                    }
                    done
                })
            })
            .collect();
        let mut done: Vec<(usize, ChainOut)> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, out)| out).collect()
    });
    bar.finish_and_clear();
    drop(pieces);
    drop(chains);

    let mut scan = HistoryScan {
        commits: commits.len() as u64,
        shallow,
        ..HistoryScan::default()
    };
    // (rule, fingerprint) → the earliest sighting, its commits and paths.
    let mut merged: HashMap<(String, String), Merged> = HashMap::new();
    for out in outs {
        scan.blobs += out.blobs;
        scan.blobs_skipped += out.skipped;
        scan.blobs_full += out.full;
        scan.lines += out.lines;
        scan.lines_searched += out.searched;
        for found in out.found {
            let first = (found.queue, found.order);
            let entry = merged
                .entry((found.hit.rule.clone(), found.hit.fingerprint.clone()))
                .or_insert_with(|| Merged {
                    first,
                    hit: found.hit.clone(),
                    path: found.path,
                    commits: Vec::new(),
                    paths: Vec::new(),
                });
            if first < entry.first {
                entry.first = first;
                entry.hit = found.hit;
                entry.path = found.path;
            }
            entry.commits.extend(found.commits);
            entry.paths.push(found.path);
        }
    }
    let mut merged: Vec<Merged> = merged.into_values().collect();
    merged.sort_by_key(|m| m.first);
    let mut authors: HashMap<u32, (i64, String)> = HashMap::new();
    for mut m in merged {
        m.commits.sort_unstable();
        m.commits.dedup();
        m.paths.sort_unstable();
        m.paths.dedup();
        let commit = queue[m.first.0 as usize].commit;
        let (time, author) = authors
            .entry(commit)
            .or_insert_with(|| author_of(&repo, commits[commit as usize].0))
            .clone();
        scan.hits.push(HistoryHit {
            commit: commits[commit as usize].0.to_string(),
            time,
            author,
            path: paths[m.path as usize].clone(),
            hit: m.hit,
            commits: u32::try_from(m.commits.len()).unwrap_or(u32::MAX),
            paths: u32::try_from(m.paths.len()).unwrap_or(u32::MAX),
        });
    }
    Ok(scan)
}

/// A commit as the history scan reads it.
struct Enumerated {
    id: ObjectId,
    tree: ObjectId,
    /// Committer time, seconds.
    time: i64,
    /// The parents that were read too (not those beyond a shallow clone's boundary).
    parents: Vec<ObjectId>,
}

/// The commits of [`enumerate_commits`] in the order the history is read: no commit before
/// its parents, and otherwise by committer time, oldest first (commits of the same second
/// deepest first, as the walk found them).
///
/// A blob is the first commit's that holds it, and the versions of a path are read in the
/// order they first appear. Reversed, the walk from many tips (release branches, tags) mixes
/// the eras: a commit reached early from an old branch's tip comes after its descendants on
/// the main line, so that a secret was attributed to a later commit than the one that brought
/// it in, and consecutive versions of a file were years apart, each compared with the last as
/// a rewrite (on a Rust workspace of 216 refs, nine tenths of every version's bytes). Times
/// alone are not enough: a clock that was wrong dates a commit before its parent (269 commits
/// of that workspace), which would then be read first and take the parent's blobs.
fn oldest_first(commits: Vec<Enumerated>) -> Vec<(ObjectId, ObjectId)> {
    use std::cmp::Reverse;
    let index: HashMap<ObjectId, usize> =
        commits.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    // Each commit's parents not read yet, and each commit's children.
    let mut waiting = vec![0usize; commits.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); commits.len()];
    for (i, c) in commits.iter().enumerate() {
        for parent in &c.parents {
            if let Some(&p) = index.get(parent) {
                waiting[i] += 1;
                children[p].push(i);
            }
        }
    }
    // The commits whose parents are all read: the oldest first, then the deepest in the walk.
    let mut ready: std::collections::BinaryHeap<Reverse<(i64, Reverse<usize>)>> = commits
        .iter()
        .enumerate()
        .filter(|&(i, _)| waiting[i] == 0)
        .map(|(i, c)| Reverse((c.time, Reverse(i))))
        .collect();
    let mut out = Vec::with_capacity(commits.len());
    while let Some(Reverse((_, Reverse(i)))) = ready.pop() {
        out.push((commits[i].id, commits[i].tree));
        for &child in &children[i] {
            waiting[child] -= 1;
            if waiting[child] == 0 {
                ready.push(Reverse((commits[child].time, Reverse(child))));
            }
        }
    }
    out
}

/// The commits reachable from `tips` with their trees, committer times and parents, breadth
/// first from the tips (each commit's parents in order, a commit once), newest first: git's
/// own order for a walk without sorting. Each commit is read once, from the packs by the pack
/// reader (one inflate call), else by the object database. A commit that cannot be read or decoded is left
/// out, with the history behind it that nothing else reaches; the parents of a shallow clone's
/// boundary are not read.
fn enumerate_commits(
    repo: &gix::Repository,
    packs: &Packs,
    tips: &[ObjectId],
    tick: &dyn Fn(),
) -> Vec<Enumerated> {
    use gix::objs::commit::ref_iter::Token;
    let boundary = crate::facts::git::shallow_boundary(repo);
    let mut reader = Reader::new(packs, crate::facts::packread::COMMIT_CACHE_BYTES);
    let mut seen = gix::hashtable::HashSet::<ObjectId>::default();
    let mut next = std::collections::VecDeque::new();
    for &tip in tips {
        if seen.insert(tip) {
            next.push_back(tip);
        }
    }
    let mut out = Vec::new();
    while let Some(id) = next.pop_front() {
        let Ok(data) = reader.read_commit(repo, &id) else {
            continue;
        };
        let mut tree = None;
        let mut time = 0;
        let mut parents = Vec::new();
        let shallow = boundary.contains(&id);
        for token in gix::objs::CommitRefIter::from_bytes(&data, id.kind()) {
            match token {
                Ok(Token::Tree { id }) => tree = Some(id),
                Ok(Token::Parent { id: parent }) => {
                    if !shallow {
                        parents.push(parent);
                        if seen.insert(parent) {
                            next.push_back(parent);
                        }
                    }
                }
                Ok(Token::Author { .. }) => {}
                Ok(Token::Committer { signature }) => {
                    time = signature.seconds();
                    break;
                }
                Ok(_) => break,
                Err(_) => {
                    tree = None;
                    break;
                }
            }
        }
        if let Some(tree) = tree {
            out.push(Enumerated {
                id,
                tree,
                time,
                parents,
            });
        }
        tick();
    }
    out
}

/// The blobs that the consecutive ranges of commits bring in ([`read_trees`] of each), as one
/// reading of all the commits in order gives them: a blob that an earlier range brings in is
/// that range's. The paths, and the blobs in the order they first appear.
fn queue_blobs(ranges: Vec<Vec<(ObjectId, String, u32)>>) -> (Vec<String>, Vec<QueuedBlob>) {
    let mut seen = gix::hashtable::HashSet::<ObjectId>::default();
    let mut paths: Vec<String> = Vec::new();
    let mut path_ids: HashMap<String, u32> = HashMap::new();
    let mut queue: Vec<QueuedBlob> = Vec::new();
    for (id, path, commit) in ranges.into_iter().flatten() {
        if !seen.insert(id) {
            continue;
        }
        let path = match path_ids.get(&path) {
            Some(&p) => p,
            None => {
                let p = u32::try_from(paths.len()).unwrap_or(u32::MAX);
                paths.push(path.clone());
                path_ids.insert(path, p);
                p
            }
        };
        queue.push(QueuedBlob { id, path, commit });
    }
    (paths, queue)
}

/// The blobs that `commits` (oldest first; the first is commit `first` of the history) bring
/// in, in the order they first appear, each with the path and the commit it first appears at:
/// each tree is read once, and a tree or blob seen with an earlier commit of the range is not
/// looked at again.
fn read_trees(
    repo: &gix::Repository,
    packs: &Packs,
    commits: &[(ObjectId, ObjectId)],
    first: usize,
    tick: &dyn Fn(),
) -> Vec<(ObjectId, String, u32)> {
    let mut trees = Reader::new(packs, packread::CACHE_BYTES);
    let mut seen_trees = gix::hashtable::HashSet::<ObjectId>::default();
    let mut seen_blobs = gix::hashtable::HashSet::<ObjectId>::default();
    let mut out = Vec::new();
    let mut stack: Vec<(ObjectId, String)> = Vec::new();
    for (index, (_, tree)) in commits.iter().enumerate() {
        let commit = u32::try_from(first + index).unwrap_or(u32::MAX);
        stack.push((*tree, String::new()));
        while let Some((tree_id, prefix)) = stack.pop() {
            if !seen_trees.insert(tree_id) {
                continue;
            }
            let data = match trees.read(&tree_id, Kind::Tree, TREE_LIMIT, TREE_LIMIT) {
                Read::Found(data) => data,
                Read::TooLarge | Read::Elsewhere => match repo.find_tree(tree_id) {
                    Ok(tree) => Rc::new(tree.detach().data),
                    Err(_) => continue,
                },
            };
            for entry in gix::objs::TreeRefIter::from_bytes(&data, repo.object_hash()) {
                let Ok(entry) = entry else { continue };
                let mode = entry.mode;
                let id = entry.oid.to_owned();
                // Most entries of a tree were seen with an earlier commit: no path for them.
                let wanted = if mode.is_tree() {
                    !seen_trees.contains(&id)
                } else {
                    mode.is_blob() && seen_blobs.insert(id)
                };
                if !wanted {
                    continue;
                }
                let name = String::from_utf8_lossy(entry.filename);
                let path = if prefix.is_empty() {
                    name.into_owned()
                } else {
                    format!("{prefix}/{name}")
                };
                if mode.is_tree() {
                    stack.push((id, path));
                } else {
                    out.push((id, path, commit));
                }
            }
        }
        tick();
    }
    out
}

/// The chains (each path's versions, oldest first) cut into the pieces that the threads take,
/// the heaviest first. A chain's weight is its number of versions times the size of its newest
/// (`size`); a chain heavier than an eighth of a thread's share is cut into consecutive pieces
/// of about that weight (of at least [`MIN_PIECE`] versions), so that the last piece to be
/// read is short. A piece is read as a chain of its own: its first version is searched whole,
/// and a secret that two pieces hold is merged as any secret that two paths hold.
fn pieces(chains: &[Vec<u32>], size: impl Fn(&[u32]) -> u64, threads: usize) -> Vec<&[u32]> {
    let weights: Vec<u64> = chains
        .iter()
        .map(|c| (c.len() as u64).saturating_mul(size(c).max(1)))
        .collect();
    let total: u64 = weights.iter().sum();
    let cap = (total / (8 * threads.max(1) as u64)).max(1);
    let mut out: Vec<(u64, &[u32])> = Vec::new();
    for (chain, &weight) in chains.iter().zip(&weights) {
        if chain.is_empty() {
            continue;
        }
        // At most one piece per MIN_PIECE versions, cut evenly: each has at least MIN_PIECE.
        let most = (chain.len() / MIN_PIECE).max(1);
        let count = usize::try_from(weight.div_ceil(cap))
            .unwrap_or(usize::MAX)
            .clamp(1, most);
        for i in 0..count {
            let piece = &chain[i * chain.len() / count..(i + 1) * chain.len() / count];
            out.push((weight / count as u64, piece));
        }
    }
    out.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    out.into_iter().map(|(_, piece)| piece).collect()
}

/// A commit's author time and `Name <email>`.
fn author_of(repo: &gix::Repository, id: ObjectId) -> (i64, String) {
    repo.find_commit(id)
        .ok()
        .and_then(|c| {
            let a = c.author().ok()?;
            Some((a.seconds(), format!("{} <{}>", a.name, a.email)))
        })
        .unwrap_or_default()
}

struct Merged {
    /// (queue index, order of the hit in its blob) of the earliest sighting.
    first: (u32, u32),
    hit: SecretHit,
    path: u32,
    commits: Vec<u32>,
    paths: Vec<u32>,
}

/// What one chain found and covered.
#[derive(Default)]
struct ChainOut {
    blobs: u64,
    skipped: u64,
    full: u64,
    lines: u64,
    searched: u64,
    found: Vec<Found>,
}

/// A secret seen in a chain: where first, and every commit whose version held it.
struct Found {
    queue: u32,
    order: u32,
    path: u32,
    hit: SecretHit,
    /// Hashes of the lines the secret spans in the version that found it (empty for a file
    /// that is itself a secret).
    span: Vec<u64>,
    commits: Vec<u32>,
}

/// Buffers reused from one blob to the next on a thread.
#[derive(Default)]
struct Scratch {
    /// Start of each line (and, last, the length of the buffer).
    starts: Vec<usize>,
    hashes: Vec<u64>,
    /// Hashes of every line searched so far in the chain (at most `Limits::max_lines`).
    seen: LineSet,
    /// Whether `seen` holds anything to compare with (false for the first version and after
    /// a version over the bound).
    has_seen: bool,
    new_lines: Vec<usize>,
    /// Byte ranges of a window where keywords are looked for.
    near: Vec<(usize, usize)>,
    /// The blob being scanned.
    blob: Vec<u8>,
    /// `starts` and `hashes` of the version before, when it was read.
    prev_starts: Vec<usize>,
    prev_hashes: Vec<u64>,
}

type LineSet = HashSet<u64, BuildHasherDefault<IdentityHasher>>;

/// The line hashes are already uniform: the set uses them as they are.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Seeds of [`line_hash`].
const LINE_P0: u64 = 0xa076_1d64_78bd_642f;
const LINE_P1: u64 = 0xe703_7ed1_a0b4_28db;

/// Multiply-fold: the 128-bit product of `a` and `b`, its halves xored.
fn mix(a: u64, b: u64) -> u64 {
    let r = u128::from(a).wrapping_mul(u128::from(b));
    #[allow(clippy::cast_possible_truncation)]
    let folded = (r as u64) ^ ((r >> 64) as u64);
    folded
}

/// A 64-bit hash of a line (multiply-fold mixing of 8-byte words, as wyhash does).
#[must_use]
pub fn line_hash(line: &[u8]) -> u64 {
    // The length enters last, apart from the bytes: mixed in with the first word, a change of
    // length could cancel a change of a byte (`abcdefghij` and `` `bcdefghij\0 ``).
    let mut h = LINE_P0;
    let mut chunks = line.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = mix(h ^ w, LINE_P1);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = mix(h ^ u64::from_le_bytes(w) ^ LINE_P0, LINE_P1);
    }
    mix(h, (line.len() as u64) ^ LINE_P0 ^ LINE_P1)
}

/// The lines of `buf[from..to]` (ended by a newline, or by `to`): each one's start is pushed to
/// `starts` and its [`line_hash`] to `hashes`. One pass over the bytes, a word at a time: the
/// newline is looked for in the word being hashed (a byte-wise zero test of the word xored with
/// newlines), rather than by a search of its own before the hash.
fn split_range(buf: &[u8], from: usize, to: usize, starts: &mut Vec<usize>, hashes: &mut Vec<u64>) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const NEWLINES: u64 = ONES * b'\n' as u64;
    let mut at = from;
    while at < to {
        starts.push(at);
        let mut h = LINE_P0;
        let mut i = at;
        let end = loop {
            if let Some(word) = buf.get(i..i + 8).filter(|_| i + 8 <= to) {
                let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
                let x = w ^ NEWLINES;
                // The lowest set bit marks the first newline of the word (the test can also
                // mark bytes after a newline, never before one).
                let newlines = x.wrapping_sub(ONES) & !x & HIGHS;
                if newlines == 0 {
                    h = mix(h ^ w, LINE_P1);
                    i += 8;
                    continue;
                }
                let k = (newlines.trailing_zeros() / 8) as usize;
                if k > 0 {
                    h = mix(h ^ (w & ((1u64 << (8 * k)) - 1)) ^ LINE_P0, LINE_P1);
                }
                break i + k;
            }
            // Fewer than 8 bytes before `to`.
            let rest = &buf[i..to];
            let k = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            if k > 0 {
                let mut w = [0u8; 8];
                w[..k].copy_from_slice(&rest[..k]);
                h = mix(h ^ u64::from_le_bytes(w) ^ LINE_P0, LINE_P1);
            }
            break i + k;
        };
        hashes.push(mix(h, ((end - at) as u64) ^ LINE_P0 ^ LINE_P1));
        at = end + 1;
    }
}

/// Scans the versions of one path, oldest first.
#[allow(clippy::too_many_arguments, clippy::too_many_lines)]
fn scan_chain(
    repo: &gix::Repository,
    reader: &mut Reader<'_>,
    engine: &Engine,
    limits: Limits,
    queue: &[QueuedBlob],
    chain: &[u32],
    path: &str,
    s: &mut Scratch,
    tick: &dyn Fn(),
) -> ChainOut {
    let mut out = ChainOut::default();
    let lockfile = classify(path, None).contains(FileKind::LOCKFILE);
    let path_rules: Vec<&super::engine::Rule> = engine.path_hits(path).collect();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    s.seen.clear();
    s.has_seen = false;
    // The version before this one, when it was read (its lines are in `s.prev_*`).
    let mut prev: Option<Rc<Vec<u8>>> = None;
    for &q in chain {
        tick();
        let blob = &queue[q as usize];
        let mut hits: Vec<(SecretHit, Vec<u64>)> = Vec::new();
        let mut holds_content = false;
        if let Some(data) = read_blob(repo, reader, blob.id, limits.max_blob_size, &mut s.blob) {
            let buf = data.as_slice();
            out.blobs += 1;
            // Lines outside `changed` are the version before's, byte for byte.
            let changed = match &prev {
                Some(before) => split_lines_after(
                    before,
                    &s.prev_starts,
                    &s.prev_hashes,
                    buf,
                    &mut s.starts,
                    &mut s.hashes,
                ),
                None => {
                    split_lines(buf, &mut s.starts, &mut s.hashes);
                    0..s.hashes.len()
                }
            };
            let n = s.hashes.len();
            out.lines += n as u64;
            let keep = n <= limits.max_lines;
            s.new_lines.clear();
            if s.has_seen {
                // Every line of the version before is in `seen` (it was searched, or seen
                // before it): only the changed lines can be new.
                let seen = &s.seen;
                s.new_lines
                    .extend(changed.filter(|&i| !seen.contains(&s.hashes[i])));
            }
            let full = !s.has_seen
                || !keep
                || (!s.new_lines.is_empty()
                    && MULTILINE_MARKERS
                        .iter()
                        .any(|m| memchr::memmem::find(buf, m).is_some()));
            let searched = if full {
                vec![(0, n)]
            } else {
                windows(&s.new_lines, n, CONTEXT_LINES)
            };
            let covered: usize = searched.iter().map(|(a, b)| b - a).sum();
            // Most of the version is new: one search of the whole buffer is cheaper and exact.
            let whole = full || covered * 2 > n;
            let searched = if whole { vec![(0, n)] } else { searched };
            if whole && n > 0 {
                out.full += 1;
            }
            // Where the keywords are looked for: the new lines and a few lines around them
            // (a window's own lines when it is searched whole).
            let near = if whole {
                Vec::new()
            } else {
                windows(&s.new_lines, n, KEYWORD_CONTEXT_LINES)
            };
            let mut near = near.into_iter().peekable();
            for (a, b) in searched {
                if a >= b {
                    continue;
                }
                out.searched += (b - a) as u64;
                let offset = s.starts[a];
                let slice = &buf[offset..s.starts[b]];
                let raws = if whole {
                    engine.scan(slice, path, lockfile)
                } else {
                    // Each range of new lines (with its few lines around) is inside one
                    // window, the windows and the ranges both in order.
                    s.near.clear();
                    while let Some(&(x, y)) = near.peek() {
                        if x >= b {
                            break;
                        }
                        s.near.push((s.starts[x] - offset, s.starts[y] - offset));
                        near.next();
                    }
                    engine.scan_near(slice, &s.near, path, lockfile)
                };
                for mut raw in raws {
                    raw.line += u32::try_from(a).unwrap_or(u32::MAX);
                    let first = line_of(&s.starts, offset + raw.start);
                    let last = line_of(&s.starts, offset + raw.end.max(raw.start + 1) - 1);
                    // A match on old lines only was searched for with the version that brought
                    // them (found again here, it would only be the same finding, or one that a
                    // rule the keywords did not trigger here would have taken from it).
                    if !whole && !spans_a_new_line(&s.new_lines, first, last) {
                        continue;
                    }
                    let span = s.hashes[first..=last.min(n - 1)].to_vec();
                    hits.push((SecretHit::from_raw(engine, raw), span));
                }
            }
            holds_content = !hits.is_empty();
            // Secrets found in an earlier version that this one still holds.
            for f in &mut out.found {
                if !f.span.is_empty()
                    && f.commits.last() != Some(&blob.commit)
                    && f.span.iter().all(|h| s.hashes.contains(h))
                {
                    f.commits.push(blob.commit);
                    holds_content = true;
                }
            }
            // Remember what was searched: the new lines (or all, after a full search). Past the
            // bound, start again from this version alone.
            if !keep {
                s.seen.clear();
                s.has_seen = false;
            } else {
                if !s.has_seen || s.seen.len() + s.new_lines.len() > limits.max_lines {
                    s.seen.clear();
                    s.seen.extend(s.hashes.iter().copied());
                } else {
                    s.seen.extend(s.new_lines.iter().map(|&i| s.hashes[i]));
                }
                s.has_seen = true;
            }
            std::mem::swap(&mut s.starts, &mut s.prev_starts);
            std::mem::swap(&mut s.hashes, &mut s.prev_hashes);
            prev = Some(data);
        } else {
            out.skipped += 1;
            prev = None;
        }
        // A file that is itself a secret (a keystore is binary); the content names the secret
        // precisely when it holds one.
        if !holds_content {
            for rule in &path_rules {
                hits.push((path_hit(rule, path), Vec::new()));
            }
        }
        for (order, (hit, span)) in hits.into_iter().enumerate() {
            let key = (hit.rule.clone(), hit.fingerprint.clone());
            match index.get(&key) {
                Some(&i) => {
                    let f = &mut out.found[i];
                    if f.commits.last() != Some(&blob.commit) {
                        f.commits.push(blob.commit);
                    }
                    if f.span.is_empty() {
                        f.span = span;
                    }
                }
                None => {
                    index.insert(key, out.found.len());
                    out.found.push(Found {
                        queue: q,
                        order: u32::try_from(order).unwrap_or(u32::MAX),
                        path: blob.path,
                        hit,
                        span,
                        commits: vec![blob.commit],
                    });
                }
            }
        }
    }
    out
}

/// Reads a blob that is small enough and not binary.
fn read_blob(
    repo: &gix::Repository,
    reader: &mut Reader<'_>,
    id: ObjectId,
    max_size: u64,
    buf: &mut Vec<u8>,
) -> Option<Rc<Vec<u8>>> {
    use gix::objs::FindExt;
    // The objects of a delta chain may be larger than the blob read.
    let data = match reader.read(&id, Kind::Blob, max_size, max_size.saturating_mul(4)) {
        Read::Found(data) => data,
        Read::TooLarge => return None,
        Read::Elsewhere => {
            if repo.find_header(id).map_or(true, |h| h.size() > max_size) {
                return None;
            }
            repo.objects.find_blob(&id, buf).ok()?;
            Rc::new(std::mem::take(buf))
        }
    };
    if data[..data.len().min(8 * 1024)].contains(&0) {
        return None;
    }
    Some(data)
}

/// Line starts (plus the end of the buffer) and line hashes. A line's hash covers its bytes
/// without the line ending, so a CRLF change alone is a change of every line.
fn split_lines(buf: &[u8], starts: &mut Vec<usize>, hashes: &mut Vec<u64>) {
    starts.clear();
    hashes.clear();
    split_range(buf, 0, buf.len(), starts, hashes);
    starts.push(buf.len());
}

/// [`split_lines`] of `buf`, a later version of `before` (whose lines are `before_starts` and
/// `before_hashes`): the lines in the bytes the two share at their start and at their end are
/// taken from `before` as they are, and only the lines between are read. Returns the range of
/// those lines (the others are `before`'s lines, byte for byte).
fn split_lines_after(
    before: &[u8],
    before_starts: &[usize],
    before_hashes: &[u64],
    buf: &[u8],
    starts: &mut Vec<usize>,
    hashes: &mut Vec<u64>,
) -> std::ops::Range<usize> {
    let lines_before = before_hashes.len();
    let common = before.len().min(buf.len());
    let prefix = common_prefix(before, buf);
    let suffix = common_prefix_rev(&before[prefix..], &buf[prefix..]).min(common - prefix);
    // Lines whose newline is in the shared start.
    let mut head = before_starts[1..=lines_before].partition_point(|&end| end <= prefix);
    if head > 0 && head == lines_before && before.last() != Some(&b'\n') {
        head -= 1;
    }
    // Lines whose preceding newline is in the shared end.
    let shared_from = before.len() - suffix;
    let tail = lines_before
        - head
        - before_starts[head..lines_before].partition_point(|&start| start <= shared_from);
    let shift = buf.len().wrapping_sub(before.len());
    starts.clear();
    hashes.clear();
    starts.extend_from_slice(&before_starts[..head]);
    hashes.extend_from_slice(&before_hashes[..head]);
    let from = before_starts[head];
    let to = before_starts[lines_before - tail].wrapping_add(shift);
    split_range(buf, from, to, starts, hashes);
    let changed = head..hashes.len();
    starts.extend(
        before_starts[lines_before - tail..lines_before]
            .iter()
            .map(|&st| st.wrapping_add(shift)),
    );
    hashes.extend_from_slice(&before_hashes[lines_before - tail..]);
    starts.push(buf.len());
    changed
}

/// The length of the longest common start of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The length of the longest common end of `a` and `b`.
fn common_prefix_rev(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Whether one of `new_lines` (sorted) is in `first..=last`.
fn spans_a_new_line(new_lines: &[usize], first: usize, last: usize) -> bool {
    let i = new_lines.partition_point(|&l| l < first);
    new_lines.get(i).is_some_and(|&l| l <= last)
}

/// The 0-based line holding byte `offset`.
fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// Line ranges `[a, b)` of a version of `n` lines: each new line with `context` lines around
/// it, overlapping or touching ranges merged.
fn windows(new_lines: &[usize], n: usize, context: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in new_lines {
        let a = i.saturating_sub(context);
        let b = (i + context + 1).min(n);
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::secrets::{engine::expand_example, ENGINE};
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=Test Author",
                "-c",
                "user.email=author@example.org",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Commits each version of `path` in turn; the commit ids, oldest first.
    fn commit_versions(dir: &Path, path: &str, versions: &[String]) -> Vec<String> {
        git(dir, &["init", "-q"]);
        let mut ids = Vec::new();
        for (n, text) in versions.iter().enumerate() {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-qm", &format!("version {n}")]);
            ids.push(git(dir, &["rev-parse", "HEAD"]));
        }
        ids
    }

    /// `n` lines of ordinary code, numbered from `from`.
    fn code(from: usize, n: usize) -> String {
        (from..from + n)
            .map(|i| {
                format!(
                    "def handler_{i}(request):\n    return render(request, \"page_{i}.html\")\n"
                )
            })
            .collect()
    }

    fn run(dir: &Path, limits: Limits) -> HistoryScan {
        scan(dir, &ENGINE, limits, &Progress::hidden(), &|| {}).unwrap()
    }

    #[test]
    fn a_secret_kept_through_many_edits_is_reported_once_with_its_commit_count() {
        let tmp = tempfile::tempdir().unwrap();
        let token = expand_example("ghp_{an:36}", "kept");
        let secret = format!("GITHUB_TOKEN = \"{token}\"\n");
        // Version 0 has no secret; version 1 adds it; versions 2..=9 append code and keep it.
        let mut versions = vec![code(0, 200)];
        for n in 1..10 {
            versions.push(format!("{secret}{}", code(0, 200 + n * 5)));
        }
        let ids = commit_versions(tmp.path(), "src/app.py", &versions);
        let scan = run(tmp.path(), Limits::new(1 << 20));
        assert_eq!(scan.hits.len(), 1, "{:?}", scan.hits);
        let hit = &scan.hits[0];
        assert_eq!(hit.hit.rule, "github-pat-classic");
        assert_eq!(hit.commit, ids[1]);
        assert_eq!(hit.path, "src/app.py");
        assert_eq!(hit.hit.line, 1);
        assert_eq!(
            hit.commits, 9,
            "the commit that added it and the 8 that kept it"
        );
        assert_eq!(hit.paths, 1);
        assert_eq!(hit.author, "Test Author <author@example.org>");
        assert!(hit.time > 0);
        assert_eq!(scan.blobs, 10);
        // Only the first version was searched in full; the others only around what they added.
        assert_eq!(scan.blobs_full, 1, "{scan:?}");
        assert!(scan.lines_searched * 3 < scan.lines, "{scan:?}");
    }

    #[test]
    fn a_long_chain_cut_into_pieces_reports_a_secret_once_from_the_commit_that_added_it() {
        let tmp = tempfile::tempdir().unwrap();
        let token = expand_example("ghp_{an:36}", "pieces");
        let secret = format!("GITHUB_TOKEN = \"{token}\"\n");
        // 60 versions, cut into 3 pieces of 20; the secret comes in with version 25, inside the
        // second piece (found among the lines it adds), and stays to the end (the third piece
        // finds it again in its first version, searched whole).
        let versions: Vec<String> = (0..60)
            .map(|n| {
                let body = code(0, 100 + n);
                if n >= 25 {
                    format!("{body}{secret}")
                } else {
                    body
                }
            })
            .collect();
        let ids = commit_versions(tmp.path(), "src/settings.py", &versions);
        let scan = run(tmp.path(), Limits::new(1 << 20));
        assert_eq!(scan.blobs, 60);
        assert_eq!(scan.blobs_full, 3, "one whole search per piece: {scan:?}");
        assert_eq!(scan.hits.len(), 1, "{:?}", scan.hits);
        let hit = &scan.hits[0];
        assert_eq!(hit.commit, ids[25]);
        assert_eq!(hit.hit.line, 2 * 125 + 1, "after 125 two-line handlers");
        assert_eq!(
            hit.commits, 35,
            "the commit that added it and the 34 that kept it"
        );
        assert_eq!(hit.paths, 1);
    }

    fn without_times(commits: Vec<Enumerated>) -> Vec<(ObjectId, ObjectId)> {
        commits.into_iter().map(|c| (c.id, c.tree)).collect()
    }

    /// What git's own walk (the library's, breadth first from the tips) gives.
    fn walked(repo: &gix::Repository, tips: &[ObjectId]) -> Vec<(ObjectId, ObjectId)> {
        repo.rev_walk(tips.iter().copied())
            .all()
            .unwrap()
            .filter_map(|info| {
                let info = info.ok()?;
                let tree = info.object().ok()?.tree_id().ok()?.detach();
                Some((info.id, tree))
            })
            .collect()
    }

    /// A release branch that forked right after the secret came in reaches that commit from
    /// its tip first: read breadth first from the tips and reversed, the main line's later
    /// commits came before it, and the secret was theirs. Read by date, it is the commit that
    /// brought it in, and the versions of the edited file are read in the order they were made.
    #[test]
    fn a_secret_is_the_commit_that_brought_it_in_though_a_branch_reaches_it_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let token = expand_example("ghp_{an:36}", "dated");
        git(dir, &["init", "-q", "-b", "main"]);
        let at = |n: u32| format!("{} +0000", 1_600_000_000 + n * 86_400);
        let commit = |name: &str, file: &str, text: &str, day: u32| {
            std::fs::write(dir.join(file), text).unwrap();
            git(dir, &["add", "-A"]);
            let out = std::process::Command::new("git")
                .args([
                    "-c",
                    "user.name=Test Author",
                    "-c",
                    "user.email=author@example.org",
                ])
                .args(["commit", "-qm", name])
                .current_dir(dir)
                .env("GIT_AUTHOR_DATE", at(day))
                .env("GIT_COMMITTER_DATE", at(day))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            git(dir, &["rev-parse", "HEAD"])
        };
        commit("start", "app.py", &code(0, 50), 0);
        let brought = commit(
            "settings",
            "settings.py",
            &format!("GITHUB_TOKEN = \"{token}\"\n"),
            1,
        );
        // Eight more commits on main edit the code; a release branch forks after `settings`.
        for n in 2..10 {
            commit(&format!("main {n}"), "app.py", &code(0, 50 + n as usize), n);
        }
        git(dir, &["checkout", "-qb", "release", &brought]);
        commit("release fix", "app.py", &code(1000, 50), 10);
        git(dir, &["checkout", "-q", "main"]);
        git(dir, &["repack", "-adq"]);

        let scan = run(dir, Limits::new(1 << 20));
        assert_eq!(scan.hits.len(), 1, "{:?}", scan.hits);
        let hit = &scan.hits[0];
        assert_eq!(hit.commit, brought);
        assert_eq!(hit.time, 1_600_086_400);
        assert_eq!(hit.commits, 1, "one version of settings.py");
        // The versions of `app.py` in the order they were made: each compared with the one
        // before, so that only the first is searched whole (the release fix, a rewrite, is
        // more than half new).
        assert_eq!(scan.blobs, 11);
        assert_eq!(scan.blobs_full, 3, "{scan:?}");
    }

    /// A commit dated before its parent (a wrong clock) is still read after it; otherwise the
    /// oldest first, and of one second the deepest in the walk first.
    #[test]
    fn commits_are_read_after_their_parents_whatever_their_dates() {
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let commit = |n: u8, time: i64, parents: &[u8]| Enumerated {
            id: id(n),
            tree: id(100 + n),
            time,
            parents: parents.iter().map(|&p| id(p)).collect(),
        };
        // The walk's order, newest first: 4 (a merge of 3 and 2), 3 (dated before its parent
        // 1), 2, 1 and 5 (of the same second), and 1's parent 9, which was not read.
        let commits = vec![
            commit(4, 50, &[3, 2]),
            commit(3, 5, &[1]),
            commit(2, 30, &[1]),
            commit(5, 10, &[]),
            commit(1, 10, &[9]),
        ];
        let order: Vec<ObjectId> = oldest_first(commits).into_iter().map(|(c, _)| c).collect();
        // 1 before 5 (one second, 1 deeper), then 3 as soon as its parent is read.
        assert_eq!(order, [id(1), id(3), id(5), id(2), id(4)]);
    }

    #[test]
    fn commits_are_enumerated_in_the_order_of_gits_walk() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("origin");
        std::fs::create_dir(&dir).unwrap();
        git(&dir, &["init", "-q"]);
        let commit = |dir: &Path, name: &str| {
            std::fs::write(dir.join(name), name).unwrap();
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-qm", name]);
        };
        // Two branches merged twice, a third left unmerged, a tag; half packed, half loose.
        for n in 0..3 {
            commit(&dir, &format!("main-{n}"));
        }
        git(&dir, &["checkout", "-qb", "feature"]);
        commit(&dir, "feature-0");
        commit(&dir, "feature-1");
        git(&dir, &["checkout", "-q", "main"]);
        commit(&dir, "main-3");
        git(
            &dir,
            &["merge", "-q", "--no-ff", "-m", "merge 1", "feature"],
        );
        git(&dir, &["repack", "-adq"]);
        git(&dir, &["checkout", "-q", "feature"]);
        commit(&dir, "feature-2");
        git(&dir, &["checkout", "-qb", "topic", "main~2"]);
        commit(&dir, "topic-0");
        git(&dir, &["checkout", "-q", "main"]);
        git(
            &dir,
            &["merge", "-q", "--no-ff", "-m", "merge 2", "feature"],
        );
        git(&dir, &["tag", "-a", "v1", "-m", "v1", "main~1"]);
        commit(&dir, "main-4");

        let repo = crate::facts::git::open(&dir).unwrap();
        let mut tips: Vec<ObjectId> = ["main", "feature", "topic", "v1^{commit}"]
            .iter()
            .map(|r| ObjectId::from_hex(git(&dir, &["rev-parse", r]).as_bytes()).unwrap())
            .collect();
        tips.sort_unstable();
        let packs = Packs::open(&repo);
        let enumerated = without_times(enumerate_commits(&repo, &packs, &tips, &|| {}));
        // main-0..4, feature-0..2, topic-0 and the two merges.
        assert_eq!(enumerated.len(), 11);
        assert_eq!(enumerated, walked(&repo, &tips));

        // A shallow clone: the boundary's parents are not there, nor looked for.
        let shallow = tmp.path().join("shallow");
        git(
            tmp.path(),
            &[
                "clone",
                "-q",
                "--depth",
                "3",
                "--no-single-branch",
                &format!("file://{}", dir.display()),
                "shallow",
            ],
        );
        let repo = crate::facts::git::open(&shallow).unwrap();
        let head = repo.head_id().unwrap().detach();
        let packs = Packs::open(&repo);
        let enumerated = without_times(enumerate_commits(&repo, &packs, &[head], &|| {}));
        assert!(enumerated.len() < 10, "{}", enumerated.len());
        assert_eq!(enumerated, walked(&repo, &[head]));
    }

    #[test]
    fn trees_read_in_ranges_side_by_side_queue_the_blobs_of_one_reading_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q"]);
        // Files added, edited, moved, copied, deleted and brought back over 12 commits, so that
        // later ranges see blobs and trees that earlier ones brought in.
        let steps: Vec<Vec<(&str, Option<String>)>> = vec![
            vec![
                ("a.txt", Some("one".into())),
                ("src/b.rs", Some("fn b() {}".into())),
            ],
            vec![("src/c.rs", Some("fn c() {}".into()))],
            vec![("a.txt", Some("two".into()))],
            vec![("docs/a.txt", Some("one".into()))],
            vec![("src/b.rs", None), ("lib/b.rs", Some("fn b() {}".into()))],
            vec![("a.txt", Some("three".into()))],
            vec![("src/c.rs", Some("fn c() { 1 }".into()))],
            vec![("src/b.rs", Some("fn b() {}".into()))],
            vec![("docs/a.txt", None)],
            vec![
                ("a.txt", Some("one".into())),
                ("new.txt", Some("new".into())),
            ],
            vec![("lib/c.rs", Some("fn c() { 1 }".into()))],
            vec![("docs/a.txt", Some("four".into()))],
        ];
        for (n, step) in steps.iter().enumerate() {
            for (path, text) in step {
                let file = dir.join(path);
                match text {
                    Some(text) => {
                        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                        std::fs::write(&file, text).unwrap();
                    }
                    None => std::fs::remove_file(&file).unwrap(),
                }
            }
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-qm", &format!("step {n}")]);
        }
        git(dir, &["repack", "-adq"]);
        let repo = crate::facts::git::open(dir).unwrap();
        let head = repo.head_id().unwrap().detach();
        let mut commits: Vec<(ObjectId, ObjectId)> = repo
            .rev_walk([head])
            .all()
            .unwrap()
            .map(|info| {
                let info = info.unwrap();
                let tree = info.object().unwrap().tree_id().unwrap().detach();
                (info.id, tree)
            })
            .collect();
        commits.reverse();
        let packs = Packs::open(&repo);
        let whole = queue_blobs(vec![read_trees(&repo, &packs, &commits, 0, &|| {})]);
        // 8 distinct contents; `one` first at `a.txt` (commit 0), not at `docs/a.txt`.
        assert_eq!(whole.1.len(), 8, "{whole:?}");
        assert_eq!(whole.0[whole.1[0].path as usize], "a.txt");
        for per in [1, 3, 5, 7] {
            let ranges = commits
                .chunks(per)
                .enumerate()
                .map(|(n, range)| read_trees(&repo, &packs, range, n * per, &|| {}))
                .collect();
            assert_eq!(queue_blobs(ranges), whole, "ranges of {per}");
        }
    }

    #[test]
    fn chains_are_cut_by_weight_into_consecutive_pieces_heaviest_first() {
        let heavy: Vec<u32> = (0..100).collect();
        let light: Vec<u32> = (100..110).collect();
        let small: Vec<u32> = (110..140).collect();
        let chains = vec![heavy.clone(), light.clone(), small.clone()];
        // Sizes by the chain's first version: the heavy chain's versions are 1,000 times the
        // others'.
        let size = |c: &[u32]| if c[0] == 0 { 1000 } else { 1 };
        let got = pieces(&chains, size, 2);
        // Total 100,040; a piece at most an eighth of a thread's share (6,252), and of at least
        // 16 versions: the heavy chain (100,000) is cut into 100 / 16 = 6 pieces of 16 or 17.
        assert_eq!(got.len(), 8, "{got:?}");
        let cut: Vec<u32> = got[..6].iter().flat_map(|p| p.iter().copied()).collect();
        let mut sorted = cut.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted, heavy,
            "heaviest first, the pieces cover the chain once"
        );
        for piece in &got[..6] {
            assert!(
                (MIN_PIECE..=MIN_PIECE + 1).contains(&piece.len()),
                "{piece:?}"
            );
            assert!(
                piece.windows(2).all(|w| w[1] == w[0] + 1),
                "in order: {piece:?}"
            );
        }
        assert_eq!(got[6], &small[..], "30 versions of size 1 before 10");
        assert_eq!(got[7], &light[..]);
        // Nothing to share out: each chain whole.
        assert_eq!(
            pieces(std::slice::from_ref(&light), |_| 1, 2),
            vec![&light[..]]
        );
        assert!(pieces(&[], |_| 1, 2).is_empty());
    }

    #[test]
    fn a_secret_added_below_lines_already_scanned_is_found_at_its_line() {
        let tmp = tempfile::tempdir().unwrap();
        let token = expand_example("ghp_{an:36}", "later");
        let base = code(0, 300);
        let mut with_secret = code(0, 150);
        with_secret.push_str(&format!("    token = \"{token}\"\n"));
        with_secret.push_str(&code(150, 150));
        let mut edited = with_secret.replace("page_7.html", "page_seven.html");
        edited.push_str(&code(300, 10));
        let ids = commit_versions(
            tmp.path(),
            "app/views.py",
            &[base.clone(), with_secret, edited, base],
        );
        let scan = run(tmp.path(), Limits::new(1 << 20));
        assert_eq!(scan.hits.len(), 1, "{:?}", scan.hits);
        let hit = &scan.hits[0];
        assert_eq!(hit.commit, ids[1]);
        assert_eq!(hit.hit.line, 301, "after 150 two-line handlers");
        assert_eq!(hit.commits, 2);
        assert_eq!(scan.blobs_full, 1, "{scan:?}");
    }

    /// A match on old lines is not looked for again: a version that adds a URL nine lines
    /// below a PostgreSQL URI with a password (found when it was added) does not report it again
    /// under the generic URI rule, which the new line's `://` triggers while the PostgreSQL
    /// rule's keyword is too far from it to be looked for.
    #[test]
    fn a_match_on_old_lines_is_not_reported_again_by_another_rule() {
        let tmp = tempfile::tempdir().unwrap();
        let uri = "    DATABASE = \"postgresql+pg8000://dbuser:kx%25jj5%2Fq@pghost10/appdb\"\n";
        let base = code(0, 20) + uri + &code(20, 20);
        let mut later = code(0, 20) + uri + &code(20, 4);
        later.push_str("    # see https://www.postgresql.org/docs/\n");
        later.push_str(&code(24, 16));
        let ids = commit_versions(tmp.path(), "app/settings.py", &[base, later]);
        let scan = run(tmp.path(), Limits::new(1 << 20));
        let rules: Vec<&str> = scan.hits.iter().map(|h| h.hit.rule.as_str()).collect();
        assert_eq!(rules, ["postgres-uri-password"], "{:?}", scan.hits);
        assert_eq!(scan.hits[0].commit, ids[0]);
        assert_eq!(scan.hits[0].commits, 2);
    }

    #[test]
    fn a_private_key_block_is_found_in_history() {
        let tmp = tempfile::tempdir().unwrap();
        // A 40-line PEM body: longer than the context windows around any one new line.
        let body: String = (0..40)
            .map(|i| expand_example("{b64:64}", &format!("pem{i}")) + "\n")
            .collect();
        let key = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA{}\n{body}-----END RSA PRIVATE KEY-----\n",
            expand_example("{b64:48}", "pem-head")
        );
        let base = code(0, 100);
        let with_key = format!("{base}KEY = \"\"\"\n{key}\"\"\"\n{}", code(100, 50));
        // The next version changes one line in the middle of the block only.
        let lines: Vec<&str> = with_key.lines().collect();
        let mid = lines
            .iter()
            .position(|l| l.starts_with("-----BEGIN"))
            .unwrap()
            + 25;
        let changed = expand_example("{b64:64}", "pem-changed");
        let edited: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == mid {
                    format!("{changed}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let ids = commit_versions(tmp.path(), "config/keys.py", &[base, with_key, edited]);
        let scan = run(tmp.path(), Limits::new(1 << 20));
        let keys: Vec<&HistoryHit> = scan
            .hits
            .iter()
            .filter(|h| h.hit.rule == "private-key-rsa")
            .collect();
        assert_eq!(
            keys.len(),
            2,
            "the key and its edited form: {:?}",
            scan.hits
        );
        assert_eq!(keys[0].commit, ids[1]);
        assert_eq!(keys[1].commit, ids[2]);
    }

    #[test]
    fn a_version_over_the_line_bound_is_searched_in_full() {
        let tmp = tempfile::tempdir().unwrap();
        let token = expand_example("ghp_{an:36}", "bound");
        let base = code(0, 100);
        let with_secret = format!("{base}TOKEN = \"{token}\"\n");
        let edited = with_secret.replace("page_3.html", "page_three.html");
        let versions = [base, with_secret, edited];
        commit_versions(tmp.path(), "src/app.py", &versions);
        let bounded = run(
            tmp.path(),
            Limits {
                max_blob_size: 1 << 20,
                max_lines: 50,
            },
        );
        let unbounded = run(tmp.path(), Limits::new(1 << 20));
        // Over the bound: every version is searched in full, and finds the same.
        assert_eq!(bounded.blobs_full, 3, "{bounded:?}");
        assert_eq!(bounded.lines_searched, bounded.lines);
        assert_eq!(unbounded.blobs_full, 1, "{unbounded:?}");
        assert!(unbounded.lines_searched < unbounded.lines);
        assert_eq!(bounded.hits.len(), 1);
        assert_eq!(bounded.hits[0].hit, unbounded.hits[0].hit);
        assert_eq!(bounded.hits[0].commit, unbounded.hits[0].commit);
    }

    #[test]
    fn versions_decoded_from_a_pack_find_what_loose_versions_find() {
        let tmp = tempfile::tempdir().unwrap();
        let early = expand_example("ghp_{an:36}", "early");
        let late = expand_example("ghp_{an:36}", "late");
        // A secret in versions 3..10, another from version 70 on, the file growing so that the
        // pack stores most versions as deltas of others.
        let versions: Vec<String> = (0..80)
            .map(|n| {
                let mut text = code(0, 100 + n);
                if (3..10).contains(&n) {
                    text.push_str(&format!("EARLY = \"{early}\"\n"));
                }
                if n >= 70 {
                    text.insert_str(0, &format!("LATE = \"{late}\"\n"));
                }
                text
            })
            .collect();
        let ids = commit_versions(tmp.path(), "src/app.py", &versions);
        let loose = run(tmp.path(), Limits::new(1 << 20));
        let blob_of = |id: &str| {
            let blob = git(tmp.path(), &["rev-parse", &format!("{id}:src/app.py")]);
            ObjectId::from_hex(blob.as_bytes()).unwrap()
        };
        let unpacked = Packs::open(&crate::facts::git::open(tmp.path()).unwrap());
        assert_eq!(
            unpacked.root_size(&blob_of(&ids[0])),
            None,
            "a loose object"
        );
        git(
            tmp.path(),
            &["repack", "-adfq", "--depth=50", "--window=250"],
        );
        git(tmp.path(), &["prune-packed"]);
        let packs = Packs::open(&crate::facts::git::open(tmp.path()).unwrap());
        // Each version's chain starts from a whole version of the file, whose size the
        // entries' headers give.
        let sizes: Vec<u64> = versions.iter().map(|v| v.len() as u64).collect();
        for id in &ids {
            let root = packs.root_size(&blob_of(id));
            assert!(root.is_some_and(|s| sizes.contains(&s)), "{root:?}");
        }
        // The version of `src/app.py` at commit `id`, read from the packs.
        let version = |reader: &mut Reader<'_>, id: &str| {
            let blob = git(tmp.path(), &["rev-parse", &format!("{id}:src/app.py")]);
            match reader.read(
                &ObjectId::from_hex(blob.as_bytes()).unwrap(),
                Kind::Blob,
                1 << 20,
                1 << 22,
            ) {
                Read::Found(data) => data,
                other => panic!("{id}: the blob is in the pack, not {other:?}"),
            }
        };
        let mut reader = Reader::new(&packs, packread::CACHE_BYTES);
        assert_eq!(
            version(&mut reader, &ids[5]).as_slice(),
            versions[5].as_bytes()
        );
        // Every version read back byte for byte, the packs' pages let go after every read (a
        // page read again comes back from the file), newest first as the deltas run.
        let releasing =
            Packs::open_releasing_every(&crate::facts::git::open(tmp.path()).unwrap(), 1);
        let mut reader = Reader::new(&releasing, 64 * 1024);
        for (n, id) in ids.iter().enumerate().rev() {
            assert_eq!(
                version(&mut reader, id).as_slice(),
                versions[n].as_bytes(),
                "version {n}"
            );
        }
        let packed = run(tmp.path(), Limits::new(1 << 20));
        assert_eq!(packed, loose);
        assert_eq!(packed.blobs, versions.len() as u64);
        let found: Vec<(&str, u32, u32)> = packed
            .hits
            .iter()
            .map(|h| (h.commit.as_str(), h.hit.line, h.commits))
            .collect();
        assert_eq!(
            found,
            vec![(ids[3].as_str(), 207, 7), (ids[70].as_str(), 1, 10)]
        );
    }

    /// A pack that is a link (here to a folder outside the repository) is not read.
    #[cfg(unix)]
    #[test]
    fn a_pack_that_is_a_link_is_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let versions: Vec<String> = (0..5).map(|n| code(0, 10 + n)).collect();
        let ids = commit_versions(tmp.path(), "src/app.py", &versions);
        git(tmp.path(), &["repack", "-adq"]);
        git(tmp.path(), &["prune-packed"]);
        let blob = git(
            tmp.path(),
            &["rev-parse", &format!("{}:src/app.py", ids[0])],
        );
        let blob = ObjectId::from_hex(blob.as_bytes()).unwrap();
        let read = |packs: &Packs| {
            Reader::new(packs, packread::CACHE_BYTES).read(&blob, Kind::Blob, 1 << 20, 1 << 22)
        };
        let open = || Packs::open(&crate::facts::git::open(tmp.path()).unwrap());
        assert!(matches!(read(&open()), Read::Found(_)));
        let pack = std::fs::read_dir(tmp.path().join(".git/objects/pack"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "pack"))
            .unwrap();
        let outside = tempfile::tempdir().unwrap();
        let moved = outside.path().join("moved.pack");
        std::fs::rename(&pack, &moved).unwrap();
        std::os::unix::fs::symlink(&moved, &pack).unwrap();
        assert_eq!(read(&open()), Read::Elsewhere);
    }

    /// Lines taken from the version before are those `split_lines` finds, whatever the edit:
    /// at the start, at the end, inside a line, of line endings, with or without a last newline.
    #[test]
    fn lines_split_after_a_version_are_those_of_a_whole_split() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let pieces: [&[u8]; 8] = [
            b"a",
            b"b",
            b"\n",
            b"\n",
            b"\r\n",
            b"x = 1",
            b"",
            b"same line\n",
        ];
        let (mut starts, mut hashes) = (Vec::new(), Vec::new());
        let (mut before_starts, mut before_hashes) = (Vec::new(), Vec::new());
        let (mut whole_starts, mut whole_hashes) = (Vec::new(), Vec::new());
        for case in 0..5000 {
            // Short versions, and long ones (shared starts and ends longer than a block).
            let length = if case % 2 == 0 { next(12) } else { next(400) };
            let before: Vec<u8> = (0..length).flat_map(|_| pieces[next(8)].to_vec()).collect();
            // An edit: bytes cut out of `before` at some place, others put there.
            let at = next(before.len() + 1);
            let cut = next(before.len() - at + 1);
            let mut after = before[..at].to_vec();
            after.extend((0..next(4)).flat_map(|_| pieces[next(8)].to_vec()));
            after.extend_from_slice(&before[at + cut..]);
            split_lines(&before, &mut before_starts, &mut before_hashes);
            let changed = split_lines_after(
                &before,
                &before_starts,
                &before_hashes,
                &after,
                &mut starts,
                &mut hashes,
            );
            split_lines(&after, &mut whole_starts, &mut whole_hashes);
            let shown = (
                String::from_utf8_lossy(&before),
                String::from_utf8_lossy(&after),
            );
            assert_eq!(starts, whole_starts, "case {case}: {shown:?}");
            assert_eq!(hashes, whole_hashes, "case {case}: {shown:?}");
            // Outside the changed lines, every line is one of the version before.
            for i in (0..hashes.len()).filter(|i| !changed.contains(i)) {
                assert!(before_hashes.contains(&hashes[i]), "case {case}: {shown:?}");
            }
        }
    }

    #[test]
    fn windows_cover_each_new_line_with_its_context_and_merge() {
        assert_eq!(windows(&[], 100, CONTEXT_LINES), vec![]);
        assert_eq!(
            windows(&[0], 100, CONTEXT_LINES),
            vec![(0, CONTEXT_LINES + 1)]
        );
        assert_eq!(windows(&[50, 60], 100, 20), vec![(30, 81)]);
        assert_eq!(windows(&[10, 90], 100, 20), vec![(0, 31), (70, 100)]);
    }

    /// The one-pass split finds the lines a newline search finds, with their `line_hash`, for
    /// lines of every length around the word size and newlines at every place in a word.
    #[test]
    fn lines_split_in_one_pass_are_those_of_a_newline_search() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..2000 {
            let len = usize::try_from(next(120)).unwrap_or(0);
            let buf: Vec<u8> = (0..len)
                .map(|_| match next(10) {
                    0 => b'\n',
                    1 => 0x8a,
                    2 => 0x0b,
                    _ => b'a' + u8::try_from(next(26)).unwrap_or(0),
                })
                .collect();
            let from = usize::try_from(next(len as u64 + 1)).unwrap_or(0);
            let to = from + usize::try_from(next((len - from) as u64 + 1)).unwrap_or(0);
            let (mut starts, mut hashes) = (Vec::new(), Vec::new());
            split_range(&buf, from, to, &mut starts, &mut hashes);
            let (mut want_starts, mut want_hashes) = (Vec::new(), Vec::new());
            let mut at = from;
            while at < to {
                want_starts.push(at);
                let end = buf[at..to]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(to, |i| at + i);
                want_hashes.push(line_hash(&buf[at..end]));
                at = end + 1;
            }
            assert_eq!(starts, want_starts, "{buf:?} {from}..{to}");
            assert_eq!(hashes, want_hashes, "{buf:?} {from}..{to}");
        }
    }

    #[test]
    fn line_hashes_tell_lines_apart() {
        let mut seen = HashSet::new();
        for i in 0..100_000u32 {
            assert!(seen.insert(line_hash(format!("line {i}").as_bytes())));
        }
        assert_ne!(line_hash(b""), line_hash(b"\0"));
        assert_ne!(line_hash(b"abcdefgh"), line_hash(b"abcdefgh\0"));
        // Around the 8-byte steps: one byte changed anywhere, or a zero byte added, is another
        // line, also when both happen at once.
        for len in 0..40usize {
            let line: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let mut longer = line.clone();
            longer.push(0);
            assert!(seen.insert(line_hash(&longer)), "{len}");
            for at in 0..len {
                let mut other = line.clone();
                other[at] ^= 1;
                assert!(seen.insert(line_hash(&other)), "{len} {at}");
                other.push(0);
                assert!(seen.insert(line_hash(&other)), "{len} {at} longer");
            }
        }
    }
}
