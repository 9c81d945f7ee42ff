//! Blobs and trees of the history read straight from the repository's pack files (by the
//! secrets pass and the team pass), with every object a delta chain decodes kept in a bounded
//! cache.
//!
//! A pack stores most versions of a file as deltas against other versions (usually the older
//! against the newer), in chains and trees of deltas. The object database's own delta-base
//! cache keeps only the objects that were asked for, never the full base of a chain nor the
//! deltas between: read in commit order, every version of a file decoded its chain again from
//! the full base (on a changelog of 3,000 versions, nearly all the time of the history scan
//! went to decompressing the same bases again). Here each object of a chain is decoded once and
//! kept (least recently used first out, [`CACHE_BYTES`] per thread), so that a version costs
//! one delta when its base was decoded before.
//!
//! An object of a chain is kept as the runs of bytes it is made of ([`Pieces`]): runs of the
//! whole object at the chain's root and of the deltas' inserted bytes. A delta applied to it
//! gives the runs of the next object without copying a byte, and only the object asked for is
//! copied out. Versions are read in commit order, which is not the order of the chain: an
//! object copied out at every step of a chain of large versions (a generated page of 450 KB,
//! 50 deltas deep) cost more copying than the rest of the scan, and kept whole the versions
//! pushed one another out of the cache, so that their deltas were inflated again. An object
//! whose runs are short (on average under [`MIN_RUN`] bytes) is copied out and kept whole
//! instead: composing many short runs costs more than copying the bytes.
//!
//! An entry is inflated in one call into a buffer of its declared size (libdeflate), which must
//! come out exactly that size.
//!
//! Only what is simple is read here: an object found in a pack's index whose chain is made of
//! offset deltas within that pack down to a blob, a tree or a commit. Anything else (loose objects, deltas against
//! an object by id, a chain with an object over the bound) is left to the object database
//! ([`Read::Elsewhere`]), which reads it as before. The pack data is untrusted: every size is
//! checked against the bound before it is allocated, and a delta is applied with every copy
//! and insert checked against its base and its declared result.

use std::collections::{BTreeMap, HashMap};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use gix::object::Kind;
use gix::odb::pack::data::entry::Header;
use gix::odb::pack::{data, index};
use gix::oid;

/// Decoded objects kept per reading thread.
pub const CACHE_BYTES: usize = 8 * 1024 * 1024;

/// The cache of a reader that reads commits ([`Reader::read_commit`]): each is read once, and
/// commits are seldom stored as deltas.
pub const COMMIT_CACHE_BYTES: usize = 1024 * 1024;

/// The largest commit the pack reader reads (a commit message of megabytes is not one to stop
/// at: larger ones come from the object database).
pub const COMMIT_LIMIT: u64 = 16 * 1024 * 1024;

/// The longest delta chain followed (git writes at most 50 by default, 4095 at most).
const MAX_CHAIN: usize = 10_000;

/// The smallest amount of the pack a read keeps resident: a page.
const PAGE: usize = 4096;

/// Pack bytes read between two releases of the packs' pages ([`Packs::read_from`]).
const RELEASE_EVERY: u64 = 32 * 1024 * 1024;

/// The pack files of a repository, opened once and shared by the reading threads.
///
/// A pack is mapped into memory, and every page read stays resident in the process until the
/// mapping goes: reading every version of every file touches most of the pack (hundreds of
/// megabytes on a large history), although each page is needed for a moment. So every
/// [`RELEASE_EVERY`] bytes read, the pages are let go (the object database's mappings of the packs
/// and their indexes too); a page needed again is read back from the
/// system's file cache.
pub struct Packs {
    packs: Vec<Pack>,
    /// Pack bytes read, and that count at the last release of the pages.
    read: AtomicU64,
    released_at: AtomicU64,
    release_every: u64,
}

struct Pack {
    data: data::File<Mapped>,
    index: index::File,
    map: Mapped,
}

/// A pack file's read-only mapping, shared by its reader and [`Packs`].
#[derive(Clone)]
struct Mapped(Arc<memmap2::Mmap>);

impl Deref for Mapped {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Mapped {
    #[allow(unsafe_code)]
    fn open(path: &Path) -> std::io::Result<Mapped> {
        // A pack that is a link is not followed: it could lead out of the audited folder.
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let file = opts.open(path)?;
        if !file.metadata()?.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        // SAFETY: the file is mapped read-only and private. Its content could change under the
        // mapping if another program wrote into it, a risk every reader of a git repository
        // takes (the object database maps its packs the same way): git never writes into an
        // existing pack, it writes new ones.
        let map = unsafe { memmap2::MmapOptions::new().map_copy_read_only(&file)? };
        // Objects are read here and there across the pack: a page fault brings in its page
        // alone, not the pages around it (read-ahead would keep them resident for nothing).
        let _ = map.advise(memmap2::Advice::Random);
        Ok(Mapped(Arc::new(map)))
    }

    /// Lets the mapping's resident pages go; the next read of one reads it back from the file.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    fn release_pages(&self) {
        // SAFETY: a private mapping that is never written holds nothing but the file's bytes:
        // after `MADV_DONTNEED`, a read of a page maps the file's page again, with the same
        // bytes, so whoever borrows the mapping meanwhile reads what it would have read.
        let _ = unsafe { self.0.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
    }

    #[cfg(not(unix))]
    fn release_pages(&self) {}
}

impl Packs {
    /// Opens every pack of the repository's object directory (`objects/pack/*.idx` and its
    /// `.pack`); a pack that cannot be opened is left to the object database.
    #[must_use]
    pub fn open(repo: &gix::Repository) -> Packs {
        let dir = repo.objects.store_ref().path().join("pack");
        let mut indices: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "idx"))
                    .collect()
            })
            .unwrap_or_default();
        indices.sort();
        let hash = repo.object_hash();
        let packs = indices
            .iter()
            .filter_map(|idx| {
                let index = index::File::at(idx, hash).ok()?;
                let path = idx.with_extension("pack");
                let map = Mapped::open(&path).ok()?;
                let data = data::File::from_data(map.clone(), path, hash).ok()?;
                (data.num_objects() == index.num_objects()).then_some(Pack { data, index, map })
            })
            .collect();
        Packs {
            packs,
            read: AtomicU64::new(0),
            released_at: AtomicU64::new(0),
            release_every: RELEASE_EVERY,
        }
    }

    /// The packs of `repo`, letting their pages go every `bytes` read (every read: 1).
    #[cfg(test)]
    pub fn open_releasing_every(repo: &gix::Repository, bytes: u64) -> Packs {
        Packs {
            release_every: bytes,
            ..Packs::open(repo)
        }
    }

    /// The pack and the offset of an object, when a pack's index lists it.
    fn locate(&self, id: &oid) -> Option<(u32, u64)> {
        self.packs.iter().enumerate().find_map(|(i, p)| {
            let entry = p.index.lookup(id)?;
            Some((u32::try_from(i).ok()?, p.index.pack_offset_at_index(entry)))
        })
    }

    /// The size of the whole object at the root of `id`'s delta chain (the object that decoding
    /// `id` starts from, most often the newest version of the same file), read from the entries'
    /// headers alone: a guess at `id`'s size that costs no decompression. `None` when `id` is
    /// not in a pack or its chain is not one this reader follows.
    #[must_use]
    pub fn root_size(&self, id: &oid) -> Option<u64> {
        let (pack, mut at) = self.locate(id)?;
        let file = &self.packs[pack as usize].data;
        for _ in 0..MAX_CHAIN {
            let entry = file.entry(at).ok()?;
            match entry.header {
                Header::OfsDelta { base_distance } => {
                    let base = entry.checked_base_pack_offset(base_distance)?;
                    if base >= at {
                        return None;
                    }
                    at = base;
                }
                Header::Blob | Header::Tree => return Some(entry.decompressed_size),
                _ => return None,
            }
        }
        None
    }

    /// Counts `bytes` read from the packs, and lets the packs' pages go every
    /// [`RELEASE_EVERY`] bytes (one reading thread does it).
    fn read_from(&self, bytes: usize) {
        // A read keeps at least the page it is on: small objects (trees) count by pages.
        let bytes = bytes.max(PAGE);
        let total = self.read.fetch_add(bytes as u64, Ordering::Relaxed) + bytes as u64;
        let last = self.released_at.load(Ordering::Relaxed);
        if total - last >= self.release_every
            && self
                .released_at
                .compare_exchange(last, total, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            // Every pack mapping of the process: these and the object database's mappings of
            // the packs and their indexes, which the look-ups of objects by id read. Where
            // they cannot be listed, these alone.
            if !crate::memory::release_pack_pages() {
                for pack in &self.packs {
                    pack.map.release_pages();
                }
            }
        }
    }
}

/// What [`Reader::read`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// The object, shared with the cache.
    Found(Rc<Vec<u8>>),
    /// An object larger than the size asked for.
    TooLarge,
    /// Not read here: the object database is to read it.
    Elsewhere,
}

/// One thread's reader: the shared packs, its cache and buffers.
pub struct Reader<'a> {
    packs: &'a Packs,
    /// The objects of delta chains, each whole or as pieces of another ([`Pieces`]).
    cache: Cache,
    inflate: libdeflater::Decompressor,
    chain: Vec<(u64, data::Entry)>,
}

impl<'a> Reader<'a> {
    /// A reader with an empty cache of at most `cache_bytes`.
    #[must_use]
    pub fn new(packs: &'a Packs, cache_bytes: usize) -> Self {
        Reader {
            packs,
            cache: Cache::new(cache_bytes),
            inflate: libdeflater::Decompressor::new(),
            chain: Vec::new(),
        }
    }

    /// The bytes of the commit `id`: from the packs (one inflate call), else from `repo`'s object
    /// database (a loose commit, one larger than [`COMMIT_LIMIT`]).
    ///
    /// # Errors
    /// What the object database says when neither has it as a commit.
    pub fn read_commit(
        &mut self,
        repo: &gix::Repository,
        id: &gix::ObjectId,
    ) -> Result<Rc<Vec<u8>>, String> {
        use gix::objs::FindExt;
        match self.read(id, Kind::Commit, COMMIT_LIMIT, COMMIT_LIMIT) {
            Read::Found(data) => Ok(data),
            Read::TooLarge | Read::Elsewhere => {
                let mut buf = Vec::new();
                repo.objects
                    .find_commit_iter(id, &mut buf)
                    .map_err(|e| e.to_string())?;
                Ok(Rc::new(buf))
            }
        }
    }

    /// Reads the object `id` of `kind` when it is at most `max_size` bytes. The objects of its
    /// delta chain may be larger, up to `limit` bytes each (beyond that, or for anything this
    /// reader does not read, [`Read::Elsewhere`]).
    pub fn read(&mut self, id: &oid, kind: Kind, max_size: u64, limit: u64) -> Read {
        let Some((pack, offset)) = self.packs.locate(id) else {
            return Read::Elsewhere;
        };
        match self.decode(pack, offset, limit.max(max_size)) {
            Some((found, data)) if found == kind => {
                if data.len() as u64 > max_size {
                    Read::TooLarge
                } else {
                    Read::Found(data)
                }
            }
            _ => Read::Elsewhere,
        }
    }

    /// The entry of `pack` inflated into a buffer of its declared size (the bytes it took
    /// counted for the release of the pages read).
    fn inflate_entry(&mut self, pack: u32, entry: &data::Entry) -> Option<Vec<u8>> {
        let mut out = vec![0; usize::try_from(entry.decompressed_size).ok()?];
        let read = inflate(
            &mut self.inflate,
            &self.packs.packs[pack as usize].map,
            entry,
            &mut out,
        )?;
        self.packs.read_from(read);
        Some(out)
    }

    /// Decodes the object at `offset` of `pack`: from the nearest object of its chain that is
    /// kept (or the whole object at its root), each delta is composed with the pieces of its
    /// base, and only the object asked for is copied out. Every object of the chain is kept.
    fn decode(&mut self, pack: u32, offset: u64, limit: u64) -> Option<(Kind, Rc<Vec<u8>>)> {
        let file = &self.packs.packs[pack as usize].data;
        self.chain.clear();
        let mut at = offset;
        let (kind, mut pieces) = loop {
            if let Some(hit) = self.cache.get((pack, at)) {
                break hit;
            }
            let entry = file.entry(at).ok()?;
            let kind = match entry.header {
                Header::Blob => Kind::Blob,
                Header::Tree => Kind::Tree,
                Header::Commit => Kind::Commit,
                Header::OfsDelta { base_distance } => {
                    if entry.decompressed_size > limit || self.chain.len() >= MAX_CHAIN {
                        return None;
                    }
                    let base = entry.checked_base_pack_offset(base_distance)?;
                    if base >= at {
                        return None;
                    }
                    self.chain.push((at, entry));
                    at = base;
                    continue;
                }
                // Deltas against an object named by id, and tags.
                _ => return None,
            };
            if entry.decompressed_size > limit {
                return None;
            }
            let data = self.inflate_entry(pack, &entry)?;
            let whole = Rc::new(Pieces::whole(Rc::new(data)));
            self.cache.put((pack, at), kind, &whole);
            break (kind, whole);
        };
        while let Some((at, entry)) = self.chain.pop() {
            let delta = self.inflate_entry(pack, &entry)?;
            let mut next = pieces.compose(Rc::new(delta), limit)?;
            // Runs this short cost more to compose again than the bytes to copy.
            if next.runs.len() * MIN_RUN > next.len() {
                next = Pieces::whole(Rc::new(next.copy_out()));
            }
            let next = Rc::new(next);
            self.cache.put((pack, at), kind, &next);
            pieces = next;
        }
        let data = if pieces.is_whole() {
            Rc::clone(&pieces.root)
        } else {
            Rc::new(pieces.copy_out())
        };
        Some((kind, data))
    }
}

/// The average run of bytes below which an object of a delta chain is copied out whole rather
/// than kept as pieces ([`Pieces`]).
const MIN_RUN: usize = 256;

/// Inflates an entry's data into `out`, which is exactly its declared size: `None` unless the
/// zlib stream there inflates to exactly that. Returns a bound on the pack bytes read (a zlib
/// stream is at most a few bytes per 16 KiB longer than its data).
fn inflate(
    d: &mut libdeflater::Decompressor,
    pack: &[u8],
    entry: &data::Entry,
    out: &mut [u8],
) -> Option<usize> {
    let start = usize::try_from(entry.data_offset).ok()?;
    let bound = out.len() + out.len() / 1024 + 64;
    let end = start.saturating_add(bound).min(pack.len());
    let written = d.zlib_decompress(pack.get(start..end)?, out).ok()?;
    (written == out.len()).then_some(end - start)
}

/// A size of a delta's header (7 bits a byte, least significant first); the size and the bytes
/// it took.
fn delta_size(d: &[u8]) -> Option<(u64, usize)> {
    let mut size = 0u64;
    for (i, &b) in d.iter().enumerate().take(10) {
        size |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((size, i + 1));
        }
    }
    None
}

/// One instruction of a git delta: copy bytes of the base, or insert bytes of the delta.
enum Instruction {
    Copy { offset: usize, size: usize },
    Insert { start: usize, size: usize },
}

/// The instructions of a git delta after its two sizes, in order; `None` for a malformed
/// one (an unknown instruction, or one that runs past the end of the delta).
fn instructions(delta: &[u8], mut i: usize) -> impl Iterator<Item = Option<Instruction>> + '_ {
    std::iter::from_fn(move || {
        if i >= delta.len() {
            return None;
        }
        let cmd = delta[i];
        i += 1;
        Some(if cmd & 0x80 != 0 {
            let mut offset = 0usize;
            let mut size = 0usize;
            for bit in 0..4 {
                if cmd & (1 << bit) != 0 {
                    let Some(&b) = delta.get(i) else {
                        i = delta.len();
                        return Some(None);
                    };
                    offset |= usize::from(b) << (8 * bit);
                    i += 1;
                }
            }
            for bit in 0..3 {
                if cmd & (0x10 << bit) != 0 {
                    let Some(&b) = delta.get(i) else {
                        i = delta.len();
                        return Some(None);
                    };
                    size |= usize::from(b) << (8 * bit);
                    i += 1;
                }
            }
            if size == 0 {
                size = 0x10000;
            }
            Some(Instruction::Copy { offset, size })
        } else if cmd == 0 || i + usize::from(cmd) > delta.len() {
            i = delta.len();
            None
        } else {
            let start = i;
            i += usize::from(cmd);
            Some(Instruction::Insert {
                start,
                size: usize::from(cmd),
            })
        })
    })
}

/// Where a run of an object's bytes comes from.
#[derive(Clone)]
enum Source {
    /// The whole object the pieces are of, from this offset.
    Root(usize),
    /// A delta's inserted bytes, from this offset of the delta.
    Data(Rc<Vec<u8>>, usize),
}

/// An object of a delta chain as the runs of bytes it is made of, in order, each taken from the
/// chain's root or from a delta; without copying any of them. A delta applied to such an
/// object gives another ([`Pieces::compose`]); the object's bytes are copied out once, when it
/// is read ([`Pieces::copy_out`]).
struct Pieces {
    /// The whole object the runs are taken from (the chain's root, or an object of the chain
    /// that was copied out).
    root: Rc<Vec<u8>>,
    /// Each run's end in the object, and where it comes from.
    runs: Vec<(usize, Source)>,
}

impl Pieces {
    /// A whole object: one run of all its bytes.
    fn whole(root: Rc<Vec<u8>>) -> Pieces {
        let len = root.len();
        Pieces {
            runs: if len == 0 {
                Vec::new()
            } else {
                vec![(len, Source::Root(0))]
            },
            root,
        }
    }

    fn len(&self) -> usize {
        self.runs.last().map_or(0, |(end, _)| *end)
    }

    /// Whether it is its root, whole.
    fn is_whole(&self) -> bool {
        match self.runs.as_slice() {
            [(end, Source::Root(0))] => *end == self.root.len(),
            [] => self.root.is_empty(),
            _ => false,
        }
    }

    /// The object that `delta` (a git delta whose base is this object) gives: `None` when the
    /// delta does not fit this object, copies from beyond it, asks for more than `limit`
    /// bytes, or does not produce the size it declares.
    fn compose(&self, delta: Rc<Vec<u8>>, limit: u64) -> Option<Pieces> {
        let (base_size, a) = delta_size(&delta)?;
        let (result_size, b) = delta_size(&delta[a..])?;
        if base_size != self.len() as u64 || result_size > limit {
            return None;
        }
        let result_size = usize::try_from(result_size).ok()?;
        let mut out = Pieces {
            root: Rc::clone(&self.root),
            runs: Vec::new(),
        };
        let mut end = 0usize;
        for instruction in instructions(&delta, a + b) {
            match instruction? {
                Instruction::Copy { offset, size } => {
                    let stop = offset.checked_add(size)?;
                    if stop > self.len() {
                        return None;
                    }
                    // The runs of this object that hold [offset, stop).
                    let mut i = self.runs.partition_point(|(e, _)| *e <= offset);
                    let mut at = offset;
                    while at < stop {
                        let (run_end, source) = &self.runs[i];
                        let run_start = if i == 0 { 0 } else { self.runs[i - 1].0 };
                        let take = (*run_end).min(stop) - at;
                        let skip = at - run_start;
                        let source = match source {
                            Source::Root(from) => Source::Root(from + skip),
                            Source::Data(data, from) => Source::Data(Rc::clone(data), from + skip),
                        };
                        end += take;
                        out.push(end, source, take);
                        at += take;
                        i += 1;
                    }
                }
                Instruction::Insert { start, size } => {
                    end += size;
                    out.push(end, Source::Data(Rc::clone(&delta), start), size);
                }
            }
            if end > result_size {
                return None;
            }
        }
        if end != result_size {
            return None;
        }
        Some(out)
    }

    /// Adds a run of `size` bytes from `source` that ends at `end`, joined to the last run when
    /// it continues it.
    fn push(&mut self, end: usize, source: Source, size: usize) {
        if size == 0 {
            return;
        }
        let last_size = match self.runs.as_slice() {
            [.., before, last] => last.0 - before.0,
            [last] => last.0,
            [] => 0,
        };
        if let Some((last_end, last)) = self.runs.last_mut() {
            let joined = match (&*last, &source) {
                (Source::Root(a), Source::Root(b)) => a + last_size == *b,
                (Source::Data(x, a), Source::Data(y, b)) => Rc::ptr_eq(x, y) && a + last_size == *b,
                _ => false,
            };
            if joined {
                *last_end = end;
                return;
            }
        }
        self.runs.push((end, source));
    }

    /// The bytes of its own (its runs) that keeping it costs, and the buffers it holds on to
    /// (the whole object first, then the deltas its runs are of), each once, as (address,
    /// length).
    fn holds(&self) -> (usize, Vec<(usize, usize)>) {
        let mut deltas: Vec<(usize, usize)> = Vec::new();
        for (_, source) in &self.runs {
            if let Source::Data(data, _) = source {
                let address = Rc::as_ptr(data) as usize;
                // Runs of one delta mostly follow one another.
                if deltas.last().map(|&(a, _)| a) != Some(address) {
                    deltas.push((address, data.len()));
                }
            }
        }
        deltas.sort_unstable();
        deltas.dedup();
        let mut buffers = Vec::with_capacity(deltas.len() + 1);
        buffers.push((Rc::as_ptr(&self.root) as usize, self.root.len()));
        buffers.extend(deltas);
        let own = self.runs.len() * std::mem::size_of::<(usize, Source)>();
        (own, buffers)
    }

    /// The object's bytes.
    fn copy_out(&self) -> Vec<u8> {
        let root = self.root.as_slice();
        let mut out = Vec::with_capacity(self.len());
        let mut start = 0;
        for (end, source) in &self.runs {
            let size = end - start;
            match source {
                Source::Root(from) => out.extend_from_slice(&root[*from..from + size]),
                Source::Data(data, from) => out.extend_from_slice(&data[*from..from + size]),
            }
            start = *end;
        }
        out
    }
}

/// A kept object: its kind, its pieces and its last use.
type Cached = (Kind, Rc<Pieces>, u64);

/// A buffer that kept objects hold: how many of them, its length, and the key of the whole
/// object that it is, when that is kept.
struct Held {
    holders: u32,
    len: usize,
    whole: Option<(u32, u64)>,
}

/// Objects by (pack, offset), least recently used first out, at most `cap` bytes.
///
/// What an object costs is counted as what it holds: its runs, and every buffer its runs are
/// of (the chain's whole root, the deltas), each buffer once however many kept objects share
/// it. The pieces of one chain share its root: counted with each of them (as a part or
/// whole), a large root (a generated page of 450 KB, 50 deltas deep) made its chain's pieces
/// push one another out, and the root was inflated again for every other version.
struct Cache {
    entries: HashMap<(u32, u64), Cached>,
    /// Last use → key.
    order: BTreeMap<u64, (u32, u64)>,
    /// The buffers that kept objects hold, by address. (An address stays that buffer's while
    /// a kept object holds it.)
    buffers: HashMap<usize, Held>,
    bytes: usize,
    cap: usize,
    tick: u64,
}

impl Cache {
    fn new(cap: usize) -> Self {
        Cache {
            entries: HashMap::new(),
            order: BTreeMap::new(),
            buffers: HashMap::new(),
            bytes: 0,
            cap,
            tick: 0,
        }
    }

    /// The object kept at `key`. Using it uses its root too: the whole object it is pieces of
    /// stays while its pieces are read (let go first, it would be inflated again for the next
    /// version of the chain that is not kept, although its pieces hold its bytes).
    fn get(&mut self, key: (u32, u64)) -> Option<(Kind, Rc<Pieces>)> {
        let (kind, pieces) = self.touch(key)?;
        let root = self.buffers.get(&(Rc::as_ptr(&pieces.root) as usize));
        if let Some(whole) = root.and_then(|held| held.whole) {
            if whole != key {
                self.touch(whole);
            }
        }
        Some((kind, pieces))
    }

    fn touch(&mut self, key: (u32, u64)) -> Option<(Kind, Rc<Pieces>)> {
        let (kind, pieces, used) = self.entries.get_mut(&key)?;
        self.order.remove(used);
        self.tick += 1;
        *used = self.tick;
        self.order.insert(self.tick, key);
        Some((*kind, Rc::clone(pieces)))
    }

    /// Keeps `pieces`, letting the least recently used go until the cache is within its bound
    /// again.
    fn put(&mut self, key: (u32, u64), kind: Kind, pieces: &Rc<Pieces>) {
        if self.entries.contains_key(&key) {
            return;
        }
        let (own, buffers) = pieces.holds();
        // What keeping it adds: its own bytes and the buffers no kept object holds. More than
        // half the cache would push out most of it. (A chain's root up to that size is kept:
        // were it not, each of its versions would inflate it again.)
        let adds = own
            + buffers
                .iter()
                .filter(|(address, _)| !self.buffers.contains_key(address))
                .map(|&(_, len)| len)
                .sum::<usize>();
        if adds > self.cap / 2 {
            return;
        }
        // The first buffer is the whole object; it is this one when this one is whole.
        let whole = pieces.is_whole();
        self.bytes += own;
        for (n, (address, len)) in buffers.into_iter().enumerate() {
            let held = self.buffers.entry(address).or_insert(Held {
                holders: 0,
                len,
                whole: None,
            });
            if held.holders == 0 {
                self.bytes += len;
            }
            held.holders += 1;
            if whole && n == 0 {
                held.whole = Some(key);
            }
        }
        self.tick += 1;
        self.order.insert(self.tick, key);
        self.entries
            .insert(key, (kind, Rc::clone(pieces), self.tick));
        // Never the object just kept: it is the most recently used.
        while self.bytes > self.cap && self.order.len() > 1 {
            let Some((_, old)) = self.order.pop_first() else {
                break;
            };
            if let Some((_, gone, _)) = self.entries.remove(&old) {
                self.let_go(&gone);
            }
        }
    }

    /// Counts off what `pieces` held: its own bytes, and each buffer that no kept object holds
    /// any more.
    fn let_go(&mut self, pieces: &Pieces) {
        let (own, buffers) = pieces.holds();
        let whole = pieces.is_whole();
        self.bytes -= own;
        for (n, (address, _)) in buffers.into_iter().enumerate() {
            if let Some(held) = self.buffers.get_mut(&address) {
                held.holders -= 1;
                if whole && n == 0 {
                    held.whole = None;
                }
                if held.holders == 0 {
                    self.bytes -= held.len;
                    self.buffers.remove(&address);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `delta` applied to `base` through [`Pieces`], copied out.
    fn apply(base: &[u8], delta: &[u8], limit: u64) -> Option<Vec<u8>> {
        let whole = Pieces::whole(Rc::new(base.to_vec()));
        Some(whole.compose(Rc::new(delta.to_vec()), limit)?.copy_out())
    }

    #[test]
    fn a_delta_copies_from_its_base_and_inserts_its_own_bytes() {
        let base = b"hello, world\n";
        // base size 13, result size 19; copy 7 bytes from 0 ("hello, "), insert "there ",
        // copy 6 bytes from 7 ("world\n").
        let delta = [
            13, 19, 0x90, 7, 6, b't', b'h', b'e', b'r', b'e', b' ', 0x91, 7, 6,
        ];
        assert_eq!(
            apply(base, &delta, 1 << 20).as_deref(),
            Some(&b"hello, there world\n"[..])
        );
        // A wrong base size, a copy beyond the base, a result over the limit or shorter than
        // declared, an insert cut short and the reserved instruction 0 are refused.
        let mut wrong = delta;
        wrong[0] = 12;
        assert_eq!(apply(base, &wrong, 1 << 20), None);
        let mut beyond = delta;
        beyond[12] = 8;
        assert_eq!(apply(base, &beyond, 1 << 20), None);
        assert_eq!(apply(base, &delta, 10), None);
        assert_eq!(apply(base, &delta[..11], 1 << 20), None);
        assert_eq!(apply(base, &delta[..7], 1 << 20), None);
        let mut reserved = delta;
        reserved[2] = 0;
        assert_eq!(apply(base, &reserved, 1 << 20), None);
    }

    /// A git delta from `base` made of `ops` (copy `(offset, size)` or insert bytes).
    fn encode(base_len: usize, ops: &[Result<(usize, usize), Vec<u8>>]) -> Vec<u8> {
        let size = |out: &mut Vec<u8>, mut n: usize| loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        };
        let result: usize = ops
            .iter()
            .map(|op| match op {
                Ok((_, n)) => *n,
                Err(bytes) => bytes.len(),
            })
            .sum();
        let mut d = Vec::new();
        size(&mut d, base_len);
        size(&mut d, result);
        for op in ops {
            match op {
                Ok((offset, n)) => {
                    let mut cmd = 0x80u8;
                    let mut args = Vec::new();
                    for bit in 0..4 {
                        let b = (offset >> (8 * bit)) as u8;
                        if b != 0 {
                            cmd |= 1 << bit;
                            args.push(b);
                        }
                    }
                    for bit in 0..3 {
                        let b = (n >> (8 * bit)) as u8;
                        if b != 0 {
                            cmd |= 0x10 << bit;
                            args.push(b);
                        }
                    }
                    d.push(cmd);
                    d.extend(args);
                }
                Err(bytes) => {
                    d.push(bytes.len() as u8);
                    d.extend_from_slice(bytes);
                }
            }
        }
        d
    }

    /// A chain of deltas composed one on another gives, at every step, the bytes that copying
    /// and inserting them one after the other gives; the pieces join runs that continue each
    /// other, and a delta that does not fit its base is refused at any depth.
    #[test]
    fn composed_deltas_give_the_bytes_of_the_deltas_applied_in_turn() {
        // A small deterministic generator (xorshift): the same chains on every run.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _chain in 0..50 {
            let mut object: Vec<u8> = (0..2000 + next(3000)).map(|_| next(256) as u8).collect();
            let mut pieces = Pieces::whole(Rc::new(object.clone()));
            for depth in 0..30 {
                // Copies of random ranges of the object before, and inserts of new bytes.
                let mut ops = Vec::new();
                let mut expected = Vec::new();
                for _ in 0..1 + next(12) {
                    if next(3) == 0 {
                        let bytes: Vec<u8> = (0..1 + next(127)).map(|_| next(256) as u8).collect();
                        expected.extend_from_slice(&bytes);
                        ops.push(Err(bytes));
                    } else {
                        let offset = next(object.len());
                        let n = 1 + next(object.len() - offset);
                        expected.extend_from_slice(&object[offset..offset + n]);
                        ops.push(Ok((offset, n)));
                    }
                }
                let delta = encode(object.len(), &ops);
                let composed = pieces.compose(Rc::new(delta.clone()), 1 << 30).unwrap();
                assert_eq!(composed.copy_out(), expected, "depth {depth}");
                assert!(composed.runs.len() <= ops.len() * (pieces.runs.len() + 1));
                // The same delta against an object one byte longer does not fit it.
                let mut longer = object.clone();
                longer.push(0);
                assert!(Pieces::whole(Rc::new(longer))
                    .compose(Rc::new(delta), 1 << 30)
                    .is_none());
                object = expected;
                pieces = composed;
            }
        }
        // A copy of what the base took from its own base, whole: one run, not two.
        let root = Rc::new(b"abcdefgh".to_vec());
        let first = Pieces::whole(Rc::clone(&root))
            .compose(Rc::new(encode(8, &[Ok((0, 4)), Ok((4, 4))])), 100)
            .unwrap();
        assert_eq!(first.runs.len(), 1);
        let second = first
            .compose(Rc::new(encode(8, &[Ok((2, 3)), Err(b"xy".to_vec())])), 100)
            .unwrap();
        assert_eq!(second.copy_out(), b"cdexy");
        assert_eq!(second.runs.len(), 2);
    }

    #[test]
    fn an_entry_inflates_to_exactly_its_declared_size() {
        let object = b"fn main() {\n    println!(\"hello\");\n}\n".repeat(20);
        let mut z = libdeflater::Compressor::new(libdeflater::CompressionLvl::default());
        let mut stream = vec![0; z.zlib_compress_bound(object.len())];
        let n = z.zlib_compress(&object, &mut stream).unwrap();
        stream.truncate(n);
        // The entry's data sits in the pack between other bytes.
        let mut pack = vec![7u8; 12];
        pack.extend_from_slice(&stream);
        pack.extend_from_slice(&[9u8; 100]);
        let entry = |size: usize| data::Entry {
            header: Header::Blob,
            decompressed_size: size as u64,
            data_offset: 12,
            encoded_header_size: 0,
        };
        let mut d = libdeflater::Decompressor::new();
        let mut out = vec![0; object.len()];
        let read = inflate(&mut d, &pack, &entry(object.len()), &mut out).unwrap();
        assert_eq!(out, object);
        assert!(read >= n && 12 + read <= pack.len());
        // A declared size the stream does not give, either way, and a stream cut short or
        // damaged are refused.
        let mut short = vec![0; object.len() - 1];
        assert!(inflate(&mut d, &pack, &entry(object.len() - 1), &mut short).is_none());
        let mut long = vec![0; object.len() + 1];
        assert!(inflate(&mut d, &pack, &entry(object.len() + 1), &mut long).is_none());
        assert!(inflate(&mut d, &pack[..12 + n / 2], &entry(object.len()), &mut out).is_none());
        let mut damaged = pack.clone();
        damaged[12 + n / 2] ^= 0xff;
        let mut out2 = vec![0; object.len()];
        assert!(inflate(&mut d, &damaged, &entry(object.len()), &mut out2).is_none());
    }

    #[test]
    fn small_reads_count_by_pages_towards_a_release() {
        let packs = Packs {
            packs: Vec::new(),
            read: AtomicU64::new(0),
            released_at: AtomicU64::new(0),
            release_every: 3 * PAGE as u64,
        };
        // Three trees of 100 bytes keep three pages resident: the third read lets them go.
        packs.read_from(100);
        packs.read_from(100);
        assert_eq!(packs.released_at.load(Ordering::Relaxed), 0);
        packs.read_from(100);
        assert_eq!(packs.released_at.load(Ordering::Relaxed), 3 * PAGE as u64);
        // A large read counts its bytes.
        packs.read_from(5 * PAGE);
        assert_eq!(packs.read.load(Ordering::Relaxed), 8 * PAGE as u64);
        assert_eq!(packs.released_at.load(Ordering::Relaxed), 8 * PAGE as u64);
    }

    #[test]
    fn the_cache_keeps_the_most_recently_used_within_its_bound() {
        let mut cache = Cache::new(400);
        let put = |cache: &mut Cache, n: u8, len: usize| {
            let whole = Rc::new(Pieces::whole(Rc::new(vec![n; len])));
            cache.put((0, u64::from(n)), Kind::Blob, &whole);
        };
        put(&mut cache, 1, 100);
        put(&mut cache, 2, 100);
        put(&mut cache, 3, 100);
        assert!(cache.get((0, 1)).is_some());
        put(&mut cache, 4, 100);
        put(&mut cache, 5, 100);
        // (0, 2) was the least recently used.
        assert!(cache.get((0, 2)).is_none());
        assert_eq!(cache.get((0, 1)).unwrap().1.copy_out(), [1u8; 100]);
        assert!(cache.bytes <= 400);
        // More than half the bound: not kept.
        put(&mut cache, 6, 201);
        assert!(cache.get((0, 6)).is_none());
    }

    /// The versions of a chain share its root: kept together, the root counts once, and it is
    /// counted off when the last object holding it goes.
    #[test]
    fn the_cache_counts_a_shared_root_once() {
        let root = Rc::new(vec![7u8; 10_000]);
        let whole = Rc::new(Pieces::whole(Rc::clone(&root)));
        let mut cache = Cache::new(24_000);
        cache.put((0, 0), Kind::Blob, &whole);
        // Twenty versions, each the root with three bytes of its own after it.
        let mut base = Rc::clone(&whole);
        for n in 1..=20u8 {
            let delta = encode(base.len(), &[Ok((0, 10_000)), Err(vec![n; 3])]);
            let next = Rc::new(base.compose(Rc::new(delta), 1 << 20).unwrap());
            cache.put((0, u64::from(n)), Kind::Blob, &next);
            base = next;
        }
        // All kept: 10 KB of root, and each version's runs and delta.
        for n in 0..=20u8 {
            assert!(cache.get((0, u64::from(n))).is_some(), "version {n}");
        }
        assert!(
            cache.bytes > 10_000 && cache.bytes < 12_000,
            "{}",
            cache.bytes
        );
        // Objects of another chain push the oldest out; the root goes with the last that holds
        // it, and the count comes back to what is kept.
        for n in 100..115u8 {
            let other = Rc::new(Pieces::whole(Rc::new(vec![n; 1_500])));
            cache.put((1, u64::from(n)), Kind::Blob, &other);
        }
        assert!(cache.bytes <= 24_000);
        assert!(cache.get((0, 20)).is_none());
        let kept: usize = cache
            .entries
            .values()
            .map(|(_, p, _)| p.holds().0)
            .sum::<usize>()
            + cache.buffers.values().map(|held| held.len).sum::<usize>();
        assert_eq!(cache.bytes, kept);
        assert!(!cache.buffers.contains_key(&(Rc::as_ptr(&root) as usize)));

        // A version read keeps its root: the root is not inflated again for the next version
        // of its chain that is not kept, while objects of other chains come and go.
        let mut cache = Cache::new(24_000);
        cache.put((0, 0), Kind::Blob, &whole);
        let delta = encode(10_000, &[Ok((0, 10_000)), Err(vec![1; 3])]);
        let version = Rc::new(whole.compose(Rc::new(delta), 1 << 20).unwrap());
        cache.put((0, 1), Kind::Blob, &version);
        for n in 100..130u8 {
            assert!(cache.get((0, 1)).is_some());
            let other = Rc::new(Pieces::whole(Rc::new(vec![n; 1_500])));
            cache.put((1, u64::from(n)), Kind::Blob, &other);
        }
        assert!(cache.get((0, 0)).is_some());
    }
}
