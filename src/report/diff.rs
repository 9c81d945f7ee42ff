//! `diligence diff OLD.json NEW.json`: what improved and what regressed between two audits.
//!
//! [`diff`] compares two [`Report`]s and does no IO: the command line reads the files and hands
//! their text to [`parse_report`], which refuses anything that is not a diligence JSON report of
//! the [`SCHEMA_VERSION`] this build reads.
//!
//! - **Score**: overall score and grade, before and after, and the change.
//! - **Checks**: per check id, status and score before and after; checks only in one report are
//!   `added` or `removed`.
//! - **Findings** are matched by their stable fingerprint (check, rule, path, evidence or
//!   message), never by line: a finding that moved to another line is neither resolved nor new.
//!   Fingerprints are compared as multisets, so two identical findings in the old report and one
//!   in the new one give one resolved finding. A place that one report lists as a finding and
//!   the other as another finding's `also` (one secret in several files, merged or split since)
//!   is neither resolved nor new.
//! - **Dependencies** are keyed by (ecosystem, name, manifest): a version that changed is
//!   `updated`, a key only in the new report is `added`, only in the old one `removed`. A key
//!   with several versions (two majors of one crate in a lockfile) pairs the versions that
//!   disappeared with those that appeared, in order.
//! - **Libyears**: the total over the dependencies whose age is known, when either report knows
//!   any (offline audits know none).
//!
//! # JSON shape (`--format json`)
//!
//! ```jsonc
//! {
//!   "schema_version": 1,
//!   "old": { "name": "app", "generated_at": "…", "head": "sha or null" },
//!   "new": { "name": "app", "generated_at": "…", "head": "sha or null" },
//!   "score": { "old": 61.2, "new": 78.4, "delta": 17.2, "old_grade": "D", "new_grade": "C" },
//!   "checks": [
//!     { "id": "secrets", "title": "Hard-coded secrets",
//!       "change": "improved|regressed|changed|unchanged|added|removed",
//!       "old": { "status": "fail", "score": 40 },     // null when added
//!       "new": { "status": "pass", "score": 100 },    // null when removed
//!       "delta": 60 }                                 // null unless scored in both
//!   ],
//!   "findings": {
//!     "resolved": [ { "check": "secrets", "fingerprint": "…", "rule": "…",
//!                     "severity": "critical", "message": "…", "path": "a/b or null",
//!                     "line": 3, "suppressed": false } ],
//!     "new": [ /* same shape */ ],
//!     "unchanged": 14
//!   },
//!   "dependencies": {
//!     "updated": [ { "ecosystem": "cargo", "name": "serde", "manifest": "Cargo.lock",
//!                    "old_version": "1.0.100", "new_version": "1.0.200", "direct": true } ],
//!     "added":   [ { "ecosystem": "npm", "name": "x", "manifest": "…", "version": "1.0.0",
//!                    "direct": false } ],
//!     "removed": [ /* same shape as added */ ]
//!   },
//!   "libyears": { "old": 12.4, "new": 8.1, "delta": -4.3 },   // null when neither knows any
//!   "regression": false   // score went down, or new high/critical findings that count
//! }
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{CheckResult, Report, ReportFinding, SCHEMA_VERSION};
use crate::check::{Severity, Status};
use crate::score::Grade;

/// The version of the diff's JSON shape.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// Everything that changed between two reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDiff {
    /// Always [`DIFF_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The earlier audit.
    pub old: Side,
    /// The later audit.
    pub new: Side,
    /// The overall score.
    pub score: ScoreChange,
    /// Every check of either report: the old report's order, then checks only in the new one.
    pub checks: Vec<CheckChange>,
    /// Findings resolved and new.
    pub findings: FindingChanges,
    /// Dependencies updated, added and removed.
    pub dependencies: DependencyChanges,
    /// Total libyears, when either report knows the age of any dependency.
    pub libyears: Option<Change>,
    /// Whether this is a regression: the overall score went down, or new high or critical
    /// findings appeared that count (are not suppressed).
    pub regression: bool,
}

/// Which audit a side of the diff is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// The audited directory's name.
    pub name: String,
    /// When the audit ran.
    pub generated_at: String,
    /// The git HEAD audited, if any.
    pub head: Option<String>,
}

/// The overall score before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreChange {
    /// Before.
    pub old: f64,
    /// After.
    pub new: f64,
    /// `new - old`, one decimal.
    pub delta: f64,
    /// Grade before.
    pub old_grade: Grade,
    /// Grade after.
    pub new_grade: Grade,
}

/// A number before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Before.
    pub old: f64,
    /// After.
    pub new: f64,
    /// `new - old`, two decimals.
    pub delta: f64,
}

/// How a check changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckChangeKind {
    /// Its score went up.
    Improved,
    /// Its score went down.
    Regressed,
    /// Same score (or no score on either side) but another status.
    Changed,
    /// Same status and score.
    Unchanged,
    /// Only in the new report.
    Added,
    /// Only in the old report.
    Removed,
}

/// A check's status and score in one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckState {
    /// Verdict.
    pub status: Status,
    /// Score (null when skipped or errored).
    pub score: Option<u8>,
}

/// One check, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckChange {
    /// Stable id.
    pub id: String,
    /// Title (from the new report when in both).
    pub title: String,
    /// How it changed.
    pub change: CheckChangeKind,
    /// Before (null when added).
    pub old: Option<CheckState>,
    /// After (null when removed).
    pub new: Option<CheckState>,
    /// Score change, when scored in both.
    pub delta: Option<i16>,
}

/// Findings resolved and new.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FindingChanges {
    /// In the old report, not in the new one: most severe first.
    pub resolved: Vec<DiffFinding>,
    /// In the new report, not in the old one: most severe first.
    pub new: Vec<DiffFinding>,
    /// How many are in both.
    pub unchanged: usize,
}

/// A finding, as the diff lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffFinding {
    /// The check that reported it.
    pub check: String,
    /// Its stable fingerprint.
    pub fingerprint: String,
    /// The rule within the check.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// What was found.
    pub message: String,
    /// The file, if any.
    pub path: Option<String>,
    /// The line, if any (in the report it comes from).
    pub line: Option<u32>,
    /// Whether it was suppressed (and so did not count).
    pub suppressed: bool,
}

/// Dependencies updated, added and removed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DependencyChanges {
    /// Same (ecosystem, name, manifest), another version.
    pub updated: Vec<DependencyUpdate>,
    /// Only in the new report.
    pub added: Vec<DependencyRef>,
    /// Only in the old report.
    pub removed: Vec<DependencyRef>,
}

/// A dependency whose version changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyUpdate {
    /// `cargo`, `npm`, …
    pub ecosystem: String,
    /// Package name.
    pub name: String,
    /// Manifest or lockfile.
    pub manifest: String,
    /// Version before.
    pub old_version: String,
    /// Version after.
    pub new_version: String,
    /// Declared directly (in the new report).
    pub direct: bool,
}

/// A dependency added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyRef {
    /// `cargo`, `npm`, …
    pub ecosystem: String,
    /// Package name.
    pub name: String,
    /// Manifest or lockfile.
    pub manifest: String,
    /// Version.
    pub version: String,
    /// Declared directly.
    pub direct: bool,
}

/// Why a file is not a report the diff can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not JSON at all.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not a diligence report.
    #[error("not a diligence JSON report (write one with `diligence audit --format json`)")]
    NotAReport,
    /// A diligence report of another schema version.
    #[error(
        "report schema_version {found}, this version of diligence reads schema_version {expected}"
    )]
    SchemaVersion {
        /// The version in the file.
        found: u64,
        /// The version this build reads.
        expected: u32,
    },
    /// A diligence report of the right version whose content does not match the schema.
    #[error("malformed diligence report: {0}")]
    Malformed(String),
}

/// Parses a JSON report, checking that it is a diligence report of [`SCHEMA_VERSION`].
///
/// # Errors
/// When the text is not JSON, not a diligence report, of another schema version, or malformed.
pub fn parse_report(text: &str) -> Result<Report, ParseError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ParseError::NotJson(e.to_string()))?;
    let is_ours = value
        .get("tool")
        .and_then(|t| t.get("name"))
        .and_then(serde_json::Value::as_str)
        == Some("diligence");
    let version = value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64);
    let Some(version) = version.filter(|_| is_ours) else {
        return Err(ParseError::NotAReport);
    };
    if version != u64::from(SCHEMA_VERSION) {
        return Err(ParseError::SchemaVersion {
            found: version,
            expected: SCHEMA_VERSION,
        });
    }
    serde_json::from_value(value).map_err(|e| ParseError::Malformed(e.to_string()))
}

/// Compares two reports.
#[must_use]
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let score = ScoreChange {
        old: old.score.overall,
        new: new.score.overall,
        delta: round(new.score.overall - old.score.overall, 10.0),
        old_grade: old.score.grade,
        new_grade: new.score.grade,
    };
    let findings = diff_findings(old, new);
    let regression = score.delta < 0.0
        || findings
            .new
            .iter()
            .any(|f| !f.suppressed && f.severity >= Severity::High);
    ReportDiff {
        schema_version: DIFF_SCHEMA_VERSION,
        old: side(old),
        new: side(new),
        score,
        checks: diff_checks(old, new),
        findings,
        dependencies: diff_dependencies(old, new),
        libyears: diff_libyears(old, new),
        regression,
    }
}

fn side(r: &Report) -> Side {
    Side {
        name: r.target.name.clone(),
        generated_at: r.generated_at.clone(),
        head: r.target.git.head.clone(),
    }
}

fn round(x: f64, scale: f64) -> f64 {
    let r = (x * scale).round() / scale;
    // No "-0.0" in the output.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn state(c: &CheckResult) -> CheckState {
    CheckState {
        status: c.status,
        score: c.score,
    }
}

fn diff_checks(old: &Report, new: &Report) -> Vec<CheckChange> {
    let mut out = Vec::new();
    for o in &old.checks {
        let n = new.checks.iter().find(|n| n.id == o.id);
        let (change, delta) = match n {
            None => (CheckChangeKind::Removed, None),
            Some(n) => {
                let delta = match (o.score, n.score) {
                    (Some(a), Some(b)) => Some(i16::from(b) - i16::from(a)),
                    _ => None,
                };
                let change = match delta {
                    Some(d) if d > 0 => CheckChangeKind::Improved,
                    Some(d) if d < 0 => CheckChangeKind::Regressed,
                    _ if state(o) != state(n) => CheckChangeKind::Changed,
                    _ => CheckChangeKind::Unchanged,
                };
                (change, delta)
            }
        };
        out.push(CheckChange {
            id: o.id.clone(),
            title: n.map_or(&o.title, |n| &n.title).clone(),
            change,
            old: Some(state(o)),
            new: n.map(state),
            delta,
        });
    }
    for n in new
        .checks
        .iter()
        .filter(|n| !old.checks.iter().any(|o| o.id == n.id))
    {
        out.push(CheckChange {
            id: n.id.clone(),
            title: n.title.clone(),
            change: CheckChangeKind::Added,
            old: None,
            new: Some(state(n)),
            delta: None,
        });
    }
    out
}

fn diff_finding(check: &CheckResult, f: &ReportFinding) -> DiffFinding {
    DiffFinding {
        check: check.id.clone(),
        fingerprint: f.fingerprint.clone(),
        rule: f.finding.rule.to_string(),
        severity: f.finding.severity,
        message: f.finding.message.clone(),
        path: f.finding.path.clone(),
        line: f.finding.line,
        suppressed: f.finding.suppressed.is_some(),
    }
}

fn diff_findings(old: &Report, new: &Report) -> FindingChanges {
    let group = |r: &Report| {
        let mut m: BTreeMap<(String, String), Vec<DiffFinding>> = BTreeMap::new();
        for (c, f) in r.findings() {
            m.entry((c.id.clone(), f.fingerprint.clone()))
                .or_default()
                .push(diff_finding(c, f));
        }
        m
    };
    let old_by = group(old);
    let mut new_by = group(new);
    let mut changes = FindingChanges::default();
    for (key, olds) in old_by {
        let news = new_by.remove(&key).unwrap_or_default();
        let both = olds.len().min(news.len());
        changes.unchanged += both;
        // Copies with one fingerprint are interchangeable: the surplus on either side is what
        // was resolved or is new.
        changes.resolved.extend(olds.into_iter().skip(both));
        changes.new.extend(news.into_iter().skip(both));
    }
    for (_, news) in new_by {
        changes.new.extend(news);
    }
    // A place that one report lists as a finding of its own and the other as another
    // finding's `also` (the same secret, merged since or split since) is neither resolved nor
    // new.
    let places = |r: &Report| -> BTreeSet<(String, String)> {
        r.findings()
            .flat_map(|(c, f)| {
                super::place_fingerprints(&c.id, &f.finding)
                    .into_iter()
                    .skip(1)
                    .map(|p| (c.id.clone(), p))
            })
            .collect()
    };
    let (old_places, new_places) = (places(old), places(new));
    let before = changes.resolved.len() + changes.new.len();
    changes
        .resolved
        .retain(|f| !new_places.contains(&(f.check.clone(), f.fingerprint.clone())));
    changes
        .new
        .retain(|f| !old_places.contains(&(f.check.clone(), f.fingerprint.clone())));
    changes.unchanged += before - changes.resolved.len() - changes.new.len();
    sort_findings(&mut changes.resolved);
    sort_findings(&mut changes.new);
    changes
}

/// Most severe first, then check, path, line.
fn sort_findings(list: &mut [DiffFinding]) {
    list.sort_by(|a, b| {
        (b.severity, &a.check, &a.path, a.line, &a.rule, &a.message)
            .cmp(&(a.severity, &b.check, &b.path, b.line, &b.rule, &b.message))
    });
}

type DepKey = (String, String, String);

fn group_dependencies(r: &Report) -> BTreeMap<DepKey, Vec<(String, bool)>> {
    let mut m: BTreeMap<DepKey, Vec<(String, bool)>> = BTreeMap::new();
    for d in &r.inventory.dependencies {
        m.entry((d.ecosystem.clone(), d.name.clone(), d.manifest.clone()))
            .or_default()
            .push((d.version.clone(), d.direct));
    }
    for versions in m.values_mut() {
        // Direct first, so that a version listed twice is kept as direct.
        versions.sort_by(|a, b| (&a.0, !a.1).cmp(&(&b.0, !b.1)));
        versions.dedup_by(|a, b| a.0 == b.0);
    }
    m
}

fn diff_dependencies(old: &Report, new: &Report) -> DependencyChanges {
    let old_by = group_dependencies(old);
    let mut new_by = group_dependencies(new);
    let mut changes = DependencyChanges::default();
    let dep_ref = |key: &DepKey, (version, direct): (String, bool)| DependencyRef {
        ecosystem: key.0.clone(),
        name: key.1.clone(),
        manifest: key.2.clone(),
        version,
        direct,
    };
    for (key, olds) in old_by {
        let news = new_by.remove(&key).unwrap_or_default();
        let gone: Vec<(String, bool)> = olds
            .iter()
            .filter(|o| !news.iter().any(|n| n.0 == o.0))
            .cloned()
            .collect();
        let came: Vec<(String, bool)> = news
            .iter()
            .filter(|n| !olds.iter().any(|o| o.0 == n.0))
            .cloned()
            .collect();
        let paired = gone.len().min(came.len());
        for (o, n) in gone.iter().zip(&came) {
            changes.updated.push(DependencyUpdate {
                ecosystem: key.0.clone(),
                name: key.1.clone(),
                manifest: key.2.clone(),
                old_version: o.0.clone(),
                new_version: n.0.clone(),
                direct: n.1,
            });
        }
        for o in gone.into_iter().skip(paired) {
            changes.removed.push(dep_ref(&key, o));
        }
        for n in came.into_iter().skip(paired) {
            changes.added.push(dep_ref(&key, n));
        }
    }
    for (key, news) in new_by {
        for n in news {
            changes.added.push(dep_ref(&key, n));
        }
    }
    changes
}

fn total_libyears(r: &Report) -> Option<f64> {
    let known: Vec<f64> = r
        .inventory
        .dependencies
        .iter()
        .filter_map(|d| d.libyears)
        .collect();
    (!known.is_empty()).then(|| known.iter().sum())
}

fn diff_libyears(old: &Report, new: &Report) -> Option<Change> {
    let (o, n) = (total_libyears(old), total_libyears(new));
    if o.is_none() && n.is_none() {
        return None;
    }
    let (o, n) = (
        round(o.unwrap_or(0.0), 100.0),
        round(n.unwrap_or(0.0), 100.0),
    );
    Some(Change {
        old: o,
        new: n,
        delta: round(n - o, 100.0),
    })
}

impl ReportDiff {
    /// Whether the diff reports nothing at all (same score, checks, findings, dependencies).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.score.delta == 0.0
            && self
                .checks
                .iter()
                .all(|c| c.change == CheckChangeKind::Unchanged)
            && self.findings.resolved.is_empty()
            && self.findings.new.is_empty()
            && self.dependencies.updated.is_empty()
            && self.dependencies.added.is_empty()
            && self.dependencies.removed.is_empty()
    }
}

/// The terminal summary (`--format text`), from `report-templates/diff.txt.j2`.
///
/// # Errors
/// Only if the embedded template fails to render (a bug the tests would catch).
pub fn render_text(d: &ReportDiff) -> crate::error::Result<String> {
    super::template::render_diff(d, "diff.txt.j2")
}

/// The Markdown summary (`--format md`): tables that render on GitHub, from
/// `report-templates/diff.md.j2`.
///
/// # Errors
/// Only if the embedded template fails to render (a bug the tests would catch).
pub fn render_markdown(d: &ReportDiff) -> crate::error::Result<String> {
    super::template::render_diff(d, "diff.md.j2")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Category, Finding};
    use crate::report::{
        fingerprint, DependencyInventory, Inventory, Scope, Target, TargetGit, Tool,
    };
    use crate::score::Score;

    fn finding(rule: &'static str, sev: Severity, path: &str, line: u32, msg: &str) -> Finding {
        Finding::new(rule, sev, msg, "fix it").at(path, Some(line))
    }

    fn check(id: &str, score: Option<u8>, findings: Vec<Finding>) -> CheckResult {
        CheckResult {
            id: id.into(),
            code: "X001".into(),
            title: format!("The {id} check"),
            category: Category::Quality,
            status: score.map_or(Status::Skipped, Status::from_score),
            score,
            weight: 5.0,
            summary: String::new(),
            explanation: String::new(),
            rationale: String::new(),
            findings: findings
                .into_iter()
                .map(|f| ReportFinding {
                    fingerprint: fingerprint(id, &f),
                    finding: f,
                })
                .collect(),
        }
    }

    fn dep(name: &str, version: &str, libyears: Option<f64>) -> DependencyInventory {
        DependencyInventory {
            ecosystem: "cargo".into(),
            name: name.into(),
            version: version.into(),
            direct: true,
            manifest: "Cargo.lock".into(),
            latest: None,
            published: None,
            latest_published: None,
            libyears,
            license: None,
            dev: false,
            purl: None,
            hashes: Vec::new(),
        }
    }

    fn report(overall: f64, checks: Vec<CheckResult>, deps: Vec<DependencyInventory>) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "diligence".into(),
                version: "0.0.0".into(),
            },
            target: Target {
                path: "/x/app".into(),
                name: "app".into(),
                git: TargetGit::default(),
            },
            generated_at: "2026-01-01T00:00:00Z".into(),
            duration_ms: 1,
            score: Score {
                overall,
                grade: Grade::from_score(overall),
                uncapped: overall,
                cap: None,
                explanation: String::new(),
            },
            categories: BTreeMap::new(),
            checks,
            policy: crate::report::Policy::default(),
            coverage: Vec::new(),
            inventory: Inventory {
                dependencies: deps,
                ..Inventory::default()
            },
            scope: Scope::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_finding_moved_to_another_line_is_neither_resolved_nor_new() {
        let old = report(
            70.0,
            vec![check(
                "secrets",
                Some(40),
                vec![finding("aws", Severity::Critical, "a.env", 3, "key")],
            )],
            vec![],
        );
        let new = report(
            70.0,
            vec![check(
                "secrets",
                Some(40),
                vec![finding("aws", Severity::Critical, "a.env", 30, "key")],
            )],
            vec![],
        );
        let d = diff(&old, &new);
        assert!(d.findings.resolved.is_empty(), "{:?}", d.findings.resolved);
        assert!(d.findings.new.is_empty(), "{:?}", d.findings.new);
        assert_eq!(d.findings.unchanged, 1);
        assert!(!d.regression);
        assert!(d.is_empty());
    }

    #[test]
    fn one_resolved_and_one_new() {
        let old = report(
            61.2,
            vec![check(
                "secrets",
                Some(40),
                vec![
                    finding("aws", Severity::Critical, "a.env", 3, "key"),
                    finding("generic", Severity::Low, "b.txt", 1, "token"),
                ],
            )],
            vec![],
        );
        let new = report(
            78.4,
            vec![check(
                "secrets",
                Some(90),
                vec![
                    finding("generic", Severity::Low, "b.txt", 2, "token"),
                    finding("slack", Severity::Medium, "c.py", 7, "webhook"),
                ],
            )],
            vec![],
        );
        let d = diff(&old, &new);
        assert_eq!(d.score.delta, 17.2);
        assert_eq!((d.score.old_grade, d.score.new_grade), (Grade::D, Grade::C));
        let rules = |l: &[DiffFinding]| l.iter().map(|f| f.rule.clone()).collect::<Vec<_>>();
        assert_eq!(rules(&d.findings.resolved), ["aws"]);
        assert_eq!(rules(&d.findings.new), ["slack"]);
        assert_eq!(d.findings.new[0].line, Some(7));
        assert_eq!(d.findings.unchanged, 1);
        assert_eq!(d.checks[0].change, CheckChangeKind::Improved);
        assert_eq!(d.checks[0].delta, Some(50));
        // A medium finding and a better score: not a regression.
        assert!(!d.regression);
        let text = render_text(&d).unwrap();
        assert!(
            text.starts_with("Score 61.2 (D) \u{2192} 78.4 (C), +17.2\n"),
            "{text}"
        );
        assert!(text.contains("critical  secrets  a.env:3  key"), "{text}");
        assert!(
            text.contains("medium    secrets  c.py:7  webhook"),
            "{text}"
        );
    }

    #[test]
    fn duplicate_fingerprints_are_counted() {
        let two = vec![
            finding("aws", Severity::Critical, "a.env", 3, "key"),
            finding("aws", Severity::Critical, "a.env", 9, "key"),
        ];
        let old = report(50.0, vec![check("secrets", Some(0), two)], vec![]);
        let new = report(
            50.0,
            vec![check(
                "secrets",
                Some(0),
                vec![finding("aws", Severity::Critical, "a.env", 3, "key")],
            )],
            vec![],
        );
        let d = diff(&old, &new);
        assert_eq!((d.findings.resolved.len(), d.findings.new.len()), (1, 0));
        let back = diff(&new, &old);
        assert_eq!(
            (back.findings.resolved.len(), back.findings.new.len()),
            (0, 1)
        );
        // A new critical finding is a regression even when the score holds.
        assert!(back.regression);
    }

    /// One secret in two files: listed twice before, once with the other place in `also`
    /// after (or the other way round). Nothing was resolved and nothing is new.
    #[test]
    fn a_place_merged_into_another_finding_is_neither_resolved_nor_new() {
        let at = |path: &str| {
            let mut f = finding("github-pat", Severity::High, path, 1, "token");
            f.evidence = Some("ghp_************QeW1".into());
            f
        };
        let apart = report(
            50.0,
            vec![check("secrets", Some(0), vec![at("a.py"), at("b.py")])],
            vec![],
        );
        let mut merged = at("a.py");
        merged.also.push(crate::check::Location {
            path: "b.py".into(),
            line: Some(1),
        });
        let together = report(50.0, vec![check("secrets", Some(0), vec![merged])], vec![]);
        for (old, new) in [(&apart, &together), (&together, &apart)] {
            let d = diff(old, new);
            assert_eq!(
                (
                    d.findings.resolved.len(),
                    d.findings.new.len(),
                    d.findings.unchanged
                ),
                (0, 0, 2),
                "{:?}",
                d.findings
            );
        }
        // One copy gone while the value stays elsewhere: the finding is not resolved; a
        // finding of its own that is gone is.
        let alone = report(
            50.0,
            vec![check("secrets", Some(0), vec![at("a.py")])],
            vec![],
        );
        let d = diff(&together, &alone);
        assert_eq!((d.findings.resolved.len(), d.findings.new.len()), (0, 0));
        let d = diff(&apart, &alone);
        assert_eq!((d.findings.resolved.len(), d.findings.new.len()), (1, 0));
    }

    #[test]
    fn the_same_finding_in_another_check_is_not_matched() {
        let f = || vec![finding("x", Severity::Low, "a", 1, "m")];
        let old = report(50.0, vec![check("tests", Some(50), f())], vec![]);
        let new = report(50.0, vec![check("ci", Some(50), f())], vec![]);
        let d = diff(&old, &new);
        assert_eq!((d.findings.resolved.len(), d.findings.new.len()), (1, 1));
        let kinds: Vec<_> = d.checks.iter().map(|c| (c.id.as_str(), c.change)).collect();
        assert_eq!(
            kinds,
            [
                ("tests", CheckChangeKind::Removed),
                ("ci", CheckChangeKind::Added)
            ]
        );
    }

    #[test]
    fn a_lower_score_is_a_regression_and_status_changes_show() {
        let old = report(
            80.0,
            vec![
                check("tests", Some(80), vec![]),
                check("team", None, vec![]),
            ],
            vec![],
        );
        let new = report(
            79.9,
            vec![
                check("tests", Some(60), vec![]),
                check("team", Some(90), vec![]),
            ],
            vec![],
        );
        let d = diff(&old, &new);
        assert!(d.regression);
        assert_eq!(d.score.delta, -0.1);
        assert_eq!(d.checks[0].change, CheckChangeKind::Regressed);
        assert_eq!(d.checks[0].delta, Some(-20));
        assert_eq!(d.checks[1].change, CheckChangeKind::Changed);
        assert_eq!(d.checks[1].delta, None);
        assert!(render_text(&d)
            .unwrap()
            .contains("skipped    \u{2192} pass 90"));
    }

    #[test]
    fn dependencies_bumped_added_removed_and_libyears() {
        let old = report(
            50.0,
            vec![],
            vec![
                dep("serde", "1.0.100", Some(6.0)),
                dep("rand", "0.7.0", Some(2.5)),
                dep("log", "0.4.0", None),
            ],
        );
        let new = report(
            50.0,
            vec![],
            vec![
                dep("serde", "1.0.200", Some(0.5)),
                dep("log", "0.4.0", None),
                dep("anyhow", "1.0.0", Some(0.0)),
            ],
        );
        let d = diff(&old, &new);
        assert_eq!(d.dependencies.updated.len(), 1);
        let u = &d.dependencies.updated[0];
        assert_eq!(
            (
                u.name.as_str(),
                u.old_version.as_str(),
                u.new_version.as_str()
            ),
            ("serde", "1.0.100", "1.0.200")
        );
        assert_eq!(
            d.dependencies
                .added
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["anyhow"]
        );
        assert_eq!(
            d.dependencies
                .removed
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["rand"]
        );
        assert_eq!(
            d.libyears,
            Some(Change {
                old: 8.5,
                new: 0.5,
                delta: -8.0
            })
        );
        let md = render_markdown(&d).unwrap();
        assert!(
            md.contains("| updated | cargo | serde | 1.0.100 \u{2192} 1.0.200 | Cargo.lock |"),
            "{md}"
        );
        assert!(md.contains("Libyears: 8.50 \u{2192} 0.50 (-8.00)."), "{md}");
    }

    #[test]
    fn two_versions_of_one_package_pair_up() {
        let old = report(
            50.0,
            vec![],
            vec![dep("syn", "1.0.0", None), dep("syn", "2.0.0", None)],
        );
        let new = report(
            50.0,
            vec![],
            vec![dep("syn", "1.0.0", None), dep("syn", "2.0.50", None)],
        );
        let d = diff(&old, &new);
        assert_eq!(d.dependencies.updated.len(), 1);
        assert_eq!(d.dependencies.updated[0].old_version, "2.0.0");
        assert!(d.dependencies.added.is_empty() && d.dependencies.removed.is_empty());
        // Offline audits know no ages: no libyears line.
        assert_eq!(d.libyears, None);
    }

    /// Two audits that differ in every way a diff shows: scores and checks (improved, regressed,
    /// added, removed), resolved, new and suppressed findings, dependencies, libyears.
    fn eventful_diff() -> ReportDiff {
        let mut suppressed = finding(
            "generic",
            Severity::High,
            "seed.sql",
            4,
            "password in a seed",
        );
        suppressed.suppressed = Some("baseline".into());
        let old = report(
            72.4,
            vec![
                check(
                    "secrets",
                    Some(40),
                    vec![finding(
                        "aws",
                        Severity::Critical,
                        "deploy/a.env",
                        3,
                        "AWS key",
                    )],
                ),
                check("tests", Some(90), vec![]),
                check("team", Some(60), vec![]),
            ],
            vec![
                dep("serde", "1.0.100", Some(6.0)),
                dep("rand", "0.7.0", Some(2.5)),
            ],
        );
        let new = report(
            68.9,
            vec![
                check("secrets", Some(95), vec![suppressed]),
                check(
                    "tests",
                    Some(70),
                    vec![finding(
                        "no-ci",
                        Severity::High,
                        "ci.yml",
                        1,
                        "tests do not run | ever",
                    )],
                ),
                check("licenses", None, vec![]),
            ],
            vec![
                dep("serde", "1.0.200", Some(0.5)),
                dep("anyhow", "1.0.0", Some(0.0)),
            ],
        );
        diff(&old, &new)
    }

    #[test]
    fn text_and_markdown_renderings() {
        let d = eventful_diff();
        insta::assert_snapshot!("diff_text", render_text(&d).unwrap());
        insta::assert_snapshot!("diff_markdown", render_markdown(&d).unwrap());
    }

    #[test]
    fn strings_from_the_tree_cannot_break_the_output() {
        let evil = "x|<script>\u{1b}[31m\n*";
        let old = report(50.0, vec![check("secrets", Some(50), vec![])], vec![]);
        let new = report(
            50.0,
            vec![check(
                "secrets",
                Some(50),
                vec![finding("r", Severity::Low, evil, 1, evil)],
            )],
            vec![],
        );
        let d = diff(&old, &new);
        let text = render_text(&d).unwrap();
        assert!(!text.contains('\u{1b}'), "{text:?}");
        let md = render_markdown(&d).unwrap();
        let row = md
            .lines()
            .find(|l| l.starts_with("| low"))
            .expect("a row for the finding");
        assert!(row.contains("x\\|&lt;script&gt;"), "{row}");
        assert_eq!(row.matches(" | ").count(), 3, "{row}");
    }

    #[test]
    fn parse_report_names_what_is_wrong() {
        let r = report(50.0, vec![], vec![]);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(parse_report(&json).unwrap(), r);
        assert!(matches!(
            parse_report("not json"),
            Err(ParseError::NotJson(_))
        ));
        assert_eq!(parse_report("{}"), Err(ParseError::NotAReport));
        assert_eq!(
            parse_report(r#"{"version":"2.1.0","runs":[]}"#),
            Err(ParseError::NotAReport)
        );
        let other = json.replacen("\"schema_version\":1", "\"schema_version\":2", 1);
        assert_eq!(
            parse_report(&other),
            Err(ParseError::SchemaVersion {
                found: 2,
                expected: 1
            })
        );
        let broken = json.replacen("\"checks\":[]", "\"checks\":7", 1);
        assert!(matches!(
            parse_report(&broken),
            Err(ParseError::Malformed(_))
        ));
    }
}
