//! The detection engine: rules as data (`checks/secrets/rules.toml`), compiled once per run.
//! A rule's regexes are checked then but built on first use: a tree sets off only some rules.
//!
//! Scanning a buffer is one keyword pass ([`Keywords`]: the rules' keywords, ASCII
//! case-insensitive, as one Aho-Corasick DFA, plus `memchr` for one-byte keywords); only the
//! rules whose keywords occurred then run their regex, on the same buffer (no copy, whatever its
//! size). Every candidate then goes through the entropy gate, the
//! rule's own allow-list and the placeholder filter; what survives becomes a [`RawHit`] that
//! carries the secret's fingerprint and redacted form, never the secret itself.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};
use regex_automata::util::captures::Captures;
use regex_automata::{meta, Input};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::Severity;

/// The built-in rules, as shipped.
pub const RULES_TOML: &str = include_str!("../../../checks/secrets/rules.toml");

/// The same rules as JSON, made from the TOML by the build script (`src/build.rs`): what an
/// audit reads.
const RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

/// The marker that suppresses a finding on its line.
pub const INLINE_ALLOW: &[u8] = b"diligence:allow";

/// Documented example credentials (vendor docs, SDK test suites, the examples of the OAuth
/// RFCs, which every OAuth library quotes in its docstrings). Reported as info, never higher:
/// they are public and grant nothing, but their presence is worth a glance.
const DOCUMENTED_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "ASIAIOSFODNN7EXAMPLE",
    // jwt.io's sample token (HS256, "John Doe"), quoted by every JWT tutorial: its signature.
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    // RFC 6749 (OAuth 2.0): tokens, code, client credentials; RFC 6750: the bearer token.
    "2YotnFZFEjr1zCsicMWpAA",
    "tGzv3JOkF0XG5Qx2TlKWIA",
    "SplxlOBeZQQYbYS6WxSbIA",
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
    "gX1fBat3bV",
    "SlAV32hkKG",
    "adijq39jdlaska9asud",
    "mF_9.B5f-4.1JqM",
    // RFC 5849 (OAuth 1.0): client, temporary and token credentials, signatures.
    "dpf43f3p2l4k3l03",
    "kd94hf93k423kf44",
    "hh5s93j4hdidpola",
    "hdk48Djdsa",
    "nnch734d00sl2jdk",
    "pfkkdhi9sl3r4s00",
    "9djdj82h48djs9d2",
    "kkk9d7dh3k39sjv7",
    "0685bd9184jfhq22",
    "ad180jjd733klru7",
    "tR3+Ty81lMeYAr/Fid0kMTYa/WM=",
    "MdpQcU8iPSUjWoN/UDMsK2sui9I=",
    "bYT5CMsGcbgUdFHObYMEfcx6bsw%3D",
    "wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",
];

/// Substrings (lowercase) that mark a value as a placeholder rather than a credential.
const PLACEHOLDER_MARKS: &[&str] = &[
    "example",
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "change_this",
    "change-this",
    "be-changed",
    "be_changed",
    "placeholder",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpass",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "%(",
    "xxxx",
    "****",
    "...",
    "dummy",
    "redacted",
    "insert_",
    "insert-",
    "replace_",
    "replace-",
    "replaceme",
    "notreal",
    "not_real",
    "not-a-real",
];

/// Marks that only make a short value a placeholder: long random data (a key body in base64)
/// contains runs such as `AAAAAA` naturally.
const SHORT_PLACEHOLDER_MARKS: &[&str] =
    &["fake", "sample", "abcdefgh", "12345678", "000000", "aaaaaa"];

/// Values at least this long are checked against [`PLACEHOLDER_MARKS`] only.
const LONG_SECRET: usize = 64;

/// One rule as written in `rules.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable kebab-case id, used as the finding's rule.
    pub id: String,
    /// What the rule finds, as a noun phrase ("AWS secret access key").
    pub description: String,
    /// The family label used in the summary ("AWS", "GitHub", "private key").
    pub kind: String,
    /// Literal keywords (any case); the regex runs only when one occurs. Empty: always runs.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The pattern (bytes, ASCII mode). `None` for a rule about file names only.
    #[serde(default)]
    pub regex: Option<String>,
    /// The capture group holding the secret (default: 1 when the regex has groups, else 0).
    #[serde(default)]
    pub secret_group: Option<usize>,
    /// Shannon entropy floor (bits per byte) of the secret.
    #[serde(default)]
    pub entropy: f64,
    /// Minimum secret length.
    #[serde(default)]
    pub min_len: usize,
    /// How serious a hit is.
    pub severity: Severity,
    /// File-name globs: with a regex, the regex runs only in these files; without, a file with
    /// such a name is itself a secret.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes on the secret that mark a known-harmless value.
    #[serde(default)]
    pub allow: Vec<String>,
    /// A generic rule (assignment of a high-entropy value to a secret-sounding name): loses to
    /// any specific rule on the same span, skips lockfiles, and drops hashes and ids.
    #[serde(default)]
    pub generic: bool,
    /// File types the regex runs on (`env`, `shell`, `yaml`, `properties`, `ini`, `toml`,
    /// `json`, `xml`, `code`, `docs`, `other`, or `config` for the first six). Empty: all.
    #[serde(default)]
    pub files: Vec<String>,
    /// File types the regex never runs on (`locale`: translation files, whose values are UI
    /// text).
    #[serde(default)]
    pub not_files: Vec<String>,
    /// For a rule with a `name` group: the words that make a key name secret-sounding, matched
    /// on the name's segments (snake, kebab, dotted, camel and Pascal case) and at its end
    /// (`db_password`, `apiKey`, `SECRET_KEY_BASE`; not `passive`, `password_min_length`).
    #[serde(default)]
    pub key_words: Vec<String>,
    /// How sure a hit is a credential: `high` for a provider format with a fixed prefix or a
    /// checksum, `medium` for a keyed assignment, `low` for a generic shape. Default: `medium`
    /// for generic rules and rules written with `{assign}`, else `high`.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// An identifier rule whose hits are credentials only with a hit of this rule within 20
    /// lines (an AWS access key ID and its secret key); alone, a hit is low and low-confidence.
    #[serde(default)]
    pub pair: Option<String>,
    /// `basic`: the secret is the base64 of `user:password` (an HTTP Basic header); decoded,
    /// a placeholder password or one equal to the user name is not a finding.
    #[serde(default)]
    pub decode: Option<String>,
    /// Where a hit is a key that is public by design (a Firebase web app's configuration, the
    /// search-only key of a documentation search): reported as info, with the context's note.
    #[serde(default)]
    pub public_when: Vec<PublicContext>,
    /// Strings the rule must find (`{an:36}`-style holes are filled at test time).
    pub true_positives: Vec<String>,
    /// Strings the rule must not find.
    pub false_positives: Vec<String>,
}

/// A context that makes a rule's hit a key that is public by design ([`RuleSpec::public_when`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicContext {
    /// Words (lowercase) that must all occur, in any case, within [`PUBLIC_CONTEXT_BYTES`]
    /// before or after the hit.
    pub near: Vec<String>,
    /// Words (lowercase) none of which may occur there (an Algolia admin key beside an index
    /// name is no search-only key).
    #[serde(default)]
    pub not_near: Vec<String>,
    /// Why such a key is public, for the finding.
    pub note: String,
}

/// How far around a hit [`PublicContext::near`] looks: a configuration object's few lines.
const PUBLIC_CONTEXT_BYTES: usize = 300;

/// Whether every word of a context occurs around the hit at `start..end`.
fn in_context(content: &[u8], start: usize, end: usize, context: &PublicContext) -> bool {
    let from = start.saturating_sub(PUBLIC_CONTEXT_BYTES);
    let to = (end + PUBLIC_CONTEXT_BYTES).min(content.len());
    let around = content[from..to].to_ascii_lowercase();
    let has = |w: &String| memchr::memmem::find(&around, w.as_bytes()).is_some();
    context.near.iter().all(has) && !context.not_near.iter().any(has)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<RuleSpec>,
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// Its definition.
    pub spec: RuleSpec,
    regex: Option<RuleRegex>,
    /// What the regex's capture groups are, read from its syntax when the rule is checked,
    /// else from the built regex.
    shape: OnceLock<Shape>,
    paths: Option<LazyGlobs>,
    allow: Vec<LazyRegex>,
    files: u16,
    not_files: u16,
    /// Order among hits on the same span: specific rules first, then file-scoped generic
    /// rules, then the others.
    priority: u8,
}

impl Rule {
    /// How sure a hit of this rule is a credential, before adjustments.
    #[must_use]
    pub fn confidence(&self) -> Confidence {
        self.spec
            .confidence
            .unwrap_or(if self.spec.generic || self.shape().assignment {
                Confidence::Medium
            } else {
                Confidence::High
            })
    }

    /// The capture groups' roles, read from the built regex: a checked rule's when it was
    /// compiled, a trusted one's (the built-in rules, checked by a test) at its first match.
    fn shape(&self) -> Shape {
        *self.shape.get_or_init(|| {
            let names: Vec<Option<&str>> = self
                .regex
                .as_ref()
                .map(|re| {
                    re.get()
                        .regex
                        .group_info()
                        .pattern_names(regex_automata::PatternID::ZERO)
                        .collect()
                })
                .unwrap_or_default();
            Shape::of(&self.spec, &names)
                .expect("a built-in rule's groups are valid (every_rule_is_checked)")
        })
    }

    fn runs_on(&self, ftype: u16) -> bool {
        (self.files == 0 || self.files & ftype != 0) && self.not_files & ftype == 0
    }

    /// Whether this rule is only about file names.
    #[must_use]
    pub fn is_path_only(&self) -> bool {
        self.regex.is_none()
    }

    fn path_matches(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.paths.as_ref().is_none_or(|globs| {
            let set = globs.get();
            set.is_match(name) || set.is_match(path)
        })
    }
}

/// A rule's path globs, parsed when the rule is compiled and made into a set (a regex) when a
/// rule first runs: most rules never run on a given tree.
#[derive(Debug)]
struct LazyGlobs {
    globs: Vec<Glob>,
    set: OnceLock<GlobSet>,
}

impl LazyGlobs {
    fn new(globs: Vec<Glob>) -> Self {
        LazyGlobs {
            globs,
            set: OnceLock::new(),
        }
    }

    /// The set; `Err` only when the globs' regex is too large (checked rules are built when
    /// they are compiled, the built-in ones by the tests).
    fn build(&self) -> Result<&GlobSet, globset::Error> {
        if let Some(set) = self.set.get() {
            return Ok(set);
        }
        let mut b = GlobSetBuilder::new();
        for g in &self.globs {
            b.add(g.clone());
        }
        let set = b.build()?;
        Ok(self.set.get_or_init(|| set))
    }

    fn get(&self) -> &GlobSet {
        self.build()
            .expect("a rule's path globs make a set (every_rule_is_checked builds them)")
    }
}

/// A secret found in a buffer. The secret itself is not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHit {
    /// Index of the rule in the engine.
    pub rule: usize,
    /// Byte offset of the secret.
    pub start: usize,
    /// Byte offset just past the secret.
    pub end: usize,
    /// 1-based line of the secret's start.
    pub line: u32,
    /// Hash of the secret (same secret, same fingerprint, wherever it is).
    pub fingerprint: String,
    /// At most the first and last 4 characters of a long secret, nothing of a short one.
    pub redacted: String,
    /// The severity, after downgrades (documented example keys are info).
    pub severity: Severity,
    /// Set when the line carries `diligence:allow`.
    pub inline_allowed: bool,
    /// Why the severity was lowered, if it was.
    pub note: Option<Cow<'static, str>>,
    /// How sure the hit is a credential.
    pub confidence: Confidence,
}

/// How sure a hit is a credential (ordered: low < medium < high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A generic shape (a JWT, a bearer header, a weak keyed value, an identifier alone).
    Low,
    /// A keyed assignment with entropy, a connection string with a password.
    Medium,
    /// A provider format with a fixed prefix or a checksum, a private key.
    High,
}

impl Confidence {
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// The compiled rule set.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
    keywords: Keywords,
    /// Content rules without keywords (always run).
    unconditional: Vec<usize>,
    /// The rules about file names only.
    path_rules: Vec<usize>,
    /// Their globs in one set (a file's name and path are each matched once, not once per
    /// rule), and the rule of each glob; made when first needed (after the walk).
    path_globs: OnceLock<(GlobSet, Vec<usize>)>,
}

/// The built-in engine, compiled on first use and shared by every thread. Its rules are
/// trusted: a test compiles the same file checked (`every_rule_is_checked`: every regex and
/// glob set built, every rule's groups read), so that an audit, which compiles the rules before
/// its walk starts, builds a rule's regex only when the rule first runs.
pub static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let file: RuleFile = serde_json::from_str(RULES_JSON).expect("rules.toml is valid (tested)");
    Engine::compile_all(file.rules, Checking::Trusted).expect("rules.toml is valid (tested)")
});

/// Problems in a rule file, one line each, naming the rule.
pub type RuleErrors = Vec<String>;

impl Engine {
    /// Compiles a rule file.
    ///
    /// # Errors
    /// Every invalid rule, by id.
    pub fn from_toml(text: &str) -> Result<Self, RuleErrors> {
        let file: RuleFile = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
        Self::new(file.rules)
    }

    /// Compiles rules.
    ///
    /// # Errors
    /// Every invalid rule, by id.
    pub fn new(specs: Vec<RuleSpec>) -> Result<Self, RuleErrors> {
        Self::compile_all(specs, Checking::Checked)
    }

    fn compile_all(specs: Vec<RuleSpec>, checking: Checking) -> Result<Self, RuleErrors> {
        let mut errors = Vec::new();
        let mut rules = Vec::with_capacity(specs.len());
        let mut by_id = HashMap::new();
        for spec in specs {
            if by_id.insert(spec.id.clone(), rules.len()).is_some() {
                errors.push(format!("{}: duplicate rule id", spec.id));
            }
            match compile(spec, checking) {
                Ok(rule) => rules.push(rule),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut keywords: Vec<(String, Vec<usize>)> = Vec::new();
        let mut unconditional = Vec::new();
        let mut path_rules = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.is_path_only() {
                path_rules.push(i);
                continue;
            }
            if rule.spec.keywords.is_empty() {
                unconditional.push(i);
            }
            for kw in &rule.spec.keywords {
                let kw = kw.to_ascii_lowercase();
                if kw.is_empty() {
                    // Occurs in every buffer.
                    unconditional.push(i);
                    continue;
                }
                match keywords.iter_mut().find(|(k, _)| *k == kw) {
                    Some((_, users)) if users.contains(&i) => {}
                    Some((_, users)) => users.push(i),
                    None => keywords.push((kw, vec![i])),
                }
            }
        }
        unconditional.dedup();
        let keywords = Keywords::new(keywords).map_err(|e| vec![format!("keywords: {e}")])?;
        let engine = Engine {
            rules,
            by_id,
            keywords,
            unconditional,
            path_rules,
            path_globs: OnceLock::new(),
        };
        if checking == Checking::Checked {
            engine
                .path_globs()
                .map_err(|e| vec![format!("paths: {e}")])?;
        }
        Ok(engine)
    }

    /// The path-only rules' globs as one set, and the rule of each glob.
    fn path_globs(&self) -> Result<&(GlobSet, Vec<usize>), globset::Error> {
        if let Some(built) = self.path_globs.get() {
            return Ok(built);
        }
        let mut globs = GlobSetBuilder::new();
        let mut rules = Vec::new();
        for &i in &self.path_rules {
            for glob in self.rules[i].paths.iter().flat_map(|p| &p.globs) {
                globs.add(glob.clone());
                rules.push(i);
            }
        }
        let built = (globs.build()?, rules);
        Ok(self.path_globs.get_or_init(|| built))
    }

    /// Every rule, in file order.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    #[must_use]
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// The path-only rules that a file at `path` matches (the file is itself a secret).
    pub fn path_hits<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        let (set, rules) = self
            .path_globs()
            .expect("the path rules' globs make a set (every_rule_is_checked builds them)");
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut hits: Vec<usize> = Vec::new();
        for candidate in [name, path] {
            let candidate = globset::Candidate::new(candidate);
            if set.is_match_candidate(&candidate) {
                hits.extend(
                    set.matches_candidate(&candidate)
                        .into_iter()
                        .map(|g| rules[g]),
                );
            }
        }
        // In file order, each rule once.
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(move |i| &self.rules[i])
    }

    /// Scans one buffer. `path` selects path-restricted rules; `lockfile` turns generic rules
    /// off (integrity hashes are not secrets). Hits are sorted by offset.
    #[must_use]
    pub fn scan(&self, content: &[u8], path: &str, lockfile: bool) -> Vec<RawHit> {
        self.scan_inner(content, self.triggered(content), path, lockfile, None)
    }

    /// Scans one buffer as [`Engine::scan`] does, with the rules whose keywords occur in the
    /// byte ranges `near` of it (and the rules paired with those: an identifier's secret is
    /// looked for wherever the identifier's rule runs). A rule's keyword is part of what its
    /// pattern matches, so the rules that can match across a range are all run; the rest of
    /// the buffer is context for their matches and filters.
    #[must_use]
    pub fn scan_near(
        &self,
        content: &[u8],
        near: &[(usize, usize)],
        path: &str,
        lockfile: bool,
    ) -> Vec<RawHit> {
        let mut triggered = vec![false; self.rules.len()];
        for &(a, b) in near {
            self.keywords.mark(&content[a..b], &mut triggered);
        }
        for &r in &self.unconditional {
            triggered[r] = true;
        }
        for r in 0..triggered.len() {
            if triggered[r] {
                if let Some(&pair) = self.rules[r]
                    .spec
                    .pair
                    .as_ref()
                    .and_then(|p| self.by_id.get(p))
                {
                    triggered[pair] = true;
                }
            }
        }
        self.scan_inner(content, triggered, path, lockfile, None)
    }

    /// Runs one rule alone (keywords, regex and every filter, no competition with other
    /// rules): what the rule-example tests use.
    #[must_use]
    pub fn scan_one(&self, rule_id: &str, content: &[u8], path: &str) -> Vec<RawHit> {
        match self.by_id.get(rule_id) {
            Some(&i) => self.scan_inner(content, self.triggered(content), path, false, Some(i)),
            None => Vec::new(),
        }
    }

    fn scan_inner(
        &self,
        content: &[u8],
        triggered: Vec<bool>,
        path: &str,
        lockfile: bool,
        only: Option<usize>,
    ) -> Vec<RawHit> {
        if !triggered.iter().any(|&t| t) {
            return Vec::new();
        }
        let ftype = file_type(path);
        let mut hits: Vec<RawHit> = Vec::new();
        LOWERED.with_borrow_mut(|buf| {
            self.run_rules(
                content, &triggered, path, ftype, lockfile, only, buf, &mut hits,
            );
            // Keep the buffer's capacity for the next file unless it was large: each thread of
            // the history passes keeps its own for the whole pass.
            if buf.capacity() > 1024 * 1024 {
                *buf = Vec::new();
            }
        });
        if hits.is_empty() {
            return hits;
        }
        // A specific rule beats a generic one on the same span; the same span is one hit.
        hits.sort_by_key(|h| (h.start, self.rules[h.rule].priority, h.rule));
        let mut kept: Vec<RawHit> = Vec::with_capacity(hits.len());
        for hit in hits {
            let overlaps = kept.iter().rev().take(8).any(|k| {
                k.start < hit.end
                    && hit.start < k.end
                    && (self.rules[hit.rule].spec.generic || k.fingerprint == hit.fingerprint)
            });
            if !overlaps {
                kept.push(hit);
            }
        }
        assign_lines(content, &mut kept);
        self.apply_pairs(&mut kept);
        kept
    }

    /// Runs the triggered rules that apply to the file over `content`, adding their hits.
    /// `buf`: the thread's buffer for the file in lower case.
    #[allow(clippy::too_many_arguments)]
    fn run_rules(
        &self,
        content: &[u8],
        triggered: &[bool],
        path: &str,
        ftype: u16,
        lockfile: bool,
        only: Option<usize>,
        buf: &mut Vec<u8>,
        hits: &mut Vec<RawHit>,
    ) {
        let mut lower = Lowered {
            content,
            buf,
            ready: false,
        };
        for (i, rule) in self.rules.iter().enumerate() {
            if !triggered[i]
                || only.is_some_and(|o| o != i)
                || (lockfile && rule.spec.generic)
                || !rule.runs_on(ftype)
                || !rule.path_matches(path)
            {
                continue;
            }
            let Some(regex) = &rule.regex else { continue };
            regex.get().each_match(content, &mut lower, |caps| {
                if let Some(m) = caps.get_group(rule.shape().group) {
                    if let Some(hit) = judge(i, rule, content, caps, m.start, m.end, ftype) {
                        hits.push(hit);
                    }
                }
                hits.len() < MAX_HITS_PER_BUFFER
            });
        }
    }

    /// For each rule, whether it runs on `content`: one of its keywords occurs in it (ASCII
    /// case-insensitive), or it has none.
    fn triggered(&self, content: &[u8]) -> Vec<bool> {
        let mut triggered = vec![false; self.rules.len()];
        self.keywords.mark(content, &mut triggered);
        for &r in &self.unconditional {
            triggered[r] = true;
        }
        triggered
    }

    /// [`Engine::triggered`] with each keyword automaton: the NFA, then the DFA.
    #[cfg(test)]
    fn triggered_each(&self, content: &[u8]) -> [Vec<bool>; 2] {
        let mut base = vec![false; self.rules.len()];
        self.keywords.mark_bytes(content, &mut base);
        for &r in &self.unconditional {
            base[r] = true;
        }
        let (mut by_nfa, mut by_dfa) = (base.clone(), base);
        if let Some(nfa) = &self.keywords.nfa {
            self.keywords.mark_with(nfa, content, &mut by_nfa);
            let dfa = self.keywords.built_dfa();
            self.keywords.mark_with(dfa, content, &mut by_dfa);
        }
        [by_nfa, by_dfa]
    }

    /// An identifier (an AWS access key ID) without its secret within 20 lines is not a
    /// credential on its own: low severity, low confidence.
    fn apply_pairs(&self, hits: &mut [RawHit]) {
        let alone: Vec<usize> = (0..hits.len())
            .filter(|&i| {
                let Some(pair) = &self.rules[hits[i].rule].spec.pair else {
                    return false;
                };
                hits[i].severity != Severity::Info
                    && !hits.iter().any(|h| {
                        self.rules[h.rule].spec.id == *pair && h.line.abs_diff(hits[i].line) <= 20
                    })
            })
            .collect();
        for i in alone {
            hits[i].severity = hits[i].severity.min(Severity::Low);
            hits[i].confidence = Confidence::Low;
            hits[i].note = Some(Cow::Borrowed(
                "an identifier without its secret key nearby, not a credential on its own",
            ));
        }
    }
}

/// The keyword pass: which keywords occur in a buffer, found with the least work per byte.
///
/// Every keyword that occurs anywhere must be seen, also inside or across another keyword's
/// occurrence (`aws` inside `aws_secret`, `xoxe-` beside `xoxe.xox`), so the search is an
/// overlapping one; to keep it cheap:
/// - a keyword is dropped when a shorter keyword inside it triggers every rule it triggers
///   (wherever the longer one occurs, the shorter one does);
/// - one-byte keywords (`:`) are looked for with `memchr`, which stops at the first occurrence,
///   instead of being a match at every colon of the buffer;
/// - the others are one Aho-Corasick DFA (one table look-up per byte), and the search stops
///   as soon as every keyword has been seen; until a thread of its own has built the DFA (2 ms,
///   which the walk would otherwise wait for), an NFA of the same keywords (built in a third of
///   that, a little slower per byte) is searched instead;
/// - a long buffer is searched in two lanes, its two halves side by side in one loop: each
///   byte's look-up waits on the one before it (the table is larger than the fastest cache),
///   and two independent chains of look-ups wait together instead of in turn.
#[derive(Debug)]
struct Keywords {
    /// The multi-byte keywords (lowercase, matched ASCII case-insensitively), as an NFA: built
    /// in about a third of the DFA's time, and searched until the DFA is built.
    nfa: Option<contiguous::NFA>,
    /// The same automaton as a DFA, built on a thread of its own (the keyword pass is the
    /// first thing every file's scan does, and the walk waits for the rules before it starts).
    dfa: Arc<OnceLock<DFA>>,
    /// Automaton pattern → the rules it triggers.
    automaton_rules: Vec<Vec<usize>>,
    /// One-byte keywords: the byte in lower and upper case, and the rules it triggers.
    bytes: Vec<(u8, u8, Vec<usize>)>,
}

impl Keywords {
    /// `keywords`: each distinct lowercase keyword with the rules that list it.
    fn new(keywords: Vec<(String, Vec<usize>)>) -> Result<Self, aho_corasick::BuildError> {
        // The cheap tests first: of the hundreds of keyword pairs, few share their rules.
        let implied = |k: &str, users: &[usize]| {
            keywords.iter().any(|(shorter, by)| {
                shorter.len() < k.len()
                    && users.iter().all(|u| by.contains(u))
                    && k.contains(shorter.as_str())
            })
        };
        let kept: Vec<(String, Vec<usize>)> = keywords
            .iter()
            .filter(|(k, users)| !implied(k, users))
            .cloned()
            .collect();
        let mut patterns = Vec::new();
        let mut automaton_rules = Vec::new();
        let mut bytes = Vec::new();
        for (k, users) in kept {
            if let [b] = k.as_bytes() {
                bytes.push((*b, b.to_ascii_uppercase(), users));
            } else {
                patterns.push(k);
                automaton_rules.push(users);
            }
        }
        let dfa = Arc::new(OnceLock::new());
        let nfa = if patterns.is_empty() {
            None
        } else {
            let nfa = contiguous::NFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(&patterns)?;
            // Where no thread can be made, the NFA is searched throughout (the same matches).
            let built = Arc::clone(&dfa);
            let _ = std::thread::Builder::new()
                .name("keywords".into())
                .spawn(move || {
                    // The same patterns and options as the NFA, which built: this builds too.
                    if let Ok(dfa) = DFA::builder()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::Standard)
                        .prefilter(false)
                        .build(&patterns)
                    {
                        let _ = built.set(dfa);
                    }
                });
            Some(nfa)
        };
        Ok(Keywords {
            nfa,
            dfa,
            automaton_rules,
            bytes,
        })
    }

    /// Sets `triggered[r]` for every rule `r` one of whose keywords occurs in `content`.
    fn mark(&self, content: &[u8], triggered: &mut [bool]) {
        self.mark_bytes(content, triggered);
        match (self.dfa.get(), &self.nfa) {
            (Some(dfa), _) => self.mark_with(dfa, content, triggered),
            (None, Some(nfa)) => self.mark_with(nfa, content, triggered),
            (None, None) => {}
        }
    }

    /// The one-byte keywords' part of [`Keywords::mark`].
    fn mark_bytes(&self, content: &[u8], triggered: &mut [bool]) {
        for (lower, upper, users) in &self.bytes {
            let found = if lower == upper {
                memchr::memchr(*lower, content).is_some()
            } else {
                memchr::memchr2(*lower, *upper, content).is_some()
            };
            if found {
                for &r in users {
                    triggered[r] = true;
                }
            }
        }
    }

    /// The DFA, once its thread has built it.
    #[cfg(test)]
    fn built_dfa(&self) -> &DFA {
        let waited = std::time::Instant::now();
        loop {
            if let Some(dfa) = self.dfa.get() {
                return dfa;
            }
            assert!(
                waited.elapsed().as_secs() < 60,
                "the keywords' DFA is not built"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// [`Keywords::mark`]'s search for the multi-byte keywords, with `dfa`: the DFA or the NFA
    /// (the same states and matches; the NFA's step may follow failure transitions).
    fn mark_with(&self, dfa: &impl Automaton, content: &[u8], triggered: &mut [bool]) {
        let Ok(start) = dfa.start_state(Anchored::No) else {
            return;
        };
        let mut seen = vec![false; self.automaton_rules.len()];
        let mut unseen = seen.len();
        // Every keyword that ends at a state where the search is: all of them, as the
        // overlapping search reports them. Whether every keyword has now been seen.
        let mut record = |sid: StateID| {
            if dfa.is_match(sid) {
                for k in 0..dfa.match_len(sid) {
                    let p = dfa.match_pattern(sid, k).as_usize();
                    if !seen[p] {
                        seen[p] = true;
                        unseen -= 1;
                        for &r in &self.automaton_rules[p] {
                            triggered[r] = true;
                        }
                    }
                }
            }
            unseen == 0
        };
        // The second lane starts `overlap` bytes before the first one's end, so that a keyword
        // that ends after the first lane's end starts inside the second lane; a keyword inside
        // the overlap is seen twice, and counted once.
        let overlap = dfa.max_pattern_len().saturating_sub(1);
        let (first, second) = if content.len() >= TWO_LANES {
            let cut = (content.len() + overlap) / 2;
            (&content[..cut], &content[cut.saturating_sub(overlap)..])
        } else {
            (&[][..], content)
        };
        let (mut a, mut b) = (start, start);
        for (&x, &y) in first.iter().zip(second) {
            a = dfa.next_state(Anchored::No, a, x);
            b = dfa.next_state(Anchored::No, b, y);
            if (dfa.is_special(a) || dfa.is_special(b)) && (record(a) | record(b)) {
                return;
            }
        }
        for &y in &second[first.len()..] {
            b = dfa.next_state(Anchored::No, b, y);
            if dfa.is_special(b) && record(b) {
                return;
            }
        }
    }
}

/// Buffers at least this long are searched in two lanes ([`Keywords`]).
const TWO_LANES: usize = 256;

/// Applies the filters to one candidate.
fn judge(
    rule_index: usize,
    rule: &Rule,
    content: &[u8],
    caps: &Captures,
    start: usize,
    end: usize,
    ftype: u16,
) -> Option<RawHit> {
    let secret = &content[start..end];
    let spec = &rule.spec;
    if secret.len() < spec.min_len.max(1) {
        return None;
    }
    let mut severity = spec.severity;
    let mut confidence = rule.confidence();
    let mut note = None;
    let text = String::from_utf8_lossy(secret);
    if DOCUMENTED_EXAMPLES.iter().any(|e| text.contains(e)) {
        severity = Severity::Info;
        confidence = Confidence::Low;
        note = Some(Cow::Borrowed("a documented example key"));
    } else {
        let shape = rule.shape();
        if shape.assignment && !literal_value(rule, content, caps, end, ftype) {
            return None;
        }
        if shape.named {
            let name = caps.get_group_by_name("name")?;
            let key = key_name(content, name.start, name.end);
            if !secret_name(key, &spec.key_words)
                || unset_message(content, name.end - key.len(), name.end)
            {
                return None;
            }
        }
        if shannon_entropy(secret) < spec.entropy {
            return None;
        }
        if rule.allow.iter().any(|a| a.get().is_match(secret)) {
            return None;
        }
        if is_placeholder(secret) {
            return None;
        }
        if spec.generic
            && (looks_like_identifier_or_hash(secret)
                || names_itself(secret)
                || validation_rules(secret))
        {
            return None;
        }
        if inside_base64_data(content, start) {
            return None;
        }
        if let Some(host) = uri_host(content, start, end) {
            if is_placeholder_password(secret) || user_is_password(content, start, secret) {
                return None;
            }
            if is_example_host(host) {
                severity = Severity::Info;
                confidence = Confidence::Low;
                note = Some(Cow::Borrowed("on an example or local host"));
            }
        }
        if spec.decode.as_deref() == Some("basic") && placeholder_basic_auth(secret) {
            return None;
        }
        if spec.generic && confidence > Confidence::Low && weak_value(secret) {
            confidence = Confidence::Low;
        }
        if let Some(context) = spec
            .public_when
            .iter()
            .find(|c| in_context(content, start, end, c))
        {
            severity = Severity::Info;
            confidence = Confidence::Low;
            note = Some(Cow::Owned(context.note.clone()));
        }
    }
    Some(RawHit {
        rule: rule_index,
        start,
        end,
        line: 0,
        fingerprint: fingerprint(secret),
        redacted: redact(&text),
        severity,
        inline_allowed: line_has_allow(content, start),
        note,
        confidence,
    })
}

/// A buffer with more hits than this is reported up to here (a dump of keys is one problem).
const MAX_HITS_PER_BUFFER: usize = 500;

/// The roles of a rule's capture groups.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// The group that holds the secret.
    group: usize,
    /// Whether the regex captures the opening quote of the value (`{assign}`).
    assignment: bool,
    /// Whether the regex captures the key name (`name` group).
    named: bool,
}

impl Shape {
    /// From the name of each capture group, by index (group 0, the whole match, first).
    fn of(spec: &RuleSpec, names: &[Option<&str>]) -> Result<Shape, String> {
        let id = &spec.id;
        let group = match spec.secret_group {
            Some(g) if g < names.len() => g,
            Some(g) => return Err(format!("{id}: secret_group {g} does not exist")),
            None => names
                .iter()
                .position(|n| *n == Some("secret"))
                .or_else(|| {
                    names
                        .iter()
                        .enumerate()
                        .skip(1)
                        .find(|(_, n)| !matches!(n, Some("q" | "name")))
                        .map(|(i, _)| i)
                })
                .unwrap_or(0),
        };
        let has_group = |g: &str| names.contains(&Some(g));
        let named = has_group("name");
        if named && spec.key_words.is_empty() {
            return Err(format!("{id}: a `name` group needs key_words"));
        }
        Ok(Shape {
            group,
            assignment: has_group("q"),
            named,
        })
    }
}

/// Whether a rule's regexes and globs are built and checked when it is compiled
/// ([`Engine::from_toml`]) or trusted and built on first use ([`ENGINE`], whose rules a test
/// checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checking {
    Checked,
    Trusted,
}

fn compile(spec: RuleSpec, checking: Checking) -> Result<Rule, String> {
    let id = spec.id.clone();
    if spec.true_positives.len() < 2 {
        return Err(format!("{id}: needs at least two true_positives"));
    }
    if spec.false_positives.is_empty() {
        return Err(format!("{id}: needs at least one false_positive"));
    }
    if spec.public_when.iter().any(|c| {
        c.near.is_empty()
            || c.near
                .iter()
                .any(|w| w.is_empty() || w.to_ascii_lowercase() != *w)
    }) {
        return Err(format!(
            "{id}: a public_when context needs lowercase words near the key"
        ));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("{id}: ids are kebab-case"));
    }
    let regex = match &spec.regex {
        Some(pattern) => {
            if pattern.matches(ASSIGN_HOLE).count() > 1 {
                return Err(format!("{id}: at most one {ASSIGN_HOLE} per regex"));
            }
            let pattern = pattern.replace(ASSIGN_HOLE, ASSIGN);
            Some(RuleRegex::new(pattern, 4 * 1024 * 1024))
        }
        None => None,
    };
    if regex.is_none() && spec.paths.is_empty() {
        return Err(format!("{id}: a rule needs a regex or paths"));
    }
    let shape = OnceLock::new();
    if checking == Checking::Checked {
        let names: Vec<Option<&str>> = match &regex {
            Some(re) => re
                .build()
                .map_err(|e| format!("{id}: invalid regex: {e}"))?
                .regex
                .group_info()
                .pattern_names(regex_automata::PatternID::ZERO)
                .collect(),
            None => Vec::new(),
        };
        let _ = shape.set(Shape::of(&spec, &names)?);
    } else if regex.is_none() {
        let _ = shape.set(Shape::of(&spec, &[])?);
    }
    let files = file_mask(&spec.files).map_err(|e| format!("{id}: {e}"))?;
    let not_files = file_mask(&spec.not_files).map_err(|e| format!("{id}: {e}"))?;
    let priority = match (spec.generic, files != 0) {
        (false, _) => 0,
        (true, true) => 1,
        (true, false) => 2,
    };
    let paths = if spec.paths.is_empty() {
        None
    } else {
        let globs = spec
            .paths
            .iter()
            .map(|p| path_glob(p).map_err(|e| format!("{id}: invalid path glob `{p}`: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let globs = LazyGlobs::new(globs);
        if checking == Checking::Checked {
            globs.build().map_err(|e| format!("{id}: {e}"))?;
        }
        Some(globs)
    };
    let allow: Vec<LazyRegex> = spec
        .allow
        .iter()
        .map(|a| LazyRegex::new(a.clone(), None))
        .collect();
    if checking == Checking::Checked {
        for (a, lazy) in spec.allow.iter().zip(&allow) {
            lazy.build()
                .map_err(|e| format!("{id}: invalid allow regex `{a}`: {e}"))?;
        }
    }
    Ok(Rule {
        spec,
        regex,
        shape,
        paths,
        allow,
        files,
        not_files,
        priority,
    })
}

/// A rule's path glob: any case, `*` within one path segment.
fn path_glob(pattern: &str) -> Result<Glob, globset::Error> {
    globset::GlobBuilder::new(pattern)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
}

/// A rule's regex, built on first use: a tree sets off only some of the rules (their keywords
/// occur), and building every regex up front costs more than scanning a small tree.
#[derive(Debug)]
struct LazyRegex {
    pattern: String,
    size_limit: Option<usize>,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    fn new(pattern: String, size_limit: Option<usize>) -> Self {
        LazyRegex {
            pattern,
            size_limit,
            compiled: OnceLock::new(),
        }
    }

    /// The regex, built now if it is not yet: how a checked rule's regexes are checked.
    ///
    /// # Errors
    /// Why the pattern does not build.
    fn build(&self) -> Result<&Regex, regex::Error> {
        if let Some(re) = self.compiled.get() {
            return Ok(re);
        }
        let mut builder = RegexBuilder::new(&self.pattern);
        builder.unicode(false);
        if let Some(limit) = self.size_limit {
            builder.size_limit(limit);
        }
        let re = builder.build()?;
        Ok(self.compiled.get_or_init(|| re))
    }

    /// The compiled regex. The built-in rules' regexes are built by a test
    /// (`every_rule_is_checked`), so this cannot fail on them.
    fn get(&self) -> &Regex {
        self.build()
            .expect("a rule's regex builds (every_rule_is_checked builds them)")
    }
}

/// A rule's regex, built on first use (as [`LazyRegex`]), with the literals its matches start
/// with when they are many and a search for them is worth making apart ([`Compiled::starts`]).
#[derive(Debug)]
struct RuleRegex {
    pattern: String,
    size_limit: usize,
    /// Built by the first thread that asks; another that asks meanwhile waits for it rather
    /// than building it too (on a small tree, the rules' builds are a tenth of the audit).
    compiled: OnceLock<Result<Compiled, String>>,
}

/// A rule's compiled regex.
#[derive(Debug)]
struct Compiled {
    regex: meta::Regex,
    /// The literals every match starts with, in lower case (at most [`MAX_STARTS`], each at
    /// least [`MIN_START`] bytes), found in the lowercased buffer, when the regex has such a
    /// set: the regex is then tried only there, anchored. An unanchored search must run its
    /// automaton on from each place where a match may start until no match can (after
    /// `token`, through `[\w.-]{0,30}` and the assignment's alternatives), then look for the
    /// next: on source code full of `token` and `secret`, most of the buffer. An anchored
    /// search stops at the first byte that rules a match out.
    starts: Option<aho_corasick::packed::Searcher>,
}

/// How many literals a rule's matches start with, at least, for [`Compiled::starts`]: a word
/// of five letters or more in any case (`(?i)discord`) is dozens of literals, too many for the
/// regex's own search for its literals to be fast (with a few, it is faster than searching
/// the lowercased buffer: measured on the benchmark's trees).
const MANY_LITERALS: usize = 17;
/// The most literals, lowercased, a rule's matches may start with for [`Compiled::starts`].
const MAX_STARTS: usize = 32;
/// The shortest of them: a shorter one starts a search at too many places.
const MIN_START: usize = 3;

thread_local! {
    /// A thread's buffer for a file in lower case ([`Compiled::starts`]), kept from file to
    /// file: a new one for each would be new memory to map for each.
    static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A buffer in lower case, made the first time it is asked for.
struct Lowered<'a> {
    content: &'a [u8],
    buf: &'a mut Vec<u8>,
    ready: bool,
}

impl Lowered<'_> {
    fn get(&mut self) -> &[u8] {
        if !self.ready {
            self.buf.clear();
            self.buf
                .extend(self.content.iter().map(u8::to_ascii_lowercase));
            self.ready = true;
        }
        self.buf
    }
}

impl RuleRegex {
    fn new(pattern: String, size_limit: usize) -> Self {
        RuleRegex {
            pattern,
            size_limit,
            compiled: OnceLock::new(),
        }
    }

    /// The regex, built now if it is not yet (as `regex::bytes::Regex` builds it: no Unicode,
    /// any bytes, leftmost-first).
    ///
    /// # Errors
    /// Why the pattern does not parse or build.
    fn build(&self) -> Result<&Compiled, String> {
        self.compiled
            .get_or_init(|| self.compile())
            .as_ref()
            .map_err(Clone::clone)
    }

    fn compile(&self) -> Result<Compiled, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(&self.pattern)
            .map_err(|e| e.to_string())?;
        let starts = match_starts(&hir);
        let regex = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(regex_automata::MatchKind::LeftmostFirst)
                    .utf8_empty(false)
                    .nfa_size_limit(Some(self.size_limit))
                    .hybrid_cache_capacity(2 * (1 << 20))
                    // A regex searched only anchored, from its starts, needs no search for its
                    // literals of its own (a third of the time to build it).
                    .auto_prefilter(starts.is_none())
                    // The groups of a match are read once the lazy DFA has found it, within
                    // its bounds (by the bounded backtracker, on a match's few hundred bytes):
                    // the one-pass DFA built for that otherwise was a tenth of the time to
                    // build the rules.
                    .onepass(false),
            )
            .build_from_hir(&hir)
            .map_err(|e| e.to_string())?;
        Ok(Compiled { regex, starts })
    }

    /// The compiled regex. The built-in rules' regexes are built by a test
    /// (`every_rule_is_checked`), so this cannot fail on them.
    fn get(&self) -> &Compiled {
        self.build()
            .expect("a rule's regex builds (every_rule_is_checked builds them)")
    }
}

impl Compiled {
    /// Calls `f` with each match of the regex in `content`, in order, as `captures_iter` finds
    /// them (leftmost-first, each search from the end of the last match), until it returns
    /// `false`. `lower`: `content` in lower case, made when first needed.
    fn each_match(
        &self,
        content: &[u8],
        lower: &mut Lowered<'_>,
        mut f: impl FnMut(&Captures) -> bool,
    ) {
        let Some(starts) = &self.starts else {
            for caps in self.regex.captures_iter(content) {
                if !f(&caps) {
                    return;
                }
            }
            return;
        };
        // The leftmost match from a place is the match anchored at the first place, from
        // there on, where a match starts: a match starts where one of the literals does.
        let lower = lower.get();
        let mut caps = self.regex.create_captures();
        let mut at = 0;
        while let Some(found) = starts.find_in(lower, aho_corasick::Span::from(at..lower.len())) {
            let start = found.start();
            at = start + 1;
            let input = Input::new(content)
                .span(start..content.len())
                .anchored(regex_automata::Anchored::Yes);
            self.regex.search_captures(&input, &mut caps);
            if let Some(m) = caps.get_match() {
                // The next search starts where this match ends (a match is never empty: it
                // starts with a literal).
                at = m.end().max(at);
                if !f(&caps) {
                    return;
                }
            }
        }
    }
}

/// The literals that every match of `hir` starts with, lowercased, as a searcher: `None` when
/// the set is not finite or is too large, or a literal too short, to gain on a search
/// ([`Compiled::starts`]).
fn match_starts(hir: &regex_syntax::hir::Hir) -> Option<aho_corasick::packed::Searcher> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals = seq.literals()?;
    if literals.len() < MANY_LITERALS {
        return None;
    }
    let mut literals: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    if literals.iter().any(|l| l.len() < MIN_START) {
        return None;
    }
    literals.sort();
    literals.dedup();
    // A literal that another one starts never starts a match the other does not.
    let kept: Vec<&Vec<u8>> = literals
        .iter()
        .filter(|l| {
            !literals
                .iter()
                .any(|o| o.len() < l.len() && l.starts_with(o))
        })
        .collect();
    if kept.len() > MAX_STARTS {
        return None;
    }
    aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(kept)
        .build()
}

/// The placeholder for the assignment syntax in a rule's regex.
pub const ASSIGN_HOLE: &str = "{assign}";

/// What `{assign}` stands for: everything between a key name and its value, in the common
/// languages and configuration formats. The end of a quoted key or an index (`"password":`,
/// `ENV['TOKEN'] =`), then one of: a typed declaration (`: &str =`, `: String =`,
/// `: Option<String> =`, Go's `string =`), an operator (`=`, `:=`, `:`, `=>`, `?=`, `??=`,
/// `||=`), or the comma of `define('KEY', 'value')`; then a string prefix (`b`, `r#`, `@`,
/// `String::from(`) and the value's opening quote, captured as `q` (none: an unquoted value).
pub const ASSIGN: &str = r#"(?:['"`][ \t]*,|['"`]?\]?(?:[ \t]*:[ \t]*&?(?:'static[ \t]+)?(?:mut[ \t]+)?[A-Za-z_][\w:.]*(?:<[^<>\r\n]{0,40}>)?(?:\[\])?\??[ \t]*:?=|[ \t]+(?:string|\[\]byte)[ \t]*=|[ \t]*(?::=|=>|\?\?=|\|\|=|\?=|=|:)))[ \t]*(?:(?:String::from\(|[bBrRuUfF@$]{1,2}\#?)?(?P<q>['"`]))?"#;

/// File types, as bits (a file has one type, plus [`LOCALE`] when it holds translations).
pub mod ftype {
    /// `.env`, `.env.*`, `*.env`.
    pub const ENV: u16 = 1;
    /// Shell scripts, Dockerfiles, Makefiles.
    pub const SHELL: u16 = 1 << 1;
    /// YAML.
    pub const YAML: u16 = 1 << 2;
    /// Java properties.
    pub const PROPERTIES: u16 = 1 << 3;
    /// INI-style configuration (`*.ini`, `*.cfg`, `*.conf`, rc files).
    pub const INI: u16 = 1 << 4;
    /// TOML.
    pub const TOML: u16 = 1 << 5;
    /// JSON.
    pub const JSON: u16 = 1 << 6;
    /// XML (including .NET `*.config`).
    pub const XML: u16 = 1 << 7;
    /// Source code of a programming language (and HTML templates).
    pub const CODE: u16 = 1 << 8;
    /// Prose: Markdown, reStructuredText, plain text.
    pub const DOCS: u16 = 1 << 9;
    /// Anything else.
    pub const OTHER: u16 = 1 << 10;
    /// A translation file (its values are UI text).
    pub const LOCALE: u16 = 1 << 11;
    /// Configuration files, where values are written without quotes.
    pub const CONFIG: u16 = ENV | SHELL | YAML | PROPERTIES | INI | TOML;
    /// Where an unquoted value can be a literal.
    pub const UNQUOTED: u16 = CONFIG | DOCS | OTHER;
}

fn file_mask(names: &[String]) -> Result<u16, String> {
    let mut mask = 0;
    for n in names {
        mask |= match n.as_str() {
            "env" => ftype::ENV,
            "shell" => ftype::SHELL,
            "yaml" => ftype::YAML,
            "properties" => ftype::PROPERTIES,
            "ini" => ftype::INI,
            "toml" => ftype::TOML,
            "json" => ftype::JSON,
            "xml" => ftype::XML,
            "code" => ftype::CODE,
            "docs" => ftype::DOCS,
            "other" => ftype::OTHER,
            "locale" => ftype::LOCALE,
            "config" => ftype::CONFIG,
            other => return Err(format!("unknown file type `{other}`")),
        };
    }
    Ok(mask)
}

const CODE_EXTENSIONS: &[&str] = &[
    "rs", "go", "py", "pyi", "pyx", "rb", "rake", "gemspec", "php", "js", "mjs", "cjs", "jsx",
    "ts", "mts", "cts", "tsx", "java", "kt", "kts", "scala", "sc", "groovy", "gradle", "cs", "fs",
    "fsx", "vb", "swift", "m", "mm", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "dart", "lua",
    "pl", "pm", "r", "ex", "exs", "erl", "hrl", "hs", "clj", "cljs", "cljc", "elm", "jl", "sol",
    "tf", "hcl", "sql", "vue", "svelte", "astro", "html", "htm", "erb", "ejs", "hbs", "jinja",
    "j2", "twig", "cshtml", "razor", "zig", "nim", "cr", "v", "ml", "mli", "coffee", "ps1", "psm1",
];
const SHELL_EXTENSIONS: &[&str] = &["sh", "bash", "zsh", "ksh", "fish", "bat", "cmd", "envrc"];
const INI_EXTENSIONS: &[&str] = &[
    "ini",
    "cfg",
    "conf",
    "cnf",
    "npmrc",
    "pypirc",
    "netrc",
    "pgpass",
    "gitconfig",
    "editorconfig",
];
const DOC_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "rst", "txt", "adoc", "asciidoc", "textile", "org", "tex", "rdoc",
    "pod",
];
const LOCALE_DIRS: &[&str] = &[
    "locale",
    "locales",
    "_locales",
    "i18n",
    "l10n",
    "lang",
    "langs",
    "languages",
    "translations",
    "translation",
];
const LOCALE_EXTENSIONS: &[&str] = &[
    "po",
    "pot",
    "xliff",
    "xlf",
    "strings",
    "stringsdict",
    "arb",
    "ftl",
];
/// Common ISO 639-1 codes (file stems such as `en.json`, `pt-BR.yml`, `messages_de.properties`).
const LANGUAGES: &[&str] = &[
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo",
    "es", "et", "eu", "fa", "fi", "fil", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu", "hy",
    "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo", "lt", "lv", "mk", "ml", "mn",
    "mr", "ms", "my", "nb", "ne", "nl", "nn", "no", "pa", "pl", "pt", "ro", "ru", "si", "sk", "sl",
    "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "uz", "vi", "zh",
];
/// Extensions a translation file has when it is named after its language.
const LOCALE_DATA: &[&str] = &[
    "json",
    "yml",
    "yaml",
    "properties",
    "xml",
    "toml",
    "ini",
    "php",
    "js",
    "ts",
    "resx",
    "lang",
];

/// The type of the file at `path` (a [`ftype`] bit, plus [`ftype::LOCALE`]), from its name.
#[must_use]
pub fn file_type(path: &str) -> u16 {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let base = if name == ".env" || name.starts_with(".env.") || ext == "env" || name == "env" {
        ftype::ENV
    } else if SHELL_EXTENSIONS.contains(&ext)
        || name == "dockerfile"
        || name.starts_with("dockerfile.")
        || ext == "dockerfile"
        || name == "containerfile"
        || name == "makefile"
        || ext == "mk"
        || name == ".envrc"
    {
        ftype::SHELL
    } else if ext == "yml" || ext == "yaml" {
        ftype::YAML
    } else if ext == "properties" {
        ftype::PROPERTIES
    } else if INI_EXTENSIONS.contains(&ext)
        || name.starts_with(".npmrc")
        || name == ".netrc"
        || name == "_netrc"
    {
        ftype::INI
    } else if ext == "toml" {
        ftype::TOML
    } else if matches!(ext, "json" | "jsonc" | "json5" | "ipynb" | "har") {
        ftype::JSON
    } else if matches!(
        ext,
        "xml" | "config" | "csproj" | "plist" | "xaml" | "resx" | "wsdl" | "xsd"
    ) {
        ftype::XML
    } else if CODE_EXTENSIONS.contains(&ext) {
        ftype::CODE
    } else if DOC_EXTENSIONS.contains(&ext) {
        ftype::DOCS
    } else {
        ftype::OTHER
    };
    if is_locale(&lower, name, ext) {
        base | ftype::LOCALE
    } else {
        base
    }
}

/// Whether a (lowercase) path is a translation file.
fn is_locale(lower: &str, name: &str, ext: &str) -> bool {
    if LOCALE_EXTENSIONS.contains(&ext) {
        return true;
    }
    if !LOCALE_DATA.contains(&ext) {
        return false;
    }
    let mut dirs = lower.split('/').rev().skip(1);
    if dirs.any(|d| LOCALE_DIRS.contains(&d) || (d.starts_with("values-") && ext == "xml")) {
        return true;
    }
    // en.json, pt-br.yml, messages_de.properties, strings.fr.json
    let stem = &name[..name.len() - ext.len() - 1];
    let lang = stem.rsplit(['.', '_']).find(|part| {
        let code = part.split('-').next().unwrap_or(part);
        LANGUAGES.contains(&code)
    });
    match lang {
        Some(part) if part == stem => true,
        Some(part) => {
            // A language suffix after a messages-like stem (messages_de, strings.fr).
            let head = &stem[..stem.len() - part.len() - 1];
            matches!(
                head,
                "messages"
                    | "strings"
                    | "translations"
                    | "locale"
                    | "i18n"
                    | "lang"
                    | "resources"
                    | "labels"
                    | "text"
                    | "texts"
            )
        }
        None => false,
    }
}

/// Whether the value of an assignment is a literal: quoted (and closed right after, for a
/// generic rule), or unquoted in a configuration file and not running on.
fn literal_value(rule: &Rule, content: &[u8], caps: &Captures, end: usize, ftype: u16) -> bool {
    let next = content.get(end).copied();
    match caps.get_group_by_name("q") {
        Some(q) => !rule.spec.generic || next == Some(content[q.start]),
        None => {
            let value = &content[caps.get_group(rule.shape().group).map_or(end, |m| m.start)..end];
            ftype & ftype::UNQUOTED != 0
                && (!rule.spec.generic
                    || (next.is_none_or(|b| {
                        b.is_ascii_whitespace()
                            || matches!(b, b',' | b';' | b'#' | b')' | b'}' | b']')
                    }) && !value
                        .iter()
                        .any(|b| matches!(b, b',' | b';' | b'(' | b')' | b'[' | b']'))
                        && !value.first().is_some_and(|b| {
                            matches!(b, b'!' | b'&' | b'*' | b'|' | b'>' | b'%' | b'@')
                        })
                        && !value.to_ascii_lowercase().starts_with(b"your")))
        }
    }
}

/// The whole key name around the rule's `name` group: extended backwards to the start of the
/// identifier (`db_` in `db_password`, `DATABASE_` in `DATABASE_PASSWORD`).
fn key_name(content: &[u8], start: usize, end: usize) -> &[u8] {
    let mut s = start;
    while s > 0 {
        let b = content[s - 1];
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$' | b'@') {
            s -= 1;
        } else {
            break;
        }
    }
    &content[s..end]
}

/// Whether the key at `start..end` is the variable of a shell or Compose parameter expansion
/// that stops with a message when the variable is unset (`${DB_PASSWORD:?Variable not set}`,
/// `${DB_PASSWORD?unset}`): what follows is that message, not a value.
fn unset_message(content: &[u8], start: usize, end: usize) -> bool {
    start >= 2
        && &content[start - 2..start] == b"${"
        && matches!(content.get(end..end + 2), Some([b':', b'?'] | [b'?', _]))
}

/// The segments of a name, lowercase: split on punctuation and on case changes
/// (`dbPassword` → db, password; `APIKey` → api, key; `SECRET_KEY_2` → secret, key, 2).
fn segments(name: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &b) in name.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if i > 0 && !cur.is_empty() {
            let p = name[i - 1];
            let boundary = (p.is_ascii_lowercase() && b.is_ascii_uppercase())
                || (p.is_ascii_digit() != b.is_ascii_digit())
                || (p.is_ascii_uppercase()
                    && b.is_ascii_uppercase()
                    && name.get(i + 1).is_some_and(u8::is_ascii_lowercase));
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(char::from(b.to_ascii_lowercase()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Segments that qualify a secret's name without changing what it holds
/// (`SECRET_KEY_BASE`, `api_token_prod`, `password2`, `token_b64`).
const NAME_QUALIFIERS: &[&str] = &[
    "value",
    "val",
    "str",
    "string",
    "b64",
    "base64",
    "hex",
    "raw",
    "bytes",
    "plain",
    "plaintext",
    "encoded",
    "base",
    "prod",
    "production",
    "dev",
    "development",
    "staging",
    "stage",
    "test",
    "live",
    "local",
    "sandbox",
    "default",
    "old",
    "new",
    "current",
    "primary",
    "secondary",
    "main",
    "backup",
    "v",
];

/// Whether a key name is secret-sounding: after trailing qualifiers, it ends with one of the
/// key words (one segment, or adjacent segments joined: `api_key` → `apikey`), or its last
/// segment ends with a key word of five or more letters (`dbpassword`, `clientsecret`).
#[must_use]
pub fn secret_name(name: &[u8], key_words: &[String]) -> bool {
    let mut segs = segments(name);
    while segs.len() > 1
        && segs.last().is_some_and(|s| {
            NAME_QUALIFIERS.contains(&s.as_str()) || s.bytes().all(|b| b.is_ascii_digit())
        })
    {
        segs.pop();
    }
    // A public key, a publishable key or its token is meant to be shared.
    if segs
        .iter()
        .any(|s| matches!(s.as_str(), "public" | "publishable" | "pub"))
    {
        return false;
    }
    let Some(last) = segs.last() else {
        return false;
    };
    for k in 1..=segs.len().min(4) {
        let joined: String = segs[segs.len() - k..].concat();
        if key_words.contains(&joined) {
            return true;
        }
    }
    key_words
        .iter()
        .any(|w| w.len() >= 5 && last.len() > w.len() && last.ends_with(w.as_str()))
}

/// Input validation rules in the `rule|rule:argument` syntax (`required|confirmed|min:8`, a web
/// framework's form validation): what a form requires of a password field, not a password.
fn validation_rules(secret: &[u8]) -> bool {
    const RULES: &[&[u8]] = &[
        b"required",
        b"nullable",
        b"sometimes",
        b"confirmed",
        b"string",
        b"min",
        b"max",
        b"size",
        b"between",
        b"email",
        b"filled",
        b"present",
        b"bail",
        b"current_password",
    ];
    let name = |rule: &[u8]| rule.split(|&b| b == b':').next().unwrap_or(rule).to_vec();
    let rules: Vec<&[u8]> = secret.split(|&b| b == b'|').collect();
    rules.len() >= 2
        && rules.iter().all(|r| {
            let n = name(r);
            !n.is_empty() && n.iter().all(|&b| b.is_ascii_lowercase() || b == b'_')
        })
        && rules.iter().any(|r| RULES.contains(&name(r).as_slice()))
}

/// A generic value that names what it stands for (`my_password_here`, `secret-token-value`) is
/// a placeholder, not a credential.
fn names_itself(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    [
        "password", "passwd", "secret", "token", "apikey", "api_key", "api-key",
    ]
    .iter()
    .any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some())
}

/// A generic value too weak to be sure of: short, or of low entropy.
fn weak_value(secret: &[u8]) -> bool {
    let classes = [
        secret.iter().any(u8::is_ascii_digit),
        secret.iter().any(u8::is_ascii_uppercase),
        secret.iter().any(u8::is_ascii_lowercase),
        secret.iter().any(|b| !b.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    !(shannon_entropy(secret) >= 3.5 || (classes >= 3 && secret.len() >= 10))
}

/// When the secret is the password of a URI (`scheme://user:SECRET@host`), the host.
fn uri_host(content: &[u8], start: usize, end: usize) -> Option<&[u8]> {
    if content.get(end) != Some(&b'@') || start == 0 {
        return None;
    }
    let line_start = memchr::memrchr(b'\n', &content[..start]).map_or(0, |i| i + 1);
    let before = &content[line_start..start];
    let colon = before.last() == Some(&b':');
    let scheme = memchr::memmem::rfind(before, b"://")?;
    if !colon || before[scheme + 3..].iter().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let rest = &content[end + 1..];
    let host_end = rest
        .iter()
        .position(|b| {
            matches!(
                b,
                b'/' | b':' | b'?' | b'#' | b'\'' | b'"' | b'`' | b'<' | b'>' | b')' | b',' | b';'
            ) || b.is_ascii_whitespace()
        })
        .unwrap_or(rest.len());
    Some(&rest[..host_end])
}

/// Passwords that documentation and examples use (`user:password`, `scott:tiger`).
const PLACEHOLDER_PASSWORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "pw",
    "secret",
    "tiger",
    "changeme",
    "changeit",
    "letmein",
    "qwerty",
    "admin",
    "root",
    "test",
    "testing",
    "guest",
    "user",
    "username",
    "foo",
    "bar",
    "baz",
    "foobar",
    "pa55word",
    "p@ssw0rd",
    "passw0rd",
    "mypassword",
    "mypass",
    "mysecret",
    "yourpassword",
    "hunter2",
    "123456",
    "1234",
    "12345",
    "12345678",
    "postgres",
    "postgresql",
    "mysql",
    "mongo",
    "mongodb",
    "redis",
    "rabbitmq",
    "example",
    "default",
    "dbpass",
    "dbpassword",
    "s3cret",
    "s3cr3t",
    "xxx",
    "pass123",
    "password1",
    "password123",
    "secret123",
    "docker",
    "demo",
    "sample",
    "dev",
    "local",
    "none",
];

fn is_placeholder_password(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    PLACEHOLDER_PASSWORDS
        .iter()
        .any(|p| p.as_bytes() == lower.as_slice())
        || lower.first() == Some(&b'$')
        || lower.first() == Some(&b'%')
}

/// `user:user@` (`postgres:postgres`, `guest:guest`): a default, not a secret.
fn user_is_password(content: &[u8], start: usize, secret: &[u8]) -> bool {
    let before = &content[..start.saturating_sub(1)];
    let user_start = before
        .iter()
        .rposition(|b| matches!(b, b'/' | b'\'' | b'"') || b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    before[user_start..].eq_ignore_ascii_case(secret)
}

/// An HTTP Basic credential (`base64(user:password)`) whose password is a placeholder or the
/// user name (`user:password`, `admin:admin`).
fn placeholder_basic_auth(secret: &[u8]) -> bool {
    let Some(decoded) = base64_decode(secret) else {
        return false;
    };
    let Some(colon) = decoded.iter().position(|&b| b == b':') else {
        return false;
    };
    let (user, password) = (&decoded[..colon], &decoded[colon + 1..]);
    is_placeholder_password(password)
        || user.eq_ignore_ascii_case(password)
        || is_placeholder(password)
}

/// Base64 in the standard or the URL-safe alphabet, padding optional; `None` when the text is
/// neither.
fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::{alphabet, Engine as _};
    const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);
    STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .ok()
}

/// Hosts of documentation and local development: `example.com`, `*.test`, `localhost`,
/// loopback and unspecified addresses, and single-label names (`db`, `redis` in a compose
/// file).
fn is_example_host(host: &[u8]) -> bool {
    let h = String::from_utf8_lossy(host).to_ascii_lowercase();
    let h = h.trim_start_matches('[').trim_end_matches(']');
    if h.is_empty() || h == "localhost" || h == "::1" || h.starts_with("127.") || h == "0.0.0.0" {
        return true;
    }
    let example = ["example.com", "example.org", "example.net", "example"]
        .iter()
        .any(|e| h == *e || h.ends_with(&format!(".{e}")));
    let reserved = [
        ".test",
        ".invalid",
        ".localhost",
        ".local",
        ".internal",
        ".localdomain",
    ]
    .iter()
    .any(|t| h.ends_with(t));
    let placeholder = h.contains("your") || (h.contains("host") && !h.contains('.'));
    example || reserved || placeholder || !h.contains('.')
}

/// Fills in 1-based line numbers, for hits sorted by offset, counting newlines once.
fn assign_lines(content: &[u8], hits: &mut [RawHit]) {
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| hits[i].start);
    let mut line: u32 = 1;
    let mut pos = 0;
    for i in order {
        let start = hits[i].start;
        if start > pos {
            let n = memchr::memchr_iter(b'\n', &content[pos..start]).count();
            line = line.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            pos = start;
        }
        hits[i].line = line;
    }
}

/// Whether the line holding `offset` carries the inline allow marker.
fn line_has_allow(content: &[u8], offset: usize) -> bool {
    let start = memchr::memrchr(b'\n', &content[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &content[offset..]).map_or(content.len(), |i| offset + i);
    memchr::memmem::find(&content[start..end], INLINE_ALLOW).is_some()
}

/// Whether the candidate sits inside a `data:…;base64,` payload (an image, a font).
fn inside_base64_data(content: &[u8], start: usize) -> bool {
    let mut i = start;
    while i > 0 {
        let b = content[i - 1];
        if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=' {
            i -= 1;
        } else {
            break;
        }
    }
    content[..i].ends_with(b";base64,")
}

/// Shannon entropy in bits per byte.
#[must_use]
pub fn shannon_entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    #[allow(clippy::cast_precision_loss)]
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// Whether a value is a placeholder: a marker word, a template hole, or too few distinct
/// characters to be random.
#[must_use]
pub fn is_placeholder(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    let marked = |marks: &[&str]| {
        marks
            .iter()
            .any(|m| memchr::memmem::find(&lower, m.as_bytes()).is_some())
    };
    if marked(PLACEHOLDER_MARKS) || (secret.len() < LONG_SECRET && marked(SHORT_PLACEHOLDER_MARKS))
    {
        return true;
    }
    // A default that a person wrote and a generator base64-encoded (JHipster's JWT secret:
    // "my-secret-key-which-should-be-changed-in-production…"): read like the text it encodes.
    if secret.len() >= 24 && secret.len() % 4 == 0 {
        if let Some(decoded) = base64_decode(secret) {
            if decoded
                .iter()
                .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
                && is_placeholder(&decoded)
            {
                return true;
            }
        }
    }
    // A template expression that stands for the value: `{EventBus.password}` in a .NET Aspire
    // manifest's connection string, `{password}` in a format string.
    if let [b'{', inner @ .., b'}'] = secret {
        if !inner.is_empty()
            && inner
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':'))
        {
            return true;
        }
    }
    let mut seen = [false; 256];
    let mut distinct = 0;
    for &b in secret {
        if !seen[usize::from(b)] {
            seen[usize::from(b)] = true;
            distinct += 1;
        }
    }
    distinct <= 3 && secret.len() >= 6
}

/// For generic rules: values that are identifiers, references, hashes or ids rather than
/// credentials.
fn looks_like_identifier_or_hash(secret: &[u8]) -> bool {
    let s = secret;
    let is_hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    // Git SHAs, checksums (sha1/sha256/sha512 in hex).
    if matches!(s.len(), 40 | 64 | 128) && is_hex(s) {
        return true;
    }
    // UUIDs.
    if s.len() == 36
        && s.iter().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
    {
        return true;
    }
    // Integrity strings and digests.
    for prefix in [
        &b"sha1-"[..],
        b"sha256-",
        b"sha384-",
        b"sha512-",
        b"sha256:",
        b"md5-",
    ] {
        if s.starts_with(prefix) {
            return true;
        }
    }
    // Identifiers and references: snake/camel/dotted names, env lookups, paths.
    let has_digit = s.iter().any(u8::is_ascii_digit);
    let has_upper = s.iter().any(u8::is_ascii_uppercase);
    let has_lower = s.iter().any(u8::is_ascii_lowercase);
    let has_other = s.iter().any(|b| !b.is_ascii_alphanumeric());
    let classes = usize::from(has_digit)
        + usize::from(has_upper)
        + usize::from(has_lower)
        + usize::from(has_other);
    if classes < 2 {
        return true;
    }
    if s.iter()
        .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'.' | b'-'))
        && (s.contains(&b'_') || s.contains(&b'.'))
    {
        return true;
    }
    // kebab-case, dotted or slashed lowercase names (`app-prod-credentials`, `prod/app/db`).
    if s.iter()
        .all(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'.' | b'-' | b'/'))
    {
        return true;
    }
    if looks_like_words(s) {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    for marker in [
        &b"process.env"[..],
        b"os.environ",
        b"getenv",
        b"env(",
        b"env[",
        b"secrets.",
        b"vault:",
        b"/run/secrets",
        b"://",
        b"::",
        b"(",
    ] {
        if memchr::memmem::find(&lower, marker).is_some() {
            return true;
        }
    }
    s.first() == Some(&b'$')
}

/// Identifiers, header names and words in any case style: `ExpiredTokenException`,
/// `EIP-ASSOCIATE`, `x-aws-ec2-metadata-token`, `RegularExpression`, `Contraseña`.
fn looks_like_words(s: &[u8]) -> bool {
    let is_sep = |b: u8| matches!(b, b'-' | b'_' | b'.' | b'/' | b':');
    if s.iter()
        .all(|&b| b.is_ascii_alphabetic() || b >= 0x80 || is_sep(b))
    {
        let segs = segments(s);
        let letters: usize = segs.iter().map(String::len).sum();
        #[allow(clippy::cast_precision_loss)]
        return segs.is_empty() || letters as f64 / segs.len() as f64 >= 3.5;
    }
    let has_sep = s.iter().any(|&b| is_sep(b));
    let one_case = !s.iter().any(u8::is_ascii_uppercase) || !s.iter().any(u8::is_ascii_lowercase);
    let digits = s.iter().filter(|b| b.is_ascii_digit()).count();
    if has_sep
        && one_case
        && digits * 7 < s.len()
        && s.iter().all(|&b| b.is_ascii_alphanumeric() || is_sep(b))
    {
        let parts: Vec<&[u8]> = s.split(|&b| is_sep(b)).filter(|p| !p.is_empty()).collect();
        let total: usize = parts.iter().copied().map(<[u8]>::len).sum();
        return parts.len() >= 2 && total >= 3 * parts.len();
    }
    false
}

/// The secret's fingerprint: a truncated SHA-256 (96 bits), the same for the same secret in the
/// tree, in the history and in a later audit.
#[must_use]
pub fn fingerprint(secret: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"diligence-secret-v1\0");
    h.update(secret);
    h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Redacts a secret: the first and last 4 characters of a secret of 20 or more characters,
/// stars in between (at most 12); nothing at all of a shorter one.
#[must_use]
pub fn redact(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 20 {
        return "********".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    let stars = "*".repeat((chars.len() - 8).min(12));
    format!("{head}{stars}{tail}")
}

/// Fills `{an:36}`-style holes in an example with deterministic pseudo-random characters
/// (`an` alphanumeric, `AN` upper-case and digits, `lc` lower-case and digits, `up` upper-case,
/// `hex`, `HEX`, `dig`, `b32`, `bech` (bech32), `b64`, `b64u`). Used by tests and fixtures so that no literal
/// credential-shaped string needs to be committed.
#[must_use]
pub fn expand_example(template: &str, seed: &str) -> String {
    static HOLE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\{(an|AN|lc|up|hex|HEX|dig|b32|bech|b64|b64u):(\d{1,4})\}")
            .expect("valid regex")
    });
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        state = (state ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    HOLE.replace_all(template, |caps: &regex::Captures<'_>| {
        let alphabet: &[u8] = match &caps[1] {
            "an" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "AN" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            "lc" => b"abcdefghijklmnopqrstuvwxyz0123456789",
            "up" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "hex" => b"0123456789abcdef",
            "HEX" => b"0123456789ABCDEF",
            "dig" => b"0123456789",
            "b32" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            "bech" => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
            "b64" => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            _ => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        };
        let n: usize = caps[2].parse().unwrap_or(0);
        (0..n)
            .map(|_| {
                #[allow(clippy::cast_possible_truncation)]
                let i = (next() % alphabet.len() as u64) as usize;
                char::from(alphabet[i])
            })
            .collect::<String>()
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule searched from the places where its matches can start finds what the whole
    /// search finds, with the same groups: on every example of every rule, one after the
    /// other, as written, in upper case and in lower case, and run together.
    #[test]
    fn searching_from_match_starts_finds_what_the_whole_search_finds() {
        let mut text = String::new();
        for rule in ENGINE.rules() {
            let examples = rule
                .spec
                .true_positives
                .iter()
                .chain(&rule.spec.false_positives);
            for (n, example) in examples.enumerate() {
                let example = expand_example(example, &format!("{}#{n}", rule.spec.id));
                let example = match example.strip_prefix('@') {
                    Some(rest) => rest.split_once(' ').map_or(rest, |(_, t)| t).to_string(),
                    None => example,
                };
                text.push_str(&example);
                text.push('\n');
            }
        }
        let whole = format!(
            "{text}{}{}{}",
            text.to_uppercase(),
            text.to_lowercase(),
            text.replace('\n', " ")
        );
        let content = whole.as_bytes();
        let spans = |caps: &Captures| -> Vec<Option<(usize, usize)>> {
            (0..caps.group_len())
                .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                .collect()
        };
        let (mut anchored, mut matches) = (0, 0);
        for rule in ENGINE.rules() {
            let Some(regex) = &rule.regex else { continue };
            let compiled = regex.get();
            if compiled.starts.is_none() {
                continue;
            }
            anchored += 1;
            let expected: Vec<_> = compiled
                .regex
                .captures_iter(content)
                .map(|c| spans(&c))
                .collect();
            let mut found = Vec::new();
            let mut buf = Vec::new();
            let mut lower = Lowered {
                content,
                buf: &mut buf,
                ready: false,
            };
            compiled.each_match(content, &mut lower, |caps| {
                found.push(spans(caps));
                true
            });
            assert_eq!(found, expected, "{}", rule.spec.id);
            matches += found.len();
        }
        assert!(
            anchored >= 50,
            "{anchored} rules searched from their starts"
        );
        assert!(matches >= 300, "{matches} matches");
    }

    /// The built-in engine trusts its rules (a rule's regex is built on first use, and
    /// expected to build): this compiles the same file checked, which builds every regex and
    /// glob set and reads every rule's groups.
    #[test]
    fn the_audit_reads_the_rules_as_written() {
        // The JSON the build script makes of the TOML, field for field.
        let from_json: RuleFile = serde_json::from_str(RULES_JSON).expect("the JSON parses");
        let from_toml: RuleFile = toml::from_str(RULES_TOML).expect("the TOML parses");
        assert!(from_toml.rules.len() > 200);
        assert_eq!(
            format!("{:#?}", from_json.rules),
            format!("{:#?}", from_toml.rules)
        );
    }

    #[test]
    fn every_rule_is_checked() {
        let checked = Engine::from_toml(RULES_TOML).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(checked.rules().len(), ENGINE.rules().len());
        let built = checked
            .rules()
            .iter()
            .map(|r| {
                usize::from(
                    r.regex
                        .as_ref()
                        .is_some_and(|re| re.compiled.get().is_some()),
                ) + r
                    .allow
                    .iter()
                    .filter(|re| re.compiled.get().is_some())
                    .count()
            })
            .sum::<usize>();
        assert!(built > 200, "{built} regexes");
        // What the check catches.
        let rule = |regex: &str, extra: &str| {
            format!(
                "[[rules]]\nid = \"x\"\ndescription = \"x\"\nkind = \"x\"\nseverity = \"high\"\nregex = '''{regex}'''\n\
                 {extra}\ntrue_positives = [\"a\", \"b\"]\nfalse_positives = [\"c\"]\n"
            )
        };
        let err = |text: String| {
            Engine::from_toml(&text)
                .err()
                .unwrap_or_default()
                .join("; ")
        };
        let e = err(rule("(unclosed", ""));
        assert!(e.contains("invalid regex"), "{e}");
        // Parses, does not build: rules are ASCII, without Unicode classes.
        let e = err(rule(r"(\p{Greek}+)", ""));
        assert!(e.contains("invalid regex"), "{e}");
        assert!(err(rule("(a)(b)", "secret_group = 3")).contains("secret_group 3"));
        assert!(err(rule("(?P<name>a)(b)", "")).contains("needs key_words"));
        assert!(err(rule("(a)", "allow = ['(z']")).contains("invalid allow regex"));
        assert_eq!(err(rule("(a)(b)", "secret_group = 2")), "");
    }

    #[test]
    fn redaction_shows_at_most_four_and_four() {
        assert_eq!(redact("short-secret"), "********");
        let r = redact("ABCD0123456789012345WXYZ");
        assert_eq!(r, "ABCD************WXYZ");
        assert!(!r.contains("0123"));
    }

    #[test]
    fn base64_in_either_alphabet() {
        assert_eq!(
            base64_decode(b"dXNlcjpwYXNz").as_deref(),
            Some(&b"user:pass"[..])
        );
        assert_eq!(
            base64_decode(b"dXNlcjpwYXNzMQ").as_deref(),
            Some(&b"user:pass1"[..]),
            "padding left out"
        );
        assert_eq!(base64_decode(b"-_8=").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(base64_decode(b"not base64!"), None);
    }

    #[test]
    fn entropy_orders_random_above_repetitive() {
        assert!(shannon_entropy(b"aaaaaaaa") < 0.1);
        assert!(shannon_entropy(b"q8Zr2Lp0Xv7Nw3Ty") > 3.5);
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            &b"changeme"[..],
            b"${API_KEY}",
            b"<your-key>",
            b"xxxxxxxxxxxxxxxx",
            b"aaaaaaaaaaaaaa",
            b"my-example-token",
            b"changethis",
            b"{EventBus.password}",
            b"{db_password}",
            // base64 of "my-secret-key-which-should-be-changed-in-production-and-be-base64-encoded\n"
            b"bXktc2VjcmV0LWtleS13aGljaC1zaG91bGQtYmUtY2hhbmdlZC1pbi1wcm9kdWN0aW9uLWFuZC1iZS1iYXNlNjQtZW5jb2RlZAo=",
        ] {
            assert!(is_placeholder(p), "{}", String::from_utf8_lossy(p));
        }
        assert!(!is_placeholder(b"q8Zr2Lp0Xv7Nw3Ty"));
        assert!(
            !is_placeholder(b"{q8Zr2Lp0!Xv7Nw3Ty}"),
            "braces around a value"
        );
        // The base64 of random bytes, or of a readable value that is no placeholder, is a value.
        assert!(!is_placeholder(
            b"c2VjcmV0LWZvci10aGUtYmlsbGluZy1zZXJ2aWNlLTIwMjQ="
        ));
        assert!(!is_placeholder(b"q8Zr2Lp0Xv7Nw3Tyq8Zr2Lp0Xv7Nw3Ty"));
    }

    #[test]
    fn generic_values_that_are_hashes_or_names_are_dropped() {
        assert!(looks_like_identifier_or_hash(
            b"da39a3ee5e6b4b0d3255bfef95601890afd80709"
        ));
        assert!(looks_like_identifier_or_hash(
            b"123e4567-e89b-12d3-a456-426614174000"
        ));
        assert!(looks_like_identifier_or_hash(b"sha512-Zm9vYmFy"));
        assert!(looks_like_identifier_or_hash(b"user_password_field"));
        assert!(looks_like_identifier_or_hash(b"process.env.DB_PASSWORD"));
        assert!(!looks_like_identifier_or_hash(b"q8Zr2Lp0Xv7Nw3Ty"));
    }

    #[test]
    fn file_types_come_from_names() {
        assert_eq!(file_type("app/.env.production"), ftype::ENV);
        assert_eq!(file_type("deploy/Dockerfile"), ftype::SHELL);
        assert_eq!(file_type("config/database.yml"), ftype::YAML);
        assert_eq!(
            file_type("src/main/resources/application.properties"),
            ftype::PROPERTIES
        );
        assert_eq!(file_type("src/lib.rs"), ftype::CODE);
        assert_eq!(file_type("docs/config.rst"), ftype::DOCS);
        assert_eq!(file_type("locales/es.json"), ftype::JSON | ftype::LOCALE);
        assert_eq!(
            file_type("public/i18n/pt-BR.yml"),
            ftype::YAML | ftype::LOCALE
        );
        assert_eq!(
            file_type("src/messages_de.properties"),
            ftype::PROPERTIES | ftype::LOCALE
        );
        assert_eq!(
            file_type("app/src/main/res/values-fr/strings.xml"),
            ftype::XML | ftype::LOCALE
        );
        // Not languages: a CI file, a database config.
        assert_eq!(file_type(".github/ci.yml"), ftype::YAML);
        assert_eq!(file_type("config/db.json"), ftype::JSON);
    }

    #[test]
    fn secret_names_end_with_a_key_word_on_a_segment_boundary() {
        let words: Vec<String> = ["password", "pass", "token", "apikey", "secretkey", "secret"]
            .iter()
            .map(|w| (*w).to_owned())
            .collect();
        for yes in [
            "DB_PASSWORD",
            "dbPassword",
            "db-password",
            "db.password",
            "SMTP_PASS",
            "apiKey",
            "API_KEY",
            "x-api-key",
            "SECRET_KEY_BASE",
            "authToken",
            "token_prod",
            "password2",
            "dbpassword",
            "ClientSecret",
        ] {
            assert!(secret_name(yes.as_bytes(), &words), "{yes}");
        }
        for no in [
            "passive",
            "passive_deletes",
            "PASSWORD_MIN_LENGTH",
            "tokenHeader",
            "token_type",
            "ErrCodeExpiredTokenException",
            "bypass",
            "secret_name",
            "publicKeyToken",
            "compass",
        ] {
            assert!(!secret_name(no.as_bytes(), &words), "{no}");
        }
    }

    #[test]
    fn example_hosts_and_placeholder_passwords() {
        for host in [
            "localhost",
            "127.0.0.1",
            "db",
            "example.com",
            "api.example.org",
            "x.test",
            "[::1]",
        ] {
            assert!(is_example_host(host.as_bytes()), "{host}");
        }
        for host in ["db.acme.io", "203.0.113.7", "cluster0.ab12c.mongodb.net"] {
            assert!(!is_example_host(host.as_bytes()), "{host}");
        }
        let scan = |t: &str| ENGINE.scan(t.as_bytes(), "src/app.py", false);
        assert!(scan("url = \"postgresql://scott:tiger@db.acme.io/test\"").is_empty());
        let local = expand_example("url = \"clickhouse://app:{an:20}@localhost:8123\"", "l");
        let hits = scan(&local);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].severity, Severity::Info);
        let live = expand_example("url = \"clickhouse://app:{an:20}@ch.acme.io:8123\"", "l");
        let hits = scan(&live);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].severity, Severity::High);
        assert_eq!(hits[0].confidence, Confidence::Medium);
    }

    /// A Compose file that requires a variable (`${VAR:?message}`) names no value: the words
    /// after `:?` are the message shown when it is unset. A default (`${VAR:-value}`) is a value.
    #[test]
    fn required_variable_messages_are_not_passwords() {
        let scan = |t: &str| ENGINE.scan(t.as_bytes(), "compose.yml", false);
        for required in [
            "    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?Variable not set}\n",
            "      FIRST_SUPERUSER_PASSWORD: ${FIRST_SUPERUSER_PASSWORD:?Variable not set}\n",
            "      DATABASE_URL: postgresql://postgres:${POSTGRES_PASSWORD:?Variable not set}@db:5432/app\n",
            "      SMTP_PASSWORD: ${SMTP_PASSWORD?Please set the SMTP password}\n",
        ] {
            assert!(scan(required).is_empty(), "{required}");
        }
        let default = expand_example("      DB_PASSWORD: ${DB_PASSWORD:-{an:10}7!{an:4}}\n", "d");
        assert_eq!(scan(&default).len(), 1, "{default}");
        assert!(!unset_message(b"${DB_PASSWORD:-x}", 2, 13));
        assert!(unset_message(b"${DB_PASSWORD:?x}", 2, 13));
        assert!(!unset_message(b"$DB_PASSWORD:?x", 1, 12));
    }

    #[test]
    fn expansion_is_deterministic_and_fills_holes() {
        let a = expand_example("ghp_{an:36} {\"json\": 1}", "seed");
        assert_eq!(a, expand_example("ghp_{an:36} {\"json\": 1}", "seed"));
        assert_eq!(a.len(), 4 + 36 + 12);
        assert!(a.ends_with("{\"json\": 1}"));
        assert_ne!(a, expand_example("ghp_{an:36} {\"json\": 1}", "other"));
    }

    #[test]
    fn lines_are_counted_once_in_order() {
        let engine = &*ENGINE;
        let token = expand_example("ghp_{an:36}", "lines");
        let other = expand_example("ghp_{an:36}", "lines2");
        let text = format!("a\nb\ntoken = {token}\n\nx = {other}\n");
        let hits = engine.scan(text.as_bytes(), "a.txt", false);
        let lines: Vec<u32> = hits.iter().map(|h| h.line).collect();
        assert_eq!(lines, vec![3, 5]);
    }

    #[test]
    fn inline_allow_marks_the_hit() {
        let token = expand_example("ghp_{an:36}", "allow");
        let text = format!("t = \"{token}\" # diligence:allow\nu = \"{token}\"\n");
        let hits = ENGINE.scan(text.as_bytes(), "a.py", false);
        assert_eq!(hits.len(), 2);
        assert!(hits[0].inline_allowed);
        assert!(!hits[1].inline_allowed);
    }

    #[test]
    fn base64_image_payloads_are_not_secrets() {
        let body = expand_example("{b64:4000}", "img");
        let text = format!("<img src=\"data:image/png;base64,{body}AKIAQWERTYUIOPASDFGH{body}\">");
        let hits = ENGINE.scan(text.as_bytes(), "index.html", false);
        assert!(hits.is_empty(), "{hits:?}");
    }

    /// The keyword pass as specified: a rule runs when one of its keywords occurs in the
    /// buffer, any case, or when it has none.
    fn triggered_reference(engine: &Engine, content: &[u8]) -> Vec<bool> {
        let lower = content.to_ascii_lowercase();
        engine
            .rules
            .iter()
            .map(|rule| {
                !rule.is_path_only()
                    && (rule.spec.keywords.is_empty()
                        || rule.spec.keywords.iter().any(|k| {
                            let k = k.to_ascii_lowercase();
                            lower
                                .windows(k.len().max(1))
                                .any(|w| k.is_empty() || w == k.as_bytes())
                        }))
            })
            .collect()
    }

    fn keyword_rules(keywords: &[(&str, &[&str])]) -> Engine {
        let mut text = String::new();
        for (id, kws) in keywords {
            let kws: Vec<String> = kws.iter().map(|k| format!("{k:?}")).collect();
            text.push_str(&format!(
                "[[rules]]\nid = \"{id}\"\ndescription = \"d\"\nkind = \"k\"\nkeywords = [{}]\n\
                 regex = 'zz(\\d+)'\nseverity = \"high\"\ntrue_positives = [\"zz1\", \"zz2\"]\n\
                 false_positives = [\"yy\"]\n\n",
                kws.join(", ")
            ));
        }
        Engine::from_toml(&text).expect("valid rules")
    }

    #[test]
    fn keywords_trigger_their_rules_whatever_their_overlaps_and_case() {
        let engine = keyword_rules(&[
            // One keyword shared by several rules; a keyword inside another of the same rule.
            ("shared-a", &["token", "access_token"]),
            ("shared-b", &["token"]),
            // A longer keyword kept although a shorter one is inside it: not the same rules.
            ("inside", &["access_token"]),
            // Keywords that overlap each other's ends.
            ("left", &["abcd"]),
            ("right", &["cdef"]),
            // One-byte keywords, one of them a letter (any case).
            ("colon", &[":"]),
            ("letter", &["q"]),
            ("mixed", &["XoXe-"]),
        ]);
        let on = |text: &str| {
            let [t, by_dfa] = engine.triggered_each(text.as_bytes());
            assert_eq!(t, by_dfa, "{text}");
            let mut ids: Vec<&str> = engine
                .rules
                .iter()
                .enumerate()
                .filter(|(i, _)| t[*i])
                .map(|(_, r)| r.spec.id.as_str())
                .collect();
            ids.sort_unstable();
            assert_eq!(t, triggered_reference(&engine, text.as_bytes()), "{text}");
            ids
        };
        assert_eq!(on("ACCESS_TOKEN"), ["inside", "shared-a", "shared-b"]);
        assert_eq!(on("a Token"), ["shared-a", "shared-b"]);
        // `cdef` starts inside `abcd`: both are seen.
        assert_eq!(on("xxABCDEFxx"), ["left", "right"]);
        assert_eq!(on("abcdabcd"), ["left"]);
        assert_eq!(on("a: b"), ["colon"]);
        assert_eq!(on("Q"), ["letter"]);
        assert_eq!(on("xoxe-1"), ["mixed"]);
        assert_eq!(on("XOXE"), Vec::<&str>::new());
        assert_eq!(on(""), Vec::<&str>::new());
    }

    #[test]
    fn a_long_buffer_searched_in_two_lanes_misses_no_keyword_across_the_cut() {
        let engine = &*ENGINE;
        let mut keywords: Vec<String> = engine
            .rules
            .iter()
            .flat_map(|r| r.spec.keywords.iter().cloned())
            .filter(|k| k.len() > 1)
            .collect();
        keywords.sort_unstable();
        keywords.dedup();
        let longest = keywords.iter().map(String::len).max().unwrap_or(1);
        // Buffers long enough for two lanes, one keyword at every offset around the middle
        // (where the lanes meet, whatever the overlap), at the start and at the end.
        for (n, k) in keywords.iter().enumerate() {
            let len = TWO_LANES + n % 97;
            let middle = len / 2;
            let mut offsets: Vec<usize> = (middle.saturating_sub(longest + 2)..middle + 3)
                .filter(|o| o + k.len() <= len)
                .collect();
            offsets.extend([0, len - k.len()]);
            // What the keyword triggers does not depend on where it is.
            let expected = triggered_reference(engine, k.as_bytes());
            for offset in offsets {
                let mut text = vec![0x01u8; len];
                text[offset..offset + k.len()].copy_from_slice(k.to_ascii_uppercase().as_bytes());
                let [got, by_dfa] = engine.triggered_each(&text);
                assert_eq!(got, expected, "{k:?} at {offset} of {len}");
                assert_eq!(by_dfa, expected, "{k:?} at {offset} of {len}");
                assert!(
                    engine
                        .rules
                        .iter()
                        .zip(&got)
                        .any(|(r, &t)| t && r.spec.keywords.contains(k)),
                    "{k:?} at {offset} of {len}"
                );
            }
        }
    }

    #[test]
    fn the_keyword_pass_triggers_what_the_reference_triggers_on_the_shipped_rules() {
        let engine = &*ENGINE;
        let keywords: Vec<String> = engine
            .rules
            .iter()
            .flat_map(|r| r.spec.keywords.iter().cloned())
            .collect();
        // Every rule's own examples.
        let mut texts: Vec<Vec<u8>> = engine
            .rules
            .iter()
            .flat_map(|r| r.spec.true_positives.iter().chain(&r.spec.false_positives))
            .map(|t| t.as_bytes().to_vec())
            .collect();
        // Keywords run into each other (the end of one is the start of the next), in mixed
        // case: a deterministic sample of pairs and triples.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or(0)
        };
        for _ in 0..4000 {
            let mut text = Vec::new();
            for _ in 0..1 + next(3) {
                let k = keywords[next(keywords.len())].as_bytes();
                let overlap = next(k.len().min(3) + 1).min(text.len());
                text.truncate(text.len() - overlap);
                text.extend(k.iter().map(|b| {
                    if next(2) == 0 {
                        b.to_ascii_uppercase()
                    } else {
                        *b
                    }
                }));
            }
            texts.push(text);
        }
        for text in &texts {
            let expected = triggered_reference(engine, text);
            for by_each in engine.triggered_each(text) {
                assert_eq!(by_each, expected, "{}", String::from_utf8_lossy(text));
            }
        }
    }
}
