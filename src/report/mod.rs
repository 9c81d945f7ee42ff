//! The report: one serialisable [`Report`] built from the facts and the evaluations, and the
//! renderers that turn it into JSON, Markdown, HTML and SARIF. Renderers see only the `Report`:
//! templates compute nothing and have no access to the environment or the filesystem.

pub mod cyclonedx;
pub mod diff;
mod sarif;
mod template;
pub mod view;

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::{Category, CheckMeta, Evaluation, Finding, Severity, Status};
use crate::error::{Error, Result};
use crate::facts::{FileKind, LanguageStats, NotScanned, RepoFacts, SkippedEntry, Warning};
use crate::score::{self, Score};

/// The JSON report's schema version (see the report contract).
pub const SCHEMA_VERSION: u32 = 1;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// The JSON report of the contract.
    Json,
    /// Markdown for data rooms and pull requests.
    Md,
    /// A self-contained HTML page.
    Html,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// A CycloneDX 1.5 JSON SBOM of the dependencies.
    Cyclonedx,
}

impl Format {
    /// The file name used with `--out-dir`.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "report.json",
            Format::Md => "report.md",
            Format::Html => "report.html",
            Format::Sarif => "report.sarif",
            Format::Cyclonedx => "report.cdx.json",
        }
    }
}

/// The whole audit result: what every format renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The engine.
    pub tool: Tool,
    /// What was audited.
    pub target: Target,
    /// When (RFC 3339).
    pub generated_at: String,
    /// How long the audit took.
    pub duration_ms: u64,
    /// The overall score.
    pub score: Score,
    /// Subtotals per category (same weighted mean).
    pub categories: BTreeMap<String, CategoryScore>,
    /// Every enabled check, in registry order.
    pub checks: Vec<CheckResult>,
    /// What the codebase is made of.
    pub inventory: Inventory,
    /// What the audit covered and left out.
    pub scope: Scope,
    /// Whose rules the audit ran under, what they changed, what was suppressed, and the grade
    /// under the default policy when the audited party changed it.
    #[serde(default)]
    pub policy: Policy,
    /// What the audit could not check, in plain words (offline look-ups, skipped checks, a
    /// shallow clone, files not scanned, tests not countable).
    #[serde(default)]
    pub coverage: Vec<CoverageNote>,
    /// Problems met while collecting facts (the audit went on).
    pub warnings: Vec<Warning>,
}

/// Whose rules the audit ran under.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Where the configuration came from: defaults, the auditor's file, the audited tree's own
    /// file, or the tree's file ignored (with why).
    pub config: crate::config::ConfigOrigin,
    /// How the configuration departs from the default policy, when the audited party wrote it.
    pub deviations: Vec<String>,
    /// Every suppressed finding, with who suppressed it and where.
    pub suppressed: Vec<SuppressedFinding>,
    /// The score under the default policy, when it differs from the score as configured.
    pub default_policy: Option<DefaultPolicyScore>,
    /// One paragraph for the first page.
    pub summary: String,
}

/// A finding that counts for nothing because someone suppressed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressedFinding {
    /// The check.
    pub check: String,
    /// The rule.
    pub rule: String,
    /// The file, if any.
    pub path: Option<String>,
    /// The line, if any.
    pub line: Option<u32>,
    /// Who suppressed it and how (an inline marker, an allow list, a baseline).
    pub reason: String,
    /// Its evidence, redacted as always.
    pub evidence: Option<String>,
}

/// The grade had nobody changed the rules or silenced a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefaultPolicyScore {
    /// 0–100.
    pub overall: f64,
    /// The letter grade.
    pub grade: crate::score::Grade,
}

/// Something the audit could not check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageNote {
    /// What was not checked ("Known vulnerabilities").
    pub area: String,
    /// Why, in plain words.
    pub reason: String,
    /// The check whose judgement the gap leaves incomplete, if one: such a check is never
    /// listed as a strength.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
}

impl Report {
    /// Records whose rules the audit ran under, the suppressed findings, and the default-policy
    /// score when it differs from the score as configured.
    pub fn set_policy(
        &mut self,
        origin: &crate::config::ConfigOrigin,
        deviations: Vec<String>,
        default_score: Option<Score>,
    ) {
        use crate::config::ConfigOrigin;
        let suppressed: Vec<SuppressedFinding> = self
            .findings()
            .filter_map(|(c, f)| {
                Some(SuppressedFinding {
                    check: c.id.clone(),
                    rule: f.finding.rule.to_string(),
                    path: f.finding.path.clone(),
                    line: f.finding.line,
                    reason: f.finding.suppressed.clone()?,
                    evidence: f.finding.evidence.clone(),
                })
            })
            .collect();
        let default_policy = default_score
            .filter(|d| {
                (d.overall - self.score.overall).abs() >= 0.05 || d.grade != self.score.grade
            })
            .map(|d| DefaultPolicyScore {
                overall: d.overall,
                grade: d.grade,
            });
        let mut summary = match origin {
            ConfigOrigin::Defaults => "The audit ran under the default policy.".to_owned(),
            ConfigOrigin::Auditor { path } => {
                format!("The audit ran under the auditor's configuration ({path}).")
            }
            ConfigOrigin::Target { path } if deviations.is_empty() => format!(
                "The repository's own {path} was read; it does not change the default policy."
            ),
            ConfigOrigin::Target { path } => format!(
                "The audit ran under the repository's own {path}, written by the audited party, which changes the default policy: {}.",
                deviations.join("; ")
            ),
            ConfigOrigin::Ignored { path, reason } => format!(
                "The repository's own {path} was ignored ({reason}); the audit ran under the default policy."
            ),
        };
        if !suppressed.is_empty() {
            let by = |needle: &str| {
                suppressed
                    .iter()
                    .filter(|s| s.reason.contains(needle))
                    .count()
            };
            let (inline, baseline) = (by("diligence:allow"), by("baseline"));
            let other = suppressed.len() - inline - baseline;
            let mut parts = Vec::new();
            if inline > 0 {
                parts.push(format!("{inline} by inline markers written in the code"));
            }
            if other > 0 {
                parts.push(format!("{other} by allow lists of the configuration"));
            }
            if baseline > 0 {
                parts.push(format!("{baseline} by a baseline"));
            }
            summary.push_str(&format!(
                " {} finding{} suppressed ({}); they are listed in their own section and count for nothing.",
                suppressed.len(),
                if suppressed.len() == 1 { " was" } else { "s were" },
                parts.join(", ")
            ));
        }
        if let Some(d) = &default_policy {
            summary.push_str(&format!(
                " Under the default policy the grade would be {} ({}) instead of {} ({}).",
                d.grade, d.overall, self.score.grade, self.score.overall
            ));
        }
        self.policy = Policy {
            config: origin.clone(),
            deviations,
            suppressed,
            default_policy,
            summary,
        };
    }
}

/// What the audit could not check: checks not scored, look-ups not made, a shallow history,
/// files not scanned, languages whose tests are not counted.
fn coverage(facts: &RepoFacts, checks: &[CheckResult], inventory: &Inventory) -> Vec<CoverageNote> {
    let mut out = Vec::new();
    for c in checks.iter().filter(|c| !c.status.is_conclusive()) {
        out.push(CoverageNote {
            area: c.title.clone(),
            reason: c.summary.clone(),
            check: Some(c.id.clone()),
        });
    }
    if facts.offline && !facts.dependencies.is_empty() {
        out.push(CoverageNote {
            area: "Dependency ages and licences from the registries".into(),
            reason: "The audit ran offline, so the registries were not asked how old each dependency is or under which licence it is published.".into(),
            check: Some("dependencies".into()),
        });
    }
    if facts.git.as_ref().is_some_and(|g| g.shallow) {
        out.push(CoverageNote {
            area: "Git history".into(),
            reason: "The repository is a shallow clone: the team figures and the history scan for secrets see only the commits it holds.".into(),
            check: None,
        });
    }
    let count = |r: NotScanned| {
        facts
            .files
            .iter()
            .filter(|f| f.not_scanned == Some(r))
            .count()
    };
    let (large, unreadable) = (count(NotScanned::TooLarge), count(NotScanned::Unreadable));
    if large > 0 {
        out.push(CoverageNote {
            area: "Large files".into(),
            reason: format!(
                "{large} file{} over {} bytes {} counted but not read (not searched for secrets or licences).",
                if large == 1 { "" } else { "s" },
                facts.max_file_size,
                if large == 1 { "was" } else { "were" }
            ),
            check: None,
        });
    }
    if unreadable > 0 {
        out.push(CoverageNote {
            area: "Unreadable files".into(),
            reason: format!(
                "{} not be read; the warnings name them.",
                crate::check::plural(unreadable, "file could", "files could")
            ),
            check: None,
        });
    }
    let uncounted: Vec<&str> = inventory
        .tests
        .per_language
        .iter()
        .filter(|l| l.test_cases.is_none() && l.test_files > 0)
        .map(|l| l.language.as_str())
        .collect();
    if !uncounted.is_empty() {
        out.push(CoverageNote {
            area: "Test cases".into(),
            reason: format!(
                "Test cases are not counted for {} (test files and lines are).",
                uncounted.join(", ")
            ),
            check: None,
        });
    }
    if !facts.dependency_scan.unlocked.is_empty() {
        out.push(CoverageNote {
            area: "Dependency versions".into(),
            reason: format!(
                "{} no lockfile, so the versions in use are not known exactly.",
                crate::check::plural(
                    facts.dependency_scan.unlocked.len(),
                    "manifest has",
                    "manifests have"
                )
            ),
            check: None,
        });
    }
    out
}

/// The engine's name and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `diligence`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// The audited tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Absolute path.
    pub path: String,
    /// Directory name.
    pub name: String,
    /// Git HEAD and branch (both null when not a git repository).
    pub git: TargetGit,
}

/// Git identity of the audited tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetGit {
    /// HEAD commit.
    pub head: Option<String>,
    /// Branch.
    pub branch: Option<String>,
}

/// A category subtotal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// Weighted mean of the category's scored checks; null when none scored.
    pub score: Option<f64>,
    /// Sum of the weights of its scored checks.
    pub weight: f64,
    /// The checks in it.
    pub checks: Vec<String>,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Stable id.
    pub id: String,
    /// Stable code.
    pub code: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Verdict.
    pub status: Status,
    /// 0–100, null when skipped or errored.
    pub score: Option<u8>,
    /// Weight in the overall score.
    pub weight: f64,
    /// One sentence for a non-technical reader.
    pub summary: String,
    /// How the score was reached.
    pub explanation: String,
    /// Why the check matters.
    pub rationale: String,
    /// Evidence, sorted by (path, line, rule).
    pub findings: Vec<ReportFinding>,
}

/// A finding with its stable fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// Stable across runs and line moves: hash of check, rule, path and evidence or message.
    pub fingerprint: String,
}

/// What the codebase is made of.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// Regular files counted.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
    /// Per language, most code first.
    pub languages: Vec<LanguageStats>,
    /// Tests.
    pub tests: TestsInventory,
    /// CI pipelines.
    pub ci: Vec<CiInventory>,
    /// Licences.
    pub licenses: LicensesInventory,
    /// Dependencies.
    pub dependencies: Vec<DependencyInventory>,
    /// Files by classification.
    pub classified: Classified,
    /// What the git history says about the team (when the `team` check ran on a repository).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<crate::facts::history::TeamAnalysis>,
}

/// `inventory.tests`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestsInventory {
    /// Files that hold tests.
    pub test_files: u64,
    /// Code lines in them.
    pub test_code_lines: u64,
    /// Test frameworks found.
    pub frameworks: Vec<String>,
    /// Test and production code per language family (an addition to the contract).
    #[serde(default)]
    pub per_language: Vec<LanguageTestsInventory>,
}

/// Tests against production code in one language family.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageTestsInventory {
    /// The language family.
    pub language: String,
    /// Production code lines.
    pub production_code: u64,
    /// Test code lines.
    pub test_code: u64,
    /// Test files.
    pub test_files: u64,
    /// Test cases, where they can be counted.
    pub test_cases: Option<u64>,
    /// Inputs of data-driven suites (fixture files each run as a case), apart from the cases.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub data_inputs: u64,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One CI pipeline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiInventory {
    /// `github-actions`, `gitlab-ci`, …
    pub provider: String,
    /// The file.
    pub path: String,
    /// Whether it runs tests.
    pub runs_tests: bool,
}

/// `inventory.licenses`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LicensesInventory {
    /// The project's licence as one SPDX expression, when the evidence agrees.
    pub project: Option<String>,
    /// Licence files and what they matched.
    pub files: Vec<LicenseFileInventory>,
    /// How the product ships, as inferred from the tree: `model` (library, cli, server,
    /// web-app, mobile-app, desktop-app) and `evidence`; null when nothing says.
    #[serde(default)]
    pub distribution: Option<DistributionInventory>,
    /// Bundled third-party code listed by the inventories (`NOTICE`, third-party notices):
    /// `inventory` (the file), `name`, `version`, `license` (SPDX, when the words name one),
    /// `stated` (the words, when they name none) and `line`.
    #[serde(default)]
    pub bundled: Vec<crate::facts::licenses::notices::Listed>,
}

/// The inferred distribution model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistributionInventory {
    /// `library`, `cli`, `server`, `web-app`, `mobile-app` or `desktop-app`.
    pub model: String,
    /// What decided it.
    pub evidence: String,
}

/// A licence file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseFileInventory {
    /// The file.
    pub path: String,
    /// The SPDX id matched, or null when unrecognised.
    pub spdx: Option<String>,
    /// Match confidence, 0–1.
    pub confidence: f64,
    /// A third-party inventory (`NOTICE`, third-party notices): read for bundled code, not
    /// matched as the product's licence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inventory: bool,
}

/// One dependency, per the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyInventory {
    /// `cargo`, `npm`, `pypi`, …
    pub ecosystem: String,
    /// Package name.
    pub name: String,
    /// Version in use.
    pub version: String,
    /// Declared directly by the project.
    pub direct: bool,
    /// The manifest or lockfile it came from.
    pub manifest: String,
    /// Newest stable version (null offline).
    pub latest: Option<String>,
    /// When the version in use was published.
    pub published: Option<String>,
    /// When the newest version was published.
    pub latest_published: Option<String>,
    /// Years between the two.
    pub libyears: Option<f64>,
    /// Declared licence (SPDX).
    pub license: Option<String>,
    /// Development-only.
    #[serde(default)]
    pub dev: bool,
    /// Package URL (`pkg:cargo/serde@1.0.100`).
    #[serde(default)]
    pub purl: Option<String>,
    /// Archive digests recorded by the lockfile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<crate::facts::dependency::PackageHash>,
}

/// Files by classification (paths relative to the target).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classified {
    /// Package manifests.
    pub manifests: Vec<String>,
    /// Lockfiles.
    pub lockfiles: Vec<String>,
    /// CI definitions.
    pub ci: Vec<String>,
    /// Licence and notice files.
    pub licenses: Vec<String>,
    /// Project documentation (root, `docs/`, `.github/`).
    pub docs: Vec<String>,
    /// Repository automation and policy files.
    pub automation: Vec<String>,
    /// How many files are tests by path convention.
    pub test_files: u64,
    /// How many are source code.
    pub source_files: u64,
}

/// What the audit covered and left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    /// Whether the network was used.
    pub offline: bool,
    /// The size cap in bytes.
    pub max_file_size: u64,
    /// Configured exclude globs (on top of ignore files).
    pub exclude: Vec<String>,
    /// The configuration file used, if any.
    pub config: Option<String>,
    /// Checks that were disabled by configuration.
    pub disabled_checks: Vec<String>,
    /// Entries not counted (symlinks, special files).
    pub skipped: Vec<SkippedEntry>,
    /// Files counted but whose content was not scanned, with the reason.
    pub not_scanned: Vec<NotScannedFile>,
    /// Files and lines per path role (product, test, fixture, docs, vendored, generated, build
    /// output), with the largest folders of each: what the audit judged as the product.
    #[serde(default)]
    pub roles: Vec<RoleScope>,
}

/// The files of one path role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleScope {
    /// The role.
    pub role: crate::facts::Role,
    /// Files in this role.
    pub files: u64,
    /// Lines of code in them (tokei).
    pub code: u64,
    /// The folders with most files of this role (up to five), with the rule that decided most
    /// of them.
    pub top_folders: Vec<RoleFolder>,
}

/// A folder's share of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFolder {
    /// The folder (`.` for the root), relative to the target.
    pub path: String,
    /// Files of the role in it.
    pub files: u64,
    /// Why they have the role.
    pub reason: String,
}

/// Files and code per role, with the top folders of each, in role order; roles without a file
/// are left out.
fn role_scope(facts: &RepoFacts) -> Vec<RoleScope> {
    use crate::facts::Role;
    let mut out = Vec::new();
    for role in Role::ALL {
        let mut files = 0;
        let mut code = 0;
        let mut folders: BTreeMap<&str, (u64, BTreeMap<&str, u64>)> = BTreeMap::new();
        for f in facts.files.iter().filter(|f| f.role == role) {
            files += 1;
            code += f.lines.map_or(0, |l| l.code);
            let folder = top_folder(&f.path, role);
            let entry = folders.entry(folder).or_default();
            entry.0 += 1;
            *entry.1.entry(f.role_reason).or_default() += 1;
        }
        if files == 0 {
            continue;
        }
        let mut top: Vec<RoleFolder> = folders
            .into_iter()
            .map(|(path, (n, reasons))| RoleFolder {
                path: path.to_owned(),
                files: n,
                reason: reasons
                    .into_iter()
                    .max_by_key(|(_, n)| *n)
                    .map(|(r, _)| r.to_owned())
                    .unwrap_or_default(),
            })
            .collect();
        top.sort_by(|a, b| b.files.cmp(&a.files).then_with(|| a.path.cmp(&b.path)));
        top.truncate(5);
        out.push(RoleScope {
            role,
            files,
            code,
            top_folders: top,
        });
    }
    out
}

/// The folder a file is summarised under: for product code its first two folders
/// (`crates/core`), for the other roles the folder down to the one that gave the role
/// (`tests/fixtures`), at most three deep.
fn top_folder(path: &str, role: crate::facts::Role) -> &str {
    let depth = if role.is_product() { 2 } else { 3 };
    let dirs = path.matches('/').count();
    if dirs == 0 {
        return ".";
    }
    let take = dirs.min(depth);
    let end = path
        .match_indices('/')
        .nth(take - 1)
        .map_or(path.len(), |(i, _)| i);
    &path[..end]
}

/// A file whose content was not scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotScannedFile {
    /// The file.
    pub path: String,
    /// `binary`, `too-large` or `unreadable`.
    pub reason: String,
}

/// One evaluated check, as the engine hands it to the report.
pub struct Evaluated<'a> {
    /// Its metadata.
    pub meta: &'a CheckMeta,
    /// Its configured weight.
    pub weight: f64,
    /// What it concluded.
    pub evaluation: Evaluation,
}

/// The run's context that is not a fact about the tree.
pub struct RunInfo {
    /// When the audit started (RFC 3339).
    pub generated_at: String,
    /// How long it took.
    pub duration_ms: u64,
    /// The configuration file used.
    pub config: Option<String>,
    /// The configured exclude globs.
    pub exclude: Vec<String>,
    /// Checks disabled by configuration.
    pub disabled_checks: Vec<String>,
}

/// The score's inputs: each evaluated check with its weight.
#[must_use]
pub fn score_inputs<'a>(evaluated: &'a [Evaluated<'_>]) -> Vec<score::Input<'a>> {
    evaluated
        .iter()
        .map(|e| score::Input {
            id: &e.meta.id,
            weight: e.weight,
            evaluation: &e.evaluation,
        })
        .collect()
}

impl Report {
    /// Builds the report: scores, categories, sorted findings with fingerprints, inventory.
    #[must_use]
    pub fn build(facts: &RepoFacts, evaluated: Vec<Evaluated<'_>>, run: RunInfo) -> Self {
        let inputs = score_inputs(&evaluated);
        let score = score::aggregate(&inputs);
        let mut categories: BTreeMap<String, CategoryScore> = BTreeMap::new();
        let mut by_cat: BTreeMap<Category, Vec<score::Input<'_>>> = BTreeMap::new();
        for (e, input) in evaluated.iter().zip(&inputs) {
            by_cat.entry(e.meta.category).or_default().push(*input);
        }
        for (cat, inputs) in by_cat {
            categories.insert(
                cat.as_str().to_owned(),
                CategoryScore {
                    score: score::weighted_mean(&inputs),
                    weight: inputs
                        .iter()
                        .filter(|i| i.evaluation.score.is_some())
                        .map(|i| i.weight)
                        .sum(),
                    checks: inputs.iter().map(|i| i.id.to_owned()).collect(),
                },
            );
        }
        let checks: Vec<CheckResult> = evaluated
            .into_iter()
            .map(|e| check_result(e.meta, e.weight, e.evaluation))
            .collect();
        let inventory = inventory(facts);
        let coverage = coverage(facts, &checks, &inventory);
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            target: Target {
                path: facts.root.display().to_string(),
                name: facts.name.clone(),
                git: TargetGit {
                    head: facts.git.as_ref().and_then(|g| g.head.clone()),
                    branch: facts.git.as_ref().and_then(|g| g.branch.clone()),
                },
            },
            generated_at: run.generated_at,
            duration_ms: run.duration_ms,
            score,
            categories,
            checks,
            inventory,
            policy: Policy::default(),
            coverage,
            scope: Scope {
                offline: facts.offline,
                max_file_size: facts.max_file_size,
                exclude: run.exclude,
                config: run.config,
                disabled_checks: run.disabled_checks,
                skipped: facts.skipped.clone(),
                not_scanned: facts
                    .files
                    .iter()
                    .filter_map(|f| {
                        f.not_scanned.map(|r| NotScannedFile {
                            path: f.path.clone(),
                            reason: match r {
                                NotScanned::Binary => "binary",
                                NotScanned::TooLarge => "too-large",
                                NotScanned::Unreadable => "unreadable",
                            }
                            .into(),
                        })
                    })
                    .collect(),
                roles: role_scope(facts),
            },
            warnings: facts.warnings.clone(),
        }
    }

    /// Every finding of every check, with its check id.
    pub fn findings(&self) -> impl Iterator<Item = (&CheckResult, &ReportFinding)> {
        self.checks
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
    }
}

fn check_result(meta: &CheckMeta, weight: f64, evaluation: Evaluation) -> CheckResult {
    let mut findings: Vec<ReportFinding> = evaluation
        .findings
        .into_iter()
        .map(|finding| ReportFinding {
            fingerprint: fingerprint(&meta.id, &finding),
            finding,
        })
        .collect();
    findings.sort_by(|a, b| {
        (
            &a.finding.path,
            a.finding.line,
            &a.finding.rule,
            &a.finding.message,
        )
            .cmp(&(
                &b.finding.path,
                b.finding.line,
                &b.finding.rule,
                &b.finding.message,
            ))
    });
    CheckResult {
        id: meta.id.clone(),
        code: meta.code.clone(),
        title: meta.title.clone(),
        category: meta.category,
        status: evaluation.status,
        score: evaluation.score,
        weight,
        summary: evaluation.summary,
        explanation: evaluation.explanation,
        rationale: meta.rationale.clone(),
        findings,
    }
}

/// A finding's fingerprint: independent of the line, so that moving code does not make an old
/// finding look resolved and a new one appear.
#[must_use]
pub fn fingerprint(check_id: &str, f: &Finding) -> String {
    fingerprint_at(check_id, f, f.path.as_deref().unwrap_or(""))
}

/// The fingerprints of every place a finding stands for: its own, then that of the same
/// finding at each place of its `also` (the secrets check's one finding for a value found in
/// several files), so that a baseline that accepts the finding accepts each of its places.
#[must_use]
pub fn place_fingerprints(check_id: &str, f: &Finding) -> Vec<String> {
    std::iter::once(fingerprint(check_id, f))
        .chain(f.also.iter().map(|l| fingerprint_at(check_id, f, &l.path)))
        .collect()
}

fn fingerprint_at(check_id: &str, f: &Finding, path: &str) -> String {
    let mut h = Sha256::new();
    for part in [
        check_id,
        &f.rule,
        path,
        f.evidence.as_deref().unwrap_or(&f.message),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    faster_hex::hex_string(&digest[..8])
}

fn inventory(facts: &RepoFacts) -> Inventory {
    let paths =
        |kind: FileKind| -> Vec<String> { facts.files_of(kind).map(|f| f.path.clone()).collect() };
    let tests: Vec<_> = facts.files_of(FileKind::TEST).collect();
    Inventory {
        files: facts.files.len() as u64,
        bytes: facts.total_bytes(),
        languages: facts.languages(),
        tests: TestsInventory {
            test_files: facts.tests.test_files.len() as u64,
            test_code_lines: facts.tests.test_code_lines(),
            frameworks: facts.tests.framework_names(),
            per_language: facts
                .tests
                .languages
                .iter()
                .map(|l| LanguageTestsInventory {
                    language: l.language.to_owned(),
                    production_code: l.production_code,
                    test_code: l.test_code,
                    test_files: l.test_files,
                    test_cases: l.test_cases,
                    data_inputs: l.data_inputs,
                })
                .collect(),
        },
        ci: facts
            .ci
            .pipelines
            .iter()
            .map(|p| CiInventory {
                provider: p.provider.to_owned(),
                path: p.path.clone(),
                runs_tests: p.runs_tests(),
            })
            .collect(),
        dependencies: facts
            .dependencies
            .iter()
            .map(|d| {
                let info = d.registry.as_ref();
                DependencyInventory {
                    ecosystem: d.ecosystem.as_str().to_owned(),
                    name: d.name.clone(),
                    version: d.version.clone(),
                    direct: d.direct,
                    manifest: d.manifest.clone(),
                    latest: info.and_then(|r| r.latest.clone()),
                    published: info.and_then(|r| r.published.clone()),
                    latest_published: info.and_then(|r| r.latest_published.clone()),
                    // Two decimals: enough for a reader, stable across runs.
                    libyears: d.libyears().map(|y| (y * 100.0).round() / 100.0),
                    license: d.best_license().map(str::to_owned),
                    dev: d.dev,
                    purl: cyclonedx::purl(d.ecosystem.as_str(), &d.name, &d.version),
                    hashes: d.hashes.clone(),
                }
            })
            .collect(),
        licenses: LicensesInventory {
            project: facts.licenses.project.clone(),
            bundled: facts.licenses.bundled.clone(),
            distribution: facts
                .licenses
                .distribution
                .as_ref()
                .map(|d| DistributionInventory {
                    model: d.model.as_str().to_owned(),
                    evidence: d.evidence.clone(),
                }),
            files: facts
                .files_of(FileKind::LICENSE)
                .filter_map(|f| {
                    let t = f.scan.licenses.text.as_ref()?;
                    Some(LicenseFileInventory {
                        path: f.path.clone(),
                        spdx: t.expression(),
                        confidence: (f64::from(t.confidence()) * 1000.0).round() / 1000.0,
                        inventory: crate::facts::licenses::is_notice(f),
                    })
                })
                .collect(),
        },
        classified: Classified {
            manifests: paths(FileKind::MANIFEST),
            lockfiles: paths(FileKind::LOCKFILE),
            ci: paths(FileKind::CI),
            licenses: paths(FileKind::LICENSE),
            docs: facts
                .files_of(FileKind::DOC)
                .filter(|f| f.text.is_some())
                .map(|f| f.path.clone())
                .collect(),
            automation: paths(FileKind::AUTOMATION),
            test_files: tests.len() as u64,
            source_files: facts.files_of(FileKind::SOURCE).count() as u64,
        },
        team: crate::facts::history::analyze(facts),
    }
}

/// Renders `report` in `format`.
///
/// # Errors
/// When a template fails or the writer fails.
pub fn render(report: &Report, format: Format, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::Render {
        format: format!("{format:?}"),
        message: e.to_string(),
    };
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, report).map_err(|e| Error::Render {
                format: "json".into(),
                message: e.to_string(),
            })?;
            out.write_all(b"\n").map_err(io)
        }
        Format::Sarif => {
            let sarif = sarif::to_sarif(report);
            serde_json::to_writer_pretty(&mut *out, &sarif).map_err(|e| Error::Render {
                format: "sarif".into(),
                message: e.to_string(),
            })?;
            out.write_all(b"\n").map_err(io)
        }
        Format::Cyclonedx => {
            let bom = cyclonedx::to_cyclonedx(report);
            serde_json::to_writer_pretty(&mut *out, &bom).map_err(|e| Error::Render {
                format: "cyclonedx".into(),
                message: e.to_string(),
            })?;
            out.write_all(b"\n").map_err(io)
        }
        Format::Md => template::render(report, "report.md.j2", out),
        Format::Html => template::render(report, "report.html.j2", out),
    }
}

/// Severity order for sorting (most severe first).
#[must_use]
pub fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low => 3,
        Severity::Info => 4,
    }
}
