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
