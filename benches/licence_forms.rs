//! The texts of the SPDX licence list in the forms real licence files take, each with the names
//! that are right for it: shared by the whole-list benchmark (`benches/licence_list.rs`) and the
//! sampled test of the suite (`tests/licence_list.rs`).
//!
//! The texts are the list's own, as the `spdx` crate embeds them; nothing is stored here. The
//! forms are: as published; rewrapped to another line width; with a copyright line before it;
//! with the "or any later version" notice before it (the GNU GPL, LGPL and AGPL, named
//! `-or-later`); and as a comment block (`//`, `#`, ` * `).

#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use spdx::detection::Store;

/// The forms, in table order.
pub const FORMS: &[&str] = &[
    "published",
    "rewrapped",
    "copyright",
    "or-later notice",
    "comment //",
    "comment #",
    "comment *",
];

/// One text to name.
pub struct Case {
    /// One of [`FORMS`].
    pub form: &'static str,
    /// The list entry the text comes from.
    pub source: String,
    /// The text as a licence file would hold it.
    pub text: String,
    /// The names that are right: the entry's own, and those of the entries whose texts are the
    /// same words (the list holds a few texts under two names, such as `MPL-2.0` and
    /// `MPL-2.0-no-copyleft-exception`); a GNU licence is `-only` unless the notice says "or
    /// later".
    pub accept: Vec<String>,
}

/// How a text was named.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
    /// By one of the right names, and no other.
    Exact,
    /// By any other name (or by a right one and another).
    Wrong,
    /// Not named: unrecognised, or a standard text with terms of its own.
    Unsure,
}

/// The verdict for the names a matcher gave (`found`, empty when it named nothing).
#[must_use]
pub fn verdict(case: &Case, found: &[String]) -> Verdict {
    match found {
        [] => Verdict::Unsure,
        [one] if case.accept.contains(one) => Verdict::Exact,
        _ => Verdict::Wrong,
    }
}

/// The GNU families whose notice says "or (at your option) any later version": the id's stem,
/// the licence's name in the notice and the version.
const OR_LATER: &[(&str, &str, &str)] = &[
    ("GPL-1.0", "GNU General Public License", "1"),
    ("GPL-2.0", "GNU General Public License", "2"),
    ("GPL-3.0", "GNU General Public License", "3"),
    ("LGPL-2.0", "GNU Library General Public License", "2"),
    ("LGPL-2.1", "GNU Lesser General Public License", "2.1"),
    ("LGPL-3.0", "GNU Lesser General Public License", "3"),
    ("AGPL-3.0", "GNU Affero General Public License", "3"),
];

/// The list's texts in every form, the entries with the same words given once (with every
/// name they go by). `every` keeps one list entry in that many (1: all of them), always with
/// the GNU families.
#[must_use]
pub fn cases(store: &Store, every: usize) -> Vec<Case> {
    // The entries, grouped by their words.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut by_words: HashMap<u64, usize> = HashMap::new();
    let mut licences: Vec<_> = spdx::identifiers::LICENSES
        .iter()
        .filter_map(|l| spdx::license_id(l.name))
        .filter(|id| !id.is_deprecated() && store.get_original(id.name).is_some())
        .collect();
    licences.sort_by_key(|id| id.name);
    for id in licences {
        let mut h = std::hash::DefaultHasher::new();
        store
            .get_original(id.name)
            .expect("filtered")
            .lines()
            .iter()
            .filter(|l| !l.trim().is_empty())
            .for_each(|l| l.trim().hash(&mut h));
        let name = reported(id);
        match by_words.get(&h.finish()) {
            Some(&i) => {
                if !groups[i].1.contains(&name) {
                    groups[i].1.push(name);
                }
            }
            None => {
                by_words.insert(h.finish(), groups.len());
                groups.push((id.name.to_owned(), vec![name]));
            }
        }
    }
    let mut out = Vec::new();
    for (i, (source, accept)) in groups.into_iter().enumerate() {
        let id = spdx::license_id(&source).expect("listed");
        let gnu = OR_LATER.iter().find(|(stem, ..)| source.starts_with(stem));
        if i % every.max(1) != 0 && gnu.is_none() {
            continue;
        }
        let text = id.text();
        let case = |form: &'static str, text: String, accept: &Vec<String>| Case {
            form,
            source: source.clone(),
            text,
            accept: accept.clone(),
        };
        out.push(case("published", text.to_owned(), &accept));
        out.push(case("rewrapped", rewrap(text, 60), &accept));
        out.push(case(
            "copyright",
            format!("Copyright (c) 2019-2024 Example Widgets Ltd. and contributors\n\n{text}"),
            &accept,
        ));
        if let Some((stem, name, version)) = gnu {
            out.push(case(
                "or-later notice",
                format!("{}\n\n{text}", or_later_notice(name, version)),
                &vec![format!("{stem}-or-later")],
            ));
        }
        out.push(case("comment //", comment(text, "// ", None), &accept));
        out.push(case("comment #", comment(text, "# ", None), &accept));
        out.push(case(
            "comment *",
            comment(text, " * ", Some(("/*", " */"))),
            &accept,
        ));
    }
    out
}

/// The name a matcher should give a list entry's text: GNU texts do not say "or later" (only a
/// notice does), so they are `-only`.
fn reported(id: spdx::LicenseId) -> String {
    if id.is_gnu() {
        if let Some(stem) = id.name.strip_suffix("-or-later") {
            return format!("{stem}-only");
        }
    }
    id.name.to_owned()
}

/// The usual notice of a GNU licence, "or any later version".
#[must_use]
pub fn or_later_notice(name: &str, version: &str) -> String {
    format!(
        "Frobnicate - a program to frobnicate widgets\n\
         Copyright (C) 2021 Jo Example\n\n\
         This program is free software; you can redistribute it and/or modify it under the terms \
         of the {name} as published by the Free Software Foundation; either version {version} of \
         the License, or (at your option) any later version.\n\n\
         This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; \
         without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. \
         See the {name} for more details.\n"
    )
}

/// The text's paragraphs, each wrapped anew at `width` columns.
#[must_use]
pub fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

/// The text as a comment block: every line behind `prefix`, inside `block` delimiters if any.
#[must_use]
pub fn comment(text: &str, prefix: &str, block: Option<(&str, &str)>) -> String {
    let mut out = String::new();
    if let Some((open, _)) = block {
        out.push_str(open);
        out.push('\n');
    }
    for line in text.lines() {
        out.push_str(prefix.trim_end());
        if !line.trim().is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    if let Some((_, close)) = block {
        out.push_str(close);
        out.push('\n');
    }
    out
}
