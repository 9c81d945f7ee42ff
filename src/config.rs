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

use serde::{Deserialize, Serialize};

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

/// Whose configuration an audit ran under. An investor's report must say when the audited party
/// chose the rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "origin", rename_all = "kebab-case")]
pub enum ConfigOrigin {
    /// No configuration file: the default policy.
    #[default]
    Defaults,
    /// The auditor's own file (`--config`).
    Auditor {
        /// The file.
        path: String,
    },
    /// A `diligence.toml` inside the audited tree: written by the audited party.
    Target {
        /// The file, relative to the target.
        path: String,
    },
    /// A `diligence.toml` inside the audited tree that could not be used; the audit ran under
    /// the default policy.
    Ignored {
        /// The file, relative to the target.
        path: String,
        /// Why it was ignored.
        reason: String,
    },
}

impl ConfigOrigin {
    /// Whether the audited party wrote the rules the audit ran under.
    #[must_use]
    pub fn is_target(&self) -> bool {
        matches!(self, ConfigOrigin::Target { .. })
    }
}

/// The configuration after validation against the check registry.
#[derive(Debug, Clone)]
pub struct ValidConfig {
    /// Where it came from, if from a file.
    pub source: Option<PathBuf>,
    /// Whose configuration it is.
    pub origin: ConfigOrigin,
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

    /// Whether the walk and the collectors run as under the defaults (same excludes, roles and
    /// size cap), so that the same facts can be judged under the default policy.
    #[must_use]
    pub fn scans_like_defaults(&self) -> bool {
        self.exclude.is_empty()
            && self.roles.is_empty()
            && self.max_file_size == DEFAULT_MAX_FILE_SIZE
    }

    /// Whether an audit under this configuration collects the same facts as under the
    /// defaults: every check enabled, no check parameter set, and the walk as by default.
    #[must_use]
    pub fn collects_like_defaults(&self) -> bool {
        self.scans_like_defaults()
            && crate::checks::ALL.iter().all(|c| {
                self.check(&c.meta().id)
                    .is_some_and(|cfg| cfg.params.is_empty())
            })
    }

    /// Every way this configuration departs from the default policy, one sentence each:
    /// checks disabled, weights changed, check parameters set, paths excluded, roles overridden,
    /// the size cap changed.
    #[must_use]
    pub fn deviations(&self) -> Vec<String> {
        let mut out = Vec::new();
        for check in crate::checks::ALL {
            let meta = check.meta();
            match self.checks.get(&meta.id) {
                None => out.push(format!("check `{}` disabled", meta.id)),
                Some(c) => {
                    if (c.weight - meta.default_weight()).abs() > f64::EPSILON {
                        out.push(format!(
                            "check `{}` weighted {} instead of {}",
                            meta.id,
                            c.weight,
                            meta.default_weight()
                        ));
                    }
                    for (key, value) in &c.params {
                        out.push(format!("checks.{}.{key} = {value}", meta.id));
                    }
                }
            }
        }
        for glob in &self.exclude {
            out.push(format!("path `{glob}` excluded from the audit"));
        }
        for (glob, role) in &self.roles {
            out.push(format!("path `{glob}` given the role `{role}`"));
        }
        if self.max_file_size != DEFAULT_MAX_FILE_SIZE {
            out.push(format!(
                "files over {} bytes not scanned (default {DEFAULT_MAX_FILE_SIZE})",
                self.max_file_size
            ));
        }
        out
    }

    /// The configuration for an audit of `root`: the auditor's `explicit` file (errors stop the
    /// run), else the target's own `diligence.toml` unless `no_target_config`, else the
    /// defaults. The target's file is untrusted input like every file of the tree: it is read
    /// without following a symlink, and when it cannot be read or is invalid the audit runs
    /// under the default policy and says why ([`ConfigOrigin::Ignored`]).
    ///
    /// # Errors
    /// Only for the auditor's own file.
    pub fn for_target(
        root: &Path,
        explicit: Option<&Path>,
        no_target_config: bool,
    ) -> Result<Self> {
        if let Some(path) = explicit {
            let mut config = Config::load(path)?.validate(Some(path), crate::checks::ALL)?;
            config.origin = ConfigOrigin::Auditor {
                path: path.display().to_string(),
            };
            return Ok(config);
        }
        let path = root.join(CONFIG_FILE_NAME);
        if no_target_config {
            return Ok(Self::defaults());
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(Self::defaults());
        };
        let ignored = |reason: String| {
            let mut config = Self::defaults();
            config.origin = ConfigOrigin::Ignored {
                path: CONFIG_FILE_NAME.into(),
                reason,
            };
            config
        };
        if !meta.file_type().is_file() {
            return Ok(ignored(
                "it is not a regular file (a symlink is not followed)".into(),
            ));
        }
        if meta.len() > 1024 * 1024 {
            return Ok(ignored("it is larger than 1 MiB".into()));
        }
        let text = match read_no_follow(&path) {
            Ok(text) => text,
            Err(e) => return Ok(ignored(format!("it cannot be read: {e}"))),
        };
        match Config::parse(&text, &path).and_then(|c| c.validate(Some(&path), crate::checks::ALL))
        {
            Ok(mut config) => {
                if let Some(reason) = config.names_outside(root) {
                    return Ok(ignored(reason));
                }
                config.origin = ConfigOrigin::Target {
                    path: CONFIG_FILE_NAME.into(),
                };
                Ok(config)
            }
            Err(Error::Config { problems, .. }) => Ok(ignored(problems.join("; "))),
            Err(e) => Ok(ignored(e.to_string())),
        }
    }
}

impl ValidConfig {
    /// For a configuration inside the audited tree: the first file it names (the secrets
    /// baseline, the local vulnerability database) that lies outside the tree, as the reason to
    /// ignore it. The audited party may not make the audit read the auditor's own files.
    fn names_outside(&self, root: &Path) -> Option<String> {
        let baseline = self
            .check("secrets")
            .and_then(|c| c.params.get("baseline"))
            .and_then(toml::Value::as_str)
            .map(|rel| ("[checks.secrets] baseline", root.join(rel)));
        let database = self
            .osv
            .database
            .clone()
            .map(|db| ("[osv] database", root.join(db)));
        let canonical_root = root.canonicalize().ok()?;
        for (key, path) in baseline.into_iter().chain(database) {
            let lexically_inside = path.starts_with(root)
                && !path
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir));
            // Through a symlink, the real place decides.
            let really_inside = path
                .canonicalize()
                .map_or(true, |real| real.starts_with(&canonical_root));
            if !(lexically_inside && really_inside) {
                return Some(format!(
                    "{key} names `{}`, outside the audited tree; a configuration inside the tree may only name files inside it",
                    path.display()
                ));
            }
        }
        None
    }
}

/// Reads a file of the audited tree as text without following a symlink at its last component.
fn read_no_follow(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut text = String::new();
    opts.open(path)?
        .take(1024 * 1024)
        .read_to_string(&mut text)?;
    Ok(text)
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
                checks.insert(
                    meta.id.clone(),
                    CheckConfig {
                        weight,
                        params,
                        default_policy: false,
                    },
                );
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
            origin: match source {
                Some(p) => ConfigOrigin::Auditor {
                    path: p.display().to_string(),
                },
                None => ConfigOrigin::Defaults,
            },
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
