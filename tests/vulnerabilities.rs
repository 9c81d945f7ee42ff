//! The `vulnerabilities` check end to end: the local OSV database in `fixtures/osv-db` (by
//! `--osv-db` and by `[osv] database`), and the OSV API client over real HTTP against a local
//! server serving OSV answers (one batch query, each advisory fetched once, cache, retries,
//! offline).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;

use diligence::facts::registry::http::FetchOptions;
use diligence::facts::vulns::{collect, OsvConfig, VulnFacts, VulnOptions, VulnSource};
use diligence::facts::{Dependency, Ecosystem, Needs};
use diligence::progress::Progress;

use crate::common::{audit_json, bin, check, copy_dir, fixture, redacted, repo_root, rules};
use crate::dependencies::server::{Route, Server};

/// (id, path, severity) of every finding of the check.
fn found(report: &serde_json::Value) -> BTreeSet<(String, String, String)> {
    check(report, "vulnerabilities")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "vulnerable-dependency")
        .map(|f| {
            let evidence = f["evidence"].as_str().unwrap();
            (
                evidence.rsplit(' ').next().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn expected() -> BTreeSet<(String, String, String)> {
    [
        ("RUSTSEC-2021-0003", "Cargo.lock", "critical"),
        ("GHSA-jf85-cpcp-j695", "web/package-lock.json", "critical"),
        // Development-only: one step below the advisory's moderate.
        ("GHSA-qm2w-4c8j-mocha", "web/package-lock.json", "low"),
        ("PYSEC-2021-9", "api/requirements.txt", "medium"),
    ]
    .iter()
    .map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into()))
    .collect()
}

#[test]
fn local_database_gives_findings_offline() {
    let db = fixture("osv-db");
    let report = audit_json(
        &fixture("vulnerable-app"),
        &["--osv-db", db.to_str().unwrap()],
    );
    crate::e2e::assert_contract(&report);
    let c = check(&report, "vulnerabilities");
    redacted().bind(|| {
        insta::assert_json_snapshot!("vulnerabilities_vulnerable_app_local_db", c);
    });
    assert_eq!(found(&report), expected());
    // Withdrawn advisory (minimist) ignored; the unused Maven directory not read (its file is
    // malformed, which would be reported).
    assert_eq!(rules(c).len(), 4, "{c:#}");
    assert_eq!(
        c["status"], "fail",
        "critical vulnerabilities fail the check"
    );
    assert_eq!(c["score"], 100 - 35 - 35 - 8 - 4);
    let summary = c["summary"].as_str().unwrap();
    assert!(
        summary
            .starts_with("4 known vulnerabilities in 4 dependencies of the 7 dependency versions"),
        "{summary}"
    );
    let smallvec = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "Cargo.lock")
        .unwrap();
    let msg = smallvec["message"].as_str().unwrap();
    // RUSTSEC and its GHSA twin are one finding, with the GHSA's CVSS score.
    assert!(
        msg.contains("RUSTSEC-2021-0003 (CVE-2021-25900, GHSA-43w2-9j62-hq99)"),
        "{msg}"
    );
    assert!(msg.contains("CVSS 9.8") && msg.contains("direct"), "{msg}");
    assert_eq!(
        smallvec["remediation"],
        "Upgrade smallvec to 1.6.1 or later."
    );
}

#[test]
fn offline_without_database_is_skipped() {
    let report = audit_json(&fixture("vulnerable-app"), &[]);
    let c = check(&report, "vulnerabilities");
    assert_eq!(c["status"], "skipped");
    assert!(c["score"].is_null());
}

#[test]
fn database_from_the_configuration_file_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("osv");
    copy_dir(&fixture("osv-db"), &db);
    let cfg = dir.path().join("diligence.toml");
    std::fs::write(&cfg, "[osv]\ndatabase = \"osv\"\n").unwrap();
    let report = audit_json(
        &fixture("vulnerable-app"),
        &["--config", cfg.to_str().unwrap()],
    );
    assert_eq!(found(&report), expected());
}

#[test]
fn bad_osv_db_is_a_usage_error() {
    let out = bin()
        .args([
            "audit",
            "--offline",
            "--quiet",
            "--osv-db",
            "/nonexistent/osv",
        ])
        .arg(fixture("vulnerable-app"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--osv-db"));
}

#[test]
fn unreadable_database_files_are_reported_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("osv-db"), dir.path());
    std::fs::write(dir.path().join("npm/broken.json"), "{ not json").unwrap();
    let deps = vec![dep(Ecosystem::Npm, "lodash", "4.17.11")];
    let facts = collect(
        Path::new("/nonexistent"),
        &deps,
        Needs::ADVISORIES,
        &VulnOptions {
            offline: true,
            config: OsvConfig {
                url: None,
                database: Some(dir.path().to_owned()),
            },
            ..VulnOptions::default()
        },
        &Progress::hidden(),
    );
    assert_eq!(facts.matches.len(), 1);
    assert_eq!(facts.errors.len(), 1, "{:?}", facts.errors);
    assert!(
        facts.errors[0].contains("broken.json"),
        "{:?}",
        facts.errors
    );
}

fn dep(eco: Ecosystem, name: &str, version: &str) -> Dependency {
    let mut d = Dependency::new(eco, name, version, "lock");
    d.direct = true;
    d
}

fn advisory(path: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("fixtures/osv-db").join(path)).unwrap()
}

/// The OSV API's answers for the vulnerable-app fixture's seven package versions, in query
/// order (ecosystem, name, version): the batch answer names ids only; details are per id.
fn osv_routes() -> HashMap<String, Route> {
    let batch = serde_json::json!({ "results": [
        {},                                                         // serde
        { "vulns": [ { "id": "GHSA-43w2-9j62-hq99", "modified": "2023-06-13T13:10:24Z" },
                     { "id": "RUSTSEC-2021-0003", "modified": "2023-06-13T13:10:24Z" } ] },
        { "vulns": [ { "id": "GHSA-jf85-cpcp-j695", "modified": "2024-03-21T18:18:22Z" } ] },
        { "vulns": [ { "id": "GHSA-vh95-rmgr-6w4m", "modified": "2024-01-01T00:00:00Z" } ] },
        { "vulns": [ { "id": "GHSA-qm2w-4c8j-mocha", "modified": "2024-01-01T00:00:00Z" } ] },
        { "vulns": [ { "id": "PYSEC-2021-9", "modified": "2021-03-01T00:00:00Z" } ] },
        {}                                                          // requests
    ]});
    let mut routes = HashMap::new();
    routes.insert(
        "/v1/querybatch".to_owned(),
        Route::ok(batch.to_string().into_bytes()),
    );
    for (id, path) in [
        ("GHSA-43w2-9j62-hq99", "crates.io/GHSA-43w2-9j62-hq99.json"),
        ("RUSTSEC-2021-0003", "crates.io/RUSTSEC-2021-0003.json"),
        ("GHSA-jf85-cpcp-j695", "npm/GHSA-jf85-cpcp-j695.json"),
        ("GHSA-vh95-rmgr-6w4m", "npm/GHSA-vh95-rmgr-6w4m.json"),
        ("GHSA-qm2w-4c8j-mocha", "npm/GHSA-mocha-0000-test.json"),
        ("PYSEC-2021-9", "PyPI/PYSEC-2021-9.json"),
    ] {
        routes.insert(format!("/v1/vulns/{id}"), Route::ok(advisory(path)));
    }
    routes
}

fn fixture_deps() -> Vec<Dependency> {
    let mut mocha = dep(Ecosystem::Npm, "mocha", "5.2.0");
    mocha.dev = true;
    vec![
        dep(Ecosystem::Cargo, "serde", "1.0.152"),
        dep(Ecosystem::Cargo, "smallvec", "1.2.0"),
        dep(Ecosystem::Npm, "lodash", "4.17.11"),
        dep(Ecosystem::Npm, "minimist", "1.2.0"),
        mocha,
        dep(Ecosystem::Pypi, "django", "3.1.0"),
        dep(Ecosystem::Pypi, "requests", "2.31.0"),
        // A requirement, not one version: not queried.
        dep(Ecosystem::Npm, "left-pad", "^1.0.0"),
    ]
}

/// Options for the API at `url`, with answers cached in `cache` (always a directory of the test's
/// own: the user's cache would answer for a server that got the port of an earlier run's).
fn api_options(url: &str, cache: &Path, offline: bool) -> VulnOptions {
    VulnOptions {
        offline,
        config: OsvConfig {
            url: Some(url.to_owned()),
            database: None,
        },
        fetch: Some(FetchOptions {
            backoff: Duration::from_millis(5),
            timeout: Duration::from_secs(10),
            cache_dir: Some(cache.to_owned()),
            ..FetchOptions::default()
        }),
        ..VulnOptions::default()
    }
}

fn run(opts: &VulnOptions) -> VulnFacts {
    collect(
        Path::new("/nonexistent"),
        &fixture_deps(),
        Needs::ADVISORIES,
        opts,
        &Progress::hidden(),
    )
}

#[test]
fn api_one_batch_query_then_each_advisory_once() {
    let server = Server::start(osv_routes(), Duration::ZERO);
    let scratch = tempfile::tempdir().unwrap();
    let facts = run(&api_options(&server.url, scratch.path(), false));
    assert_eq!(
        facts.source,
        VulnSource::Api {
            url: server.url.clone()
        }
    );
    assert_eq!((facts.packages, facts.unpinned, facts.failed), (7, 1, 0));
    let ids: Vec<(&str, &str, Option<&str>)> = facts
        .matches
        .iter()
        .map(|m| (m.name.as_str(), m.id.as_str(), m.fixed.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            ("smallvec", "RUSTSEC-2021-0003", Some("1.6.1")),
            ("lodash", "GHSA-jf85-cpcp-j695", Some("4.17.12")),
            ("mocha", "GHSA-qm2w-4c8j-mocha", None),
            ("django", "PYSEC-2021-9", Some("3.1.6")),
        ],
        "withdrawn minimist advisory dropped, aliases merged"
    );
    let log = server.log();
    assert_eq!(log.iter().filter(|t| *t == "/v1/querybatch").count(), 1);
    let details: BTreeSet<&String> = log.iter().filter(|t| t.starts_with("/v1/vulns/")).collect();
    assert_eq!(details.len(), 6);
    assert_eq!(log.len(), 7, "each advisory fetched once: {log:?}");
    // The batch body is an OSV querybatch with every pinned version, in order.
    let body: serde_json::Value = serde_json::from_str(
        &server.bodies()[log.iter().position(|t| t == "/v1/querybatch").unwrap()],
    )
    .unwrap();
    let queries = body["queries"].as_array().unwrap();
    assert_eq!(queries.len(), 7);
    assert_eq!(
        queries[1],
        serde_json::json!({"package": {"ecosystem": "crates.io", "name": "smallvec"}, "version": "1.2.0"})
    );
    assert_eq!(queries[5]["package"]["ecosystem"], "PyPI");
}

#[test]
fn api_answers_are_cached_and_offline_makes_no_request() {
    let server = Server::start(osv_routes(), Duration::ZERO);
    let cache = tempfile::tempdir().unwrap();
    let first = run(&api_options(&server.url, cache.path(), false));
    let n = server.requests();
    assert_eq!(n, 7);
    let second = run(&api_options(&server.url, cache.path(), false));
    assert_eq!(server.requests(), n, "second run answered from the cache");
    assert_eq!(first.matches, second.matches);
    let scratch = tempfile::tempdir().unwrap();
    let offline = run(&api_options(&server.url, scratch.path(), true));
    assert_eq!(server.requests(), n);
    assert_eq!(offline.source, VulnSource::Offline);
    assert!(offline.matches.is_empty());
}

#[test]
fn api_server_errors_are_retried_and_failures_reported() {
    let mut routes = osv_routes();
    routes.get_mut("/v1/querybatch").unwrap().failures = vec![503, 429];
    let server = Server::start(routes, Duration::ZERO);
    let scratch = tempfile::tempdir().unwrap();
    let facts = run(&api_options(&server.url, scratch.path(), false));
    assert_eq!(facts.matches.len(), 4);
    assert_eq!(facts.failed, 0);

    let mut routes = osv_routes();
    routes.get_mut("/v1/querybatch").unwrap().failures = vec![503; 10];
    let server = Server::start(routes, Duration::ZERO);
    let scratch = tempfile::tempdir().unwrap();
    let facts = run(&api_options(&server.url, scratch.path(), false));
    assert_eq!(facts.failed, 7);
    assert!(facts.errors[0].contains("503"), "{:?}", facts.errors);
}

#[test]
fn api_and_local_database_agree_end_to_end() {
    let server = Server::start(osv_routes(), Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("diligence.toml");
    // Every registry on the local server too (it answers 404), so nothing leaves the machine.
    let mut text = format!("[osv]\nurl = \"{}\"\n[registries]\n", server.url);
    for key in [
        "crates_io",
        "npm",
        "pypi",
        "go",
        "maven",
        "rubygems",
        "packagist",
        "nuget",
    ] {
        text.push_str(&format!("{key} = \"{}/{key}\"\n", server.url));
    }
    std::fs::write(&cfg, text).unwrap();
    let out = bin()
        .args(["audit", "--quiet", "--no-target-config", "--format", "json"])
        .args(["--config", cfg.to_str().unwrap()])
        .args(["--cache-dir", dir.path().join("cache").to_str().unwrap()])
        .arg(fixture("vulnerable-app"))
        .output()
        .unwrap();
    crate::common::assert_status(&out, &[0, 1]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found(&report), expected());
    assert_eq!(
        server
            .log()
            .iter()
            .filter(|t| *t == "/v1/querybatch")
            .count(),
        1
    );
}

/// An OSV `querybatch` emulator: every query whose package name starts with `vuln-` has one
/// advisory, `OSV-<name>`; the first page of each such answer carries a `next_page_token`, and
/// the second page (asked with it) a second advisory, `OSV-<name>-p2`.
fn emulate_querybatch(body: &[u8]) -> Vec<u8> {
    let req: serde_json::Value = serde_json::from_slice(body).unwrap();
    let results: Vec<serde_json::Value> = req["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let name = q["package"]["name"].as_str().unwrap();
            if !name.starts_with("vuln-") {
                return serde_json::json!({});
            }
            if q.get("page_token").is_some() {
                serde_json::json!({ "vulns": [ { "id": format!("OSV-{name}-p2") } ] })
            } else {
                serde_json::json!({ "vulns": [ { "id": format!("OSV-{name}") } ],
                                    "next_page_token": format!("token-{name}") })
            }
        })
        .collect();
    serde_json::json!({ "results": results })
        .to_string()
        .into_bytes()
}

#[test]
fn api_batches_of_one_thousand_and_pages_are_followed() {
    let mut routes = HashMap::new();
    routes.insert(
        "/v1/querybatch".to_owned(),
        Route::computed(emulate_querybatch),
    );
    // No details served: the advisories are kept on the batch answer's word, without details.
    let server = Server::start(routes, Duration::ZERO);
    let mut deps: Vec<Dependency> = (0..1500)
        .map(|i| dep(Ecosystem::Npm, &format!("pkg-{i:04}"), "1.0.0"))
        .collect();
    deps.push(dep(Ecosystem::Npm, "vuln-a", "1.0.0"));
    deps.push(dep(Ecosystem::Npm, "vuln-b", "2.0.0"));
    let scratch = tempfile::tempdir().unwrap();
    let facts = collect(
        Path::new("/nonexistent"),
        &deps,
        Needs::ADVISORIES,
        &api_options(&server.url, scratch.path(), false),
        &Progress::hidden(),
    );
    let log = server.log();
    let bodies = server.bodies();
    let sizes: Vec<usize> = log
        .iter()
        .zip(&bodies)
        .filter(|(t, _)| *t == "/v1/querybatch")
        .map(|(_, b)| {
            serde_json::from_str::<serde_json::Value>(b).unwrap()["queries"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    // 1502 versions: 1000 + 502, then one page request for the two with more pages.
    assert_eq!(sorted, [2, 502, 1000], "{sizes:?}");
    let ids: Vec<(&str, &str)> = facts
        .matches
        .iter()
        .map(|m| (m.name.as_str(), m.id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("vuln-a", "OSV-vuln-a"),
            ("vuln-a", "OSV-vuln-a-p2"),
            ("vuln-b", "OSV-vuln-b"),
            ("vuln-b", "OSV-vuln-b-p2"),
        ]
    );
    // The missing details are reported, not fatal.
    assert_eq!(facts.failed, 0);
    assert!(facts.errors[0].contains("not found"), "{:?}", facts.errors);
}
