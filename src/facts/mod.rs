//! Facts: everything the audit knows about the target, collected once and then frozen.
//!
//! Only this module (and the walk that feeds it) touches the disk or the network. Checks receive
//! an immutable [`RepoFacts`] and cannot fail on IO. The walk produces one [`FileFacts`] per
//! regular file, sorted by path; the repo-level collectors (git, …) add what cannot be seen one
//! file at a time.

pub mod ci;
pub mod classify;
pub mod coverage;
pub mod dependency;
pub mod deps;
pub mod git;
pub mod health;
pub mod history;
pub mod licenses;
pub mod packread;
pub mod pattern;
pub mod registry;
pub mod roles;
pub mod rust_health;
pub mod scan;
pub mod secrets;
pub mod source;
pub mod testsuite;
pub mod vulns;

use std::path::PathBuf;

use bitflags::bitflags;
use serde::{Deserialize, Serialize};

pub use classify::FileKind;
pub use dependency::{Dependency, Ecosystem, RegistryInfo};
pub use git::GitFacts;
pub use roles::Role;

bitflags! {
    /// What the enabled checks need collected. The walk and the collectors skip what no check
    /// asks for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Needs: u32 {
        /// File paths, sizes and classification (always collected).
        const PATHS = 1;
        /// Per-language code, comment and blank line counts (tokei).
        const LINE_COUNTS = 1 << 1;
        /// The text of classified documents (README, manifests, CI files, licence files).
        const DOCUMENTS = 1 << 2;
        /// Git metadata of the target (HEAD, branch).
        const GIT = 1 << 3;
        /// The secrets scanner over every text file.
        const SECRETS = 1 << 4;
        /// Licence text matching and SPDX headers.
        const LICENSE_TEXT = 1 << 5;
        /// Parsed manifests and lockfiles.
        const MANIFESTS = 1 << 6;
        /// Registry look-ups (network, unless offline).
        const REGISTRY = 1 << 7;
        /// Per-file source signals (test markers, code-health counts).
        const SOURCE_SIGNALS = 1 << 8;
        /// The git history (every commit).
        const GIT_HISTORY = 1 << 9;
        /// Known-vulnerability look-ups of the dependencies (OSV API or a local database).
        const ADVISORIES = 1 << 12;
        /// Per-file health counters (content hash, longest line, work markers, Python and Go
        /// function lengths).
        const HEALTH = 1 << 14;
        /// Every Rust file parsed for its code-health counts (`unsafe`, `unwrap`, function
        /// lengths), not only those that mention tests.
        const RUST_HEALTH = 1 << 15;
        /// What the report's inventory always needs, whatever checks run.
        const INVENTORY = Self::PATHS.bits() | Self::LINE_COUNTS.bits() | Self::GIT.bits();
    }
}

/// The text of a file's bytes, an invalid sequence replaced by U+FFFD: borrowed when the bytes
/// are valid UTF-8, as nearly every file's are, and then checked at the speed of
/// `str::from_utf8` (`String::from_utf8_lossy` checks byte by byte: about fifteen times as
/// long on source code, and the walk reads every file).
#[must_use]
pub fn lossy_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// `text.lines()`, its line ends found with the `memchr` crate's vector search: the standard
/// library's byte search was a third of the health scanner's time on the Go server's sources.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(Some)
        .chain(std::iter::once(None));
    ends.filter_map(move |end| {
        let from = start;
        match end {
            Some(end) => {
                start = end + 1;
                let line = &text[from..end];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            // The rest after the last line end (a `\r` there ends no line), unless there is none.
            None if from < text.len() => {
                start = text.len();
                Some(&text[from..])
            }
            None => None,
        }
    })
}

/// Builds, now, the tables and patterns that the collectors after the walk would otherwise build
/// on first use (the licence matcher's, the CI reader's): tens of milliseconds that the audit
/// runs on a core of its own while the secrets rules are compiled and the walk starts, instead
/// of on the one thread left after the walk. Only what `needs` asks for.
pub fn warm(needs: Needs) {
    if needs.contains(Needs::LICENSE_TEXT) {
        licenses::warm();
    }
    if needs.contains(Needs::DOCUMENTS) {
        ci::warm();
    }
}

/// Line counts of one file or one language, as tokei counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LineCounts {
    /// Lines of code.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
}

impl LineCounts {
    /// All lines.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.code + self.comments + self.blanks
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: LineCounts) {
        self.code += other.code;
        self.comments += other.comments;
        self.blanks += other.blanks;
    }
}

/// Why a file was counted but its content not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotScanned {
    /// A NUL byte in the first 8 KiB.
    Binary,
    /// Larger than the size cap.
    TooLarge,
    /// It could not be read (the reason is in the warnings).
    Unreadable,
}

/// One regular file of the target, as the walk saw it.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Path relative to the target root, `/`-separated (lossy for non-UTF-8 names).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// What kind of file it is (manifest, lockfile, CI, licence, doc, test, …).
    pub kind: FileKind,
    /// Whose code it is: product, test, fixture, docs, vendored, generated or build output.
    pub role: Role,
    /// The rule that decided [`FileFacts::role`], for a reader.
    pub role_reason: &'static str,
    /// Whether the first lines say a generator wrote the file (an input of the role).
    pub generated_header: bool,
    /// Whether the file opens with a released library's banner (an input of the role).
    pub library_banner: bool,
    /// The programming language per tokei, if any.
    pub language: Option<&'static str>,
    /// tokei's line counts, when the language is known and the file was read.
    pub lines: Option<LineCounts>,
    /// Set when the content was not scanned, with the reason.
    pub not_scanned: Option<NotScanned>,
    /// The text, kept only for small classified documents (see [`Needs::DOCUMENTS`]).
    pub text: Option<String>,
    /// What the content scanners found in this file.
    pub scan: scan::FileScan,
}

impl FileFacts {
    /// The file name (last path component).
    #[must_use]
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The number of path components above the file (0 for a file at the root).
    #[must_use]
    pub fn depth(&self) -> usize {
        self.path.matches('/').count()
    }

    /// Whether the file is of the given kind.
    #[must_use]
    pub fn is(&self, kind: FileKind) -> bool {
        self.kind.intersects(kind)
    }

    /// Whether the file is product code or configuration (its role is [`Role::Product`]).
    #[must_use]
    pub fn is_product(&self) -> bool {
        self.role.is_product()
    }
}

/// A directory entry that was seen but not counted as a file of the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// Path relative to the root.
    pub path: String,
    /// Why it was skipped (for example "symlink not followed").
    pub reason: String,
    /// For a symlink whose target, read as a path, stays inside the tree: that path, relative to
    /// the root (the link is still not followed; a check may read the target's own facts, as
    /// for a `README.md` that links to `crate/README.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_target: Option<String>,
}

/// A problem met while collecting facts. The audit goes on; the report lists these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The path concerned, relative to the root, if any.
    pub path: Option<String>,
    /// What went wrong.
    pub message: String,
}

/// Per-language totals for the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageStats {
    /// tokei's language name.
    pub name: String,
    /// Files in this language.
    pub files: u64,
    /// Lines of code.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
}

/// Everything known about the audited tree. Immutable once built; checks only read it.
#[derive(Debug, Clone)]
pub struct RepoFacts {
    /// Absolute, canonical path of the target.
    pub root: PathBuf,
    /// The target's directory name.
    pub name: String,
    /// The audit's clock: checks read time from here, never from the system.
    pub now: jiff::Timestamp,
    /// Whether the audit runs without network.
    pub offline: bool,
    /// Every regular file, sorted by path.
    pub files: Vec<FileFacts>,
    /// Entries seen but not counted (symlinks, special files).
    pub skipped: Vec<SkippedEntry>,
    /// Problems met while collecting, sorted by path.
    pub warnings: Vec<Warning>,
    /// Git metadata, when the target is a git work tree.
    pub git: Option<GitFacts>,
    /// The size cap above which files are counted but not scanned.
    pub max_file_size: u64,
    /// Every dependency of every manifest, sorted by (ecosystem, name, version, manifest).
    pub dependencies: Vec<Dependency>,
    /// The git history, when [`Needs::GIT_HISTORY`] is set and the target is a git repository.
    pub history: Option<history::HistoryFacts>,
    /// Whether the auditor asked not to read the history (`--no-history`).
    pub history_skipped: bool,
    /// Secrets in the git history, and the secrets baseline.
    pub secrets: secrets::SecretsFacts,
    /// How the dependencies were collected: sources, parse problems, unpinned manifests,
    /// registry look-ups.
    pub dependency_scan: dependency::DependencyScan,
    /// The test suite: test files, cases and code per language, frameworks, coverage.
    pub tests: testsuite::TestSuite,
    /// CI pipelines, what they run, and the automation around them.
    pub ci: ci::CiFacts,
    /// Declared licences and the project licence (when [`Needs::LICENSE_TEXT`] is set).
    pub licenses: licenses::LicenseFacts,
    /// Known vulnerabilities of the dependencies (when [`Needs::ADVISORIES`] is set).
    pub vulnerabilities: vulns::VulnFacts,
}

impl RepoFacts {
    /// An empty set of facts for `name`, for tests that build facts by hand.
    #[must_use]
    pub fn empty(name: &str) -> Self {
        RepoFacts {
            root: PathBuf::from("/").join(name),
            name: name.to_owned(),
            now: jiff::Timestamp::UNIX_EPOCH,
            offline: true,
            files: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            git: None,
            max_file_size: 0,
            dependencies: Vec::new(),
            history: None,
            history_skipped: false,
            secrets: secrets::SecretsFacts::default(),
            dependency_scan: dependency::DependencyScan::default(),
            tests: testsuite::TestSuite::default(),
            ci: ci::CiFacts::default(),
            licenses: licenses::LicenseFacts::default(),
            vulnerabilities: vulns::VulnFacts::default(),
        }
    }

    /// The file at exactly this relative path.
    #[must_use]
    pub fn file(&self, path: &str) -> Option<&FileFacts> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Every file of the given kind, in path order.
    pub fn files_of(&self, kind: FileKind) -> impl Iterator<Item = &FileFacts> {
        self.files.iter().filter(move |f| f.is(kind))
    }

    /// The file at `path`, or, when `path` is a symlink to a file inside the tree, that file.
    #[must_use]
    pub fn file_or_link_target(&self, path: &str) -> Option<&FileFacts> {
        self.file(path).or_else(|| {
            let link = self.skipped.iter().find(|s| s.path == path)?;
            self.file(link.link_target.as_deref()?)
        })
    }

    /// Files at the root whose lowercase name satisfies `pred`, in path order.
    pub fn root_files<'a>(
        &'a self,
        pred: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = &'a FileFacts> {
        self.files
            .iter()
            .filter(move |f| f.depth() == 0 && pred(&f.name().to_ascii_lowercase()))
    }

    /// Total bytes of all files.
    #[must_use]
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// Per-language totals, largest code first, then by name.
    #[must_use]
    pub fn languages(&self) -> Vec<LanguageStats> {
        let mut by_lang: std::collections::BTreeMap<&str, LanguageStats> =
            std::collections::BTreeMap::new();
        for f in &self.files {
            let (Some(lang), Some(lines)) = (f.language, f.lines) else {
                continue;
            };
            let entry = by_lang.entry(lang).or_insert_with(|| LanguageStats {
                name: lang.to_owned(),
                files: 0,
                code: 0,
                comments: 0,
                blanks: 0,
            });
            entry.files += 1;
            entry.code += lines.code;
            entry.comments += lines.comments;
            entry.blanks += lines.blanks;
        }
        let mut out: Vec<_> = by_lang.into_values().collect();
        out.sort_by(|a, b| b.code.cmp(&a.code).then_with(|| a.name.cmp(&b.name)));
        out
    }
}

/// The literal text of each top-level alternative of a regex pattern, without what is inside
/// its groups (which may be optional): what every match of that alternative contains. An
/// escaped punctuation mark is itself; a class escape (`\s`, `\b`, `\w`) is `\0`. For the tests
/// of patterns built only when a word of theirs occurs.
#[cfg(test)]
pub(crate) fn literal_alternatives(pattern: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut branches = vec![String::new()];
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let literal = match c {
            '\\' => {
                let escaped = chars.next().unwrap_or_default();
                if escaped.is_ascii_alphanumeric() {
                    '\u{0}'
                } else {
                    escaped
                }
            }
            '(' => {
                depth += 1;
                continue;
            }
            ')' => {
                depth -= 1;
                continue;
            }
            '|' if depth == 0 => {
                branches.push(String::new());
                continue;
            }
            c => c,
        };
        if depth == 0 {
            branches.last_mut().expect("one at least").push(literal);
        }
    }
    branches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_text_borrows_valid_text_and_replaces_invalid_bytes() {
        let valid = "déjà vu\n".as_bytes();
        assert!(matches!(
            lossy_text(valid),
            std::borrow::Cow::Borrowed("déjà vu\n")
        ));
        assert_eq!(lossy_text(b"ab\xffcd\xc3"), "ab\u{fffd}cd\u{fffd}");
        assert_eq!(
            lossy_text(b"ab\xffcd"),
            String::from_utf8_lossy(b"ab\xffcd")
        );
    }

    /// `lines` gives what `str::lines` gives: a last line without its end, no empty line after
    /// a last line end, `\r\n` and a lone `\r` as the standard library reads them.
    #[test]
    fn lines_are_the_standard_librarys() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\r",
            "a\r",
            "a\rb\n\n",
            "\n\nx\r\n\r\n",
            "é\r\nü",
            "\r\n\r",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}
