//! Third-party inventories: `NOTICE` files and third-party notice files (`LICENSE-THIRD-PARTY`,
//! `THIRD-PARTY-NOTICES.txt`, `ThirdPartyNotices.txt`, `THIRD_PARTY_LICENSES.md`) list the code a
//! product bundles and the licence of each piece. They are not the product's licence: they are
//! read as an inventory of bundled code.
//!
//! The common shapes are read:
//! - blocks between separator lines (`-----`, `=====`, `*****`), or under Markdown headings, each
//!   starting with a title line (`zlib 1.3.1`, `cJSON@1.7.17`, `sqlite3 - Public Domain`) or with
//!   fields (`Name:`, `Version:`, `License:`);
//! - bulleted entries (`* libgit2 - <link>`) with their terms indented below;
//! - `%% name NOTICES AND INFORMATION BEGIN HERE` sections;
//! - Markdown or pipe tables with a name and a licence column;
//! - the sentences of an Apache `NOTICE` ("This product includes software developed by X …
//!   licensed under the Apache License, Version 2.0").
//!
//! Pure: text in, [`Bundled`] entries out. A licence is named only when the words say it (an
//! SPDX expression, or a licence name the [statements](super::statement) reader knows) or when
//! an entry's text is a common licence's full text (the caller's recogniser tells); otherwise
//! the words are kept as written.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{expr, statement};

/// One piece of bundled third-party code listed in a notice file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundled {
    /// The component's name as written.
    pub name: String,
    /// Its version, when the entry gives one.
    pub version: Option<String>,
    /// Its licence as an SPDX expression, when the words name one.
    pub license: Option<String>,
    /// The licence words as written (at most 80 characters), when they name none.
    pub stated: Option<String>,
    /// The 1-based line where the entry starts.
    pub line: u32,
}

/// An entry and the inventory that lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The inventory file.
    pub inventory: String,
    /// The entry.
    #[serde(flatten)]
    pub entry: Bundled,
}

/// Whether a file name (any case) is a third-party inventory: a `NOTICE`, or a third-party
/// notices/licences/credits file.
#[must_use]
pub fn is_inventory_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("notice") {
        return true;
    }
    let squashed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let third_party = ["thirdparty", "3rdparty", "thirdpartie"]
        .iter()
        .any(|t| squashed.contains(t));
    third_party
        && ["notice", "licen", "credit", "attribution", "copyright"]
            .iter()
            .any(|k| squashed.contains(k))
}

/// A line that separates entries: a run of one punctuation character.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([-=*_~#+])[-=*_~#+ ]{3,}\s*$").expect("valid regex"));
/// A Markdown heading.
static HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s{0,3}#{1,4}\s+(.+?)\s*#*\s*$").expect("valid regex"));
/// `%% name NOTICES AND INFORMATION BEGIN HERE`.
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^%%\s*(.+?)\s+notices?,?\s+(?:and|&)\s+information\s+begin\s+here")
        .expect("valid regex")
});
/// `Field: value` lines.
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*[-*]?\s*(name|package|component|library|project|module|software|version|licen[cs]es?(?:\s+type)?|licen[cs]ed under)\s*[:=]\s*(.+?)\s*$",
    )
    .expect("valid regex")
});
/// A version token: `1.2.3`, `v2.0`, `1.7.17-rc1`.
static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[vV]?\d+(?:\.[0-9A-Za-z]+)+(?:[-+][0-9A-Za-z.]+)?$").expect("valid regex")
});
/// The sentence of an Apache NOTICE that names bundled code.
static INCLUDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:includes|contains|bundles|incorporates)\s+(?:a\s+copy\s+of\s+|portions\s+of\s+|parts\s+of\s+)?(?:software|code|the\s+following)?\s*(?:developed\s+(?:by|at)|from)\s+(?:the\s+)?([A-Za-z0-9][^(),\n]{1,60}?)(?:\s+project)?\s*(?:\(|,|\.\s|\.$|\s+which|\s+under|\s+licensed|$)",
    )
    .expect("valid regex")
});

/// Reads the entries of a third-party inventory.
#[must_use]
pub fn read(text: &str) -> Vec<Bundled> {
    read_with(text, &|_| None)
}

/// [`read`], with `recognise` naming an entry's licence from its full text (an SPDX expression)
/// when its words name none.
#[must_use]
pub fn read_with(text: &str, recognise: &dyn Fn(&str) -> Option<String>) -> Vec<Bundled> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = table_entries(&lines);
    if !out.is_empty() {
        return out;
    }
    let blocks = bullet_blocks(&lines).unwrap_or_else(|| blocks(&lines));
    let structured = blocks.len() > 1;
    for block in &blocks {
        if let Some(entry) = block_entry(&lines, block, structured, recognise) {
            out.push(entry);
        }
    }
    if out.is_empty() {
        out = sentence_entries(&lines);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|e| seen.insert((e.name.to_ascii_lowercase(), e.version.clone())));
    out
}

/// A run of lines `[start, end)`, with the title a heading or `%%` line gave it.
struct Block {
    start: usize,
    end: usize,
    title: Option<(String, usize)>,
    /// The lines whose words say the licence (the block's own, or for an entry of a list with
    /// no text of its own, the text that the entries after it share).
    text: (usize, usize),
    /// An entry of a bulleted list: an entry even when nothing more is said of it.
    listed: bool,
}

/// Splits the lines at separators, headings and `%%` lines.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut title: Option<(String, usize)> = None;
    let close = |out: &mut Vec<Block>, start: usize, end: usize, title: Option<(String, usize)>| {
        if end > start || title.is_some() {
            out.push(Block {
                start,
                end,
                title,
                text: (start, end),
                listed: false,
            });
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if SEPARATOR.is_match(line) {
            // A rule under a title underlines it: the title keeps its block.
            if title.is_some() && lines[start..i].iter().all(|l| l.trim().is_empty()) {
                start = i + 1;
                continue;
            }
            close(&mut out, start, i, title.take());
            start = i + 1;
        } else if let Some(c) = PERCENT.captures(line) {
            close(&mut out, start, i, title.take());
            title = Some((c[1].to_owned(), i));
            start = i + 1;
        } else if line.trim_start().starts_with("%%") {
            // `%% … END OF … NOTICES AND INFORMATION`
            close(&mut out, start, i, title.take());
            start = i + 1;
        } else if let Some(c) = HEADING.captures(line) {
            close(&mut out, start, i, title.take());
            title = Some((c[1].to_owned(), i));
            start = i + 1;
        }
    }
    close(&mut out, start, lines.len(), title);
    out
}

/// A list entry at the start of a line: `* name - URL`, `- name (version)`.
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[*-]\s+(\S.*?)\s*$").expect("valid regex"));

/// The entries of a bulleted list whose entries carry their licence text indented below them
/// (`* libgit2 - https://…` then the indented notice and licence): one block per entry, up to
/// the next entry, separators inside an entry's text included (a licence and its exception are
/// often set apart by rules). Entries with no text of their own, one after another, share the
/// text that follows the last of them. `None` unless at least two entries carry indented text.
fn bullet_blocks(lines: &[&str]) -> Option<Vec<Block>> {
    // Headings and `%%` sections are the entries where there are any (their bullets are
    // details); a bullet that is a field (`- License: MIT`) is no entry.
    if lines
        .iter()
        .any(|l| HEADING.is_match(l) || PERCENT.is_match(l))
    {
        return None;
    }
    let starts: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let c = BULLET.captures(l)?;
            if FIELD.is_match(&c[1]) {
                return None;
            }
            parse_title(&c[1]).map(|_| (i, c[1].to_owned()))
        })
        .collect();
    let indented = |a: usize, b: usize| {
        lines[a..b]
            .iter()
            .any(|l| !l.trim().is_empty() && l.starts_with([' ', '\t']))
    };
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|(i, _)| *i)
        .chain(std::iter::once(lines.len()))
        .collect();
    let with_text = starts
        .iter()
        .zip(&ends)
        .filter(|((i, _), &end)| indented(i + 1, end))
        .count();
    if with_text < 2 {
        return None;
    }
    let mut out: Vec<Block> = starts
        .into_iter()
        .zip(ends)
        .map(|((i, title), end)| Block {
            start: i + 1,
            end,
            title: Some((title, i)),
            text: (i + 1, end),
            listed: true,
        })
        .collect();
    let mut shared = None;
    for block in out.iter_mut().rev() {
        if lines[block.start..block.end]
            .iter()
            .all(|l| l.trim().is_empty())
        {
            if let Some(text) = shared {
                block.text = text;
            }
        } else {
            shared = Some(block.text);
        }
    }
    Some(out)
}

/// The licence that the words of an entry's text say: the names it gives, read from the terms
/// only (a GNU licence's appendix, "How to Apply These Terms", shows a sample notice that offers
/// "any later version", which is no grant), with the GPL linking exception when the text grants
/// it (`GPL-2.0-only WITH GCC-exception-2.0`, the terms of libgit2 and others).
fn text_license(text: &str) -> Option<String> {
    static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)end\s+of\s+terms\s+and\s+conditions|how\s+to\s+apply\s+these\s+terms")
            .expect("valid regex")
    });
    static LINKING_EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)unlimited\s+permission\s+to\s+link\s+the\s+compiled\s+version\s+of\s+this\s+(?:file|library)\s+into\s+combinations\s+with\s+other\s+programs")
            .expect("valid regex")
    });
    let terms = match APPENDIX.find(text) {
        Some(m)
            if text[..m.start()]
                .to_ascii_lowercase()
                .contains("terms and conditions") =>
        {
            &text[..m.start()]
        }
        _ => text,
    };
    let expression = statement::read(terms)?.expression();
    // One GPL version 2 licence, not a choice or a combination.
    if LINKING_EXCEPTION.is_match(text)
        && expression.starts_with("GPL-2.0-")
        && !expression.contains(' ')
    {
        return Some(format!("{expression} WITH GCC-exception-2.0"));
    }
    Some(expression)
}

/// The entry a block describes, if it describes one.
fn block_entry(
    lines: &[&str],
    block: &Block,
    structured: bool,
    recognise: &dyn Fn(&str) -> Option<String>,
) -> Option<Bundled> {
    let body = &lines[block.start..block.end];
    let mut name = None;
    let mut version = None;
    let mut license_words = None;
    let mut first_field_line = None;
    for (i, line) in body.iter().enumerate() {
        let Some(c) = FIELD.captures(line) else {
            continue;
        };
        let key = c[1].to_ascii_lowercase();
        let value = c[2].trim().to_owned();
        first_field_line.get_or_insert(block.start + i);
        if key == "version" {
            version.get_or_insert(value);
        } else if key.starts_with("licen") {
            license_words.get_or_insert(value);
        } else {
            name.get_or_insert(value);
        }
    }
    let mut line = first_field_line.unwrap_or(block.start);
    // The title: a heading, a `%%` line, or the block's first line when it reads as one.
    let title = block.title.clone().or_else(|| {
        if !structured {
            return None;
        }
        body.iter()
            .position(|l| !l.trim().is_empty())
            .map(|i| (body[i].trim().to_owned(), block.start + i))
    });
    if let Some((title, at)) = title {
        if name.is_none() && FIELD.captures(&title).is_none() {
            if let Some((n, v, l)) = parse_title(&title) {
                name = Some(n);
                if version.is_none() {
                    version = v;
                }
                // `libssh2 - https://…/license.html`: a link to the terms, not their words.
                if license_words.is_none() && !l.as_deref().is_some_and(is_url) {
                    license_words = l;
                }
                line = at;
            }
        }
    }
    let name = name?;
    // A licence named anywhere in the block's text, when no field says it.
    let (license, stated) = match license_words {
        Some(words) => name_license(&words, true),
        None => {
            let text = lines[block.text.0..block.text.1].join("\n");
            (text_license(&text).or_else(|| recognise(&text)), None)
        }
    };
    if !block.listed
        && version.is_none()
        && license.is_none()
        && stated.is_none()
        && first_field_line.is_none()
    {
        // A bare title with nothing said about it: a heading of prose, not an entry.
        return None;
    }
    Some(Bundled {
        name,
        version,
        license,
        stated,
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
    })
}

/// `zlib 1.3.1`, `cJSON@1.7.17`, `sqlite3 - Public Domain`, `foo (v2.0) - MIT`: name, version and
/// licence words. `None` for a line of prose.
fn parse_title(title: &str) -> Option<(String, Option<String>, Option<String>)> {
    let title = title.trim().trim_matches(|c: char| c == '*' || c == '`');
    if title.is_empty() || title.len() > 100 || title.ends_with('.') || title.ends_with(':') {
        return None;
    }
    let (head, tail) = match title
        .split_once(" - ")
        .or_else(|| title.split_once(" — "))
        .or_else(|| title.split_once(" – "))
        .or_else(|| title.split_once(": "))
    {
        Some((h, t)) => (h.trim(), Some(t.trim().to_owned())),
        None => (title, None),
    };
    let head = head
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
        .trim();
    let mut words: Vec<&str> = head.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let mut version = None;
    if let Some(last) = words.last() {
        let bare = last.trim_matches(|c| c == '(' || c == ')' || c == ',');
        if words.len() > 1 && VERSION.is_match(bare) {
            version = Some(bare.trim_start_matches(['v', 'V']).to_owned());
            words.pop();
        }
    }
    let mut name = words.join(" ");
    if version.is_none() {
        if let Some((n, v)) = name.rsplit_once('@') {
            if !n.is_empty() && VERSION.is_match(v) {
                version = Some(v.to_owned());
                name = n.to_owned();
            }
        }
    }
    // A URL in parentheses after the name.
    if let Some((n, _)) = name.split_once(" (") {
        name = n.to_owned();
    }
    if name.is_empty()
        || !name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '@')
    {
        return None;
    }
    // "The MIT License (MIT)": the title of a licence text, not a component.
    if name.to_ascii_lowercase().contains("licen") && statement::read(&name).is_some() {
        return None;
    }
    Some((name, version, tail))
}

/// Whether licence words are only a link.
fn is_url(words: &str) -> bool {
    let w = words.trim().trim_start_matches('(').trim_start_matches('<');
    w.starts_with("https://") || w.starts_with("http://")
}

/// An SPDX expression for licence words, or the words as written.
fn name_license(words: &str, field: bool) -> (Option<String>, Option<String>) {
    let words = words.trim().trim_end_matches('.');
    if words.is_empty() {
        return (None, None);
    }
    if let Some(canonical) = expr::parse(words).canonical {
        return (Some(canonical), None);
    }
    if let Some(s) = statement::read(words) {
        return (Some(s.expression()), None);
    }
    if field {
        let stated: String = words.chars().take(80).collect();
        return (None, Some(stated));
    }
    (None, None)
}

/// Rows of a Markdown or pipe table with a name column and a licence column.
fn table_entries(lines: &[&str]) -> Vec<Bundled> {
    let cells = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('`').trim().to_owned())
            .collect()
    };
    let mut out = Vec::new();
    let mut columns: Option<(usize, Option<usize>, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with('|') {
            columns = None;
            continue;
        }
        let row = cells(line);
        if row
            .iter()
            .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            continue;
        }
        match columns {
            None => {
                let find = |keys: &[&str]| {
                    row.iter()
                        .position(|c| keys.iter().any(|k| c.to_ascii_lowercase().starts_with(k)))
                };
                let name = find(&[
                    "name",
                    "package",
                    "component",
                    "library",
                    "project",
                    "module",
                    "crate",
                    "dependency",
                ]);
                let license = find(&["licen"]);
                if let (Some(n), Some(l)) = (name, license) {
                    columns = Some((n, find(&["version"]), l));
                }
            }
            Some((n, v, l)) => {
                let Some(name) = row.get(n).filter(|s| !s.is_empty()) else {
                    continue;
                };
                let (license, stated) = row
                    .get(l)
                    .map_or((None, None), |words| name_license(words, true));
                out.push(Bundled {
                    name: name.clone(),
                    version: v
                        .and_then(|v| row.get(v))
                        .filter(|s| !s.is_empty())
                        .cloned(),
                    license,
                    stated,
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                });
            }
        }
    }
    out
}

/// The sentences of an Apache NOTICE: "This product includes software developed by X".
fn sentence_entries(lines: &[&str]) -> Vec<Bundled> {
    let mut out = Vec::new();
    // Paragraphs: runs of non-blank lines.
    let mut start = 0;
    for end in 0..=lines.len() {
        if end < lines.len() && !lines[end].trim().is_empty() {
            continue;
        }
        if end > start {
            let paragraph = lines[start..end].join(" ");
            let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(c) = INCLUDES.captures(&paragraph) {
                let name = c[1].trim().to_owned();
                // The foundation's own boilerplate names an organisation, not a component.
                if !name.eq_ignore_ascii_case("the apache software foundation")
                    && !name.eq_ignore_ascii_case("apache software foundation")
                {
                    let (license, _) = statement::read(&paragraph)
                        .map_or((None, None), |s| (Some(s.expression()), None::<String>));
                    out.push(Bundled {
                        name,
                        version: None,
                        license,
                        stated: None,
                        line: u32::try_from(start + 1).unwrap_or(u32::MAX),
                    });
                }
            }
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[Bundled]) -> Vec<(String, Option<String>, Option<String>)> {
        entries
            .iter()
            .map(|e| (e.name.clone(), e.version.clone(), e.license.clone()))
            .collect()
    }

    #[test]
    fn inventory_file_names() {
        for name in [
            "NOTICE",
            "NOTICE.txt",
            "LICENSE-THIRD-PARTY",
            "THIRD-PARTY-NOTICES.txt",
            "ThirdPartyNotices.txt",
            "THIRD_PARTY_LICENSES.md",
            "3rd-party-licenses.txt",
            "third-party-credits.md",
        ] {
            assert!(is_inventory_name(name), "{name}");
        }
        for name in [
            "LICENSE",
            "COPYING",
            "LICENSE-MIT",
            "third_party.rs",
            "README.md",
        ] {
            assert!(!is_inventory_name(name), "{name}");
        }
    }

    #[test]
    fn blocks_between_separators_with_titles_and_fields() {
        let text = "This product bundles the following third-party libraries.\n\n\
            ---------------------------------------------------------------\n\
            zlib 1.3.1\nLicense: Zlib\nhttps://zlib.net/\n\n\
            ---------------------------------------------------------------\n\
            Name: cJSON\nVersion: 1.7.17\nLicense: MIT\nCopyright (c) 2009-2017 Dave Gamble\n\n\
            ---------------------------------------------------------------\n\
            sqlite3 - Public Domain\n\n\
            ---------------------------------------------------------------\n\
            readline 8.2 - GNU General Public License, version 3 or later\n";
        let entries = read(text);
        assert_eq!(
            names(&entries),
            vec![
                ("zlib".into(), Some("1.3.1".into()), Some("Zlib".into())),
                ("cJSON".into(), Some("1.7.17".into()), Some("MIT".into())),
                ("sqlite3".into(), None, None),
                (
                    "readline".into(),
                    Some("8.2".into()),
                    Some("GPL-3.0-or-later".into())
                ),
            ]
        );
        assert_eq!(entries[2].stated.as_deref(), Some("Public Domain"));
        assert_eq!(entries[0].line, 4);
        assert_eq!(entries[1].line, 9);
    }

    #[test]
    fn bulleted_entries_with_their_licence_text_indented_below() {
        // The layout of a Rust tool's LICENSE-THIRD-PARTY: an entry per bullet, its notice and
        // licence indented below; rules inside an entry set its exception apart; entries with
        // no text of their own share the text after them.
        let gpl_v2 = "            GNU GENERAL PUBLIC LICENSE\n               Version 2, June 1991\n\n\
            \x20   TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION\n\
            \x20   0. This License applies to any program ...\n\
            \x20   END OF TERMS AND CONDITIONS\n\n\
            \x20   How to Apply These Terms to Your New Programs\n\
            \x20   This program is free software; you can redistribute it and/or modify it under\n\
            \x20   the terms of the GNU General Public License as published by the Free Software\n\
            \x20   Foundation; either version 2 of the License, or (at your option) any later version.\n";
        let text = format!(
            "The source bundles no third-party code, but these libraries are linked into the\n\
            binaries:\n\n\
            * libgit2 - https://github.com/libgit2/libgit2/blob/main/COPYING\n\n\
            \x20    libgit2 is Copyright (C) the libgit2 contributors.\n\n\
            \x20   ----------------------------------------------------------------------\n\n\
            \x20         LINKING EXCEPTION\n\n\
            \x20    In addition to the permissions in the GNU General Public License,\n\
            \x20    the authors give you unlimited permission to link the compiled\n\
            \x20    version of this library into combinations with other programs,\n\
            \x20    and to distribute those combinations without any restriction.\n\n\
            \x20   ----------------------------------------------------------------------\n\n\
            {gpl_v2}\n\
            * flate2-rs - https://github.com/example/flate2-rs/blob/main/LICENSE-MIT\n\
            * tar-rs - https://github.com/example/tar-rs/blob/main/LICENSE-MIT\n\n\
            \x20   Copyright (c) 2014 Alex Crichton\n\n\
            \x20   Permission is hereby granted, free of charge, to any person obtaining a copy\n\
            \x20   of this software and associated documentation files (the \"Software\"), ...\n\n\
            * zstd - https://example.org/zstd/LICENSE\n\n\
            \x20   Some terms that name no licence.\n"
        );
        let mit = |t: &str| {
            t.contains("Permission is hereby granted")
                .then(|| "MIT".to_owned())
        };
        let entries = read_with(&text, &mit);
        assert_eq!(
            names(&entries),
            vec![
                (
                    "libgit2".into(),
                    None,
                    Some("GPL-2.0-only WITH GCC-exception-2.0".into())
                ),
                ("flate2-rs".into(), None, Some("MIT".into())),
                ("tar-rs".into(), None, Some("MIT".into())),
                ("zstd".into(), None, None),
            ]
        );
        // A link to the terms is not their words.
        assert_eq!(entries[3].stated, None);
        assert_eq!(entries[0].line, 4);
        // Under headings, bullets are details of the entry, and fields are no entries.
        let md = "# Third-party code\n\n## zlib 1.3.1\n\n- License: Zlib\n  see LICENSE\n\
            - Patched locally\n  for the build\n\n## cJSON 1.7.17\n\n- License: MIT\n  see LICENSE\n\
            - Patched locally\n  for the build\n";
        assert_eq!(
            names(&read(md)),
            vec![
                ("zlib".into(), Some("1.3.1".into()), Some("Zlib".into())),
                ("cJSON".into(), Some("1.7.17".into()), Some("MIT".into())),
            ]
        );
        // Without the exception, the same text is the GPL version 2 only: the appendix's
        // sample notice ("or (at your option) any later version") grants nothing.
        assert_eq!(text_license(gpl_v2).as_deref(), Some("GPL-2.0-only"));
        // A short statement that offers later versions still does.
        assert_eq!(
            text_license("Licensed under the GNU General Public License, version 2 or later.")
                .as_deref(),
            Some("GPL-2.0-or-later")
        );
    }

    #[test]
    fn markdown_headings_and_percent_sections() {
        let md = "# Third-party licences\n\n## serde 1.0.200\n\nDual-licensed under MIT or Apache-2.0.\n\n\
            ## left-pad@1.3.0\n\nLicense: WTFPL\n";
        assert_eq!(
            names(&read(md)),
            vec![
                (
                    "serde".into(),
                    Some("1.0.200".into()),
                    Some("MIT OR Apache-2.0".into())
                ),
                (
                    "left-pad".into(),
                    Some("1.3.0".into()),
                    Some("WTFPL".into())
                ),
            ]
        );
        let ms = "Third Party Notices\n\n1. Newtonsoft.Json (https://www.newtonsoft.com/json)\n\n\
            %% Newtonsoft.Json NOTICES AND INFORMATION BEGIN HERE\n\
            =========================================\n\
            The MIT License (MIT)\n\nPermission is hereby granted, free of charge, to any person ...\n\
            =========================================\n\
            END OF Newtonsoft.Json NOTICES AND INFORMATION\n";
        let entries = read(ms);
        assert!(
            entries
                .iter()
                .any(|e| e.name == "Newtonsoft.Json" && e.license.as_deref() == Some("MIT")),
            "{entries:?}"
        );
    }

    #[test]
    fn tables_with_name_and_licence_columns() {
        let text = "| Name | Version | License |\n|------|---------|---------|\n\
            | certifi | 2024.2.2 | Mozilla Public License 2.0 (MPL 2.0) |\n\
            | requests | 2.31.0 | Apache Software License |\n| idna | 3.6 | BSD License |\n";
        let entries = read(text);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].license.as_deref(), Some("MPL-2.0"));
        assert_eq!(entries[0].version.as_deref(), Some("2024.2.2"));
        // A family name without a version or variant is kept as written, never guessed.
        assert_eq!(entries[2].license, None);
        assert_eq!(entries[2].stated.as_deref(), Some("BSD License"));
        assert_eq!(entries[1].line, 4);
    }

    #[test]
    fn apache_notice_sentences() {
        let text = "Example Product\nCopyright 2026 Example Corp.\n\n\
            This product includes software developed at\nThe Apache Software Foundation (http://www.apache.org/).\n\n\
            This product includes software from the Jackson project\n(https://github.com/FasterXML/jackson), licensed under the Apache License, Version 2.0.\n\n\
            This product contains a copy of code developed by Joda.org (https://www.joda.org/).\n";
        let entries = read(text);
        assert_eq!(
            names(&entries),
            vec![
                ("Jackson".into(), None, Some("Apache-2.0".into())),
                ("Joda.org".into(), None, None),
            ]
        );
        assert_eq!(entries[0].line, 7);
    }

    #[test]
    fn prose_is_no_inventory() {
        assert!(read("Copyright 2026 Example Corp.\nAll rights reserved.\n").is_empty());
        assert!(read("Licensed under the Apache License, Version 2.0.\n").is_empty());
    }
}
