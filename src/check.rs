//! The check interface: metadata, needs, and a pure `evaluate` over the facts.
//!
//! A check never touches the disk, the network, the environment or the clock: everything it
//! knows comes from [`RepoFacts`]. It returns an [`Evaluation`]: a status, a 0–100 score, one
//! sentence for a non-technical reader, one sentence on how the score was reached, and findings
//! with file and line.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::facts::{Needs, RepoFacts};

/// A number with its noun: `plural(1, "file", "files")` is "1 file", `plural(3, "file",
/// "files")` is "3 files" (what a report says, never "3 file(s)").
pub fn plural<N: fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", if n == N::from(1) { one } else { many })
}

#[cfg(test)]
mod plural_tests {
    #[test]
    fn a_number_takes_the_noun_for_it() {
        assert_eq!(super::plural(1usize, "file", "files"), "1 file");
        assert_eq!(super::plural(0u32, "file", "files"), "0 files");
        assert_eq!(
            super::plural(3u64, "file carries", "files carry"),
            "3 files carry"
        );
    }
}

/// Report categories. Each check belongs to one; the report gives a subtotal per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Credentials, vulnerabilities, supply chain.
    Security,
    /// Third-party code and its drift.
    Dependencies,
    /// Licences and ownership.
    Legal,
    /// Tests and code health.
    Quality,
    /// CI, automation and repository hygiene.
    Process,
    /// READMEs, guides and policies.
    Documentation,
    /// Who knows the code.
    Team,
}

impl Category {
    /// The kebab-case name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Dependencies => "dependencies",
            Category::Legal => "legal",
            Category::Quality => "quality",
            Category::Process => "process",
            Category::Documentation => "documentation",
            Category::Team => "team",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a check matters to the overall score; maps to its default weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    /// Weight 10.
    Critical,
    /// Weight 7.5.
    High,
    /// Weight 5.
    Medium,
    /// Weight 2.5.
    Low,
}

impl Risk {
    /// The default weight of a check with this risk.
    #[must_use]
    pub fn weight(self) -> f64 {
        match self {
            Risk::Critical => 10.0,
            Risk::High => 7.5,
            Risk::Medium => 5.0,
            Risk::Low => 2.5,
        }
    }
}

/// Maturity of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stability {
    /// New; its scoring may still change.
    Preview,
    /// Stable.
    Stable,
    /// Kept for compatibility; will be removed.
    Deprecated,
}

/// A check's metadata, from its `check.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckMeta {
    /// Stable kebab-case id (`secrets`, `documentation`, …), used in reports and config.
    pub id: String,
    /// Stable short code (`SEC001`), prefix by category.
    pub code: String,
    /// Human title.
    pub title: String,
    /// Report category.
    pub category: Category,
    /// Risk, which gives the default weight.
    pub risk: Risk,
    /// What the check looks at, in one sentence (for `diligence checks`).
    pub looks_at: String,
    /// Why it matters, for an investor and for an engineer.
    pub rationale: String,
    /// What to do when it fails.
    pub remediation: String,
    /// Maturity.
    pub status: Stability,
    /// The version that introduced it.
    pub since: String,
}

impl CheckMeta {
    /// Parses a `check.toml`. The tidy tests parse every one, so callers may `expect`.
    ///
    /// # Errors
    /// When the TOML does not match [`CheckMeta`].
    pub fn parse(toml_text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(toml_text)
    }

    /// The default weight (from the risk).
    #[must_use]
    pub fn default_weight(&self) -> f64 {
        self.risk.weight()
    }
}

/// Declares a check's metadata from the `check.toml` beside its module, parsed once.
#[macro_export]
macro_rules! check_meta {
    () => {
        fn meta(&self) -> &'static $crate::check::CheckMeta {
            static META: std::sync::LazyLock<$crate::check::CheckMeta> =
                std::sync::LazyLock::new(|| {
                    $crate::check::CheckMeta::parse(include_str!("check.toml"))
                        .expect("check.toml is valid (the tidy tests parse every one)")
                });
            &META
        }
    };
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Informational.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical: caps the overall grade.
    Critical,
}

impl Severity {
    /// Every severity, the most severe first.
    pub const DESCENDING: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One observation, with its evidence and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// What was observed: a stable kebab-case id within the check (`readme-missing`).
    pub rule: Cow<'static, str>,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence on what was found.
    pub message: String,
    /// The file, relative to the target, `/`-separated; `None` when not about a file.
    pub path: Option<String>,
    /// The 1-based line; `None` when not about a line.
    pub line: Option<u32>,
    /// Redacted evidence. Secrets are never here in full.
    pub evidence: Option<String>,
    /// What to do.
    pub remediation: String,
    /// Set when the finding is suppressed (inline marker, baseline, allowed path), with the
    /// reason. A suppressed finding is still reported, but counts for neither the check's score
    /// nor the grade cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
    /// The path role of the file concerned when it is not product code (a test, a fixture,
    /// documentation, vendored or generated code, build output). Such findings are listed
    /// apart, and count in the score only where the check's policy says they are a risk for the
    /// company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::facts::Role>,
    /// How sure the check is that the finding is what it says (the secrets check: high for a
    /// provider format with a fixed prefix or checksum, medium for a keyed assignment, low for
    /// a generic shape); `None` where a check does not grade it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<crate::facts::secrets::Confidence>,
    /// Where in the git history a finding about the history comes from (the secrets check: a
    /// secret removed from the code but still in the history); `None` elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryOrigin>,
    /// The other places where the same thing was found, when one finding stands for them all
    /// (the secrets check: the same value in other files or on other lines); empty elsewhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Location>,
}

/// A place in the tree: a file and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The file, relative to the target, `/`-separated.
    pub path: String,
    /// The 1-based line.
    pub line: Option<u32>,
}

/// The commit that introduced what a finding about the git history reports, and how far it
/// spread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryOrigin {
    /// The commit that introduced it (full hex id).
    pub commit: String,
    /// That commit's author date (RFC 3339, UTC).
    pub date: String,
    /// That commit's author, `Name <email>`.
    pub author: String,
    /// How many commits wrote a version of a file that held it.
    pub commits: u32,
    /// At how many paths it was seen.
    pub paths: u32,
}

impl Finding {
    /// A finding about the repository as a whole.
    #[must_use]
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        message: impl Into<String>,
        remediation: impl Into<String>,
    ) -> Self {
        Finding {
            rule: rule.into(),
            severity,
            message: message.into(),
            path: None,
            line: None,
            evidence: None,
            remediation: remediation.into(),
            suppressed: None,
            role: None,
            confidence: None,
            history: None,
            also: Vec::new(),
        }
    }

    /// Labels the finding with the role of its file; product code stays unlabelled.
    #[must_use]
    pub fn in_role(mut self, role: crate::facts::Role) -> Self {
        self.role = (!role.is_product()).then_some(role);
        self
    }

    /// Attaches where in the git history the finding comes from.
    #[must_use]
    pub fn from_history(mut self, origin: HistoryOrigin) -> Self {
        self.history = Some(origin);
        self
    }

    /// Attaches how sure the check is.
    #[must_use]
    pub fn with_confidence(mut self, confidence: crate::facts::secrets::Confidence) -> Self {
        self.confidence = Some(confidence);
        self
    }

    /// Whether the finding is about product code (or about no file in particular).
    #[must_use]
    pub fn is_product(&self) -> bool {
        self.role.is_none()
    }

    /// Attaches a file (and optionally a line).
    #[must_use]
    pub fn at(mut self, path: impl Into<String>, line: Option<u32>) -> Self {
        self.path = Some(path.into());
        self.line = line;
        self
    }

    /// Marks the finding as suppressed, with the reason.
    #[must_use]
    pub fn suppressed(mut self, reason: impl Into<String>) -> Self {
        self.suppressed = Some(reason.into());
        self
    }

    /// Whether the finding counts (it is not suppressed).
    #[must_use]
    pub fn counts(&self) -> bool {
        self.suppressed.is_none()
    }

    /// Attaches (already redacted) evidence.
    #[must_use]
    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Good.
    Pass,
    /// Needs attention.
    Warn,
    /// A real problem.
    Fail,
    /// The check broke; left out of the score.
    Error,
    /// Not applicable or not run; left out of the score.
    Skipped,
}

impl Status {
    /// The default mapping from a score: ≥ 80 pass, ≥ 50 warn, else fail.
    #[must_use]
    pub fn from_score(score: u8) -> Self {
        match score {
            80..=100 => Status::Pass,
            50..=79 => Status::Warn,
            _ => Status::Fail,
        }
    }

    /// Whether the check produced a score that counts.
    #[must_use]
    pub fn is_conclusive(self) -> bool {
        matches!(self, Status::Pass | Status::Warn | Status::Fail)
    }
}

/// What a check concluded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The verdict.
    pub status: Status,
    /// 0–100, `None` when skipped or errored.
    pub score: Option<u8>,
    /// One sentence a non-technical reader understands.
    pub summary: String,
    /// How the score was reached, in one sentence.
    pub explanation: String,
    /// The evidence.
    pub findings: Vec<Finding>,
}

impl Evaluation {
    /// A scored evaluation, its status from the score.
    #[must_use]
    pub fn scored(
        score: u8,
        summary: impl Into<String>,
        tally: &Tally,
        findings: Vec<Finding>,
    ) -> Self {
        let score = score.min(100);
        Evaluation {
            status: Status::from_score(score),
            score: Some(score),
            summary: summary.into(),
            explanation: tally.explain(),
            findings,
        }
    }

    /// A check that did not apply or could not run here, with the reason (left out of the score).
    #[must_use]
    pub fn skipped(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Evaluation {
            status: Status::Skipped,
            score: None,
            explanation: format!("Not scored: {reason}"),
            summary: reason,
            findings: Vec::new(),
        }
    }

    /// A check that broke (left out of the score; a broken check never looks like a bad repo).
    #[must_use]
    pub fn error(message: impl Into<String>) -> Self {
        let message = message.into();
        Evaluation {
            status: Status::Error,
            score: None,
            explanation: format!("Not scored: the check failed ({message})."),
            summary: "The check could not complete; see the error.".into(),
            findings: Vec::new(),
        }
    }

    /// Overrides the status (for example `fail` when a critical finding exists at a high score).
    #[must_use]
    pub fn with_status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }
}

/// Builds a score from 100 by named deductions, and explains it in one sentence.
///
/// ```
/// use diligence::check::Tally;
/// let mut t = Tally::new();
/// t.deduct(20, "no CONTRIBUTING guide");
/// t.deduct(10, "no CHANGELOG");
/// assert_eq!(t.score(), 70);
/// assert_eq!(t.explain(), "100 − 20 (no CONTRIBUTING guide) − 10 (no CHANGELOG) = 70.");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Tally {
    start: u32,
    steps: Vec<(i32, String)>,
}

impl Tally {
    /// A tally starting at 100.
    #[must_use]
    pub fn new() -> Self {
        Tally {
            start: 100,
            steps: Vec::new(),
        }
    }

    /// A tally starting from another base (for checks that build a score up from 0).
    #[must_use]
    pub fn starting_at(start: u32) -> Self {
        Tally {
            start,
            steps: Vec::new(),
        }
    }

    /// Takes `points` off, for `reason`. Zero-point steps are not recorded.
    pub fn deduct(&mut self, points: u32, reason: impl Into<String>) {
        if points > 0 {
            self.steps
                .push((-i32::try_from(points).unwrap_or(i32::MAX), reason.into()));
        }
    }

    /// Adds `points`, for `reason`.
    pub fn add(&mut self, points: u32, reason: impl Into<String>) {
        if points > 0 {
            self.steps
                .push((i32::try_from(points).unwrap_or(i32::MAX), reason.into()));
        }
    }

    /// The score, clamped to 0–100.
    #[must_use]
    pub fn score(&self) -> u8 {
        let total: i64 =
            i64::from(self.start) + self.steps.iter().map(|(p, _)| i64::from(*p)).sum::<i64>();
        u8::try_from(total.clamp(0, 100)).unwrap_or(0)
    }

    /// One sentence: the arithmetic with reasons.
    #[must_use]
    pub fn explain(&self) -> String {
        if self.steps.is_empty() {
            return format!("{}: nothing to deduct.", self.score());
        }
        let mut s = self.start.to_string();
        for (p, why) in &self.steps {
            let sign = if *p < 0 { '−' } else { '+' };
            s.push_str(&format!(" {sign} {} ({why})", p.unsigned_abs()));
        }
        let raw: i64 =
            i64::from(self.start) + self.steps.iter().map(|(p, _)| i64::from(*p)).sum::<i64>();
        if raw == i64::from(self.score()) {
            format!("{s} = {}.", self.score())
        } else {
            format!("{s} = {raw}, clamped to {}.", self.score())
        }
    }
}

/// A check's settings after configuration: enabled, weight, and its own parameters.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// The weight in the overall score.
    pub weight: f64,
    /// Check-specific parameters from `[checks.<id>]` (validated by the check).
    pub params: toml::Table,
    /// Evaluate under the default policy: no suppression of any kind (inline markers, allow
    /// lists, baselines) is honoured. Set by the engine for the default-policy grade, never by a
    /// configuration file.
    pub default_policy: bool,
}

/// One check: metadata, what facts it needs, and a pure evaluation.
pub trait Check: Sync {
    /// Metadata from `check.toml` (use [`check_meta!`](crate::check_meta)).
    fn meta(&self) -> &'static CheckMeta;

    /// The facts this check needs collected.
    fn needs(&self) -> Needs;

    /// Parameter keys this check accepts in `[checks.<id>]`, besides `enabled` and `weight`.
    fn param_keys(&self) -> &'static [&'static str] {
        &[]
    }

    /// Validates this check's parameters; each problem is one line naming the key.
    ///
    /// # Errors
    /// The list of problems.
    fn validate_params(&self, params: &toml::Table) -> Result<(), Vec<String>> {
        let unknown: Vec<String> = params
            .keys()
            .filter(|k| !self.param_keys().contains(&k.as_str()))
            .map(|k| format!("checks.{}: unknown key `{k}`", self.meta().id))
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(unknown)
        }
    }

    /// Evaluates the facts. No IO, no environment, no clock.
    fn evaluate(&self, facts: &RepoFacts, cfg: &CheckConfig) -> Evaluation;
}
