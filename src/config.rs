//! `diligence.toml`: which checks run, their weights and parameters, and what the walk leaves out.
//!
//! ```toml
//! [scan]
//! exclude = ["generated/**", "*.min.js"]   # gitignore-style globs, on top of .gitignore
//! max_file_size = 10485760                   # bytes; larger files are counted, not scanned
//!
//! [scan.roles]                               # whose code is it (overrides the conventions)
//! "tools/**" = "test"
//! "web/legacy/**" = "vendored"
//!
//! [checks.documentation]
//! weight = 2.5          # override the weight from the check's risk
//!
//! [checks.team]
//! enabled = false
//! ```
//!
//! Unknown keys are errors that name the key; every problem is reported at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::check::{Check, CheckConfig};
use crate::error::{Error, Result};

/// The default size cap: larger files are counted but not read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The file name looked for at the root of the target.
pub const CONFIG_FILE_NAME: &str = "diligence.toml";

/// `diligence.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// What the walk covers.
    #[serde(default)]
    pub scan: ScanConfig,
    /// Per-check settings, by check id.
    #[serde(default)]
    pub checks: BTreeMap<String, toml::Table>,
    /// Package registries: base URLs (mirrors, private registries) and the look-up cache.
    #[serde(default)]
    pub registries: crate::facts::registry::RegistryConfig,
    /// The OSV vulnerability database: API URL, or a local database directory.
    #[serde(default)]
    pub osv: crate::facts::vulns::OsvConfig,
}

/// `[scan]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanConfig {
    /// Extra gitignore-style globs to leave out of the audit.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are counted but not scanned.
    pub max_file_size: Option<u64>,
    /// Path roles decided by the auditor: glob → `product`, `test`, `fixture`, `docs`,
    /// `vendored`, `generated` or `build-output`. They override the conventions and
    /// `.gitattributes`.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
}

/// The configuration after validation against the check registry.
#[derive(Debug, Clone)]
pub struct ValidConfig {
    /// Where it came from, if from a file.
    pub source: Option<PathBuf>,
    /// Extra exclude globs.
    pub exclude: Vec<String>,
    /// The size cap in bytes.
    pub max_file_size: u64,
    /// Configured path roles (`[scan.roles]`), glob → role.
    pub roles: Vec<(String, crate::facts::Role)>,
    /// Enabled checks by id, with their settings.
    pub checks: BTreeMap<String, CheckConfig>,
    /// Package registries (`[registries]`).
    pub registries: crate::facts::registry::RegistryConfig,
    /// The OSV vulnerability database (`[osv]`; a relative `database` is resolved against the
    /// configuration file's directory).
    pub osv: crate::facts::vulns::OsvConfig,
}

impl ValidConfig {
    /// The settings of an enabled check, or `None` when it is disabled.
    #[must_use]
    pub fn check(&self, id: &str) -> Option<&CheckConfig> {
        self.checks.get(id)
    }

    /// Defaults: every registered check enabled at its default weight.
    #[must_use]
    pub fn defaults() -> Self {
        Config::default()
            .validate(None, crate::checks::ALL)
            .expect("the empty configuration is valid")
    }
}

impl Config {
    /// Parses TOML text.
    ///
    /// # Errors
    /// A [`Error::Config`] naming the file, the position and the key.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_owned(),
            problems: vec![e.to_string().trim_end().to_owned()],
        })
    }

    /// Reads `path`.
    ///
    /// # Errors
    /// When it cannot be read or parsed.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Checks every `[checks.<id>]` against the registry and each check's own parameters.
    ///
    /// # Errors
    /// [`Error::Config`] listing every problem.
    pub fn validate(self, source: Option<&Path>, registry: &[&dyn Check]) -> Result<ValidConfig> {
        let mut problems = Vec::new();
        let mut checks = BTreeMap::new();
        for (id, table) in &self.checks {
            if !registry.iter().any(|c| c.meta().id == *id) {
                let known: Vec<&str> = registry.iter().map(|c| c.meta().id.as_str()).collect();
                problems.push(format!(
                    "checks.{id}: unknown check `{id}` (known: {})",
                    known.join(", ")
                ));
            }
            if let Some(v) = table.get("enabled") {
                if !v.is_bool() {
                    problems.push(format!("checks.{id}.enabled: expected true or false"));
                }
            }
            if let Some(v) = table.get("weight") {
                match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
                    Some(w) if w >= 0.0 && w.is_finite() => {}
                    _ => problems.push(format!("checks.{id}.weight: expected a number ≥ 0")),
                }
            }
        }
        for check in registry {
            let meta = check.meta();
            let table = self.checks.get(&meta.id).cloned().unwrap_or_default();
            let enabled = table
                .get("enabled")
                .and_then(toml::Value::as_bool)
                .unwrap_or(true);
            let weight = table
                .get("weight")
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                .unwrap_or_else(|| meta.default_weight());
            let mut params = table;
            params.remove("enabled");
            params.remove("weight");
            if let Err(mut errs) = check.validate_params(&params) {
                problems.append(&mut errs);
            }
            if enabled {
                checks.insert(meta.id.clone(), CheckConfig { weight, params });
            }
        }
        if let Some(size) = self.scan.max_file_size {
            if size == 0 {
                problems.push("scan.max_file_size: must be greater than 0".into());
            }
        }
        for glob in &self.scan.exclude {
            if let Err(e) = globset::Glob::new(glob) {
                problems.push(format!("scan.exclude: invalid glob `{glob}`: {e}"));
            }
        }
        let mut roles = Vec::new();
        for (glob, name) in &self.scan.roles {
            match crate::facts::Role::parse(name) {
                Some(role) => roles.push((glob.clone(), role)),
                None => problems.push(format!(
                    "scan.roles.\"{glob}\": unknown role `{name}` (known: product, test, fixture, docs, vendored, generated, build-output)"
                )),
            }
            if let Err(e) = globset::Glob::new(glob) {
                problems.push(format!("scan.roles: invalid glob `{glob}`: {e}"));
            }
        }
        problems.extend(self.registries.problems());
        problems.extend(self.osv.problems());
        let mut osv = self.osv;
        if let (Some(db), Some(dir)) = (&osv.database, source.and_then(Path::parent)) {
            if db.is_relative() {
                osv.database = Some(dir.join(db));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Config {
                path: source.map_or_else(|| PathBuf::from(CONFIG_FILE_NAME), Path::to_owned),
                problems,
            });
        }
        Ok(ValidConfig {
            source: source.map(Path::to_owned),
            exclude: self.scan.exclude,
            max_file_size: self.scan.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            roles,
            checks,
            registries: self.registries,
            osv,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(text: &str) -> Result<ValidConfig> {
        Config::parse(text, Path::new("diligence.toml"))?.validate(None, crate::checks::ALL)
    }

    #[test]
    fn unknown_top_level_key_is_named() {
        let err = validate("[scann]\nexclude = []\n").unwrap_err().to_string();
        assert!(err.contains("scann"), "{err}");
    }

    #[test]
    fn unknown_check_and_unknown_param_are_named() {
        let err = validate("[checks.nope]\n[checks.documentation]\ncolour = 1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown check `nope`"), "{err}");
        assert!(
            err.contains("checks.documentation: unknown key `colour`"),
            "{err}"
        );
    }

    #[test]
    fn disable_and_reweight() {
        let cfg =
            validate("[checks.documentation]\nweight = 1\n[scan]\nmax_file_size = 10\n").unwrap();
        assert!((cfg.check("documentation").unwrap().weight - 1.0).abs() < f64::EPSILON);
        assert_eq!(cfg.max_file_size, 10);
        let cfg = validate("[checks.documentation]\nenabled = false\n").unwrap();
        assert!(cfg.check("documentation").is_none());
    }

    #[test]
    fn roles_are_validated() {
        let cfg = validate("[scan.roles]\n\"tools/**\" = \"test\"\n").unwrap();
        assert_eq!(
            cfg.roles,
            vec![("tools/**".to_owned(), crate::facts::Role::Test)]
        );
        let err = validate("[scan.roles]\n\"tools/**\" = \"toolz\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown role `toolz`"), "{err}");
    }

    #[test]
    fn bad_weight_is_an_error() {
        let err = validate("[checks.documentation]\nweight = \"heavy\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("checks.documentation.weight"), "{err}");
    }
}
