//! `vulnerabilities`: do the dependencies in use have published vulnerabilities?
//!
//! Reads the vulnerability facts (every pinned dependency version matched against OSV, from the
//! API or a local database, advisories merged by alias) and scores what is open: points per
//! vulnerability by severity, half for development-only dependencies. A critical vulnerability
//! in a shipped dependency fails the check whatever the score. Offline without a local database
//! the check is skipped, never scored as clean. The scoring is documented in this folder's
//! README.

use std::collections::BTreeMap;

use crate::check::{plural, Check, CheckConfig, Evaluation, Finding, Severity, Status, Tally};
use crate::facts::vulns::osv::Rating;
use crate::facts::vulns::{VulnMatch, VulnSource};
use crate::facts::{Needs, RepoFacts};

/// The check.
pub struct Vulnerabilities;

/// Points per vulnerability by rating (unknown counts as medium).
fn points(rating: Rating) -> u32 {
    match rating {
        Rating::Critical => 35,
        Rating::High => 20,
        Rating::Medium | Rating::Unknown => 8,
        Rating::Low => 3,
    }
}

/// The finding's severity: the advisory's rating, one step lower for a development-only
/// dependency (it does not ship); an unknown rating is medium.
fn severity(m: &VulnMatch) -> Severity {
    let s = match m.severity.rating {
        Rating::Critical => Severity::Critical,
        Rating::High => Severity::High,
        Rating::Medium | Rating::Unknown => Severity::Medium,
        Rating::Low => Severity::Low,
    };
    if !m.dev {
        return s;
    }
    match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        Severity::Low | Severity::Info => Severity::Info,
    }
}

fn message(m: &VulnMatch) -> String {
    let mut s = format!(
        "{} {} ({}, {}{}) is affected by {}",
        m.name,
        m.version,
        m.ecosystem.as_str(),
        if m.direct { "direct" } else { "transitive" },
        if m.dev { ", development only" } else { "" },
        m.id
    );
    if !m.aliases.is_empty() {
        s.push_str(&format!(" ({})", m.aliases.join(", ")));
    }
    if let Some(summary) = &m.summary {
        s.push_str(&format!(": {}", summary.trim().trim_end_matches('.')));
    }
    s.push_str(&format!(". Severity {}", m.severity.rating.as_str()));
    if let Some(score) = m.severity.cvss {
        s.push_str(&format!(" (CVSS {score:.1})"));
    }
    s.push('.');
    s
}

fn remediation(m: &VulnMatch) -> String {
    match (&m.fixed, m.direct) {
        (Some(f), true) => format!("Upgrade {} to {f} or later.", m.name),
        (Some(f), false) => format!(
            "Upgrade {} to {f} or later, by upgrading the dependency that pulls it in or with an override.",
            m.name
        ),
        (None, _) => format!(
            "No fixed version is published: read {} and mitigate, or replace {}.",
            m.id, m.name
        ),
    }
}

impl Check for Vulnerabilities {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::MANIFESTS | Needs::ADVISORIES
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        let v = &facts.vulnerabilities;
        if facts.dependencies.is_empty() {
            return Evaluation::skipped(
                "No third-party dependency was found, so there is nothing to check for known vulnerabilities.",
            );
        }
        let source = match &v.source {
            VulnSource::NotRun => {
                return Evaluation::skipped("The vulnerability look-up did not run.")
            }
            VulnSource::Offline => {
                return Evaluation::skipped(
                    "Ran offline without a local vulnerability database (--osv-db), so the dependencies were not checked for known vulnerabilities.",
                )
            }
            VulnSource::Api { .. } => "the OSV database",
            VulnSource::Database { .. } => "a local copy of the OSV database",
        };
        if v.packages == 0 {
            return Evaluation::skipped(
                "No dependency is pinned to one version (no lockfile), so known vulnerabilities cannot be matched.",
            );
        }
        if v.failed >= v.packages {
            let why = v
                .errors
                .first()
                .map_or(String::new(), |e| format!(" ({e})"));
            return Evaluation::skipped(format!(
                "The vulnerability database could not be consulted{why}, so the dependencies were not checked."
            ));
        }

        let mut findings = Vec::new();
        let mut tally = Tally::new();
        let mut by_rating: BTreeMap<Rating, (usize, u32)> = BTreeMap::new();
        for m in &v.matches {
            let p = if m.dev {
                points(m.severity.rating).div_ceil(2)
            } else {
                points(m.severity.rating)
            };
            let e = by_rating.entry(m.severity.rating).or_default();
            e.0 += 1;
            e.1 += p;
            for manifest in &m.manifests {
                findings.push(
                    Finding::new(
                        "vulnerable-dependency",
                        severity(m),
                        message(m),
                        remediation(m),
                    )
                    .at(manifest.clone(), None)
                    .with_evidence(format!("{}@{} {}", m.name, m.version, m.id)),
                );
            }
        }
        for (rating, (n, p)) in by_rating.iter().rev() {
            let word = if *n == 1 {
                "vulnerability"
            } else {
                "vulnerabilities"
            };
            tally.deduct(*p, format!("{n} {} {word}", rating.as_str()));
        }
        if v.failed > 0 {
            let first = v.errors.first().cloned().unwrap_or_default();
            findings.push(Finding::new(
                "lookup-incomplete",
                Severity::Info,
                format!(
                    "{} of {} could not be checked: {first}",
                    plural(v.failed, "package version", "package versions"),
                    v.packages
                ),
                "Run the audit again with network access, or with a local OSV database (--osv-db).",
            ));
        } else if let Some(first) = v.errors.first() {
            // Every version was checked, but some advisories could not be read (a malformed
            // database file, advisory details the API did not give).
            findings.push(Finding::new(
                "advisories-unreadable",
                Severity::Info,
                format!(
                    "{} while reading advisories; the first: {first}",
                    plural(v.errors.len(), "problem", "problems")
                ),
                "Check the local OSV database (re-extract the exports), or run the audit again.",
            ));
        }

        let packages_hit = {
            let mut set: Vec<(&str, &str)> = v
                .matches
                .iter()
                .map(|m| (m.name.as_str(), m.version.as_str()))
                .collect();
            set.sort_unstable();
            set.dedup();
            set.len()
        };
        let checked = plural(v.packages, "dependency version", "dependency versions");
        let summary = if v.matches.is_empty() {
            format!("No known vulnerability in the {checked} checked against {source}.")
        } else {
            let counts: Vec<String> = by_rating
                .iter()
                .rev()
                .map(|(r, (n, _))| format!("{n} {}", r.as_str()))
                .collect();
            let fixable = v.matches.iter().filter(|m| m.fixed.is_some()).count();
            format!(
                "{} in {} of the {checked} checked against {source} ({}); {} can be fixed by upgrading.",
                plural(v.matches.len(), "known vulnerability", "known vulnerabilities"),
                plural(packages_hit, "dependency", "dependencies"),
                counts.join(", "),
                if fixable == v.matches.len() {
                    "all".to_owned()
                } else {
                    fixable.to_string()
                }
            )
        };
        let summary = if v.failed > 0 {
            format!(
                "{summary} {} could not be checked.",
                plural(v.failed, "version", "versions")
            )
        } else {
            summary
        };
        let critical_shipped = v
            .matches
            .iter()
            .any(|m| m.severity.rating == Rating::Critical && !m.dev);
        let eval = Evaluation::scored(tally.score(), summary, &tally, findings);
        if critical_shipped && eval.status != Status::Fail {
            eval.with_status(Status::Fail)
        } else {
            eval
        }
    }
}

#[cfg(test)]
mod tests;
