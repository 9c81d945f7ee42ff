//! The licence scanner: a [`ContentScanner`] that matches licence texts against the SPDX licence
//! list (the `spdx` crate's askalono matcher and embedded text cache) and reads the top of source
//! files for `SPDX-License-Identifier:` lines, licence headers and copyright statements.
//!
//! It is built once per run and shared by every walker thread. Matching has three paths:
//!
//! - the fast path compares a text with a few dozen reference texts (the licences most texts are,
//!   from the `spdx` crate's texts, each prepared when first compared: about 50 ms of CPU for all
//!   of them, and a text is only compared with those of a length it can resemble) and accepts a
//!   match only when no other licence of the list can be closer (see [`reference_match`]);
//! - the middle path names a text made of reference texts with a few words around them (a
//!   preamble, two licences in one file), part by part under the same bound (see
//!   [`reference_parts`]);
//! - the slow path loads the whole SPDX list (about 150 ms, once per audit: it is let go when the
//!   walk's scanners finish, see [`release_list`]) and scans the text
//!   for every licence inside it, unless the text is so short that only the list's short texts
//!   could be named in it and none of them is (see [`list_names_nothing`]); from the [`INDEX_FROM`]th such text of the process on, it
//!   compares each part with the few list texts a candidate index finds nearest (`index.rs`: as
//!   many as it takes for the answer to be the whole list's). Only texts the other two cannot
//!   name take it.
//!
//! A licence header at the top of a source file is compared with the list's standard headers,
//! kept apart from the list (`list_texts.rs`), so that it never loads the list.
//!
//! Results are cached by a hash of the text's words (copyright lines left out), so the thousand
//! identical Apache-2.0 texts of a vendored tree cost one match and a thousand hashes. The cache
//! is kept between runs in the cache directory ([`LicenseScanner::with_memory`]), in a file
//! named after a fingerprint of this matcher (its source, the crate version, the SPDX list
//! version): a changed matcher starts afresh, never reuses an old answer.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use spdx::detection::{LicenseType, Store, TextData};

use super::index::{Best, ListIndex, Pairs, SLACK};
use super::list_texts::{LIST_HEADERS, LIST_SHORT_TEXTS, SHORT_PAIRS};
use super::{AdditionalTerms, LicenseScan, MatchedLicense, Ownership, SpdxHeader, TextMatch};
use crate::facts::scan::ContentScanner;
use crate::facts::{FileFacts, FileKind, Warning};

/// Below this similarity a text is "unrecognised", never a guess.
pub const CONFIDENCE_FLOOR: f32 = 0.8;
/// Above this, a whole-text match is taken as is (no search for further licences inside).
const SHALLOW_LIMIT: f32 = 0.99;
/// How much of the top of a source file is read for headers.
pub const HEADER_BYTES: usize = 4096;
/// Licence files larger than this are not matched (no licence text is this long).
const MAX_LICENSE_TEXT: usize = 512 * 1024;
/// A licence found inside a larger text must cover this share of its non-blank lines; a short
/// disclaimer that resembles a licence inside some other document is not that licence.
const MIN_COVERAGE: f32 = 0.4;
/// More words than this outside the licence(s) found means the text adds terms of its own.
const MAX_EXTRA_WORDS: usize = 12;
/// Phrases of a licence grant: a comment block without one is not matched against the list.
const GRANT: &[&str] = &[
    "licensed under",
    "license as published",
    "licence as published",
    "under the terms of",
    "permission is hereby granted",
    "redistribution and use",
    "is free software",
    "subject to the terms",
    "public domain",
    "license, version",
    "license version",
];
/// A licence header needs at least this many words to be matched.
const MIN_HEADER_WORDS: usize = 15;

/// `SPDX-License-Identifier: <expression>` (the expression up to the end of the line).
static SPDX_LINE: LazyLock<Regex> = LazyLock::new(|| {
    // At the start of a (comment) line: a mention of the tag inside prose is not a tag.
    Regex::new(r#"(?m)^[\s/*#;!<>\-(%'"]*SPDX-License-Identifier:[ \t]*([^\r\n]*)"#)
        .expect("valid regex")
});

/// A copyright statement with a year, or an "all rights reserved" notice.
static OWNERSHIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)(?:^[\s/*#;!<>\-]*(?:copyright|\(c\)|©)(?:\s*(?:\(c\)|©))?[\s:]*(?:\d{4}|by\s+\w)|all rights reserved)",
    )
    .expect("valid regex")
});

/// A copyright notice anywhere in a line: "Copyright (c)", "Copyright 2015", "(c) 2015", "©",
/// "All rights reserved".
static COPYRIGHT_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)copyright\s*(?:\(c\)|©|\d{4})|\(c\)\s*\d{4}|©|all rights reserved")
        .expect("valid regex")
});

/// A README heading that opens the licence section.
static LICENSE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(#{1,6})?[ \t]*(?:licen[cs]e|licen[cs]ing|copyright(?: and licen[cs]e)?)[ \t]*:?[ \t]*#*[ \t]*$")
        .expect("valid regex")
});

/// What a text matched: the licences, or a standard text with terms of its own.
type Found = (Vec<MatchedLicense>, Option<AdditionalTerms>);

self_cell::self_cell!(
    /// The SPDX licence list with its texts, and its candidate index (see `index.rs`), built
    /// when [`INDEX_FROM`] texts have needed the list.
    struct LoadedList {
        owner: Store,
        #[not_covariant]
        dependent: LazyIndex,
    }
);

type LazyIndex<'a> = OnceLock<ListIndex<'a>>;

/// The list, loaded when a text first needs it and shared by every walker thread; about 60 MiB
/// in memory, so an audit lets it go when its walk is over ([`release_list`]), rather than hold
/// it through the history passes.
static LIST: Reloadable<LoadedList> = Reloadable::new();

/// Lets the loaded licence list go: it is freed once no text being matched uses it (a text that
/// needs it later loads it again).
pub fn release_list() {
    LIST.release();
}

/// The loaded list, loading it if needed.
fn loaded_list() -> Result<Arc<LoadedList>, String> {
    LIST.get(|| load_store().map(|store| LoadedList::new(store, |_| OnceLock::new())))
}

/// A value loaded when first needed, shared, and let go on request: those who hold it keep it
/// until they are done; the next one to need it after that loads it again.
struct Reloadable<T> {
    slot: Mutex<Option<Result<Arc<T>, String>>>,
}

impl<T> Reloadable<T> {
    const fn new() -> Self {
        Reloadable {
            slot: Mutex::new(None),
        }
    }

    /// The value, loaded by `load` if it is not held (one thread loads, the others wait for it;
    /// a failure is kept as the answer until the next release).
    fn get(&self, load: impl FnOnce() -> Result<T, String>) -> Result<Arc<T>, String> {
        let mut slot = self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.get_or_insert_with(|| load().map(Arc::new)).clone()
    }

    fn release(&self) {
        *self
            .slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

/// The texts that needed the whole list in this process.
static LIST_TEXTS: AtomicUsize = AtomicUsize::new(0);

/// The whole list is compared through its candidate index from this many texts on: building the
/// index costs about what comparing a few texts with every list text does (a short text costs a
/// millisecond that way), which the one or two texts of a small repository would not repay.
const INDEX_FROM: usize = 8;

/// The scanner. Build it once per run with [`LicenseScanner::new`] or
/// [`LicenseScanner::with_memory`].
pub struct LicenseScanner {
    store_warned: AtomicBool,
    cache: Mutex<HashMap<(u8, u64), Found>>,
    keywords: AhoCorasick,
    /// The file the cache is loaded from and saved to, if any.
    memory: Option<PathBuf>,
    /// Whether this run matched a text the memory did not know.
    learned: AtomicBool,
}

impl Default for LicenseScanner {
    fn default() -> Self {
        Self::new()
    }
}

/// The largest memory file read (a few thousand distinct texts take well under this).
const MAX_MEMORY_BYTES: u64 = 8 * 1024 * 1024;

/// One remembered match, as saved between runs.
#[derive(serde::Serialize, serde::Deserialize)]
struct Remembered {
    kind: u8,
    key: u64,
    licenses: Vec<MatchedLicense>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    additional_terms: Option<AdditionalTerms>,
}

impl LicenseScanner {
    /// A scanner that forgets its matches at the end of the run. Neither the reference texts
    /// nor the licence list are loaded until a file needs them: a tree without licence texts
    /// never pays for them.
    ///
    /// # Panics
    /// Never: the keyword automaton is built from constants.
    #[must_use]
    pub fn new() -> Self {
        LicenseScanner {
            store_warned: AtomicBool::new(false),
            cache: Mutex::new(HashMap::new()),
            // The usual casings, searched case-sensitively: an automaton this small then runs
            // on a SIMD prefilter, several times faster than a case-insensitive one on the top
            // of every source file.
            keywords: AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build([
                    "licen",
                    "Licen",
                    "LICEN",
                    "copyright",
                    "Copyright",
                    "COPYRIGHT",
                    "(c)",
                    "(C)",
                    "©",
                    "rights reserved",
                    "Rights Reserved",
                    "RIGHTS RESERVED",
                ])
                .expect("constant patterns"),
            memory: None,
            learned: AtomicBool::new(false),
        }
    }

    /// A scanner that starts from the matches remembered under `cache_dir` (`None`: none) and
    /// saves what it learns there when [`finish`](ContentScanner::finish) is called. A missing,
    /// unreadable or malformed memory file is ignored (and replaced).
    #[must_use]
    pub fn with_memory(cache_dir: Option<&Path>) -> Self {
        let mut scanner = Self::new();
        let Some(dir) = cache_dir else {
            return scanner;
        };
        let path = dir
            .join("licence-matches")
            .join(format!("{:016x}.json", fingerprint()));
        let remembered: Vec<Remembered> = std::fs::File::open(&path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.len() <= MAX_MEMORY_BYTES))
            .and_then(|f| serde_json::from_reader(std::io::BufReader::new(f)).ok())
            .unwrap_or_default();
        let cache = scanner
            .cache
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for r in remembered {
            cache.insert((r.kind, r.key), (r.licenses, r.additional_terms));
        }
        scanner.memory = Some(path);
        scanner
    }

    /// Saves the matches to the memory file, if this run learnt any: written to a temporary
    /// file and renamed, so that two audits at once never leave a torn file. Older memory
    /// files (of other matcher versions) are removed.
    fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.memory else {
            return Ok(());
        };
        if !self.learned.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut entries: Vec<Remembered> = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .map(|(&(kind, key), (licenses, terms))| Remembered {
                kind,
                key,
                licenses: licenses.clone(),
                additional_terms: terms.clone(),
            })
            .collect();
        entries.sort_by_key(|r| (r.kind, r.key));
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{}.tmp", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec(&entries)?)?;
        std::fs::rename(&tmp, path)?;
        for old in std::fs::read_dir(dir)?.flatten() {
            let p = old.path();
            if p != *path && p.extension().is_some_and(|e| e == "json") {
                let _ = std::fs::remove_file(p);
            }
        }
        Ok(())
    }

    fn loaded(&self, warnings: &mut Vec<Warning>, path: &str) -> Option<Arc<LoadedList>> {
        match loaded_list() {
            Ok(list) => Some(list),
            Err(e) => {
                if !self.store_warned.swap(true, Ordering::Relaxed) {
                    warnings.push(Warning {
                        path: Some(path.to_owned()),
                        message: format!("the licence list could not be loaded: {e}"),
                    });
                }
                None
            }
        }
    }

    /// `f` with the whole list, for one more text: through its candidate index from the
    /// [`INDEX_FROM`]th text of the process on (or if it is built already), else text by text.
    fn with_list<T>(
        &self,
        warnings: &mut Vec<Warning>,
        path: &str,
        f: impl FnOnce(List<'_, '_>) -> T,
    ) -> Option<T> {
        let loaded = self.loaded(warnings, path)?;
        let texts = LIST_TEXTS.fetch_add(1, Ordering::Relaxed) + 1;
        Some(loaded.with_dependent(|store, index| {
            f(match index.get() {
                Some(index) => List::Index(index),
                None if texts >= INDEX_FROM => {
                    List::Index(index.get_or_init(|| ListIndex::new(store)))
                }
                None => List::Every(store),
            })
        }))
    }

    /// Matches a licence file: a licence text, the "or any later version" notice of a GNU
    /// licence before its text, a licence's standard notice saved as the file, an
    /// `SPDX-License-Identifier:` line (see [`file_match`]).
    pub fn match_text(&self, text: &str, path: &str, warnings: &mut Vec<Warning>) -> TextMatch {
        self.match_with(text, path, warnings, true)
    }

    /// Matches a README's licence section: licence texts only. A statement in prose there is
    /// read apart, with the other statements about the licensing (`statement.rs`).
    pub fn match_section(&self, text: &str, path: &str, warnings: &mut Vec<Warning>) -> TextMatch {
        self.match_with(text, path, warnings, false)
    }

    fn match_with(
        &self,
        text: &str,
        path: &str,
        warnings: &mut Vec<Warning>,
        file: bool,
    ) -> TextMatch {
        let text = if text.len() > MAX_LICENSE_TEXT {
            &text[..floor_char_boundary(text, MAX_LICENSE_TEXT)]
        } else {
            text
        };
        // A third-party inventory (`LICENSE-THIRD-PARTY`, `NOTICE`) lists the licences of the
        // code it names, each entry read apart (`notices.rs`): the whole of it is never one
        // licence of the list, and comparing it with the whole list (the slowest match there
        // is, on the longest texts) names nothing. Only a common licence's text, as a whole
        // file, is still named.
        let inventory =
            file && super::notices::is_inventory_name(path.rsplit('/').next().unwrap_or(path));
        // The key is computed from the raw text, so that the thousand copies of one licence in a
        // vendored tree cost a hash each, not a normalisation.
        let kind = match (file, inventory) {
            (true, false) => 0u8,
            (true, true) => 3,
            (false, _) => 2,
        };
        let key = (kind, text_key(text));
        let (licenses, additional_terms) = if let Some(hit) = self.cached(key) {
            hit
        } else {
            let mut whole = |t: &str| -> Option<Found> {
                if let Some(found) = verbatim_match(t) {
                    return Some(found);
                }
                let td = TextData::new(t);
                // An inventory's parts are its entries' licences, read apart: searching it for
                // the stretches that are reference texts (dozens of comparisons per stretch on
                // the longest texts) names nothing the entries do not.
                let parts = || (!inventory).then(|| reference_parts(&td, t)).flatten();
                match reference_match(&td, t).or_else(parts) {
                    Some(found) => Some(found),
                    // A README's licence section is most often prose about the licensing (read
                    // apart, by the statements reader): only one with the words of a licence's
                    // text is compared with the list. Then what the list would answer, without
                    // loading it (its short texts are prepared when first compared: a few
                    // milliseconds, which a README's sentence about its licence does not need).
                    None if inventory
                        || (!file && !LICENCE_TEXT_WORDS.is_match(t))
                        || list_names_nothing(&td) =>
                    {
                        Some((Vec::new(), None))
                    }
                    None => self.with_list(warnings, path, |list| scan_text(list, &td, t)),
                }
            };
            let found = if file {
                file_match(text, &mut whole)
            } else {
                whole(text)
            };
            let Some(found) = found else {
                return TextMatch::default();
            };
            self.remember(key, found.clone());
            found
        };
        let proprietary_notice =
            licenses.is_empty() && additional_terms.is_none() && is_proprietary_notice(text);
        TextMatch {
            licenses,
            proprietary_notice,
            additional_terms,
        }
    }

    /// Matches a licence header (the comment block at the top of a source file).
    fn match_header(&self, block: &str) -> Vec<MatchedLicense> {
        let key = (1u8, text_key(block));
        if let Some(hit) = self.cached(key) {
            return hit.0;
        }
        let td = TextData::new(block);
        // A whole common licence pasted into the comment, else the best of the list's standard
        // headers (comparing with headers only: a header is short, the texts are long). The
        // headers are kept apart from the list (`list_texts.rs`): a header never loads it.
        let found = if let Some((found, _)) = reference_match(&td, block) {
            found
        } else {
            match best_list_header(&td) {
                Some((name, score)) => spdx_name(name, LicenseType::Header, block)
                    .map(|spdx| MatchedLicense {
                        spdx,
                        confidence: round(score),
                    })
                    .into_iter()
                    .collect(),
                None => Vec::new(),
            }
        };
        self.remember(key, (found.clone(), None));
        found
    }

    fn cached(&self, key: (u8, u64)) -> Option<Found> {
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned()
    }

    fn remember(&self, key: (u8, u64), found: Found) {
        self.learned.store(true, Ordering::Relaxed);
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, found);
    }

    /// The top of a source file: SPDX lines, a licence header, a copyright line.
    fn scan_head(&self, head: &str, scan: &mut LicenseScan) {
        if self.keywords.find(head).is_none() {
            return;
        }
        for cap in SPDX_LINE.captures_iter(head) {
            let Some(m) = cap.get(1) else { continue };
            let expression = clean_spdx_value(m.as_str());
            if expression.is_empty() {
                continue;
            }
            scan.spdx_headers.push(SpdxHeader {
                expression,
                line: line_of(head, m.start()),
            });
        }
        if scan.ownership.is_none() {
            scan.ownership = ownership(head);
        }
        if scan.spdx_headers.is_empty() {
            if let Some(block) = leading_comment(head) {
                let lower = block.to_ascii_lowercase();
                if GRANT.iter().any(|g| lower.contains(g))
                    && block.split_whitespace().count() >= MIN_HEADER_WORDS
                {
                    scan.header = self.match_header(&block);
                }
            }
        }
    }
}

impl ContentScanner for LicenseScanner {
    fn name(&self) -> &'static str {
        "licenses"
    }

    fn wants(&self, file: &FileFacts) -> bool {
        file.is(FileKind::LICENSE) || file.is(FileKind::SOURCE) || is_root_readme(file)
    }

    fn scan(&self, content: &[u8], file: &mut FileFacts, warnings: &mut Vec<Warning>) {
        let mut scan = LicenseScan::default();
        if file.is(FileKind::LICENSE) {
            let text = crate::facts::lossy_text(content);
            scan.text = Some(self.match_text(&text, &file.path, warnings));
            scan.ownership = ownership(&text);
        } else if is_root_readme(file) {
            let text = crate::facts::lossy_text(content);
            if let Some((section, first_line)) = license_section(&text) {
                let mut m = self.match_section(&section, &file.path, warnings);
                m.proprietary_notice = m.licenses.is_empty() && is_proprietary_notice(&section);
                scan.text = Some(m);
                scan.section_line = Some(first_line);
            }
            scan.ownership = ownership(&text);
        } else {
            let head = &content[..floor_boundary_bytes(content, HEADER_BYTES)];
            let head = crate::facts::lossy_text(leading_region(head));
            self.scan_head(&head, &mut scan);
        }
        file.scan.licenses = scan;
    }

    fn finish(&self, warnings: &mut Vec<Warning>) {
        release_list();
        if let Err(e) = self.save() {
            warnings.push(Warning {
                path: None,
                message: format!("the licence matches could not be saved in the cache: {e}"),
            });
        }
    }
}

/// A fingerprint of the matcher: its source and its answers' types, the crate version and the
/// SPDX list version. A remembered match is only reused by the very matcher that made it.
fn fingerprint() -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    include_str!("scanner.rs").hash(&mut h);
    include_str!("expr.rs").hash(&mut h);
    include_str!("index.rs").hash(&mut h);
    include_str!("list_texts.rs").hash(&mut h);
    // The notices are read as statements are.
    include_str!("statement.rs").hash(&mut h);
    // The remembered answers' types.
    include_str!("mod.rs").hash(&mut h);
    spdx::identifiers::VERSION.hash(&mut h);
    spdx::identifiers::LICENSES.len().hash(&mut h);
    h.finish()
}

/// The reference texts of the fast path: the licences most texts are, each with its similarity
/// to the nearest licence of the list outside its own family (measured, and checked by the
/// tests).
const REFERENCES: &[(&str, Part, f32)] = &[
    ("MIT", Part::Whole, 0.973),
    ("Apache-2.0", Part::Whole, 0.954),
    // Many projects ship the terms without the appendix (how to apply the licence). Compared
    // with the whole list, that text is nearer to the Pixar licence (the same terms with another
    // trademark clause and no appendix) than to the whole Apache-2.0 text.
    (
        "Apache-2.0",
        Part::Through("END OF TERMS AND CONDITIONS"),
        0.983,
    ),
    // ... or with the appendix's advice but not its boilerplate notice.
    (
        "Apache-2.0",
        Part::Through("identification within third-party archives."),
        0.955,
    ),
    // The licence of much of the Rust and LLVM world: the whole Apache-2.0 text, then the
    // exception's.
    ("Apache-2.0", Part::WithException("LLVM-exception"), 0.957),
    ("BSD-2-Clause", Part::Whole, 0.937),
    ("BSD-3-Clause", Part::Whole, 0.946),
    ("ISC", Part::Whole, 0.9231),
    ("Zlib", Part::Whole, 0.900),
    ("Unlicense", Part::Whole, 0.537),
    ("0BSD", Part::Whole, 0.9231),
    ("MPL-2.0", Part::Whole, 0.957),
    ("BSL-1.0", Part::Whole, 0.582),
    ("CC0-1.0", Part::Whole, 0.188),
    ("Unicode-DFS-2016", Part::Whole, 0.931),
    ("Unicode-3.0", Part::Whole, 0.863),
    ("MIT-0", Part::Whole, 0.901),
    ("GPL-2.0-or-later", Part::Whole, 0.885),
    ("GPL-3.0-or-later", Part::Whole, 0.9182),
    ("LGPL-2.1-or-later", Part::Whole, 0.888),
    ("LGPL-3.0-or-later", Part::Whole, 0.902),
    ("AGPL-3.0-or-later", Part::Whole, 0.9182),
];

/// Which part of a licence's text a reference is.
#[derive(Clone, Copy)]
enum Part {
    Whole,
    /// From the start through the end of this phrase.
    Through(&'static str),
    /// The whole text, then this exception's text: `<licence> WITH <exception>`.
    WithException(&'static str),
}

/// A reference text, prepared for comparison when first compared.
struct Reference {
    /// The SPDX id or `WITH` expression it stands for.
    name: String,
    nearest: f32,
    /// The word pairs the matcher counts in it (see [`REFERENCE_PAIRS`]).
    pair_count: usize,
    text: std::borrow::Cow<'static, str>,
    /// Its matcher's data: about a millisecond per reference (up to five on the longest), made
    /// when a text is first compared with it, and only texts long enough to be within its reach
    /// are (see [`reference_match`]).
    data: OnceLock<TextData>,
    /// Its word pairs, for the estimates that spare hopeless comparisons: made when the slow
    /// path first needs them (a third of the cost of preparing the references, which the fast
    /// path, most licence files, does not use).
    pairs: OnceLock<Pairs>,
}

impl Reference {
    fn data(&self) -> &TextData {
        self.data.get_or_init(|| TextData::new(&self.text))
    }

    fn pairs(&self) -> &Pairs {
        self.pairs.get_or_init(|| Pairs::of(self.data().lines()))
    }

    /// The licence family it belongs to (`Apache-2.0` for the Apache texts with and without
    /// the LLVM exception): no text is within reach of references of two families (a test).
    fn family(&self) -> &str {
        super::expr::family(self.name.split(" WITH ").next().unwrap_or(&self.name))
    }

    /// The highest similarity a text of `pairs` word pairs can have with this reference (see
    /// [`similarity_at_most`]).
    fn similarity_at_most(&self, pairs: PairCount) -> f32 {
        similarity_at_most(pairs, self.pair_count)
    }

    /// Whether a text of `pairs` word pairs can be within reach of this reference.
    fn reachable(&self, pairs: PairCount) -> bool {
        within_reach(self.similarity_at_most(pairs), self.nearest)
    }
}

/// The highest similarity a text of `pairs` word pairs can have with a text of `r` pairs: that
/// of texts of `a` and `b` pairs is at most `2 min(a, b) / (a + b)`, which for `a < b` grows
/// with `a` and for `a > b` falls with it (the small margin covers the rounding of `f32`). A
/// text known only to have at most as many pairs as the other, or more, can be anything.
#[allow(clippy::cast_precision_loss)]
fn similarity_at_most(pairs: PairCount, r: usize) -> f32 {
    let (n, rf) = (pairs.most as f32, r as f32);
    if pairs.most < r {
        2.0 * n / (n + rf) + 1e-3
    } else if pairs.exact {
        2.0 * rf / (n + rf) + 1e-3
    } else {
        1.0
    }
}

/// The word pairs the matcher counts in each of the [`REFERENCES`] texts, in its order
/// (`reference_table_is_safe` checks each).
const REFERENCE_PAIRS: [usize; REFERENCES.len()] = [
    162, 1577, 1414, 1497, 1719, 185, 216, 111, 131, 198, 97, 2339, 209, 1069, 397, 312, 140, 2902,
    5622, 4361, 6848, 5509,
];

/// The reference texts, from the `spdx` crate's licence texts (each prepared when first
/// compared, see [`Reference::data`]).
static REFERENCE_DATA: LazyLock<Vec<Reference>> = LazyLock::new(|| {
    REFERENCES
        .iter()
        .zip(REFERENCE_PAIRS)
        .filter_map(|(&(name, part, nearest), pair_count)| {
            let text = spdx::license_id(name)?.text();
            let (name, text) = match part {
                Part::Whole => (name.to_owned(), text.into()),
                Part::Through(phrase) => (
                    name.to_owned(),
                    text[..text.find(phrase)? + phrase.len()].into(),
                ),
                Part::WithException(exception) => {
                    let extra = spdx::exception_id(exception)?.text();
                    (
                        format!("{name} WITH {exception}"),
                        format!("{text}\n\n{extra}").into(),
                    )
                }
            };
            Some(Reference {
                name,
                nearest,
                pair_count,
                text,
                data: OnceLock::new(),
                pairs: OnceLock::new(),
            })
        })
        .collect()
});

/// Prepares `references` (tens of milliseconds of CPU for all of them: in two halves side by
/// side, when more than one is left to prepare).
fn prepare(references: &[&Reference]) {
    if references
        .iter()
        .filter(|r| r.data.get().is_none())
        .nth(1)
        .is_some()
    {
        in_halves(references, |r| {
            r.data();
            None::<()>
        });
    }
}

/// Every reference text, prepared (the slow path compares a text's parts with all of them).
fn all_references() -> &'static [Reference] {
    static ALL: OnceLock<()> = OnceLock::new();
    ALL.get_or_init(|| prepare(&REFERENCE_DATA.iter().collect::<Vec<_>>()));
    &REFERENCE_DATA
}

/// The most word pairs the matcher can count in a text: its normalisation after the lines only
/// removes or joins words (see [`list_names_nothing`]), so the words of the lines bound it.
fn pairs_at_most(td: &TextData) -> usize {
    td.lines()
        .iter()
        .map(|l| l.split_whitespace().count())
        .sum::<usize>()
        .saturating_sub(1)
}

/// What is known of the word pairs the matcher counts in a text.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PairCount {
    /// At most this many (exactly this many when `exact`).
    most: usize,
    exact: bool,
}

impl PairCount {
    /// The bound of [`pairs_at_most`] alone: what tells which of the list's short texts a text
    /// is too short to reach, without the probes of [`pairs_exactly`] (a header's count is
    /// otherwise made twice, once for the references and once for the headers).
    fn at_most(td: &TextData) -> PairCount {
        PairCount {
            most: pairs_at_most(td),
            exact: false,
        }
    }

    /// The bound of [`pairs_at_most`], made exact (see [`pairs_exactly`]) when the text may be
    /// longer than one of the references (the bound then says nothing about that one).
    fn of(td: &TextData) -> PairCount {
        let most = pairs_at_most(td);
        let shortest = REFERENCE_PAIRS.iter().min().copied().unwrap_or(0);
        match (most >= shortest).then(|| pairs_exactly(td)).flatten() {
            Some(exact) => PairCount {
                most: exact,
                exact: true,
            },
            None => PairCount { most, exact: false },
        }
    }
}

/// How many lines [`pairs_exactly`] looks into for a pair of words to ask with, how many pairs
/// it tries at most, and from one line (the matcher drops some lines whole: a title, a
/// copyright line).
const PAIR_PROBE_LINES: usize = 12;
const PAIR_PROBES: usize = 8;
const PAIR_PROBES_A_LINE: usize = 2;

/// The word pairs the matcher counts in a text, read off its similarity with a text of one pair
/// that it holds: `2 / (n + 1)` for a text of `n` pairs (the matcher's similarity is twice the
/// pairs shared over the pairs of both). The one-pair text is two words side by side on one of
/// the text's first normalised lines that the matcher keeps as they are (ASCII letters and
/// digits, lowercased; no `copyright`, which makes it drop a line); the similarity says whether
/// the text holds it (`0` if the normalisation changed it), and the next pair is tried. `None`
/// when no pair tried is found.
fn pairs_exactly(td: &TextData) -> Option<usize> {
    let plain = |w: &&str| {
        w.bytes().all(|b| b.is_ascii_alphanumeric())
            && !w.to_ascii_lowercase().contains("copyright")
    };
    let pairs = td.lines().iter().take(PAIR_PROBE_LINES).flat_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        (1..words.len())
            .filter(|&i| plain(&words[i - 1]) && plain(&words[i]))
            .map(|i| format!("{} {}", words[i - 1], words[i]).to_ascii_lowercase())
            .take(PAIR_PROBES_A_LINE)
            .collect::<Vec<_>>()
    });
    for probe in pairs.take(PAIR_PROBES) {
        let similarity = TextData::new(&probe).match_score(td);
        if similarity > 0.0 {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let n = (2.0 / f64::from(similarity) - 1.0).round() as usize;
            // The count the similarity was computed from gives it back exactly.
            #[allow(clippy::cast_precision_loss)]
            return (2.0 / (n + 1) as f32 == similarity).then_some(n);
        }
    }
    None
}

/// Builds the index of the list's words now (about a millisecond; see [`crate::facts::warm`]).
/// Not the reference texts: most trees' licence texts are list texts word for word, named by
/// the index alone, and the reference texts cost about 50 ms of CPU, more than the rest of a
/// small tree's audit; each is prepared when a text or header of a length near enough to it is
/// first compared with it.
pub(crate) fn warm() {
    LazyLock::force(&VERBATIM_INDEX);
}

/// `items.iter().filter_map(f)`, its second half on a thread of its own: for the tables built on
/// first use. Not rayon: a table may first be used on a rayon worker (a walker thread's inline
/// pool, a check), where a rayon call inside the initialiser could wait on work that waits on
/// the initialiser.
fn in_halves<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Option<R> + Sync) -> Vec<R> {
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|s| {
        let second = s.spawn(|| second.iter().filter_map(&f).collect::<Vec<R>>());
        let mut out: Vec<R> = first.iter().filter_map(&f).collect();
        match second.join() {
            Ok(rest) => out.extend(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        out
    })
}

/// The one common licence a text is (verbatim, or near enough to one of the reference texts),
/// as an SPDX id; `None` for anything else. Cheap: the whole list is never loaded.
#[must_use]
pub fn common_license(text: &str) -> Option<String> {
    let (licenses, terms) =
        verbatim_match(text).or_else(|| reference_match(&TextData::new(text), text))?;
    match licenses.as_slice() {
        [one] if terms.is_none() => Some(one.spdx.clone()),
        _ => None,
    }
}

/// The fast path: a text nearly identical to one of the [`REFERENCES`] is that licence, without
/// comparing it with the whole list. "Nearly" is strict enough to be safe: the text must be
/// closer to the reference than half the distance from the reference to its nearest neighbour
/// (in the Ruzicka distance, `1 - J` with `J = D / (2 - D)` for the Dice similarity `D` the
/// matcher computes; it is a metric, so no other licence can then be closer to the text).
fn reference_match(td: &TextData, raw: &str) -> Option<Found> {
    let (name, score) = nearest_reference(td)?;
    let spdx = spdx_name(name, LicenseType::Original, raw)?;
    Some((
        vec![MatchedLicense {
            spdx,
            confidence: round(score),
        }],
        None,
    ))
}

/// The reference a text is within reach of, the nearest if several, with the similarity.
///
/// Only the references a text is long enough to reach are compared (a README's sentence about
/// its licence, a header, reach none), the one nearest in length first: a text within reach of
/// it is of its family, and only the rest of that family can be nearer.
fn nearest_reference(td: &TextData) -> Option<(&'static str, f32)> {
    let count = PairCount::of(td);
    let candidates: Vec<&'static Reference> = REFERENCE_DATA
        .iter()
        .filter(|r| r.reachable(count))
        .collect();
    let first = candidates
        .iter()
        .min_by_key(|r| r.pair_count.abs_diff(count.most))?;
    let in_reach = |r: &&'static Reference| {
        let s = r.data().match_score(td);
        within_reach(s, r.nearest).then_some((r.name.as_str(), s))
    };
    let candidates: Vec<&'static Reference> = if in_reach(first).is_some() {
        let family = first.family();
        candidates
            .into_iter()
            .filter(|r| r.family() == family)
            .collect()
    } else {
        prepare(&candidates);
        candidates
    };
    candidates
        .iter()
        .filter_map(in_reach)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The reference that matches part of a text (a line range the slow path found) better than
/// the licence the list named for it, with its score: the list has no Apache-2.0 without its
/// appendix, so it calls that text Pixar.
fn better_reference(part: &TextData, named: &str, score: f32) -> Option<(&'static Reference, f32)> {
    all_references()
        .iter()
        .filter(|r| r.name != named)
        .map(|r| (r, r.data().match_score(part)))
        .filter(|(_, s)| *s > score)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn load_store() -> Result<Store, String> {
    Store::load_inline().map_err(|e| e.to_string())
}

/// A short text of the list (see `list_texts.rs`): its matcher's data is prepared the first
/// time a text within its reach is compared with it (the headers and short texts together take
/// a few milliseconds, where the whole list takes a hundred or more; a source file's header of
/// twenty words reaches a quarter of them).
struct ShortText {
    name: &'static str,
    text: &'static str,
    /// The word pairs the matcher counts in it (from [`LIST_HEADER_PAIRS`] or
    /// [`LIST_SHORT_PAIRS`]).
    pairs: usize,
    data: OnceLock<TextData>,
}

/// The word pairs the matcher counts in each of [`LIST_HEADERS`], in its order; `0` for a
/// header it reads as no pairs at all (one line it drops whole). `the_short_list_texts_are_the_lists`
/// checks each: when `list_texts.rs` is written again, so are these.
const LIST_HEADER_PAIRS: [usize; LIST_HEADERS.len()] = [
    0, 0, 0, 0, 0, 0, 121, 79, 49, 84, 84, 289, 218, 7, 77, 0, 0, 0, 123, 100, 127, 102, 116, 90,
    101, 0, 105, 44, 73, 73, 96, 96, 101, 216, 35, 35, 76, 75, 0, 0, 0, 0, 0, 0, 152, 209, 81, 208,
    208, 0, 0, 101, 110, 179, 88, 9, 176, 6, 33, 0,
];

/// The same for each of [`LIST_SHORT_TEXTS`].
const LIST_SHORT_PAIRS: [usize; LIST_SHORT_TEXTS.len()] = [
    34, 23, 36, 43, 25, 18, 28, 36, 33, 20, 21, 27, 45, 34, 29, 17, 35, 37, 33, 20, 13, 40, 41, 43,
    25, 22, 40, 36, 28, 39, 26, 8, 28, 25, 18, 16, 32, 21, 42, 35, 30, 19, 19, 30, 29, 28, 29, 19,
];

impl ShortText {
    fn new(&(name, text): &(&'static str, &'static str), pairs: usize) -> Self {
        ShortText {
            name,
            text,
            pairs,
            data: OnceLock::new(),
        }
    }

    fn data(&self) -> &TextData {
        self.data.get_or_init(|| TextData::new(self.text))
    }

    /// Its similarity with a text of `pairs` word pairs, when it reaches the floor (a text of
    /// no pairs shares none with anything).
    fn score_reaching(&self, td: &TextData, pairs: PairCount) -> Option<f32> {
        (self.pairs > 0 && similarity_at_most(pairs, self.pairs) >= CONFIDENCE_FLOOR)
            .then(|| self.data().match_score(td))
            .filter(|s| *s >= CONFIDENCE_FLOOR)
    }
}

/// The list's standard headers.
static LIST_HEADER_DATA: LazyLock<Vec<ShortText>> = LazyLock::new(|| {
    LIST_HEADERS
        .iter()
        .zip(LIST_HEADER_PAIRS)
        .map(|(t, pairs)| ShortText::new(t, pairs))
        .collect()
});

/// The list's standard header most similar to a text, with the similarity, when it reaches
/// [`CONFIDENCE_FLOOR`]: what comparing the text with every header of the loaded list finds
/// (of equal bests, the last in the order of [`LIST_HEADERS`]); the headers the text is too
/// short to reach are not compared.
fn best_list_header(td: &TextData) -> Option<(&'static str, f32)> {
    let pairs = PairCount::at_most(td);
    LIST_HEADER_DATA
        .iter()
        .filter_map(|h| Some((h.name, h.score_reaching(td, pairs)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The list's short texts other than headers.
static SHORT_LIST_DATA: LazyLock<Vec<ShortText>> = LazyLock::new(|| {
    LIST_SHORT_TEXTS
        .iter()
        .zip(LIST_SHORT_PAIRS)
        .map(|(t, pairs)| ShortText::new(t, pairs))
        .collect()
});

/// The most lines of a text [`list_names_nothing`] reads (each run of them is compared).
const SHORT_TEXT_LINES: usize = 32;

/// Whether a text is short enough for [`list_names_nothing`] to tell (see there).
fn short_enough_to_tell(td: &TextData) -> bool {
    #[allow(clippy::cast_precision_loss)]
    let (a, b) = (pairs_at_most(td) as f32, (SHORT_PAIRS + 1) as f32);
    let (start, end) = td.lines_view();
    2.0 * a / (a + b) < CONFIDENCE_FLOOR && end - start <= SHORT_TEXT_LINES
}

/// Whether the whole list would name nothing in a short text (a README's licence section of a
/// sentence or two, a notice of a few lines), found without loading it: no list text reaches
/// [`CONFIDENCE_FLOOR`] on the text or on any run of its lines, which is all the list's scan
/// of a text looks at before it finds a licence in it. `false` means the list must decide.
///
/// The matcher's similarity of texts of `a` and `b` word pairs is `2m / (a + b)`, `m` the pairs
/// they share (at most `a`): below the floor for every `b > 1.5 a`. Its words are those of the
/// normalised lines after a normalisation that only removes or joins words, so the words of the
/// lines bound `a`, on the text and on any run of its lines. A text of at most 30 pairs so
/// bounded can then only reach the floor with a list text of at most [`SHORT_PAIRS`], which are
/// kept apart with the headers: the text's runs of lines are compared with those.
fn list_names_nothing(td: &TextData) -> bool {
    if !short_enough_to_tell(td) {
        return false;
    }
    let (start, end) = td.lines_view();
    let short = SHORT_LIST_DATA.iter().chain(LIST_HEADER_DATA.iter());
    let reaches = |part: &TextData| {
        let pairs = PairCount::at_most(part);
        short
            .clone()
            .any(|s| s.score_reaching(part, pairs).is_some())
    };
    !(start..end).any(|from| {
        (from + 1..=end).any(|to| {
            if (from, to) == (start, end) {
                reaches(td)
            } else {
                reaches(&td.with_view(from, to))
            }
        })
    })
}

/// A licence found in part of a text: its name (in the list, or a reference's expression), the
/// kind of text, the similarity and the lines it covers.
type FoundPart<'a> = (&'a str, LicenseType, f32, (usize, usize));

/// What a text is, once the licences inside it are found.
enum Judged {
    /// These licences, and no more than a text may add around them.
    Named(Vec<MatchedLicense>),
    /// A standard text with terms of its own.
    Terms(AdditionalTerms),
    /// The licences found cover too little of the text to name it.
    Unexplained,
}

/// The middle path, between the fast path and the whole list: a text made of reference texts
/// with a few words around them (a licence with a preamble, two licences in one file, a
/// licence with an extra line). Each part must be within reach of its reference, as on the fast
/// path, and the words outside the parts must be no more than a text may add. Anything else
/// (`None`) is for the whole list to decide, including a text with terms of its own: another
/// licence of the list may be what those words are.
fn reference_parts(td: &TextData, raw: &str) -> Option<Found> {
    let (start, end) = td.lines_view();
    let (first, whole) = reference_in(td, start, end, PART_FLOOR)?;
    match judge(td, raw, vec![first], whole, PART_FLOOR) {
        Judged::Named(licenses) if !licenses.is_empty() => Some((licenses, None)),
        _ => None,
    }
}

/// The reference most similar to a text (the last in the table's order of those as similar),
/// if its similarity is at least `floor`; with it. The references the text is too short to
/// resemble more than the floor or the best one so far are never compared with it: a licence's
/// text with a title or a preamble (the middle path's usual text) is compared with the
/// references of its length and shorter, not the long ones.
fn most_similar(td: &TextData, floor: f32) -> Option<(&'static Reference, f32)> {
    let count = PairCount::of(td);
    let mut order: Vec<(usize, f32)> = REFERENCE_DATA
        .iter()
        .map(|r| r.similarity_at_most(count))
        .enumerate()
        .filter(|&(_, most)| most >= floor)
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    // Those the bound says nothing about are compared in any case: prepared side by side.
    let unbounded: Vec<&Reference> = order
        .iter()
        .take_while(|&&(_, most)| most >= 1.0)
        .map(|&(i, _)| &REFERENCE_DATA[i])
        .collect();
    prepare(&unbounded);
    let mut best: Option<(usize, f32)> = None;
    for (i, most) in order {
        if best.is_some_and(|(_, s)| most < s) {
            break;
        }
        let s = REFERENCE_DATA[i].data().match_score(td);
        if s >= floor && best.is_none_or(|(j, b)| s > b || (s == b && i > j)) {
            best = Some((i, s));
        }
    }
    best.map(|(i, s)| (&REFERENCE_DATA[i], s))
}

/// On the middle path, a stretch of lines is searched for a reference text only if the best
/// reference resembles the whole stretch at least this much (the reference is then a fair part
/// of it); below, the whole list decides.
const PART_FLOOR: f32 = 0.3;

/// The reference text found in lines `start..end` of a text, within reach of its reference (see
/// [`reference_match`]), if the best reference's similarity to the whole stretch is at least
/// `floor`; with that similarity.
fn reference_in(
    td: &TextData,
    start: usize,
    end: usize,
    floor: f32,
) -> Option<(FoundPart<'static>, f32)> {
    let part = if (start, end) == td.lines_view() {
        std::borrow::Cow::Borrowed(td)
    } else {
        std::borrow::Cow::Owned(td.with_view(start, end))
    };
    let (r, s) = most_similar(&part, floor)?;
    // The search for the bounds is dozens of comparisons: it is not made when no part of the
    // stretch can be within reach of the reference, by the bound on the similarity of its best
    // part (see `Pairs::estimate`), with the margin of `index.rs`.
    let (estimate, best_part) = Pairs::of(part.lines()).estimate(r.pairs());
    if best_part + (s - estimate).abs() + SLACK < reach_floor(r.nearest) {
        return None;
    }
    let (found, score) = part.optimize_bounds(r.data());
    within_reach(score, r.nearest).then(|| {
        let lines = found.lines_view();
        ((r.name.as_str(), LicenseType::Original, score, lines), s)
    })
}

/// Scans a whole text: the best match if it is nearly exact, else every licence found inside it
/// (a preamble, two licences in one file), each above the floor and covering enough of the text.
fn scan_text(
    list: List<'_, '_>,
    td: &TextData,
    raw: &str,
) -> (Vec<MatchedLicense>, Option<AdditionalTerms>) {
    let result = scan_list(list, td);
    if result.containing.is_empty() {
        let mut out = Vec::new();
        if let Some((l_name, l_kind, _)) = result.license {
            let (name, kind, score, _) = name_of(td, None, l_name, l_kind, result.score);
            add(&mut out, name, kind, score, raw);
        }
        return (out, None);
    }
    let containing: Vec<FoundPart> = result
        .containing
        .iter()
        .map(|&((name, kind, _), score, lines)| name_of(td, Some(lines), name, kind, score))
        .collect();
    match judge(td, raw, containing, result.score, 0.0) {
        Judged::Named(licenses) => (licenses, None),
        Judged::Terms(terms) => (Vec::new(), Some(terms)),
        Judged::Unexplained => (Vec::new(), None),
    }
}

/// Words that licence texts carry and prose about licensing does not: a warranty disclaimer
/// (nearly every licence has one: "without warranty", "as is"), a grant's or a condition's
/// standard wording, a title of terms. A README's licence section without any of them is not
/// compared with the whole list.
static LICENCE_TEXT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\bwarrant|\bas[\s-]+is\b|\bdisclaim|\bliab(?:le|ilit)|\bpermission\s+(?:is\s+)?(?:hereby\s+)?(?:granted|given)|\bunlimited\s+permission|\bpermission\s+to\s+(?:use|copy|modify|distribute|reproduce|redistribute)|\bredistribut|\bterms\s+and\s+conditions|\bhereby\s+(?:grant|dedicate|waive)|\bdo\s+what\s+the\s+f|\bbeer\b|\bpublic\s+domain|\blicensor|\blicensee|\bcopyright\s+(?:holder|owner)|\bno\s+restrictions|\bfree\s+software\b|gewähr|haftung|garantie|responsabilit|nutzung|\bdroits?\b|\bfreely\b|\bfor\s+any\s+(?:purpose|reason)|\bmay\s+be\s+(?:freely\s+)?(?:used|distributed|copied|modified|transmitted|reproduced|redistributed|sold)|\bin\s+whatever\s+way|\bfreeware\b|\brights\b|\byou\s+(?:may|can)\s+(?:freely\s+)?(?:use|copy|distribute|modify|redistribute)|\bpermitted\b|\bprovided\s+that\b|\bpermission\s+notice|\bwhat(?:ever)?\s+you\s+want|\bresponsibility|\bas\s+a\s+special\s+exception|利用許諾"#,
    )
    .expect("valid regex")
});

/// How many licences the whole list looks for inside one text.
const MAX_PASSES: usize = 3;

/// What the whole list finds in a text.
struct ListScan<'a> {
    /// The similarity of the nearest list text to the whole text.
    score: f32,
    /// That list text, if it is above the floor.
    license: Option<ListText<'a>>,
    /// Unless the whole text is nearly exactly one list text: the list texts found inside it,
    /// each with its similarity to the lines it covers.
    containing: Vec<(ListText<'a>, f32, (usize, usize))>,
}

/// A text of the list: its entry's name, the kind of text, the text.
type ListText<'a> = (&'a str, LicenseType, &'a TextData);

/// How the whole list is compared with a text.
#[derive(Clone, Copy)]
enum List<'i, 'a> {
    /// With every one of its texts.
    Every(&'a Store),
    /// Through its candidate index, with the same answer.
    Index(&'i ListIndex<'a>),
}

impl<'a> List<'_, 'a> {
    /// The list text nearest to `td`, with its similarity; `None` when no list text reaches
    /// the floor on any part of `td` (the index can tell).
    fn nearest(self, td: &TextData) -> Option<(ListText<'a>, f32)> {
        match self {
            List::Every(store) => {
                let m = store.analyze(td);
                Some(((m.name, m.license_type, m.data), m.score))
            }
            List::Index(index) => match index.best(td, CONFIDENCE_FLOOR) {
                Best::Entry(e, score) => Some(((e.name, e.kind, e.data), score)),
                Best::Nothing => None,
            },
        }
    }
}

/// Compares a text with the whole list (through its candidate index, which answers as the
/// comparison with every list text would): the nearest list text; then, unless that is nearly
/// exact, the lines that match it best, which are blanked out for the rest of the text to be
/// compared again, up to [`MAX_PASSES`] licences.
fn scan_list<'a>(list: List<'_, 'a>, td: &TextData) -> ListScan<'a> {
    let mut out = ListScan {
        score: 0.0,
        license: None,
        containing: Vec::new(),
    };
    let Some((mut nearest, score)) = list.nearest(td) else {
        return out;
    };
    out.score = score;
    if score > CONFIDENCE_FLOOR {
        out.license = Some(nearest);
        if score > SHALLOW_LIMIT {
            return out;
        }
    }
    let mut rest = std::borrow::Cow::Borrowed(td);
    for pass in 1..=MAX_PASSES {
        let (part, score) = rest.optimize_bounds(nearest.2);
        if score < CONFIDENCE_FLOOR {
            break;
        }
        out.containing.push((nearest, score, part.lines_view()));
        if pass == MAX_PASSES {
            break;
        }
        rest = std::borrow::Cow::Owned(part.white_out());
        match list.nearest(&rest) {
            Some((next, _)) => nearest = next,
            None => break,
        }
    }
    out
}

/// Judges a text from the licences found inside it (`parts`, not empty; `whole` is the whole
/// text's similarity to the first): first each stretch of words they leave is searched for a
/// reference text (see [`reference_in`] for `floor`), then what the licences cover and what is
/// outside them is weighed.
fn judge(
    td: &TextData,
    raw: &str,
    mut parts: Vec<FoundPart<'_>>,
    whole: f32,
    floor: f32,
) -> Judged {
    let lines = td.lines();
    // The list's elimination misses a second licence behind a blanked-out first one now and
    // then (its bound search stalls on the blank lines), and the middle path starts from one.
    for (start, end) in leftovers(lines, &parts) {
        if let Some((p, _)) = reference_in(td, start, end, floor) {
            parts.push(p);
        }
    }
    let in_range = |i: usize| {
        parts
            .iter()
            .any(|&(.., (start, end))| i >= start && i < end)
    };
    let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count().max(1);
    let covered = (0..lines.len())
        .filter(|i| in_range(*i) && !lines[*i].trim().is_empty())
        .count();
    #[allow(clippy::cast_precision_loss)]
    let coverage = covered as f32 / non_blank as f32;
    if coverage < MIN_COVERAGE {
        return Judged::Unexplained;
    }
    // Words outside the licences found, leaving out titles and copyright lines: a standard text
    // plus terms of its own ("not for commercial use") is not that standard licence.
    // A line the bounds left out that is the licence's own words (a rewrapped text's first or
    // last line, cut in two by the search for the bounds) adds nothing.
    let own = OwnWords::of(parts.iter().map(|p| p.0));
    let outside: usize = (0..lines.len())
        .filter(|i| !in_range(*i))
        .filter(|i| !own.holds(&lines[*i]))
        .map(|i| extra_words(&lines[i]))
        .sum();
    if outside > MAX_EXTRA_WORDS {
        let mut resembles: Vec<String> = Vec::new();
        for &(name, kind, ..) in &parts {
            let spdx = spdx_name(name, kind, raw).unwrap_or_else(|| name.to_owned());
            if !resembles.contains(&spdx) {
                resembles.push(spdx);
            }
        }
        return Judged::Terms(AdditionalTerms {
            resembles,
            words: outside,
        });
    }
    let mut out = Vec::new();
    if let [(name, kind, ..)] = parts[..] {
        // One licence with a little around it: the whole text's similarity is the confidence.
        add(&mut out, name, kind, whole.max(CONFIDENCE_FLOOR), raw);
    } else {
        for (name, kind, score, _) in parts {
            add(&mut out, name, kind, score, raw);
        }
    }
    Judged::Named(out)
}

/// The word triples of the licences found in a text (their list texts, an exception's too): a
/// line made of them is part of the licence, not words around it.
struct OwnWords(std::collections::HashSet<[u64; 3]>);

impl OwnWords {
    fn of<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let mut set = std::collections::HashSet::new();
        for name in names {
            for part in name.split(" WITH ") {
                let text = spdx::license_id(part)
                    .map(spdx::LicenseId::text)
                    .or_else(|| spdx::exception_id(part).map(spdx::ExceptionId::text))
                    .unwrap_or("");
                set.extend(triples(text));
            }
        }
        OwnWords(set)
    }

    /// Whether at least 80% of a line's word triples are the licences' own (a line of fewer
    /// than three words never is: its words are counted as before).
    fn holds(&self, line: &str) -> bool {
        let t = triples(line);
        !t.is_empty() && t.iter().filter(|x| self.0.contains(*x)).count() * 5 >= t.len() * 4
    }
}

/// The triples of consecutive words of a text (lower case, letters and digits), hashed.
fn triples(text: &str) -> Vec<[u64; 3]> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = std::hash::DefaultHasher::new();
            w.to_lowercase().hash(&mut h);
            h.finish()
        })
        .collect();
    words.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Adds a licence found to a text's list (once, at its best similarity).
fn add(out: &mut Vec<MatchedLicense>, name: &str, kind: LicenseType, score: f32, raw: &str) {
    let Some(spdx) = spdx_name(name, kind, raw) else {
        return;
    };
    match out.iter_mut().find(|m| m.spdx == spdx) {
        Some(m) => m.confidence = m.confidence.max(round(score)),
        None => out.push(MatchedLicense {
            spdx,
            confidence: round(score),
        }),
    }
}

/// Words that can turn a line about licensing into terms of its own.
const RESTRICTIONS: &[&str] = &[
    "not",
    "no",
    "non",
    "nor",
    "except",
    "excluding",
    "exclusively",
    "only",
    "solely",
    "commercial",
    "commercially",
    "noncommercial",
    "prohibited",
    "prohibit",
    "forbidden",
    "restricted",
    "restrict",
    "restriction",
    "restrictions",
    "must",
    "shall",
    "may",
    "cannot",
    "without",
    "fee",
    "fees",
    "royalty",
    "royalties",
    "payment",
    "paid",
    "pay",
    "personal",
    "internal",
    "evaluation",
    "trial",
    "academic",
    "research",
    "educational",
    "terminate",
    "revoke",
    "permission",
    "consent",
    "written",
    "agreement",
    "separate",
    "subscription",
    "proprietary",
    "confidential",
    "reserved",
    "customer",
    "customers",
    "employees",
    "sell",
    "sale",
    "resell",
    "purchase",
];

/// The words of a line outside the licences found that count as terms of their own: none for a
/// copyright statement or a line with a copyright notice ("derived from the foo crate, Copyright
/// (c) 2015 …"; a line that only mentions copyright, "the views of the copyright holders", is
/// prose like any other), or for a line that only talks about the licensing ("dual-licensed
/// under the MIT License and the Apache License, reproduced below", a link); every word of any
/// other line, and of any line with a word of [`RESTRICTIONS`].
fn extra_words(line: &str) -> usize {
    if is_copyright_statement(line) || COPYRIGHT_NOTICE.is_match(line) {
        return 0;
    }
    let lower = line.to_lowercase();
    let about_licensing = lower.contains("licen") || lower.contains("http");
    if about_licensing
        && !lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| RESTRICTIONS.contains(&w))
    {
        return 0;
    }
    lower
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The stretches of lines outside the licences found that hold more words than a text may add.
fn leftovers(lines: &[String], found: &[FoundPart<'_>]) -> Vec<(usize, usize)> {
    let inside = |i: usize| found.iter().any(|&(.., (s, e))| i >= s && i < e);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if inside(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !inside(i) {
            i += 1;
        }
        let words: usize = lines[start..i]
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum();
        if words > MAX_EXTRA_WORDS {
            out.push((start, i));
        }
    }
    out
}

/// The lowest similarity to a reference with the nearest licence at `nearest` that is within
/// reach of it (see [`within_reach`]).
fn reach_floor(nearest: f32) -> f32 {
    let jaccard = |d: f32| d / (2.0 - d);
    let j = f32::midpoint(1.0, jaccard(nearest));
    2.0 * j / (1.0 + j)
}

/// Whether a text at similarity `score` to a reference is that licence: closer to it than half
/// the distance from the reference to its nearest neighbour (see [`reference_match`]).
fn within_reach(score: f32, nearest: f32) -> bool {
    let jaccard = |d: f32| d / (2.0 - d);
    1.0 - jaccard(score) < (1.0 - jaccard(nearest)) / 2.0
}

/// The licence the list named for a text or a range of its lines, or a reference that fits it
/// better (see [`better_reference`]), with the lines it covers (for a reference, the lines
/// that match the reference best).
fn name_of<'a>(
    td: &TextData,
    range: Option<(usize, usize)>,
    name: &'a str,
    kind: LicenseType,
    score: f32,
) -> FoundPart<'a> {
    let whole = td.lines_view();
    let part = range.map(|(start, end)| td.with_view(start, end));
    match better_reference(part.as_ref().unwrap_or(td), name, score) {
        Some((better, s)) => {
            let lines = td.optimize_bounds(better.data()).0.lines_view();
            (better.name.as_str(), LicenseType::Original, s, lines)
        }
        None => (name, kind, score, range.unwrap_or(whole)),
    }
}

/// The SPDX id to report for a store entry. GNU licence *texts* do not say "or later" (that is
/// said in a notice), so a full GPL text is reported as `-only`; a header is `-or-later` when it
/// says so. Old `-with-…-exception` ids become `WITH` expressions.
fn spdx_name(name: &str, kind: LicenseType, raw: &str) -> Option<String> {
    const WITH_EXCEPTION: &[(&str, &str)] = &[
        (
            "GPL-2.0-with-classpath-exception",
            "GPL-2.0-only WITH Classpath-exception-2.0",
        ),
        (
            "GPL-2.0-with-GCC-exception",
            "GPL-2.0-only WITH GCC-exception-2.0",
        ),
        (
            "GPL-2.0-with-autoconf-exception",
            "GPL-2.0-only WITH Autoconf-exception-2.0",
        ),
        (
            "GPL-2.0-with-bison-exception",
            "GPL-2.0-only WITH Bison-exception-2.2",
        ),
        (
            "GPL-2.0-with-font-exception",
            "GPL-2.0-only WITH Font-exception-2.0",
        ),
        (
            "GPL-3.0-with-GCC-exception",
            "GPL-3.0-only WITH GCC-exception-3.1",
        ),
        (
            "GPL-3.0-with-autoconf-exception",
            "GPL-3.0-only WITH Autoconf-exception-3.0",
        ),
    ];
    if let Some((_, e)) = WITH_EXCEPTION.iter().find(|(n, _)| *n == name) {
        return Some((*e).to_owned());
    }
    if name.contains(" WITH ") {
        // A reference's own expression (`Apache-2.0 WITH LLVM-exception`).
        return Some(name.to_owned());
    }
    let id = spdx::license_id(name)?;
    if id.is_gnu() {
        let base = super::expr::family(name);
        let or_later = kind == LicenseType::Header && OR_LATER.is_match(raw);
        let suffix = if or_later { "-or-later" } else { "-only" };
        let full = format!("{base}{suffix}");
        return Some(if spdx::license_id(&full).is_some() {
            full
        } else {
            id.name.to_owned()
        });
    }
    Some(id.name.to_owned())
}

/// A licence file as real ones are written, beyond a licence's text:
///
/// - the "or (at your option) any later version" notice of a GNU licence before its text (the
///   text alone is `-only`; the notice before it makes it `-or-later`, when it names the same
///   licence and version, and the text it must then be is matched without it);
/// - a licence's standard notice saved as the file ("Licensed under the Apache License, Version
///   2.0 …", "This Source Code Form is subject to the terms of the Mozilla Public License, v.
///   2.0 …"), named when the list's texts name nothing: see [`notice_match`];
/// - `SPDX-License-Identifier:` lines: alone (with a copyright line, a short notice) they name
///   the file's licence; beside a text of the same licence they say which of its `-only` and
///   `-or-later` forms it is.
///
/// `whole` matches a text against the licence list (`None`: the list could not be loaded).
fn file_match(text: &str, whole: &mut dyn FnMut(&str) -> Option<Found>) -> Option<Found> {
    let tags: Vec<String> = SPDX_LINE
        .captures_iter(text)
        .filter_map(|c| {
            let e = clean_spdx_value(c.get(1)?.as_str());
            super::expr::parse(&e).canonical
        })
        .collect();
    let mut found = match gnu_notice_match(text, whole) {
        Some(found) => found,
        None => whole(text)?,
    };
    if let Some(notice) = notice_match(text) {
        // A notice names its licence in words ("Lesser", "Affero", "version 2"): those decide,
        // where the list's nearest standard header is a close relative (the GPL's for the
        // LGPL's notice). Only a licence's own text, nearly word for word, outweighs them.
        let verbatim = found.0.iter().all(|l| l.confidence >= VERBATIM);
        if found.0.is_empty() && found.1.is_none() || !found.0.is_empty() && !verbatim {
            found = notice;
        }
    }
    if let [tag] = tags.as_slice() {
        match found.0.as_mut_slice() {
            // Nothing else named: the tag is the licence, unless the file has terms of its own.
            [] if found.1.is_none() && notice_terms(text).is_none() => {
                found.0.push(MatchedLicense {
                    spdx: tag.clone(),
                    confidence: 1.0,
                });
            }
            // The same licence: the tag says whether "or later".
            [one]
                if !tag.contains(' ')
                    && super::expr::family(tag) == super::expr::family(&one.spdx) =>
            {
                one.spdx.clone_from(tag);
            }
            _ => {}
        }
    }
    Some(found)
}

/// The title of a GNU licence text (GPL, LGPL, LGPL "Library", AGPL), at the start of a line
/// with its version on the next: where a notice before the text ends.
static GNU_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t/*#;!<>\-]*GNU (?:LESSER |LIBRARY |AFFERO )?GENERAL PUBLIC LICEN[CS]E[ \t]*\r?\n[\s/*#;!<>\-]*Version \d")
        .expect("valid regex")
});

/// A GNU licence text with a notice before it ("This program is free software … either version 2
/// of the License, or (at your option) any later version"): the text is matched without the
/// notice, and the notice decides `-only` or `-or-later`. `None` when the text does not start
/// so, or its text is not one GNU licence.
///
/// The notice must name the licence the text is (a notice of the LGPL before the GPL's text, as
/// in many LGPL projects' `COPYING`, names neither: the file is unsure), and add no terms of its
/// own (see [`notice_terms`]).
fn gnu_notice_match(text: &str, whole: &mut dyn FnMut(&str) -> Option<Found>) -> Option<Found> {
    let title = GNU_TITLE.find(text)?;
    let notice = &text[..title.start()];
    let words = notice
        .lines()
        .filter(|l| !is_copyright_statement(l))
        .flat_map(str::split_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if words == 0 {
        return None;
    }
    let (licenses, terms) = whole(&text[title.start()..])?;
    let [licence] = licenses.as_slice() else {
        return None;
    };
    let spdx = spdx::license_id(super::expr::family(&licence.spdx))
        .or_else(|| spdx::license_id(&licence.spdx))?;
    if !spdx.is_gnu() || terms.is_some() {
        return None;
    }
    let family = super::expr::family(&licence.spdx);
    if let Some(words) = notice_terms(notice) {
        return Some((
            Vec::new(),
            Some(AdditionalTerms {
                resembles: vec![licence.spdx.clone()],
                words,
            }),
        ));
    }
    let Some(stated) = super::statement::read(notice) else {
        // Words about the project, no licence named: the text decides, as without them.
        return Some((licenses.clone(), None));
    };
    if stated
        .ids
        .iter()
        .any(|id| super::expr::family(id) != family)
    {
        // The notice names another licence than the text: which one applies is not for the
        // matcher to guess.
        return Some((Vec::new(), None));
    }
    let named = stated.ids.first().cloned().unwrap_or_default();
    Some((
        vec![MatchedLicense {
            spdx: if spdx::license_id(&named).is_some() {
                named
            } else {
                licence.spdx.clone()
            },
            confidence: licence.confidence,
        }],
        None,
    ))
}

/// Phrases that say a short text grants a licence ("Licensed under", "is subject to the terms
/// of"): a notice must have one.
const NOTICE_GRANTS: &[&str] = &[
    "licensed under",
    "licenced under",
    "under the terms of",
    "subject to the terms of",
    "is subject to the",
    "distributed under",
    "made available under",
    "released under",
    "released into the public domain",
    "to the public domain",
    "is free software",
    "source code is licensed",
    "work is licensed",
];

/// A list match at least this close is the licence's own text, whatever a notice reading says.
const VERBATIM: f32 = 0.98;

/// At most this many words (copyright lines left out) make a text a notice rather than a licence.
const MAX_NOTICE_WORDS: usize = 200;

/// A licence's notice saved as the licence file: a short text with a grant phrase that names
/// exactly one licence in the words its notices use (`statement.rs`), and no terms of its own.
/// Several licences named are a statement for the project's licence to read, not a notice.
fn notice_match(text: &str) -> Option<Found> {
    let words = text
        .lines()
        .filter(|l| !is_copyright_statement(l))
        .map(|l| l.split_whitespace().count())
        .sum::<usize>();
    if words > MAX_NOTICE_WORDS {
        return None;
    }
    let flat = flatten(text);
    if !NOTICE_GRANTS.iter().any(|g| flat.contains(g)) || notice_terms(text).is_some() {
        return None;
    }
    let stated = super::statement::read(text)?;
    let [id] = stated.ids.as_slice() else {
        return None;
    };
    spdx::license_id(id)?;
    // A text about several licences ("the GPL, LGPL, modified BSD, or Artistic license, or any
    // of the other OSI approved licenses") is not the notice of the one it names by version.
    let prose = URL.replace_all(&flat, " ");
    if prose.contains("licenses") || prose.contains("licences") {
        return None;
    }
    if FAMILY_WORDS
        .iter()
        .any(|(re, prefixes)| re.is_match(&prose) && !prefixes.iter().any(|p| id.starts_with(p)))
    {
        return None;
    }
    Some((
        vec![MatchedLicense {
            spdx: id.clone(),
            confidence: 1.0,
        }],
        None,
    ))
}

/// A web address (its words are not prose: `gnu.org/licenses/`).
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\S*://\S*|www\.\S*").expect("valid regex"));

/// Short names of licence families in prose, with the id prefixes they stand for: a notice that
/// uses one must name a licence of that family (a word for another licence makes it a text
/// about several).
static FAMILY_WORDS: LazyLock<Vec<(Regex, &[&str])>> = LazyLock::new(|| {
    let table: [(&str, &[&str]); 7] = [
        (r"\bgpl\b", &["GPL"]),
        (r"\blgpl\b", &["LGPL"]),
        (r"\bbsd\b", &["BSD", "0BSD"]),
        (r"\bmit\b", &["MIT"]),
        (r"\bapache\b", &["Apache"]),
        (r"\bartistic\b", &["Artistic"]),
        (r"\bmozilla\b|\bmpl\b", &["MPL"]),
    ];
    table
        .into_iter()
        .map(|(re, ids)| (Regex::new(re).expect("valid regex"), ids))
        .collect()
});

/// The standard sentences of licence notices that hold restricting words
/// without restricting anything ("you may not use this file except in compliance with the
/// License", "WITHOUT ANY WARRANTY", "version 2 only").
static NOTICE_BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        you\ may\ not\ use\ this\ (?:file|work|software|program)?\ ?except\ in\ compliance\ with\ the\ licen[cs]e
        | without\ (?:any\ )?warrant(?:y|ies)(?:\ or\ conditions)?(?:\ of\ any\ kind)?
        | without\ even\ the\ implied\ warranty
        | no\ warranty
        | if\ not,?\ (?:see|write)
        | if\ a\ copy\ of\ the\ mpl\ was\ not\ distributed\ with\ this\ file
        | all\ (?:other\ )?rights\ reserved
        | version\ [0-9.]+\ only
        | [a-z0-9.]+-only
        | (?:but\ )?not\ limited\ to
        | to\ the\ extent\ (?:possible|permitted)",
    )
    .expect("valid regex")
});

/// Words of [`RESTRICTIONS`] that every standard notice uses to grant ("you may", "must
/// retain", "without warranty", "written permission", "all rights reserved"): in a notice, the
/// other restricting words, outside [`NOTICE_BOILERPLATE`], make it terms of its own.
const NOTICE_GRANT_WORDS: &[&str] = &[
    "must",
    "shall",
    "may",
    "cannot",
    "without",
    "permission",
    "written",
    "agreement",
    "reserved",
];

/// Whether a word restricts when it appears in a notice.
fn restricts_in_notice(word: &str) -> bool {
    RESTRICTIONS.contains(&word) && !NOTICE_GRANT_WORDS.contains(&word)
}

/// The number of words of a notice's sentences that restrict (a word of
/// [`RESTRICTIONS`], not [`NOTICE_GRANT_WORDS`], outside the standard sentences), or `None`
/// when none does.
fn notice_terms(text: &str) -> Option<usize> {
    let body: String = text
        .lines()
        .filter(|l| !is_copyright_statement(l) && !SPDX_LINE.is_match(l))
        .collect::<Vec<_>>()
        .join("\n");
    let flat = flatten(&body);
    let flat = NOTICE_BOILERPLATE.replace_all(&flat, " ");
    let words: usize = flat
        .split(['.', ';', ':'])
        .filter(|sentence| {
            sentence
                .split(|c: char| !c.is_alphanumeric())
                .any(restricts_in_notice)
        })
        .map(|sentence| sentence.split_whitespace().count())
        .sum();
    (words > 0).then_some(words)
}

/// A text in lower case on one line, comment markers and runs of whitespace removed.
fn flatten(text: &str) -> String {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['/', '*', '#', ';', '!', '%', '-'])
                .trim()
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A text that is an ownership notice rather than a licence ("All rights reserved",
/// "proprietary and confidential").
fn is_proprietary_notice(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("all rights reserved")
        || lower.contains("proprietary")
        || lower.contains("confidential")
        || lower.contains("unauthori") && lower.contains("prohibited")
}

/// The first ownership statement (copyright with a year, or "all rights reserved").
fn ownership(text: &str) -> Option<Ownership> {
    let m = OWNERSHIP.find(text)?;
    let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[m.start()..]
        .find('\n')
        .map_or(text.len(), |i| m.start() + i);
    let statement: String = text[line_start..line_end]
        .trim()
        .trim_start_matches(['/', '*', '#', ';', '!', '<', '-', ' '])
        .chars()
        .take(120)
        .collect();
    Some(Ownership {
        line: line_of(text, m.start()),
        statement,
    })
}

fn is_root_readme(file: &FileFacts) -> bool {
    if file.depth() != 0 {
        return false;
    }
    let name = file.name().to_ascii_lowercase();
    name == "readme" || name.starts_with("readme.")
}

/// The README's licence section (heading excluded) and the 1-based line of its heading.
fn license_section(text: &str) -> Option<(String, u32)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = None;
    for (i, line) in lines.iter().enumerate() {
        let Some(cap) = LICENSE_HEADING.captures(line.trim_end()) else {
            continue;
        };
        if let Some(hashes) = cap.get(1) {
            start = Some((i, hashes.as_str().len(), false));
            break;
        }
        // Setext / reStructuredText: the heading is underlined.
        if lines.get(i + 1).is_some_and(|u| is_underline(u)) {
            start = Some((i + 1, 2, true));
            break;
        }
    }
    let (heading, level, setext) = start?;
    let mut section = Vec::new();
    for (j, line) in lines.iter().enumerate().skip(heading + 1) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && hashes <= level && t[hashes..].starts_with([' ', '\t']) {
            break;
        }
        if setext && lines.get(j + 1).is_some_and(|u| is_underline(u)) && !t.is_empty() {
            break;
        }
        section.push(*line);
    }
    let section = section.join("\n");
    let first = u32::try_from(heading + 1 - usize::from(setext)).unwrap_or(u32::MAX);
    (!section.trim().is_empty()).then_some((section, first))
}

fn is_underline(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && (t.chars().all(|c| c == '=')
            || t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '~'))
}

/// How a comment line starts, in the languages licence headers are written in.
const COMMENT_STARTS: &[&str] = &[
    "/*", "//", "#", "--", ";", "<!--", "{-", "(*", "%", "\"\"\"", "'''", "rem ", "REM ",
];
/// Block comment delimiters: an opening, and its closing.
const BLOCKS: &[(&str, &str)] = &[
    ("/*", "*/"),
    ("<!--", "-->"),
    ("{-", "-}"),
    ("(*", "*)"),
    ("\"\"\"", "\"\"\""),
    ("'''", "'''"),
];

/// The top of a source file up to its first line of code: the blank lines, comments and
/// shebang/prologue lines that licence headers, SPDX lines and copyright statements live in.
/// Everything below is code, which is not read for them.
fn leading_region(head: &[u8]) -> &[u8] {
    let mut start = 0;
    let mut close: Option<&str> = None;
    let contains = |line: &[u8], needle: &[u8]| memchr::memmem::find(line, needle).is_some();
    while start < head.len() {
        let end = memchr::memchr(b'\n', &head[start..]).map_or(head.len(), |i| start + i + 1);
        let line = head[start..end].trim_ascii();
        if let Some(c) = close {
            if contains(line, c.as_bytes()) {
                close = None;
            }
        } else if line.is_empty()
            || (start == 0
                && (line.starts_with(b"#!")
                    || line.starts_with(b"<?php")
                    || line.starts_with(b"<?xml")))
        {
        } else if COMMENT_STARTS
            .iter()
            .any(|p| line.starts_with(p.as_bytes()))
        {
            if let Some((open, c)) = BLOCKS.iter().find(|(o, _)| line.starts_with(o.as_bytes())) {
                if !contains(&line[open.len()..], c.as_bytes()) {
                    close = Some(c);
                }
            }
        } else {
            return &head[..start];
        }
        start = end;
    }
    head
}

/// The comment block at the top of a source file, comment markers removed.
fn leading_comment(head: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    let mut in_block = false;
    let mut started = false;
    for (i, line) in head.lines().enumerate().take(120) {
        let t = line.trim();
        if i == 0 && (t.starts_with("#!") || t.starts_with("<?php") || t.starts_with("<?xml")) {
            continue;
        }
        if t.is_empty() {
            if started && !in_block {
                break;
            }
            if started {
                out.push("");
            }
            continue;
        }
        // Documentation comments document code; they are not a licence header.
        if !in_block && (t.starts_with("//!") || t.starts_with("///")) {
            if started {
                break;
            }
            return None;
        }
        let mut body = t;
        let is_comment = if in_block {
            true
        } else {
            COMMENT_STARTS.iter().any(|p| t.starts_with(p))
        };
        if !is_comment {
            if started {
                break;
            }
            // Code before any comment: no header.
            return None;
        }
        started = true;
        // `/**` and `/*!` lose their `*` and `!` with the other markers below.
        for (open, _) in BLOCKS {
            if let Some(rest) = body.strip_prefix(open) {
                body = rest;
                in_block = !BLOCKS.iter().any(|(_, c)| rest.contains(c));
                break;
            }
        }
        for (_, close) in BLOCKS {
            if let Some(pos) = body.find(close) {
                body = &body[..pos];
                in_block = false;
            }
        }
        body = body
            .trim_start_matches(['/', '#', '*', '-', ';', '%', '!'])
            .trim();
        out.push(body);
    }
    let block = out.join("\n");
    (!block.trim().is_empty()).then_some(block)
}

/// The expression of an SPDX line, without a comment terminator or quotes.
fn clean_spdx_value(value: &str) -> String {
    let mut v = value.trim();
    for end in ["*/", "-->", "*)", "-}", "#}", "\"\"\"", "'''"] {
        if let Some(pos) = v.find(end) {
            v = &v[..pos];
        }
    }
    v.trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == ';')
        .trim()
        .chars()
        .take(200)
        .collect()
}

/// Key for the match cache: the words of the text, lowercased, without punctuation, whitespace or
/// copyright statements (two MIT texts with different owners and wrapping share one entry), and
/// whether the text says "or later" (the one thing outside the matched words that the result
/// depends on). Everything it leaves out, the matcher's normalisation leaves out too.
fn text_key(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    words_of(text).trim_start().hash(&mut h);
    OR_LATER.is_match(text).hash(&mut h);
    h.finish()
}

/// A hash of a text's words as [`text_key`] takes them (no copyright lines, no punctuation, no
/// case, no line breaks): texts of the same words have the same one.
fn words_key(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    words_of(text).trim_start().hash(&mut h);
    h.finish()
}

/// How many bytes of a text's words (see [`words_of`]) key the [`VERBATIM_INDEX`]: enough to
/// leave few list texts under one key, few enough that the index reads a fraction of the list's
/// 5 MB.
const VERBATIM_PREFIX: usize = 256;

/// A hash of the first [`VERBATIM_PREFIX`] bytes of a text's words: texts of the same words
/// have the same one.
fn words_prefix_key(text: &str) -> u64 {
    let words = words_of_upto(text, VERBATIM_PREFIX);
    let words = words.trim_start().as_bytes();
    let mut h = std::hash::DefaultHasher::new();
    words[..words.len().min(VERBATIM_PREFIX)].hash(&mut h);
    h.finish()
}

/// A text without its title: the first line that is neither blank nor a copyright statement,
/// when it names a licence in a few words ("MIT License", "The MIT License (MIT)", "Apache
/// License") and more text follows. The list's texts have titles that copies of them often
/// write otherwise or leave out; the body decides which licence a text is.
fn untitled(text: &str) -> &str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        // Blank, also inside comment markers.
        if copyright_candidate(line).is_empty() || is_copyright_statement(line) {
            continue;
        }
        let words: Vec<&str> = line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let titled = words.len() <= 8
            && words
                .iter()
                .any(|w| w.eq_ignore_ascii_case("license") || w.eq_ignore_ascii_case("licence"));
        let rest = &text[offset..];
        // What comes before the title goes with it: blank lines and copyright statements,
        // which the words leave out anyway.
        return if titled && !rest.trim().is_empty() {
            rest
        } else {
            text
        };
    }
    text
}

/// The licence list's texts (id, text; deprecated ids left out) by [`words_prefix_key`], in the
/// list's order: a text of exactly a list text's words, whatever its title ([`untitled`]),
/// copyright line, wrapping or comment markers, is that licence without comparing it with
/// anything ([`verbatim_name`]).
/// Keyed by the start of the words only, the index is built from the start of each text.
static VERBATIM_INDEX: LazyLock<HashMap<u64, Vec<(&'static str, &'static str)>>> =
    LazyLock::new(|| {
        let mut index: HashMap<u64, Vec<(&'static str, &'static str)>> = HashMap::new();
        for l in spdx::identifiers::LICENSES {
            let Some(id) = spdx::license_id(l.name).filter(|id| !id.is_deprecated()) else {
                continue;
            };
            index
                .entry(words_prefix_key(untitled(id.text())))
                .or_default()
                .push((id.name, id.text()));
        }
        index
    });

/// The list text whose words are exactly a text's, from [`VERBATIM_INDEX`]: the first in the
/// list's order. Words the list holds under two licences (GFDL-1.1 and GFDL-1.1-invariants, whose
/// difference is in the document, not the licence text) name none, for the whole list to
/// decide; the `-only` and `-or-later` ids of one GNU licence are one licence here.
fn verbatim_name(text: &str) -> Option<&'static str> {
    let text = untitled(text);
    let candidates = VERBATIM_INDEX.get(&words_prefix_key(text))?;
    let key = words_key(text);
    let mut named: Option<&'static str> = None;
    for &(name, list_text) in candidates {
        if words_key(untitled(list_text)) != key {
            continue;
        }
        match named {
            None => named = Some(name),
            Some(first) if super::expr::family(first) != super::expr::family(name) => {
                return None;
            }
            Some(_) => {}
        }
    }
    named
}

/// A text whose words are a list text's ([`verbatim_name`]).
fn verbatim_match(text: &str) -> Option<Found> {
    let name = verbatim_name(text)?;
    Some((
        vec![MatchedLicense {
            spdx: spdx_name(name, LicenseType::Original, text)?,
            confidence: 1.0,
        }],
        None,
    ))
}

/// What [`words_of`] makes of an ASCII byte: a letter or digit lowercased, anything else a
/// space; 0 for the bytes of a non-ASCII character.
const WORD_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b: u8 = 0;
    while b < 128 {
        table[b as usize] = if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            b' '
        };
        b += 1;
    }
    table
};

/// The words of a text (see [`text_key`]), each followed by a space.
fn words_of(text: &str) -> String {
    words_of_upto(text, usize::MAX)
}

/// The words of a text's first lines, at least `limit` bytes of them after the separator that
/// may open them (all of them in a shorter text): [`words_of`] stopped early, the same bytes as
/// far as it goes.
fn words_of_upto(text: &str, limit: usize) -> String {
    // The words go into one buffer, separated by a space, which is hashed once: hashing word by
    // word, or lowercasing a line at a time, costs more than everything else here. The start of
    // every text of the licence list goes through here once per audit (the verbatim index), and
    // every licence file and header of the tree, so an ASCII byte costs a table look-up and a
    // store, without a branch on what it is; only a non-ASCII character is decoded.
    //
    // `out[..n]` is the buffer; `out` is kept at least one byte longer than `n` plus the input
    // still to read (an ASCII byte or a line break writes at most one byte; only a lowercased
    // non-ASCII character can write more than it read, and it makes room first).
    let mut out = vec![0u8; text.len() + 1];
    let mut n = 0;
    // The last byte written; 0 before the first, which is not a space (a text that starts
    // with a separator starts with a space, as the key has always had it).
    let mut prev = 0u8;
    let reserved = memchr::memmem::Finder::new(b"reserved");
    for line in text.lines() {
        if n > limit {
            break;
        }
        let t = copyright_candidate(line);
        if copyright_start(t) {
            continue;
        }
        let (mark, prev_at_mark) = (n, prev);
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let m = WORD_BYTES[usize::from(bytes[i])];
            if m != 0 {
                out[n] = m;
                n += usize::from(m != b' ' || prev != b' ');
                prev = m;
                i += 1;
                continue;
            }
            let c = line[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            i += c.len_utf8();
            if c.is_alphanumeric() {
                let read = line.as_ptr() as usize - text.as_ptr() as usize + i;
                let room = n + 16 + (text.len() - read) + 1;
                if out.len() < room {
                    out.resize(room, 0);
                }
                let mut buf = [0; 4];
                for lower in c.to_lowercase() {
                    let lower = lower.encode_utf8(&mut buf).as_bytes();
                    out[n..n + lower.len()].copy_from_slice(lower);
                    n += lower.len();
                    prev = lower[lower.len() - 1];
                }
            } else if prev != b' ' {
                out[n] = b' ';
                n += 1;
                prev = b' ';
            }
        }
        // A line that says "all rights reserved" has "reserved" among its lowercased words:
        // only such a line is searched for the phrase (see [`is_copyright_statement`]).
        if reserved.find(&out[mark..n]).is_some() && ALL_RIGHTS_RESERVED.is_match(t) {
            (n, prev) = (mark, prev_at_mark);
            continue;
        }
        if prev != b' ' {
            out[n] = b' ';
            n += 1;
            prev = b' ';
        }
    }
    out.truncate(n);
    // Whole characters of a `str`, ASCII bytes and separators: valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// "any later version", "or later", in any case (see [`spdx_name`]).
static OR_LATER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(["any later version", "or later"])
        .expect("constant patterns")
});

/// A line that states ownership ("Copyright (c) 2024 Acme", "© Acme", "All rights reserved"):
/// the part of a licence file that differs between two copies of one licence.
pub(super) fn is_copyright_statement(line: &str) -> bool {
    let t = copyright_candidate(line);
    copyright_start(t) || ALL_RIGHTS_RESERVED.is_match(t)
}

/// A line without the comment markers and indentation before a copyright statement.
fn copyright_candidate(line: &str) -> &[u8] {
    line.trim_start_matches(|c: char| c.is_whitespace() || "/*#;!<>-".contains(c))
        .as_bytes()
}

/// Whether a line (as [`copyright_candidate`] gives it) starts as a copyright statement does:
/// "Copyright", "(c)" or "©", but not a licence's own words wrapped to the start of a line
/// ("copyright notice and this permission notice", "COPYRIGHT HOLDERS AND CONTRIBUTORS",
/// "copyrighted").
fn copyright_start(t: &[u8]) -> bool {
    let starts = |p: &[u8]| t.len() >= p.len() && t[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"copyright") {
        let rest = &t[b"copyright".len()..];
        if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            return false;
        }
        let word: Vec<u8> = rest
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take_while(|b| b.is_ascii_alphabetic())
            .map(u8::to_ascii_lowercase)
            .collect();
        return !COPYRIGHT_BODY_WORDS.contains(&word.as_slice());
    }
    starts(b"(c)") || starts("©".as_bytes())
}

/// Words that follow "copyright" in a licence's text, never in a statement of ownership.
const COPYRIGHT_BODY_WORDS: &[&[u8]] = &[
    b"notice",
    b"notices",
    b"holder",
    b"holders",
    b"owner",
    b"owners",
    b"law",
    b"laws",
    b"and",
    b"or",
    b"of",
    b"in",
    b"to",
    b"is",
    b"that",
    b"license",
    b"licence",
    b"licenses",
    b"protection",
    b"statement",
    b"statements",
    b"interest",
    b"infringement",
];

/// "All rights reserved" in any case (one automaton: every line of every licence text is
/// searched for it).
static ALL_RIGHTS_RESERVED: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(["all rights reserved"])
        .expect("constant pattern")
});

fn line_of(text: &str, byte: usize) -> u32 {
    u32::try_from(text[..byte].matches('\n').count() + 1).unwrap_or(u32::MAX)
}

fn round(score: f32) -> f32 {
    (score * 1000.0).round() / 1000.0
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A prefix length that does not cut a UTF-8 sequence (invalid bytes are replaced anyway).
fn floor_boundary_bytes(bytes: &[u8], max: usize) -> usize {
    if bytes.len() <= max {
        return bytes.len();
    }
    let mut i = max;
    while i > 0 && (bytes[i] & 0b1100_0000) == 0b1000_0000 {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole list, compared text by text and through its index.
    fn lists() -> [List<'static, 'static>; 2] {
        static INDEX: OnceLock<ListIndex<'static>> = OnceLock::new();
        let store = test_store();
        [
            List::Every(store),
            List::Index(INDEX.get_or_init(|| ListIndex::new(store))),
        ]
    }

    /// The list, loaded once for the tests.
    fn test_store() -> &'static Store {
        static STORE: OnceLock<Store> = OnceLock::new();
        STORE.get_or_init(|| load_store().unwrap())
    }

    /// A released value is freed as soon as its last user is done with it, and loaded again by
    /// the next one to need it; until released, it is loaded once.
    #[test]
    fn a_released_value_is_freed_and_loaded_again_when_needed() {
        let loads = std::sync::atomic::AtomicUsize::new(0);
        let load = || {
            loads.fetch_add(1, Ordering::Relaxed);
            Ok(vec![0u8; 1024])
        };
        let shared: Reloadable<Vec<u8>> = Reloadable::new();
        let first = shared.get(load).unwrap();
        let second = shared.get(load).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(loads.load(Ordering::Relaxed), 1);
        shared.release();
        let weak = Arc::downgrade(&first);
        drop(first);
        assert!(weak.upgrade().is_some(), "a user still holds it");
        drop(second);
        assert!(weak.upgrade().is_none(), "freed with its last user");
        let third = shared.get(load).unwrap();
        assert_eq!(loads.load(Ordering::Relaxed), 2);
        assert_eq!(third.len(), 1024);
        // A failure is the answer until the next release, then loading is tried again.
        let failing: Reloadable<Vec<u8>> = Reloadable::new();
        assert!(failing.get(|| Err("no list".into())).is_err());
        assert!(failing.get(load).is_err());
        failing.release();
        assert!(failing.get(load).is_ok());
    }

    /// A README's licence section too long for the short path is compared with the whole list
    /// only when it has the words of a licence's text: every such text of the list has them;
    /// prose about the licensing does not.
    #[test]
    fn licence_texts_have_the_words_that_prose_lacks() {
        let mut without = Vec::new();
        let mut long = 0;
        for (name, _) in test_store().iter() {
            let Some(text) = spdx::license_id(name).map(spdx::LicenseId::text) else {
                continue;
            };
            if short_enough_to_tell(&TextData::new(text)) {
                continue;
            }
            long += 1;
            if !LICENCE_TEXT_WORDS.is_match(text) {
                without.push(name.clone());
            }
        }
        assert!(long > 500, "{long}");
        assert!(without.is_empty(), "{without:?}");
        for prose in [
            "## License\n\nCopyright (c) 2017-2021 The fd developers\n\n`fd` is distributed under the terms of both the MIT License and the Apache License 2.0.\n\nSee the LICENSE-APACHE and LICENSE-MIT files for license details.",
            "## License\n\nCargo is primarily distributed under the terms of both the MIT license\nand the Apache License (Version 2.0).\n\nSee LICENSE-APACHE and LICENSE-MIT for details.\n\n### Third party software\n\nThis product includes software developed by the OpenSSL Project\nfor use in the OpenSSL Toolkit (https://www.openssl.org/).\n\nIn binary form, this product includes software that is licensed under the\nterms of the GNU General Public License, version 2, with a linking exception,\nwhich can be obtained from the [upstream repository][1].",
        ] {
            assert!(!LICENCE_TEXT_WORDS.is_match(prose), "{prose}");
        }
    }

    /// A third-party inventory is never compared with the whole list (its entries are read
    /// apart); as a whole file, a common licence's text is still named.
    #[test]
    fn an_inventory_is_not_matched_against_the_whole_list() {
        // NCSA behind a line of its own: only the whole list names it.
        let text = format!(
            "The following licence applies to this software.\n\n{}",
            spdx::license_id("NCSA").unwrap().text()
        );
        let scanner = LicenseScanner::new();
        let spdx = |m: TextMatch| m.licenses.into_iter().map(|l| l.spdx).collect::<Vec<_>>();
        assert_eq!(
            spdx(scanner.match_text(&text, "LICENSE", &mut Vec::new())),
            ["NCSA"]
        );
        assert!(spdx(scanner.match_text(
            &text,
            "third_party/THIRD-PARTY-NOTICES.txt",
            &mut Vec::new()
        ))
        .is_empty());
        let mit = spdx::license_id("MIT").unwrap().text();
        assert_eq!(
            spdx(scanner.match_text(mit, "NOTICE", &mut Vec::new())),
            ["MIT"]
        );
        // Nor is it searched for the reference texts it holds among other text: its entries
        // are (`notices.rs`).
        let entries = format!(
            "This product bundles the following.\n\nlibfoo\n\n{mit}\n\nlibbar, under the Zlib licence.\n"
        );
        assert_eq!(
            spdx(scanner.match_text(&entries, "COPYING", &mut Vec::new())),
            ["MIT"]
        );
        assert!(
            spdx(scanner.match_text(&entries, "LICENSE-THIRD-PARTY", &mut Vec::new())).is_empty()
        );
    }

    /// After the list is released, a text that needs it is matched as before.
    #[test]
    fn a_text_needing_the_list_is_matched_the_same_after_a_release() {
        // NCSA behind a line of its own: no reference text, not verbatim, so the whole list.
        let text = format!(
            "The following licence applies to this software.\n\n{}",
            spdx::license_id("NCSA").unwrap().text()
        );
        let first = LicenseScanner::new().match_text(&text, "LICENSE", &mut Vec::new());
        release_list();
        let again = LicenseScanner::new().match_text(&text, "LICENSE", &mut Vec::new());
        let names = |m: &TextMatch| {
            m.licenses
                .iter()
                .map(|l| l.spdx.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&first), ["NCSA"]);
        assert_eq!(names(&first), names(&again));
    }

    /// The list's standard headers in the order of [`LIST_HEADERS`] (by entry name, then as the
    /// entry lists them), with their names.
    fn store_headers(store: &Store) -> Vec<(&str, &TextData)> {
        let mut entries: Vec<_> = store.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries
            .into_iter()
            .flat_map(|(name, e)| e.headers.iter().map(move |h| (name.as_str(), h)))
            .collect()
    }

    /// The list's texts other than headers, of 1 to [`SHORT_PAIRS`] word pairs, in the order of
    /// [`LIST_SHORT_TEXTS`] (as [`store_headers`], originals before alternates).
    fn store_short_texts(store: &Store) -> Vec<(&str, &TextData)> {
        let mut entries: Vec<_> = store.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries
            .into_iter()
            .flat_map(|(name, e)| {
                std::iter::once(&e.original)
                    .chain(&e.alternates)
                    .map(move |t| (name.as_str(), t))
            })
            .filter(|(_, t)| (1..=SHORT_PAIRS).contains(&pairs_of(t)))
            .collect()
    }

    /// How `list_texts.rs` keeps a text of the list: its normalised lines, which normalise to
    /// themselves, unless the matcher does not read them the same way every time (it breaks a
    /// tie between prefixes common to the lines at random): then the words it read in the list,
    /// on one line, which it reads as they are.
    fn kept_form(t: &TextData) -> String {
        let lines = t.lines().join("\n");
        if (0..8).all(|_| TextData::new(&lines).ngram_matches(t)) {
            return lines;
        }
        const AT: &str = "text_processed: \"";
        let debug = format!("{t:?}");
        let at = debug.rfind(AT).expect("the matcher's debug form") + AT.len();
        let words = debug[at..]
            .strip_suffix("\" }")
            .expect("the processed text last");
        assert!(TextData::new(words).ngram_matches(t), "{words}");
        words.to_owned()
    }

    /// Writes `list_texts.rs` from the list (after an update of the `spdx` crate).
    #[test]
    #[ignore = "writes list_texts.rs from the licence list"]
    fn write_list_texts() {
        use std::fmt::Write;
        let store = test_store();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/facts/licenses/list_texts.rs"
        );
        let old = std::fs::read_to_string(path).unwrap();
        let at = old
            .find("/// (The list entry's name, one of its headers.)")
            .unwrap();
        let mut out = old[..at].to_owned();
        for (doc, name, texts) in [
            ("one of its headers", "LIST_HEADERS", store_headers(store)),
            (
                "one of its short texts, original or alternate",
                "LIST_SHORT_TEXTS",
                store_short_texts(store),
            ),
        ] {
            writeln!(out, "/// (The list entry's name, {doc}.)").unwrap();
            writeln!(out, "pub(super) const {name}: &[(&str, &str)] = &[").unwrap();
            for (entry, t) in texts {
                let text = kept_form(t);
                writeln!(out, "    (\n        {entry:?},\n        {text:?},\n    ),").unwrap();
            }
            out.push_str("];\n\n");
        }
        out.pop();
        std::fs::write(path, out).unwrap();
    }

    /// The texts kept apart are the list's, text for text, and read as the list's do.
    #[test]
    fn the_short_list_texts_are_the_lists() {
        let store = test_store();
        for (ours, theirs, data) in [
            (
                LIST_HEADERS,
                store_headers(store),
                LIST_HEADER_DATA.iter().collect::<Vec<_>>(),
            ),
            (
                LIST_SHORT_TEXTS,
                store_short_texts(store),
                SHORT_LIST_DATA.iter().collect(),
            ),
        ] {
            let ours: Vec<(&str, String)> = ours
                .iter()
                .map(|&(name, text)| (name, text.to_owned()))
                .collect();
            let expected: Vec<(&str, String)> = theirs
                .iter()
                .map(|&(name, t)| (name, kept_form(t)))
                .collect();
            assert_eq!(
                ours, expected,
                "list_texts.rs is not the list's: write it again (see its documentation)"
            );
            for ((name, _), (list_text, theirs)) in expected.iter().zip(data.iter().zip(&theirs)) {
                let ours = list_text.data();
                assert!(ours.ngram_matches(theirs.1), "{name}: other word pairs");
                // Its word pairs, as the reach of a text is told without preparing it.
                assert_eq!(
                    list_text.pairs,
                    pairs_of(ours),
                    "{name}: pairs (LIST_HEADER_PAIRS, LIST_SHORT_PAIRS are not the list's)"
                );
                // The same word pairs every time they are read.
                for _ in 0..4 {
                    assert!(
                        TextData::new(&ours.lines().join("\n")).ngram_matches(theirs.1),
                        "{name}: read otherwise"
                    );
                }
            }
        }
    }

    /// A header is named as comparing it with every header of the loaded list names it, and a
    /// text that reaches no header of the list is named by none.
    #[test]
    fn list_headers_answer_as_the_list() {
        let store = test_store();
        let mut blocks: Vec<String> = LIST_HEADERS.iter().map(|&(_, t)| t.to_owned()).collect();
        blocks.extend(
            [
                "Copyright 2015 The Prometheus Authors\nLicensed under the Apache License, \
                 Version 2.0 (the \"License\");\nyou may not use this file except in compliance \
                 with the License.\nYou may obtain a copy of the License at\n\n\
                 http://www.apache.org/licenses/LICENSE-2.0\n\nUnless required by applicable law \
                 or agreed to in writing, software\ndistributed under the License is distributed \
                 on an \"AS IS\" BASIS,\nWITHOUT WARRANTIES OR CONDITIONS OF ANY KIND.",
                "Copyright (c) Microsoft Corporation. All rights reserved.\nLicensed under the MIT \
                 License. See https://go.microsoft.com/fwlink/?linkid=1 for license information.",
                "This Source Code Form is subject to the terms of the Mozilla Public\nLicense, v. \
                 2.0. If a copy of the MPL was not distributed with this\nfile, You can obtain one \
                 at https://mozilla.org/MPL/2.0/.",
                "This program is free software; you can redistribute it and/or modify it under \
                 the terms of the GNU General Public License as published by the Free Software \
                 Foundation; either version 2 of the License, or (at your option) any later version.",
                "Licensed under the MIT license. Permission is hereby granted, free of charge.",
            ]
            .map(str::to_owned),
        );
        // Each header cut short (the first 90, 70 and 50 % of its words): texts shorter than
        // the headers they may reach, which the reach of a text must not leave out.
        for &(_, header) in LIST_HEADERS {
            let words: Vec<&str> = header.split_whitespace().collect();
            for tenths in [9, 7, 5] {
                blocks.push(words[..(words.len() * tenths / 10).max(1)].join(" "));
            }
        }
        blocks.push("Helpers for the command line; see the module docs.".to_owned());
        let (mut named, mut unnamed) = (0, 0);
        for block in &blocks {
            let td = TextData::new(block);
            let all: Vec<(&str, f32)> = store_headers(store)
                .into_iter()
                .map(|(n, h)| (n, h.match_score(&td)))
                .collect();
            let best = all.iter().map(|a| a.1).fold(f32::MIN, f32::max);
            match best_list_header(&td) {
                Some((name, score)) => {
                    assert_eq!(score.to_bits(), best.to_bits(), "{block}");
                    assert!(all.contains(&(name, best)), "{block}: {name}");
                    named += 1;
                }
                None => {
                    assert!(best < CONFIDENCE_FLOOR, "{block}: {best}");
                    unnamed += 1;
                }
            }
        }
        assert!(named > 50 && unnamed > 50, "{named} named, {unnamed} not");
    }

    /// The number of word pairs the matcher counts in a text (read from its debug form: the
    /// count is not public).
    fn pairs_of(td: &TextData) -> usize {
        const AT: &str = ", n: 2, size: ";
        let debug = format!("{td:?}");
        let at = debug.find(AT).expect("the matcher's debug form") + AT.len();
        debug[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a count")
    }

    /// The whitespace-separated words of a text's normalised lines.
    fn words_of_lines(td: &TextData) -> usize {
        td.lines()
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum()
    }

    /// The words of the lines bound the matcher's pairs, on texts its normalisation changes
    /// most (a comment marker on every line, copyright lines, a title, punctuation, links).
    #[test]
    fn the_words_of_the_lines_bound_the_pairs() {
        let mut texts: Vec<String> = LIST_HEADERS.iter().map(|&(_, t)| t.to_owned()).collect();
        texts.extend(
            [
                "// Copyright 2020 A\n// Licensed under the MIT license.\n// See LICENSE.",
                "MIT License\n\nCopyright (c) 2020 A\n\nPermission is hereby granted.",
                "See the [LICENSE](https://example.com/a/LICENSE) file.",
                "a-b c_d e.f (g) \"h\" -- & * i\u{a0}j\tk\u{2003}l",
                "# # #\n## License ##\n--- ---",
                "ÉCOLE İSTANBUL ǅ straße",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            let td = TextData::new(text);
            assert!(
                pairs_of(&td) < words_of_lines(&td).max(1),
                "{text:?}: {} pairs, {} words",
                pairs_of(&td),
                words_of_lines(&td)
            );
            let (start, end) = td.lines_view();
            for from in start..end {
                for to in from + 1..=end {
                    let part = td.with_view(from, to);
                    assert!(pairs_of(&part) < words_of_lines(&part).max(1), "{text:?}");
                }
            }
        }
    }

    /// In a short text, the list names nothing, or the list is asked: a sentence about the
    /// licence is found to hold none of its texts without it; a short text of the list, or one
    /// of its headers, is left to it.
    #[test]
    fn short_texts_the_list_names_nothing_in() {
        for text in [
            "See the [LICENSE](https://github.com/example/example/blob/main/LICENSE) file.",
            "\nThe Example Framework is licensed under the MIT license. See [License File](LICENSE.md) \
             for more information.\n",
            "Example is released under the Apache 2.0 license. See [LICENSE.txt](LICENSE.txt)",
            "MIT",
            "",
        ] {
            let td = TextData::new(text);
            assert!(list_names_nothing(&td), "{text:?}");
            for list in lists() {
                let (licenses, terms) = scan_text(list, &td, text);
                assert!(licenses.is_empty() && terms.is_none(), "{text:?}");
            }
        }
        for &(name, text) in LIST_SHORT_TEXTS.iter().chain(LIST_HEADERS) {
            let td = TextData::new(text);
            // (A header its title line is all of scores nothing, even with itself.)
            if pairs_of(&td) > 0 {
                assert!(!list_names_nothing(&td), "{name}: {text:?}");
            }
        }
        // A licence file that says which licences apply, in a sentence or two: told without
        // the list, and the list finds nothing in it.
        let statement = "This project is dual-licensed under the Unlicense and MIT licenses.\n\n\
                         You may use this code under the terms of either license.";
        let td = TextData::new(statement);
        assert!(list_names_nothing(&td));
        for list in lists() {
            let (licenses, terms) = scan_text(list, &td, statement);
            assert!(licenses.is_empty() && terms.is_none());
        }
        // The beginnings of the list's texts of more than 22 pairs (kept apart since the path
        // tells texts of up to 30): those the list names something in, the longest, near enough
        // to their texts, are left to it.
        let mut left_to_the_list = 0;
        for (name, entry) in test_store().iter() {
            if !(23..=SHORT_PAIRS).contains(&pairs_of(&entry.original)) {
                continue;
            }
            let text = spdx::license_id(name).unwrap().text();
            let words: Vec<&str> = text.split_whitespace().collect();
            for cut in [12, 21, 26, 31] {
                let part = words[..cut.min(words.len())].join(" ");
                let td = TextData::new(&part);
                if !short_enough_to_tell(&td) {
                    continue;
                }
                let (licenses, terms) = scan_text(lists()[1], &td, &part);
                let named = !licenses.is_empty() || terms.is_some();
                if named {
                    assert!(!list_names_nothing(&td), "{name}, {cut} words: {part}");
                    left_to_the_list += 1;
                }
            }
        }
        assert!(
            left_to_the_list > 0,
            "no beginning near enough for the list to name it"
        );
        // Too long to tell: a text of the list longer than those kept apart could be inside.
        for text in [
            spdx::license_id("MIT").unwrap().text(),
            "This project is dual-licensed under the Unlicense and MIT licenses. You may use this \
             code under the terms of either license, as you prefer, and you may give it to others \
             under either of them as well.",
        ] {
            assert!(!list_names_nothing(&TextData::new(text)), "{text}");
        }
    }

    /// The fast path's table: each reference's nearest licence outside its family is no closer
    /// than the table says (the table may only err on the safe side), and each whole reference
    /// is the list's own text.
    #[test]
    fn reference_table_is_safe() {
        let store = Store::load_inline().unwrap();
        let references = all_references();
        assert_eq!(
            references.len(),
            REFERENCES.len(),
            "every reference is built"
        );
        for (r, (_, part, _)) in references.iter().zip(REFERENCES) {
            let family = crate::facts::licenses::expr::family(&r.name);
            let actual = store
                .iter()
                .filter(|(other, _)| crate::facts::licenses::expr::family(other) != family)
                .map(|(_, e)| r.data().match_score(&e.original))
                .fold(0.0f32, f32::max);
            assert!(
                r.nearest + 0.0005 >= actual,
                "{}: nearest is {actual}, table says {}",
                r.name,
                r.nearest
            );
            if matches!(part, Part::Whole) {
                let own = store.get_original(&r.name).expect("in the list");
                assert!(own.match_score(r.data()) > 0.998, "{}", r.name);
            }
            assert_eq!(pairs_of(r.data()), r.pair_count, "{}", r.name);
        }
    }

    /// A text's word pairs, read off its similarity with one of its pairs, are the matcher's
    /// count: on every text of the list, each with a title line and a copyright line, and on
    /// the texts of a third-party inventory (the sum of several). Most can be read (a text
    /// whose first lines hold no plain pair cannot).
    #[test]
    fn pairs_are_read_exactly() {
        let mut read = 0;
        let mut texts = Vec::new();
        for (name, _) in test_store().iter() {
            let Some(text) = spdx::license_id(name).map(spdx::LicenseId::text) else {
                continue;
            };
            texts.push(text.to_owned());
            texts.push(format!(
                "The {name} License\n\nCopyright (c) 2024 Someone\n\n{text}"
            ));
        }
        let inventory: String = ["MIT", "Apache-2.0", "GPL-3.0-only", "BSD-3-Clause"]
            .iter()
            .map(|id| format!("{id}\n\n{}\n\n", spdx::license_id(id).unwrap().text()))
            .collect();
        texts.push(inventory.clone());
        for text in &texts {
            let td = TextData::new(text);
            if let Some(n) = pairs_exactly(&td) {
                assert_eq!(n, pairs_of(&td), "{text:.80}");
                read += 1;
            }
        }
        assert!(read * 100 >= texts.len() * 95, "{read} of {}", texts.len());
        // The inventory is longer than any reference by far: none of them can be within reach.
        let td = TextData::new(&inventory);
        let count = PairCount::of(&td);
        assert!(count.exact && count.most == pairs_of(&td));
        assert!(REFERENCE_DATA.iter().all(|r| !r.reachable(count)));
        assert_eq!(nearest_reference(&td), None);
    }

    /// The fast path compares a text with the references it can reach, the family of the first
    /// it is within reach of only: the same answer as comparing it with every reference, on
    /// every text of the list and on variants of the reference texts (a title and a copyright
    /// line, parts cut off, words before or after, a sentence about the licence).
    #[test]
    fn the_fast_path_answers_as_every_reference_would() {
        let every = |td: &TextData| {
            all_references()
                .iter()
                .filter_map(|r| {
                    let s = r.data().match_score(td);
                    within_reach(s, r.nearest).then_some((r.name.as_str(), s))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
        };
        let mut texts: Vec<String> = spdx::identifiers::LICENSES
            .iter()
            .filter_map(|l| Some(spdx::license_id(l.name)?.text().to_owned()))
            .collect();
        for r in all_references() {
            let text = &r.text;
            let cut = |share: usize| {
                let mut end = text.len() * share / 100;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text[..end].to_owned()
            };
            texts.push(format!(
                "The {} License\n\nCopyright (c) 2024 Someone\n\n{text}",
                r.name
            ));
            texts.extend((80..=100).step_by(2).map(cut));
            texts.push(cut(60));
            for n in 1..=6 {
                let words = "the project keeps these terms for every file in it. ".repeat(n);
                texts.push(format!("{words}\n\n{text}"));
                texts.push(format!("{text}\n\n{words}"));
            }
        }
        texts.push("See the [LICENSE](LICENSE) file: MIT.".into());
        let mut differ = Vec::new();
        let mut named = 0;
        for text in &texts {
            let td = TextData::new(text);
            let (fast, all) = (nearest_reference(&td), every(&td));
            named += usize::from(all.is_some());
            if fast != all {
                differ.push(format!(
                    "{:?}: {fast:?} against {all:?}",
                    &text[..text.len().min(60)]
                ));
            }
        }
        assert!(differ.is_empty(), "{differ:#?}");
        assert!(named > 60, "the variants are named: {named}");
    }

    /// The middle path's search for the most similar reference skips only the references a
    /// text is too short to resemble more: the same answer as comparing it with all of them.
    #[test]
    fn the_most_similar_reference_is_the_best_of_all() {
        let every = |td: &TextData, floor: f32| {
            all_references()
                .iter()
                .map(|r| (r.name.as_str(), r.data().match_score(td)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .filter(|&(_, s)| s >= floor)
        };
        let mut texts: Vec<String> = Vec::new();
        for r in all_references() {
            let text = &r.text;
            let lines: Vec<&str> = text.lines().collect();
            for share in [100, 95, 80, 50, 20, 5] {
                texts.push(lines[..lines.len() * share / 100].join("\n"));
            }
            texts.push(format!(
                "The {} License (MIT)\n\nCopyright (c) 2020 Someone\n\n{text}",
                r.name
            ));
        }
        texts.push(format!(
            "{}\n\n{}",
            spdx::license_id("MIT").unwrap().text(),
            spdx::license_id("Apache-2.0").unwrap().text()
        ));
        let mut differ = Vec::new();
        for text in &texts {
            let td = TextData::new(text);
            for floor in [0.0, PART_FLOOR, 0.9] {
                let fast = most_similar(&td, floor).map(|(r, s)| (r.name.as_str(), s));
                let all = every(&td, floor);
                if fast != all {
                    differ.push(format!(
                        "{:?} at {floor}: {fast:?} against {all:?}",
                        &text[..text.len().min(60)]
                    ));
                }
            }
        }
        assert!(differ.is_empty(), "{differ:#?}");
    }

    /// No text is within reach of two references of different families (what lets the fast
    /// path stop at the family of the first reference a text is within reach of): the distance
    /// between any two such references is at least the sum of their reaches, half the distance
    /// to each one's nearest neighbour (the distance `1 - J` is a metric, see
    /// [`reference_match`]).
    #[test]
    fn references_of_different_families_are_out_of_each_others_reach() {
        let distance = |d: f32| 1.0 - d / (2.0 - d);
        let references = all_references();
        let mut within = Vec::new();
        for (i, a) in references.iter().enumerate() {
            for b in &references[i + 1..] {
                let apart = distance(a.data().match_score(b.data()));
                let reaches = (distance(a.nearest) + distance(b.nearest)) / 2.0;
                if a.family() != b.family() && apart < reaches {
                    within.push(format!("{} and {}: {apart} < {reaches}", a.name, b.name));
                }
            }
        }
        assert!(within.is_empty(), "{within:#?}");
    }

    /// Apache-2.0 without its appendix (as many projects ship it) is Apache-2.0, not the Pixar
    /// licence that the whole list finds nearer, on the fast path and on the slow one.
    #[test]
    fn apache_terms_without_the_appendix() {
        let full = spdx::license_id("Apache-2.0").unwrap().text();
        let end = full.find("END OF TERMS AND CONDITIONS").unwrap() + 27;
        let scanner = LicenseScanner::new();
        let m = scanner.match_text(&full[..end], "LICENSE-APACHE", &mut Vec::new());
        assert_eq!(m.expression().as_deref(), Some("Apache-2.0"));
        // The slow path (the whole list) names the same text Apache-2.0 too.
        let text = format!("The terms of the foo crate:\n\n{}", &full[..end]);
        for list in lists() {
            let (found, terms) = scan_text(list, &TextData::new(&text), &text);
            assert!(terms.is_none(), "{terms:?}");
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].spdx, "Apache-2.0");
        }
    }

    /// Apache-2.0 followed by the LLVM exception is one SPDX expression, not a standard text with
    /// extra terms.
    #[test]
    fn apache_with_the_llvm_exception() {
        let apache = spdx::license_id("Apache-2.0").unwrap().text();
        let llvm = spdx::exception_id("LLVM-exception").unwrap().text();
        let text =
            format!("{apache}\n\n--- LLVM Exceptions to the Apache 2.0 License ----\n\n{llvm}");
        let m = LicenseScanner::new().match_text(&text, "LICENSE", &mut Vec::new());
        assert_eq!(
            m.expression().as_deref(),
            Some("Apache-2.0 WITH LLVM-exception")
        );
        let m = LicenseScanner::new().match_text(apache, "LICENSE", &mut Vec::new());
        assert_eq!(m.expression().as_deref(), Some("Apache-2.0"));
    }

    /// A dual-licence file: a preamble that only talks about the licensing, then both texts.
    /// Both licences are found (the second one too, behind the first one's blanked lines) and
    /// the preamble is not taken for terms of its own.
    /// The SPDX ids matched, sorted.
    fn ids(licenses: &[MatchedLicense]) -> Vec<&str> {
        let mut ids: Vec<&str> = licenses.iter().map(|l| l.spdx.as_str()).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn two_licences_behind_a_preamble() {
        let mit = spdx::license_id("MIT").unwrap().text();
        let apache = spdx::license_id("Apache-2.0").unwrap().text();
        let preamble = "Frobnicator is dual-licensed under The MIT License [1] and\n\
            Apache 2.0 License [2]. Copyright (c) 2019--2026, Jo Example and\n\
            contributors.\n\n\
            Nota Bene: This is the same as the Rust Project's own license.\n\n\
            [1]: <http://opensource.org/licenses/MIT>, which is reproduced below:\n\n~~~~\n";
        let text = format!(
            "{preamble}{mit}\n~~~~\n\n[2]: <http://www.apache.org/licenses/LICENSE-2.0>, which is reproduced below:\n\n~~~~\n{apache}\n~~~~\n"
        );
        let m = LicenseScanner::new().match_text(&text, "LICENSE.txt", &mut Vec::new());
        assert!(m.additional_terms.is_none(), "{m:?}");
        assert_eq!(ids(&m.licenses), ["Apache-2.0", "MIT"]);
        // The middle path names it; the whole list, whose elimination misses MIT behind the
        // blanked-out Apache text, comes to the same answer through the leftover search.
        for list in lists() {
            let (licenses, terms) = scan_text(list, &TextData::new(&text), &text);
            assert!(terms.is_none());
            assert_eq!(ids(&licenses), ["Apache-2.0", "MIT"]);
        }

        // The same preamble with a restriction is terms of its own: never the licences.
        let restricted = text.replace(
            "Nota Bene: This is the same as the Rust Project's own license.",
            "Nota Bene: these licences do not apply to commercial use by resellers or their customers.",
        );
        let m = LicenseScanner::new().match_text(&restricted, "LICENSE.txt", &mut Vec::new());
        assert!(m.licenses.is_empty(), "{m:?}");
        // It says which standard texts it holds: both.
        let mut resembles = m.additional_terms.expect("terms of its own").resembles;
        resembles.sort();
        assert_eq!(resembles, ["Apache-2.0", "MIT"]);
    }

    /// Every licence text of the list that the fast or middle path names is named as itself
    /// (its family): no licence of the list is taken for a reference it resembles, such as
    /// BSD-2-Clause-Views (BSD-2-Clause and a sentence about the authors' views) for BSD-2-Clause.
    #[test]
    fn the_reference_paths_never_rename_a_licence_of_the_list() {
        let store = test_store();
        let family = crate::facts::licenses::expr::family;
        let mut renamed = Vec::new();
        for l in spdx::identifiers::LICENSES {
            // Texts the list holds once under another name (MPL-2.0-no-copyleft-exception is
            // the MPL-2.0 text) are that other licence to any matcher.
            let (Some(id), Some(_)) = (spdx::license_id(l.name), store.get_original(l.name)) else {
                continue;
            };
            let text = id.text();
            let td = TextData::new(text);
            let Some((found, _)) =
                reference_match(&td, text).or_else(|| reference_parts(&td, text))
            else {
                continue;
            };
            if found.iter().any(|m| family(&m.spdx) != family(l.name)) {
                renamed.push(format!("{} named {found:?}", l.name));
            }
        }
        assert!(renamed.is_empty(), "{renamed:#?}");
    }

    #[test]
    fn the_middle_path_names_reference_texts_without_the_list() {
        let mit = spdx::license_id("MIT").unwrap().text();
        let zlib = spdx::license_id("Zlib").unwrap().text();
        let text = format!(
            "Widget is licensed under both licences below, at your option.\n\n{mit}\n\n---\n\n{zlib}\n"
        );
        let td = TextData::new(&text);
        assert!(reference_match(&td, &text).is_none(), "not one whole text");
        let (licenses, terms) = reference_parts(&td, &text).expect("two reference texts");
        assert!(terms.is_none());
        assert_eq!(ids(&licenses), ["MIT", "Zlib"]);

        // Words of its own around them: the whole list decides, never the middle path.
        let restricted = text.replace(
            "Widget is licensed under both licences below, at your option.",
            "Widget may not be sold, rented or offered to customers of a hosting service without a separate written agreement with us.",
        );
        let td = TextData::new(&restricted);
        assert!(reference_parts(&td, &restricted).is_none());
        // Nor a text that is mostly something else.
        let essay = format!(
            "{}\n{mit}",
            "Some words about the project and its goals. ".repeat(60)
        );
        let td = TextData::new(&essay);
        assert!(reference_parts(&td, &essay).is_none());
    }

    #[test]
    fn lines_about_licensing_are_not_terms_unless_they_restrict() {
        assert_eq!(
            extra_words("Licensed under the MIT license, reproduced below:"),
            0
        );
        assert_eq!(extra_words("See <https://example.com/terms>."), 0);
        assert_eq!(extra_words("Copyright (c) 2024 Acme and friends"), 0);
        assert_eq!(extra_words("This license does not permit resale."), 6);
        assert_eq!(extra_words("Not for use in aircraft."), 5);
        // A copyright notice inside a line is ownership; the word alone is prose.
        assert_eq!(
            extra_words("This work is derived from the foo crate, Copyright (c)"),
            0
        );
        assert_eq!(
            extra_words("The views are those of the authors and not of the copyright holders."),
            13
        );
    }

    /// Matches are remembered between runs, keyed by the text (not its copyright line), and a
    /// damaged memory file is ignored and replaced.
    #[test]
    fn matches_are_remembered_between_runs() {
        let dir = tempfile::tempdir().unwrap();
        let mit = spdx::license_id("MIT").unwrap().text();
        let first = LicenseScanner::with_memory(Some(dir.path()));
        let m = first.match_text(mit, "LICENSE", &mut Vec::new());
        assert_eq!(m.expression().as_deref(), Some("MIT"));
        let mut warnings = Vec::new();
        first.finish(&mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        let files: Vec<_> = std::fs::read_dir(dir.path().join("licence-matches"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let saved = std::fs::read_to_string(&files[0]).unwrap();
        assert!(saved.contains("\"MIT\""), "{saved}");

        // A second run knows the text without matching it: it answers from memory even
        // for a copy with another owner.
        let second = LicenseScanner::with_memory(Some(dir.path()));
        let key = (
            0u8,
            text_key(&format!("Copyright (c) 2031 Someone Else\n\n{mit}")),
        );
        assert!(second.cached(key).is_some());
        second.finish(&mut warnings);
        assert!(
            !second.learned.load(Ordering::Relaxed),
            "nothing new to save"
        );

        std::fs::write(&files[0], "{ not json").unwrap();
        let third = LicenseScanner::with_memory(Some(dir.path()));
        assert!(third.cached(key).is_none());
        let m = third.match_text(mit, "LICENSE", &mut Vec::new());
        assert_eq!(m.expression().as_deref(), Some("MIT"));
        third.finish(&mut warnings);
        assert!(std::fs::read_to_string(&files[0])
            .unwrap()
            .contains("\"MIT\""));
    }

    /// A text of a list text's words is named from the index, whatever its copyright line,
    /// wrapping or comment markers; words two licences share are not in it.
    #[test]
    fn the_verbatim_index() {
        let bsd = spdx::license_id("BSD-3-Clause").unwrap().text();
        let commented: String = bsd.lines().map(|l| format!("# {l}\n")).collect();
        let text = format!(
            "# Copyright (c) 2024 Acme\n{}",
            commented.replace(". ", ".\n# ")
        );
        let (found, _) = verbatim_match(&text).expect("the same words");
        assert_eq!(found[0].spdx, "BSD-3-Clause");
        let gpl = spdx::license_id("GPL-2.0-or-later").unwrap().text();
        assert_eq!(verbatim_match(gpl).unwrap().0[0].spdx, "GPL-2.0-only");
        let gfdl = spdx::license_id("GFDL-1.1-only").unwrap().text();
        assert!(verbatim_match(gfdl).is_none(), "also GFDL-1.1-invariants");
        assert!(verbatim_match(&format!("{bsd}\nNot for commercial use.")).is_none());
    }

    /// A copy of a list text is named by its words whatever its title ("The MIT License (MIT)",
    /// or none) and however its lines are wrapped: a line that starts with the licence's own
    /// "copyright notice" or "COPYRIGHT HOLDERS" is not a copyright statement left out.
    #[test]
    fn titles_and_wrapping_do_not_hide_a_list_text() {
        let mit = spdx::license_id("MIT").unwrap().text();
        let body = untitled(mit);
        assert!(body.len() < mit.len() && body.trim_start().starts_with("Copyright"));
        for title in [
            "",
            "The MIT License (MIT)\n",
            "MIT license\n\n",
            "# The MIT Licence\n#\n",
        ] {
            let text = format!("{title}Copyright (c) 2019 Someone\n{body}");
            assert_eq!(verbatim_name(&text), Some("MIT"), "{text}");
            let owner_first = format!("Copyright (c) 2019 Someone\n\n{title}{body}");
            assert_eq!(verbatim_name(&owner_first), Some("MIT"), "{owner_first}");
        }
        // Wrapped before the licence's own words "copyright notice" and "COPYRIGHT HOLDERS".
        for (id, words) in [
            ("MIT", "copyright notice"),
            ("Apache-2.0", "copyright notice"),
            ("BSD-3-Clause", "COPYRIGHT HOLDERS"),
            ("BSD-3-Clause", "copyright holder"),
        ] {
            let text = spdx::license_id(id).unwrap().text();
            assert!(text.contains(words), "{id}: {words}");
            let wrapped = text.replace(&format!(" {words}"), &format!("\n{words}"));
            assert_eq!(verbatim_name(&wrapped), Some(id), "{id}: {words}");
        }
        for (line, statement) in [
            ("Copyright (c) 2020 Acme", true),
            ("Copyright The Prometheus Authors", true),
            ("copyright 2019 someone", true),
            ("COPYRIGHT (C) 2001", true),
            ("© Acme", true),
            (
                "copyright notice and this permission notice shall be included",
                false,
            ),
            ("COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"", false),
            ("copyright owner or entity authorized by", false),
            ("copyrighted material", false),
        ] {
            assert_eq!(
                copyright_start(copyright_candidate(line)),
                statement,
                "{line}"
            );
        }
        // A title alone is the text.
        assert_eq!(untitled("MIT License\n"), "MIT License\n");
    }

    /// The index keyed by the start of the words names what an index of every list text's whole
    /// words names: for each list text, the first text of its words in the list's order, or
    /// nothing when two families share the words.
    #[test]
    fn the_verbatim_index_names_what_the_whole_words_name() {
        let texts: Vec<(&str, &str)> = spdx::identifiers::LICENSES
            .iter()
            .filter_map(|l| spdx::license_id(l.name).filter(|id| !id.is_deprecated()))
            .map(|id| (id.name, id.text()))
            .collect();
        let mut whole: HashMap<u64, Option<&str>> = HashMap::new();
        for &(name, text) in &texts {
            let entry = whole.entry(words_key(untitled(text))).or_insert(Some(name));
            if entry
                .is_some_and(|e| super::super::expr::family(e) != super::super::expr::family(name))
            {
                *entry = None;
            }
        }
        for &(name, text) in &texts {
            assert_eq!(
                verbatim_name(text),
                whole[&words_key(untitled(text))],
                "{name}"
            );
            // The same words with another copyright line, in comments.
            let commented: String = text.lines().map(|l| format!("# {l}\n")).collect();
            let other = format!("# Copyright (c) 2031 Someone\n{commented}");
            assert_eq!(verbatim_name(&other), verbatim_name(text), "{name}");
        }
        // A text that only starts like one is none.
        let mit = spdx::license_id("MIT").unwrap().text();
        assert!(verbatim_name(&mit[..mit.len() - 40]).is_none());
        assert_eq!(verbatim_name(mit), Some("MIT"));
    }

    /// The words of a text read character by character, each line tested whole for a copyright
    /// statement: what [`words_of`] gives reading bytes.
    fn words_by_characters(text: &str) -> String {
        let mut words = String::new();
        for line in text.lines().filter(|l| !is_copyright_statement(l)) {
            for c in line.chars() {
                if c.is_alphanumeric() {
                    words.extend(c.to_lowercase());
                } else if !words.ends_with(' ') {
                    words.push(' ');
                }
            }
            if !words.ends_with(' ') {
                words.push(' ');
            }
        }
        words
    }

    #[test]
    fn words_read_as_bytes_are_the_words_read_as_characters() {
        let crafted = [
            "",
            "  leading separators, then words",
            "Ünïcödé Wörds — ÉTÉ İstanbul \u{212a}elvin 東京 ﬁ ß\nnext line",
            "All Rights Reserved.\nreserved words stay\nThe Authors. ALL RIGHTS RESERVED",
            "all rights\nreserved across lines stays\r\nCRLF line\r\n",
            "© 2024 Someone\n(c) Someone else\n  * Copyright line\nkept line",
            "tail without newline ..",
            "İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ",
        ];
        for text in crafted {
            assert_eq!(words_of(text), words_by_characters(text), "{text:?}");
        }
        // And a sample of the licence list's texts (all of them go into the verbatim index).
        for l in spdx::identifiers::LICENSES.iter().step_by(5) {
            let Some(id) = spdx::license_id(l.name) else {
                continue;
            };
            assert_eq!(
                words_of(id.text()),
                words_by_characters(id.text()),
                "{}",
                l.name
            );
        }
    }

    #[test]
    fn copyright_lines_do_not_change_the_key() {
        let a = "Copyright (c) 2020 A\n\nPermission is hereby granted, free of charge";
        let b = "  © 2024 B. All rights reserved.\nPermission is hereby\ngranted, free of charge";
        assert_eq!(text_key(a), text_key(b));
        // Words are words: a changed one is another text.
        assert_ne!(
            text_key(a),
            text_key("Permission is hereby granted, for a fee")
        );
        // The one thing outside the words that the answer depends on.
        assert_ne!(
            text_key("GNU General Public License version 2"),
            text_key("GNU General Public License version 2 or later")
        );
    }

    #[test]
    fn spdx_lines_only_at_the_start_of_a_comment_line() {
        let found = |text: &str| {
            SPDX_LINE
                .captures_iter(text)
                .map(|c| clean_spdx_value(&c[1]))
                .collect::<Vec<_>>()
        };
        assert_eq!(found("// SPDX-License-Identifier: MIT\n"), vec!["MIT"]);
        assert_eq!(
            found("/* SPDX-License-Identifier: GPL-2.0-only */\n"),
            vec!["GPL-2.0-only"]
        );
        assert_eq!(
            found("# SPDX-License-Identifier: Apache-2.0\n"),
            vec!["Apache-2.0"]
        );
        assert!(found("//! reads `SPDX-License-Identifier:` lines\n").is_empty());
    }

    #[test]
    fn spdx_lines_are_cleaned() {
        assert_eq!(clean_spdx_value(" MIT */"), "MIT");
        assert_eq!(clean_spdx_value("GPL-2.0-only -->"), "GPL-2.0-only");
        assert_eq!(clean_spdx_value("\"Apache-2.0\","), "Apache-2.0");
    }

    #[test]
    fn the_leading_region_ends_at_the_first_line_of_code() {
        let region = |t: &str| String::from_utf8_lossy(leading_region(t.as_bytes())).into_owned();
        let c = "/*\n * Copyright 2020 A\n\nstill */\n\n// SPDX-License-Identifier: MIT\nint x;\n// (c) late\n";
        assert_eq!(
            region(c),
            "/*\n * Copyright 2020 A\n\nstill */\n\n// SPDX-License-Identifier: MIT\n"
        );
        let py = "#!/usr/bin/env python\n\"\"\"Docs.\n\nCopyright 2021 B\n\"\"\"\nimport os\n";
        assert_eq!(
            region(py),
            "#!/usr/bin/env python\n\"\"\"Docs.\n\nCopyright 2021 B\n\"\"\"\n"
        );
        assert_eq!(region("fn main() {}\n// Copyright 2020 A\n"), "");
        assert_eq!(region("//! Docs\n//! more"), "//! Docs\n//! more");
    }

    #[test]
    fn leading_comments_of_common_languages() {
        let c = "/*\n * Copyright 2020 A\n * Licensed under X\n */\nint main() {}\n";
        assert_eq!(
            leading_comment(c).unwrap().trim(),
            "Copyright 2020 A\nLicensed under X"
        );
        let py = "#!/usr/bin/env python\n# Copyright 2020 A\n# Licensed\nimport os\n";
        assert_eq!(leading_comment(py).unwrap(), "Copyright 2020 A\nLicensed");
        let rs = "// one\n// two\nfn main() {}\n";
        assert_eq!(leading_comment(rs).unwrap(), "one\ntwo");
        // The header ends at a blank line or at documentation comments.
        let rs = "// licence\n\n//! Module docs.\nfn main() {}\n";
        assert_eq!(leading_comment(rs).unwrap(), "licence");
        assert_eq!(leading_comment("//! Docs only\n"), None);
        assert_eq!(leading_comment("fn main() {}\n// late\n"), None);
    }

    #[test]
    fn ownership_statements() {
        let o = ownership("x\n// Copyright (c) 2024 Acme Inc.\n").unwrap();
        assert_eq!(o.line, 2);
        assert_eq!(o.statement, "Copyright (c) 2024 Acme Inc.");
        assert!(ownership("Acme Inc. All rights reserved.").is_some());
        // A licence's own wording is not an ownership statement.
        assert!(ownership("the above copyright notice and this permission notice").is_none());
        assert!(ownership("Copyright (c) <year> <copyright holders>").is_none());
    }

    #[test]
    fn readme_licence_sections() {
        let md = "# App\n\nStuff\n\n## License\n\nMIT, see LICENSE.\n\n## Contact\n\nme\n";
        let (s, line) = license_section(md).unwrap();
        assert_eq!(s.trim(), "MIT, see LICENSE.");
        assert_eq!(line, 5);
        let rst = "App\n===\n\nLicence\n-------\n\nBSD\n\nMore\n----\n";
        let (s, line) = license_section(rst).unwrap();
        assert_eq!(s.trim(), "BSD");
        assert_eq!(line, 4);
        assert!(license_section("# App\n\nno section\n").is_none());
    }
}
