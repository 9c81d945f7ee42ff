//! `dependencies`: how far behind the codebase is on its third-party packages, in libyears.
//!
//! Reads the dependency facts (every manifest and lockfile of every ecosystem, and what the
//! registries said about each package) and scores the drift: the median libyear of the direct
//! dependencies, the share of direct dependencies more than one major version behind, yanked
//! and deprecated versions in use, files that could not be parsed, and manifests without a
//! lockfile. Offline, only what can be known without the registries is scored, and the summary
//! says so. The scoring is documented in this folder's README.

use std::collections::BTreeMap;

use crate::check::{plural, Check, CheckConfig, Evaluation, Finding, Severity, Tally};
use crate::facts::dependency::LookupMode;
use crate::facts::deps::version;
use crate::facts::{Dependency, Ecosystem, Needs, RepoFacts};

/// The check.
pub struct Dependencies;

/// Points per libyear of the median direct dependency, and the most this can cost.
const POINTS_PER_LIBYEAR: f64 = 10.0;
const MAX_LIBYEAR_POINTS: u32 = 40;
/// Points for the share of direct dependencies far behind (100 % → 60), and the cap.
const POINTS_PER_SHARE_FAR_BEHIND: f64 = 60.0;
const MAX_FAR_BEHIND_POINTS: u32 = 30;
/// Major versions behind from which a dependency is "far behind" (more than one).
const FAR_BEHIND_MAJORS: u64 = 2;
/// Per yanked version in use, and the cap.
const YANKED_POINTS: u32 = 10;
const MAX_YANKED_POINTS: u32 = 20;
/// Per deprecated package in use, and the cap.
const DEPRECATED_POINTS: u32 = 3;
const MAX_DEPRECATED_POINTS: u32 = 10;
/// Per unreadable manifest or lockfile, and the cap.
const PROBLEM_POINTS: u32 = 5;
const MAX_PROBLEM_POINTS: u32 = 15;
/// Per manifest without a lockfile, and the cap.
const UNLOCKED_POINTS: u32 = 5;
const MAX_UNLOCKED_POINTS: u32 = 15;
/// How many of the oldest direct dependencies are listed.
const OLDEST_LISTED: usize = 10;

/// Drift of one dependency (one ecosystem, name and version, whatever the manifests).
struct Drift<'a> {
    dep: &'a Dependency,
    libyears: Option<f64>,
    behind: Option<(u64, u64, u64)>,
}

/// Per-ecosystem totals.
#[derive(Default)]
struct EcosystemStats {
    packages: usize,
    known: Vec<f64>,
    direct_known: Vec<f64>,
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn points(value: f64, cap: u32) -> u32 {
    (value.round().max(0.0) as u32).min(cap)
}

impl Check for Dependencies {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::MANIFESTS | Needs::REGISTRY
    }

    #[allow(clippy::too_many_lines)]
    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        let scan = &facts.dependency_scan;
        if facts.dependencies.is_empty() && scan.problems.is_empty() && scan.unlocked.is_empty() {
            return Evaluation::skipped(if scan.sources.is_empty() {
                "No package manifest or lockfile was found, so there are no third-party dependencies to assess."
            } else {
                "The manifests and lockfiles declare no third-party dependencies."
            });
        }
        let mut findings = Vec::new();
        let mut tally = Tally::new();

        // One entry per (ecosystem, name, version): a package used by several manifests is
        // counted once; direct if any manifest declares it directly.
        let mut unique: BTreeMap<(Ecosystem, &str, &str), (&Dependency, bool)> = BTreeMap::new();
        for d in &facts.dependencies {
            unique
                .entry((d.ecosystem, d.name.as_str(), d.version.as_str()))
                .and_modify(|e| e.1 |= d.direct)
                .or_insert((d, d.direct));
        }
        let drifts: Vec<(Drift, bool)> = unique
            .values()
            .map(|(d, direct)| {
                let behind = d
                    .registry
                    .as_ref()
                    .and_then(|r| r.latest.as_deref())
                    .and_then(|l| version::behind(d.ecosystem, &d.version, l));
                (
                    Drift {
                        dep: d,
                        libyears: d.libyears(),
                        behind,
                    },
                    *direct,
                )
            })
            .collect();
        let online = scan.lookup.mode == LookupMode::Online;
        let have_ages = drifts.iter().any(|(d, _)| d.libyears.is_some());

        // Per ecosystem: totals and medians.
        let mut stats: BTreeMap<Ecosystem, EcosystemStats> = BTreeMap::new();
        for (d, direct) in &drifts {
            let s = stats.entry(d.dep.ecosystem).or_default();
            s.packages += 1;
            if let Some(y) = d.libyears {
                s.known.push(y);
                if *direct {
                    s.direct_known.push(y);
                }
            }
        }

        let any_direct = drifts.iter().any(|(_, direct)| *direct);
        let considered: Vec<&Drift> = drifts
            .iter()
            .filter(|(_, direct)| *direct || !any_direct)
            .map(|(d, _)| d)
            .collect();
        let who = if any_direct {
            "direct dependencies"
        } else {
            "dependencies"
        };
        let mut sentences = Vec::new();

        if have_ages {
            let mut ages: Vec<f64> = considered.iter().filter_map(|d| d.libyears).collect();
            let med = median(&mut ages).unwrap_or(0.0);
            tally.deduct(
                points(med * POINTS_PER_LIBYEAR, MAX_LIBYEAR_POINTS),
                format!("{who} {med:.1} libyears behind on median"),
            );
            let with_latest: Vec<&&Drift> =
                considered.iter().filter(|d| d.behind.is_some()).collect();
            let far: Vec<&&Drift> = with_latest
                .iter()
                .copied()
                .filter(|d| d.behind.is_some_and(|b| b.0 >= FAR_BEHIND_MAJORS))
                .collect();
            #[allow(clippy::cast_precision_loss)]
            let share = if with_latest.is_empty() {
                0.0
            } else {
                far.len() as f64 / with_latest.len() as f64
            };
            tally.deduct(
                points(share * POINTS_PER_SHARE_FAR_BEHIND, MAX_FAR_BEHIND_POINTS),
                format!(
                    "{:.0} % of {who} more than one major version behind",
                    share * 100.0
                ),
            );
            let capital = format!("{}{}", who[..1].to_uppercase(), &who[1..]);
            sentences.push(format!(
                "{capital} are {med:.1} libyears behind on median; {} more than a major version behind",
                match far.len() {
                    0 => "none is".to_owned(),
                    1 => "1 is".to_owned(),
                    n => format!("{n} are"),
                }
            ));
            for d in far {
                let (majors, _, _) = d.behind.unwrap_or_default();
                let latest = d
                    .dep
                    .registry
                    .as_ref()
                    .and_then(|r| r.latest.as_deref())
                    .unwrap_or("?");
                findings.push(
                    Finding::new(
                        "major-versions-behind",
                        Severity::Low,
                        format!(
                            "{} {} ({}) is {majors} major versions behind the latest {latest}.",
                            d.dep.name,
                            d.dep.version,
                            d.dep.ecosystem.as_str()
                        ),
                        "Plan the upgrade: read the changelogs of the skipped major versions and move one major at a time.",
                    )
                    .at(&d.dep.manifest, None),
                );
            }
            // The oldest direct dependencies.
            let mut oldest: Vec<&&Drift> = considered
                .iter()
                .filter(|d| d.libyears.is_some_and(|y| y > 0.0))
                .collect();
            oldest.sort_by(|a, b| {
                b.libyears
                    .unwrap_or(0.0)
                    .total_cmp(&a.libyears.unwrap_or(0.0))
                    .then_with(|| a.dep.name.cmp(&b.dep.name))
            });
            // One finding, so that the ranking survives the report's sorting of findings.
            let listed: Vec<String> = oldest
                .iter()
                .take(OLDEST_LISTED)
                .map(|d| {
                    let info = d.dep.registry.as_ref();
                    format!(
                        "{} {} → {} ({}, {:.1} libyears, {})",
                        d.dep.name,
                        d.dep.version,
                        info.and_then(|r| r.latest.as_deref()).unwrap_or("?"),
                        d.dep.ecosystem.as_str(),
                        d.libyears.unwrap_or(0.0),
                        d.dep.manifest,
                    )
                })
                .collect();
            if !listed.is_empty() {
                findings.push(Finding::new(
                    "oldest-dependencies",
                    Severity::Info,
                    format!(
                        "The {} oldest {who}, most behind first: {}.",
                        listed.len(),
                        listed.join("; ")
                    ),
                    "Upgrade the oldest dependencies first: the gap only grows.",
                ));
            }
            for (eco, s) in &mut stats {
                let total: f64 = s.known.iter().sum();
                let med = median(&mut s.known);
                let direct_med = median(&mut s.direct_known);
                let mut msg = format!(
                    "{}: {}, {total:.1} libyears behind in total",
                    eco.as_str(),
                    plural(s.packages, "package", "packages")
                );
                if let Some(m) = med {
                    msg.push_str(&format!(", {m:.1} on median"));
                }
                if let Some(m) = direct_med {
                    msg.push_str(&format!(" ({m:.1} for direct dependencies)"));
                }
                if s.known.len() < s.packages {
                    msg.push_str(&format!(
                        "; release dates known for {} of them",
                        s.known.len()
                    ));
                }
                msg.push('.');
                findings.push(Finding::new(
                    "ecosystem-drift",
                    Severity::Info,
                    msg,
                    "Keep dependencies current with an update bot (Dependabot, Renovate) and a regular upgrade slot.",
                ));
            }
        } else if online {
            sentences.push(format!(
                "{} listed, but the registries gave no release dates, so {} unknown",
                plural(drifts.len(), "dependency is", "dependencies are"),
                if drifts.len() == 1 {
                    "its age is"
                } else {
                    "their ages are"
                }
            ));
        } else {
            sentences.push(format!(
                "Ran offline: {} listed, but {} not checked",
                plural(drifts.len(), "dependency is", "dependencies are"),
                if drifts.len() == 1 {
                    "its age was"
                } else {
                    "their ages were"
                }
            ));
        }

        // Yanked and deprecated versions in use.
        let yanked: Vec<&Drift> = drifts
            .iter()
            .map(|(d, _)| d)
            .filter(|d| d.dep.registry.as_ref().is_some_and(|r| r.yanked))
            .collect();
        for d in &yanked {
            findings.push(
                Finding::new(
                    "yanked-version-in-use",
                    Severity::High,
                    format!(
                        "{} {} ({}) was yanked from its registry: its authors withdrew it.",
                        d.dep.name,
                        d.dep.version,
                        d.dep.ecosystem.as_str()
                    ),
                    "Move to a version that was not withdrawn; read why it was yanked (often a security or data-loss bug).",
                )
                .at(&d.dep.manifest, None),
            );
        }
        let yanked_points = u32::try_from(yanked.len()).unwrap_or(u32::MAX);
        tally.deduct(
            (yanked_points.saturating_mul(YANKED_POINTS)).min(MAX_YANKED_POINTS),
            plural(
                yanked.len(),
                "yanked version in use",
                "yanked versions in use",
            ),
        );
        let deprecated: Vec<(&Drift, &str)> = drifts
            .iter()
            .map(|(d, _)| d)
            .filter_map(|d| Some((d, d.dep.registry.as_ref()?.deprecated.as_deref()?)))
            .collect();
        for (d, why) in &deprecated {
            let why: String = why.chars().take(200).collect();
            findings.push(
                Finding::new(
                    "deprecated-package-in-use",
                    Severity::Medium,
                    format!(
                        "{} {} ({}) is deprecated: {why}",
                        d.dep.name,
                        d.dep.version,
                        d.dep.ecosystem.as_str()
                    ),
                    "Replace it with the successor its authors recommend, or a maintained alternative.",
                )
                .at(&d.dep.manifest, None),
            );
        }
        let deprecated_n = u32::try_from(deprecated.len()).unwrap_or(u32::MAX);
        tally.deduct(
            (deprecated_n.saturating_mul(DEPRECATED_POINTS)).min(MAX_DEPRECATED_POINTS),
            plural(
                deprecated.len(),
                "deprecated package in use",
                "deprecated packages in use",
            ),
        );
        if !yanked.is_empty() || !deprecated.is_empty() {
            sentences.push(format!(
                "{} and {} in use",
                plural(yanked.len(), "yanked version", "yanked versions"),
                plural(
                    deprecated.len(),
                    "deprecated package",
                    "deprecated packages"
                )
            ));
        }

        // Files that could not be read, and unpinned manifests. Those of tests and examples
        // are listed apart and not scored: what is pinned and readable that matters is what
        // ships. A library that by its ecosystem's convention ships no lockfile is told, not
        // scored.
        for p in &scan.problems {
            // A test's input may be broken on purpose (a package manager's own test suite).
            let severity = if p.role.is_product() {
                Severity::Medium
            } else {
                Severity::Info
            };
            findings.push(
                Finding::new(
                    "manifest-unparsable",
                    severity,
                    format!("{} could not be parsed: {}", p.path, p.message),
                    "Fix or regenerate the file with its package manager; a broken lockfile means builds are not reproducible.",
                )
                .at(&p.path, None)
                .in_role(p.role),
            );
        }
        let problems = scan.problems.iter().filter(|p| p.role.is_product()).count();
        let n = u32::try_from(problems).unwrap_or(u32::MAX);
        tally.deduct(
            n.saturating_mul(PROBLEM_POINTS).min(MAX_PROBLEM_POINTS),
            plural(problems, "unparsable manifest", "unparsable manifests"),
        );
        // Entries left out of otherwise readable files: listed, not scored (the rest of the
        // file was read).
        for w in &scan.skipped_entries {
            findings.push(
                Finding::new(
                    "manifest-entry-skipped",
                    Severity::Low,
                    format!(
                        "{}{}: {}",
                        w.path,
                        w.line.map(|l| format!(" line {l}")).unwrap_or_default(),
                        w.message
                    ),
                    "Fix the entry or regenerate the file with its package manager; the entry is missing from the inventory, the licences and the vulnerability look-ups.",
                )
                .at(&w.path, w.line.and_then(|l| u32::try_from(l).ok()))
                .in_role(w.role),
            );
        }
        for u in &scan.unlocked {
            let finding = match &u.library {
                Some(kind) => Finding::new(
                    "lockfile-missing",
                    Severity::Info,
                    format!(
                        "{} declares {} without {}; it is {kind}, which by convention ships no lockfile (its users' lockfiles pin its dependencies).",
                        u.path,
                        plural(u.dependencies, "dependency", "dependencies"),
                        u.expected
                    ),
                    "Nothing to do for a published library; its own CI may still pin what it tests with.",
                ),
                None => Finding::new(
                    "lockfile-missing",
                    Severity::Medium,
                    format!(
                        "{} declares {} without {}: each install may resolve different versions.",
                        u.path,
                        plural(u.dependencies, "dependency", "dependencies"),
                        u.expected
                    ),
                    "Commit the lockfile your package manager writes (or pin exact versions), so builds are reproducible.",
                ),
            };
            findings.push(finding.at(&u.path, None).in_role(u.role));
        }
        let unlocked = scan
            .unlocked
            .iter()
            .filter(|u| u.role.is_product() && u.library.is_none())
            .count();
        let n = u32::try_from(unlocked).unwrap_or(u32::MAX);
        tally.deduct(
            n.saturating_mul(UNLOCKED_POINTS).min(MAX_UNLOCKED_POINTS),
            plural(
                unlocked,
                "manifest without a lockfile",
                "manifests without a lockfile",
            ),
        );
        if problems > 0 {
            sentences.push(format!(
                "{} could not be parsed",
                plural(problems, "manifest", "manifests")
            ));
        }
        if unlocked > 0 {
            sentences.push(format!(
                "{} no lockfile",
                plural(unlocked, "manifest has", "manifests have")
            ));
        }
        if online && (scan.lookup.failed > 0 || scan.lookup.not_found > 0) {
            let mut msg = format!(
                "Of {} packages, the registries described {}; {} unknown to them, {} failed.",
                scan.lookup.packages,
                scan.lookup.answered,
                scan.lookup.not_found,
                scan.lookup.failed
            );
            if let Some(e) = scan.lookup.errors.first() {
                msg.push_str(&format!(" First error: {e}"));
            }
            findings.push(Finding::new(
                "registry-lookup-incomplete",
                Severity::Info,
                msg,
                "Private packages are expected here; for failures, check the network or configure a mirror in [registries] of diligence.toml.",
            ));
        }

        let mut summary = sentences.join("; ");
        summary.push('.');
        Evaluation::scored(tally.score(), summary, &tally, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Status;
    use crate::facts::dependency::{
        DependencyScan, LookupSummary, ManifestProblem, UnlockedManifest,
    };
    use crate::facts::RegistryInfo;

    fn dep(name: &str, version: &str, direct: bool, info: Option<RegistryInfo>) -> Dependency {
        let mut d = Dependency::new(Ecosystem::Npm, name, version, "package-lock.json");
        d.direct = direct;
        d.registry = info;
        d
    }

    fn info(latest: &str, published: &str, latest_published: &str) -> RegistryInfo {
        RegistryInfo {
            latest: Some(latest.into()),
            published: Some(published.into()),
            latest_published: Some(latest_published.into()),
            ..RegistryInfo::default()
        }
    }

    fn facts(deps: Vec<Dependency>, mode: LookupMode) -> RepoFacts {
        let mut f = RepoFacts::empty("t");
        f.dependencies = deps;
        f.dependency_scan = DependencyScan {
            lookup: LookupSummary {
                mode,
                ..LookupSummary::default()
            },
            ..DependencyScan::default()
        };
        f
    }

    fn rules(e: &Evaluation) -> Vec<&str> {
        e.findings.iter().map(|f| f.rule.as_ref()).collect()
    }

    #[test]
    fn no_dependencies_is_skipped() {
        let e = Dependencies.evaluate(&RepoFacts::empty("t"), &CheckConfig::default());
        assert_eq!(e.status, Status::Skipped);
        assert_eq!(e.score, None);
    }

    #[test]
    fn fresh_dependencies_score_100() {
        let f = facts(
            vec![dep(
                "a",
                "2.0.0",
                true,
                Some(info(
                    "2.0.0",
                    "2024-01-01T00:00:00Z",
                    "2024-01-01T00:00:00Z",
                )),
            )],
            LookupMode::Online,
        );
        let e = Dependencies.evaluate(&f, &CheckConfig::default());
        assert_eq!(e.score, Some(100), "{}", e.explanation);
        assert!(
            e.summary
                .starts_with("Direct dependencies are 0.0 libyears behind on median; none is"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn old_and_far_behind_direct_dependencies_cost_points() {
        let f = facts(
            vec![
                // 3 libyears, 3 majors behind
                dep(
                    "old",
                    "1.0.0",
                    true,
                    Some(info(
                        "4.0.0",
                        "2020-01-01T00:00:00Z",
                        "2023-01-01T00:00:00Z",
                    )),
                ),
                // 1 libyear, a minor behind
                dep(
                    "mid",
                    "1.0.0",
                    true,
                    Some(info(
                        "1.1.0",
                        "2022-01-01T00:00:00Z",
                        "2023-01-01T00:00:00Z",
                    )),
                ),
                // transitive: ignored for the median when there are direct ones
                dep(
                    "deep",
                    "0.1.0",
                    false,
                    Some(info(
                        "9.0.0",
                        "2010-01-01T00:00:00Z",
                        "2023-01-01T00:00:00Z",
                    )),
                ),
            ],
            LookupMode::Online,
        );
        let e = Dependencies.evaluate(&f, &CheckConfig::default());
        // median of direct = 2.0 libyears → 20 points; 1 of 2 far behind → 30 points.
        assert_eq!(e.score, Some(50), "{}", e.explanation);
        assert!(
            e.summary
                .contains("2.0 libyears behind on median; 1 is more than a major version behind"),
            "{}",
            e.summary
        );
        let r = rules(&e);
        assert_eq!(
            r.iter().filter(|r| **r == "major-versions-behind").count(),
            1
        );
        let oldest = e
            .findings
            .iter()
            .find(|f| f.rule == "oldest-dependencies")
            .unwrap();
        assert_eq!(
            oldest.message,
            "The 2 oldest direct dependencies, most behind first: old 1.0.0 → 4.0.0 (npm, 3.0 libyears, package-lock.json); mid 1.0.0 → 1.1.0 (npm, 1.0 libyears, package-lock.json)."
        );
        let eco = e
            .findings
            .iter()
            .find(|f| f.rule == "ecosystem-drift")
            .unwrap();
        assert!(
            eco.message
                .starts_with("npm: 3 packages, 17.0 libyears behind in total"),
            "{}",
            eco.message
        );
    }

    #[test]
    fn yanked_deprecated_problems_and_missing_lockfiles() {
        let mut y = info("1.0.1", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");
        y.yanked = true;
        let mut d = info("1.0.0", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        d.deprecated = Some("use b instead".into());
        let mut f = facts(
            vec![
                dep("y", "1.0.0", true, Some(y)),
                dep("d", "1.0.0", true, Some(d)),
            ],
            LookupMode::Online,
        );
        f.dependency_scan.problems.push(ManifestProblem {
            path: "web/yarn.lock".into(),
            message: "line 3: entry a has no version".into(),
            role: crate::facts::Role::Product,
        });
        f.dependency_scan.unlocked.push(UnlockedManifest {
            path: "api/package.json".into(),
            ecosystem: Ecosystem::Npm,
            expected: "package-lock.json".into(),
            dependencies: 4,
            role: crate::facts::Role::Product,
            library: None,
        });
        let e = Dependencies.evaluate(&f, &CheckConfig::default());
        let r = rules(&e);
        for rule in [
            "yanked-version-in-use",
            "deprecated-package-in-use",
            "manifest-unparsable",
            "lockfile-missing",
        ] {
            assert!(r.contains(&rule), "{rule} missing from {r:?}");
        }
        let bad = e
            .findings
            .iter()
            .find(|f| f.rule == "manifest-unparsable")
            .unwrap();
        assert_eq!(bad.path.as_deref(), Some("web/yarn.lock"));
        assert!(bad.message.contains("no version"));
        assert_eq!(bad.severity, Severity::Medium);
        // 10 yanked + 3 deprecated + 5 unparsable + 5 unlocked (the libyear is 0.0).
        assert_eq!(e.score, Some(77), "{}", e.explanation);
    }

    #[test]
    fn offline_says_so_and_scores_only_what_it_knows() {
        let mut f = facts(vec![dep("a", "1.0.0", true, None)], LookupMode::Offline);
        f.dependency_scan.unlocked.push(UnlockedManifest {
            path: "package.json".into(),
            ecosystem: Ecosystem::Npm,
            expected: "package-lock.json".into(),
            dependencies: 1,
            role: crate::facts::Role::Product,
            library: None,
        });
        let e = Dependencies.evaluate(&f, &CheckConfig::default());
        assert!(
            e.summary.starts_with("Ran offline: 1 dependency is listed"),
            "{}",
            e.summary
        );
        assert_eq!(e.score, Some(95));
        assert!(!rules(&e).contains(&"oldest-dependencies"));
    }

    #[test]
    fn libraries_and_files_of_tests_and_examples_are_told_not_scored() {
        use crate::facts::Role;
        let mut f = facts(vec![dep("a", "1.0.0", true, None)], LookupMode::Offline);
        let unlocked = |path: &str, role, library: Option<&str>| UnlockedManifest {
            path: path.into(),
            ecosystem: Ecosystem::Cargo,
            expected: "Cargo.lock".into(),
            dependencies: 3,
            role,
            library: library.map(str::to_owned),
        };
        f.dependency_scan.unlocked = vec![
            unlocked("Cargo.toml", Role::Product, Some("a Rust library crate")),
            unlocked("tests/harness/Cargo.toml", Role::Test, None),
        ];
        f.dependency_scan.problems.push(ManifestProblem {
            path: "examples/broken/package.json".into(),
            message: "invalid JSON at line 1 column 2".into(),
            role: Role::Docs,
        });
        let e = Dependencies.evaluate(&f, &CheckConfig::default());
        assert_eq!(e.score, Some(100), "{}", e.explanation);
        let lib = e
            .findings
            .iter()
            .find(|f| f.path.as_deref() == Some("Cargo.toml"))
            .unwrap();
        assert_eq!(lib.severity, Severity::Info);
        assert!(
            lib.message.contains("a Rust library crate"),
            "{}",
            lib.message
        );
        let test = e
            .findings
            .iter()
            .find(|f| f.path.as_deref() == Some("tests/harness/Cargo.toml"))
            .unwrap();
        assert_eq!(test.role, Some(Role::Test));
        let example = e
            .findings
            .iter()
            .find(|f| f.rule == "manifest-unparsable")
            .unwrap();
        assert_eq!(example.role, Some(Role::Docs));
        // Listed at info: a broken example or test input is not the product's.
        assert_eq!(example.severity, Severity::Info);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
