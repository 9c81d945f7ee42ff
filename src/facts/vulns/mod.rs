//! Known vulnerabilities of the dependencies in use, from OSV (<https://osv.dev>).
//!
//! Two sources give the same facts:
//! - the OSV API: every pinned dependency in `POST /v1/querybatch` (up to 1000 queries per
//!   request, pages followed), then `GET /v1/vulns/{id}` once per advisory id for the details,
//!   through the registry look-ups' [`Fetcher`](super::registry::http::Fetcher) (cache, retries,
//!   bounded concurrency). `--offline` makes no request.
//! - a local OSV database: a directory of OSV JSON files (the per-ecosystem `all.zip` exports,
//!   unpacked), given by `--osv-db DIR` or `[osv] database`. It is used instead of the API, and
//!   works offline.
//!
//! Matching is in [`osv`]. The advisories that affect one package version are merged when their
//! ids or aliases overlap (a `RUSTSEC` advisory and its `GHSA` twin are one vulnerability), into
//! one [`VulnMatch`] with the fixed version, the severity and whether the dependency is direct.

pub mod db;
pub mod osv;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::deps::version;
use super::registry::http::{self, Answer, FetchOptions, Fetcher};
use super::registry::RegistryConfig;
use super::{Dependency, Ecosystem, Needs};
use crate::progress::Progress;
use osv::{Advisory, SeverityInfo};

/// The public OSV API.
pub const DEFAULT_OSV_URL: &str = "https://api.osv.dev";

/// Queries per `querybatch` request (the API's limit).
pub const BATCH_SIZE: usize = 1000;

/// Follow-up pages of one batch at most (the API pages large answers).
const MAX_PAGES: usize = 10;

/// `[osv]` in `diligence.toml`.
///
/// ```toml
/// [osv]
/// url = "https://osv.example.com"   # instead of https://api.osv.dev
/// database = "/srv/osv"             # a local OSV database: used instead of the API, offline too
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OsvConfig {
    /// Base URL of the OSV API (default `https://api.osv.dev`).
    pub url: Option<String>,
    /// A local OSV database directory (relative paths are relative to the configuration file).
    pub database: Option<PathBuf>,
}

impl OsvConfig {
    /// Problems with the values, one line each naming the key.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        match &self.url {
            Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) => {
                vec![format!("osv.url: `{u}` is not an http(s) URL")]
            }
            _ => Vec::new(),
        }
    }

    /// The API base URL without a trailing `/`.
    #[must_use]
    pub fn base(&self) -> String {
        self.url
            .as_deref()
            .unwrap_or(DEFAULT_OSV_URL)
            .trim_end_matches('/')
            .to_owned()
    }
}

/// Where the advisories came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum VulnSource {
    /// No check asked for vulnerabilities.
    #[default]
    NotRun,
    /// Offline and no local database: nothing was looked up.
    Offline,
    /// The OSV API at this base URL.
    Api {
        /// Base URL.
        url: String,
    },
    /// A local OSV database directory.
    Database {
        /// The directory as given.
        path: String,
    },
}

/// One vulnerability of one package version (its advisories merged by alias).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VulnMatch {
    /// The package's ecosystem.
    pub ecosystem: Ecosystem,
    /// Package name.
    pub name: String,
    /// The version in use.
    pub version: String,
    /// The advisory id shown (the ecosystem's own database first, then GHSA, then CVE).
    pub id: String,
    /// Every other id of the same vulnerability (aliases and merged advisories), sorted.
    pub aliases: Vec<String>,
    /// One-line summary, when an advisory gives one.
    pub summary: Option<String>,
    /// The highest severity among the merged advisories.
    pub severity: SeverityInfo,
    /// The first version that fixes it (the highest such among the merged advisories).
    pub fixed: Option<String>,
    /// Declared directly by one of the project's manifests.
    pub direct: bool,
    /// Only a development dependency (in every manifest that uses it).
    pub dev: bool,
    /// The manifests and lockfiles that use this version, sorted.
    pub manifests: Vec<String>,
}

/// What the vulnerability look-up found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VulnFacts {
    /// Where the advisories came from.
    pub source: VulnSource,
    /// Distinct pinned package versions looked up.
    pub packages: usize,
    /// Dependencies left out because their version is a requirement, not one version.
    pub unpinned: usize,
    /// Advisories read (from the database, or fetched in detail from the API).
    pub advisories: usize,
    /// Package versions whose look-up failed (network, server error, unreadable answer).
    pub failed: usize,
    /// The first few problems (failed requests, unreadable database files).
    pub errors: Vec<String>,
    /// The vulnerabilities found, sorted by (ecosystem, name, version, id).
    pub matches: Vec<VulnMatch>,
}

/// How to run the look-up.
#[derive(Debug, Clone, Default)]
pub struct VulnOptions {
    /// No request at all.
    pub offline: bool,
    /// `[osv]`.
    pub config: OsvConfig,
    /// `[registries]`, for the concurrency and the cache's time-to-live.
    pub registries: RegistryConfig,
    /// The cache directory (`None`: none).
    pub cache_dir: Option<PathBuf>,
    /// Overrides for tests (timeouts, retries, backoff).
    pub fetch: Option<FetchOptions>,
}

/// One package version to look up, with what the manifests say about it.
#[derive(Debug, Clone)]
pub struct Package {
    /// Ecosystem.
    pub ecosystem: Ecosystem,
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Direct in some manifest.
    pub direct: bool,
    /// Development-only everywhere.
    pub dev: bool,
    /// Manifests using it.
    pub manifests: BTreeSet<String>,
}

/// The distinct pinned package versions of `deps`, and how many dependencies were left out
/// because their version is not one version.
#[must_use]
pub fn packages(deps: &[Dependency]) -> (Vec<Package>, usize) {
    let mut by_key: BTreeMap<(Ecosystem, &str, &str), Package> = BTreeMap::new();
    let mut unpinned = 0;
    for d in deps {
        if !version::is_concrete(d.ecosystem, &d.version) {
            unpinned += 1;
            continue;
        }
        let p = by_key
            .entry((d.ecosystem, d.name.as_str(), d.version.as_str()))
            .or_insert_with(|| Package {
                ecosystem: d.ecosystem,
                name: d.name.clone(),
                version: d.version.clone(),
                direct: false,
                dev: true,
                manifests: BTreeSet::new(),
            });
        p.direct |= d.direct;
        p.dev &= d.dev;
        p.manifests.insert(d.manifest.clone());
    }
    (by_key.into_values().collect(), unpinned)
}

/// Collects the vulnerability facts, when [`Needs::ADVISORIES`] is set: from the local database
/// when one is configured, else from the API unless offline.
#[must_use]
pub fn collect(
    root: &Path,
    deps: &[Dependency],
    needs: Needs,
    opts: &VulnOptions,
    progress: &Progress,
) -> VulnFacts {
    if !needs.contains(Needs::ADVISORIES) {
        return VulnFacts::default();
    }
    let (pkgs, unpinned) = packages(deps);
    let mut facts = VulnFacts {
        packages: pkgs.len(),
        unpinned,
        ..VulnFacts::default()
    };
    if let Some(dir) = &opts.config.database {
        facts.source = VulnSource::Database {
            path: dir.display().to_string(),
        };
        if pkgs.is_empty() {
            return facts;
        }
        let wanted: BTreeSet<(Ecosystem, String)> = pkgs
            .iter()
            .map(|p| (p.ecosystem, osv::normalize_name(p.ecosystem, &p.name)))
            .collect();
        let loaded = db::load(dir, &wanted);
        facts.errors = loaded.errors;
        facts.advisories = loaded.advisories.values().map(Vec::len).sum();
        if let Some(e) = loaded.fatal {
            facts.failed = pkgs.len();
            facts.errors.insert(0, e);
            return facts;
        }
        facts.matches = match_all(&pkgs, |p| {
            loaded
                .advisories
                .get(&(p.ecosystem, osv::normalize_name(p.ecosystem, &p.name)))
                .map(|v| v.iter().map(|a| (&**a, false)).collect())
                .unwrap_or_default()
        });
        return facts;
    }
    if opts.offline {
        facts.source = VulnSource::Offline;
        return facts;
    }
    let base = opts.config.base();
    facts.source = VulnSource::Api { url: base.clone() };
    if pkgs.is_empty() {
        return facts;
    }
    let mut fetch = opts.fetch.clone().unwrap_or_default();
    if let Some(c) = opts.registries.concurrency {
        fetch.concurrency = c;
    }
    if let Some(h) = opts.registries.cache_ttl_hours {
        fetch.ttl = Duration::from_secs(h * 3600);
    }
    if fetch.cache_dir.is_none() {
        fetch.cache_dir = http::cache_dir_outside(opts.cache_dir.as_deref(), root);
    }
    let fetcher = match Fetcher::new(fetch) {
        Ok(f) => f,
        Err(e) => {
            facts.failed = pkgs.len();
            facts.errors.push(e);
            return facts;
        }
    };
    let api = query_api(&fetcher, &base, &pkgs, progress);
    facts.failed = api.failed;
    facts.errors = api.errors;
    facts.advisories = api.details.len();
    facts.matches = match_all(&pkgs, |p| {
        api.ids
            .get(&(p.ecosystem, p.name.clone(), p.version.clone()))
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| api.details.get(id))
                    .map(|a| (a, true))
                    .collect()
            })
            .unwrap_or_default()
    });
    facts
}

/// The matches of every package against its candidate advisories. `candidates` returns the
/// advisories to try with, for each, whether the source already matched the version (the API
/// did): such an advisory is kept even when the local version rules cannot place the version
/// (only the fixed version is then unknown), unless withdrawn.
pub fn match_all<'a>(
    pkgs: &[Package],
    candidates: impl Fn(&Package) -> Vec<(&'a Advisory, bool)>,
) -> Vec<VulnMatch> {
    let mut out = Vec::new();
    for p in pkgs {
        let mut hits: Vec<(&Advisory, osv::Hit)> = Vec::new();
        for (a, trusted) in candidates(p) {
            match a.affects(p.ecosystem, &p.name, &p.version) {
                Some(h) => hits.push((a, h)),
                None if trusted && a.withdrawn.is_none() => hits.push((a, osv::Hit::default())),
                None => {}
            }
        }
        out.extend(merge(p, &hits));
    }
    out.sort_by(|a, b| {
        (a.ecosystem, &a.name, &a.version, &a.id).cmp(&(b.ecosystem, &b.name, &b.version, &b.id))
    });
    out
}

/// Merges the advisories that affect one package version into one match per vulnerability:
/// advisories whose ids or aliases overlap are the same vulnerability.
#[must_use]
pub fn merge(p: &Package, hits: &[(&Advisory, osv::Hit)]) -> Vec<VulnMatch> {
    // Groups of hit indices, merged while any two share an id.
    let ids_of = |a: &Advisory| -> BTreeSet<String> {
        std::iter::once(a.id.clone())
            .chain(a.aliases.iter().cloned())
            .collect()
    };
    let mut groups: Vec<(BTreeSet<String>, Vec<usize>)> = Vec::new();
    for (i, (a, _)) in hits.iter().enumerate() {
        let mut ids = ids_of(a);
        let mut members = vec![i];
        let mut k = 0;
        while k < groups.len() {
            if groups[k].0.is_disjoint(&ids) {
                k += 1;
            } else {
                let (g_ids, g_members) = groups.swap_remove(k);
                ids.extend(g_ids);
                members.extend(g_members);
                k = 0;
            }
        }
        groups.push((ids, members));
    }
    groups
        .into_iter()
        .map(|(ids, members)| {
            let advisories: Vec<&(&Advisory, osv::Hit)> =
                members.iter().map(|&i| &hits[i]).collect();
            // The id shown comes from the advisories themselves, not a bare alias.
            let own: BTreeSet<&str> = advisories.iter().map(|(a, _)| a.id.as_str()).collect();
            let id = osv::primary_id(own.iter().copied())
                .unwrap_or_default()
                .to_owned();
            let severity = advisories
                .iter()
                .map(|(a, _)| a.severity_for(p.ecosystem, &p.name))
                .max_by(|a, b| {
                    a.rating
                        .cmp(&b.rating)
                        .then(a.cvss.unwrap_or(0.0).total_cmp(&b.cvss.unwrap_or(0.0)))
                })
                .unwrap_or(SeverityInfo {
                    rating: osv::Rating::Unknown,
                    cvss: None,
                    vector: None,
                });
            let fixed = advisories
                .iter()
                .filter_map(|(_, h)| h.fixed.as_deref())
                .max_by(|a, b| {
                    version::compare(p.ecosystem, a, b).unwrap_or(std::cmp::Ordering::Equal)
                })
                .map(str::to_owned);
            let summary = advisories
                .iter()
                .filter(|(a, _)| a.id == id)
                .chain(advisories.iter())
                .find_map(|(a, _)| a.summary.clone().filter(|s| !s.trim().is_empty()));
            VulnMatch {
                ecosystem: p.ecosystem,
                name: p.name.clone(),
                version: p.version.clone(),
                aliases: ids.iter().filter(|x| **x != id).cloned().collect(),
                id,
                summary,
                severity,
                fixed,
                direct: p.direct,
                dev: p.dev,
                manifests: p.manifests.iter().cloned().collect(),
            }
        })
        .collect()
}

/// What the API said: advisory ids per package version, and each advisory's details.
struct ApiAnswers {
    ids: BTreeMap<(Ecosystem, String, String), Vec<String>>,
    details: BTreeMap<String, Advisory>,
    failed: usize,
    errors: Vec<String>,
}

#[derive(Deserialize)]
struct BatchAnswer {
    #[serde(default)]
    results: Vec<BatchResult>,
}

#[derive(Deserialize, Default)]
struct BatchResult {
    #[serde(default)]
    vulns: Vec<BatchVuln>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
struct BatchVuln {
    id: String,
}

fn query_body(queries: &[(&Package, Option<&str>)]) -> String {
    let list: Vec<serde_json::Value> = queries
        .iter()
        .map(|(p, token)| {
            let mut q = serde_json::json!({
                "package": { "ecosystem": osv::ecosystem_name(p.ecosystem), "name": p.name },
                "version": p.version,
            });
            if let Some(t) = token {
                q["page_token"] = serde_json::Value::String((*t).to_owned());
            }
            q
        })
        .collect();
    serde_json::json!({ "queries": list }).to_string()
}

fn push_error(errors: &mut Vec<String>, e: String) {
    if errors.len() < 5 {
        errors.push(e);
    }
}

fn query_api(fetcher: &Fetcher, base: &str, pkgs: &[Package], progress: &Progress) -> ApiAnswers {
    let mut out = ApiAnswers {
        ids: BTreeMap::new(),
        details: BTreeMap::new(),
        failed: 0,
        errors: Vec::new(),
    };
    let url = format!("{base}/v1/querybatch");
    let chunks: Vec<&[Package]> = pkgs.chunks(BATCH_SIZE).collect();
    let bar = progress.bar("advisories", pkgs.len() as u64);
    let answers = fetcher.run_all(
        &chunks,
        |chunk| {
            let mut found: Vec<Vec<String>> = vec![Vec::new(); chunk.len()];
            let mut pending: Vec<(usize, Option<String>)> =
                (0..chunk.len()).map(|i| (i, None)).collect();
            for _ in 0..=MAX_PAGES {
                if pending.is_empty() {
                    break;
                }
                let queries: Vec<(&Package, Option<&str>)> = pending
                    .iter()
                    .map(|(i, t)| (&chunk[*i], t.as_deref()))
                    .collect();
                let body = query_body(&queries);
                let answer = match fetcher.post_json(&url, "osv-querybatch", &body) {
                    Ok(f) => f.answer,
                    Err(e) => return Err(e),
                };
                let Answer::Found(text) = answer else {
                    return Err(format!("{url}: not found (is this an OSV API?)"));
                };
                let parsed: BatchAnswer = serde_json::from_str(&text)
                    .map_err(|e| format!("{url}: unreadable answer: {e}"))?;
                if parsed.results.len() != pending.len() {
                    return Err(format!(
                        "{url}: {} results for {} queries",
                        parsed.results.len(),
                        pending.len()
                    ));
                }
                let mut next = Vec::new();
                for ((i, _), r) in pending.iter().zip(parsed.results) {
                    found[*i].extend(r.vulns.into_iter().map(|v| v.id));
                    if let Some(t) = r.next_page_token.filter(|t| !t.is_empty()) {
                        next.push((*i, Some(t)));
                    }
                }
                pending = next;
            }
            Ok(found)
        },
        || {},
    );
    for (chunk, answer) in chunks.iter().zip(answers) {
        bar.inc(chunk.len() as u64);
        match answer {
            Ok(found) => {
                for (p, mut ids) in chunk.iter().zip(found) {
                    ids.sort();
                    ids.dedup();
                    if !ids.is_empty() {
                        out.ids
                            .insert((p.ecosystem, p.name.clone(), p.version.clone()), ids);
                    }
                }
            }
            Err(e) => {
                out.failed += chunk.len();
                push_error(&mut out.errors, e);
            }
        }
    }
    bar.finish_and_clear();

    let unique: Vec<String> = out
        .ids
        .values()
        .flatten()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let bar = progress.bar("advisory details", unique.len() as u64);
    let details = fetcher.run_all(
        &unique,
        |id| {
            let url = format!("{base}/v1/vulns/{}", encode_segment(id));
            match fetcher.get_text(&url)?.answer {
                Answer::Found(text) => serde_json::from_str::<Advisory>(&text)
                    .map_err(|e| format!("{url}: unreadable advisory: {e}")),
                Answer::NotFound => Err(format!("{url}: not found")),
            }
        },
        || bar.inc(1),
    );
    bar.finish_and_clear();
    for (id, d) in unique.iter().zip(details) {
        let advisory = d.unwrap_or_else(|e| {
            push_error(&mut out.errors, e);
            // The batch answer said it applies: keep it, without details.
            Advisory {
                id: id.clone(),
                ..Advisory::default()
            }
        });
        out.details.insert(id.clone(), advisory);
    }
    out
}

/// Percent-encodes what a path segment cannot hold (ids are plain ASCII in practice).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
