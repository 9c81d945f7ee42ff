//! The licence scanner: a [`ContentScanner`] that matches licence texts against the SPDX licence
//! list (the `spdx` crate's askalono matcher and embedded text cache) and reads the top of source
//! files for `SPDX-License-Identifier:` lines, licence headers and copyright statements.
//!
//! It is built once per run and shared by every walker thread. The licence store is loaded on
//! the first file that needs it (a tree without licence texts never pays for it), and results
//! are cached by normalised text, so the thousand identical Apache-2.0 texts of a vendored tree
//! are matched once.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use spdx::detection::scan::Scanner;
use spdx::detection::{LicenseType, Store, TextData};

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

/// A README heading that opens the licence section.
static LICENSE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(#{1,6})?[ \t]*(?:licen[cs]e|licen[cs]ing|copyright(?: and licen[cs]e)?)[ \t]*:?[ \t]*#*[ \t]*$")
        .expect("valid regex")
});

/// What a text matched: the licences, or a standard text with terms of its own.
type Found = (Vec<MatchedLicense>, Option<AdditionalTerms>);

/// The SPDX licence list with its texts, loaded once per process (it is immutable) and shared by
/// every walker thread.
static STORE: OnceLock<Result<Store, String>> = OnceLock::new();

/// The scanner. Build it once per run with [`LicenseScanner::new`].
pub struct LicenseScanner {
    store_warned: AtomicBool,
    cache: Mutex<HashMap<(u8, u64), Found>>,
    keywords: AhoCorasick,
}

impl Default for LicenseScanner {
    fn default() -> Self {
        Self::new()
    }
}

impl LicenseScanner {
    /// A scanner. The licence list starts loading on a background thread at once, so that the
    /// walk does not wait for it; a walker thread that needs it first waits for that load.
    ///
    /// # Panics
    /// Never: the keyword automaton is built from constants.
    #[must_use]
    pub fn new() -> Self {
        if STORE.get().is_none() {
            // If the thread cannot be started, the first file that needs the list loads it.
            let _ = std::thread::Builder::new()
                .name("licence-list".into())
                .spawn(|| {
                    STORE.get_or_init(load_store);
                });
        }
        LicenseScanner {
            store_warned: AtomicBool::new(false),
            cache: Mutex::new(HashMap::new()),
            keywords: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .build([
                    "spdx-license-identifier",
                    "licen",
                    "copyright",
                    "(c)",
                    "©",
                    "all rights reserved",
                ])
                .expect("constant patterns"),
        }
    }

    fn store(&self, warnings: &mut Vec<Warning>, path: &str) -> Option<&Store> {
        match STORE.get_or_init(load_store) {
            Ok(store) => Some(store),
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

    /// Matches a whole licence text (a licence file or a README's licence section).
    pub fn match_text(&self, text: &str, path: &str, warnings: &mut Vec<Warning>) -> TextMatch {
        let text = if text.len() > MAX_LICENSE_TEXT {
            &text[..floor_char_boundary(text, MAX_LICENSE_TEXT)]
        } else {
            text
        };
        let td = TextData::new(text);
        let key = (0u8, cache_key(td.lines()));
        let (licenses, additional_terms) = if let Some(hit) = self.cached(key) {
            hit
        } else {
            let Some(store) = self.store(warnings, path) else {
                return TextMatch::default();
            };
            let found =
                common_match(store, &td, text).unwrap_or_else(|| scan_text(store, &td, text));
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
    fn match_header(
        &self,
        block: &str,
        path: &str,
        warnings: &mut Vec<Warning>,
    ) -> Vec<MatchedLicense> {
        let td = TextData::new(block);
        let key = (1u8, cache_key(td.lines()));
        if let Some(hit) = self.cached(key) {
            return hit.0;
        }
        let Some(store) = self.store(warnings, path) else {
            return Vec::new();
        };
        // A whole common licence pasted into the comment, else the best of the list's standard
        // headers (comparing with headers only: a header is short, the texts are long).
        let found = if let Some((found, _)) = common_match(store, &td, block) {
            found
        } else {
            let best = store
                .iter()
                .flat_map(|(name, e)| e.headers.iter().map(move |h| (name, h)))
                .map(|(name, h)| (name.as_str(), h.match_score(&td)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((name, score)) if score >= CONFIDENCE_FLOOR => {
                    spdx_name(name, LicenseType::Header, block)
                        .map(|spdx| MatchedLicense {
                            spdx,
                            confidence: round(score),
                        })
                        .into_iter()
                        .collect()
                }
                _ => Vec::new(),
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
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, found);
    }

    /// The top of a source file: SPDX lines, a licence header, a copyright line.
    fn scan_head(
        &self,
        head: &str,
        path: &str,
        scan: &mut LicenseScan,
        warnings: &mut Vec<Warning>,
    ) {
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
                    scan.header = self.match_header(&block, path, warnings);
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
            let text = String::from_utf8_lossy(content);
            scan.text = Some(self.match_text(&text, &file.path, warnings));
            scan.ownership = ownership(&text);
        } else if is_root_readme(file) {
            let text = String::from_utf8_lossy(content);
            if let Some((section, first_line)) = license_section(&text) {
                let mut m = self.match_text(&section, &file.path, warnings);
                m.proprietary_notice = m.licenses.is_empty() && is_proprietary_notice(&section);
                scan.text = Some(m);
                scan.section_line = Some(first_line);
            }
            scan.ownership = ownership(&text);
        } else {
            let head = &content[..floor_boundary_bytes(content, HEADER_BYTES)];
            let head = String::from_utf8_lossy(head);
            self.scan_head(&head, &file.path, &mut scan, warnings);
        }
        file.scan.licenses = scan;
    }
}

/// The licences most texts are, each with its similarity to the nearest *other* licence of the
/// list (a different family; measured, and checked by the tests).
const COMMON: &[(&str, f32)] = &[
    ("MIT", 0.973),
    ("Apache-2.0", 0.954),
    ("BSD-2-Clause", 0.937),
    ("BSD-3-Clause", 0.946),
    ("ISC", 0.923),
    ("Zlib", 0.900),
    ("Unlicense", 0.537),
    ("0BSD", 0.923),
    ("MPL-2.0", 0.957),
    ("BSL-1.0", 0.582),
    ("CC0-1.0", 0.188),
    ("Unicode-DFS-2016", 0.931),
    ("Unicode-3.0", 0.863),
    ("MIT-0", 0.901),
    ("GPL-2.0-or-later", 0.883),
    ("GPL-3.0-or-later", 0.918),
    ("LGPL-2.1-or-later", 0.888),
    ("LGPL-3.0-or-later", 0.902),
    ("AGPL-3.0-or-later", 0.918),
];

/// The fast path: a text nearly identical to one of the [`COMMON`] licences is that licence,
/// without comparing it with the whole list. "Nearly" is strict enough to be safe: the text must
/// be closer to the licence than half the distance from that licence to its nearest neighbour
/// (in the Ruzicka distance, `1 - J` with `J = D / (2 - D)` for the Dice similarity `D` the
/// matcher computes; it is a metric, so no other licence can then be closer to the text).
fn common_match(store: &Store, td: &TextData, raw: &str) -> Option<Found> {
    let jaccard = |d: f32| d / (2.0 - d);
    let (name, score) = COMMON
        .iter()
        .filter_map(|(name, nearest)| {
            let s = store.get_original(name)?.match_score(td);
            (1.0 - jaccard(s) < (1.0 - jaccard(*nearest)) / 2.0).then_some((*name, s))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let spdx = spdx_name(name, LicenseType::Original, raw)?;
    Some((
        vec![MatchedLicense {
            spdx,
            confidence: round(score),
        }],
        None,
    ))
}

fn load_store() -> Result<Store, String> {
    Store::load_inline().map_err(|e| e.to_string())
}

/// Scans a whole text: the best match if it is nearly exact, else every licence found inside it
/// (a preamble, two licences in one file), each above the floor and covering enough of the text.
fn scan_text(
    store: &Store,
    td: &TextData,
    raw: &str,
) -> (Vec<MatchedLicense>, Option<AdditionalTerms>) {
    let scanner = Scanner::new(store)
        .confidence_threshold(CONFIDENCE_FLOOR)
        .shallow_limit(SHALLOW_LIMIT)
        .optimize(true)
        .max_passes(3);
    let result = scanner.scan(td);
    let mut out: Vec<MatchedLicense> = Vec::new();
    let mut push = |name: &str, kind: LicenseType, score: f32| {
        if let Some(spdx) = spdx_name(name, kind, raw) {
            match out.iter_mut().find(|m| m.spdx == spdx) {
                Some(m) => m.confidence = m.confidence.max(round(score)),
                None => out.push(MatchedLicense {
                    spdx,
                    confidence: round(score),
                }),
            }
        }
    };
    if result.containing.is_empty() {
        if let Some(l) = result.license {
            push(l.name, l.kind, result.score);
        }
        return (out, None);
    }
    let lines = td.lines();
    let in_range = |i: usize| {
        result
            .containing
            .iter()
            .any(|c| i >= c.line_range.0 && i < c.line_range.1)
    };
    let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count().max(1);
    let covered = (0..lines.len())
        .filter(|i| in_range(*i) && !lines[*i].trim().is_empty())
        .count();
    #[allow(clippy::cast_precision_loss)]
    let coverage = covered as f32 / non_blank as f32;
    if coverage < MIN_COVERAGE {
        return (out, None);
    }
    // Words outside the licences found, leaving out titles and copyright lines: a standard text
    // plus terms of its own ("not for commercial use") is not that standard licence.
    let outside: usize = (0..lines.len())
        .filter(|i| !in_range(*i))
        .map(|i| lines[i].to_lowercase())
        .filter(|l| {
            !(l.contains("copyright") || l.contains("(c)") || l.contains('©'))
                && !((l.contains("license") || l.contains("licence"))
                    && l.split_whitespace().count() <= 6)
        })
        .map(|l| {
            l.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        })
        .sum();
    if outside > MAX_EXTRA_WORDS {
        let resembles = result.containing[0].license.name.to_owned();
        return (
            Vec::new(),
            Some(AdditionalTerms {
                resembles,
                words: outside,
            }),
        );
    }
    if result.containing.len() == 1 {
        // One licence with a little around it: the whole text's similarity is the confidence.
        let c = &result.containing[0];
        push(
            c.license.name,
            c.license.kind,
            result.score.max(CONFIDENCE_FLOOR),
        );
        return (out, None);
    }
    for c in &result.containing {
        push(c.license.name, c.license.kind, c.score);
    }
    (out, None)
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
    let id = spdx::license_id(name)?;
    if id.is_gnu() {
        let base = super::expr::family(name);
        let or_later = kind == LicenseType::Header && {
            let lower = raw.to_ascii_lowercase();
            lower.contains("any later version") || lower.contains("or later")
        };
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
            [
                "/*", "//", "#", "--", ";", "<!--", "{-", "(*", "%", "\"\"\"", "'''", "rem ",
                "REM ",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        };
        if !is_comment {
            if started {
                break;
            }
            // Code before any comment: no header.
            return None;
        }
        started = true;
        for open in ["/**", "/*!", "/*", "<!--", "{-", "(*", "\"\"\"", "'''"] {
            if let Some(rest) = body.strip_prefix(open) {
                body = rest;
                in_block = !["*/", "-->", "-}", "*)", "\"\"\"", "'''"]
                    .iter()
                    .any(|c| rest.contains(c));
                break;
            }
        }
        for close in ["*/", "-->", "-}", "*)", "\"\"\"", "'''"] {
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

/// Key for the match cache: the normalised lines, whitespace collapsed, copyright lines left out
/// (two MIT texts with different owners and wrapping share one entry).
fn cache_key(lines: &[String]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    for line in lines {
        if line.to_ascii_lowercase().contains("copyright") {
            continue;
        }
        for word in line.split_whitespace() {
            word.hash(&mut h);
        }
    }
    h.finish()
}

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

    /// The fast path's table: each common licence's nearest other licence is no closer than
    /// the table says (the table may only err on the safe side).
    #[test]
    fn common_table_is_safe() {
        let store = Store::load_inline().unwrap();
        for (name, nearest) in COMMON {
            let reference = store.get_original(name).expect("in the list");
            let family = crate::facts::licenses::expr::family(name);
            let actual = store
                .iter()
                .filter(|(other, _)| crate::facts::licenses::expr::family(other) != family)
                .map(|(_, e)| reference.match_score(&e.original))
                .fold(0.0f32, f32::max);
            assert!(
                *nearest + 0.0005 >= actual,
                "{name}: nearest is {actual}, table says {nearest}"
            );
        }
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
