//! Regexes over code, built cheaply.
//!
//! `regex` turns a Unicode class of hundreds of ranges (`\w`, `\p{L}`, `\d`) into an automaton
//! over UTF-8 of thousands of states, forward and reverse: about a third of a millisecond for
//! each `\w`, when the rest of a pattern over code takes a few hundredths. The patterns that read
//! source files (test functions, imports, task names) are built on the walk's threads, dozens
//! per audit, and a thread that needs one waits while another builds it; those that read the
//! commands and links of a README are built by its check, after the walk.
//!
//! Code's syntax is ASCII; what is not ASCII in it is in identifiers (letters), strings and
//! comments. So [`code_regex`] builds a pattern with each large class (more than
//! [`LARGE_CLASS`] ranges above ASCII) cut to its ASCII part, plus every character above ASCII
//! when the class holds letters (`\w`, `\p{L}`: an identifier's letters stay word characters;
//! `\d` becomes `[0-9]`, and `\W` its ASCII part). On ASCII text the pattern matches what the
//! pattern as written matches; a test compares both on code with and without such characters.

use regex::Regex;
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// A class with more ranges than this above ASCII is cut (see the module's documentation).
/// Unicode's `\s` has 10 there and stays as written; `\d` has 60 and `\w` more than 700.
pub const LARGE_CLASS: usize = 16;

/// `pattern` built as [`Regex::new`] builds it, with its large classes cut to ASCII (plus every
/// character above it for a class of letters).
///
/// # Errors
/// When `pattern` is not a valid regex (the error is `regex`'s own).
pub fn code_regex(pattern: &str) -> Result<Regex, regex::Error> {
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(hir) => Regex::new(&cut(&hir).to_string()),
        // `regex` reports the error, as it would have without the cut.
        Err(_) => Regex::new(pattern),
    }
}

/// `hir` with its large classes cut.
fn cut(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(cut_class(class))),
        HirKind::Repetition(rep) => Hir::repetition(hir::Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(cut(&rep.sub)),
        }),
        HirKind::Capture(cap) => Hir::capture(hir::Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(cut(&cap.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(cut).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(cut).collect()),
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(Class::Bytes(_))
        | HirKind::Look(_) => hir.clone(),
    }
}

fn cut_class(class: &ClassUnicode) -> ClassUnicode {
    const ASCII_END: char = '\x7F';
    let ranges = class.ranges();
    if ranges.iter().filter(|r| r.end() > ASCII_END).count() <= LARGE_CLASS {
        return class.clone();
    }
    let mut out = ClassUnicode::new(
        ranges
            .iter()
            .filter(|r| r.start() <= ASCII_END)
            .map(|r| ClassUnicodeRange::new(r.start(), r.end().min(ASCII_END))),
    );
    // A class of letters: `é` stands for them.
    if ranges.iter().any(|r| r.start() <= 'é' && 'é' <= r.end()) {
        out.push(ClassUnicodeRange::new('\u{80}', char::MAX));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns of the kinds the source scanner uses, and texts of code.
    const PATTERNS: &[&str] = &[
        r"\b(\w+)\(",
        r"^(?:async\s+)?def\s+(test\w*)\s*\(",
        r#"(?m)^\s*(?:it|test|describe)\s*\(\s*['"`]([^'"`]+)"#,
        r"(?i)\bfunc\s+(Test\w*)\s*\(\s*\w+\s+\*testing\.T\s*\)",
        r"(?P<name>[\w.-]+)\s*=\s*(\d+)\.(\d+)",
        r"\W+(\S+)",
        r"\p{L}+",
        r"[^\w\s]+",
    ];
    const TEXTS: &[&str] = &[
        "def test_parse(self):\n    assert run(x) == 1\n",
        "async def test_io():\n  pass\n",
        "  it('parses', () => { expect(f(1)).toBe(2) })\n",
        "func TestServe(t *testing.T) {\n\tt.Run(\"x\", nil)\n}\n",
        "version = 10.2; name.sub = 3.4",
        "def test_café(self):\n    été(1)\n",
        "test('naïve ünïcode', () => { größe(1) })",
        "x = \"日本語\"; 日本(2);",
        "αβγ = 12.5",
    ];

    fn all_captures(re: &Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    #[test]
    fn cut_patterns_match_as_written_on_ascii_code_and_identifiers() {
        for pattern in PATTERNS {
            let written = Regex::new(pattern).unwrap();
            let cut = code_regex(pattern).unwrap();
            assert_eq!(
                written.capture_names().collect::<Vec<_>>(),
                cut.capture_names().collect::<Vec<_>>(),
                "{pattern}"
            );
            for text in TEXTS {
                assert_eq!(
                    all_captures(&written, text),
                    all_captures(&cut, text),
                    "{pattern} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn only_large_classes_are_cut() {
        let show = |p: &str| cut(&regex_syntax::Parser::new().parse(p).unwrap()).to_string();
        // `\d` is its ASCII part; `\w` its ASCII part and everything above.
        assert_eq!(show(r"\d"), "[0-9]");
        assert_eq!(show(r"\w"), "[0-9A-Z_a-z\u{80}-\u{10FFFF}]");
        // Small classes stay as written: whitespace, a negated quote, case folding.
        for small in [r"\s", r#"[^"]"#, "(?i)k", "."] {
            let hir = regex_syntax::Parser::new().parse(small).unwrap();
            assert_eq!(cut(&hir), hir, "{small}");
        }
        // Above ASCII, a symbol is a word character and a digit is not.
        let word = code_regex(r"\w+").unwrap();
        assert_eq!(word.find("—½").map(|m| m.as_str()), Some("—½"));
        assert!(code_regex(r"\d").unwrap().find("٣").is_none());
        // An invalid pattern is `regex`'s error.
        assert!(code_regex(r"(\w").is_err());
    }
}
