//! The licence policy: classes of SPDX ids (from `policy.toml`), severities by distribution
//! model, and the check's parameters (`distribution`, `allow`, `deny`).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Deserialize;
use spdx::{Expression, LicenseReq};

use crate::check::Severity;
use crate::facts::licenses::expr;

/// What a licence lets the company do, from most to least permissive for a proprietary product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// No conditions at all.
    PublicDomain,
    /// Attribution and notice only.
    Permissive,
    /// Copyleft on the licensed files or library only (LGPL, MPL, EPL).
    WeakCopyleft,
    /// Not classified: needs a human to read it.
    Unknown,
    /// Another owner's code under a commercial or private licence.
    Proprietary,
    /// Copyleft on the whole program when distributed (GPL).
    StrongCopyleft,
    /// Copyleft triggered by offering the program over a network (AGPL, SSPL, OSL).
    NetworkCopyleft,
    /// Source-available or non-commercial: restricts the business itself (BUSL, Elastic,
    /// PolyForm, Commons Clause, CC-BY-NC).
    SourceAvailable,
}

impl Class {
    /// The kebab-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Class::PublicDomain => "public-domain",
            Class::Permissive => "permissive",
            Class::WeakCopyleft => "weak-copyleft",
            Class::Unknown => "unknown",
            Class::Proprietary => "proprietary",
            Class::StrongCopyleft => "strong-copyleft",
            Class::NetworkCopyleft => "network-copyleft",
            Class::SourceAvailable => "source-available",
        }
    }

    /// A phrase for messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Class::PublicDomain => "public domain",
            Class::Permissive => "permissive",
            Class::WeakCopyleft => "weak copyleft",
            Class::Unknown => "unclassified",
            Class::Proprietary => "proprietary",
            Class::StrongCopyleft => "strong copyleft",
            Class::NetworkCopyleft => "network copyleft",
            Class::SourceAvailable => "source-available / non-commercial",
        }
    }

    /// How far the copyleft reaches (0: none), for comparing with the project's own licence.
    #[must_use]
    pub fn reach(self) -> u8 {
        match self {
            Class::PublicDomain | Class::Permissive | Class::Unknown | Class::Proprietary => 0,
            Class::WeakCopyleft => 1,
            Class::StrongCopyleft => 2,
            Class::NetworkCopyleft => 3,
            Class::SourceAvailable => 4,
        }
    }

    const ALL: [Class; 8] = [
        Class::PublicDomain,
        Class::Permissive,
        Class::WeakCopyleft,
        Class::Unknown,
        Class::Proprietary,
        Class::StrongCopyleft,
        Class::NetworkCopyleft,
        Class::SourceAvailable,
    ];
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the product reaches its users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    /// Hosted: the code runs on the company's servers.
    #[default]
    Saas,
    /// Shipped to customers (binaries, apps, on-premise).
    Distributed,
    /// A library others build on.
    Library,
}

impl Distribution {
    /// The config value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Distribution::Saas => "saas",
            Distribution::Distributed => "distributed",
            Distribution::Library => "library",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    classes: BTreeMap<Class, Vec<String>>,
    exceptions: BTreeMap<Class, Vec<String>>,
    severity: BTreeMap<Class, BTreeMap<String, String>>,
}

/// The parsed policy.
pub struct Policy {
    exact: BTreeMap<String, Class>,
    prefixes: Vec<(String, Class)>,
    weak_exceptions: Vec<String>,
    severity: BTreeMap<(Class, &'static str), Option<Severity>>,
}

/// The policy embedded from `policy.toml` (the tests parse and check it, so `expect` never fires).
pub static POLICY: LazyLock<Policy> =
    LazyLock::new(|| Policy::parse(include_str!("policy.toml")).expect("policy.toml is valid"));

impl Policy {
    /// Parses the policy file.
    ///
    /// # Errors
    /// When the TOML does not have the expected shape or a severity is unknown.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: PolicyFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut exact = BTreeMap::new();
        let mut prefixes = Vec::new();
        for (class, ids) in file.classes {
            for id in ids {
                if let Some(p) = id.strip_suffix('*') {
                    prefixes.push((p.to_owned(), class));
                } else if exact.insert(id.clone(), class).is_some() {
                    return Err(format!("{id} is listed twice"));
                }
            }
        }
        // Longest prefix first.
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let weak_exceptions = file
            .exceptions
            .get(&Class::WeakCopyleft)
            .cloned()
            .unwrap_or_default();
        let mut severity = BTreeMap::new();
        for class in Class::ALL {
            if matches!(class, Class::PublicDomain | Class::Permissive) {
                continue;
            }
            let row = file
                .severity
                .get(&class)
                .ok_or_else(|| format!("severity.{class} is missing"))?;
            for model in ["saas", "distributed", "library"] {
                let s = row
                    .get(model)
                    .ok_or_else(|| format!("severity.{class}.{model} is missing"))?;
                let s = match s.as_str() {
                    "none" => None,
                    "info" => Some(Severity::Info),
                    "low" => Some(Severity::Low),
                    "medium" => Some(Severity::Medium),
                    "high" => Some(Severity::High),
                    "critical" => Some(Severity::Critical),
                    other => return Err(format!("severity.{class}.{model}: unknown `{other}`")),
                };
                severity.insert((class, model), s);
            }
        }
        Ok(Policy {
            exact,
            prefixes,
            weak_exceptions,
            severity,
        })
    }

    /// The listed entries (exact ids and prefixes), for the tests.
    #[cfg(test)]
    pub fn entries(&self) -> impl Iterator<Item = (String, Class)> + '_ {
        self.exact
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .chain(self.prefixes.iter().map(|(p, c)| (format!("{p}*"), *c)))
    }

    /// The class of one licence id (`MIT`, `GPL-3.0-only`, `LicenseRef-Foo`).
    #[must_use]
    pub fn class_of_id(&self, id: &str) -> Class {
        let id = id.trim_end_matches('+');
        if let Some(c) = self.exact.get(id) {
            return *c;
        }
        if let Some((_, c)) = self
            .prefixes
            .iter()
            .find(|(p, _)| id.starts_with(p.as_str()))
        {
            return *c;
        }
        match spdx::license_id(id) {
            Some(l) if l.is_copyleft() => Class::StrongCopyleft,
            Some(l) if l.is_osi_approved() || l.is_fsf_free_libre() => Class::Permissive,
            _ => Class::Unknown,
        }
    }

    /// The class of one requirement of an expression (a linking exception weakens copyleft).
    #[must_use]
    pub fn class_of_req(&self, req: &LicenseReq) -> Class {
        let class = self.class_of_id(&req.license.to_string());
        match &req.addition {
            Some(a)
                if matches!(class, Class::StrongCopyleft)
                    && self.weak_exceptions.iter().any(|e| *e == a.to_string()) =>
            {
                Class::WeakCopyleft
            }
            _ => class,
        }
    }

    /// The severity of a finding about third-party code of this class.
    #[must_use]
    pub fn severity(&self, class: Class, model: Distribution) -> Option<Severity> {
        self.severity
            .get(&(class, model.as_str()))
            .copied()
            .flatten()
    }
}

/// The check's parameters.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// Distribution model.
    pub distribution: Distribution,
    /// Whether the configuration set the distribution model (else it is inferred).
    pub distribution_configured: bool,
    /// Licences accepted whatever their class.
    pub allow: Vec<String>,
    /// Licences refused whatever their class.
    pub deny: Vec<String>,
}

/// The parameter keys of `[checks.licenses]`.
pub const PARAM_KEYS: &[&str] = &["distribution", "allow", "deny"];

impl Params {
    /// Reads and validates `[checks.licenses]` (without `enabled` and `weight`).
    ///
    /// # Errors
    /// Every problem, one line each, naming the key.
    pub fn from_table(params: &toml::Table) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut out = Params::default();
        for key in params.keys() {
            if !PARAM_KEYS.contains(&key.as_str()) {
                problems.push(format!(
                    "checks.licenses: unknown key `{key}` (known: {})",
                    PARAM_KEYS.join(", ")
                ));
            }
        }
        if let Some(v) = params.get("distribution") {
            out.distribution_configured = true;
            match v.as_str() {
                Some("saas") => out.distribution = Distribution::Saas,
                Some("distributed") => out.distribution = Distribution::Distributed,
                Some("library") => out.distribution = Distribution::Library,
                _ => problems.push(format!(
                    "checks.licenses.distribution: expected \"saas\", \"distributed\" or \"library\", got {v}"
                )),
            }
        }
        for (key, list) in [("allow", &mut out.allow), ("deny", &mut out.deny)] {
            let Some(v) = params.get(key) else { continue };
            let Some(items) = v.as_array() else {
                problems.push(format!(
                    "checks.licenses.{key}: expected a list of SPDX licence ids"
                ));
                continue;
            };
            for item in items {
                match item.as_str() {
                    Some(id) if is_licence_id(id) => list.push(id.to_owned()),
                    _ => problems.push(format!(
                        "checks.licenses.{key}: {item} is not an SPDX licence id"
                    )),
                }
            }
        }
        for id in &out.allow {
            if out.deny.iter().any(|d| expr::family(d) == expr::family(id)) {
                problems.push(format!(
                    "checks.licenses: `{id}` is both in allow and in deny"
                ));
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    fn lists(&self, list: &[String], req: &LicenseReq) -> bool {
        let id = req.license.to_string();
        list.iter().any(|a| expr::family(a) == expr::family(&id))
    }
}

fn is_licence_id(id: &str) -> bool {
    spdx::license_id(id).is_some()
        || id.strip_prefix("LicenseRef-").is_some_and(|r| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        })
}

/// What the policy says about one licence expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The class of the most favourable choice the expression allows (OR: pick one; AND: all).
    pub class: Class,
    /// Every choice includes a denied licence.
    pub denied: bool,
    /// The allow list accepts it.
    pub allowed: bool,
}

/// Classifies an expression as written; `None` when it is not an SPDX expression.
#[must_use]
pub fn verdict(policy: &Policy, params: &Params, expression: &str) -> Option<Verdict> {
    // Quirk: "Apache-2.0 WITH Commons-Clause" is common in the wild and is no SPDX expression;
    // the Commons Clause forbids selling the software, which is what matters here.
    let lower = expression.to_ascii_lowercase();
    if lower.contains("commons-clause") || lower.contains("commons clause") {
        return Some(Verdict {
            class: Class::SourceAvailable,
            denied: false,
            allowed: false,
        });
    }
    let e = Expression::parse_mode(expression, expr::LENIENT).ok()?;
    let allowed = e.evaluate(|req| params.lists(&params.allow, req));
    for class in Class::ALL {
        let ok = |req: &LicenseReq| {
            !params.lists(&params.deny, req)
                && (params.lists(&params.allow, req) || policy.class_of_req(req) <= class)
        };
        if e.evaluate(ok) {
            // Report the class actually reached (an all-public-domain expression stays so).
            let reached = e
                .requirements()
                .map(|r| policy.class_of_req(&r.req))
                .filter(|c| *c <= class)
                .max()
                .unwrap_or(class);
            return Some(Verdict {
                class: reached,
                denied: false,
                allowed,
            });
        }
    }
    Some(Verdict {
        class: Class::Unknown,
        denied: true,
        allowed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(e: &str) -> Class {
        verdict(&POLICY, &Params::default(), e).unwrap().class
    }

    #[test]
    fn policy_file_is_valid_and_every_entry_is_real() {
        for (entry, _) in POLICY.entries() {
            if let Some(prefix) = entry.strip_suffix('*') {
                assert!(
                    spdx::identifiers::LICENSES
                        .iter()
                        .any(|l| l.name.starts_with(prefix)),
                    "prefix {entry} matches no SPDX id"
                );
            } else {
                assert!(is_licence_id(&entry), "{entry} is not an SPDX id");
            }
        }
        for e in &POLICY.weak_exceptions {
            assert!(
                spdx::exception_id(e).is_some(),
                "{e} is not an SPDX exception"
            );
        }
    }

    #[test]
    fn every_spdx_id_has_a_class() {
        let mut unknown = 0;
        for l in spdx::identifiers::LICENSES {
            if POLICY.class_of_id(l.name) == Class::Unknown {
                unknown += 1;
            }
        }
        // Classified means a class was decided; "unknown" is a decision too (needs review), but
        // the common licences must all be classified explicitly.
        assert!(unknown < spdx::identifiers::LICENSES.len());
    }

    #[test]
    fn classes_of_common_licences() {
        assert_eq!(class("MIT"), Class::Permissive);
        assert_eq!(class("Apache-2.0"), Class::Permissive);
        assert_eq!(class("BSD-3-Clause"), Class::Permissive);
        assert_eq!(class("ISC"), Class::Permissive);
        assert_eq!(class("Unlicense"), Class::PublicDomain);
        assert_eq!(class("CC0-1.0"), Class::PublicDomain);
        assert_eq!(class("MPL-2.0"), Class::WeakCopyleft);
        assert_eq!(class("LGPL-2.1-only"), Class::WeakCopyleft);
        assert_eq!(class("EPL-2.0"), Class::WeakCopyleft);
        assert_eq!(class("GPL-2.0-only"), Class::StrongCopyleft);
        assert_eq!(class("GPL-3.0-or-later"), Class::StrongCopyleft);
        assert_eq!(class("GPL-2.0"), Class::StrongCopyleft);
        assert_eq!(class("AGPL-3.0-only"), Class::NetworkCopyleft);
        assert_eq!(class("SSPL-1.0"), Class::NetworkCopyleft);
        assert_eq!(class("OSL-3.0"), Class::NetworkCopyleft);
        assert_eq!(class("BUSL-1.1"), Class::SourceAvailable);
        assert_eq!(class("Elastic-2.0"), Class::SourceAvailable);
        assert_eq!(
            class("PolyForm-Noncommercial-1.0.0"),
            Class::SourceAvailable
        );
        assert_eq!(class("CC-BY-NC-4.0"), Class::SourceAvailable);
        assert_eq!(
            class("Apache-2.0 WITH Commons-Clause"),
            Class::SourceAvailable
        );
        assert_eq!(class("LicenseRef-Proprietary"), Class::Proprietary);
        assert_eq!(class("LicenseRef-Whatever"), Class::Unknown);
    }

    #[test]
    fn expressions_take_the_best_choice_and_all_terms() {
        assert_eq!(class("MIT OR GPL-3.0-only"), Class::Permissive);
        assert_eq!(class("MIT AND GPL-3.0-only"), Class::StrongCopyleft);
        assert_eq!(
            class("GPL-2.0-only WITH Classpath-exception-2.0"),
            Class::WeakCopyleft
        );
        assert_eq!(class("Unlicense OR MIT"), Class::PublicDomain);
    }

    #[test]
    fn allow_and_deny() {
        let t: toml::Table =
            toml::from_str("allow = [\"GPL-3.0-only\"]\ndeny = [\"MIT\"]").unwrap();
        let p = Params::from_table(&t).unwrap();
        let v = verdict(&POLICY, &p, "GPL-3.0-or-later").unwrap();
        assert!(v.allowed);
        let v = verdict(&POLICY, &p, "MIT").unwrap();
        assert!(v.denied);
        let v = verdict(&POLICY, &p, "MIT OR Apache-2.0").unwrap();
        assert!(!v.denied);
        assert_eq!(v.class, Class::Permissive);
    }

    #[test]
    fn params_are_validated_naming_the_key() {
        let t: toml::Table =
            toml::from_str("distribution = \"cloud\"\nallow = [\"NotALicence\"]\nfoo = 1").unwrap();
        let errs = Params::from_table(&t).unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.contains("checks.licenses.distribution")),
            "{errs:?}"
        );
        assert!(errs
            .iter()
            .any(|e| e.contains("checks.licenses.allow") && e.contains("NotALicence")));
        assert!(errs.iter().any(|e| e.contains("unknown key `foo`")));
        let t: toml::Table = toml::from_str("allow = [\"MIT\"]\ndeny = [\"MIT\"]").unwrap();
        assert!(Params::from_table(&t).is_err());
        let t: toml::Table = toml::from_str("distribution = \"library\"").unwrap();
        assert_eq!(
            Params::from_table(&t).unwrap().distribution,
            Distribution::Library
        );
    }

    #[test]
    fn severities_follow_the_distribution_model() {
        let s = |c, d| POLICY.severity(c, d);
        assert_eq!(
            s(Class::NetworkCopyleft, Distribution::Saas),
            Some(Severity::Critical)
        );
        assert_eq!(
            s(Class::StrongCopyleft, Distribution::Saas),
            Some(Severity::Medium)
        );
        assert_eq!(
            s(Class::StrongCopyleft, Distribution::Distributed),
            Some(Severity::Critical)
        );
        assert_eq!(
            s(Class::WeakCopyleft, Distribution::Saas),
            Some(Severity::Info)
        );
        assert_eq!(s(Class::Permissive, Distribution::Saas), None);
    }
}
