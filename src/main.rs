//! The `diligence` command line: `audit`, `checks` and `diff`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};

use diligence::config::ValidConfig;
use diligence::progress::Progress;
use diligence::report::{self, Format};
use diligence::{audit, AuditOptions};

/// Technical due diligence of a codebase, in one scored report.
///
/// `diligence audit PATH` walks the tree once, in parallel, and answers what an auditor asks in
/// the first two weeks: are there tests and does CI run them, how old are the dependencies, are
/// credentials committed, whose licences ship, is the project documented. It ends in a grade
/// (A–F), a score per check with how it was reached, and every finding with file and line.
///
/// The audited tree is only read: nothing in it is executed, built or installed, nothing is
/// written inside it, and secrets are never printed in full.
#[derive(Parser)]
#[command(name = "diligence", version, about, long_about, max_term_width = 100)]
#[command(after_help = "Examples:
  diligence audit .                          Markdown report of the current directory on stdout
  diligence audit ~/src/app --format html -o app.html
  diligence audit . --format json --format html --out-dir /tmp/audit
  diligence audit . --offline --fail-under 70     CI gate: exit 1 below 70
  diligence checks                           what is checked, and how much each check weighs
  diligence diff before.json after.json      progress between two audits
  diligence diff before.json after.json --fail-on-regression    CI gate: exit 1 on a regression

Exit status: 0 audit done; 1 score below --fail-under; 2 usage error or the audit could not run.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit a directory and write the report.
    #[command(
        after_help = "The configuration is read from --config, else from diligence.toml at the \
root of the target (unless --no-target-config). It can disable checks, change their weights, \
exclude paths and set the size cap; see the README."
    )]
    Audit(AuditArgs),
    /// List every check: id, code, category, weight and what it looks at.
    Checks {
        /// `text` (a table) or `json`.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Record today's secrets findings in a baseline file, so that later audits run with
    /// `--baseline FILE` count only new ones (accepted ones stay visible, marked suppressed).
    Baseline(BaselineArgs),
    /// Compare two JSON reports: score changes, findings resolved and new.
    Diff {
        /// The earlier audit (JSON).
        old: PathBuf,
        /// The later audit (JSON).
        new: PathBuf,
        /// `text`, `md` or `json`.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit with status 1 when the overall score went down or new high or critical findings
        /// appeared (a CI gate).
        #[arg(long)]
        fail_on_regression: bool,
    },
}

#[derive(clap::Args)]
struct AuditArgs {
    /// The directory to audit.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Report format; repeat for several (with --out-dir). Default: md. `cyclonedx` is a
    /// CycloneDX 1.5 JSON SBOM of the dependencies (report.cdx.json with --out-dir).
    #[arg(long, short = 'f', value_enum)]
    format: Vec<OutFormat>,
    /// Write the report to this file instead of stdout (one format only).
    #[arg(long, short = 'o', conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Write every requested format into this directory as report.<ext>.
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// Make no network request at all; registry data is reported as unknown.
    #[arg(long)]
    offline: bool,
    /// Configuration file (default: diligence.toml at the root of the target).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read diligence.toml from the audited tree (an auditor's run on someone else's repo).
    #[arg(long)]
    no_target_config: bool,
    /// Cache registry answers here (default: $DILIGENCE_CACHE_DIR, else $XDG_CACHE_HOME/diligence,
    /// else ~/.cache/diligence).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Exit with status 1 when the overall score is below this (0–100).
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    fail_under: Option<f64>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// No progress bars.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Do not read the git history: no history scan for secrets, no team and activity analysis
    /// (the working tree is still scanned; the report says what was not checked).
    #[arg(long)]
    no_history: bool,
    /// A local OSV vulnerability database (the per-ecosystem exports, unpacked): used instead of
    /// the OSV API, so vulnerabilities are checked offline too.
    #[arg(long, value_name = "DIR")]
    osv_db: Option<PathBuf>,
    /// Secrets baseline written by `diligence baseline`: the findings it lists are reported as
    /// suppressed and not counted.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

#[derive(clap::Args)]
struct BaselineArgs {
    /// The directory to scan.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Where to write the baseline (outside the scanned tree).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: PathBuf,
    /// Configuration file (default: diligence.toml at the root of the target).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not read diligence.toml from the scanned tree.
    #[arg(long)]
    no_target_config: bool,
    /// Do not scan the git history.
    #[arg(long)]
    no_history: bool,
    /// No progress bars.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Json,
    Md,
    Html,
    Sarif,
    /// CycloneDX 1.5 JSON SBOM.
    Cyclonedx,
}

impl From<OutFormat> for Format {
    fn from(f: OutFormat) -> Self {
        match f {
            OutFormat::Json => Format::Json,
            OutFormat::Md => Format::Md,
            OutFormat::Html => Format::Html,
            OutFormat::Sarif => Format::Sarif,
            OutFormat::Cyclonedx => Format::Cyclonedx,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Md,
    Json,
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 100"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Audit(args) => run_audit(&args),
        Command::Baseline(args) => run_baseline(&args).map(|()| ExitCode::SUCCESS),
        Command::Checks { format } => list_checks(format).map(|()| ExitCode::SUCCESS),
        Command::Diff {
            old,
            new,
            format,
            fail_on_regression,
        } => run_diff(&old, &new, format, fail_on_regression),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", format!("{e:#}").trim_end_matches('.'));
            ExitCode::from(2)
        }
    }
}

fn run_audit(args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let formats: Vec<Format> = if args.format.is_empty() {
        vec![Format::Md]
    } else {
        let mut f: Vec<Format> = args.format.iter().map(|f| Format::from(*f)).collect();
        f.sort();
        f.dedup();
        f
    };
    if formats.len() > 1 && args.out_dir.is_none() {
        bail!("several formats need --out-dir DIR (each is written there as report.<ext>)");
    }
    // Fail on a bad target before reading any configuration.
    let root = diligence::target_root(&args.path)?;
    for out in args
        .output
        .iter()
        .chain(&args.out_dir)
        .chain(&args.cache_dir)
    {
        refuse_inside(&root, out)?;
    }

    let mut config = load_config(&root, args.config.as_deref(), args.no_target_config)?;
    if let Some(db) = &args.osv_db {
        if !db.is_dir() {
            bail!("{}: --osv-db needs a directory", db.display());
        }
        config.osv.database = Some(db.clone());
    }
    let opts = AuditOptions {
        config,
        offline: args.offline,
        jobs: args.jobs.unwrap_or(0),
        progress: Progress::stderr(!args.quiet),
        now: None,
        no_history: args.no_history,
        baseline: args.baseline.clone(),
        cache_dir: args.cache_dir.clone(),
    };
    let report = audit(&root, &opts)?;

    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        for format in &formats {
            let path = dir.join(format.file_name());
            write_report(&report, *format, Some(&path))?;
        }
    } else {
        write_report(&report, formats[0], args.output.as_deref())?;
    }

    if let Some(min) = args.fail_under {
        if report.score.overall < min {
            eprintln!(
                "diligence: score {} (grade {}) is below --fail-under {min}",
                report.score.overall, report.score.grade
            );
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The engine never writes inside the audited tree.
fn refuse_inside(root: &Path, out: &Path) -> anyhow::Result<()> {
    let absolute = if out.is_absolute() {
        out.to_owned()
    } else {
        std::env::current_dir()?.join(out)
    };
    // Resolve the deepest existing ancestor, so that symlinks and `..` cannot smuggle a path in.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_owned());
    for part in rest.iter().rev() {
        resolved.push(part);
    }
    if resolved.starts_with(root) {
        bail!(
            "{}: refusing to write inside the audited tree {}; choose a path outside it",
            out.display(),
            root.display()
        );
    }
    Ok(())
}

fn load_config(
    root: &Path,
    config: Option<&Path>,
    no_target_config: bool,
) -> anyhow::Result<ValidConfig> {
    Ok(ValidConfig::for_target(root, config, no_target_config)?)
}

/// `diligence baseline`: an offline audit with only the secrets check, whose finding
/// fingerprints are written to the output file.
fn run_baseline(args: &BaselineArgs) -> anyhow::Result<()> {
    let root = diligence::target_root(&args.path)?;
    refuse_inside(&root, &args.output)?;
    let mut config = load_config(&root, args.config.as_deref(), args.no_target_config)?;
    config.checks.retain(|id, _| id == "secrets");
    if config.checks.is_empty() {
        bail!("the secrets check is disabled by the configuration; nothing to record");
    }
    let opts = AuditOptions {
        config,
        offline: true,
        jobs: 0,
        progress: Progress::stderr(!args.quiet),
        now: None,
        no_history: args.no_history,
        baseline: None,
        cache_dir: None,
    };
    let report = audit(&root, &opts)?;
    // A finding that stands for the same value in several places is accepted at each.
    let fingerprints: Vec<String> = report
        .findings()
        .filter(|(check, _)| check.id == "secrets")
        .flat_map(|(check, f)| diligence::report::place_fingerprints(&check.id, &f.finding))
        .collect();
    let count = report
        .findings()
        .filter(|(check, _)| check.id == "secrets")
        .count();
    let places = fingerprints.len();
    let baseline = diligence::facts::secrets::Baseline::new(fingerprints);
    std::fs::write(&args.output, baseline.to_json())
        .with_context(|| format!("{}: cannot write", args.output.display()))?;
    eprintln!(
        "diligence: {count} secrets finding{}{} recorded in {}",
        if count == 1 { "" } else { "s" },
        if places > count {
            format!(" ({places} places)")
        } else {
            String::new()
        },
        args.output.display()
    );
    Ok(())
}

fn write_report(
    report: &report::Report,
    format: Format,
    path: Option<&Path>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            report::render(report, format, &mut out)?;
            out.flush()
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        None => {
            let mut buf = Vec::new();
            report::render(report, format, &mut buf)?;
            let mut out = std::io::stdout().lock();
            match out.write_all(&buf).and_then(|()| out.flush()) {
                // A reader that stops early (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to stdout")?,
            }
        }
    }
    Ok(())
}

fn list_checks(format: ListFormat) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let metas: Vec<_> = diligence::checks::ALL.iter().map(|c| c.meta()).collect();
    if format == ListFormat::Json {
        let list: Vec<serde_json::Value> = metas
            .iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id, "code": m.code, "title": m.title, "category": m.category,
                    "weight": m.default_weight(), "risk": m.risk, "looks_at": m.looks_at,
                    "rationale": m.rationale, "remediation": m.remediation, "status": m.status,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<16} {:<7} {:<14} {:>6}  TITLE — WHAT IT LOOKS AT",
        "ID", "CODE", "CATEGORY", "WEIGHT"
    )?;
    for m in metas {
        writeln!(
            out,
            "{:<16} {:<7} {:<14} {:>6}  {} — {}",
            m.id,
            m.code,
            m.category.as_str(),
            m.default_weight(),
            m.title,
            m.looks_at
        )?;
    }
    writeln!(out, "\nWeights can be changed, and checks disabled, in diligence.toml ([checks.<id>] weight / enabled).")?;
    Ok(())
}

/// Reads a JSON report for `diff`; every error names the file.
fn load_report(path: &Path) -> anyhow::Result<report::Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    report::diff::parse_report(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn run_diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    fail_on_regression: bool,
) -> anyhow::Result<ExitCode> {
    let (old, new) = (load_report(old)?, load_report(new)?);
    let diff = report::diff::diff(&old, &new);
    let text = match format {
        DiffFormat::Text => report::diff::render_text(&diff)?,
        DiffFormat::Md => report::diff::render_markdown(&diff)?,
        DiffFormat::Json => serde_json::to_string_pretty(&diff)? + "\n",
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to stdout")?;
    if fail_on_regression && diff.regression {
        eprintln!(
            "diligence: regression (the score went down or new high or critical findings appeared)"
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
