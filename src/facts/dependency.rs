//! Dependencies as facts: what the manifests and lockfiles say is used, and what the registries
//! say about it. Filled by the dependency collectors; read by the `dependencies`, `licenses`,
//! `vulnerabilities` checks and the SBOM.

use serde::{Deserialize, Serialize};

use super::Role;

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
    /// Every ecosystem.
    pub const ALL: [Ecosystem; 8] = [
        Ecosystem::Cargo,
        Ecosystem::Npm,
        Ecosystem::Pypi,
        Ecosystem::Go,
        Ecosystem::Maven,
        Ecosystem::Rubygems,
        Ecosystem::Composer,
        Ecosystem::Nuget,
    ];

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
    /// Digests of the package archive, when the lockfile records them (`Cargo.lock` checksums,
    /// npm `integrity`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<PackageHash>,
}

/// A digest of a package archive, as a lockfile records it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PackageHash {
    /// The algorithm, as CycloneDX names it: `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`.
    pub alg: String,
    /// The digest in lowercase hexadecimal.
    pub content: String,
}

impl PackageHash {
    /// A SHA-256 digest given in hexadecimal (`Cargo.lock`'s `checksum`); `None` when it is not
    /// 64 hex digits.
    #[must_use]
    pub fn sha256_hex(hex: &str) -> Option<Self> {
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| PackageHash {
            alg: "SHA-256".into(),
            content: hex.to_ascii_lowercase(),
        })
    }

    /// The digests of a Subresource Integrity string (npm's `integrity`: `sha512-<base64>`,
    /// several separated by spaces). Unknown algorithms and malformed parts are left out.
    #[must_use]
    pub fn from_sri(sri: &str) -> Vec<Self> {
        use base64::Engine as _;
        sri.split_whitespace()
            .filter_map(|part| {
                let (alg, b64) = part.split_once('-')?;
                let (alg, len) = match alg {
                    "sha1" => ("SHA-1", 20),
                    "sha256" => ("SHA-256", 32),
                    "sha384" => ("SHA-384", 48),
                    "sha512" => ("SHA-512", 64),
                    _ => return None,
                };
                let b64 = b64.split('?').next().unwrap_or(b64);
                let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
                (bytes.len() == len).then(|| PackageHash {
                    alg: alg.into(),
                    content: faster_hex::hex_string(&bytes),
                })
            })
            .collect()
    }
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
            hashes: Vec::new(),
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

/// Whether a role is product (left out of the JSON, where it is the default).
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_product(role: &Role) -> bool {
    role.is_product()
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
    /// Entries of otherwise readable files that were left out because they could not be read
    /// (a malformed line of a `gradle.lockfile`, a pnpm key that is no package): the entry is
    /// lost, the rest of the file is read. Sorted by path and line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_entries: Vec<EntryWarning>,
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
    /// Whose file it is (product unless the path says tests or examples).
    #[serde(default, skip_serializing_if = "is_product")]
    pub role: Role,
}

/// A manifest or lockfile that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestProblem {
    /// The file, relative to the target.
    pub path: String,
    /// The parse error, with its position when the parser gives one.
    pub message: String,
    /// Whose file it is.
    #[serde(default, skip_serializing_if = "is_product")]
    pub role: Role,
}

/// One entry of a manifest or lockfile that was left out because it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryWarning {
    /// The file, relative to the target.
    pub path: String,
    /// The 1-based line of the entry, when the format has lines that locate it.
    pub line: Option<usize>,
    /// What is wrong with it.
    pub message: String,
    /// Whose file it is.
    #[serde(default, skip_serializing_if = "is_product")]
    pub role: Role,
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
    /// Whose file it is.
    #[serde(default, skip_serializing_if = "is_product")]
    pub role: Role,
    /// Set when the manifest is a library that, by its ecosystem's convention, ships no
    /// lockfile: what kind ("a Rust library crate").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::PackageHash;

    #[test]
    fn lockfile_digests_become_hex() {
        let h = PackageHash::from_sri("sha1-o1AIsg9BOD7sH7kU9M1d95omQoQ= md5-xx sha512-bad");
        assert_eq!(
            h,
            [PackageHash {
                alg: "SHA-1".into(),
                content: "a35008b20f41383eec1fb914f4cd5df79a264284".into()
            }],
            "unknown algorithms and malformed digests are left out"
        );
        assert!(PackageHash::sha256_hex("abc").is_none());
        assert_eq!(
            PackageHash::sha256_hex(&"AB".repeat(32)).unwrap().content,
            "ab".repeat(32)
        );
    }
}
