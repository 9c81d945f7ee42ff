//! The code-health counts of a Rust file ([`RustHealth`]), from its tokens.
//!
//! Every counted form is visible in the tokens, so the file is lexed, not parsed, with the
//! lexer of the Rust compiler (`ra-ap-rustc_lexer`, which allocates nothing): a full `syn` parse
//! of every Rust file costs many times as much, and lexing it with `proc-macro2` three times.
//!
//! - `unsafe` followed by a block is an unsafe block, followed by `impl` an unsafe impl, and an
//!   `unsafe` among the qualifiers of a function with a body is an unsafe function;
//! - `.unwrap()` with no argument and `.expect(…)` with one are method calls (a `.` before);
//! - `panic!`, `unreachable!`, `todo!` and `unimplemented!` are macro calls (`name ! group`);
//! - `#[allow(…)]` and `#![allow(…)]` are attributes whose path is `allow`;
//! - a function is `fn name` followed, at the same nesting level and outside angle brackets, by
//!   its body (a brace group) before any `;`; its length runs from the `fn` line to the closing
//!   brace's line.
//!
//! Strings, characters and comments are single tokens, so nothing inside them is counted. Test
//! code is left out of every count except `allows`: an item or statement carrying a test
//! attribute (`#[test]`, `#[tokio::test]`, `#[rstest]`, `#[cfg(test)]`, …, judged by the same
//! rules as the tests check's parse) is test code up to the end of its first brace group or its
//! `;`. Macro bodies are skipped, except those of the common macros that take expressions
//! (`println!`, `assert!`, `vec!`, …).

use ra_ap_rustc_lexer::{tokenize, FrontmatterAllowed, LiteralKind, TokenKind};

use super::health::RustHealth;
use super::source::{is_test_attr, is_test_item, RustParseError, EXPR_MACROS};

/// Keywords that can stand before `!` or a group without being a macro name.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
    "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true",
    "type", "union", "unsafe", "use", "where", "while", "yield",
];

/// Words that may stand between a function's visibility and its `fn`.
const QUALIFIERS: &[&str] = &[
    "unsafe", "const", "async", "extern", "default", "pub", "safe",
];

/// One significant token: its kind and where its text is.
#[derive(Clone, Copy)]
pub(super) struct Tok {
    pub(super) kind: TokenKind,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// A Rust file lexed once: its text (a BOM left out) and its significant tokens, doc comments
/// included (an attribute to the parser). The tests' parse finds the bodies it leaves out in
/// them, and the health counts are read from them.
pub(super) struct Lexed<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: Vec<Tok>,
}

impl<'a> Lexed<'a> {
    /// # Errors
    /// When the file is not valid Rust at the token level: an unterminated string, character
    /// or block comment.
    pub(super) fn new(text: &'a str) -> Result<Self, RustParseError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let skip = ra_ap_rustc_lexer::strip_shebang(text).unwrap_or(0);
        match lex(text, skip) {
            Ok(tokens) => Ok(Self { text, tokens }),
            Err((offset, message)) => Err(RustParseError {
                line: text.as_bytes()[..offset as usize]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1,
                message: message.into(),
            }),
        }
    }
}

/// The health counts of a Rust file.
///
/// # Errors
/// When the file is not valid Rust at the token level: an unterminated string, character or
/// block comment, or unbalanced brackets.
pub fn rust_health(text: &str) -> Result<RustHealth, RustParseError> {
    health_of(&Lexed::new(text)?)
}

/// [`rust_health`] of a file already lexed.
///
/// # Errors
/// Unbalanced brackets.
pub(super) fn health_of(lexed: &Lexed<'_>) -> Result<RustHealth, RustParseError> {
    let text = lexed.text;
    // Line numbers are only needed for a few tokens: found by binary search in the newlines.
    let newlines: Vec<u32> = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    let line_at = |offset: u32| {
        u32::try_from(newlines.partition_point(|&n| n < offset) + 1).unwrap_or(u32::MAX)
    };
    // The counts read code, not documentation.
    let tokens: Vec<Tok> = lexed
        .tokens
        .iter()
        .filter(|t| {
            !matches!(
                t.kind,
                TokenKind::LineComment { .. } | TokenKind::BlockComment { .. }
            )
        })
        .copied()
        .collect();
    let pairs = pairs(&tokens).map_err(|(offset, message)| RustParseError {
        line: line_at(offset) as usize,
        message: message.into(),
    })?;
    let mut walker = Walker {
        text,
        tokens: &tokens,
        pairs: &pairs,
        newlines: &newlines,
        health: RustHealth::default(),
        test_depth: 0,
        parsed: false,
    };
    walker.walk(0, tokens.len());
    if walker.parsed {
        // The attribute parses left their spans in proc-macro2's per-thread source map.
        proc_macro2::extra::invalidate_current_thread_spans();
    }
    Ok(walker.health)
}

/// The significant tokens from byte `skip` on: no whitespace, no comments but doc comments. The
/// error: where, and what.
fn lex(text: &str, skip: usize) -> Result<Vec<Tok>, (u32, &'static str)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut offset = u32::try_from(skip).unwrap_or(u32::MAX);
    for token in tokenize(&text[skip..], FrontmatterAllowed::No) {
        let start = offset;
        offset = offset.saturating_add(token.len);
        let unterminated = match token.kind {
            TokenKind::Whitespace => continue,
            TokenKind::LineComment { doc_style } => {
                if doc_style.is_none() {
                    continue;
                }
                false
            }
            TokenKind::BlockComment {
                terminated,
                doc_style,
            } => {
                if terminated && doc_style.is_none() {
                    continue;
                }
                !terminated
            }
            TokenKind::Literal { kind, .. } => match kind {
                LiteralKind::Char { terminated }
                | LiteralKind::Byte { terminated }
                | LiteralKind::Str { terminated }
                | LiteralKind::ByteStr { terminated }
                | LiteralKind::CStr { terminated } => !terminated,
                LiteralKind::RawStr { n_hashes }
                | LiteralKind::RawByteStr { n_hashes }
                | LiteralKind::RawCStr { n_hashes } => n_hashes.is_none(),
                LiteralKind::Int { .. } | LiteralKind::Float { .. } => false,
            },
            _ => false,
        };
        if unterminated {
            return Err((start, "unterminated literal or comment"));
        }
        out.push(Tok {
            kind: token.kind,
            start,
            end: offset,
        });
    }
    Ok(out)
}

fn opens(kind: TokenKind) -> Option<TokenKind> {
    match kind {
        TokenKind::OpenParen => Some(TokenKind::CloseParen),
        TokenKind::OpenBrace => Some(TokenKind::CloseBrace),
        TokenKind::OpenBracket => Some(TokenKind::CloseBracket),
        _ => None,
    }
}

/// For each bracket, the index of its partner (`u32::MAX` for other tokens). The error: where,
/// and what.
pub(super) fn pairs(tokens: &[Tok]) -> Result<Vec<u32>, (u32, &'static str)> {
    let mut pairs = vec![u32::MAX; tokens.len()];
    let mut stack: Vec<(usize, TokenKind)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if let Some(close) = opens(t.kind) {
            stack.push((i, close));
        } else if matches!(
            t.kind,
            TokenKind::CloseParen | TokenKind::CloseBrace | TokenKind::CloseBracket
        ) {
            match stack.pop() {
                Some((open, close)) if close == t.kind => {
                    pairs[open] = u32::try_from(i).unwrap_or(u32::MAX);
                    pairs[i] = u32::try_from(open).unwrap_or(u32::MAX);
                }
                _ => return Err((t.start, "unbalanced brackets")),
            }
        }
    }
    match stack.pop() {
        Some((open, _)) => Err((tokens[open].start, "unclosed bracket")),
        None => Ok(pairs),
    }
}

struct Walker<'a> {
    text: &'a str,
    tokens: &'a [Tok],
    pairs: &'a [u32],
    /// The offsets of the file's newlines.
    newlines: &'a [u32],
    health: RustHealth,
    /// Inside test code (nesting depth).
    test_depth: u32,
    /// Whether an attribute was parsed with `syn`.
    parsed: bool,
}

impl<'a> Walker<'a> {
    /// The 1-based line of the token at `i`.
    fn line(&self, i: usize) -> u32 {
        let offset = self.tokens[i].start;
        u32::try_from(self.newlines.partition_point(|&n| n < offset) + 1).unwrap_or(u32::MAX)
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    fn str(&self, i: usize) -> &'a str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.start as usize..t.end as usize])
    }

    fn is_ident(&self, i: usize, name: &str) -> bool {
        matches!(self.kind(i), Some(TokenKind::Ident)) && self.str(i) == name
    }

    /// The index of the partner of the bracket at `i`.
    fn partner(&self, i: usize) -> usize {
        self.pairs[i] as usize
    }

    fn in_tests(&self, pending_test: bool) -> bool {
        self.test_depth > 0 || pending_test
    }

    /// Walks the tokens `lo..hi`, one nesting level.
    fn walk(&mut self, lo: usize, hi: usize) {
        // Attributes seen for the item that follows: it is test code up to its first brace group
        // or `;`.
        let mut pending_test = false;
        let mut i = lo;
        while i < hi {
            let kind = self.tokens[i].kind;
            match kind {
                TokenKind::Pound => {
                    let inner = self.kind(i + 1) == Some(TokenKind::Bang);
                    let at = i + 1 + usize::from(inner);
                    if self.kind(at) == Some(TokenKind::OpenBracket) {
                        let close = self.partner(at);
                        if self.is_ident(at + 1, "allow") {
                            self.health.allows += 1;
                        } else if !inner && self.is_test_attribute(i, at, close) {
                            pending_test = true;
                        }
                        i = close + 1;
                        continue;
                    }
                }
                TokenKind::Semi => pending_test = false,
                TokenKind::Dot => self.method_call(i + 1, pending_test),
                TokenKind::Ident => match self.str(i) {
                    "unsafe" => self.unsafe_form(i, pending_test),
                    "fn" => self.function(i, lo, hi, pending_test),
                    // `#[cfg(test)] mod name;` at the file's top level: a test-only file.
                    "mod"
                        if lo == 0
                            && pending_test
                            && self.test_depth == 0
                            && self.kind(i + 1) == Some(TokenKind::Ident)
                            && self.kind(i + 2) == Some(TokenKind::Semi) =>
                    {
                        self.health.test_modules.push(self.str(i + 1).to_owned());
                    }
                    "macro_rules" if self.kind(i + 1) == Some(TokenKind::Bang) => {
                        // `macro_rules! name { … }`: a definition, not code.
                        i = match self.kind(i + 3).and_then(opens) {
                            Some(_) => self.partner(i + 3) + 1,
                            None => i + 2,
                        };
                        pending_test = false;
                        continue;
                    }
                    name if self.kind(i + 1) == Some(TokenKind::Bang)
                        && self.kind(i + 2).and_then(opens).is_some()
                        && !KEYWORDS.contains(&name) =>
                    {
                        let close = self.partner(i + 2);
                        self.macro_call(i, i + 2, close, pending_test);
                        i = close + 1;
                        continue;
                    }
                    _ => {}
                },
                _ if opens(kind).is_some() => {
                    let close = self.partner(i);
                    let test = pending_test && kind == TokenKind::OpenBrace;
                    self.test_depth += u32::from(test);
                    self.walk(i + 1, close);
                    self.test_depth -= u32::from(test);
                    if test {
                        pending_test = false;
                    }
                    i = close + 1;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Whether the attribute `#[…]` (the `#` at `hash`, brackets at `open`..=`close`) marks test
    /// code, by the rules of the tests check: a path ending in a test attribute's name
    /// (`test`, `tokio::test`, `rstest`, `bench`, …), or a `cfg` that only holds under `test`
    /// (judged by parsing it, which only the rare `cfg` that mentions `test` needs).
    fn is_test_attribute(&mut self, hash: usize, open: usize, close: usize) -> bool {
        let mut j = open + 1;
        let mut last = None;
        while self.kind(j) == Some(TokenKind::Ident) {
            last = Some(j);
            j += 1;
            if self.kind(j) == Some(TokenKind::Colon) && self.kind(j + 1) == Some(TokenKind::Colon)
            {
                j += 2;
            } else {
                break;
            }
        }
        let Some(last) = last else {
            return false;
        };
        let name = self.str(last);
        if name == "bench" || is_test_attr(name) {
            return true;
        }
        if name != "cfg" || last != open + 1 || !(open + 2..close).any(|k| self.is_ident(k, "test"))
        {
            return false;
        }
        let source = &self.text[self.tokens[hash].start as usize..self.tokens[close].end as usize];
        self.parsed = true;
        syn::parse::Parser::parse_str(syn::Attribute::parse_outer, source)
            .is_ok_and(|attrs| is_test_item(&attrs))
    }

    /// `unsafe { … }` and `unsafe impl`.
    fn unsafe_form(&mut self, at: usize, pending: bool) {
        if self.in_tests(pending) {
            return;
        }
        let line = self.line(at);
        let block = self.kind(at + 1) == Some(TokenKind::OpenBrace);
        let implementation = self.is_ident(at + 1, "impl");
        let h = &mut self.health;
        if block {
            h.unsafe_blocks += 1;
        } else if implementation {
            h.unsafe_impls += 1;
        } else {
            return;
        }
        h.first_unsafe.get_or_insert(line);
    }

    /// `.unwrap()` and `.expect(…)`: the method's name at `at`.
    fn method_call(&mut self, at: usize, pending: bool) {
        if self.kind(at + 1) != Some(TokenKind::OpenParen) || self.in_tests(pending) {
            return;
        }
        let close = self.partner(at + 1);
        let line = self.line(at);
        if self.is_ident(at, "unwrap") && close == at + 2 {
            self.health.unwraps += 1;
        } else if self.is_ident(at, "expect") && self.arguments(at + 1, close) == 1 {
            self.health.expects += 1;
        } else {
            return;
        }
        self.health.first_panicky.get_or_insert(line);
    }

    /// How many arguments the brackets `open`..=`close` hold: 0, 1, or 2 (two or more).
    fn arguments(&self, open: usize, close: usize) -> u32 {
        let (mut count, mut pending) = (0, false);
        let mut j = open + 1;
        while j < close {
            if self.kind(j) == Some(TokenKind::Comma) {
                count += u32::from(pending);
                pending = false;
            } else {
                pending = true;
            }
            j = match self.kind(j).and_then(opens) {
                Some(_) => self.partner(j) + 1,
                None => j + 1,
            };
        }
        (count + u32::from(pending)).min(2)
    }

    /// `name!(…)`: the name at `at`, the body's brackets at `open`..=`close`.
    fn macro_call(&mut self, at: usize, open: usize, close: usize, pending: bool) {
        let name = self.str(at);
        if !self.in_tests(pending) {
            let line = self.line(at);
            let h = &mut self.health;
            match name {
                "panic" | "unreachable" => {
                    h.panics += 1;
                    h.first_panicky.get_or_insert(line);
                }
                "todo" | "unimplemented" => {
                    h.todos += 1;
                    h.first_todo.get_or_insert(line);
                }
                _ => {}
            }
        }
        if EXPR_MACROS.contains(&name) {
            self.walk(open + 1, close);
        }
    }

    /// `fn name … { … }` at `at` (in the level `lo..hi`): its length and whether it is `unsafe`.
    fn function(&mut self, at: usize, lo: usize, hi: usize, pending: bool) {
        if !matches!(
            self.kind(at + 1),
            Some(TokenKind::Ident | TokenKind::RawIdent)
        ) {
            return; // a function pointer type, `fn(u8) -> u8`
        }
        if self.in_tests(pending) {
            return;
        }
        // The body is the first brace group outside angle brackets (a const generic argument
        // such as `Foo<{ N }>` in the signature is a brace group too).
        let mut angles = 0u32;
        let mut previous = None;
        let mut j = at + 2;
        let body = loop {
            if j >= hi {
                break None;
            }
            let kind = self.tokens[j].kind;
            match kind {
                TokenKind::Semi => break None,
                TokenKind::Lt => angles += 1,
                TokenKind::Gt if !matches!(previous, Some(TokenKind::Minus | TokenKind::Eq)) => {
                    angles = angles.saturating_sub(1);
                }
                TokenKind::OpenBrace if angles == 0 => break Some(self.partner(j)),
                _ => {}
            }
            previous = Some(kind);
            j = match opens(kind) {
                Some(_) => self.partner(j) + 1,
                None => j + 1,
            };
        };
        let Some(close) = body else {
            return; // a declaration without a body
        };
        let start = self.line(at);
        let end = self.line(close);
        let name = self.str(at + 1).to_owned();
        // Qualifiers before `fn`: `pub(crate) const async unsafe extern "C"`.
        let mut unsafe_line = None;
        let mut k = at;
        while k > lo {
            k -= 1;
            match self.tokens[k].kind {
                TokenKind::Ident if QUALIFIERS.contains(&self.str(k)) => {
                    if self.str(k) == "unsafe" {
                        unsafe_line = Some(self.line(k));
                    }
                }
                TokenKind::Literal { .. } => {}
                TokenKind::CloseParen => k = self.partner(k),
                _ => break,
            }
        }
        let h = &mut self.health;
        h.functions.add(name, start, end.saturating_sub(start) + 1);
        if let Some(line) = unsafe_line {
            h.unsafe_fns += 1;
            h.first_unsafe.get_or_insert(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(text: &str) -> RustHealth {
        rust_health(text).expect("lexes")
    }

    #[test]
    fn the_body_is_the_first_brace_group_outside_angle_brackets() {
        let text = "fn project() -> <Self as Has<{ ID }>>::Type where T: Fn() -> u8 {\n    1\n}\n";
        let h = health(text);
        let f = &h.functions.longest[0];
        assert_eq!((f.name.as_str(), f.line, f.lines), ("project", 1, 3));
    }

    #[test]
    fn test_code_ends_with_the_item_it_marks() {
        let text = r#"
#[test]
fn returns_result() -> Result<(), String> { None::<u8>.unwrap(); Ok(()) }
fn after() { None::<u8>.unwrap(); }
fn inline() {
    #[cfg(test)]
    { panic!("only in tests") }
    todo!()
}
#[cfg(test)]
mod tests;
fn last() { Some(1).expect("x"); }
"#;
        let h = health(text);
        assert_eq!((h.unwraps, h.expects, h.panics, h.todos), (1, 1, 0, 1));
        assert_eq!(h.functions.count, 3, "after, inline, last");
        assert_eq!(h.first_panicky, Some(4));
    }

    #[test]
    fn forms_that_only_look_like_counted_ones() {
        let text = r#"
type F = fn(u8) -> u8;
macro_rules! m { () => { x.unwrap(); panic!() } }
fn g(x: bool) -> bool { return !(x); }
fn h(o: Option<u8>) -> u8 { Option::unwrap(o) + o.unwrap_or(0) + o.expect("a", ) }
fn i() { let s = "x.unwrap() panic!() unsafe {}"; quote! { y.unwrap() }; /* z.unwrap() */ }
unsafe extern "C" { fn ext(); }
pub(crate) unsafe fn raw() {}
"#;
        let h = health(text);
        assert_eq!((h.unwraps, h.expects, h.panics), (0, 1, 0));
        assert_eq!((h.unsafe_blocks, h.unsafe_fns, h.unsafe_impls), (0, 1, 0));
        assert_eq!(h.first_unsafe, Some(8));
        assert_eq!(
            h.functions.count, 4,
            "g, h, i, raw; not the pointer type or ext"
        );
    }

    #[test]
    fn expression_macros_are_looked_into_and_allows_counted_everywhere() {
        let text = r#"
#![allow(dead_code)]
fn f(v: Option<u8>) {
    println!("{}", v.unwrap());
    assert!(v.map(|x| x > 1).unwrap());
    #[allow(unused)]
    let _ = std::panic!("explicit");
}
#[cfg(test)]
mod tests {
    #[allow(clippy::unwrap_used)]
    fn t() { None::<u8>.unwrap(); }
}
"#;
        let h = health(text);
        assert_eq!((h.unwraps, h.panics, h.allows), (2, 1, 3));
    }

    #[test]
    fn a_shebang_and_a_byte_order_mark_are_not_code() {
        let h =
            health("\u{feff}#!/usr/bin/env run-cargo-script\nfn main() {\n    x.unwrap();\n}\n");
        assert_eq!((h.unwraps, h.first_panicky), (1, Some(3)));
        let h = health("#![allow(unused)]\nfn main() {}\n");
        assert_eq!(
            (h.allows, h.functions.count),
            (1, 1),
            "an inner attribute, not a shebang"
        );
    }

    #[test]
    fn broken_files_are_errors_with_the_line() {
        let e = rust_health("fn f() {\n    let s = \"open;\n}\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = rust_health("fn f() {\n    g(;\n}\n").unwrap_err();
        assert_eq!(e.line, 3, "the bracket that does not match");
        assert!(rust_health("fn f() {\n").is_err());
    }
}
