//! The one history pass: commits from HEAD, tree diffs of non-merge commits (in parallel),
//! authorship applied oldest first, then the current tree, tags and people.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use gix::bstr::ByteSlice;
use gix::objs::FindExt;
use gix::ObjectId;

use super::people;
use super::{CommitFacts, FileAuthorship, HistoryFacts, Person, TagFacts};
use crate::facts::packread::{self, Packs, Read, Reader};
use crate::facts::Warning;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Object cache per thread: trees are looked up again and again by neighbouring commits (4 MiB
/// holds what neighbours share: 16 MiB, with a 24 MiB delta-base cache, saved about 2% of the
/// audit's CPU time and cost a sixth more peak memory on a 23,000-commit repository).
const OBJECT_CACHE_BYTES: usize = 4 * 1024 * 1024;
/// Delta-base cache per diff thread (gix's default is 96 MiB per handle, which made the
/// history pass the largest user of memory).
const PACK_CACHE_BYTES: usize = 8 * 1024 * 1024;
/// Longest subject kept.
const SUBJECT_CHARS: usize = 120;

/// A commit as first read, before people are unified.
struct Raw {
    id: ObjectId,
    tree: ObjectId,
    parents: Vec<u32>,
    identity: u32,
    time: i64,
    committed: i64,
    subject: String,
    reviewed: bool,
}

/// What a non-merge commit did to one path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Modify,
    Delete,
    /// Moved from the source path, with or without edits (similar content).
    Rename,
    /// Copied from the source path, with or without edits (similar content).
    Copy,
}

struct Change {
    path: u32,
    op: Op,
    /// The path a rename or copy came from.
    source: Option<u32>,
}

/// One change as a diff thread reports it: path, operation, source path of a rename or copy.
type RawChange = (Vec<u8>, Op, Option<Vec<u8>>);

/// Renames of identical content, found by gix's tree diff (whole directories included). Renames
/// with edits are found after it, by `renames_with_edits`. Copies are not looked for (git does
/// not by default either): comparing every added file with every modified one doubled the
/// history pass on a large repository. The one kind of copy that is followed, a move that leaves
/// a stub behind, is found apart and cheaply (`moves_leaving_a_stub`).
fn rewrites() -> gix::diff::Rewrites {
    gix::diff::Rewrites {
        copies: None,
        percentage: None,
        limit: RENAME_LIMIT,
        track_empty: false,
    }
}

/// Renames with edits are looked for among at most 100 × 100 candidate pairs per commit (beyond
/// that, only identical content is matched): a commit that adds and deletes hundreds of files is
/// an import or a reorganisation, and comparing all its pairs made the team pass 14 times slower
/// (25 s against 1.8 s on an 18,000-commit repository) for the same bus factor and key people
/// there and on the 19 systems of the truck-factor benchmark.
const RENAME_LIMIT: usize = 100;

/// Largest blob compared for a rename with edits (larger ones are renamed only unchanged).
const RENAME_MAX_BYTES: u64 = 1 << 20;

/// Per-path authorship while history is replayed.
#[derive(Default, Clone)]
struct State {
    creator: Option<u32>,
    creator_commit: Option<u32>,
    changes: HashMap<u32, u32>,
    last_change: Option<i64>,
    deleted: bool,
}

pub(super) fn read(
    root: &Path,
    jobs: usize,
    warnings: &mut Vec<Warning>,
    before_diffs: &dyn Fn(),
) -> Result<HistoryFacts, BoxError> {
    let mut repo = crate::facts::git::open(root)?;
    repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
    let shallow = repo.is_shallow().unwrap_or(false);
    let Ok(head) = repo.head_id() else {
        // An unborn branch: a repository without commits.
        return Ok(HistoryFacts {
            shallow,
            ..HistoryFacts::default()
        });
    };
    let head = head.detach();
    let mailmap = read_mailmap(&repo, head);
    let boundary = crate::facts::git::shallow_boundary(&repo);

    // 1. Every commit reachable from HEAD, read once.
    let mut identities: Vec<(String, String, u32)> = Vec::new();
    // Per identity: merge commits with a merge bot's subject.
    let mut automatic_merges: Vec<u32> = Vec::new();
    let mut identity_index: HashMap<String, u32> = HashMap::new();
    // `Name <email>` as written in commits, when `.mailmap` changed it.
    let mut raw_forms: Vec<BTreeSet<String>> = Vec::new();
    let mut raws: Vec<Raw> = Vec::new();
    let mut raw_parents: Vec<Vec<ObjectId>> = Vec::new();
    let mut index = gix::hashtable::HashMap::<ObjectId, u32>::default();
    let mut stack = vec![head];
    let mut queued = gix::hashtable::HashSet::<ObjectId>::default();
    queued.insert(head);
    let mut missing = 0usize;
    let mut unparsed = 0usize;
    // Commits are read from the packs by the pack reader (one inflate call each); what it does
    // not read, by the object database.
    let packs = Packs::open(&repo);
    let mut commits = Reader::new(&packs, packread::COMMIT_CACHE_BYTES);
    let mut key = String::new();
    while let Some(id) = stack.pop() {
        let data = commits.read_commit(&repo, &id);
        let found = match &data {
            Ok(data) => gix::objs::CommitRef::from_bytes(data, id.kind()).map_err(BoxError::from),
            Err(e) => Err(BoxError::from(e.as_str())),
        };
        let commit = match found {
            Ok(c) => c,
            Err(e) => {
                if id == head {
                    return Err(e);
                }
                missing += 1;
                continue;
            }
        };
        // A malformed author line counts as an unknown author rather than stopping the pass.
        let Ok(author) = commit.author().or_else(|_| commit.committer()) else {
            unparsed += 1;
            continue;
        };
        let time = author.seconds();
        let author = author.trim();
        // Landed by someone else than its author (a maintainer applying a contribution, or
        // GitHub merging a pull request by squash or rebase): the change was looked at.
        let committed = commit.committer().map_or(time, |c| c.seconds());
        let applied_by_other = commit.committer().is_ok_and(|c| {
            let c = c.trim();
            c.email != author.email && c.name != author.name
        });
        let resolved = mailmap.resolve_cow(author);
        let (name, email) = (resolved.name.to_str_lossy(), resolved.email.to_str_lossy());
        let (name, email) = (name.trim(), email.trim());
        // Looked up by `name NUL email` in a reused buffer: no allocation for a known author.
        key.clear();
        key.push_str(name);
        key.push('\0');
        key.push_str(email);
        let identity = if let Some(&identity) = identity_index.get(key.as_str()) {
            identity
        } else {
            identities.push((name.to_owned(), email.to_owned(), 0));
            automatic_merges.push(0);
            raw_forms.push(BTreeSet::new());
            let identity = u32::try_from(identities.len() - 1).unwrap_or(u32::MAX);
            identity_index.insert(key.clone(), identity);
            identity
        };
        identities[identity as usize].2 += 1;
        if resolved.name.as_ref() != author.name || resolved.email.as_ref() != author.email {
            raw_forms[identity as usize].insert(format!("{} <{}>", author.name, author.email));
        }
        let parents: Vec<ObjectId> = if boundary.contains(&id) {
            Vec::new()
        } else {
            commit.parents().collect()
        };
        let subject: String = commit
            .message()
            .summary()
            .to_str_lossy()
            .chars()
            .take(SUBJECT_CHARS)
            .collect();
        if parents.len() >= 2 && people::is_automatic_merge_subject(&subject) {
            automatic_merges[identity as usize] += 1;
        }
        let reviewed = applied_by_other || has_review_trailer(commit.message);
        index.insert(id, u32::try_from(raws.len()).unwrap_or(u32::MAX));
        raws.push(Raw {
            id,
            tree: commit.tree(),
            parents: Vec::new(),
            identity,
            time,
            committed,
            subject,
            reviewed,
        });
        for p in parents.iter().rev() {
            if queued.insert(*p) {
                stack.push(*p);
            }
        }
        raw_parents.push(parents);
    }
    if unparsed > 0 {
        warnings.push(Warning {
            path: Some(".git".into()),
            message: format!(
                "{unparsed} commit(s) have neither a readable author nor committer; they and their history are not counted"
            ),
        });
    }
    if missing > 0 {
        warnings.push(Warning {
            path: Some(".git".into()),
            message: format!(
                "{missing} commit(s) of the history could not be read; history before them is not counted"
            ),
        });
    }
    for (raw, parents) in raws.iter_mut().zip(&raw_parents) {
        raw.parents = parents
            .iter()
            .filter_map(|p| index.get(p).copied())
            .collect();
    }
    drop(raw_parents);

    // 2. People.
    let identity_bot: Vec<bool> = identities
        .iter()
        .zip(&automatic_merges)
        .map(|((name, email, commits), &merges)| {
            people::is_bot(name, email) || people::is_merge_bot(*commits, merges)
        })
        .collect();
    let groups = people::unify(&identities, &identity_bot);
    let person_count = groups.iter().copied().max().map_or(0, |m| m + 1);
    let person_of = |identity: u32| u32::try_from(groups[identity as usize]).unwrap_or(u32::MAX);
    let bot: Vec<bool> = {
        let mut bot = vec![false; person_count];
        for (i, &is_bot) in identity_bot.iter().enumerate() {
            if is_bot {
                bot[groups[i]] = true;
            }
        }
        bot
    };

    // 3. Tree diffs of non-merge commits, in parallel (when the caller says so). What read the
    // commits is let go first.
    drop(commits);
    drop(packs);
    before_diffs();
    let to_diff: Vec<u32> = (0..raws.len())
        .filter(|&i| raws[i].parents.len() <= 1)
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    let (paths, changes, failed) = diff_all(&repo, &raws, &to_diff, jobs)?;
    if failed > 0 {
        warnings.push(Warning {
            path: Some(".git".into()),
            message: format!(
                "the trees of {failed} commit(s) could not be read; the files they changed are not counted for them"
            ),
        });
    }

    // 4. Replay oldest first (parents before children).
    let order = topological(&raws);
    let mut states: Vec<State> = vec![State::default(); paths.len()];
    let mut files_changed = vec![0u32; raws.len()];
    for &c in &order {
        let Some(list) = changes.get(&c) else {
            continue;
        };
        let raw = &raws[c as usize];
        files_changed[c as usize] = u32::try_from(list.len()).unwrap_or(u32::MAX);
        let person = person_of(raw.identity);
        let human = !bot[person as usize];
        // Sources are read before this commit's changes are applied (a rename chain a → b,
        // b → c in one commit moves each file's own history).
        let moved: Vec<Option<State>> = list
            .iter()
            .map(|ch| ch.source.map(|src| states[src as usize].clone()))
            .collect();
        for (ch, moved) in list.iter().zip(moved) {
            let p = ch.path as usize;
            match ch.op {
                Op::Rename | Op::Copy => {
                    // The code came from elsewhere: it keeps its history; the commit counts as a
                    // change by whoever moved it.
                    let mut state = moved.unwrap_or_default();
                    state.deleted = false;
                    states[p] = state;
                    touch(&mut states[p], person, human, raw.time);
                }
                Op::Add if states[p].creator_commit.is_some() => {
                    // Added again after a deletion (a revert restores, it does not create), or
                    // added on two branches: the first creator stays.
                    states[p].deleted = false;
                    touch(&mut states[p], person, human, raw.time);
                }
                Op::Add => {
                    states[p] = State {
                        creator: human.then_some(person),
                        creator_commit: Some(c),
                        last_change: human.then_some(raw.time),
                        ..State::default()
                    };
                }
                Op::Modify => touch(&mut states[p], person, human, raw.time),
                Op::Delete => {}
            }
        }
        for ch in list {
            if ch.op == Op::Delete || (ch.op == Op::Rename && ch.source.is_some()) {
                let gone = if ch.op == Op::Delete {
                    ch.path
                } else {
                    ch.source.unwrap_or(ch.path)
                };
                // A path that this commit also re-created (a rename onto a deleted path) stays.
                if !list.iter().any(|o| o.path == gone && o.op != Op::Delete) {
                    states[gone as usize].deleted = true;
                }
            }
        }
    }

    // 5. The current tree.
    let head_tree = raws[0].tree;
    let current = list_tree(&repo, head_tree)?;
    let path_index: HashMap<&[u8], u32> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_slice(), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut created = vec![0u32; raws.len()];
    let mut files: Vec<FileAuthorship> = current
        .iter()
        .map(|path| {
            let state = path_index
                .get(path.as_slice())
                .map(|&i| &states[i as usize]);
            if let Some(c) = state.and_then(|s| s.creator_commit) {
                created[c as usize] += 1;
            }
            let mut changes: Vec<(u32, u32)> = state
                .map(|s| s.changes.iter().map(|(p, n)| (*p, *n)).collect())
                .unwrap_or_default();
            changes.sort_unstable();
            FileAuthorship {
                path: path.to_str_lossy().into_owned(),
                creator: state.and_then(|s| s.creator),
                changes,
                last_change: state.and_then(|s| s.last_change),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));

    // 6. Commits, people, tags.
    let mut first_parent = vec![false; raws.len()];
    let mut at = Some(0usize);
    while let Some(i) = at {
        if first_parent[i] {
            break;
        }
        first_parent[i] = true;
        at = raws[i].parents.first().map(|&p| p as usize);
    }
    let mut persons: Vec<Person> = vec![Person::default(); person_count];
    let mut names: Vec<Vec<(u32, String, String)>> = vec![Vec::new(); person_count];
    let mut forms: Vec<BTreeSet<String>> = vec![BTreeSet::new(); person_count];
    for (i, (name, email, n)) in identities.iter().enumerate() {
        names[groups[i]].push((*n, name.clone(), email.clone()));
        forms[groups[i]].insert(format!("{name} <{email}>"));
        forms[groups[i]].extend(raw_forms[i].iter().cloned());
    }
    for (g, mut ids) in names.into_iter().enumerate() {
        // The display name: a full name (with a space) over a login, then the name written on
        // the most commits; the address used on the most commits with it.
        let mut per_name: HashMap<&str, u32> = HashMap::new();
        for (n, name, _) in &ids {
            *per_name.entry(name.as_str()).or_insert(0) += n;
        }
        let rank = |name: &str| (name.trim().contains(' '), per_name[name]);
        let name = ids
            .iter()
            .map(|(_, name, _)| name.as_str())
            .max_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| b.cmp(a)))
            .unwrap_or_default()
            .to_owned();
        ids.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2))));
        let email = ids
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(_, _, e)| e.clone())
            .unwrap_or_default();
        let display = format!("{name} <{email}>");
        let aliases: Vec<String> = forms[g]
            .iter()
            .filter(|f| **f != display)
            .cloned()
            .collect();
        persons[g] = Person {
            name,
            email,
            aliases,
            bot: bot[g],
            commits: 0,
            first: i64::MAX,
            last: i64::MIN,
        };
    }
    let mut commits: Vec<CommitFacts> = raws
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let person = person_of(raw.identity);
            let p = &mut persons[person as usize];
            p.commits += 1;
            p.first = p.first.min(raw.time);
            p.last = p.last.max(raw.time);
            CommitFacts {
                id: raw.id.to_string(),
                author: person,
                time: raw.time,
                committed: raw.committed,
                parents: u32::try_from(raw.parents.len()).unwrap_or(u32::MAX),
                first_parent: first_parent[i],
                files_changed: files_changed[i],
                current_files_created: created[i],
                subject: raw.subject.clone(),
                reviewed: raw.reviewed,
            }
        })
        .collect();
    commits.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.id.cmp(&b.id)));
    let tags = read_tags(&repo, warnings);
    Ok(HistoryFacts {
        shallow,
        people: persons,
        commits,
        files,
        tags,
        mailmap_entries: mailmap.entries().len(),
    })
}

/// Trailers that code review tools add to the commits they land: Gerrit (`Change-Id:`,
/// `Reviewed-on:`), `Reviewed-by:`, Phabricator (`Differential Revision:`), Node.js's `PR-URL:`,
/// and the `PR #123` line of pull requests merged by rebase.
const REVIEW_TRAILERS: &[&[u8]] = &[
    b"change-id:",
    b"reviewed-on:",
    b"reviewed-by:",
    b"differential revision:",
    b"pr-url:",
    b"pr #",
];

/// Whether a commit message carries a code-review trailer (a line of its own, after the subject).
fn has_review_trailer(message: &gix::bstr::BStr) -> bool {
    message.lines().skip(1).any(|line| {
        let line = line.trim_start();
        REVIEW_TRAILERS
            .iter()
            .any(|t| line.len() > t.len() && line[..t.len()].eq_ignore_ascii_case(t))
    })
}

/// Counts one commit by `person` on a file.
fn touch(state: &mut State, person: u32, human: bool, time: i64) {
    if human {
        *state.changes.entry(person).or_insert(0) += 1;
        state.last_change = Some(state.last_change.map_or(time, |t| t.max(time)));
    }
}

/// The `.mailmap` of the HEAD commit's tree (never a file that configuration points to).
fn read_mailmap(repo: &gix::Repository, head: ObjectId) -> gix::mailmap::Snapshot {
    let blob = (|| -> Option<Vec<u8>> {
        let tree = repo.find_commit(head).ok()?.tree().ok()?;
        let entry = tree.find_entry(".mailmap")?;
        if !entry.mode().is_blob() {
            return None;
        }
        Some(entry.object().ok()?.detach().data)
    })();
    blob.map_or_else(gix::mailmap::Snapshot::default, |data| {
        gix::mailmap::Snapshot::from_bytes(&data)
    })
}

/// The trees of the diffs, read by the pack reader (which keeps the objects of their delta
/// chains, as the secrets pass does); what it does not read (loose objects, deltas against an
/// object by id, anything but a tree) comes from the object database.
struct Trees<'a> {
    reader: std::cell::RefCell<Reader<'a>>,
    odb: &'a gix::OdbHandle,
}

/// The largest tree read by the pack reader (larger ones come from the object database).
const TREE_LIMIT: u64 = 64 * 1024 * 1024;

impl gix::objs::Find for Trees<'_> {
    fn try_find<'b>(
        &self,
        id: &gix::oid,
        buffer: &'b mut Vec<u8>,
    ) -> gix::error::Result<Option<gix::objs::Data<'b>>> {
        if let Read::Found(data) =
            self.reader
                .borrow_mut()
                .read(id, gix::object::Kind::Tree, TREE_LIMIT, TREE_LIMIT)
        {
            buffer.clear();
            buffer.extend_from_slice(&data);
            return Ok(Some(gix::objs::Data::new(
                buffer,
                gix::object::Kind::Tree,
                id.kind(),
            )));
        }
        self.odb.try_find(id, buffer)
    }
}

impl gix::objs::FindHeader for Trees<'_> {
    fn try_header(&self, id: &gix::oid) -> gix::error::Result<Option<gix::objs::Header>> {
        self.odb.try_header(id)
    }
}

/// Commits diffed between two releases of the packs' resident pages: reading the trees (and the
/// blobs the rename search compares) of every commit touches most of the packs, whose pages
/// would otherwise stay resident to the end of the pass (110 MiB of a 100 MB pack).
const RELEASE_EVERY_COMMITS: usize = 1024;

/// Consecutive commits a diff thread takes at a time.
const DIFF_RUN: usize = 256;

/// Paths interned across all commits, each diffed commit's changes, and how many commits could
/// not be diffed.
type Diffs = (Vec<Vec<u8>>, HashMap<u32, Vec<Change>>, usize);

fn diff_all(
    repo: &gix::Repository,
    raws: &[Raw],
    to_diff: &[u32],
    jobs: usize,
) -> Result<Diffs, BoxError> {
    let sync = repo.clone().into_sync();
    let packs = Packs::open(repo);
    let threads = jobs.clamp(1, to_diff.len().max(1));
    // Commits diffed, by all threads: every `RELEASE_EVERY_COMMITS`, the pages of the packs read
    // so far are let go (see `memory::release_pack_pages`).
    let diffed = std::sync::atomic::AtomicUsize::new(0);
    let next = std::sync::atomic::AtomicUsize::new(0);
    type Out = Vec<(u32, Option<Vec<RawChange>>)>;
    let results: Vec<Result<Out, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (sync, diffed, packs, next) = (&sync, &diffed, &packs, &next);
                s.spawn(move || -> Result<Out, String> {
                    let mut repo = sync.to_thread_local();
                    repo.object_cache_size(OBJECT_CACHE_BYTES);
                    repo.objects.set_pack_cache(|| {
                        Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
                            PACK_CACHE_BYTES,
                        ))
                    });
                    let mut state = gix::diff::tree::State::default();
                    // Blobs are read from the object database as stored (`ToGit`, no worktree):
                    // no filter, text conversion or other program ever runs.
                    let mut cache = repo
                        .diff_resource_cache(
                            gix::diff::blob::pipeline::Mode::ToGit,
                            gix::diff::blob::pipeline::WorktreeRoots::default(),
                        )
                        .map_err(|e| e.to_string())?;
                    let mut old_buf = Vec::new();
                    let mut new_buf = Vec::new();
                    let mut out = Vec::new();
                    let trees = Trees {
                        reader: std::cell::RefCell::new(Reader::new(packs, packread::CACHE_BYTES)),
                        odb: &repo.objects,
                    };
                    // Runs of consecutive commits, taken in turn: a commit's tree is the next
                    // one's parent tree, read again from this thread's cache (commits dealt
                    // out one by one read most trees on both threads).
                    let run = || {
                        let start = next.fetch_add(DIFF_RUN, std::sync::atomic::Ordering::Relaxed);
                        to_diff.get(start..(start + DIFF_RUN).min(to_diff.len()))
                    };
                    for &c in std::iter::from_fn(run).flatten() {
                        let raw = &raws[c as usize];
                        let parent_tree = raw.parents.first().map(|&p| raws[p as usize].tree);
                        // A commit whose trees cannot be read is left out (and counted).
                        let changes = diff_one(
                            &repo,
                            &trees,
                            parent_tree,
                            raw.tree,
                            &mut state,
                            &mut cache,
                            &mut old_buf,
                            &mut new_buf,
                        )
                        .ok();
                        cache.clear_resource_cache_keep_allocation();
                        out.push((c, changes));
                        let n = diffed.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        if n % RELEASE_EVERY_COMMITS == 0 {
                            let _ = crate::memory::release_pack_pages();
                        }
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a diff thread panicked".into()))
            })
            .collect()
    });
    let mut paths: Vec<Vec<u8>> = Vec::new();
    let mut path_ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut changes: HashMap<u32, Vec<Change>> = HashMap::new();
    let mut failed = 0usize;
    for result in results {
        for (c, list) in result? {
            let Some(list) = list else {
                failed += 1;
                continue;
            };
            let mut intern = |path: Vec<u8>| match path_ids.get(&path) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(paths.len()).unwrap_or(u32::MAX);
                    paths.push(path.clone());
                    path_ids.insert(path, id);
                    id
                }
            };
            let list = list
                .into_iter()
                .map(|(path, op, source)| Change {
                    path: intern(path),
                    op,
                    source: source.map(&mut intern),
                })
                .collect();
            changes.insert(c, list);
        }
    }
    Ok((paths, changes, failed))
}

#[allow(clippy::too_many_arguments)]
fn diff_one(
    repo: &gix::Repository,
    trees: &Trees<'_>,
    old: Option<ObjectId>,
    new: ObjectId,
    state: &mut gix::diff::tree::State,
    cache: &mut gix::diff::blob::Platform,
    old_buf: &mut Vec<u8>,
    new_buf: &mut Vec<u8>,
) -> Result<Vec<RawChange>, BoxError> {
    use gix::diff::tree_with_rewrites::ChangeRef as C;
    let kind = new.kind();
    let old_iter = match old {
        Some(id) => trees.find_tree_iter(&id, old_buf)?,
        None => gix::objs::TreeRefIter::from_bytes(&[], kind),
    };
    let new_iter = trees.find_tree_iter(&new, new_buf)?;
    let file = |mode: gix::objs::tree::EntryMode| mode.is_blob_or_symlink();
    let mut out: Vec<RawChange> = Vec::new();
    // Added and deleted files (their index in `out` and blob), for the renames with edits, and
    // modified files (old and new blob), for the moves that leave a stub behind.
    let mut added: Vec<(usize, ObjectId)> = Vec::new();
    let mut deleted: Vec<(usize, ObjectId)> = Vec::new();
    let mut modified: Vec<(usize, ObjectId, ObjectId)> = Vec::new();
    gix::diff::tree_with_rewrites(
        old_iter,
        new_iter,
        cache,
        state,
        trees,
        |change| {
            match change {
                C::Addition {
                    entry_mode,
                    location,
                    id,
                    ..
                } if file(entry_mode) => {
                    if entry_mode.is_blob() {
                        added.push((out.len(), id.to_owned()));
                    }
                    out.push((location.to_vec(), Op::Add, None));
                }
                C::Deletion {
                    entry_mode,
                    location,
                    id,
                    ..
                } if file(entry_mode) => {
                    if entry_mode.is_blob() {
                        deleted.push((out.len(), id.to_owned()));
                    }
                    out.push((location.to_vec(), Op::Delete, None));
                }
                C::Modification {
                    previous_entry_mode,
                    previous_id,
                    entry_mode,
                    id,
                    location,
                    ..
                } => match (file(previous_entry_mode), file(entry_mode)) {
                    (true, true) => {
                        if previous_entry_mode.is_blob() && entry_mode.is_blob() {
                            modified.push((out.len(), previous_id.to_owned(), id.to_owned()));
                        }
                        out.push((location.to_vec(), Op::Modify, None));
                    }
                    (false, true) => out.push((location.to_vec(), Op::Add, None)),
                    (true, false) => out.push((location.to_vec(), Op::Delete, None)),
                    (false, false) => {}
                },
                C::Rewrite {
                    source_location,
                    source_entry_mode,
                    entry_mode,
                    location,
                    copy,
                    ..
                } if file(entry_mode) && file(source_entry_mode) => out.push((
                    location.to_vec(),
                    if copy { Op::Copy } else { Op::Rename },
                    Some(source_location.to_vec()),
                )),
                _ => {}
            }
            Ok(std::ops::ControlFlow::Continue(()))
        },
        gix::diff::tree_with_rewrites::Options {
            location: Some(gix::diff::tree::recorder::Location::Path),
            rewrites: Some(rewrites()),
        },
    )?;
    // Renames with edits, then moves that leave a stub among the files still added; the deleted
    // files that were renamed leave the list last (the indices above point into it).
    let renamed = renames_with_edits(repo, &out, &added, &deleted);
    let mut gone = vec![false; out.len()];
    for &(target, source) in &renamed {
        out[target].1 = Op::Rename;
        out[target].2 = Some(out[source].0.clone());
        gone[source] = true;
    }
    added.retain(|(i, _)| out[*i].1 == Op::Add);
    if !added.is_empty() && !modified.is_empty() {
        for (target, source) in moves_leaving_a_stub(repo, &added, &modified) {
            let source_path = out[source].0.clone();
            out[target].1 = Op::Copy;
            out[target].2 = Some(source_path);
        }
    }
    if !renamed.is_empty() {
        let mut index = 0;
        out.retain(|_| {
            index += 1;
            !gone[index - 1]
        });
    }
    Ok(out)
}

/// Renames with edits: the files a commit deleted and added (that the tree diff did not already
/// pair as identical) whose content is at least 50% similar, as `git log -M` finds them. As git
/// does, a pair whose sizes differ by more than half the larger one is not compared (its
/// similarity cannot reach 50%), the similarity is the bytes of the lines both have over the
/// larger size (git hashes chunks of a line up to 64 bytes; this compares whole lines), and
/// the most similar pairs are taken first, a source whose file name is the target's winning a
/// tie. Each file is in one pair at most. Returns pairs of indices (added file, deleted file)
/// into the commit's changes.
fn renames_with_edits(
    repo: &gix::Repository,
    out: &[RawChange],
    added: &[(usize, ObjectId)],
    deleted: &[(usize, ObjectId)],
) -> Vec<(usize, usize)> {
    if added.is_empty()
        || deleted.is_empty()
        || added.len().saturating_mul(deleted.len()) > RENAME_LIMIT * RENAME_LIMIT
    {
        return Vec::new();
    }
    // Sizes from the object headers; empty and oversized files take no part.
    let sized = |list: &[(usize, ObjectId)]| -> Vec<(usize, ObjectId, u64)> {
        list.iter()
            .filter_map(|&(i, id)| {
                let size = repo.find_header(id).ok()?.size();
                (size > 0 && size <= RENAME_MAX_BYTES).then_some((i, id, size))
            })
            .collect()
    };
    let (targets, sources) = (sized(added), sized(deleted));
    let comparable = |a: u64, b: u64| a.min(b).saturating_mul(2) >= a.max(b);
    let pairs: Vec<(usize, usize)> = (0..targets.len())
        .flat_map(|t| (0..sources.len()).map(move |s| (t, s)))
        .filter(|&(t, s)| comparable(targets[t].2, sources[s].2))
        .collect();
    if pairs.is_empty() {
        return Vec::new();
    }
    // Each blob of a pair is read once.
    let read = |list: &[(usize, ObjectId, u64)], used: &dyn Fn(usize) -> bool| {
        list.iter()
            .enumerate()
            .map(|(k, (_, id, _))| {
                used(k)
                    .then(|| repo.find_object(*id).ok().map(|o| o.detach().data))
                    .flatten()
            })
            .collect::<Vec<Option<Vec<u8>>>>()
    };
    let target_data = read(&targets, &|t| pairs.iter().any(|p| p.0 == t));
    let source_data = read(&sources, &|s| pairs.iter().any(|p| p.1 == s));
    fn counts(data: &[Option<Vec<u8>>]) -> Vec<Option<LineCounts<'_>>> {
        data.iter()
            .map(|d| d.as_deref().map(LineCounts::of))
            .collect()
    }
    let (target_lines, source_lines) = (counts(&target_data), counts(&source_data));
    let file_name = |i: usize| out[i].0.rsplit(|&b| b == b'/').next().unwrap_or_default();
    let mut similar: Vec<(f64, bool, usize, usize)> = pairs
        .into_iter()
        .filter_map(|(t, s)| {
            let score = source_lines[s]
                .as_ref()?
                .similarity(target_lines[t].as_ref()?);
            let same_name = file_name(targets[t].0) == file_name(sources[s].0);
            (score >= 0.5).then_some((score, same_name, t, s))
        })
        .collect();
    similar.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut target_used = vec![false; targets.len()];
    let mut source_used = vec![false; sources.len()];
    let mut renamed = Vec::new();
    for (_, _, t, s) in similar {
        if !target_used[t] && !source_used[s] {
            target_used[t] = true;
            source_used[s] = true;
            renamed.push((targets[t].0, sources[s].0));
        }
    }
    renamed
}

/// Most files a commit may add, and most files it may shrink, for `moves_leaving_a_stub` to
/// compare (beyond either, nothing is compared: a commit that big is an import or a rewrite).
const STUB_MOVE_LIMIT: usize = 100;

/// Most files a commit may modify for `moves_leaving_a_stub` to look at their sizes.
const STUB_MOVE_MODIFIED_LIMIT: usize = 1000;

/// Moves that leave a stub at the old path: a commit adds a file whose content is at least 50%
/// similar to a file it shrinks to less than half its size (git's rename threshold), as when code
/// moves to a new module and the old one keeps a few lines that point there. Git sees an added
/// file and a modified one, not a rename, since the old path still exists. Returns pairs of
/// indices (added file, shrunk file) into the commit's changes; each added file takes its most
/// similar source.
fn moves_leaving_a_stub(
    repo: &gix::Repository,
    added: &[(usize, ObjectId)],
    modified: &[(usize, ObjectId, ObjectId)],
) -> Vec<(usize, usize)> {
    if added.len() > STUB_MOVE_LIMIT || modified.len() > STUB_MOVE_MODIFIED_LIMIT {
        return Vec::new();
    }
    let size = |id: &ObjectId| repo.find_header(*id).ok().map(|h| h.size());
    let shrunk: Vec<(usize, Vec<u8>)> = modified
        .iter()
        .filter(|(_, old, new)| {
            size(new).is_some_and(|n| {
                size(old).is_some_and(|o| n.saturating_mul(2) < o && o <= RENAME_MAX_BYTES)
            })
        })
        .take(STUB_MOVE_LIMIT + 1)
        .filter_map(|(i, old, _)| Some((*i, repo.find_object(*old).ok()?.detach().data)))
        .collect();
    if shrunk.is_empty() || shrunk.len() > STUB_MOVE_LIMIT {
        return Vec::new();
    }
    let sources: Vec<(usize, LineCounts)> = shrunk
        .iter()
        .map(|(i, data)| (*i, LineCounts::of(data)))
        .collect();
    let mut out = Vec::new();
    for (target, id) in added {
        if size(id).is_none_or(|n| n > RENAME_MAX_BYTES) {
            continue;
        }
        let Ok(object) = repo.find_object(*id) else {
            continue;
        };
        let new = LineCounts::of(&object.data);
        let best = sources
            .iter()
            .map(|(i, old)| (*i, old.similarity(&new)))
            .filter(|(_, score)| *score >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((source, _)) = best {
            out.push((*target, source));
        }
    }
    out
}

/// The lines of a blob with their counts, and its length in bytes.
struct LineCounts<'a> {
    lines: HashMap<&'a [u8], u32>,
    bytes: usize,
}

impl<'a> LineCounts<'a> {
    fn of(data: &'a [u8]) -> Self {
        let mut lines: HashMap<&[u8], u32> = HashMap::new();
        for line in data.split_inclusive(|&b| b == b'\n') {
            *lines.entry(line).or_default() += 1;
        }
        LineCounts {
            lines,
            bytes: data.len(),
        }
    }

    /// Bytes in lines both blobs have (as many times as both have them), over the larger blob's
    /// size: 1 for identical content, as git's similarity score.
    fn similarity(&self, other: &LineCounts<'_>) -> f64 {
        let larger = self.bytes.max(other.bytes);
        if larger == 0 {
            return 0.0;
        }
        let common: usize = self
            .lines
            .iter()
            .filter_map(|(line, &n)| {
                other
                    .lines
                    .get(line)
                    .map(|&m| line.len() * n.min(m) as usize)
            })
            .sum();
        #[allow(clippy::cast_precision_loss)]
        let score = common as f64 / larger as f64;
        score
    }
}

/// Commit indices with every parent before its children (iterative depth-first post-order).
fn topological(raws: &[Raw]) -> Vec<u32> {
    let mut order = Vec::with_capacity(raws.len());
    let mut done = vec![false; raws.len()];
    let mut on_stack = vec![false; raws.len()];
    for start in 0..raws.len() {
        if done[start] {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        on_stack[start] = true;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&p) = raws[node].parents.get(*next) {
                *next += 1;
                let p = p as usize;
                if !done[p] && !on_stack[p] {
                    on_stack[p] = true;
                    stack.push((p, 0));
                }
            } else {
                stack.pop();
                done[node] = true;
                order.push(u32::try_from(node).unwrap_or(u32::MAX));
            }
        }
    }
    order
}

/// Every file (blob or symlink) of a tree, recursively.
fn list_tree(repo: &gix::Repository, tree: ObjectId) -> Result<Vec<Vec<u8>>, BoxError> {
    let tree = repo.find_tree(tree)?;
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse().breadthfirst(&mut recorder)?;
    Ok(recorder
        .records
        .into_iter()
        .filter(|e| e.mode.is_blob_or_symlink())
        .map(|e| e.filepath.into())
        .collect())
}

/// Tags that lead to a commit, with the tagger time of annotated tags.
fn read_tags(repo: &gix::Repository, warnings: &mut Vec<Warning>) -> Vec<TagFacts> {
    let mut tags = Vec::new();
    let refs = match repo.references() {
        Ok(refs) => refs,
        Err(e) => {
            warnings.push(Warning {
                path: Some(".git".into()),
                message: format!("cannot list tags: {e}"),
            });
            return tags;
        }
    };
    let Ok(iter) = refs.tags() else {
        return tags;
    };
    for r in iter.flatten() {
        let mut r = r;
        let name = r.name().shorten().to_string();
        let Some(target) = r.target().try_id().map(ToOwned::to_owned) else {
            continue;
        };
        let tagger_time = repo
            .find_object(target)
            .ok()
            .filter(|o| o.kind == gix::object::Kind::Tag)
            .and_then(|o| o.into_tag().tagger().ok().flatten().map(|s| s.seconds()));
        let Ok(peeled) = r.peel_to_id() else {
            continue;
        };
        let Ok(commit) = repo.find_commit(peeled.detach()) else {
            continue;
        };
        let time = tagger_time.unwrap_or_else(|| commit.time().map_or(0, |t| t.seconds));
        tags.push(TagFacts {
            name,
            time,
            commit: commit.id.to_string(),
        });
    }
    tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    tags
}
