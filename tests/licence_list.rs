//! The licence matcher on the texts of the SPDX licence list in the forms real licence files
//! take (a sample of the list; `benches/licence_list.rs` runs the whole of it), on the standard
//! notices of the most used licences saved as the licence file, and on the cases where a wrong
//! name is worse than none.

#[path = "../benches/licence_forms.rs"]
mod forms;

use diligence::facts::licenses::scanner::LicenseScanner;
use diligence::facts::licenses::TextMatch;
use forms::{Verdict, FORMS};
use spdx::detection::Store;

fn named(m: &TextMatch) -> Vec<String> {
    m.licenses.iter().map(|l| l.spdx.clone()).collect()
}

fn name(text: &str) -> TextMatch {
    LicenseScanner::new().match_text(text, "LICENSE", &mut Vec::new())
}

/// One list entry in 25 (about 28 texts, always with the GNU licences) in every form: at least
/// 99% named exactly, at most 0.5% named as another licence, the rest unsure.
#[test]
fn a_sample_of_the_licence_list_in_every_form() {
    let store = Store::load_inline().unwrap();
    let cases = forms::cases(&store, 25);
    let scanner = LicenseScanner::new();
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for form in FORMS {
        let mut counts = [0usize; 3];
        for c in cases.iter().filter(|c| c.form == *form) {
            let found = named(&scanner.match_text(&c.text, "LICENSE", &mut Vec::new()));
            let v = forms::verdict(c, &found);
            counts[v as usize] += 1;
            if v != Verdict::Exact {
                wrong.push(format!("[{form}] {} named {found:?}", c.source));
            }
        }
        table.push((form, counts));
    }
    let total: usize = table.iter().map(|(_, c)| c.iter().sum::<usize>()).sum();
    let exact: usize = table.iter().map(|(_, c)| c[0]).sum();
    let misnamed: usize = table.iter().map(|(_, c)| c[1]).sum();
    assert!(total > 200, "{total} texts");
    assert!(
        exact * 100 >= total * 99 && misnamed * 200 <= total,
        "{exact} exact, {misnamed} wrong of {total}: {table:?}\n{wrong:#?}"
    );
}

#[derive(serde::Deserialize)]
struct Notices {
    notice: Vec<Notice>,
}

#[derive(serde::Deserialize)]
struct Notice {
    id: String,
    text: String,
}

/// The standard notices of the most used licences, saved as the licence file as written and as
/// comment blocks, are all named.
#[test]
fn standard_notices_are_named() {
    let data = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/licence-notices.toml"),
    )
    .unwrap();
    let notices: Notices = toml::from_str(&data).unwrap();
    assert!(notices.notice.len() >= 30);
    let scanner = LicenseScanner::new();
    let mut missed = Vec::new();
    for n in &notices.notice {
        assert!(spdx::license_id(&n.id).is_some(), "{}", n.id);
        for (form, text) in [
            ("as written", n.text.clone()),
            ("//", forms::comment(&n.text, "// ", None)),
            ("#", forms::comment(&n.text, "# ", None)),
            (" * ", forms::comment(&n.text, " * ", Some(("/*", " */")))),
        ] {
            let m = scanner.match_text(&text, "LICENSE", &mut Vec::new());
            if m.expression().as_deref() != Some(n.id.as_str()) {
                missed.push(format!("{} ({form}): {:?}", n.id, named(&m)));
            }
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
}

/// A notice with terms of its own, or about several licences, is not the licence it names.
#[test]
fn a_notice_with_terms_of_its_own_is_not_named() {
    for text in [
        "Licensed under the MIT License, for non-commercial use only.",
        "Licensed under the Apache License, Version 2.0. Customers of the hosted service may not redistribute it.",
        "SPDX-License-Identifier: MIT\n\nThis copy may be used for evaluation only; a fee is due for production use.",
        // About several licences, one of them named by a word of its own.
        "This software may be redistributed under the terms of the GPL, LGPL, modified BSD, or\n\
         Artistic license, or any of the other OSI approved licenses listed at\n\
         http://www.opensource.org/licenses/alphabetical.",
    ] {
        let m = name(text);
        assert!(m.licenses.is_empty(), "{text}: {m:?}");
    }
}

/// An `SPDX-License-Identifier:` line in a licence file is read: alone it names the file, and
/// beside a licence text of the same licence it says which form ("or later").
#[test]
fn spdx_tags_in_licence_files() {
    assert_eq!(
        name("SPDX-License-Identifier: MIT\n")
            .expression()
            .as_deref(),
        Some("MIT")
    );
    assert_eq!(
        name("Copyright 2024 Jo Example\n// SPDX-License-Identifier: Apache-2.0 OR MIT\n")
            .expression()
            .as_deref(),
        Some("Apache-2.0 OR MIT")
    );
    let gpl = spdx::license_id("GPL-2.0-only").unwrap().text();
    assert_eq!(
        name(&format!(
            "SPDX-License-Identifier: GPL-2.0-or-later\n\n{gpl}"
        ))
        .expression()
        .as_deref(),
        Some("GPL-2.0-or-later")
    );
    // A tag that names another licence than the text: the text is what it is.
    let mit = spdx::license_id("MIT").unwrap().text();
    assert_eq!(
        name(&format!("SPDX-License-Identifier: ISC\n\n{mit}"))
            .expression()
            .as_deref(),
        Some("MIT")
    );
}

/// Close licences: the notice before a GNU text must name the licence the text is; a notice of
/// the LGPL before the GPL's text (as some LGPL projects ship `COPYING`) is unsure, not either.
#[test]
fn a_gnu_notice_must_name_the_text_it_stands_before() {
    let gpl2 = spdx::license_id("GPL-2.0-only").unwrap().text();
    let gpl3 = spdx::license_id("GPL-3.0-only").unwrap().text();
    let notice = forms::or_later_notice("GNU General Public License", "2");
    assert_eq!(
        name(&format!("{notice}\n{gpl2}")).expression().as_deref(),
        Some("GPL-2.0-or-later")
    );
    // The notice says version 2, the text is version 3.
    assert!(name(&format!("{notice}\n{gpl3}")).licenses.is_empty());
    let lgpl = forms::or_later_notice("GNU Lesser General Public License", "2.1");
    assert!(name(&format!("{lgpl}\n{gpl2}")).licenses.is_empty());
    // Words about the program only: the text decides, `-only`.
    assert_eq!(
        name(&format!("Frobnicate, a widget frobnicator.\n\n{gpl3}"))
            .expression()
            .as_deref(),
        Some("GPL-3.0-only")
    );
}

/// A file with two licence texts is named by both.
#[test]
fn two_licences_in_one_file_are_both_named() {
    let bsd = spdx::license_id("BSD-3-Clause").unwrap().text();
    let mpl = spdx::license_id("MPL-2.0").unwrap().text();
    let mut ids = named(&name(&format!("{bsd}\n\n----\n\n{mpl}")));
    ids.sort();
    assert_eq!(ids, ["BSD-3-Clause", "MPL-2.0"]);
}
