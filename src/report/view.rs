//! What the Markdown and HTML templates see besides the [`Report`]: the executive summary
//! (verdict, red flags, strengths), chart geometry, findings ordered by severity, and the
//! 30/60/90-day roadmap. Everything is derived here, in Rust, from the report alone; the
//! templates only lay it out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{severity_rank, CheckResult, Report, ReportFinding};
use crate::check::{Severity, Status};

/// The templates' context.
#[derive(Serialize)]
pub struct View<'a> {
    /// The report itself.
    pub report: &'a Report,
    /// One paragraph for a non-technical reader.
    pub verdict: String,
    /// At most five, most severe first.
    pub red_flags: Vec<RedFlag<'a>>,
    /// Checks that passed well, as sentences.
    pub strengths: Vec<String>,
    /// Finding counts by severity, most severe first.
    pub severity_counts: Vec<(&'static str, usize)>,
    /// Unsuppressed findings.
    pub total_findings: usize,
    /// Charts, in display order (empty ones left out).
    pub charts: Charts,
    /// Per check: its findings, most severe first.
    pub sections: Vec<Section<'a>>,
    /// The remediation plan.
    pub roadmap: Vec<Phase>,
    /// Checks that were skipped or broke, with the reason.
    pub not_scored: Vec<(&'a str, &'a str)>,
    /// Dependencies by licence, most used first.
    pub license_mix: Vec<(String, usize)>,
}

/// A red flag for the executive summary.
#[derive(Serialize)]
pub struct RedFlag<'a> {
    /// The check's title.
    pub check: &'a str,
    /// The check id (for links).
    pub check_id: &'a str,
    /// Severity.
    pub severity: Severity,
    /// What was found.
    pub message: &'a str,
    /// `path:line`, when about a file.
    pub location: Option<String>,
    /// The path role of the file when it is not product code ("test data and fixtures").
    pub role: Option<&'static str>,
    /// Why it matters to an investor (the check's rationale, first sentence).
    pub why: String,
}

/// A horizontal bar chart.
#[derive(Serialize, Default)]
pub struct Chart {
    /// Title above the chart.
    pub title: String,
    /// A short caption under it.
    pub caption: String,
    /// The bars.
    pub bars: Vec<Bar>,
}

/// One bar.
#[derive(Serialize)]
pub struct Bar {
    /// Label on the left.
    pub label: String,
    /// The value as shown.
    pub value: String,
    /// Length, 0–100 % of the widest.
    pub pct: f64,
    /// CSS class (a grade or severity colour).
    pub class: String,
}

/// The report's charts.
#[derive(Serialize, Default)]
pub struct Charts {
    /// Score per category.
    pub categories: Chart,
    /// Code lines per language.
    pub languages: Chart,
    /// Libyears per ecosystem.
    pub libyears: Chart,
    /// The oldest direct dependencies.
    pub oldest: Chart,
    /// Dependencies per licence.
    pub licenses: Chart,
    /// Test code as a share of production code, per language.
    pub tests: Chart,
    /// Commits per month (vertical columns).
    pub activity: Chart,
}

/// One check's findings, most severe first.
#[derive(Serialize)]
pub struct Section<'a> {
    /// The check.
    pub check: &'a CheckResult,
    /// Its findings about the product (or about no file), by severity then path and line.
    pub findings: Vec<&'a ReportFinding>,
    /// Its findings in tests, fixtures, docs, vendored, generated code or build output, listed
    /// apart (each labelled with its role).
    pub outside: Vec<&'a ReportFinding>,
    /// Counts by severity, most severe first, zeros left out.
    pub counts: Vec<(&'static str, usize)>,
}

/// A phase of the roadmap.
#[derive(Serialize)]
pub struct Phase {
    /// "First 30 days", …
    pub title: &'static str,
    /// What the phase is for.
    pub goal: &'static str,
    /// Its items.
    pub items: Vec<Item>,
}

/// A roadmap item: one kind of finding in one check.
#[derive(Serialize)]
pub struct Item {
    /// The check id (for links).
    pub check_id: String,
    /// The check title.
    pub check: String,
    /// The finding rule.
    pub rule: String,
    /// The most severe severity among its findings.
    pub severity: Severity,
    /// How many findings.
    pub count: usize,
    /// Rough effort: `small` (hours), `medium` (days), `large` (weeks).
    pub effort: &'static str,
    /// What to do (the first finding's remediation).
    pub action: String,
    /// An example: the first finding's message.
    pub example: String,
    /// Up to five locations.
    pub locations: Vec<String>,
}

fn location(f: &ReportFinding) -> Option<String> {
    let path = f.finding.path.as_ref()?;
    Some(match f.finding.line {
        Some(line) => format!("{path}:{line}"),
        None => path.clone(),
    })
}

fn live(f: &ReportFinding) -> bool {
    f.finding.suppressed.is_none()
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    }
}

fn grade_class(score: f64) -> String {
    crate::score::Grade::from_score(score)
        .to_string()
        .to_lowercase()
}

fn bars(items: Vec<(String, f64, String, String)>) -> Vec<Bar> {
    let max = items.iter().map(|(_, v, _, _)| *v).fold(0.0_f64, f64::max);
    items
        .into_iter()
        .map(|(label, v, value, class)| Bar {
            label: shorten(&label, 30),
            value,
            pct: if max > 0.0 {
                (v / max * 1000.0).round() / 10.0
            } else {
                0.0
            },
            class,
        })
        .collect()
}

/// Builds the view of a report.
#[must_use]
pub fn build(report: &Report) -> View<'_> {
    let findings: Vec<(&CheckResult, &ReportFinding)> =
        report.findings().filter(|(_, f)| live(f)).collect();

    let mut flags: Vec<RedFlag<'_>> = findings
        .iter()
        .filter(|(_, f)| f.finding.severity >= Severity::High)
        .map(|(c, f)| RedFlag {
            check: &c.title,
            check_id: &c.id,
            severity: f.finding.severity,
            message: &f.finding.message,
            location: location(f),
            role: f.finding.role.map(crate::facts::Role::describe),
            why: first_sentence(&c.rationale),
        })
        .collect();
    flags.sort_by_key(|f| severity_rank(f.severity));
    flags.truncate(5);

    // A check whose findings someone suppressed is never a strength: its score says what was
    // left after the silencing.
    let strengths = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Pass && c.score.is_some_and(|s| s >= 85))
        .filter(|c| c.findings.iter().all(live))
        // Nor is a check the audit could not complete (offline look-ups, say).
        .filter(|c| {
            !report
                .coverage
                .iter()
                .any(|n| n.check.as_deref() == Some(c.id.as_str()))
        })
        .map(|c| format!("{}: {}", c.title, c.summary))
        .collect();

    let severity_counts = Severity::DESCENDING
        .into_iter()
        .map(|s| {
            (
                s.as_str(),
                findings
                    .iter()
                    .filter(|(_, f)| f.finding.severity == s)
                    .count(),
            )
        })
        .collect::<Vec<_>>();

    let sections = report
        .checks
        .iter()
        .map(|check| {
            let (mut list, mut outside): (Vec<&ReportFinding>, Vec<&ReportFinding>) =
                check.findings.iter().partition(|f| f.finding.is_product());
            list.sort_by_key(|f| (!live(f), severity_rank(f.finding.severity)));
            outside.sort_by_key(|f| (!live(f), f.finding.role, severity_rank(f.finding.severity)));
            let counts = Severity::DESCENDING
                .into_iter()
                .map(|s| {
                    (
                        s.as_str(),
                        check
                            .findings
                            .iter()
                            .filter(|f| live(f) && f.finding.severity == s)
                            .count(),
                    )
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            Section {
                check,
                findings: list,
                outside,
                counts,
            }
        })
        .collect();

    let disabled_by = if report.policy.config.is_target() {
        "not run: disabled by the repository's own configuration"
    } else {
        "not run: disabled by the auditor's configuration"
    };
    let not_scored = report
        .checks
        .iter()
        .filter(|c| !c.status.is_conclusive())
        .map(|c| (c.title.as_str(), c.summary.as_str()))
        .chain(report.scope.disabled_checks.iter().map(|id| {
            let title = crate::checks::ALL
                .iter()
                .find(|c| c.meta().id == *id)
                .map_or(id.as_str(), |c| c.meta().title.as_str());
            (title, disabled_by)
        }))
        .collect();

    let license_mix = license_mix(report);
    View {
        verdict: verdict(report, &findings),
        red_flags: flags,
        strengths,
        total_findings: findings.len(),
        severity_counts,
        charts: charts(report, &license_mix),
        sections,
        roadmap: roadmap(&findings),
        not_scored,
        license_mix,
        report,
    }
}

/// The sentence of the verdict on the critical and high-severity findings (a count of none is
/// not named: "1 high-severity finding needs attention first").
fn attention(critical: usize, high: usize) -> String {
    use crate::check::plural;
    let what = match (critical, high) {
        (0, 0) => return " No critical or high-severity issue was found.".into(),
        (c, 0) => plural(c, "critical finding", "critical findings"),
        (0, h) => plural(h, "high-severity finding", "high-severity findings"),
        (c, h) => format!("{c} critical and {h} high-severity findings"),
    };
    let verb = if critical + high == 1 {
        "needs"
    } else {
        "need"
    };
    format!(" {what} {verb} attention first.")
}

fn verdict(report: &Report, findings: &[(&CheckResult, &ReportFinding)]) -> String {
    let grade = report.score.grade;
    let lead = match grade {
        crate::score::Grade::A => "The codebase is in very good shape for its stage",
        crate::score::Grade::B => "The codebase is in good shape, with a few things to fix",
        crate::score::Grade::C => {
            "The codebase is workable, but has gaps an acquirer or investor will ask about"
        }
        crate::score::Grade::D => {
            "The codebase has significant problems that need a plan before an investment closes"
        }
        crate::score::Grade::F => "The codebase has serious problems across several areas",
    };
    let critical = findings
        .iter()
        .filter(|(_, f)| f.finding.severity == Severity::Critical)
        .count();
    let high = findings
        .iter()
        .filter(|(_, f)| f.finding.severity == Severity::High)
        .count();
    let mut s = format!(
        "{lead}: grade {grade}, {} out of 100.",
        report.score.overall
    );
    if let Some(cap) = &report.score.cap {
        s.push_str(&format!(" The grade is capped: {}.", cap.reason));
    }
    s.push_str(&attention(critical, high));
    let weakest: Vec<String> = {
        let mut scored: Vec<&CheckResult> =
            report.checks.iter().filter(|c| c.score.is_some()).collect();
        scored.sort_by_key(|c| c.score);
        scored
            .iter()
            .take(2)
            .filter(|c| c.score < Some(70))
            .map(|c| c.title.to_lowercase())
            .collect()
    };
    if !weakest.is_empty() {
        s.push_str(&format!(
            " The weakest areas are {}.",
            weakest.join(" and ")
        ));
    }
    s
}

fn charts(report: &Report, license_mix: &[(String, usize)]) -> Charts {
    let inv = &report.inventory;
    let categories = Chart {
        title: "Score by category".into(),
        caption: "Weighted mean of each category's checks, 0–100.".into(),
        bars: report
            .categories
            .iter()
            .filter_map(|(name, c)| c.score.map(|s| (name.clone(), s)))
            .map(|(name, s)| Bar {
                label: name,
                value: format!("{s:.0}"),
                pct: s,
                class: grade_class(s),
            })
            .collect(),
    };
    let languages = Chart {
        title: "Code by language".into(),
        caption: "Lines of code (comments and blanks excluded).".into(),
        bars: bars(
            inv.languages
                .iter()
                .filter(|l| l.code > 0)
                .take(12)
                .map(|l| {
                    (
                        l.name.clone(),
                        l.code as f64,
                        l.code.to_string(),
                        "lang".to_owned(),
                    )
                })
                .collect(),
        ),
    };
    let mut per_eco: BTreeMap<&str, f64> = BTreeMap::new();
    for d in &inv.dependencies {
        if let Some(y) = d.libyears {
            *per_eco.entry(&d.ecosystem).or_default() += y;
        }
    }
    let libyears = Chart {
        title: "Dependency drift by ecosystem".into(),
        caption: "Libyears: for each dependency, the time between the release in use and the newest release, summed.".into(),
        bars: bars(per_eco.into_iter().map(|(e, y)| (e.to_owned(), y, format!("{y:.1} y"), "dep".into())).collect()),
    };
    let mut direct: Vec<_> = inv
        .dependencies
        .iter()
        .filter(|d| d.direct && d.libyears.is_some_and(|y| y > 0.0))
        .collect();
    direct.sort_by(|a, b| {
        b.libyears
            .partial_cmp(&a.libyears)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    direct.dedup_by(|a, b| a.name == b.name && a.ecosystem == b.ecosystem);
    let oldest = Chart {
        title: "Oldest direct dependencies".into(),
        caption: "Libyears behind the newest release.".into(),
        bars: bars(
            direct
                .iter()
                .take(10)
                .map(|d| {
                    let y = d.libyears.unwrap_or(0.0);
                    (
                        format!("{} {}", d.name, d.version),
                        y,
                        format!("{y:.1} y"),
                        "dep".into(),
                    )
                })
                .collect(),
        ),
    };
    let licenses = Chart {
        title: "Licences of dependencies".into(),
        caption: "Number of dependencies under each licence.".into(),
        bars: bars(
            license_mix
                .iter()
                .take(12)
                .map(|(l, n)| (l.clone(), *n as f64, n.to_string(), "lic".into()))
                .collect(),
        ),
    };
    let tests = Chart {
        title: "Test code per language".into(),
        caption: "Test code lines as a share of production code lines.".into(),
        bars: inv
            .tests
            .per_language
            .iter()
            .filter(|l| l.production_code > 0)
            .map(|l| {
                #[allow(clippy::cast_precision_loss)]
                let ratio = l.test_code as f64 / l.production_code as f64;
                Bar {
                    label: l.language.clone(),
                    value: format!("{:.0}%", ratio * 100.0),
                    pct: (ratio * 100.0).min(100.0),
                    class: if ratio >= 0.2 {
                        "b".into()
                    } else if ratio > 0.0 {
                        "d".into()
                    } else {
                        "f".into()
                    },
                }
            })
            .collect(),
    };
    let activity = Chart {
        title: "Commits per month".into(),
        caption: "The last 24 months of history (bots included).".into(),
        bars: inv.team.as_ref().map_or_else(Vec::new, |t| {
            bars(
                t.monthly
                    .iter()
                    .map(|m| {
                        (
                            m.month.clone(),
                            f64::from(m.commits),
                            m.commits.to_string(),
                            "act".into(),
                        )
                    })
                    .collect(),
            )
        }),
    };
    Charts {
        categories,
        languages,
        libyears,
        oldest,
        licenses,
        tests,
        activity,
    }
}

fn license_mix(report: &Report) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in &report.inventory.dependencies {
        *counts
            .entry(d.license.clone().unwrap_or_else(|| "unknown".into()))
            .or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Critical and high findings in the first 30 days, medium in the next 30, low by day 90.
/// Items group the findings of one rule in one check; effort grows with the count.
fn roadmap(findings: &[(&CheckResult, &ReportFinding)]) -> Vec<Phase> {
    let mut groups: BTreeMap<(u8, &str, &str), Vec<&ReportFinding>> = BTreeMap::new();
    for (c, f) in findings {
        if f.finding.severity == Severity::Info {
            continue;
        }
        groups
            .entry((severity_rank(f.finding.severity), &c.id, &f.finding.rule))
            .or_default()
            .push(f);
    }
    let titles: BTreeMap<&str, &str> = findings
        .iter()
        .map(|(c, _)| (c.id.as_str(), c.title.as_str()))
        .collect();
    let mut phases = vec![
        Phase {
            title: "First 30 days",
            goal: "Remove the red flags: critical and high-severity findings.",
            items: vec![],
        },
        Phase {
            title: "Days 31–60",
            goal: "Close the medium-severity gaps.",
            items: vec![],
        },
        Phase {
            title: "Days 61–90",
            goal: "Tidy up the low-severity findings.",
            items: vec![],
        },
    ];
    for ((rank, check, rule), list) in groups {
        let phase = match rank {
            0 | 1 => 0,
            2 => 1,
            _ => 2,
        };
        let effort = match list.len() {
            0..=2 => "small",
            3..=10 => "medium",
            _ => "large",
        };
        phases[phase].items.push(Item {
            check_id: check.to_owned(),
            check: titles.get(check).copied().unwrap_or(check).to_owned(),
            rule: rule.to_owned(),
            severity: list[0].finding.severity,
            count: list.len(),
            effort,
            action: list[0].finding.remediation.clone(),
            example: list[0].finding.message.clone(),
            locations: list.iter().filter_map(|f| location(f)).take(5).collect(),
        });
    }
    phases
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_verdict_names_only_the_severities_found_and_agrees_in_number() {
        use super::attention;
        assert_eq!(
            attention(0, 0),
            " No critical or high-severity issue was found."
        );
        assert_eq!(
            attention(0, 1),
            " 1 high-severity finding needs attention first."
        );
        assert_eq!(
            attention(0, 5),
            " 5 high-severity findings need attention first."
        );
        assert_eq!(
            attention(1, 0),
            " 1 critical finding needs attention first."
        );
        assert_eq!(
            attention(1, 2),
            " 1 critical and 2 high-severity findings need attention first."
        );
    }
}
