//! Dependencies as facts: what the manifests and lockfiles say is used, and what the registries
//! say about it. Filled by the dependency collectors; read by the `dependencies`, `licenses`,
//! `vulnerabilities` checks and the SBOM.

use serde::{Deserialize, Serialize};

/// A package ecosystem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    /// Rust, crates.io.
    Cargo,
    /// JavaScript, the npm registry.
    Npm,
    /// Python, PyPI.
    Pypi,
    /// Go modules.
    Go,
    /// Java and Kotlin, Maven Central.
    Maven,
    /// Ruby, RubyGems.
    Rubygems,
    /// PHP, Packagist.
    Composer,
    /// .NET, NuGet.
    Nuget,
}

impl Ecosystem {
    /// The lowercase name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "cargo",
            Ecosystem::Npm => "npm",
            Ecosystem::Pypi => "pypi",
            Ecosystem::Go => "go",
            Ecosystem::Maven => "maven",
            Ecosystem::Rubygems => "rubygems",
            Ecosystem::Composer => "composer",
            Ecosystem::Nuget => "nuget",
        }
    }
}

/// One resolved (or declared) dependency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dependency {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// Package name as the registry knows it.
    pub name: String,
    /// The version in use (resolved from a lockfile when there is one, else as declared).
    pub version: String,
    /// Declared directly by one of the project's own manifests.
    pub direct: bool,
    /// Development-only (dev-dependencies, devDependencies, test groups).
    pub dev: bool,
    /// The manifest or lockfile it came from, relative to the target.
    pub manifest: String,
    /// The licence as declared by the package (SPDX expression as written), when known.
    pub license: Option<String>,
    /// What the registry says, when it was asked.
    pub registry: Option<RegistryInfo>,
}

/// What a registry says about a package and the version in use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistryInfo {
    /// Newest stable release.
    pub latest: Option<String>,
    /// When the version in use was published (RFC 3339).
    pub published: Option<String>,
    /// When the newest stable release was published (RFC 3339).
    pub latest_published: Option<String>,
    /// The version in use was yanked.
    pub yanked: bool,
    /// The package or version is deprecated, with the registry's message.
    pub deprecated: Option<String>,
    /// The licence the registry declares for the version in use.
    pub license: Option<String>,
}

impl Dependency {
    /// A dependency as a parser sees it, before any registry look-up.
    #[must_use]
    pub fn new(
        ecosystem: Ecosystem,
        name: impl Into<String>,
        version: impl Into<String>,
        manifest: &str,
    ) -> Self {
        Dependency {
            ecosystem,
            name: name.into(),
            version: version.into(),
            direct: false,
            dev: false,
            manifest: manifest.to_owned(),
            license: None,
            registry: None,
        }
    }

    /// Years between the release in use and the newest stable release (the libyear), when the
    /// registry gave both dates; 0 when the version in use is the newest.
    #[must_use]
    pub fn libyears(&self) -> Option<f64> {
        let info = self.registry.as_ref()?;
        if info.latest.as_deref() == Some(self.version.as_str()) {
            return Some(0.0);
        }
        let used: jiff::Timestamp = info.published.as_deref()?.parse().ok()?;
        let latest: jiff::Timestamp = info.latest_published.as_deref()?.parse().ok()?;
        let seconds = latest.as_second() - used.as_second();
        #[allow(clippy::cast_precision_loss)]
        let years = seconds.max(0) as f64 / SECONDS_PER_YEAR;
        Some(years)
    }

    /// The licence to believe: the one in the lockfile or local metadata, else the registry's.
    #[must_use]
    pub fn best_license(&self) -> Option<&str> {
        self.license
            .as_deref()
            .or_else(|| self.registry.as_ref()?.license.as_deref())
    }
}

/// A mean Gregorian year, in seconds (365.2425 days).
pub const SECONDS_PER_YEAR: f64 = 365.2425 * 86_400.0;

/// What the dependency collector did besides listing dependencies: the files it read, the
/// problems it met, the manifests left without a lockfile, and how the registry look-ups went.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DependencyScan {
    /// Every manifest or lockfile the dependencies were read from, sorted by path.
    pub sources: Vec<DependencySource>,
    /// Files that could not be parsed (malformed, truncated, unreadable), sorted by path.
    pub problems: Vec<ManifestProblem>,
    /// Manifests that declare dependencies but have no lockfile (or pins) beside them.
    pub unlocked: Vec<UnlockedManifest>,
    /// How the registry look-ups went.
    pub lookup: LookupSummary,
}

/// One file the dependencies were read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencySource {
    /// The file, relative to the target.
    pub path: String,
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// How it was read: `cargo metadata`, or the name of the parsed format.
    pub method: String,
    /// How many dependencies came from it.
    pub dependencies: usize,
    /// Why a preferred method was not used (for example why `cargo metadata` fell back).
    pub note: Option<String>,
}

/// A manifest or lockfile that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestProblem {
    /// The file, relative to the target.
    pub path: String,
    /// The parse error, with its position when the parser gives one.
    pub message: String,
}

/// A manifest whose builds are not pinned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockedManifest {
    /// The manifest, relative to the target.
    pub path: String,
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// What would pin it (`Cargo.lock`, `package-lock.json or yarn.lock or pnpm-lock.yaml`, …).
    pub expected: String,
    /// How many dependencies it declares (unpinned ones, for requirements files).
    pub dependencies: usize,
}

/// Whether and how the registries were asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LookupMode {
    /// No check asked for registry data.
    #[default]
    NotRun,
    /// `--offline`: no request at all.
    Offline,
    /// The registries were asked (or answered from the cache).
    Online,
}

/// Counts of the registry look-ups of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LookupSummary {
    /// Offline, online, or not run.
    pub mode: LookupMode,
    /// Distinct packages to look up.
    pub packages: usize,
    /// Packages the registry described (from the network or the cache).
    pub answered: usize,
    /// Of those, how many came from the on-disk cache.
    pub from_cache: usize,
    /// Packages the registry does not know (private, renamed, removed).
    pub not_found: usize,
    /// Packages whose look-up failed (network, server error, unreadable answer).
    pub failed: usize,
    /// The first few failure messages, for the report.
    pub errors: Vec<String>,
}
