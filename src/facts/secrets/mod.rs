//! Secrets: committed credentials in the working tree and in the git history.
//!
//! - [`engine`] compiles the rules of `checks/secrets/rules.toml` once per run and scans
//!   buffers: one Aho-Corasick pass over all keywords, then only the triggered rules' regexes,
//!   then entropy, allow-lists and placeholder filters.
//! - [`SecretsScanner`] is the walk's [content scanner](super::scan::ContentScanner): each file
//!   the walk reads is scanned once, and its hits land in [`FileScan::secrets`](super::scan::FileScan).
//! - [`history`] scans every blob reachable from any ref of the target's git repository, each
//!   unique blob once and of each only the lines its path's previous version did not hold
//!   (with context), with the same engine, in parallel with the walk.
//! - [`baseline`] reads and writes the fingerprints of accepted findings.
//!
//! Invariant: a secret never enters the facts. A [`SecretHit`] holds the rule, the line, a
//! fingerprint (a hash of the secret) and a redacted form (at most its first and last four
//! characters).

pub mod baseline;
pub mod engine;
pub mod history;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::scan::ContentScanner;
use super::{FileFacts, FileKind, Warning};
use crate::check::Severity;
use crate::progress::Progress;

pub use baseline::Baseline;
pub use engine::{Confidence, Engine, RawHit, ENGINE};
pub use history::{HistoryHit, HistoryScan};

/// One secret found in a buffer (a file of the tree, or a blob of the history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretHit {
    /// The rule that matched.
    pub rule: String,
    /// 1-based line (0 for a file that is itself a secret).
    pub line: u32,
    /// Hash of the secret: the same secret has the same fingerprint everywhere.
    pub fingerprint: String,
    /// Redacted evidence.
    pub redacted: String,
    /// Severity after downgrades (documented example keys are info).
    pub severity: Severity,
    /// Whether the line carries `diligence:allow`.
    pub inline_allowed: bool,
    /// Why the severity was lowered, if it was.
    pub note: Option<String>,
    /// How sure the hit is a credential.
    pub confidence: Confidence,
}

impl SecretHit {
    pub(crate) fn from_raw(engine: &Engine, raw: RawHit) -> Self {
        SecretHit {
            rule: engine.rules()[raw.rule].spec.id.clone(),
            line: raw.line,
            fingerprint: raw.fingerprint,
            redacted: raw.redacted,
            severity: raw.severity,
            inline_allowed: raw.inline_allowed,
            note: raw.note.map(Cow::into_owned),
            confidence: raw.confidence,
        }
    }
}

/// Scans one buffer with `engine`. `path` is the file's path (for path-restricted rules);
/// lockfiles are scanned only by specific rules.
#[must_use]
pub fn scan_buffer(engine: &Engine, content: &[u8], path: &str, kind: FileKind) -> Vec<SecretHit> {
    engine
        .scan(content, path, kind.contains(FileKind::LOCKFILE))
        .into_iter()
        .map(|raw| SecretHit::from_raw(engine, raw))
        .collect()
}

/// The walk's secrets scanner: every text file the walk reads.
pub struct SecretsScanner {
    engine: &'static Engine,
}

impl SecretsScanner {
    /// The scanner over the built-in rules (compiled once, shared by every walker thread).
    #[must_use]
    pub fn new() -> Self {
        SecretsScanner { engine: &ENGINE }
    }
}

impl Default for SecretsScanner {
    fn default() -> Self {
        Self::new()
    }
}

impl ContentScanner for SecretsScanner {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn wants(&self, _file: &FileFacts) -> bool {
        true
    }

    fn scan(&self, content: &[u8], file: &mut FileFacts, _warnings: &mut Vec<Warning>) {
        file.scan.secrets = scan_buffer(self.engine, content, &file.path, file.kind);
    }
}

/// What the history scan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HistoryStatus {
    /// No check asked for it.
    #[default]
    NotRequested,
    /// Turned off (`--no-history` or `history = false`).
    Disabled,
    /// The target is not a git repository.
    NotARepository,
    /// The repository could not be read; the reason.
    Failed(String),
    /// Done.
    Scanned(HistoryScan),
}

/// Repository-level secrets facts: the history scan and the baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretsFacts {
    /// The git history scan.
    pub history: HistoryStatus,
    /// Accepted findings, when a baseline was given.
    pub baseline: Option<Baseline>,
}

/// How to collect the secrets facts.
#[derive(Debug, Clone, Default)]
pub struct SecretsOptions {
    /// Whether the secrets check runs at all.
    pub enabled: bool,
    /// Scan the git history.
    pub history: bool,
    /// The baseline file to read.
    pub baseline: Option<PathBuf>,
    /// Blobs larger than this are not scanned.
    pub max_blob_size: u64,
}

impl SecretsOptions {
    /// From the audit's settings: `no_history` and `cli_baseline` from the command line, and
    /// `[checks.secrets] history` / `baseline` from the configuration (a relative baseline path
    /// is resolved against the configuration file's directory).
    #[must_use]
    pub fn resolve(
        enabled: bool,
        params: Option<&toml::Table>,
        config_source: Option<&Path>,
        no_history: bool,
        cli_baseline: Option<&Path>,
        max_blob_size: u64,
    ) -> Self {
        let history_param = params
            .and_then(|p| p.get("history"))
            .and_then(toml::Value::as_bool)
            .unwrap_or(true);
        let baseline = cli_baseline.map(Path::to_owned).or_else(|| {
            let rel = params?.get("baseline")?.as_str()?;
            let base = config_source
                .and_then(Path::parent)
                .unwrap_or_else(|| Path::new("."));
            Some(base.join(rel))
        });
        SecretsOptions {
            enabled,
            history: enabled && history_param && !no_history,
            baseline: baseline.filter(|_| enabled),
            max_blob_size,
        }
    }
}

/// Collects the repository-level secrets facts: reads the baseline and scans the history
/// (`before_blobs`: see [`history::scan`]). Problems become warnings; nothing here fails the
/// audit.
pub fn collect(
    root: &Path,
    opts: &SecretsOptions,
    progress: &Progress,
    warnings: &mut Vec<Warning>,
    before_blobs: &dyn Fn(),
) -> SecretsFacts {
    if !opts.enabled {
        return SecretsFacts::default();
    }
    let baseline = opts.baseline.as_ref().and_then(|path| {
        Baseline::load(path)
            .map_err(|e| {
                warnings.push(Warning {
                    path: None,
                    message: format!("secrets baseline {}: {e}", path.display()),
                });
            })
            .ok()
    });
    let history = if !opts.history {
        HistoryStatus::Disabled
    } else if !root.join(".git").exists() {
        HistoryStatus::NotARepository
    } else {
        match history::scan(
            root,
            &ENGINE,
            history::Limits::new(opts.max_blob_size),
            progress,
            before_blobs,
        ) {
            Ok(scan) => HistoryStatus::Scanned(scan),
            Err(e) => {
                warnings.push(Warning {
                    path: Some(".git".into()),
                    message: format!("cannot scan the git history for secrets: {e}"),
                });
                HistoryStatus::Failed(e)
            }
        }
    };
    SecretsFacts { history, baseline }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule finds each of its true positives, alone, and none of its false positives.
    /// An example written `@path text` is scanned as the file `path`; others as a file the
    /// rule runs on.
    #[test]
    fn every_rule_passes_its_own_examples() {
        let engine = &*ENGINE;
        let mut failures = Vec::new();
        for rule in engine.rules() {
            let id = &rule.spec.id;
            let default_path = sample_path(rule);
            let found = |example: &str| {
                let (path, text) = split_example(example, &default_path);
                if rule.is_path_only() {
                    engine.path_hits(text).any(|r| r.spec.id == *id)
                } else {
                    !engine.scan_one(id, text.as_bytes(), path).is_empty()
                }
            };
            for (n, tp) in rule.spec.true_positives.iter().enumerate() {
                let text = engine::expand_example(tp, &format!("{id}#{n}"));
                if !found(&text) {
                    failures.push(format!("{id}: true positive not found: {text}"));
                }
            }
            for (n, fp) in rule.spec.false_positives.iter().enumerate() {
                let text = engine::expand_example(fp, &format!("{id}#fp{n}"));
                if found(&text) {
                    failures.push(format!("{id}: false positive found: {text}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The history scan looks for keywords only on a version's new lines and a few around them,
    /// then searches the whole window with the rules so triggered: that finds what searching
    /// the window with every rule finds, because a rule's keyword is part of its match. Each
    /// true positive of every rule, between lines with no keyword, is found with the keywords
    /// looked for on its own lines only.
    #[test]
    fn every_true_positive_is_found_with_keywords_looked_for_on_its_lines_only() {
        let engine = &*ENGINE;
        let filler = |from: usize| -> String {
            (from..from + 25)
                .map(|i| format!("    total += {i}\n"))
                .collect()
        };
        assert!(engine
            .scan(filler(0).as_bytes(), "src/app.py", false)
            .is_empty());
        let mut failures = Vec::new();
        for rule in engine.rules().iter().filter(|r| !r.is_path_only()) {
            let id = &rule.spec.id;
            let default_path = sample_path(rule);
            for (n, tp) in rule.spec.true_positives.iter().enumerate() {
                let example = engine::expand_example(tp, &format!("{id}#{n}"));
                let (path, text) = split_example(&example, &default_path);
                let before = filler(0);
                let buffer = format!("{before}{text}\n{}", filler(100));
                let near = [(before.len(), before.len() + text.len() + 1)];
                let key = |h: &engine::RawHit| (h.rule, h.start, h.end, h.severity);
                let everywhere: Vec<_> = engine
                    .scan(buffer.as_bytes(), path, false)
                    .iter()
                    .map(key)
                    .collect();
                let lines_only: Vec<_> = engine
                    .scan_near(buffer.as_bytes(), &near, path, false)
                    .iter()
                    .map(key)
                    .collect();
                if everywhere.is_empty() || everywhere != lines_only {
                    failures.push(format!("{id}: {text}: {everywhere:?} / {lines_only:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// An identifier's secret is looked for wherever the identifier is: an AWS access key ID
    /// added ten lines below the secret key it pairs with is not an identifier alone, though the
    /// secret's line is not among those where keywords are looked for.
    #[test]
    fn an_identifier_keeps_its_pair_when_keywords_are_looked_for_on_its_line_only() {
        let engine = &*ENGINE;
        let secret = engine::expand_example("aws_secret_access_key = \"{b64:40}\"", "pair");
        let id = engine::expand_example("\"AccessKeyId\": \"ASIA{b32:16}\"", "pair");
        let mut buffer = format!("{secret}\n");
        for i in 0..10 {
            buffer.push_str(&format!("total += {i}\n"));
        }
        let start = buffer.len();
        buffer.push_str(&format!("{id}\n"));
        let hits = engine.scan_near(
            buffer.as_bytes(),
            &[(start, buffer.len())],
            "config/app.yml",
            false,
        );
        let hit = hits
            .iter()
            .find(|h| engine.rules()[h.rule].spec.id == "aws-access-key-id")
            .expect("the identifier");
        assert_ne!(hit.severity, Severity::Low, "{hits:?}");
        assert!(hit.note.is_none(), "{hits:?}");
    }

    /// `@path text` → (path, text); anything else → (default, example).
    fn split_example<'a>(example: &'a str, default: &'a str) -> (&'a str, &'a str) {
        example
            .strip_prefix('@')
            .and_then(|rest| rest.split_once(' '))
            .unwrap_or((default, example))
    }

    /// A file name that the rule runs on, for running its content examples.
    fn sample_path(rule: &engine::Rule) -> String {
        if let Some(g) = rule.spec.paths.first() {
            return g.replace('*', "sample");
        }
        match rule.spec.files.first().map(String::as_str) {
            Some("env") => ".env",
            Some("shell") => "deploy.sh",
            Some("yaml") => "config/app.yml",
            Some("properties") => "app.properties",
            Some("ini" | "config") => "app.ini",
            Some("toml") => "app.toml",
            Some("json") => "data.json",
            Some("xml") => "app.xml",
            Some("code") => "src/app.py",
            _ => "src/app.txt",
        }
        .to_owned()
    }

    /// Every default rule of gitleaks and every listed detector of `TruffleHog` has a counterpart that
    /// exists (and finds the row's example, when it has one), or a reason.
    #[test]
    fn upstream_rules_have_a_counterpart_or_a_reason() {
        let engine = &*ENGINE;
        let text = include_str!("../../../checks/secrets/coverage.tsv");
        let mut problems = Vec::new();
        let mut gitleaks = std::collections::HashSet::new();
        for (n, line) in text.lines().filter(|l| !l.starts_with('#')).enumerate() {
            let cols: Vec<&str> = line.split('\t').collect();
            let [source, upstream, counterpart, example, note] = cols[..] else {
                problems.push(format!("line {n}: five columns expected: {line}"));
                continue;
            };
            if source == "gitleaks" && !gitleaks.insert(upstream) {
                problems.push(format!("{upstream}: listed twice"));
            }
            if counterpart == "-" {
                if note.len() < 20 {
                    problems.push(format!("{upstream}: no counterpart and no reason"));
                }
                continue;
            }
            if engine.rule(counterpart).is_none() {
                problems.push(format!("{upstream}: no rule {counterpart}"));
                continue;
            }
            if !example.is_empty() {
                let text = engine::expand_example(example, upstream);
                let (path, text) = split_example(&text, "src/app.py");
                let hits = engine.scan(text.as_bytes(), path, false);
                if !hits
                    .iter()
                    .any(|h| engine.rules()[h.rule].spec.id == counterpart)
                {
                    problems.push(format!("{upstream}: {counterpart} does not find {text}"));
                }
            }
        }
        // gitleaks' default configuration had 222 rules when this table was written.
        assert!(gitleaks.len() >= 222, "{}", gitleaks.len());
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn rule_set_is_large_unique_and_documented() {
        let engine = &*ENGINE;
        assert!(engine.rules().len() >= 150, "{}", engine.rules().len());
        let mut ids: Vec<&str> = engine.rules().iter().map(|r| r.spec.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule ids");
        for r in engine.rules() {
            assert!(r.spec.true_positives.len() >= 2, "{}", r.spec.id);
            assert!(!r.spec.false_positives.is_empty(), "{}", r.spec.id);
            assert!(!r.spec.description.is_empty() && !r.spec.kind.is_empty());
            if !r.is_path_only() {
                assert!(
                    !r.spec.keywords.is_empty(),
                    "{}: content rules need keywords for the prefilter",
                    r.spec.id
                );
                for kw in &r.spec.keywords {
                    assert_eq!(
                        kw,
                        &kw.to_ascii_lowercase(),
                        "{}: keywords are lowercase",
                        r.spec.id
                    );
                }
            }
        }
    }

    #[test]
    fn documented_example_keys_are_info_only() {
        let hits = scan_buffer(
            &ENGINE,
            b"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            "config",
            FileKind::empty(),
        );
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert!(hits.iter().all(|h| h.severity == Severity::Info));
        assert!(hits.iter().all(|h| h.note.is_some()));
        // The OAuth RFCs' examples, as a library's docstring quotes them.
        let docstring = b"    For example::\n\n        {\n        \"access_token\":\"2YotnFZFEjr1zCsicMWpAA\",\n        \"refresh_token\":\"tGzv3JOkF0XG5Qx2TlKWIA\",\n        }\n        Authorization: OAuth realm=\"Example\",\n            oauth_token=\"ad180jjd733klru7\",\n";
        let hits = scan_buffer(&ENGINE, docstring, "oauth/parameters.py", FileKind::empty());
        assert_eq!(hits.len(), 3, "{hits:?}");
        assert!(
            hits.iter().all(|h| h.severity == Severity::Info),
            "{hits:?}"
        );
    }

    #[test]
    fn secrets_never_enter_the_hit() {
        let token = engine::expand_example("ghp_{an:36}", "never");
        let hits = scan_buffer(&ENGINE, token.as_bytes(), "a", FileKind::empty());
        assert_eq!(hits.len(), 1);
        let debug = format!("{hits:?}");
        assert!(!debug.contains(&token[4..]), "{debug}");
        assert!(!debug.contains(&token[8..30]));
    }

    #[test]
    fn traps_are_not_reported() {
        let traps = [
            // package-lock integrity and resolved hashes
            "\"integrity\": \"sha512-Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9wbHVnaHh5enp5Zm9vYmFy==\",",
            // git SHAs and checksums
            "commit_sha = \"3f786850e387550fdab836ed7e6dc881de23001b\"",
            "sha256_checksum: \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"",
            // UUIDs
            "api_token_id = \"123e4567-e89b-12d3-a456-426614174000\"",
            // a public key
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host",
            // references, not values
            "password = os.environ[\"DB_PASSWORD\"]",
            "token: ${{ secrets.DEPLOY_TOKEN }}",
            // a form's validation rules for the field
            "            'password' => 'required|confirmed|min:8',",
            "            'password' => ['required', 'string'], 'token' => 'required|string|size:64',",
        ];
        for trap in traps {
            let hits = scan_buffer(&ENGINE, trap.as_bytes(), "src/app.py", FileKind::empty());
            assert!(hits.is_empty(), "{trap}: {hits:?}");
        }
        let lock = "\"integrity\": \"sha512-q8Zr2Lp0Xv7Nw3TyQ8Zr2Lp0Xv7Nw3Ty==\", \"token\": \"q8Zr2Lp0Xv7Nw3Ty5\"";
        let hits = scan_buffer(
            &ENGINE,
            lock.as_bytes(),
            "package-lock.json",
            FileKind::LOCKFILE,
        );
        assert!(hits.is_empty(), "{hits:?}");
    }

    /// A Firebase web app's configuration, a documentation search's key and a Sentry DSN (the
    /// ingest key in the browser code of every app that reports its errors) are public by
    /// design: info, with why; the same keys elsewhere are not.
    #[test]
    fn keys_public_by_design() {
        let gcp = engine::expand_example("AIza{b64u:35}", "firebase");
        let algolia = engine::expand_example("{hex:32}", "docsearch");
        let dsn = engine::expand_example("{hex:32}", "sentry-public");
        let sentry = format!(
            "Sentry.init({{\n  dsn: \"https://{dsn}@o1234567.ingest.sentry.io/7654321\",\n}});\n"
        );
        let firebase = format!("VITE_APP_FIREBASE_CONFIG='{{\"apiKey\":\"{gcp}\",\"authDomain\":\"app.firebaseapp.com\",\"projectId\":\"app\"}}'\n");
        let docusaurus = format!("      algolia: {{\n        appId: \"8FEAOD28DI\",\n        apiKey: \"{algolia}\",\n        indexName: \"app\",\n      }},\n");
        let docsearch = format!(
            "<script>docsearch({{\n  apiKey: '{algolia}',\n  indexName: 'app',\n}});</script>\n"
        );
        for (text, path) in [
            (&firebase, ".env.production"),
            (&docusaurus, "docs/docusaurus.config.js"),
            (&docsearch, "docs/_templates/sidebar.html"),
            (&sentry, "app/sentry.ts"),
        ] {
            let hits = scan_buffer(&ENGINE, text.as_bytes(), path, FileKind::empty());
            assert_eq!(hits.len(), 1, "{text}: {hits:?}");
            assert_eq!(hits[0].severity, Severity::Info, "{text}");
            assert!(hits[0]
                .note
                .as_deref()
                .is_some_and(|n| n.contains("public by design")));
        }
        let server = format!("GOOGLE_API_KEY={gcp}\nconst apiKey = \"{algolia}\";\n");
        let hits = scan_buffer(
            &ENGINE,
            server.as_bytes(),
            "src/server.js",
            FileKind::empty(),
        );
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert!(hits.iter().all(|h| h.severity > Severity::Info), "{hits:?}");
        // An Algolia admin key beside an index name is no search-only key.
        let indexer =
            format!("const algolia = {{ indexName: \"app\", adminApiKey: \"{algolia}\" }};\n");
        let hits = scan_buffer(
            &ENGINE,
            indexer.as_bytes(),
            "scripts/index.js",
            FileKind::empty(),
        );
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].severity > Severity::Info, "{hits:?}");
    }

    /// The legacy form of a Sentry DSN carries the secret key after the public one: a finding,
    /// on the secret key (the DSN itself is public by design, see above).
    #[test]
    fn a_sentry_dsn_secret_key_is_a_finding() {
        let key = engine::expand_example("{hex:32}", "sentry-public");
        let secret = engine::expand_example("{hex:32}", "sentry-secret");
        let legacy = format!("SENTRY_DSN=https://{key}:{secret}@sentry.io/12345\n");
        let hits = scan_buffer(&ENGINE, legacy.as_bytes(), ".env", FileKind::empty());
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].severity, Severity::Low, "{hits:?}");
        assert_eq!(hits[0].rule, "sentry-dsn-secret");
    }

    /// A value with a `|` that is not a list of validation rules is still a password.
    #[test]
    fn a_password_with_a_bar_is_a_password() {
        let hits = scan_buffer(
            &ENGINE,
            b"            'password' => 'Kq7|zW3pLx9|mN2vR',\n",
            "src/Auth.php",
            FileKind::empty(),
        );
        assert_eq!(hits.len(), 1, "{hits:?}");
    }

    #[test]
    fn a_long_minified_line_is_scanned_in_place() {
        let token = engine::expand_example("ghp_{an:36}", "minified");
        let mut buf = Vec::with_capacity(5 * 1024 * 1024 + 100);
        while buf.len() < 5 * 1024 * 1024 {
            buf.extend_from_slice(b"var a=function(b){return b.token+b.secret_key};");
        }
        buf.extend_from_slice(format!("var t=\"{token}\";").as_bytes());
        let hits = scan_buffer(&ENGINE, &buf, "dist/app.min.js", FileKind::empty());
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].line, 1);
        assert_eq!(hits[0].rule, "github-pat-classic");
    }
}
