//! The one walk: a parallel traversal of the target that reads each file at most once.
//!
//! `ignore`'s parallel walker gives each thread a visitor; each visitor keeps its own
//! `Vec<FileFacts>` and hands it over when dropped, under one mutex. The result is sorted by path
//! (the parallel walk is unordered). Ignore rules (`.gitignore`, `.ignore`, `.diligenceignore`,
//! configured globs) are honoured; `.git/` is never entered; symlinks are never followed; files
//! above the size cap or binary are counted but not scanned; a file that cannot be read becomes a
//! warning and the walk goes on.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path};
use std::sync::Mutex;

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};
use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::facts::classify::classify;
use crate::facts::roles::{self, Role, RoleRules};
use crate::facts::scan::ContentScanner;
use crate::facts::{FileFacts, FileKind, LineCounts, Needs, NotScanned, SkippedEntry, Warning};

/// How many leading bytes are checked for a NUL to call a file binary.
const BINARY_SNIFF: usize = 8 * 1024;

/// What the walk needs to know.
pub struct WalkOptions<'a> {
    /// The target root (absolute).
    pub root: &'a Path,
    /// Walker threads.
    pub jobs: usize,
    /// Files above this size are counted but not read (lockfiles and manifests get
    /// [`MAX_DOCUMENT_BYTES`](crate::facts::scan::MAX_DOCUMENT_BYTES)).
    pub max_file_size: u64,
    /// Extra gitignore-style globs to leave out.
    pub exclude: &'a [String],
    /// What the enabled checks need.
    pub needs: Needs,
    /// Content scanners, each fed the buffer of the files it wants.
    pub scanners: &'a [Box<dyn ContentScanner>],
    /// Ticks once per file.
    pub progress: &'a ProgressBar,
    /// Configured path roles (`[scan.roles]`: glob → role), applied after the conventions and
    /// `.gitattributes`.
    pub roles: &'a [(String, Role)],
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct WalkOutput {
    /// Every regular file, sorted by path.
    pub files: Vec<FileFacts>,
    /// Entries not counted (symlinks, special files), sorted by path.
    pub skipped: Vec<SkippedEntry>,
    /// Problems, sorted by path.
    pub warnings: Vec<Warning>,
}

/// Walks the tree. Never fails as a whole: per-entry problems are warnings.
///
/// # Errors
/// Only when an exclude glob is invalid.
pub fn walk(opts: &WalkOptions<'_>) -> Result<WalkOutput, String> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(opts.root);
    for glob in opts.exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| format!("scan.exclude: invalid glob `{glob}`: {e}"))?;
    }
    let overrides = overrides
        .build()
        .map_err(|e| format!("scan.exclude: {e}"))?;

    let mut builder = ignore::WalkBuilder::new(opts.root);
    builder
        .threads(opts.jobs.max(1))
        .hidden(false)
        .follow_links(false)
        .parents(false)
        .require_git(false)
        .git_global(false)
        .git_ignore(true)
        .git_exclude(true)
        .ignore(true)
        .add_custom_ignore_filename(".diligenceignore")
        .overrides(overrides.clone())
        .filter_entry(|e| e.file_name() != ".git");

    let shared = Mutex::new(WalkOutput::default());
    let tokei_config = tokei::Config::default();
    let mut visitors = Builder {
        opts,
        shared: &shared,
        tokei_config: &tokei_config,
        caller: std::thread::current().id(),
    };
    // The files git tracks, read from its index while the walk runs (a few milliseconds on a
    // large repository, which would otherwise follow the walk).
    let tracked = std::thread::scope(|scope| {
        let tracked = scope.spawn(|| crate::facts::git::tracked_files(opts.root));
        builder.build_parallel().visit(&mut visitors);
        tracked
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });

    let mut out = shared
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    sort_by_path(&mut out.files);
    if let Some(tracked) = tracked {
        tracked_but_ignored(opts, tracked, &overrides, &tokei_config, &mut out);
    }
    sort_by_path(&mut out.files);
    assign_roles(&mut out, opts.roles);
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out.warnings
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    Ok(out)
}

/// Sorts files by path, stably: the positions sorted, then each file moved once to its place.
/// A file's facts are most of a kilobyte, which a sort of the files themselves moves many
/// times over (2 ms on a tree of 3,000 files).
fn sort_by_path(files: &mut Vec<FileFacts>) {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].path.cmp(&files[b].path));
    let mut slots: Vec<Option<FileFacts>> = std::mem::take(files).into_iter().map(Some).collect();
    files.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

struct Builder<'a, 'o> {
    opts: &'a WalkOptions<'o>,
    shared: &'a Mutex<WalkOutput>,
    tokei_config: &'a tokei::Config,
    caller: std::thread::ThreadId,
}

impl<'s, 'a: 's, 'o> ParallelVisitorBuilder<'s> for Builder<'a, 'o> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            opts: self.opts,
            shared: self.shared,
            tokei_config: self.tokei_config,
            local: WalkOutput::default(),
            buf: Vec::new(),
            caller: self.caller,
            inline: None,
        })
    }
}

struct Visitor<'a, 'o> {
    opts: &'a WalkOptions<'o>,
    shared: &'a Mutex<WalkOutput>,
    tokei_config: &'a tokei::Config,
    local: WalkOutput,
    buf: Vec<u8>,
    /// The thread that called [`walk`]: it is never made a pool's worker (see [`inline_pool`]).
    caller: std::thread::ThreadId,
    /// This walker thread's own one-thread pool, made on its first file (`None` inside: none).
    inline: Option<Option<rayon::ThreadPool>>,
}

/// A one-thread rayon pool whose only worker is the current thread, so that rayon calls made
/// while scanning a file run inline. tokei counts the lines before a file's first string or
/// comment with `rayon::join` and `par_bridge`; from a walker thread, which is not a rayon
/// worker, each of those is a round trip through rayon's global pool (a handoff to another
/// thread, and that pool's workers spinning beside the walkers), which costs more than the
/// count. `None` on the thread that called the walk (a pool worker for good: its later
/// parallel work would run on one thread), or when the pool cannot be made. rayon keeps such
/// a pool's registry for the life of the thread: a few hundred bytes per walker thread.
fn inline_pool(caller: std::thread::ThreadId) -> Option<rayon::ThreadPool> {
    if std::thread::current().id() == caller || rayon::current_thread_index().is_some() {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .ok()
}

impl Drop for Visitor<'_, '_> {
    fn drop(&mut self) {
        let mut shared = self
            .shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        shared.files.append(&mut self.local.files);
        shared.skipped.append(&mut self.local.skipped);
        shared.warnings.append(&mut self.local.warnings);
    }
}

impl ParallelVisitor for Visitor<'_, '_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.visit_entry(&entry),
            Err(err) => {
                self.local.warnings.push(Warning {
                    path: error_path(&err).map(|p| rel_path(self.opts.root, p)),
                    message: error_message(&err),
                });
            }
        }
        WalkState::Continue
    }
}

impl Visitor<'_, '_> {
    fn visit_entry(&mut self, entry: &DirEntry) {
        if entry.depth() == 0 {
            return;
        }
        let Some(ft) = entry.file_type() else { return };
        let rel = rel_path(self.opts.root, entry.path());
        if ft.is_symlink() {
            let link = std::fs::read_link(entry.path()).ok();
            let target = link
                .as_ref()
                .map_or_else(|| "?".into(), |t| t.display().to_string());
            let link_target = link.as_deref().and_then(|t| inside_target(&rel, t));
            self.local.skipped.push(SkippedEntry {
                path: rel,
                reason: format!("symlink not followed (points to {target})"),
                link_target,
            });
            return;
        }
        if ft.is_dir() {
            return;
        }
        if !ft.is_file() {
            self.local.skipped.push(SkippedEntry {
                path: rel,
                reason: "not a regular file".into(),
                link_target: None,
            });
            return;
        }
        let size = match entry.metadata() {
            Ok(m) => m.len(),
            Err(e) => {
                self.local.warnings.push(Warning {
                    path: Some(rel),
                    message: format!("cannot read metadata: {e}"),
                });
                return;
            }
        };
        let facts = self.file_facts(entry.path(), rel, size);
        self.opts.progress.inc(1);
        self.local.files.push(facts);
    }

    fn file_facts(&mut self, abs: &Path, rel: String, size: u64) -> FileFacts {
        let language = detect_language(abs);
        let kind = classify(&rel, language.map(tokei::LanguageType::name));
        let mut file = FileFacts {
            path: rel,
            size,
            kind,
            language: language.map(tokei::LanguageType::name),
            ..FileFacts::default()
        };
        let cap = if kind.intersects(FileKind::LOCKFILE | FileKind::MANIFEST) {
            self.opts
                .max_file_size
                .max(crate::facts::scan::MAX_DOCUMENT_BYTES)
        } else {
            self.opts.max_file_size
        };
        if size > cap {
            file.not_scanned = Some(NotScanned::TooLarge);
            return file;
        }
        // A file without an extension that tokei does not name (`bin/tool`) may be a script
        // whose language only its `#!` line gives: it is read for that whatever checks run, so
        // that its kind and role (and the files the history checks count) do not depend on
        // whether another check happened to read it.
        let wants_lines = (language.is_some() || may_have_shebang(&file.path))
            && self.opts.needs.contains(Needs::LINE_COUNTS);
        let scanners: Vec<&dyn ContentScanner> = self
            .opts
            .scanners
            .iter()
            .map(AsRef::as_ref)
            .filter(|s| s.wants(&file))
            .collect();
        let attributes = file.path == GITATTRIBUTES;
        if !wants_lines && scanners.is_empty() && !attributes {
            return file;
        }
        if let Err(e) = read_no_follow(abs, size, cap, &mut self.buf) {
            file.not_scanned = Some(NotScanned::Unreadable);
            self.local.warnings.push(Warning {
                path: Some(file.path.clone()),
                message: format!("cannot read: {e}"),
            });
            return file;
        }
        let caller = self.caller;
        let pool = self.inline.get_or_insert_with(|| inline_pool(caller));
        let mut scan = || {
            scan_content(
                &mut file,
                language,
                &self.buf,
                self.opts.needs,
                self.tokei_config,
                &scanners,
                attributes,
                &mut self.local.warnings,
            );
        };
        match pool {
            Some(pool) => pool.install(scan),
            None => scan(),
        }
        // Keep the buffer's capacity for the next file unless it was unusually large.
        if self.buf.capacity() > 16 * 1024 * 1024 {
            self.buf = Vec::new();
        }
        file
    }
}

/// What the walk learns from the bytes of one file it read: binary or not, the generated
/// header, the language from a shebang, the line counts, and what each scanner that wants the
/// file finds. `attributes`: the file is the root `.gitattributes`, whose text is kept.
#[allow(clippy::too_many_arguments)]
fn scan_content(
    file: &mut FileFacts,
    language: Option<tokei::LanguageType>,
    buf: &[u8],
    needs: Needs,
    tokei_config: &tokei::Config,
    scanners: &[&dyn ContentScanner],
    attributes: bool,
    warnings: &mut Vec<Warning>,
) {
    let sniff = &buf[..buf.len().min(BINARY_SNIFF)];
    if memchr_nul(sniff) {
        file.not_scanned = Some(NotScanned::Binary);
        return;
    }
    file.generated_header = roles::has_generated_header(buf);
    // Only where the `/*!` banner is the release convention (C's and Rust's `/*!` are
    // documentation comments).
    file.library_banner = matches!(
        file.path.rsplit_once('.').map(|(_, e)| e),
        Some("js" | "mjs" | "cjs" | "css" | "scss" | "less")
    ) && roles::has_library_banner(buf);
    if attributes && file.text.is_none() {
        file.text = Some(crate::facts::lossy_text(buf).into_owned());
    }
    let language = match language {
        Some(l) => Some(l),
        None => shebang_language(buf),
    };
    if language.is_some() && file.language.is_none() {
        file.language = language.map(tokei::LanguageType::name);
        file.kind = classify(&file.path, file.language);
    }
    if let (Some(lang), true) = (language, needs.contains(Needs::LINE_COUNTS)) {
        let stats = lang.parse_from_slice(buf, tokei_config);
        file.lines = Some(LineCounts {
            code: stats.code as u64,
            comments: stats.comments as u64,
            blanks: stats.blanks as u64,
        });
    }
    for scanner in scanners {
        scanner.scan(buf, file, warnings);
    }
}

/// The facts of a file of `content` at `path` as the walk makes them (language, kind, generated
/// header, line counts, every wanted scanner's findings), from memory instead of the disk; the
/// role is assigned by [`assign_roles_in_memory`]. For the fuzz targets and in-memory trees.
#[doc(hidden)]
pub fn file_in_memory(
    path: &str,
    content: &[u8],
    needs: Needs,
    scanners: &[Box<dyn ContentScanner>],
    warnings: &mut Vec<Warning>,
) -> FileFacts {
    let language = detect_language(Path::new(path));
    let kind = classify(path, language.map(tokei::LanguageType::name));
    let mut file = FileFacts {
        path: path.to_owned(),
        size: content.len() as u64,
        kind,
        language: language.map(tokei::LanguageType::name),
        ..FileFacts::default()
    };
    let wanted: Vec<&dyn ContentScanner> = scanners
        .iter()
        .map(AsRef::as_ref)
        .filter(|s| s.wants(&file))
        .collect();
    let attributes = file.path == GITATTRIBUTES;
    let tokei_config = tokei::Config::default();
    scan_content(
        &mut file,
        language,
        content,
        needs,
        &tokei_config,
        &wanted,
        attributes,
        warnings,
    );
    file
}

/// The walk's last step on files built in memory ([`file_in_memory`]): sorts them and gives
/// each its role from the conventions, the root `.gitattributes` and the configured roles.
#[doc(hidden)]
pub fn assign_roles_in_memory(files: Vec<FileFacts>, configured: &[(String, Role)]) -> WalkOutput {
    let mut out = WalkOutput {
        files,
        ..WalkOutput::default()
    };
    sort_by_path(&mut out.files);
    out.files.dedup_by(|a, b| a.path == b.path);
    assign_roles(&mut out, configured);
    out
}

/// Adds the files that git tracks but that a `.gitignore` pattern also matches (a committed
/// `Cargo.lock` listed in `.gitignore`): `.gitignore` only applies to untracked files, so a
/// tracked file is part of the tree. The configured excludes and `.diligenceignore` still leave
/// them out; a path that is not a regular file inside the tree now (deleted, or a symlink on the
/// way) is not read.
fn tracked_but_ignored(
    opts: &WalkOptions<'_>,
    tracked: Vec<String>,
    excludes: &ignore::overrides::Override,
    tokei_config: &tokei::Config,
    out: &mut WalkOutput,
) {
    let seen = |p: &str| {
        out.files
            .binary_search_by(|f| f.path.as_str().cmp(p))
            .is_ok()
            || out.skipped.iter().any(|s| s.path == p)
    };
    let own_ignores = {
        let mut b = ignore::gitignore::GitignoreBuilder::new(opts.root);
        b.add(opts.root.join(".diligenceignore"));
        b.build()
            .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
    };
    let missing: Vec<String> = tracked
        .into_iter()
        .filter(|p| !seen(p) && !p.split('/').any(|c| c == ".git"))
        .filter(|p| !excludes.matched(p, false).is_ignore())
        .filter(|p| {
            !own_ignores
                .matched_path_or_any_parents(p, false)
                .is_ignore()
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    // Read side by side, as the walk reads (a vendored tree can be hundreds of such files).
    let shared = Mutex::new(WalkOutput::default());
    let caller = std::thread::current().id();
    missing.into_par_iter().for_each_init(
        || Visitor {
            opts,
            shared: &shared,
            tokei_config,
            local: WalkOutput::default(),
            buf: Vec::new(),
            // A pool's worker, or the calling thread: no pool of its own.
            caller,
            inline: None,
        },
        |visitor, rel| {
            let abs = opts.root.join(&rel);
            if !regular_file_inside(opts.root, &abs) {
                return;
            }
            let Ok(meta) = std::fs::symlink_metadata(&abs) else {
                return;
            };
            let facts = visitor.file_facts(&abs, rel, meta.len());
            opts.progress.inc(1);
            visitor.local.files.push(facts);
        },
    );
    let extra = shared
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    out.files.extend(extra.files);
    out.warnings.extend(extra.warnings);
}

/// Whether `abs` is a regular file (not a symlink) whose every folder is a real folder inside
/// `root`: nothing on the way is a link out of the tree.
fn regular_file_inside(root: &Path, abs: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(abs) else {
        return false;
    };
    if !meta.file_type().is_file() {
        return false;
    }
    abs.parent()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .is_some_and(|p| p.starts_with(root))
}

/// The root `.gitattributes`, whose Linguist attributes say which files are vendored, generated
/// or documentation.
const GITATTRIBUTES: &str = ".gitattributes";

/// Gives every file its role: path conventions, a generated header, the root `.gitattributes`,
/// then the configuration. Also keeps `FileKind::TEST` to source files whose role is a test, so
/// that the kind and the role never disagree.
fn assign_roles(out: &mut WalkOutput, configured: &[(String, Role)]) {
    let attributes = out
        .files
        .binary_search_by(|f| f.path.as_str().cmp(GITATTRIBUTES))
        .ok()
        .and_then(|i| out.files[i].text.as_deref());
    let (rules, problems) = RoleRules::new(attributes, configured);
    let rules = rules.with_code_packages(roles::code_packages(
        out.files.iter().map(|f| f.path.as_str()),
    ));
    out.warnings
        .extend(problems.into_iter().map(|message| Warning {
            path: Some(GITATTRIBUTES.into()),
            message,
        }));
    let test_only = roles::rust_test_only(&out.files);
    for file in &mut out.files {
        let decision = rules.decide_with(
            &file.path,
            file.generated_header,
            file.library_banner,
            test_only.binary_search(&file.path).is_ok(),
        );
        file.role = decision.role;
        file.role_reason = decision.reason;
        if decision.role == Role::Test && file.kind.contains(FileKind::SOURCE) {
            file.kind |= FileKind::TEST;
        } else {
            file.kind.remove(FileKind::TEST);
        }
    }
}

/// tokei's language for a path, without reading the file. tokei's own `from_path` reads an
/// extension-less file to look for a shebang; we give it a path that cannot be opened instead,
/// so that the name tables are consulted and the shebang is taken from the buffer we read anyway
/// ([`shebang_language`]).
fn detect_language(abs: &Path) -> Option<tokei::LanguageType> {
    let name = abs.file_name()?;
    let config = tokei::Config::default();
    if Path::new(name).extension().is_some() {
        tokei::LanguageType::from_path(abs, &config)
    } else {
        let unopenable = Path::new("/nonexistent-diligence-path").join(name);
        tokei::LanguageType::from_path(unopenable, &config)
    }
}

/// Whether a file's name leaves room for a script whose language is named by its `#!` line:
/// no extension (`bin/lessc`, `script/generate`), and not a dotfile.
fn may_have_shebang(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.starts_with('.') && !name.contains('.')
}

/// The language named by a `#!` line, for extension-less scripts.
fn shebang_language(buf: &[u8]) -> Option<tokei::LanguageType> {
    use tokei::LanguageType as L;
    let line = buf.strip_prefix(b"#!")?.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.split_whitespace();
    let mut prog = words.next()?.rsplit('/').next()?;
    if prog == "env" {
        prog = words.find(|w| !w.starts_with('-'))?;
    }
    let prog = prog.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some(match prog {
        "sh" | "dash" | "ash" => L::Sh,
        "bash" => L::Bash,
        "zsh" => L::Zsh,
        "fish" => L::Fish,
        "python" => L::Python,
        "node" | "nodejs" => L::JavaScript,
        "deno" | "bun" | "ts-node" | "tsx" => L::TypeScript,
        "ruby" => L::Ruby,
        "perl" => L::Perl,
        "php" => L::Php,
        "lua" => L::Lua,
        "Rscript" => L::R,
        _ => return None,
    })
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// Reads a regular file without following a symlink at its last component (the entry was an
/// lstat-ed regular file, but it may have been swapped since), and at most `cap` bytes.
fn read_no_follow(path: &Path, size: u64, cap: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file: File = opts.open(path)?;
    buf.clear();
    buf.reserve(usize::try_from(size).unwrap_or(0));
    file.take(cap).read_to_end(buf)?;
    Ok(())
}

/// Where a symlink at `link` (relative to the root) points, relative to the root, when its
/// target read lexically stays inside the tree (`README.md` → `axum/README.md`); `None` for an
/// absolute target or one that climbs out. Nothing is resolved on disk.
fn inside_target(link: &str, target: &Path) -> Option<String> {
    if target.is_absolute() {
        return None;
    }
    let mut parts: Vec<String> = link.split('/').map(str::to_owned).collect();
    parts.pop();
    for c in target.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `root`-relative, `/`-separated, lossy for names that are not UTF-8.
fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for c in rel.components() {
        if let Component::Normal(part) = c {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&part.to_string_lossy());
        }
    }
    out
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => error_message(err),
        ignore::Error::WithDepth { err, .. } => error_message(err),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walker_threads_run_rayon_calls_inline() {
        let caller = std::thread::current().id();
        // The thread that called the walk keeps its rayon pool (the global one).
        assert!(inline_pool(caller).is_none());
        std::thread::scope(|s| {
            s.spawn(|| {
                let pool = inline_pool(caller).expect("a walker thread gets its own pool");
                let me = std::thread::current().id();
                pool.install(|| {
                    assert_eq!(rayon::current_num_threads(), 1);
                    // tokei's `rayon::join` runs both sides here, on this thread.
                    let (a, b) = rayon::join(
                        || std::thread::current().id(),
                        || std::thread::current().id(),
                    );
                    assert_eq!((a, b), (me, me));
                });
                // Once a worker, never made one again.
                assert!(inline_pool(caller).is_none());
            });
        });
    }

    #[test]
    fn shebangs_map_to_languages() {
        assert_eq!(
            shebang_language(b"#!/usr/bin/env python3\nprint(1)"),
            Some(tokei::LanguageType::Python)
        );
        assert_eq!(
            shebang_language(b"#!/bin/bash -e\n"),
            Some(tokei::LanguageType::Bash)
        );
        assert_eq!(
            shebang_language(b"#!/usr/bin/env -S node --flag\n"),
            Some(tokei::LanguageType::JavaScript)
        );
        assert_eq!(shebang_language(b"hello"), None);
    }

    #[test]
    fn a_script_without_extension_gets_its_language_whatever_checks_run() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("bin")).expect("bin");
        std::fs::write(
            dir.path().join("bin/tool"),
            "#!/usr/bin/env python3\nprint(1)\n",
        )
        .expect("script");
        std::fs::write(dir.path().join("bin/notes"), "not a script\n").expect("notes");
        let progress = ProgressBar::hidden();
        let out = walk(&WalkOptions {
            root: dir.path(),
            jobs: 1,
            max_file_size: 1 << 20,
            exclude: &[],
            // What the inventory needs, and no content scanner (a run of the team check alone).
            needs: Needs::INVENTORY,
            scanners: &[],
            progress: &progress,
            roles: &[],
        })
        .expect("walk");
        let file = |p: &str| out.files.iter().find(|f| f.path == p).expect(p);
        assert_eq!(file("bin/tool").language, Some("Python"));
        assert!(file("bin/tool").kind.contains(FileKind::SOURCE));
        assert_eq!(file("bin/notes").language, None);
        assert!(may_have_shebang("script/generate"));
        assert!(!may_have_shebang(".envrc"));
        assert!(!may_have_shebang("notes.txt"));
    }

    #[test]
    fn symlink_targets_inside_the_tree() {
        assert_eq!(
            inside_target("README.md", Path::new("axum/README.md")).as_deref(),
            Some("axum/README.md")
        );
        assert_eq!(
            inside_target("docs/a.md", Path::new("../b/./c.md")).as_deref(),
            Some("b/c.md")
        );
        assert_eq!(inside_target("a.md", Path::new("../outside.md")), None);
        assert_eq!(inside_target("a.md", Path::new("/etc/passwd")), None);
    }

    #[test]
    fn relative_paths_use_slashes() {
        assert_eq!(
            rel_path(Path::new("/a/b"), Path::new("/a/b/c/d.rs")),
            "c/d.rs"
        );
    }
}
