//! Registry look-ups: when each version in use was published, the newest stable release, yanked
//! and deprecated flags, declared licences.
//!
//! One [`Fetcher`](http::Fetcher) serves the whole run (bounded concurrency, retries, on-disk
//! cache); each package is asked once, whatever the number of manifests or versions that use
//! it. [`sources`] knows each registry's URLs and answer formats and reduces an answer to a
//! [`Releases`] list; [`info_for`] then picks the version in use and the newest stable one by
//! the ecosystem's own ordering. Offline, nothing here runs.

pub mod http;
pub mod sources;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::dependency::{LookupMode, LookupSummary};
use super::deps::version::Version;
use super::{Dependency, Ecosystem, RegistryInfo};
use crate::progress::Progress;

/// `[registries]` in `diligence.toml`: base URLs (mirrors, private registries) and the cache.
///
/// ```toml
/// [registries]
/// npm = "https://npm.example.com"       # instead of https://registry.npmjs.org
/// cache_ttl_hours = 24
/// concurrency = 16
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryConfig {
    /// crates.io sparse index (default `https://index.crates.io`).
    pub crates_io: Option<String>,
    /// npm registry (default `https://registry.npmjs.org`).
    pub npm: Option<String>,
    /// PyPI (default `https://pypi.org`; the JSON API lives under `/pypi/`).
    pub pypi: Option<String>,
    /// Go module proxy (default `https://proxy.golang.org`).
    pub go: Option<String>,
    /// Maven Central search (default `https://search.maven.org`).
    pub maven: Option<String>,
    /// RubyGems (default `https://rubygems.org`).
    pub rubygems: Option<String>,
    /// Packagist metadata (default `https://repo.packagist.org`).
    pub packagist: Option<String>,
    /// NuGet (default `https://api.nuget.org`).
    pub nuget: Option<String>,
    /// How long cached answers stay fresh, in hours (default 24).
    pub cache_ttl_hours: Option<u64>,
    /// Requests in flight at once (default 16).
    pub concurrency: Option<usize>,
}

impl RegistryConfig {
    /// Problems with the values, one line each naming the key.
    #[must_use]
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (key, url) in self.urls() {
            if let Some(u) = url {
                if !(u.starts_with("https://") || u.starts_with("http://")) {
                    out.push(format!("registries.{key}: `{u}` is not an http(s) URL"));
                }
            }
        }
        if self.concurrency == Some(0) {
            out.push("registries.concurrency: must be at least 1".into());
        }
        out
    }

    fn urls(&self) -> [(&'static str, Option<&String>); 8] {
        [
            ("crates_io", self.crates_io.as_ref()),
            ("npm", self.npm.as_ref()),
            ("pypi", self.pypi.as_ref()),
            ("go", self.go.as_ref()),
            ("maven", self.maven.as_ref()),
            ("rubygems", self.rubygems.as_ref()),
            ("packagist", self.packagist.as_ref()),
            ("nuget", self.nuget.as_ref()),
        ]
    }

    /// The base URL for an ecosystem, without a trailing `/`.
    #[must_use]
    pub fn base(&self, ecosystem: Ecosystem) -> String {
        let (configured, default) = match ecosystem {
            Ecosystem::Cargo => (&self.crates_io, "https://index.crates.io"),
            Ecosystem::Npm => (&self.npm, "https://registry.npmjs.org"),
            Ecosystem::Pypi => (&self.pypi, "https://pypi.org"),
            Ecosystem::Go => (&self.go, "https://proxy.golang.org"),
            Ecosystem::Maven => (&self.maven, "https://search.maven.org"),
            Ecosystem::Rubygems => (&self.rubygems, "https://rubygems.org"),
            Ecosystem::Composer => (&self.packagist, "https://repo.packagist.org"),
            Ecosystem::Nuget => (&self.nuget, "https://api.nuget.org"),
        };
        configured
            .as_deref()
            .unwrap_or(default)
            .trim_end_matches('/')
            .to_owned()
    }
}

/// How to run the look-ups.
#[derive(Debug, Clone)]
pub struct LookupOptions {
    /// No request at all.
    pub offline: bool,
    /// Base URLs and cache settings.
    pub config: RegistryConfig,
    /// The cache directory (`None`: no cache; the collector resolves the default, see
    /// [`http::default_cache_dir`]).
    pub cache_dir: Option<PathBuf>,
    /// Overrides for tests and benchmarks (timeouts, retries, backoff).
    pub fetch: Option<http::FetchOptions>,
}

/// One release of a package, as its registry lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The version string.
    pub version: String,
    /// When it was published (RFC 3339), if the registry says.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    /// Yanked, unlisted or withdrawn.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub yanked: bool,
    /// The registry marks it a pre-release (RubyGems); otherwise the version says.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub prerelease: bool,
    /// Deprecation message for this version.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deprecated: Option<String>,
    /// Licence declared for this version.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub license: Option<String>,
}

/// What a registry says about a package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Releases {
    /// Every release listed.
    pub versions: Vec<Release>,
    /// The registry's own "latest" pointer (npm's `latest` dist-tag).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub latest_tag: Option<String>,
    /// Deprecation or abandonment of the whole package.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deprecated: Option<String>,
    /// The package's licence, when not given per version.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub license: Option<String>,
}

impl Releases {
    fn find(&self, ecosystem: Ecosystem, version: &str) -> Option<&Release> {
        self.versions
            .iter()
            .find(|r| r.version == version)
            .or_else(|| {
                let want = Version::parse(ecosystem, version)?;
                self.versions.iter().find(|r| {
                    Version::parse(ecosystem, &r.version).and_then(|v| v.cmp_same(&want))
                        == Some(std::cmp::Ordering::Equal)
                })
            })
    }

    /// The newest stable release: the `latest` tag when it names a stable, unyanked release,
    /// else the highest stable unyanked version by the ecosystem's ordering.
    #[must_use]
    pub fn latest_stable(&self, ecosystem: Ecosystem) -> Option<&Release> {
        let stable = |r: &Release| {
            !r.yanked
                && !r.prerelease
                && Version::parse(ecosystem, &r.version).is_some_and(|v| !v.is_prerelease())
        };
        if let Some(tag) = &self.latest_tag {
            if let Some(r) = self.versions.iter().find(|r| &r.version == tag) {
                if stable(r) {
                    return Some(r);
                }
            }
        }
        self.versions
            .iter()
            .filter(|r| stable(r))
            .filter_map(|r| Some((Version::parse(ecosystem, &r.version)?, r)))
            .max_by(|(a, _), (b, _)| a.cmp_same(b).unwrap_or(std::cmp::Ordering::Equal))
            .map(|(_, r)| r)
    }
}

/// The registry facts for `version` of a package with these releases.
#[must_use]
pub fn info_for(ecosystem: Ecosystem, releases: &Releases, version: &str) -> RegistryInfo {
    let used = releases.find(ecosystem, version);
    let latest = releases.latest_stable(ecosystem);
    RegistryInfo {
        latest: latest.map(|r| r.version.clone()),
        published: used.and_then(|r| r.published.clone()),
        latest_published: latest.and_then(|r| r.published.clone()),
        yanked: used.is_some_and(|r| r.yanked),
        deprecated: used
            .and_then(|r| r.deprecated.clone())
            .or_else(|| releases.deprecated.clone()),
        license: used
            .and_then(|r| r.license.clone())
            .or_else(|| releases.license.clone()),
    }
}

/// Asks the registries about every dependency and fills [`Dependency::registry`]. Offline, it
/// makes no request and only records that it ran offline.
pub fn enrich(deps: &mut [Dependency], opts: &LookupOptions, progress: &Progress) -> LookupSummary {
    let mut packages: BTreeMap<(Ecosystem, &str), BTreeSet<&str>> = BTreeMap::new();
    for d in deps.iter() {
        packages
            .entry((d.ecosystem, d.name.as_str()))
            .or_default()
            .insert(d.version.as_str());
    }
    let mut summary = LookupSummary {
        packages: packages.len(),
        ..LookupSummary::default()
    };
    if opts.offline {
        summary.mode = LookupMode::Offline;
        return summary;
    }
    summary.mode = LookupMode::Online;
    if packages.is_empty() {
        return summary;
    }
    let mut fetch = opts.fetch.clone().unwrap_or_default();
    if let Some(c) = opts.config.concurrency {
        fetch.concurrency = c;
    }
    if let Some(h) = opts.config.cache_ttl_hours {
        fetch.ttl = Duration::from_secs(h * 3600);
    }
    if fetch.cache_dir.is_none() {
        fetch.cache_dir.clone_from(&opts.cache_dir);
    }
    let fetcher = match http::Fetcher::new(fetch) {
        Ok(f) => f,
        Err(e) => {
            summary.failed = summary.packages;
            summary.errors.push(e);
            return summary;
        }
    };
    let keys: Vec<((Ecosystem, &str), Vec<&str>)> = packages
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect();
    let bar = progress.bar("registries", keys.len() as u64);
    let results = fetcher.run_all(
        &keys,
        |((eco, name), versions)| {
            sources::fetch(&fetcher, &opts.config.base(*eco), *eco, name, versions)
        },
        || bar.inc(1),
    );
    bar.finish_and_clear();

    let mut by_package: BTreeMap<(Ecosystem, String), Releases> = BTreeMap::new();
    for (((eco, name), _), result) in keys.iter().zip(results) {
        match result {
            Ok(sources::Outcome::Found(releases, from_cache)) => {
                summary.answered += 1;
                if from_cache {
                    summary.from_cache += 1;
                }
                by_package.insert((*eco, (*name).to_owned()), releases);
            }
            Ok(sources::Outcome::NotFound) => summary.not_found += 1,
            Err(e) => {
                summary.failed += 1;
                if summary.errors.len() < 5 {
                    summary.errors.push(e);
                }
            }
        }
    }
    for d in deps.iter_mut() {
        if let Some(releases) = by_package.get(&(d.ecosystem, d.name.clone())) {
            d.registry = Some(info_for(d.ecosystem, releases, &d.version));
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(v: &str, date: &str) -> Release {
        Release {
            version: v.into(),
            published: Some(date.into()),
            ..Release::default()
        }
    }

    #[test]
    fn latest_skips_prereleases_and_yanked_and_prefers_the_tag() {
        let mut releases = Releases {
            versions: vec![
                rel("1.0.0", "2020-01-01T00:00:00Z"),
                rel("1.2.0", "2021-01-01T00:00:00Z"),
                rel("2.0.0-rc.1", "2022-01-01T00:00:00Z"),
                Release {
                    yanked: true,
                    ..rel("1.3.0", "2021-06-01T00:00:00Z")
                },
                rel("1.10.0", "2021-03-01T00:00:00Z"),
            ],
            ..Releases::default()
        };
        let info = info_for(Ecosystem::Cargo, &releases, "1.0.0");
        assert_eq!(info.latest.as_deref(), Some("1.10.0"));
        assert_eq!(info.published.as_deref(), Some("2020-01-01T00:00:00Z"));
        assert_eq!(
            info.latest_published.as_deref(),
            Some("2021-03-01T00:00:00Z")
        );
        assert!(!info.yanked);
        assert!(info_for(Ecosystem::Cargo, &releases, "1.3.0").yanked);
        releases.latest_tag = Some("1.2.0".into());
        assert_eq!(
            info_for(Ecosystem::Npm, &releases, "1.0.0")
                .latest
                .as_deref(),
            Some("1.2.0")
        );
        releases.latest_tag = Some("2.0.0-rc.1".into());
        assert_eq!(
            info_for(Ecosystem::Npm, &releases, "1.0.0")
                .latest
                .as_deref(),
            Some("1.10.0")
        );
    }

    #[test]
    fn config_problems_name_the_key() {
        let cfg = RegistryConfig {
            npm: Some("ftp://x".into()),
            concurrency: Some(0),
            ..RegistryConfig::default()
        };
        let p = cfg.problems();
        assert!(p[0].contains("registries.npm"), "{p:?}");
        assert!(p[1].contains("registries.concurrency"), "{p:?}");
        assert_eq!(
            RegistryConfig::default().base(Ecosystem::Cargo),
            "https://index.crates.io"
        );
    }
}
