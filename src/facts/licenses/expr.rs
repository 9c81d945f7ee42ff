//! SPDX expressions as found in the wild: parsed strictly first, then leniently, with deprecated
//! ids mapped to their current form, and licence "families" for comparing evidence.

use spdx::{Expression, ParseMode};

/// How a licence string was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Parsed {
    /// A valid SPDX expression as written.
    Strict,
    /// Understood only after mapping deprecated ids, `/` or `+` (the canonical form differs).
    Lenient,
    /// Not an SPDX expression.
    Invalid,
}

/// A licence string and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedExpression {
    /// The canonical SPDX expression, when understood.
    pub canonical: Option<String>,
    /// How it was understood.
    pub parsed: Parsed,
}

/// Lenient parsing: `/` as OR, `+` on GNU ids, deprecated ids, but no guessing of names (also
/// the policy's parse: the facts already hold canonical forms where known).
pub const LENIENT: ParseMode = ParseMode {
    allow_slash_as_or_operator: true,
    allow_imprecise_license_names: false,
    allow_postfix_plus_on_gpl: true,
    allow_deprecated: true,
    allow_unknown: false,
};

/// Parses a declared licence: strictly, then leniently (deprecated ids mapped, `/` as OR), then
/// with the crate's imprecise names (`Apache 2.0`, `BSD-3`) as a last resort.
#[must_use]
pub fn parse(text: &str) -> ParsedExpression {
    let text = text.trim();
    if text.is_empty() {
        return ParsedExpression {
            canonical: None,
            parsed: Parsed::Invalid,
        };
    }
    if let Ok(e) = Expression::parse(text) {
        return ParsedExpression {
            canonical: Some(display(&e)),
            parsed: Parsed::Strict,
        };
    }
    // Quirk: the crate's imprecise-name table maps "gnu gpl v2" to GPL-3.0; spell the common GNU
    // phrasings out first so that they can never be mapped to the wrong version.
    let pre = pre_map(text);
    let candidate = pre.as_deref().unwrap_or(text);
    let lenient_ok = Expression::parse_mode(candidate, LENIENT).is_ok();
    // Bare family names ("BSD", "GPL") name no version or variant: guessing one would put a
    // wrong licence in the report, so they stay unparsed.
    let ambiguous = matches!(
        candidate.trim().to_ascii_lowercase().as_str(),
        "bsd" | "gpl" | "lgpl" | "agpl" | "mpl" | "gnu gpl" | "epl" | "cc" | "creative commons"
    );
    if lenient_ok || !ambiguous {
        let canonical = Expression::canonicalize(candidate)
            .ok()
            .map(|c| c.unwrap_or_else(|| candidate.to_owned()));
        if let Some(e) = canonical.and_then(|c| Expression::parse(&c).ok()) {
            return ParsedExpression {
                canonical: Some(display(&e)),
                parsed: Parsed::Lenient,
            };
        }
    }
    ParsedExpression {
        canonical: None,
        parsed: Parsed::Invalid,
    }
}

/// Spells out GNU phrasings the crate's imprecise table gets wrong or does not know.
fn pre_map(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mapped = match lower.as_str() {
        "gnu gpl v2" | "gnu gplv2" | "gplv2+" | "gpl-2.0+" | "gpl 2+" => {
            if lower.ends_with('+') {
                "GPL-2.0-or-later"
            } else {
                "GPL-2.0-only"
            }
        }
        "gnu gpl v3" | "gnu gplv3" => "GPL-3.0-only",
        "gplv3+" | "gpl-3.0+" | "gpl 3+" => "GPL-3.0-or-later",
        _ => return None,
    };
    Some(mapped.to_owned())
}

/// The expression's canonical text (ids as SPDX spells them, GNU ids with `-only`/`-or-later`).
fn display(e: &Expression) -> String {
    let s = e.to_string();
    Expression::canonicalize(&s).ok().flatten().unwrap_or(s)
}

/// Whether a declared licence only points to a file of the package (`SEE LICENSE IN LICENSE.md`,
/// npm's convention; "See LICENSE file"; `LICENSE.txt`): the licence is declared in a file that
/// the registry does not serve, so it is neither unknown nor checked.
#[must_use]
pub fn is_file_pointer(license: &str) -> bool {
    static POINTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^\s*(?:see\s+(?:the\s+)?(?:licen[cs]e|copying)\b.*|licen[cs]e(?:[._-]\w+)*(?:\s+file)?|copying(?:\.\w+)?|file\s+licen[cs]e.*|licen[cs]e\s+(?:in|file)\b.*)\s*$",
        )
        .expect("valid regex")
    });
    POINTER.is_match(license)
}

/// Every licence id (or `LicenseRef-…`) in an expression, in order, without duplicates.
#[must_use]
pub fn ids(expression: &str) -> Vec<String> {
    let Ok(e) = Expression::parse_mode(expression, LENIENT) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for r in e.requirements() {
        let id = r.req.license.to_string();
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// A licence's family for comparing evidence: the id without `-only`, `-or-later` or `+`
/// (a GPL-3.0 text is evidence for both `GPL-3.0-only` and `GPL-3.0-or-later`).
#[must_use]
pub fn family(id: &str) -> &str {
    id.trim_end_matches('+')
        .trim_end_matches("-only")
        .trim_end_matches("-or-later")
}

/// The families of every licence in an expression.
#[must_use]
pub fn families(expression: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids(expression) {
        let f = family(&id).to_owned();
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_to_a_licence_file() {
        for pointer in [
            "SEE LICENSE IN LICENSE.md",
            "See LICENSE file",
            "see the license file",
            "LICENSE",
            "LICENSE.txt",
            "LICENSE-MIT file",
            "License in LICENSE",
            "COPYING",
            "file LICENSE",
        ] {
            assert!(is_file_pointer(pointer), "{pointer}");
        }
        for licence in [
            "MIT",
            "Apache-2.0",
            "MIT License",
            "License :: OSI Approved :: MIT",
            "UNLICENSED",
            "Unlicense",
        ] {
            assert!(!is_file_pointer(licence), "{licence}");
        }
    }

    #[test]
    fn strict_then_lenient_then_invalid() {
        let p = parse("MIT OR Apache-2.0");
        assert_eq!(p.parsed, Parsed::Strict);
        assert_eq!(p.canonical.as_deref(), Some("MIT OR Apache-2.0"));

        let p = parse("Apache-2.0 WITH LLVM-exception");
        assert_eq!(p.parsed, Parsed::Strict);

        let p = parse("MIT/Apache-2.0");
        assert_eq!(p.parsed, Parsed::Lenient);
        assert_eq!(p.canonical.as_deref(), Some("MIT OR Apache-2.0"));

        let p = parse("GPL-2.0");
        assert_eq!(p.parsed, Parsed::Lenient);
        assert_eq!(p.canonical.as_deref(), Some("GPL-2.0-only"));

        let p = parse("GPL-3.0+");
        assert_eq!(p.canonical.as_deref(), Some("GPL-3.0-or-later"));

        let p = parse("LGPL-2.1");
        assert_eq!(p.canonical.as_deref(), Some("LGPL-2.1-only"));

        assert_eq!(
            parse("gnu gpl v2").canonical.as_deref(),
            Some("GPL-2.0-only")
        );
        assert_eq!(parse("see the file").parsed, Parsed::Invalid);
        assert_eq!(parse("").parsed, Parsed::Invalid);
    }

    #[test]
    fn ids_and_families() {
        assert_eq!(ids("MIT OR Apache-2.0"), vec!["MIT", "Apache-2.0"]);
        assert_eq!(family("GPL-3.0-or-later"), "GPL-3.0");
        assert_eq!(family("GPL-3.0-only"), "GPL-3.0");
        assert_eq!(family("MIT"), "MIT");
        assert_eq!(
            families("GPL-2.0-or-later AND GPL-2.0-only"),
            vec!["GPL-2.0".to_owned()]
        );
    }
}
