//! Per-file health counters, computed during the one walk from the buffer already read.
//!
//! [`HealthScanner`] sees every text file (binary files are recognised by the walk and never
//! reach a scanner) and records, without keeping the text:
//!
//! - a 64-bit content hash, so that identical files can be grouped after the walk;
//! - the longest line (in characters) and where it is;
//! - in source files, the `TODO`, `FIXME`, `HACK` and `XXX` markers (upper case, whole words);
//! - whether the head of the file says it is generated (`@generated`, `DO NOT EDIT`, …);
//! - for Python and Go, the length of every function, measured where a cheap and reliable rule
//!   exists: Python `def` blocks by indentation, Go `func` lines at column 0 to the matching `}`
//!   at column 0 (the layout `gofmt` enforces);
//! - for the root `.gitattributes`, the patterns marked `linguist-generated`.
//!
//! Rust functions, `unsafe`, `unwrap()` and friends come from the tokens of the one lexing of
//! each Rust file in [`super::source`] ([`RustHealth`], counted by [`super::rust_health`]).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::scan::ContentScanner;
use super::{FileFacts, FileKind, Warning};

/// A function at or above this many lines counts as long. Two screens of code: past this, a
/// reader can no longer see the whole function at once, and most style guides (50–100 lines)
/// would already ask for a split.
pub const LONG_FUNCTION_LINES: u32 = 100;

/// A line at least this long (characters) is not written by hand, or holds data pasted in: the
/// bytes of such lines are counted ([`FileHealth::long_line_bytes`]).
pub const GENERATED_LINE_CHARS: u32 = 1000;

/// How many of a file's longest functions are kept.
const KEEP_FUNCTIONS: usize = 3;

/// What the health scanner found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHealth {
    /// A 64-bit hash of the content (equal content, equal hash; used with the size to group
    /// duplicates).
    pub hash: u64,
    /// The longest line, in characters (a trailing `\r` not counted).
    pub longest_line: u32,
    /// The 1-based line number of the longest line (the first, on a tie).
    pub longest_line_at: u32,
    /// The bytes of the lines of [`GENERATED_LINE_CHARS`] characters or more: most of the file
    /// in a minified or generated one, a small part where data was pasted into code by hand.
    pub long_line_bytes: u64,
    /// Work markers in source files.
    pub markers: Markers,
    /// The head of the file says it is generated.
    pub generated_marker: bool,
    /// Function lengths (Python and Go; Rust's are in [`RustHealth`]).
    pub functions: Option<FnStats>,
}

/// `TODO`, `FIXME`, `HACK` and `XXX` markers in one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Markers {
    /// `TODO` markers.
    pub todo: u32,
    /// `FIXME` markers.
    pub fixme: u32,
    /// `HACK` markers.
    pub hack: u32,
    /// `XXX` markers.
    pub xxx: u32,
    /// The line of the first marker.
    pub first_line: Option<u32>,
}

impl Markers {
    /// All markers.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.todo + self.fixme + self.hack + self.xxx
    }
}

/// One function and its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FnLength {
    /// Its name.
    pub name: String,
    /// The 1-based line where it starts (the `fn`/`def`/`func` keyword).
    pub line: u32,
    /// Lines from its first to its last line, both included.
    pub lines: u32,
}

/// Function lengths of one file: how many, how many long, and the longest few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FnStats {
    /// Functions measured.
    pub count: u32,
    /// Functions of [`LONG_FUNCTION_LINES`] lines or more.
    pub long: u32,
    /// The longest functions, longest first (at most three).
    pub longest: Vec<FnLength>,
}

impl FnStats {
    /// Records one function.
    pub fn add(&mut self, name: String, line: u32, lines: u32) {
        self.count += 1;
        if lines >= LONG_FUNCTION_LINES {
            self.long += 1;
        }
        let pos = self
            .longest
            .iter()
            .position(|f| f.lines < lines)
            .unwrap_or(self.longest.len());
        if pos < KEEP_FUNCTIONS {
            self.longest.insert(pos, FnLength { name, line, lines });
            self.longest.truncate(KEEP_FUNCTIONS);
        }
    }
}

/// Code-health facts from the tokens of a Rust file. Test code (`#[cfg(test)]`
/// modules, test functions) is left out of every count except `allows`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustHealth {
    /// `unsafe { … }` blocks.
    pub unsafe_blocks: u32,
    /// `unsafe fn` definitions.
    pub unsafe_fns: u32,
    /// `unsafe impl` blocks.
    pub unsafe_impls: u32,
    /// The line of the first `unsafe`.
    pub first_unsafe: Option<u32>,
    /// `.unwrap()` calls.
    pub unwraps: u32,
    /// `.expect(…)` calls.
    pub expects: u32,
    /// `panic!`, `unreachable!` invocations.
    pub panics: u32,
    /// The line of the first `unwrap`/`expect`/`panic!`.
    pub first_panicky: Option<u32>,
    /// `todo!` and `unimplemented!` invocations.
    pub todos: u32,
    /// The line of the first `todo!`/`unimplemented!`.
    pub first_todo: Option<u32>,
    /// `#[allow(…)]` and `#![allow(…)]` attributes (test code included).
    pub allows: u32,
    /// Function lengths (free functions, methods, trait methods with a body).
    pub functions: FnStats,
    /// The modules the file declares, at its top level, only for tests (`#[cfg(test)] mod
    /// name;`): their files are test code whatever their paths say.
    pub test_modules: Vec<String>,
}

/// Records the health counters of every text file (see the module docs).
pub struct HealthScanner;

static MARKERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(["TODO", "FIXME", "HACK", "XXX"])
        .expect("valid patterns")
});

impl ContentScanner for HealthScanner {
    fn name(&self) -> &'static str {
        "health"
    }

    fn wants(&self, _file: &FileFacts) -> bool {
        true
    }

    fn scan(&self, content: &[u8], file: &mut FileFacts, _warnings: &mut Vec<Warning>) {
        let (longest_line, longest_line_at, long_line_bytes) = longest_line(content);
        let mut health = FileHealth {
            hash: content_hash(content),
            longest_line,
            longest_line_at,
            long_line_bytes,
            // One definition of a generated header, the path roles': the walk has looked.
            generated_marker: file.generated_header,
            ..FileHealth::default()
        };
        if file.is(FileKind::SOURCE) {
            health.markers = markers(content);
        }
        match file.language {
            Some("Python") => {
                health.functions = Some(python_functions(&super::lossy_text(content)));
            }
            Some("Go") => health.functions = Some(go_functions(&super::lossy_text(content))),
            _ => {}
        }
        file.scan.health = Some(health);
    }
}

/// A hash of a file's bytes, for the duplicate check (with the size): `foldhash`'s, with a
/// fixed seed (0.5 ms for the Go server's 19 MB, where the standard library's SipHash took 3).
fn content_hash(content: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0).hash_one(content)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The longest line in characters and its 1-based number (0, 0 for an empty file), and the
/// bytes of the lines of [`GENERATED_LINE_CHARS`] characters or more.
fn longest_line(content: &[u8]) -> (u32, u32, u64) {
    let mut best = (0, 0);
    let mut long_bytes = 0u64;
    // Newlines counted so far, before `counted`: a line's number is needed only for a longer one.
    let (mut newlines, mut counted) = (0usize, 0usize);
    let mut start = 0;
    while start <= content.len() {
        // Only a line of more bytes than `short` can be the longest or long: the lines that end
        // within `short + 1` bytes of `start` are passed over in one search, from the last
        // newline there.
        let short = (best.0.min(GENERATED_LINE_CHARS - 1)) as usize;
        let window = &content[start..content.len().min(start + short + 1)];
        if window.len() == short + 1 {
            if let Some(last) = memchr::memrchr(b'\n', window) {
                start += last + 1;
                continue;
            }
        }
        let end = memchr::memchr(b'\n', &content[start..]).map_or(content.len(), |e| start + e);
        let line = &content[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Characters: count the bytes that do not continue a UTF-8 sequence.
        let chars = to_u32(line.iter().filter(|b| (**b & 0xC0) != 0x80).count());
        if chars >= GENERATED_LINE_CHARS {
            long_bytes += line.len() as u64;
        }
        if chars > best.0 {
            newlines += content[counted..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = start;
            best = (chars, to_u32(newlines + 1));
        }
        start = end + 1;
    }
    (best.0, best.1, long_bytes)
}

/// Upper-case `TODO`/`FIXME`/`HACK`/`XXX` as whole words (`TODOs` and `XXXL` do not count).
fn markers(content: &[u8]) -> Markers {
    let mut out = Markers::default();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut line = 1u32;
    let mut counted_to = 0;
    for m in MARKERS.find_iter(content) {
        let before = m.start().checked_sub(1).map(|i| content[i]);
        let after = content.get(m.end()).copied();
        if before.is_some_and(word) || after.is_some_and(word) {
            continue;
        }
        line += to_u32(
            content[counted_to..m.start()]
                .iter()
                .filter(|b| **b == b'\n')
                .count(),
        );
        counted_to = m.start();
        match m.pattern().as_usize() {
            0 => out.todo += 1,
            1 => out.fixme += 1,
            2 => out.hack += 1,
            _ => out.xxx += 1,
        }
        out.first_line.get_or_insert(line);
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Python functions: a `def` line, then every following line that is blank, a comment, or
/// indented deeper than the `def`; the function ends at its last such non-blank line. (A
/// multi-line string that starts at column 0 inside a function ends it early.)
fn python_functions(text: &str) -> FnStats {
    let lines: Vec<&str> = super::lines(text).collect();
    let mut stats = FnStats::default();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let rest = trimmed
            .strip_prefix("async ")
            .map_or(trimmed, str::trim_start);
        let Some(rest) = rest.strip_prefix("def ") else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        let indent = indent_of(line);
        let mut last = i;
        // A signature over several lines ends where its parentheses close; a line that starts
        // inside one of its triple-quoted strings (a parameter's documentation) is not code.
        let mut open_string = None;
        let mut open_parens = paren_balance(line, &mut open_string);
        // The docstring (the body's first statement, when it is a string) is documentation,
        // not code: its lines are not counted, and its own indentation does not end the body.
        let mut body_started = false;
        let mut docstring_lines = 0;
        let mut in_docstring: Option<&str> = None;
        for (j, next) in lines.iter().enumerate().skip(i + 1) {
            let t = next.trim();
            if let Some(quote) = in_docstring {
                docstring_lines += 1;
                last = j;
                if t.contains(quote) {
                    in_docstring = None;
                }
                continue;
            }
            if open_parens > 0 || open_string.is_some() {
                last = j;
                if open_string.is_some() {
                    docstring_lines += 1;
                }
                open_parens += paren_balance(next, &mut open_string);
                continue;
            }
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if indent_of(next) <= indent {
                break;
            }
            last = j;
            if !body_started {
                body_started = true;
                if let Some(quote) = docstring_quote(t) {
                    docstring_lines += 1;
                    let after = &t[t.find(quote).map_or(0, |p| p + 3)..];
                    if !after.contains(quote) {
                        in_docstring = Some(quote);
                    }
                }
            }
        }
        stats.add(
            name,
            to_u32(i + 1),
            to_u32((last - i + 1).saturating_sub(docstring_lines).max(1)),
        );
    }
    stats
}

/// The triple quote that opens a docstring line (`"""`, `r'''`, …), if it opens one.
fn docstring_quote(line: &str) -> Option<&'static str> {
    let rest = line.trim_start_matches(['r', 'R', 'u', 'U', 'b', 'B', 'f', 'F']);
    if rest.len() + 2 < line.len() {
        return None;
    }
    if rest.starts_with("\"\"\"") {
        Some("\"\"\"")
    } else if rest.starts_with("'''") {
        Some("'''")
    } else {
        None
    }
}

/// The balance of a line's parentheses outside strings and comments. `open` is the triple
/// quote of a string still open at the start of the line, and at its end.
fn paren_balance(line: &str, open: &mut Option<&'static str>) -> i64 {
    let b = line.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(quote) = *open {
            match line[i..].find(quote) {
                Some(p) => {
                    i += p + quote.len();
                    *open = None;
                    continue;
                }
                None => return n,
            }
        }
        match b[i] {
            b'#' => return n,
            b'(' => n += 1,
            b')' => n -= 1,
            q @ (b'"' | b'\'') => {
                if b[i..].starts_with(&[q, q, q]) {
                    *open = Some(if q == b'"' { "\"\"\"" } else { "'''" });
                    i += 3;
                    continue;
                }
                // A one-line string: to its closing quote, over escaped characters.
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    n
}

/// Go functions: a line starting `func ` at column 0, to the first line that is `}` at column 0
/// (gofmt's layout). A one-line function (`func f() {}`) is one line long.
fn go_functions(text: &str) -> FnStats {
    let bytes = text.as_bytes();
    // Only the lines that start with `func ` or `}` count: found with two searches, then
    // numbered by the newlines before them.
    let mut starts: Vec<usize> = memchr::memmem::find_iter(bytes, b"\nfunc ")
        .chain(memchr::memmem::find_iter(bytes, b"\n}"))
        .map(|p| p + 1)
        .collect();
    if bytes.starts_with(b"func ") || bytes.starts_with(b"}") {
        starts.push(0);
    }
    starts.sort_unstable();
    let mut stats = FnStats::default();
    // The function whose closing brace at column 0 is awaited: its name and 0-based line.
    let mut open: Option<(String, usize)> = None;
    let (mut i, mut counted) = (0usize, 0usize);
    for start in starts {
        i += bytes[counted..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let line = &text[start..end];
        go_line(
            &mut stats,
            &mut open,
            i,
            line.strip_suffix('\r').unwrap_or(line),
        );
    }
    stats
}

/// One line of a Go file (`i`, 0-based, without its line break) for [`go_functions`]: a `func`
/// declaration opens a function (or is one, on one line), a `}` at column 0 closes the open one.
fn go_line(stats: &mut FnStats, open: &mut Option<(String, usize)>, i: usize, line: &str) {
    if line.trim_end() == "}" {
        if let Some((name, start)) = open.take() {
            stats.add(name, to_u32(start + 1), to_u32(i - start + 1));
        }
        return;
    }
    let Some(rest) = line.strip_prefix("func ") else {
        return;
    };
    // A declaration without a body (an assembly stub) meets the next `func` first and is not
    // measured.
    *open = None;
    // A method: skip the receiver `(r *T)`.
    let rest = rest.trim_start();
    let rest = if rest.starts_with('(') {
        rest.split_once(')').map_or("", |(_, r)| r.trim_start())
    } else {
        rest
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return;
    }
    if line.trim_end().ends_with('}') {
        // `func f() {}`
        stats.add(name, to_u32(i + 1), 1);
    } else {
        *open = Some((name, i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;

    /// [`longest_line`] line by line, as it was written first.
    fn longest_line_by_lines(content: &[u8]) -> (u32, u32, u64) {
        let mut best = (0, 0);
        let mut long_bytes = 0u64;
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', content).chain(std::iter::once(content.len()));
        for (i, end) in ends.enumerate() {
            let line = &content[start..end];
            start = end + 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let chars = to_u32(line.iter().filter(|b| (**b & 0xC0) != 0x80).count());
            if chars >= GENERATED_LINE_CHARS {
                long_bytes += line.len() as u64;
            }
            if chars > best.0 {
                best = (chars, to_u32(i + 1));
            }
        }
        (best.0, best.1, long_bytes)
    }

    /// [`go_functions`] reading every line.
    fn go_functions_by_lines(text: &str) -> FnStats {
        let mut stats = FnStats::default();
        let mut open = None;
        for (i, line) in crate::facts::lines(text).enumerate() {
            go_line(&mut stats, &mut open, i, line);
        }
        stats
    }

    /// The searches that pass over lines find what reading every line finds: on texts of
    /// lines of every length (long ones among them, CRLF, multibyte characters, with and
    /// without a last newline) and on a Go source cut at every byte, from either end.
    #[test]
    fn searching_over_lines_reads_what_every_line_gives() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for round in 0..300 {
            let mut text = String::new();
            for _ in 0..next(40) {
                let len = match next(10) {
                    0 => 900 + next(300),
                    1 => 0,
                    _ => next(120),
                };
                for _ in 0..len {
                    text.push(match next(12) {
                        0 => 'é',
                        1 => ' ',
                        _ => 'a',
                    });
                }
                text.push_str(if next(5) == 0 { "\r\n" } else { "\n" });
            }
            if round % 2 == 0 {
                text.pop();
            }
            assert_eq!(
                longest_line(text.as_bytes()),
                longest_line_by_lines(text.as_bytes()),
                "{text:?}"
            );
        }
        let go = "func main() {\n\tx()\n}\n\nfunc (s *S) M() {}\r\nfunc stub()\nfunc f() {\n\t}\n}}\n}\r\n}\nfunc\n";
        for cut in 0..go.len() {
            for text in [&go[cut..], &go[..cut]] {
                assert_eq!(go_functions(text), go_functions_by_lines(text), "{text:?}");
            }
        }
        assert_eq!(go_functions(go).count, 3);
    }

    fn scan(path: &str, language: Option<&'static str>, text: &str) -> FileHealth {
        let mut file = FileFacts {
            path: path.into(),
            kind: classify(path, language),
            language,
            // As the walk sets it before the scanners run.
            generated_header: crate::facts::roles::has_generated_header(text.as_bytes()),
            ..FileFacts::default()
        };
        HealthScanner.scan(text.as_bytes(), &mut file, &mut Vec::new());
        file.scan.health.expect("health")
    }

    #[test]
    fn same_content_same_hash() {
        let a = scan("a.txt", None, "hello\n");
        let b = scan("dir/b.txt", None, "hello\n");
        let c = scan("c.txt", None, "hello!\n");
        assert_eq!(a.hash, b.hash);
        assert_ne!(a.hash, c.hash);
    }

    #[test]
    fn longest_line_counts_characters() {
        let h = scan("a.txt", None, "ab\r\néééé\nabc\n");
        assert_eq!((h.longest_line, h.longest_line_at), (4, 2));
        // More bytes is not more characters; the last line needs no newline.
        assert_eq!(longest_line("éééé\nabcde\nabc".as_bytes()), (5, 2, 0));
        assert_eq!(longest_line(b"ab\nabcdef"), (6, 2, 0));
        assert_eq!(longest_line(b""), (0, 0, 0));
        // Every long line counts, the longest or not; characters, not bytes, make it long.
        let text = format!(
            "{}\nshort\n{}\r\n{}",
            "a".repeat(1200),
            "b".repeat(1000),
            "é".repeat(999)
        );
        assert_eq!(longest_line(text.as_bytes()), (1200, 1, 2200));
    }

    #[test]
    fn markers_are_whole_upper_case_words_in_source() {
        let text = "// TODO: a\n// todo lower\n// FIXME(x) and HACK\n// TODOs XXXL\n# XXX\n";
        let h = scan("src/a.rs", Some("Rust"), text);
        assert_eq!(
            h.markers,
            Markers {
                todo: 1,
                fixme: 1,
                hack: 1,
                xxx: 1,
                first_line: Some(1)
            }
        );
        assert_eq!(scan("notes.md", Some("Markdown"), text).markers.total(), 0);
    }

    #[test]
    fn generated_marker_in_the_head() {
        assert!(
            scan(
                "a.go",
                Some("Go"),
                "// Code generated by protoc. DO NOT EDIT.\n"
            )
            .generated_marker
        );
        assert!(!scan("a.go", Some("Go"), "package a\n").generated_marker);
    }

    #[test]
    fn python_defs_by_indentation() {
        let py = "import os\n\ndef short():\n    return 1\n\n\nclass A:\n    async def method(self,\n                     x):\n        a = 1\n\n        # comment\n        return a\n\n    def other(self): pass\n\ndef tail():\n    x = 1\n\n";
        let s = python_functions(py);
        assert_eq!(s.count, 4);
        let got: Vec<(&str, u32, u32)> = s
            .longest
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.lines))
            .collect();
        assert_eq!(
            got,
            vec![("method", 8, 6), ("short", 3, 2), ("tail", 17, 2)]
        );
    }

    /// Parentheses inside a signature's strings and comments do not keep it open; the lines of
    /// its parameters' documentation strings are not code.
    #[test]
    fn python_signatures_with_strings() {
        let py = "def query(\n    a: Annotated[int, Doc(\n        \"\"\"\n        A value (see below.\n        ) ) (\n        \"\"\"\n    )] = 1,\n    b: str = \"(\",  # a comment (\n    c: str = \'\\\'(\',\n) -> int:\n    return a\n\n\ndef header(x):\n    return x\n";
        let s = python_functions(py);
        let got: Vec<(&str, u32, u32)> = s
            .longest
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.lines))
            .collect();
        // `query`: 11 lines, 3 of them inside the documentation string.
        assert_eq!(got, vec![("query", 1, 8), ("header", 14, 2)]);
    }

    #[test]
    fn python_docstrings_are_not_function_length() {
        let mut py = String::from("def documented(x):\n    \"\"\"Summary.\n\n");
        for _ in 0..200 {
            py.push_str("Prose at column 0 inside the docstring.\n");
        }
        py.push_str("    \"\"\"\n    y = x + 1\n    return y\n\ndef one_line_doc():\n    r'''Short.'''\n    return 2\n");
        let s = python_functions(&py);
        let got: Vec<(&str, u32)> = s
            .longest
            .iter()
            .map(|f| (f.name.as_str(), f.lines))
            .collect();
        // The signature and two statements; the 204-line docstring does not count.
        assert_eq!(got, vec![("documented", 3), ("one_line_doc", 2)]);
    }

    #[test]
    fn go_funcs_to_the_closing_brace_at_column_0() {
        let go = "package a\n\nfunc A() {}\n\nfunc (s *Server) Handle(w http.ResponseWriter) error {\n\tif x {\n\t}\n\treturn nil\n}\n\nfunc B(\n\ta int,\n) int {\n\treturn a\n}\n";
        let s = go_functions(go);
        assert_eq!(s.count, 3);
        let got: Vec<(&str, u32, u32)> = s
            .longest
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.lines))
            .collect();
        assert_eq!(got, vec![("Handle", 5, 5), ("B", 11, 5), ("A", 3, 1)]);
    }

    #[test]
    fn long_functions_are_counted_and_only_three_kept() {
        let mut s = FnStats::default();
        for (i, n) in [10, 150, 20, 100, 99].into_iter().enumerate() {
            s.add(format!("f{i}"), 1, n);
        }
        assert_eq!((s.count, s.long), (5, 2));
        let lens: Vec<u32> = s.longest.iter().map(|f| f.lines).collect();
        assert_eq!(lens, vec![150, 100, 99]);
    }
}
