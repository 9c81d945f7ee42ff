//! Content scanners: everything that wants a file's bytes gets them here, during the one walk.
//!
//! The walk reads each file once and hands the buffer to every [`ContentScanner`] whose
//! [`wants`](ContentScanner::wants) accepts the file. A scanner writes what it found into its
//! own field of [`FileScan`] (or keeps the text, for documents). Scanners are built once per run
//! by [`build`], so compiled rules and matchers are shared by every walker thread.

use super::{FileFacts, FileKind, Needs, Warning};

/// What the content scanners found in one file. Each scanner owns its field.
#[derive(Debug, Clone, Default)]
pub struct FileScan {
    /// Secrets found by the secrets scanner (redacted; never the secret itself).
    pub secrets: Vec<super::secrets::SecretHit>,
    /// Test and build signals from source files and Makefiles ([`super::source`]).
    pub source: Option<super::source::SourceSignals>,
    /// The total of a committed coverage report ([`super::coverage`]).
    pub coverage: Option<super::coverage::CoverageReport>,
    /// Licence texts, SPDX headers and copyright lines (the licence scanner).
    pub licenses: super::licenses::LicenseScan,
    /// Content hash, longest line, work markers, function lengths ([`super::health`]).
    pub health: Option<super::health::FileHealth>,
}

/// A scanner that sees the bytes of the files it wants, once, on a walker thread.
pub trait ContentScanner: Send + Sync {
    /// A short name, for warnings and docs.
    fn name(&self) -> &'static str;
    /// Whether this scanner wants the content of this file (path, kind and size are known).
    fn wants(&self, file: &FileFacts) -> bool;
    /// Scans the content; writes results into `file`, problems into `warnings`.
    fn scan(&self, content: &[u8], file: &mut FileFacts, warnings: &mut Vec<Warning>);
    /// Called once after the walk (to save what the scanner learnt, say, and let go of what
    /// it holds: the history passes may still be running).
    fn finish(&self, _warnings: &mut Vec<Warning>) {}
}

/// Builds the scanners that the enabled checks need, once per run. `cache_dir` is where
/// scanners may keep what they learn between runs (licence matches).
#[must_use]
pub fn build(needs: Needs, cache_dir: Option<&std::path::Path>) -> Vec<Box<dyn ContentScanner>> {
    let mut scanners: Vec<Box<dyn ContentScanner>> = Vec::new();
    if needs.intersects(Needs::DOCUMENTS | Needs::MANIFESTS) {
        scanners.push(Box::new(DocumentKeeper));
    }
    if needs.contains(Needs::SECRETS) {
        scanners.push(Box::new(super::secrets::SecretsScanner::new()));
    }
    if needs.contains(Needs::SOURCE_SIGNALS) {
        scanners.push(Box::new(super::source::SourceScanner {
            every_rust_file: needs.contains(Needs::RUST_HEALTH),
        }));
        scanners.push(Box::new(super::coverage::CoverageScanner));
    }
    if needs.contains(Needs::HEALTH) {
        scanners.push(Box::new(super::health::HealthScanner));
    }
    if needs.contains(Needs::LICENSE_TEXT) {
        scanners.push(Box::new(
            super::licenses::scanner::LicenseScanner::with_memory(cache_dir),
        ));
    }
    scanners
}

/// The largest document whose text is kept in the facts.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
/// The largest environment file whose text is kept.
const MAX_ENV_BYTES: u64 = 64 * 1024;
/// The largest prose document (README, guides) whose text is kept.
const MAX_PROSE_BYTES: u64 = 512 * 1024;

/// Keeps the text of classified documents that checks read after the walk: manifests,
/// lockfiles, CI files, automation files, licence files, top-level prose docs and
/// environment files.
struct DocumentKeeper;

impl DocumentKeeper {
    fn keeps(file: &FileFacts) -> bool {
        let structured = FileKind::MANIFEST
            | FileKind::LOCKFILE
            | FileKind::CI
            | FileKind::AUTOMATION
            | FileKind::LICENSE;
        if file.is(structured) {
            return file.size <= MAX_DOCUMENT_BYTES;
        }
        // An environment file (`.env`, `.env.production`, `prod.env`): whether it holds
        // credentials or settings only is in its variables' names.
        let name = file.name();
        if (name == ".env" || name.starts_with(".env.") || name.ends_with(".env"))
            && file.size <= MAX_ENV_BYTES
        {
            return true;
        }
        // Prose: only the project-level docs (root, docs/, doc/, .github/), so that a tree with
        // thousands of vendored READMEs does not keep them all in memory.
        if file.is(FileKind::DOC) && file.size <= MAX_PROSE_BYTES {
            let top = file.path.split('/').next().unwrap_or("");
            let readme = file.name().to_ascii_lowercase().starts_with("readme");
            // A README one folder down is kept too: a root README is often a link to a
            // workspace member's (`README.md` → `axum/README.md`).
            return file.depth() == 0
                || (file.depth() == 1 && readme)
                || (file.depth() <= 2
                    && matches!(top, "docs" | "doc" | ".github" | "documentation"));
        }
        false
    }
}

impl ContentScanner for DocumentKeeper {
    fn name(&self) -> &'static str {
        "documents"
    }

    fn wants(&self, file: &FileFacts) -> bool {
        Self::keeps(file)
    }

    fn scan(&self, content: &[u8], file: &mut FileFacts, _warnings: &mut Vec<Warning>) {
        // Lossy: a document with a stray invalid byte is still worth reading.
        file.text = Some(super::lossy_text(content).into_owned());
    }
}
