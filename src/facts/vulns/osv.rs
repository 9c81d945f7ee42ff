//! The OSV schema (the part the audit reads) and matching a package version against an
//! advisory, per <https://ossf.github.io/osv-schema/>.
//!
//! - `affected[].package {ecosystem, name}` names the package; names are compared the way the
//!   ecosystem does (PyPI names normalised per PEP 503, NuGet and Packagist case-insensitively,
//!   the others exactly).
//! - A version is affected when it is in the explicit `versions` list, or inside one of the
//!   `SEMVER` or `ECOSYSTEM` ranges: events sorted by version (`introduced: "0"` first), walked
//!   in order: at or after `introduced` → affected; at or after `fixed` → not; after
//!   `last_affected` → not; at or after a `limit` → never in this range. `GIT` ranges name
//!   commits, not versions, and are ignored.
//! - Versions are ordered by the ecosystem's own rules ([`version`](crate::facts::deps::version)).
//! - Withdrawn advisories are ignored.
//! - Severity: a CVSS v3 or v4 vector (top-level `severity`, else the affected package's) is
//!   scored with the `cvss` crate and rated critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0; without
//!   one, `database_specific.severity` (`CRITICAL`, `HIGH`, `MODERATE`/`MEDIUM`, `LOW`) is used.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::facts::deps::version::Version;
use crate::facts::Ecosystem;

/// One OSV advisory (only the fields the audit reads).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Advisory {
    /// `RUSTSEC-2021-0001`, `GHSA-…`, `PYSEC-…`, `GO-…`, `CVE-…`.
    pub id: String,
    /// Other ids of the same vulnerability.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One-line summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Set when the advisory was withdrawn.
    #[serde(default)]
    pub withdrawn: Option<String>,
    /// Severity scores (CVSS vectors).
    #[serde(default)]
    pub severity: Vec<SeverityScore>,
    /// The affected packages and versions.
    #[serde(default)]
    pub affected: Vec<Affected>,
    /// Database-specific data; `severity` is read from here when there is no CVSS vector.
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// `severity[]`: a scoring system and its vector.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SeverityScore {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The vector (`CVSS:3.1/AV:N/…`).
    pub score: String,
}

/// `affected[]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Affected {
    /// The package.
    #[serde(default)]
    pub package: Option<Package>,
    /// Per-package severity.
    #[serde(default)]
    pub severity: Vec<SeverityScore>,
    /// Version ranges.
    #[serde(default)]
    pub ranges: Vec<Range>,
    /// Explicit affected versions.
    #[serde(default)]
    pub versions: Vec<String>,
    /// Database-specific data (read for a `severity` word when there is no CVSS vector).
    #[serde(default)]
    pub database_specific: Option<serde_json::Value>,
}

/// `affected[].package`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Package {
    /// OSV ecosystem name (`crates.io`, `npm`, `PyPI`, …).
    pub ecosystem: String,
    /// Package name.
    pub name: String,
}

/// `affected[].ranges[]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The events.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// One event of a range: exactly one field is set.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Event {
    /// The first affected version (`0`: every version before the other events).
    #[serde(default)]
    pub introduced: Option<String>,
    /// The first version with the fix.
    #[serde(default)]
    pub fixed: Option<String>,
    /// The last affected version (no fixed version known).
    #[serde(default)]
    pub last_affected: Option<String>,
    /// An upper bound: no version at or after it is in this range.
    #[serde(default)]
    pub limit: Option<String>,
}

/// How bad a vulnerability is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    /// No severity given anywhere in the advisory.
    Unknown,
    /// CVSS below 4, or `LOW`.
    Low,
    /// CVSS 4 to 6.9, or `MODERATE`/`MEDIUM`.
    Medium,
    /// CVSS 7 to 8.9, or `HIGH`.
    High,
    /// CVSS 9 or more, or `CRITICAL`.
    Critical,
}

impl Rating {
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Unknown => "unknown",
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
            Rating::Critical => "critical",
        }
    }

    /// The rating of a CVSS base score.
    #[must_use]
    pub fn from_score(score: f64) -> Self {
        if score >= 9.0 {
            Rating::Critical
        } else if score >= 7.0 {
            Rating::High
        } else if score >= 4.0 {
            Rating::Medium
        } else {
            Rating::Low
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        match word.trim().to_ascii_uppercase().as_str() {
            "CRITICAL" => Some(Rating::Critical),
            "HIGH" => Some(Rating::High),
            "MODERATE" | "MEDIUM" => Some(Rating::Medium),
            "LOW" => Some(Rating::Low),
            _ => None,
        }
    }
}

/// An advisory's severity: the rating, and the CVSS score and vector it came from, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityInfo {
    /// The rating.
    pub rating: Rating,
    /// The CVSS base score, when a vector was given.
    pub cvss: Option<f64>,
    /// The CVSS vector.
    pub vector: Option<String>,
}

/// The CVSS base score of a v3.x or v4.0 vector; `None` for anything else or a malformed one.
#[must_use]
pub fn cvss_score(vector: &str) -> Option<f64> {
    let v = vector.trim();
    if !(v.starts_with("CVSS:3.") || v.starts_with("CVSS:4.")) {
        return None;
    }
    v.parse::<cvss::Cvss>().ok().map(|c| c.score())
}

impl Advisory {
    /// The severity: the highest CVSS v3/v4 score among the advisory's vectors (those of the
    /// affected entries for `ecosystem`/`name` too), else `database_specific.severity`.
    #[must_use]
    pub fn severity_for(&self, ecosystem: Ecosystem, name: &str) -> SeverityInfo {
        let mut best: Option<(f64, &str)> = None;
        let own = self
            .affected
            .iter()
            .filter(|a| {
                a.package
                    .as_ref()
                    .is_some_and(|p| same_package(p, ecosystem, name))
            })
            .flat_map(|a| a.severity.iter());
        for s in self.severity.iter().chain(own) {
            if let Some(score) = cvss_score(&s.score) {
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, s.score.as_str()));
                }
            }
        }
        if let Some((score, vector)) = best {
            return SeverityInfo {
                rating: Rating::from_score(score),
                cvss: Some(score),
                vector: Some(vector.to_owned()),
            };
        }
        let word = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .and_then(|d| d.get("severity"))
                .and_then(serde_json::Value::as_str)
                .and_then(Rating::from_word)
        };
        let rating = word(&self.database_specific)
            .or_else(|| {
                self.affected
                    .iter()
                    .find_map(|a| word(&a.database_specific))
            })
            .unwrap_or(Rating::Unknown);
        SeverityInfo {
            rating,
            cvss: None,
            vector: None,
        }
    }

    /// Whether `version` of the package is affected, and the version that fixes it (the first
    /// `fixed` event above it), when known. `None` when not affected (or withdrawn).
    #[must_use]
    pub fn affects(&self, ecosystem: Ecosystem, name: &str, version: &str) -> Option<Hit> {
        if self.withdrawn.is_some() {
            return None;
        }
        let v = Version::parse(ecosystem, version);
        let mut hit: Option<Hit> = None;
        for a in &self.affected {
            let Some(p) = &a.package else { continue };
            if !same_package(p, ecosystem, name) {
                continue;
            }
            let listed = a.versions.iter().any(|x| {
                x == version
                    || v.as_ref().is_some_and(|v| {
                        Version::parse(ecosystem, x).and_then(|x| x.cmp_same(v))
                            == Some(Ordering::Equal)
                    })
            });
            let mut this: Option<Hit> = listed.then(Hit::default);
            if let Some(v) = &v {
                for r in &a.ranges {
                    if r.kind != "SEMVER" && r.kind != "ECOSYSTEM" {
                        continue;
                    }
                    if let Some(fixed) = in_range(ecosystem, &r.events, v) {
                        let h = this.get_or_insert_with(Hit::default);
                        if h.fixed.is_none() {
                            h.fixed = fixed;
                        }
                    }
                }
            }
            if let Some(h) = this {
                match &mut hit {
                    None => hit = Some(h),
                    Some(prev) if prev.fixed.is_none() => prev.fixed = h.fixed,
                    Some(_) => {}
                }
            }
        }
        hit
    }
}

/// A match of a version against an advisory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hit {
    /// The first fixed version above the version in use, when the advisory gives one.
    pub fixed: Option<String>,
}

/// Whether `v` is in the range given by `events`; `Some(fixed)` when it is, with the first
/// `fixed` version above `v` if any. Events whose version does not parse are ignored.
fn in_range(ecosystem: Ecosystem, events: &[Event], v: &Version) -> Option<Option<String>> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Introduced,
        Fixed,
        LastAffected,
        Limit,
    }
    let mut sorted: Vec<(Option<Version>, Kind, &str)> = Vec::new();
    for e in events {
        for (field, kind) in [
            (&e.introduced, Kind::Introduced),
            (&e.fixed, Kind::Fixed),
            (&e.last_affected, Kind::LastAffected),
            (&e.limit, Kind::Limit),
        ] {
            let Some(text) = field.as_deref() else {
                continue;
            };
            if kind == Kind::Introduced && text == "0" {
                sorted.push((None, kind, text));
            } else if kind == Kind::Limit && text == "*" {
                // No limit.
            } else if let Some(parsed) = Version::parse(ecosystem, text) {
                sorted.push((Some(parsed), kind, text));
            }
        }
    }
    // `None` ("0") sorts first; versions by the ecosystem's order.
    sorted.sort_by(|a, b| match (&a.0, &b.0) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x.cmp_same(y).unwrap_or(Ordering::Equal),
    });
    let at_or_after = |e: &Option<Version>| {
        e.as_ref()
            .is_none_or(|e| v.cmp_same(e).is_some_and(|o| o != Ordering::Less))
    };
    let after = |e: &Option<Version>| {
        e.as_ref()
            .is_some_and(|e| v.cmp_same(e) == Some(Ordering::Greater))
    };
    let mut affected = false;
    for (ver, kind, _) in &sorted {
        match kind {
            Kind::Introduced if at_or_after(ver) => affected = true,
            Kind::Fixed if ver.is_some() && at_or_after(ver) => affected = false,
            Kind::LastAffected if after(ver) => affected = false,
            Kind::Limit if at_or_after(ver) => return None,
            _ => {}
        }
    }
    if !affected {
        return None;
    }
    let fixed = sorted
        .iter()
        .find(|(ver, kind, _)| {
            *kind == Kind::Fixed
                && ver
                    .as_ref()
                    .is_some_and(|f| v.cmp_same(f) == Some(Ordering::Less))
        })
        .map(|(_, _, text)| (*text).to_owned());
    Some(fixed)
}

/// OSV's name for an ecosystem.
#[must_use]
pub fn ecosystem_name(ecosystem: Ecosystem) -> &'static str {
    match ecosystem {
        Ecosystem::Cargo => "crates.io",
        Ecosystem::Npm => "npm",
        Ecosystem::Pypi => "PyPI",
        Ecosystem::Go => "Go",
        Ecosystem::Maven => "Maven",
        Ecosystem::Rubygems => "RubyGems",
        Ecosystem::Composer => "Packagist",
        Ecosystem::Nuget => "NuGet",
    }
}

/// Our ecosystem for an OSV ecosystem name (`PyPI`, `crates.io`, …; a `:suffix` such as a
/// distribution release is not ours).
#[must_use]
pub fn ecosystem_from_name(name: &str) -> Option<Ecosystem> {
    Ecosystem::ALL
        .into_iter()
        .find(|e| ecosystem_name(*e) == name)
}

/// A package name as the ecosystem compares names.
#[must_use]
pub fn normalize_name(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        // PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`.
        Ecosystem::Pypi => crate::facts::deps::python::normalize(name),
        Ecosystem::Nuget | Ecosystem::Composer => name.to_lowercase(),
        _ => name.to_owned(),
    }
}

fn same_package(p: &Package, ecosystem: Ecosystem, name: &str) -> bool {
    p.ecosystem == ecosystem_name(ecosystem)
        && normalize_name(ecosystem, &p.name) == normalize_name(ecosystem, name)
}

/// The id to show for a group of ids of one vulnerability: the ecosystem's own database
/// (`RUSTSEC`, `PYSEC`, `GO`, …) first, then `GHSA`, then `CVE`, then the smallest.
#[must_use]
pub fn primary_id<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let rank = |id: &str| {
        if id.starts_with("CVE-") {
            2
        } else if id.starts_with("GHSA-") {
            1
        } else {
            0
        }
    };
    ids.into_iter()
        .min_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advisory(json: &str) -> Advisory {
        serde_json::from_str(json).expect("valid advisory")
    }

    /// An advisory for one package with one range of `kind` and these events.
    fn ranged(eco: &str, name: &str, kind: &str, events: &str) -> Advisory {
        advisory(&format!(
            r#"{{"id":"TEST-1","affected":[{{"package":{{"ecosystem":"{eco}","name":"{name}"}},
               "ranges":[{{"type":"{kind}","events":{events}}}]}}]}}"#
        ))
    }

    fn fixed(a: &Advisory, eco: Ecosystem, name: &str, v: &str) -> Option<Option<String>> {
        a.affects(eco, name, v).map(|h| h.fixed)
    }

    #[test]
    fn introduced_and_fixed_bound_the_range() {
        let a = ranged(
            "crates.io",
            "smallvec",
            "SEMVER",
            r#"[{"introduced":"0.6.3"},{"fixed":"0.6.14"},{"introduced":"1.0.0"},{"fixed":"1.6.1"}]"#,
        );
        let eco = Ecosystem::Cargo;
        assert_eq!(fixed(&a, eco, "smallvec", "0.6.2"), None);
        assert_eq!(
            fixed(&a, eco, "smallvec", "0.6.3"),
            Some(Some("0.6.14".into()))
        );
        assert_eq!(fixed(&a, eco, "smallvec", "0.6.14"), None);
        assert_eq!(
            fixed(&a, eco, "smallvec", "1.6.0"),
            Some(Some("1.6.1".into()))
        );
        assert_eq!(fixed(&a, eco, "smallvec", "1.6.1"), None);
        assert_eq!(fixed(&a, eco, "smallvec", "2.0.0"), None);
        // Another package of the same name elsewhere is not matched.
        assert_eq!(fixed(&a, Ecosystem::Npm, "smallvec", "1.0.0"), None);
    }

    #[test]
    fn introduced_zero_and_last_affected() {
        let a = ranged(
            "npm",
            "lodash",
            "ECOSYSTEM",
            r#"[{"introduced":"0"},{"last_affected":"4.17.11"}]"#,
        );
        assert_eq!(
            fixed(&a, Ecosystem::Npm, "lodash", "1.0.0"),
            Some(None),
            "affected, no fixed version"
        );
        assert_eq!(fixed(&a, Ecosystem::Npm, "lodash", "4.17.11"), Some(None));
        assert_eq!(fixed(&a, Ecosystem::Npm, "lodash", "4.17.12"), None);
    }

    #[test]
    fn limit_ends_the_range_and_git_ranges_are_ignored() {
        let a = ranged(
            "Go",
            "example.com/m",
            "SEMVER",
            r#"[{"introduced":"0"},{"limit":"1.5.0"}]"#,
        );
        assert!(a
            .affects(Ecosystem::Go, "example.com/m", "v1.4.9")
            .is_some());
        assert!(a
            .affects(Ecosystem::Go, "example.com/m", "v1.5.0")
            .is_none());
        let g = ranged(
            "Go",
            "example.com/m",
            "GIT",
            r#"[{"introduced":"0"},{"fixed":"abc123"}]"#,
        );
        assert!(g
            .affects(Ecosystem::Go, "example.com/m", "v1.0.0")
            .is_none());
    }

    #[test]
    fn explicit_versions_and_withdrawn() {
        let mut a = advisory(
            r#"{"id":"PYSEC-1","affected":[{"package":{"ecosystem":"PyPI","name":"Django_Rest.Framework"},
                "versions":["3.1.0","3.1.1"]}]}"#,
        );
        // PEP 503 names, PEP 440 equality (3.1 == 3.1.0).
        assert!(a
            .affects(Ecosystem::Pypi, "django-rest-framework", "3.1")
            .is_some());
        assert!(a
            .affects(Ecosystem::Pypi, "django-rest-framework", "3.1.2")
            .is_none());
        a.withdrawn = Some("2024-01-01T00:00:00Z".into());
        assert!(a
            .affects(Ecosystem::Pypi, "django-rest-framework", "3.1.1")
            .is_none());
    }

    #[test]
    fn each_ecosystem_orders_by_its_own_rules() {
        // PEP 440: 2.0rc1 < 2.0 (pre-release before the release), 2.0.post1 > 2.0.
        let p = ranged(
            "PyPI",
            "pkg",
            "ECOSYSTEM",
            r#"[{"introduced":"1.0"},{"fixed":"2.0"}]"#,
        );
        assert!(p.affects(Ecosystem::Pypi, "pkg", "2.0rc1").is_some());
        assert!(p.affects(Ecosystem::Pypi, "pkg", "2.0.post1").is_none());
        assert!(p.affects(Ecosystem::Pypi, "pkg", "1.10").is_some());
        // Maven: 1.0-alpha < 1.0 < 1.0-sp1 ; 1.10 > 1.9.
        let m = ranged(
            "Maven",
            "org.example:lib",
            "ECOSYSTEM",
            r#"[{"introduced":"1.0"},{"fixed":"1.10"}]"#,
        );
        assert!(m
            .affects(Ecosystem::Maven, "org.example:lib", "1.0-alpha")
            .is_none());
        assert!(m
            .affects(Ecosystem::Maven, "org.example:lib", "1.9")
            .is_some());
        assert!(m
            .affects(Ecosystem::Maven, "org.example:lib", "1.10")
            .is_none());
        // semver: 1.0.0-rc.1 < 1.0.0, numeric, not lexical, segments.
        let s = ranged(
            "npm",
            "x",
            "SEMVER",
            r#"[{"introduced":"0"},{"fixed":"1.0.0"}]"#,
        );
        assert!(s.affects(Ecosystem::Npm, "x", "1.0.0-rc.1").is_some());
        assert!(s.affects(Ecosystem::Npm, "x", "0.10.0").is_some());
        assert!(s.affects(Ecosystem::Npm, "x", "1.0.0").is_none());
        // Go: a leading v on either side.
        let g = ranged(
            "Go",
            "github.com/a/b",
            "SEMVER",
            r#"[{"introduced":"0"},{"fixed":"0.9.1"}]"#,
        );
        assert!(g
            .affects(Ecosystem::Go, "github.com/a/b", "v0.8.0")
            .is_some());
        assert!(g
            .affects(Ecosystem::Go, "github.com/a/b", "v0.9.1")
            .is_none());
        // NuGet and Packagist names are case-insensitive.
        let n = ranged(
            "NuGet",
            "Newtonsoft.Json",
            "ECOSYSTEM",
            r#"[{"introduced":"0"},{"fixed":"13.0.1"}]"#,
        );
        assert!(n
            .affects(Ecosystem::Nuget, "newtonsoft.json", "12.0.3")
            .is_some());
    }

    #[test]
    fn severity_from_cvss_then_database_specific() {
        let a = advisory(
            r#"{"id":"GHSA-x","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}"#,
        );
        let s = a.severity_for(Ecosystem::Npm, "x");
        assert_eq!(s.rating, Rating::Critical);
        assert_eq!(s.cvss, Some(9.8));
        let v4 = advisory(
            r#"{"id":"GHSA-y","severity":[{"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N"}]}"#,
        );
        let s = v4.severity_for(Ecosystem::Npm, "x");
        assert_eq!(s.rating, Rating::High, "{s:?}");
        assert_eq!(s.cvss, Some(8.7));
        let word = advisory(r#"{"id":"GHSA-z","database_specific":{"severity":"MODERATE"}}"#);
        assert_eq!(
            word.severity_for(Ecosystem::Npm, "x").rating,
            Rating::Medium
        );
        let none = advisory(
            r#"{"id":"RUSTSEC-1","severity":[{"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:P/I:P/A:P"}]}"#,
        );
        assert_eq!(
            none.severity_for(Ecosystem::Cargo, "x").rating,
            Rating::Unknown
        );
    }

    #[test]
    fn primary_id_prefers_the_ecosystem_database() {
        assert_eq!(
            primary_id(["CVE-2021-1", "GHSA-aaaa", "RUSTSEC-2021-0001"]),
            Some("RUSTSEC-2021-0001")
        );
        assert_eq!(primary_id(["CVE-2021-1", "GHSA-aaaa"]), Some("GHSA-aaaa"));
        assert_eq!(
            normalize_name(Ecosystem::Pypi, "Foo__Bar.baz"),
            "foo-bar-baz"
        );
    }
}
