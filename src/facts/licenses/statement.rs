//! Licence statements in prose: "dual-licensed under the Unlicense and MIT licenses", "Licensed
//! under either of Apache License, Version 2.0 or MIT license at your option", "either version 3
//! of the License, or (at your option) any later version".
//!
//! A statement is not a licence text: it says which licences apply and how they combine. It is
//! read from short licence files that point to others (a three-line `COPYING`) and from the
//! README's licence section. Pure: text in, [`Statement`] out.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

/// What a statement says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The licences named, as SPDX ids, in the order of first mention (GNU licences with their
    /// `-only` or `-or-later` suffix).
    pub ids: Vec<String>,
    /// Whether the licensee chooses one of them ("either", "dual-licensed", "at your option").
    pub choice: bool,
}

impl Statement {
    /// The statement as one SPDX expression: the ids joined by `OR` when the licensee chooses,
    /// else by `AND`.
    #[must_use]
    pub fn expression(&self) -> String {
        self.ids.join(if self.choice { " OR " } else { " AND " })
    }
}

/// Builds the patterns now (see [`crate::facts::warm`]).
pub(crate) fn warm() {
    for re in [&CHOICE, &OR_LATER, &CREATIVE_COMMONS] {
        LazyLock::force(re);
    }
}

/// Licence names in prose, most specific first (the GNU variants before the GPL), each with the
/// words one of which it cannot match without (lower case: one in each of its alternatives,
/// outside any group; a test checks) and its SPDX id; `{v}` marks a GNU licence whose
/// `-only`/`-or-later` suffix the wording decides. Matched without regard to case.
#[rustfmt::skip]
const NAMES: [(&str, &[&str], &str); 31] = [
    (r"gnu affero general public license,?\s+(?:as published .{0,60}?)?version 3|\bagpl-?v?3", &["affero", "agpl"], "AGPL-3.0{v}"),
    (r"gnu lesser general public license,?\s+(?:as published .{0,60}?)?version 3|\blgpl-?v?3", &["lesser", "lgpl"], "LGPL-3.0{v}"),
    (r"gnu lesser general public license,?\s+(?:as published .{0,60}?)?version 2\.1|\blgpl-?v?2\.1", &["lesser", "lgpl"], "LGPL-2.1{v}"),
    (r"gnu library general public license,?\s+(?:as published .{0,60}?)?version 2|\blgpl-?v?2(?:\.0)?\b", &["library", "lgpl"], "LGPL-2.0{v}"),
    (r"gnu general public license,?\s+(?:as published .{0,60}?)?(?:either )?version 3|\bgpl-?v?3\b|\bgpl version 3", &["gnu", "gpl"], "GPL-3.0{v}"),
    (r"gnu general public license,?\s+(?:as published .{0,60}?)?(?:either )?version 2|\bgpl-?v?2\b|\bgpl version 2", &["gnu", "gpl"], "GPL-2.0{v}"),
    (r"gnu general public license,?\s+(?:as published .{0,60}?)?(?:either )?version 1\b|\bgpl-?v?1\b", &["gnu", "gpl"], "GPL-1.0{v}"),
    (r"apache license,?\s+(?:version\s+)?2(?:\.0)?|\bapache[- ]2(?:\.0)?\b|\bapache-2\.0", &["apache"], "Apache-2.0"),
    (r"mozilla public license,?\s+(?:version\s+|v\.?\s*)?2(?:\.0)?|\bmpl[- ]?2(?:\.0)?\b", &["mozilla", "mpl"], "MPL-2.0"),
    (r"eclipse public license,?\s+(?:v(?:ersion)?\s*)?2(?:\.0)?\b|\bepl-2\.0", &["eclipse", "epl"], "EPL-2.0"),
    (r"eclipse public license,?\s+(?:v(?:ersion)?\s*)?1\.0|\bepl-1\.0", &["eclipse", "epl"], "EPL-1.0"),
    (r"common development and distribution license,?\s+(?:\(cddl\),?\s+)?(?:v(?:ersion)?\s*)?1\.0|\bcddl-1\.0", &["common", "cddl"], "CDDL-1.0"),
    (r"common development and distribution license,?\s+(?:\(cddl\),?\s+)?(?:v(?:ersion)?\s*)?1\.1|\bcddl-1\.1", &["common", "cddl"], "CDDL-1.1"),
    (r"\beupl,?\s+(?:v(?:ersion)?\s*)?1\.2|european union public licen[cs]e,?\s+(?:v(?:ersion)?\s*)?1\.2|\beupl-1\.2", &["eupl", "european"], "EUPL-1.2"),
    (r"\bartistic licen[cs]e,?\s+(?:v(?:ersion)?\s*)?2\.0|\bartistic-2\.0", &["artistic"], "Artistic-2.0"),
    (r"creative commons attribution[- ]sharealike 4\.0|\bcc-by-sa-4\.0", &["creative", "cc-by-sa"], "CC-BY-SA-4.0"),
    (r"creative commons attribution 4\.0|\bcc-by-4\.0", &["creative", "cc-by"], "CC-BY-4.0"),
    (r"sil open font licen[cs]e,?\s+(?:v(?:ersion)?\s*)?1\.1|\bofl-1\.1", &["sil", "ofl"], "OFL-1.1"),
    (r"do what the fuck you want to public license|\bwtfpl\b", &["fuck", "wtfpl"], "WTFPL"),
    (r"microsoft public license|\bms-pl\b", &["microsoft", "ms-pl"], "MS-PL"),
    (r"universal permissive license,?\s+(?:v(?:ersion)?\s*)?1\.0|\bupl-1\.0", &["universal", "upl"], "UPL-1.0"),
    (r"zero[- ]clause bsd|\b0bsd\b", &["zero", "0bsd"], "0BSD"),
    (r"\bmit-0\b|\bmit no attribution", &["mit"], "MIT-0"),
    (r"\bbsd[- ]3[- ]clause|\bbsd-3\b|\b3[- ]clause bsd|\bnew bsd|\bmodified bsd|\brevised bsd", &["bsd"], "BSD-3-Clause"),
    (r"\bbsd[- ]2[- ]clause|\b2[- ]clause bsd|\bsimplified bsd|\bfreebsd license", &["bsd"], "BSD-2-Clause"),
    (r"\bboost software license", &["boost"], "BSL-1.0"),
    (r"\bunlicense\b|free and unencumbered software released into the public domain", &["unlicense", "unencumbered"], "Unlicense"),
    (r"\bzlib license|\bzlib/libpng", &["zlib"], "Zlib"),
    (r"\bcc0\b|creative commons zero|publicdomain/zero/1\.0", &["cc0", "zero", "publicdomain"], "CC0-1.0"),
    (r"\bisc licen[cs]e|\bisc\b", &["isc"], "ISC"),
    (r"\bmit\b", &["mit"], "MIT"),
];

/// Each of the [`NAMES`] patterns, built the first time a statement holds one of its words (31
/// case-insensitive patterns take milliseconds to build, and most statements name one licence).
static NAME_RES: [OnceLock<Regex>; NAMES.len()] = [const { OnceLock::new() }; NAMES.len()];

/// The patterns of the [`NAMES`] a text may match, with their ids, in the table's order.
fn names_in(text: &str) -> impl Iterator<Item = (&'static Regex, &'static str)> {
    // Case folding as the patterns match: a letter matches its other case, and `k` and `s`
    // also the Kelvin sign and the long s.
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{212a}' => 'k',
            '\u{17f}' => 's',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    NAMES
        .iter()
        .zip(&NAME_RES)
        .filter(move |((_, words, _), _)| words.iter().any(|w| folded.contains(w)))
        .map(|((pattern, _, id), built)| {
            let re =
                built.get_or_init(|| Regex::new(&format!("(?i){pattern}")).expect("valid regex"));
            (re, *id)
        })
}

/// Words that make the licensee choose between the licences named.
static CHOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\beither\b|dual[- ]licen[cs]ed|\bat your (?:option|choice)|\byou (?:may|can) choose|\bany of the|\bor the\b")
        .expect("valid regex")
});

/// "or (at your option) any later version", "or later", "-or-later".
static OR_LATER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)or \(?at your option\)? any later version|or any later version|\bor later\b|-or-later|\bv?\d(?:\.\d)?\+")
        .expect("valid regex")
});

/// "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0", "CC BY-SA 4.0": the
/// variant's elements and the version decide the SPDX id.
static CREATIVE_COMMONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:creative commons attribution|cc[- ]by)((?:[- ](?:non-?commercial|nc|share-?alike|sa|no-?derivatives|no-?derivs|nd))*)[ ,]+(?:(?:international|unported|generic|public|licen[cs]e|version|v)[ ,]*)*(\d\.\d)",
    )
    .expect("valid regex")
});

/// The SPDX id of a Creative Commons attribution licence named in prose, with its span.
fn creative_commons(text: &str) -> Option<(usize, usize, String)> {
    let c = CREATIVE_COMMONS.captures(text)?;
    let elements: Vec<String> = c[1]
        .split(['-', ' '])
        .filter(|e| !e.is_empty())
        .map(|e| e.to_ascii_lowercase().replace('-', ""))
        .collect();
    let has = |names: &[&str]| elements.iter().any(|e| names.contains(&e.as_str()));
    let mut id = String::from("CC-BY");
    if has(&["nc", "noncommercial", "non"]) {
        id.push_str("-NC");
    }
    if has(&["sa", "sharealike", "share"]) {
        id.push_str("-SA");
    } else if has(&["nd", "noderivatives", "noderivs", "no"]) {
        id.push_str("-ND");
    }
    id.push('-');
    id.push_str(&c[2]);
    let m = c.get(0)?;
    spdx::license_id(&id).map(|_| (m.start(), m.end(), id))
}

/// Reads the licences a short prose statement names. `None` when it names none.
#[must_use]
pub fn read(text: &str) -> Option<Statement> {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut owned: Vec<(usize, String)> = Vec::new();
    if let Some((start, end, id)) = creative_commons(&text) {
        taken.push((start, end));
        owned.push((start, id));
    }
    for (re, id) in names_in(&text) {
        for m in re.find_iter(&text) {
            // A span already named by a more specific name ("LGPL" inside "GNU Lesser …").
            if taken.iter().any(|(s, e)| m.start() < *e && *s < m.end()) {
                continue;
            }
            taken.push((m.start(), m.end()));
            if !found.iter().any(|(_, f)| *f == id) {
                found.push((m.start(), id));
            }
        }
    }
    if found.is_empty() && owned.is_empty() {
        return None;
    }
    let or_later = OR_LATER.is_match(&text);
    let mut all: Vec<(usize, String)> = found
        .into_iter()
        .map(|(at, id)| {
            (
                at,
                id.replace("{v}", if or_later { "-or-later" } else { "-only" }),
            )
        })
        .chain(owned)
        .collect();
    all.sort_by_key(|(at, _)| *at);
    let ids = all.into_iter().map(|(_, id)| id).collect::<Vec<_>>();
    Some(Statement {
        choice: ids.len() > 1 && CHOICE.is_match(&text),
        ids,
    })
}

/// The licence section of a README: from its heading (1-based `line`) to the next heading of
/// the same or a higher level, at most 40 lines.
#[must_use]
pub fn readme_section(text: &str, line: u32) -> String {
    let mut lines = text.lines().skip(line.saturating_sub(1) as usize);
    let Some(heading) = lines.next() else {
        return String::new();
    };
    let level = heading.chars().take_while(|c| *c == '#').count();
    let mut out = vec![heading];
    for l in lines.take(40) {
        let hashes = l.chars().take_while(|c| *c == '#').count();
        if hashes > 0 && (level == 0 || hashes <= level) {
            break;
        }
        out.push(l);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(text: &str) -> Option<String> {
        read(text).map(|s| s.expression())
    }

    /// Each name's pattern holds one of its words in each of its alternatives, outside any
    /// group (which may be optional): a statement without the words cannot match it, so its
    /// pattern need not be built. Each pattern builds.
    #[test]
    fn every_name_holds_one_of_its_words() {
        for (pattern, words, id) in NAMES {
            assert!(Regex::new(&format!("(?i){pattern}")).is_ok(), "{id}");
            assert!(
                words.iter().all(|w| *w == w.to_lowercase()),
                "{id}: lower case"
            );
            let branches = crate::facts::literal_alternatives(pattern);
            for branch in &branches {
                assert!(
                    words.iter().any(|w| branch.contains(w)),
                    "{id}: `{branch}` holds none of {words:?}"
                );
            }
        }
    }

    /// A statement's names are found whatever their case, the long s included (the patterns
    /// fold it as `s`).
    #[test]
    fn names_are_found_in_any_case() {
        for (text, want) in [
            ("Licensed under the APACHE License 2.0", "Apache-2.0"),
            ("Released under the Boo\u{17f}t Software License", "BSL-1.0"),
            ("The \u{17f}IL Open Font License 1.1", "OFL-1.1"),
            ("Under either bsd-3-clause or Mit", "BSD-3-Clause OR MIT"),
        ] {
            assert_eq!(expr(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn dual_licences_are_a_choice() {
        assert_eq!(
            expr("This project is dual-licensed under the Unlicense and MIT licenses.\n\nYou may use this code under the terms of either license.").as_deref(),
            Some("Unlicense OR MIT")
        );
        assert_eq!(
            expr("Licensed under either of\n * Apache License, Version 2.0 (LICENSE-APACHE)\n * MIT license (LICENSE-MIT)\nat your option.").as_deref(),
            Some("Apache-2.0 OR MIT")
        );
        assert_eq!(
            expr("Distributed under both the MIT License and the Apache License 2.0.").as_deref(),
            Some("MIT AND Apache-2.0")
        );
    }

    #[test]
    fn creative_commons_variants() {
        assert_eq!(
            expr("This work is licensed under a [Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License](https://creativecommons.org/licenses/by-nc-nd/4.0/).").as_deref(),
            Some("CC-BY-NC-ND-4.0")
        );
        assert_eq!(
            expr("Images are CC BY-SA 4.0.").as_deref(),
            Some("CC-BY-SA-4.0")
        );
        assert_eq!(
            expr("Licensed under the Creative Commons Attribution 3.0 Unported License.")
                .as_deref(),
            Some("CC-BY-3.0")
        );
        assert_eq!(
            expr("Documentation: Creative Commons Attribution 4.0; code: MIT.").as_deref(),
            Some("CC-BY-4.0 AND MIT")
        );
    }

    #[test]
    fn gnu_versions_and_or_later() {
        assert_eq!(
            expr("This program is free software: you can redistribute it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.").as_deref(),
            Some("GPL-3.0-or-later")
        );
        assert_eq!(
            expr("Licensed under the GNU Lesser General Public License, version 2.1.").as_deref(),
            Some("LGPL-2.1-only")
        );
        assert_eq!(
            expr("Released under the AGPLv3.").as_deref(),
            Some("AGPL-3.0-only")
        );
    }

    /// The MPL's own notice (its Exhibit A) writes the version `v. 2.0`.
    #[test]
    fn the_mpl_notice() {
        assert_eq!(
            expr("This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain one at http://mozilla.org/MPL/2.0/.").as_deref(),
            Some("MPL-2.0")
        );
    }

    #[test]
    fn prose_without_a_licence_name() {
        assert_eq!(expr("See the files in this folder."), None);
        assert_eq!(
            expr("Submit your permit to the admin."),
            None,
            "`mit` inside a word is no licence"
        );
    }

    #[test]
    fn readme_sections_end_at_the_next_heading() {
        let text = "# App\n\nText.\n\n## License\n\nMIT\n\n### Details\n\nmore\n\n## Thanks\n\nGPL v3 people\n";
        let section = readme_section(text, 5);
        assert!(section.contains("MIT") && section.contains("more"));
        assert!(!section.contains("GPL"));
    }
}
