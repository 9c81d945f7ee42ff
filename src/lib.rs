//! `diligence` audits a codebase the way a technical due-diligence reviewer would, and ends in
//! one scored report.
//!
//! The flow is **walk → facts → checks → score → report**:
//!
//! 1. [`walk`] traverses the target once, in parallel, honouring ignore files and never
//!    following symlinks; each file is read at most once and its buffer handed to tokei's line
//!    counter and to every [content scanner](facts::scan::ContentScanner) that wants it.
//! 2. The walk's output and the repository-level collectors (git, …) become an immutable
//!    [`RepoFacts`](facts::RepoFacts). Only [`facts`] and [`walk`] touch the disk.
//! 3. Every enabled [`Check`](check::Check) in [`checks::ALL`] evaluates the facts, purely, into
//!    an [`Evaluation`](check::Evaluation); a check that panics becomes an `error` result.
//! 4. [`score`] combines the evaluations (weighted mean, caps for critical findings).
//! 5. [`report`] builds one [`Report`](report::Report) and renders it as JSON, Markdown, HTML
//!    or SARIF.
//!
//! ```no_run
//! use diligence::{audit, AuditOptions};
//! let report = audit(std::path::Path::new("."), &AuditOptions::default())?;
//! println!("{} ({})", report.score.grade, report.score.overall);
//! # Ok::<(), diligence::Error>(())
//! ```
//!
//! The audited tree is untrusted input: nothing in it is executed, built or installed, nothing
//! is written inside it, and secrets found in it are never reported in full.

pub mod check;
#[path = "../checks/mod.rs"]
pub mod checks;
pub mod config;
pub mod error;
pub mod facts;
#[doc(hidden)]
pub mod fuzzing;
mod memory;
pub mod progress;
pub mod report;
pub mod score;
pub mod walk;

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

pub use error::{Error, Result};

use check::{Check, Evaluation};
use config::ValidConfig;
use facts::{Needs, RepoFacts};
use progress::Progress;
use report::{Evaluated, Report, RunInfo};

/// How to run an audit.
#[derive(Clone)]
pub struct AuditOptions {
    /// Validated configuration.
    pub config: ValidConfig,
    /// No network at all (the default; the command line turns the network on unless
    /// `--offline`).
    pub offline: bool,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Progress bars.
    pub progress: Progress,
    /// The audit's clock; `None` for the system clock. Tests pin it.
    pub now: Option<jiff::Timestamp>,
    /// Do not read the git history (the secrets history scan, the team and activity analysis).
    pub no_history: bool,
    /// A secrets baseline file (overrides `[checks.secrets] baseline`).
    pub baseline: Option<std::path::PathBuf>,
    /// Where registry answers are cached (`None`: `$DILIGENCE_CACHE_DIR`, else the user's
    /// cache directory).
    pub cache_dir: Option<std::path::PathBuf>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            config: ValidConfig::defaults(),
            // No network unless asked: a library caller (or a test) never reaches the registries
            // by accident. The command line sets this from `--offline`.
            offline: true,
            jobs: 0,
            progress: Progress::hidden(),
            now: None,
            no_history: false,
            baseline: None,
            cache_dir: None,
        }
    }
}

/// The checks enabled by the configuration, in registry order.
#[must_use]
pub fn enabled_checks(config: &ValidConfig) -> Vec<&'static dyn Check> {
    checks::ALL
        .iter()
        .copied()
        .filter(|c| config.check(&c.meta().id).is_some())
        .collect()
}

/// Audits the directory at `root`.
///
/// # Errors
/// When `root` is not a directory, or the configuration's exclude globs are invalid. Everything
/// that goes wrong inside the tree is a warning or a finding, not an error.
pub fn audit(root: &Path, opts: &AuditOptions) -> Result<Report> {
    let started = Instant::now();
    let now = opts.now.unwrap_or_else(jiff::Timestamp::now);
    let root = target_root(root)?;
    let enabled = enabled_checks(&opts.config);
    let needs = enabled.iter().fold(Needs::INVENTORY, |n, c| n | c.needs());
    let jobs = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        opts.jobs
    };
    let facts = collect(&root, now, needs, jobs, opts)?;
    // The checks' threads start now: made before the walk, they only took turns with it.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Target {
            path: root.clone(),
            reason: format!("cannot start worker threads: {e}"),
        })?;
    let evaluated = evaluate(&facts, &enabled, &opts.config, false, &pool, &opts.progress);
    let disabled_checks = checks::ALL
        .iter()
        .map(|c| c.meta().id.clone())
        .filter(|id| opts.config.check(id).is_none())
        .collect();
    let run = RunInfo {
        generated_at: now.to_string(),
        duration_ms: 0,
        config: opts.config.source.as_ref().map(|p| p.display().to_string()),
        exclude: opts.config.exclude.clone(),
        disabled_checks,
    };
    let mut report = Report::build(&facts, evaluated, run);

    // Whose rules: when the audited party's own configuration, inline markers or a baseline
    // may have changed the outcome, judge the same tree under the default policy too.
    let deviations = if opts.config.origin.is_target() {
        opts.config.deviations()
    } else {
        Vec::new()
    };
    let suppressed = report
        .findings()
        .any(|(_, f)| f.finding.suppressed.is_some());
    let default_score = if deviations.is_empty() && !suppressed {
        None
    } else {
        let defaults = config::ValidConfig::defaults();
        let all: Vec<&'static dyn Check> = checks::ALL.to_vec();
        let evaluated = if opts.config.collects_like_defaults() {
            evaluate(&facts, &all, &defaults, true, &pool, &opts.progress)
        } else {
            drop(facts);
            let needs = all.iter().fold(Needs::INVENTORY, |n, c| n | c.needs());
            let default_opts = AuditOptions {
                config: defaults.clone(),
                baseline: None,
                ..opts.clone()
            };
            let facts = collect(&root, now, needs, jobs, &default_opts)?;
            evaluate(&facts, &all, &defaults, true, &pool, &opts.progress)
        };
        Some(score::aggregate(&report::score_inputs(&evaluated)))
    };
    report.set_policy(&opts.config.origin, deviations, default_score);
    report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(report)
}

/// Evaluates `checks` on the facts, in parallel, each under `catch_unwind`; in registry order.
/// `default_policy` evaluates with default settings and no suppression honoured.
fn evaluate<'a>(
    facts: &RepoFacts,
    checks: &[&'a dyn Check],
    config: &ValidConfig,
    default_policy: bool,
    pool: &rayon::ThreadPool,
    progress: &Progress,
) -> Vec<Evaluated<'a>> {
    let evaluations: Vec<Evaluation> = pool.install(|| {
        let bar = progress.bar("checks", checks.len() as u64);
        let out = checks
            .par_iter()
            .map(|check| {
                let mut cfg = config.check(&check.meta().id).cloned().unwrap_or_default();
                cfg.default_policy = default_policy;
                let result =
                    std::panic::catch_unwind(AssertUnwindSafe(|| check.evaluate(facts, &cfg)));
                bar.inc(1);
                result.unwrap_or_else(|panic| Evaluation::error(panic_message(&*panic)))
            })
            .collect();
        bar.finish_and_clear();
        out
    });
    checks
        .iter()
        .zip(evaluations)
        .map(|(check, evaluation)| Evaluated {
            meta: check.meta(),
            weight: config.check(&check.meta().id).map_or(0.0, |c| c.weight),
            evaluation,
        })
        .collect()
}

/// Canonicalises the audit target and insists on a directory.
///
/// # Errors
/// [`Error::Target`] when it is missing or not a directory; [`Error::Io`] when it cannot be
/// resolved.
pub fn target_root(root: &Path) -> Result<std::path::PathBuf> {
    let meta = std::fs::metadata(root).map_err(|e| Error::Target {
        path: root.to_owned(),
        reason: if e.kind() == std::io::ErrorKind::NotFound {
            "no such file or directory".into()
        } else {
            e.to_string()
        },
    })?;
    if !meta.is_dir() {
        return Err(Error::Target {
            path: root.to_owned(),
            reason: "not a directory".into(),
        });
    }
    std::fs::canonicalize(root).map_err(|source| Error::Io {
        path: root.to_owned(),
        source,
    })
}

/// The walk and the repository-level collectors, run side by side.
fn collect(
    root: &Path,
    now: jiff::Timestamp,
    needs: Needs,
    jobs: usize,
    opts: &AuditOptions,
) -> Result<RepoFacts> {
    // What scanners learn between runs (licence matches) is kept in the cache directory, never
    // inside the audited tree (auditing one's home directory must not write into it).
    let cache_dir = facts::registry::http::cache_dir_outside(opts.cache_dir.as_deref(), root);
    // The tables the collectors after the walk need are built beside the scanners' rules (a
    // thread each: both are serial, and the machine may have no more than two cores).
    let warm = std::thread::spawn(move || facts::warm(needs));
    let scanners = facts::scan::build(needs, cache_dir.as_deref());
    let bar = opts.progress.spinner("files");
    let walk_opts = walk::WalkOptions {
        root,
        jobs,
        max_file_size: opts.config.max_file_size,
        exclude: &opts.config.exclude,
        needs,
        scanners: &scanners,
        progress: &bar,
        roles: &opts.config.roles,
    };
    let secrets_opts = facts::secrets::SecretsOptions::resolve(
        needs.contains(Needs::SECRETS),
        opts.config.check("secrets").map(|c| &c.params),
        opts.config.source.as_deref(),
        opts.no_history || !needs.contains(Needs::GIT_HISTORY),
        opts.baseline.as_deref(),
        opts.config.max_file_size,
    );
    if needs.contains(Needs::GIT_HISTORY) && !opts.no_history {
        memory::favour_footprint();
    }
    let (walked, git, history, git_warnings, secrets, scanner_warnings, from_walk) =
        std::thread::scope(|s| {
            let git = s.spawn(|| {
                let mut warnings = Vec::new();
                let git = if needs.contains(Needs::GIT) {
                    facts::git::collect(root, &mut warnings)
                } else {
                    None
                };
                (git, warnings)
            });
            // Three phases, each parallel inside: the walk, beside it the secrets pass's reading of
            // the commits and trees (ranges of commits side by side); then the team pass's tree
            // diffs; then the secrets pass's blobs. One phase at a time bounds the peak memory to
            // the largest phase (each pass maps the packs and holds its own caches) instead of
            // their sum, and what a phase freed is given back to the system before the next
            // starts. The team pass reads its commits (serial, light) beside the end of the tree
            // reading.
            let (walk_done, walk_is_done) = std::sync::mpsc::channel::<()>();
            let (trees_done, trees_are_done) = std::sync::mpsc::channel::<()>();
            let (team_done, team_is_done) = std::sync::mpsc::channel::<()>();
            let history = s.spawn(move || {
                let mut warnings = Vec::new();
                // `--no-history`: the working tree only; no read of the history at all.
                let history = if needs.contains(Needs::GIT_HISTORY) && !opts.no_history {
                    let _ = walk_is_done.recv();
                    // The commits are read beside the end of the secrets pass's tree reading
                    // (one thread, little memory); the tree diffs wait for it.
                    let history = facts::history::collect_paced(root, jobs, &mut warnings, &|| {
                        let _ = trees_are_done.recv();
                    });
                    memory::give_back();
                    history
                } else {
                    None
                };
                drop(team_done);
                (history, warnings)
            });
            let secrets = s.spawn(move || {
                let mut warnings = Vec::new();
                let facts = facts::secrets::collect(
                    root,
                    &secrets_opts,
                    &opts.progress,
                    &mut warnings,
                    &|| {
                        let _ = trees_done.send(());
                        let _ = team_is_done.recv();
                    },
                );
                (facts, warnings)
            });
            let walked = walk::walk(&walk_opts);
            // The scanners are done: what they hold (the licence list) is let go.
            let mut scanner_warnings = Vec::new();
            for scanner in &scanners {
                scanner.finish(&mut scanner_warnings);
            }
            memory::give_back();
            drop(walk_done);
            // What needs only the walk is gathered while the history passes run (their threads
            // leave a core idle at times, and registry look-ups wait on the network).
            let _ = warm.join();
            let from_walk = walked
                .as_ref()
                .ok()
                .map(|walked| from_the_walk(root, walked, needs, opts));
            let (git, mut warnings) = git.join().unwrap_or_default();
            let (history, history_warnings) = history.join().unwrap_or_else(|_| {
                (
                    None,
                    vec![facts::Warning {
                        path: Some(".git".into()),
                        message: "reading the git history failed unexpectedly".into(),
                    }],
                )
            });
            warnings.extend(history_warnings);
            // A scan that stopped is said so, not taken for one that was not asked for.
            let (secrets, secrets_warnings) = secrets.join().unwrap_or_else(|_| {
                let failed = facts::secrets::HistoryStatus::Failed(
                    "the history scan stopped unexpectedly".into(),
                );
                (
                    facts::secrets::SecretsFacts {
                        history: failed,
                        baseline: None,
                    },
                    Vec::new(),
                )
            });
            warnings.extend(secrets_warnings);
            (
                walked,
                git,
                history,
                warnings,
                secrets,
                scanner_warnings,
                from_walk,
            )
        });
    bar.finish_and_clear();
    let mut walked = walked.map_err(|problem| Error::Config {
        path: opts
            .config
            .source
            .clone()
            .unwrap_or_else(|| config::CONFIG_FILE_NAME.into()),
        problems: vec![problem],
    })?;
    walked.warnings.extend(git_warnings);
    walked.warnings.extend(scanner_warnings);
    let from_walk = from_walk.unwrap_or_else(|| from_the_walk(root, &walked, needs, opts));
    walked.warnings.extend(from_walk.warnings);
    Ok(RepoFacts {
        name: root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        root: root.to_owned(),
        now,
        offline: opts.offline,
        files: walked.files,
        skipped: walked.skipped,
        warnings: walked.warnings,
        git,
        max_file_size: opts.config.max_file_size,
        history,
        history_skipped: opts.no_history,
        secrets,
        dependencies: from_walk.dependencies,
        dependency_scan: from_walk.dependency_scan,
        tests: from_walk.tests,
        ci: from_walk.ci,
        licenses: from_walk.licenses,
        vulnerabilities: from_walk.vulnerabilities,
    })
}

/// The facts that need only the walk's files.
struct FromWalk {
    dependencies: Vec<facts::Dependency>,
    dependency_scan: facts::dependency::DependencyScan,
    vulnerabilities: facts::vulns::VulnFacts,
    tests: facts::testsuite::TestSuite,
    ci: facts::ci::CiFacts,
    licenses: facts::licenses::LicenseFacts,
    /// Problems met reading the CI configuration and the licences.
    warnings: Vec<facts::Warning>,
}

fn from_the_walk(
    root: &Path,
    walked: &walk::WalkOutput,
    needs: Needs,
    opts: &AuditOptions,
) -> FromWalk {
    // Three independent readings side by side: the dependencies (lockfiles, the registries),
    // the licences (whose reference texts may be built now, tens of milliseconds of CPU), and
    // the tests and CI; one after the other, a tree audited without its history waited for
    // their sum.
    std::thread::scope(|s| {
        let licenses = s.spawn(|| {
            let mut warnings = Vec::new();
            let licenses = if needs.contains(Needs::LICENSE_TEXT) {
                facts::licenses::collect(&walked.files, &mut warnings)
            } else {
                facts::licenses::LicenseFacts::default()
            };
            (licenses, warnings)
        });
        let ci = s.spawn(|| {
            let mut warnings = Vec::new();
            let tests = facts::testsuite::collect(&walked.files);
            let ci = if needs.contains(Needs::DOCUMENTS) {
                facts::ci::collect(&walked.files, &mut warnings)
            } else {
                facts::ci::CiFacts::default()
            };
            (tests, ci, warnings)
        });
        let (dependencies, dependency_scan) = facts::deps::gather(
            root,
            &walked.files,
            &walked.skipped,
            needs,
            &facts::registry::LookupOptions {
                offline: opts.offline,
                config: opts.config.registries.clone(),
                cache_dir: opts.cache_dir.clone(),
                fetch: None,
            },
            &opts.progress,
        );
        let vulnerabilities = facts::vulns::collect(
            root,
            &dependencies,
            needs,
            &facts::vulns::VulnOptions {
                offline: opts.offline,
                config: opts.config.osv.clone(),
                registries: opts.config.registries.clone(),
                cache_dir: opts.cache_dir.clone(),
                fetch: None,
            },
            &opts.progress,
        );
        let (tests, ci, mut warnings) = ci
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let (licenses, licence_warnings) = licenses
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        warnings.extend(licence_warnings);
        FromWalk {
            dependencies,
            dependency_scan,
            vulnerabilities,
            tests,
            ci,
            licenses,
            warnings,
        }
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the check panicked".into())
}
