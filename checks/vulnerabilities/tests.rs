//! Tests of the `vulnerabilities` check: alias merging, scoring, skipped states.

use super::*;
use crate::facts::vulns::osv::{Advisory, SeverityInfo};
use crate::facts::vulns::{match_all, packages, VulnFacts};
use crate::facts::{Dependency, Ecosystem};

fn adv(json: &str) -> Advisory {
    serde_json::from_str(json).expect("valid advisory")
}

fn dep(name: &str, version: &str, direct: bool, dev: bool, manifest: &str) -> Dependency {
    let mut d = Dependency::new(Ecosystem::Cargo, name, version, manifest);
    d.direct = direct;
    d.dev = dev;
    d
}

fn vuln(rating: Rating, dev: bool, fixed: Option<&str>) -> VulnMatch {
    VulnMatch {
        ecosystem: Ecosystem::Cargo,
        name: "pkg".into(),
        version: "1.0.0".into(),
        id: format!("RUSTSEC-{}", rating.as_str()),
        aliases: Vec::new(),
        summary: None,
        severity: SeverityInfo {
            rating,
            cvss: None,
            vector: None,
        },
        fixed: fixed.map(str::to_owned),
        direct: true,
        dev,
        manifests: vec!["Cargo.lock".into()],
    }
}

fn facts_with(matches: Vec<VulnMatch>, source: VulnSource) -> RepoFacts {
    let mut facts = RepoFacts::empty("t");
    facts.dependencies = vec![dep("pkg", "1.0.0", true, false, "Cargo.lock")];
    facts.vulnerabilities = VulnFacts {
        source,
        packages: 1,
        matches,
        ..VulnFacts::default()
    };
    facts
}

fn api() -> VulnSource {
    VulnSource::Api {
        url: "http://x".into(),
    }
}

#[test]
fn aliases_merge_into_one_finding_with_the_highest_severity_and_fix() {
    let rustsec = adv(
        r#"{"id":"RUSTSEC-2021-0003","aliases":["CVE-2021-25900"],"summary":"Buffer overflow in SmallVec::insert_many",
            "affected":[{"package":{"ecosystem":"crates.io","name":"smallvec"},
              "ranges":[{"type":"SEMVER","events":[{"introduced":"0.6.3"},{"fixed":"0.6.14"},{"introduced":"1.0.0"},{"fixed":"1.6.1"}]}]}]}"#,
    );
    let ghsa = adv(r#"{"id":"GHSA-43w2-9j62-hq99","aliases":["CVE-2021-25900"],
            "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
            "affected":[{"package":{"ecosystem":"crates.io","name":"smallvec"},
              "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"1.0.0"},{"fixed":"1.6.1"}]}]}]}"#);
    let other = adv(
        r#"{"id":"RUSTSEC-2018-0003","affected":[{"package":{"ecosystem":"crates.io","name":"smallvec"},
              "versions":["1.2.0"]}]}"#,
    );
    let deps = vec![
        dep("smallvec", "1.2.0", false, false, "a/Cargo.lock"),
        dep("smallvec", "1.2.0", true, false, "b/Cargo.lock"),
    ];
    let (pkgs, _) = packages(&deps);
    let all = [&rustsec, &ghsa, &other];
    let matches = match_all(&pkgs, |_| all.iter().map(|a| (*a, false)).collect());
    assert_eq!(matches.len(), 2, "{matches:#?}");
    let m = &matches[1];
    assert_eq!(m.id, "RUSTSEC-2021-0003");
    assert_eq!(m.aliases, ["CVE-2021-25900", "GHSA-43w2-9j62-hq99"]);
    assert_eq!(m.fixed.as_deref(), Some("1.6.1"));
    assert_eq!(m.severity.rating, Rating::Critical);
    assert!(m.direct, "direct in one manifest");
    assert_eq!(m.manifests, ["a/Cargo.lock", "b/Cargo.lock"]);
    assert_eq!(
        m.summary.as_deref(),
        Some("Buffer overflow in SmallVec::insert_many")
    );
    assert_eq!(matches[0].id, "RUSTSEC-2018-0003");
    assert_eq!(matches[0].fixed, None);

    let mut facts = RepoFacts::empty("t");
    facts.dependencies = deps;
    facts.vulnerabilities = VulnFacts {
        source: api(),
        packages: 1,
        matches,
        ..VulnFacts::default()
    };
    let e = Vulnerabilities.evaluate(&facts, &CheckConfig::default());
    // Two vulnerabilities, each reported at both lockfiles.
    assert_eq!(e.findings.len(), 4);
    assert_eq!(e.score, Some(100 - 35 - 8));
    assert_eq!(e.status, Status::Fail, "a critical vulnerability fails");
    let f = e
        .findings
        .iter()
        .find(|f| f.message.contains("RUSTSEC-2021-0003"))
        .unwrap();
    assert_eq!(f.path.as_deref(), Some("a/Cargo.lock"));
    assert!(f.message.contains("CVE-2021-25900"), "{}", f.message);
    assert!(f.message.contains("CVSS 9.8"), "{}", f.message);
    assert!(f.remediation.contains("1.6.1"), "{}", f.remediation);
}

#[test]
fn points_by_severity_and_half_for_development_dependencies() {
    let cases: &[(Vec<VulnMatch>, u8, Status)] = &[
        (vec![], 100, Status::Pass),
        (
            vec![vuln(Rating::Low, false, Some("1.0.1"))],
            97,
            Status::Pass,
        ),
        (vec![vuln(Rating::Medium, false, None)], 92, Status::Pass),
        (vec![vuln(Rating::Unknown, false, None)], 92, Status::Pass),
        (vec![vuln(Rating::High, false, None)], 80, Status::Pass),
        (vec![vuln(Rating::High, true, None)], 90, Status::Pass),
        (
            vec![
                vuln(Rating::High, false, None),
                vuln(Rating::High, false, None),
            ],
            60,
            Status::Warn,
        ),
        (vec![vuln(Rating::Critical, false, None)], 65, Status::Fail),
        (vec![vuln(Rating::Critical, true, None)], 82, Status::Pass),
        (
            vec![
                vuln(Rating::Critical, false, None),
                vuln(Rating::Critical, false, None),
                vuln(Rating::Critical, false, None),
            ],
            0,
            Status::Fail,
        ),
    ];
    for (matches, score, status) in cases {
        let e =
            Vulnerabilities.evaluate(&facts_with(matches.clone(), api()), &CheckConfig::default());
        assert_eq!(e.score, Some(*score), "{matches:?}: {}", e.explanation);
        assert_eq!(e.status, *status, "{matches:?}");
    }
    let e = Vulnerabilities.evaluate(
        &facts_with(vec![vuln(Rating::Critical, true, None)], api()),
        &CheckConfig::default(),
    );
    assert_eq!(
        e.findings[0].severity,
        Severity::High,
        "dev-only: one step lower"
    );
    assert!(
        e.explanation.contains("1 critical vulnerability"),
        "{}",
        e.explanation
    );
}

#[test]
fn offline_without_database_and_unreachable_are_skipped_not_clean() {
    let e = Vulnerabilities.evaluate(
        &facts_with(vec![], VulnSource::Offline),
        &CheckConfig::default(),
    );
    assert_eq!(e.status, Status::Skipped);
    assert!(e.summary.contains("offline"), "{}", e.summary);

    let mut facts = facts_with(vec![], api());
    facts.vulnerabilities.failed = 1;
    facts.vulnerabilities.errors = vec!["http://x/v1/querybatch: HTTP 503".into()];
    let e = Vulnerabilities.evaluate(&facts, &CheckConfig::default());
    assert_eq!(e.status, Status::Skipped);
    assert!(e.summary.contains("HTTP 503"), "{}", e.summary);

    let e = Vulnerabilities.evaluate(&RepoFacts::empty("t"), &CheckConfig::default());
    assert_eq!(e.status, Status::Skipped);

    let mut facts = facts_with(vec![], api());
    facts.vulnerabilities.packages = 0;
    facts.vulnerabilities.unpinned = 3;
    let e = Vulnerabilities.evaluate(&facts, &CheckConfig::default());
    assert_eq!(e.status, Status::Skipped);
    assert!(e.summary.contains("pinned"), "{}", e.summary);
}

#[test]
fn partial_failures_are_said_and_the_rest_scored() {
    let mut facts = facts_with(
        vec![vuln(Rating::Low, false, None)],
        VulnSource::Database { path: "db".into() },
    );
    facts.vulnerabilities.packages = 4;
    facts.vulnerabilities.failed = 1;
    facts.vulnerabilities.errors = vec!["boom".into()];
    let e = Vulnerabilities.evaluate(&facts, &CheckConfig::default());
    assert_eq!(e.score, Some(97));
    assert!(
        e.summary.contains("1 version could not be checked"),
        "{}",
        e.summary
    );
    assert!(e.findings.iter().any(|f| f.rule == "lookup-incomplete"));
}

#[test]
fn unreadable_advisories_are_an_info_finding_not_a_deduction() {
    let mut facts = facts_with(vec![], VulnSource::Database { path: "db".into() });
    facts.vulnerabilities.errors = vec!["db/npm/broken.json: not an OSV advisory".into()];
    let e = Vulnerabilities.evaluate(&facts, &CheckConfig::default());
    assert_eq!(e.score, Some(100));
    assert_eq!(e.findings.len(), 1);
    assert_eq!(e.findings[0].rule, "advisories-unreadable");
    assert!(e.findings[0].message.contains("broken.json"));
}
