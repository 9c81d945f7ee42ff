//! `secrets`: credentials committed to the working tree and to the git history.
//!
//! The facts carry, per file, the redacted hits of the secrets scanner (see
//! `src/facts/secrets/`), and for the repository the hits of the history scan and the
//! baseline. This check turns them into findings: one per secret in the tree, one per secret
//! that is only left in the history ("removed from the code but still in the history: rotate
//! it"), and one per file that is itself a secret (a keystore, an `id_rsa`). Findings on a line
//! marked `diligence:allow`, in a configured `allow_paths` glob, or listed in the baseline stay
//! in the report marked suppressed and count for nothing.
//!
//! Score: 100, minus 50 per critical, 25 per high, 10 per medium and 3 per low finding that
//! counts; any counted critical or high finding fails the check (and a critical one caps the
//! overall grade at D).

use std::collections::{BTreeMap, HashMap, HashSet};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::check::{
    Check, CheckConfig, Evaluation, Finding, HistoryOrigin, Location, Severity, Status, Tally,
};
use crate::facts::roles::role_of_path;
use crate::facts::secrets::{
    history::path_hit, Confidence, HistoryHit, HistoryStatus, SecretHit, ENGINE,
};
use crate::facts::{FileFacts, Needs, RepoFacts, Role};

/// The check.
pub struct Secrets;

const PARAM_KEYS: &[&str] = &["allow_paths", "baseline", "history"];

/// Points per counted finding, by severity.
fn points(s: Severity) -> u32 {
    match s {
        Severity::Critical => 50,
        Severity::High => 25,
        Severity::Medium => 10,
        Severity::Low => 3,
        Severity::Info => 0,
    }
}

const TREE_REMEDIATION: &str = "Rotate this credential now (revoke it where it was issued and issue a new one), load it from a secret manager or the environment instead, then purge it from the git history (for example with git filter-repo): every existing clone still holds it.";
const HISTORY_REMEDIATION: &str = "Removed from the code but still in the git history: rotate it, then purge the history (for example with git filter-repo) and have every clone re-fetched.";
const FILE_REMEDIATION: &str = "Remove the file from the repository, rotate the keys or passwords it holds, and purge it from the git history.";
const EXAMPLE_REMEDIATION: &str =
    "Nothing to rotate if this is the vendor's published example; confirm it is not a real key.";

/// A finding and whether it counts in the score: a credential of the company's own code
/// (product path) with at least medium confidence. The others are listed apart.
struct Judged {
    finding: Finding,
    counted: bool,
    /// The fingerprint of the secret's value, for a value found in the working tree (not for
    /// a file that is itself a secret, nor for the history, whose scan reports a value once).
    value: Option<String>,
}

/// Where a hit was seen. A history path takes the role of the same path in the tree when it
/// is still there, else the role its path conventions give.
enum Place<'a> {
    Tree(&'a FileFacts),
    History {
        hit: &'a HistoryHit,
        path: &'a str,
        role: Role,
    },
}

impl Check for Secrets {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::SECRETS | Needs::GIT_HISTORY
    }

    fn param_keys(&self) -> &'static [&'static str] {
        PARAM_KEYS
    }

    fn validate_params(&self, params: &toml::Table) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for (key, value) in params {
            match key.as_str() {
                "allow_paths" => match value.as_array() {
                    Some(globs) => {
                        for g in globs {
                            match g.as_str() {
                                Some(g) => {
                                    if let Err(e) = glob(g) {
                                        problems.push(format!(
                                            "checks.secrets.allow_paths: invalid glob `{g}`: {e}"
                                        ));
                                    }
                                }
                                None => problems.push(
                                    "checks.secrets.allow_paths: expected a list of glob strings"
                                        .into(),
                                ),
                            }
                        }
                    }
                    None => problems
                        .push("checks.secrets.allow_paths: expected a list of glob strings".into()),
                },
                "baseline" => {
                    if !value.is_str() {
                        problems.push("checks.secrets.baseline: expected a file path".into());
                    }
                }
                "history" => {
                    if !value.is_bool() {
                        problems.push("checks.secrets.history: expected true or false".into());
                    }
                }
                other => problems.push(format!("checks.secrets: unknown key `{other}`")),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    fn evaluate(&self, facts: &RepoFacts, cfg: &CheckConfig) -> Evaluation {
        let allow = allow_paths(&cfg.params);
        let mut findings: Vec<Judged> = Vec::new();
        let mut live: HashSet<&str> = HashSet::new();
        let mut path_hits: Vec<(SecretHit, &FileFacts)> = Vec::new();
        let mut scanned_files = 0u64;

        for file in &facts.files {
            if file.not_scanned.is_none() {
                scanned_files += 1;
            }
            for hit in &file.scan.secrets {
                live.insert(&hit.fingerprint);
                findings.push(finding(hit, &Place::Tree(file)));
            }
            if file.scan.secrets.is_empty() {
                for rule in ENGINE.path_hits(&file.path) {
                    path_hits.push((path_hit(rule, &file.path), file));
                }
            }
        }
        for (hit, file) in &path_hits {
            findings.push(finding(hit, &Place::Tree(file)));
        }
        let live: HashSet<String> = live
            .into_iter()
            .map(str::to_owned)
            .chain(path_hits.iter().map(|(h, _)| h.fingerprint.clone()))
            .collect();

        if facts.files.is_empty() && !matches!(facts.secrets.history, HistoryStatus::Scanned(_)) {
            return Evaluation::skipped(
                "There are no files and no git history to scan for secrets.",
            );
        }
        let (history_note, history_only) = history_findings(facts, &live, &mut findings);

        // Suppression: inline marker (set above), allowed paths, baseline; none of them under
        // the default policy (what the grade would be had nobody silenced anything).
        if cfg.default_policy {
            for Judged { finding: f, .. } in &mut findings {
                f.suppressed = None;
            }
        }
        for Judged { finding: f, .. } in findings.iter_mut().filter(|_| !cfg.default_policy) {
            if f.suppressed.is_some() {
                continue;
            }
            let path = f.path.as_deref().unwrap_or("");
            if let Some(set) = &allow {
                if set.is_match(path) {
                    f.suppressed = Some("path listed in [checks.secrets] allow_paths".into());
                    continue;
                }
            }
            if let Some(baseline) = &facts.secrets.baseline {
                let fp = crate::report::fingerprint(&self.meta().id, f);
                if baseline.contains(&fp) {
                    f.suppressed = Some("accepted in the secrets baseline".into());
                }
            }
        }

        let findings = merge_repeats(findings);
        summarize(&findings, history_only, scanned_files, &history_note)
    }
}

/// The findings of secrets that are only in the history, and a sentence on what the history
/// scan covered. A history path takes the role of the same path in the tree when it is still
/// there, else the role its path conventions give.
fn history_findings(
    facts: &RepoFacts,
    live: &HashSet<String>,
    findings: &mut Vec<Judged>,
) -> (String, usize) {
    let mut history_note = String::new();
    let mut history_only = 0usize;
    let tree_roles: HashMap<&str, Role> = facts
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.role))
        .collect();
    match &facts.secrets.history {
        HistoryStatus::Scanned(scan) => {
            for h in &scan.hits {
                if live.contains(&h.hit.fingerprint) {
                    continue;
                }
                history_only += 1;
                findings.push(finding(
                    &h.hit,
                    &Place::History {
                        hit: h,
                        path: &h.path,
                        role: tree_roles
                            .get(h.path.as_str())
                            .copied()
                            .unwrap_or_else(|| role_of_path(&h.path)),
                    },
                ));
            }
            history_note = format!(
                " The git history was scanned too: {} commit{} and {} unique blob{}{}{}.",
                scan.commits,
                plural(scan.commits),
                scan.blobs,
                plural(scan.blobs),
                if scan.lines > scan.lines_searched {
                    format!(
                        ", searched where each version of a file differs from the earlier ones ({}% of their lines)",
                        (scan.lines_searched * 100).div_ceil(scan.lines)
                    )
                } else {
                    String::new()
                },
                if scan.shallow {
                    " (a shallow clone: older history was not available)"
                } else {
                    ""
                }
            );
        }
        HistoryStatus::Disabled => {
            history_note = " The git history was not scanned (turned off).".into();
        }
        HistoryStatus::Failed(reason) => {
            history_note = format!(" The git history could not be scanned ({reason}).");
        }
        HistoryStatus::NotARepository | HistoryStatus::NotRequested => {}
    }

    (history_note, history_only)
}

/// The evaluation: score, status and a plain-words summary.
fn summarize(
    judged: &[Judged],
    history_only: usize,
    scanned_files: u64,
    history_note: &str,
) -> Evaluation {
    let mut tally = Tally::new();
    let mut by_severity: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
    let mut tree_kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut history_kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples = 0usize;
    let mut apart = 0usize;
    let suppressed = judged.iter().filter(|j| !j.finding.counts()).count();
    for j in judged.iter().filter(|j| j.finding.counts()) {
        let f = &j.finding;
        if f.severity == Severity::Info {
            examples += 1;
            continue;
        }
        if !j.counted {
            apart += 1;
            continue;
        }
        *by_severity
            .entry(std::cmp::Reverse(f.severity))
            .or_default() += 1;
        let kind = ENGINE
            .rule(&f.rule)
            .map_or_else(|| f.rule.to_string(), |r| r.spec.kind.clone());
        if f.message.contains("still in the git history") {
            *history_kinds.entry(kind).or_default() += 1;
        } else {
            *tree_kinds.entry(kind).or_default() += 1;
        }
    }
    for (std::cmp::Reverse(sev), n) in &by_severity {
        let each = points(*sev);
        tally.deduct(
            each.saturating_mul(u32::try_from(*n).unwrap_or(u32::MAX)),
            format!("{n} {sev} finding{}", plural(*n as u64)),
        );
    }
    let tree_total: usize = tree_kinds.values().sum();
    let history_total: usize = history_kinds.values().sum();
    let _ = history_only;
    let mut summary = if tree_total == 0 && history_total == 0 {
        format!(
            "No live-looking credentials found in the {scanned_files} file{} scanned.",
            plural(scanned_files)
        )
    } else {
        let mut s = String::new();
        if tree_total > 0 {
            s.push_str(&format!(
                "Found {tree_total} live-looking credential{} in the code ({})",
                plural(tree_total as u64),
                kinds(&tree_kinds)
            ));
        }
        if history_total > 0 {
            if s.is_empty() {
                s.push_str(&format!(
                    "Found {history_total} live-looking credential{} that {} removed from the code but still in the git history ({}): rotate {}",
                    plural(history_total as u64),
                    if history_total == 1 { "was" } else { "were" },
                    kinds(&history_kinds),
                    if history_total == 1 { "it" } else { "them" },
                ));
            } else {
                s.push_str(&format!(
                    ", and {history_total} more removed from the code but still in the git history ({})",
                    kinds(&history_kinds)
                ));
            }
        }
        s.push('.');
        s
    };
    if apart > 0 {
        summary.push_str(&format!(
            " {apart} more finding{} listed apart and not counted: in tests, fixtures, documentation, examples or third-party code, or of low confidence.",
            plural(apart as u64)
        ));
    }
    if examples > 0 {
        summary.push_str(&format!(
            " {examples} documented example key{}, example credential{} or key{} public by design (harmless).",
            plural(examples as u64),
            plural(examples as u64),
            plural(examples as u64)
        ));
    }
    if suppressed > 0 {
        summary.push_str(&format!(
            " {suppressed} finding{} suppressed (inline marker, allowed path or baseline) and not counted.",
            plural(suppressed as u64)
        ));
    }
    summary.push_str(history_note);
    let blocking = judged
        .iter()
        .any(|j| j.counted && j.finding.counts() && j.finding.severity >= Severity::High);
    let findings: Vec<Finding> = judged.iter().map(|j| j.finding.clone()).collect();
    let eval = Evaluation::scored(tally.score(), summary, &tally, findings);
    if blocking {
        eval.with_status(Status::Fail)
    } else {
        eval
    }
}

/// One finding for one hit.
fn finding(hit: &SecretHit, place: &Place<'_>) -> Judged {
    let rule = ENGINE.rule(&hit.rule);
    let description = rule.map_or(hit.rule.as_str(), |r| r.spec.description.as_str());
    let path_only = rule.is_some_and(crate::facts::secrets::engine::Rule::is_path_only);
    let (path, role) = match place {
        Place::Tree(file) => (file.path.as_str(), file.role),
        Place::History { path, role, .. } => (*path, *role),
    };
    let mut severity = hit.severity;
    let mut qualifiers = Vec::new();
    if let Some(note) = &hit.note {
        qualifiers.push(note.clone());
    }
    if !role.is_product() {
        if severity > Severity::Info {
            severity = lower(severity);
        }
        qualifiers.push(format!(
            "in {}, listed apart; severity lowered",
            role.describe()
        ));
    }
    if hit.confidence == Confidence::Low && severity > Severity::Info {
        severity = severity.min(Severity::Medium);
        qualifiers.push("low confidence: a generic shape, listed apart".into());
    }
    let counted = role.is_product() && hit.confidence >= Confidence::Medium;
    let qualifier = if qualifiers.is_empty() {
        String::new()
    } else {
        format!(" ({})", qualifiers.join("; "))
    };
    let (message, remediation) = match place {
        Place::Tree(_) if path_only => (
            format!("A committed file that is itself a secret: {description}{qualifier}."),
            FILE_REMEDIATION,
        ),
        Place::Tree(_) => (
            format!("{description} committed in the code{qualifier}."),
            if hit.severity == Severity::Info {
                EXAMPLE_REMEDIATION
            } else {
                TREE_REMEDIATION
            },
        ),
        Place::History { hit, .. } => (
            format!(
                "{description} removed from the code but still in the git history (commit {}){qualifier}: rotate it.",
                &hit.commit[..hit.commit.len().min(12)]
            ),
            HISTORY_REMEDIATION,
        ),
    };
    let mut f = Finding::new(hit.rule.clone(), severity, message, remediation)
        .at(path, (hit.line > 0).then_some(hit.line))
        .in_role(role)
        .with_confidence(hit.confidence);
    if !hit.redacted.is_empty() {
        f = f.with_evidence(hit.redacted.clone());
    }
    if let Place::History { hit: h, .. } = place {
        f = f.from_history(HistoryOrigin {
            commit: h.commit.clone(),
            date: jiff::Timestamp::from_second(h.time)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            author: h.author.clone(),
            commits: h.commits,
            paths: h.paths,
        });
    }
    if hit.inline_allowed {
        f = f.suppressed("marked `diligence:allow` on its line");
    }
    let value = match place {
        Place::Tree(_) if !path_only => Some(hit.fingerprint.clone()),
        _ => None,
    };
    Judged {
        finding: f,
        counted,
        value,
    }
}

/// Names at most this many of the other places in a merged finding's message (the JSON lists
/// them all).
const PLACES_NAMED: usize = 5;

/// One finding per value: the findings of the working tree that hold the same value (the
/// same rule and fingerprint), judged alike (counted or not, the same severity, role,
/// confidence and suppression), become the first of them, which names the others. One credential copied into
/// six example folders, or a test password on seven lines of one file, is one thing to rotate
/// or to explain, and is deducted once.
fn merge_repeats(judged: Vec<Judged>) -> Vec<Judged> {
    let mut out: Vec<Judged> = Vec::with_capacity(judged.len());
    type Alike = (
        String,
        String,
        bool,
        Severity,
        Option<Role>,
        Option<Confidence>,
        Option<String>,
    );
    let mut first: HashMap<Alike, usize> = HashMap::new();
    for j in judged {
        let Some(value) = &j.value else {
            out.push(j);
            continue;
        };
        let f = &j.finding;
        let key = (
            f.rule.to_string(),
            value.clone(),
            j.counted,
            f.severity,
            f.role,
            f.confidence,
            f.suppressed.clone(),
        );
        match first.get(&key) {
            Some(&i) => out[i].finding.also.push(Location {
                path: f.path.clone().unwrap_or_default(),
                line: f.line,
            }),
            None => {
                first.insert(key, out.len());
                out.push(j);
            }
        }
    }
    for j in &mut out {
        let also = &j.finding.also;
        if also.is_empty() {
            continue;
        }
        let path = j.finding.path.as_deref().unwrap_or("");
        let named: Vec<String> = also
            .iter()
            .take(PLACES_NAMED)
            .map(|l| match l.line {
                Some(line) if l.path == path => format!("line {line}"),
                Some(line) => format!("{}:{line}", l.path),
                None => l.path.clone(),
            })
            .collect();
        let more = also.len().saturating_sub(PLACES_NAMED);
        let sentence = format!(
            " The same value is also at {} other place{}: {}{}.",
            also.len(),
            plural(also.len() as u64),
            named.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
        j.finding.message.push_str(&sentence);
    }
    out
}

/// Two steps down (critical → medium, high → low), not below low.
fn lower(s: Severity) -> Severity {
    match s {
        Severity::Critical => Severity::Medium,
        Severity::High | Severity::Medium | Severity::Low => Severity::Low,
        Severity::Info => Severity::Info,
    }
}

fn kinds(map: &BTreeMap<String, usize>) -> String {
    let mut v: Vec<(&String, &usize)> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn glob(g: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(g).literal_separator(true).build()
}

/// The `allow_paths` globs, compiled (invalid ones were rejected by `validate_params`).
fn allow_paths(params: &toml::Table) -> Option<GlobSet> {
    let globs = params.get("allow_paths")?.as_array()?;
    let mut b = GlobSetBuilder::new();
    for g in globs.iter().filter_map(toml::Value::as_str) {
        if let Ok(g) = glob(g) {
            b.add(g);
        }
    }
    b.build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::secrets::{scan_buffer, Baseline, HistoryHit, HistoryScan, SecretsFacts};
    use crate::facts::FileKind;

    fn file(path: &str, content: &str) -> FileFacts {
        let kind = crate::facts::classify::classify(path, None);
        let mut f = FileFacts {
            path: path.into(),
            size: content.len() as u64,
            kind,
            role: role_of_path(path),
            ..FileFacts::default()
        };
        f.scan.secrets = scan_buffer(&ENGINE, content.as_bytes(), path, kind);
        f
    }

    fn facts(files: Vec<FileFacts>) -> RepoFacts {
        let mut facts = RepoFacts::empty("t");
        facts.files = files;
        facts.files.sort_by(|a, b| a.path.cmp(&b.path));
        facts
    }

    fn token(seed: &str) -> String {
        crate::facts::secrets::engine::expand_example("ghp_{an:36}", seed)
    }

    fn key_block(seed: &str) -> String {
        crate::facts::secrets::engine::expand_example(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{b64:64}\n{b64:64}\n-----END OPENSSH PRIVATE KEY-----\n",
            seed,
        )
    }

    #[test]
    fn clean_tree_passes() {
        let e = Secrets.evaluate(
            &facts(vec![file("src/main.rs", "fn main() {}")]),
            &CheckConfig::default(),
        );
        assert_eq!(e.score, Some(100));
        assert_eq!(e.status, Status::Pass);
        assert!(
            e.summary.contains("No live-looking credentials"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn private_key_is_critical_and_fails() {
        let e = Secrets.evaluate(
            &facts(vec![
                file("deploy/key", &key_block("k")),
                file("src/gh.py", &format!("TOKEN = '{}'\n", token("t"))),
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(e.status, Status::Fail);
        assert_eq!(e.score, Some(25));
        let key = e
            .findings
            .iter()
            .find(|f| f.rule == "private-key-openssh")
            .unwrap();
        assert_eq!(key.severity, Severity::Critical);
        assert_eq!(key.line, Some(1));
        assert!(
            e.summary
                .contains("2 live-looking credentials in the code (1 GitHub, 1 private key)"),
            "{}",
            e.summary
        );
        // Evidence is redacted everywhere.
        let gh = e
            .findings
            .iter()
            .find(|f| f.rule == "github-pat-classic")
            .unwrap();
        let t = token("t");
        let ev = gh.evidence.as_deref().unwrap();
        assert!(ev.starts_with(&t[..4]) && ev.ends_with(&t[t.len() - 4..]));
        assert!(!ev.contains(&t[4..12]));
    }

    #[test]
    fn secret_files_are_reported_by_name() {
        let mut p12 = file("certs/prod.p12", "");
        p12.not_scanned = Some(crate::facts::NotScanned::Binary);
        let e = Secrets.evaluate(&facts(vec![p12]), &CheckConfig::default());
        assert_eq!(e.findings.len(), 1);
        assert_eq!(e.findings[0].rule, "pkcs12-file");
        assert_eq!(e.findings[0].severity, Severity::Critical);
        assert!(e.findings[0].evidence.is_none());
    }

    #[test]
    fn history_only_secrets_are_their_own_findings() {
        let live = file("app.env", &format!("GH={}\n", token("live")));
        let live_hit = live.scan.secrets[0].clone();
        let gone = scan_buffer(
            &ENGINE,
            format!("GH={}\n", token("gone")).as_bytes(),
            "old.env",
            FileKind::empty(),
        )[0]
        .clone();
        let mut f = facts(vec![live]);
        f.secrets = SecretsFacts {
            history: HistoryStatus::Scanned(HistoryScan {
                commits: 12,
                blobs: 30,
                blobs_skipped: 0,
                shallow: false,
                blobs_full: 0,
                lines: 0,
                lines_searched: 0,
                hits: vec![
                    HistoryHit {
                        commit: "a".repeat(40),
                        path: "app.env".into(),
                        hit: live_hit,
                        commits: 1,
                        paths: 1,
                        time: 0,
                        author: String::new(),
                    },
                    HistoryHit {
                        commit: "b".repeat(40),
                        path: "old.env".into(),
                        hit: gone,
                        commits: 1,
                        paths: 1,
                        time: 0,
                        author: String::new(),
                    },
                ],
            }),
            baseline: None,
        };
        let e = Secrets.evaluate(&f, &CheckConfig::default());
        assert_eq!(e.findings.len(), 2, "{:?}", e.findings);
        let old = e
            .findings
            .iter()
            .find(|f| f.path.as_deref() == Some("old.env"))
            .unwrap();
        assert!(old
            .message
            .contains("still in the git history (commit bbbbbbbbbbbb)"));
        assert!(old.remediation.contains("rotate it"));
        assert!(
            e.summary.contains("1 more removed from the code"),
            "{}",
            e.summary
        );
        assert!(
            e.summary.contains("12 commits and 30 unique blobs"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn suppressed_findings_are_shown_but_not_counted() {
        let inline = file(
            "a.py",
            &format!("T = '{}'  # diligence:allow\n", token("a")),
        );
        let allowed = file("fixtures/b.py", &format!("T = '{}'\n", token("b")));
        let baselined = file("c.py", &format!("T = '{}'\n", token("c")));
        let mut f = facts(vec![inline, allowed, baselined]);
        // The baseline holds the report fingerprint of the finding in c.py.
        let c_finding = Secrets
            .evaluate(&f, &CheckConfig::default())
            .findings
            .into_iter()
            .find(|x| x.path.as_deref() == Some("c.py"))
            .unwrap();
        f.secrets.baseline = Some(Baseline::new([crate::report::fingerprint(
            "secrets", &c_finding,
        )]));
        let mut params = toml::Table::new();
        params.insert(
            "allow_paths".into(),
            toml::Value::Array(vec!["fixtures/**".into()]),
        );
        let e = Secrets.evaluate(
            &f,
            &CheckConfig {
                weight: 10.0,
                params,
                ..CheckConfig::default()
            },
        );
        assert_eq!(e.findings.len(), 3);
        assert!(
            e.findings.iter().all(|f| f.suppressed.is_some()),
            "{:?}",
            e.findings
        );
        assert_eq!(e.score, Some(100));
        assert_eq!(e.status, Status::Pass);
        assert!(e.summary.contains("3 findings suppressed"), "{}", e.summary);
    }

    #[test]
    fn test_code_lowers_severity() {
        let e = Secrets.evaluate(
            &facts(vec![file("tests/data/key.pem", &key_block("t"))]),
            &CheckConfig::default(),
        );
        assert_eq!(e.findings[0].severity, Severity::Medium);
        assert!(e.findings[0].message.contains("listed apart"));
        // Listed, but the company's score does not pay for a test key.
        assert_eq!(e.score, Some(100));
        assert!(
            e.summary.contains("1 more finding listed apart"),
            "{}",
            e.summary
        );
    }

    #[test]
    fn history_paths_get_the_same_role_as_in_the_tree() {
        let hit = |seed: &str, path: &str| {
            scan_buffer(
                &ENGINE,
                format!(
                    "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
                    crate::facts::secrets::engine::expand_example("{b64:64}\n{b64:64}", seed)
                )
                .as_bytes(),
                path,
                FileKind::empty(),
            )[0]
            .clone()
        };
        let mut f = facts(vec![file("src/main.go", "package main\n")]);
        f.secrets = SecretsFacts {
            history: HistoryStatus::Scanned(HistoryScan {
                commits: 3,
                blobs: 3,
                blobs_skipped: 0,
                shallow: false,
                blobs_full: 0,
                lines: 0,
                lines_searched: 0,
                hits: vec![
                    HistoryHit {
                        commit: "a".repeat(40),
                        path: "vendor/github.com/x/y/testdata/key.pem".into(),
                        hit: hit("v", "vendor/github.com/x/y/testdata/key.pem"),
                        commits: 1,
                        paths: 1,
                        time: 0,
                        author: String::new(),
                    },
                    HistoryHit {
                        commit: "b".repeat(40),
                        path: "server_test.go".into(),
                        hit: hit("t", "server_test.go"),
                        commits: 1,
                        paths: 1,
                        time: 0,
                        author: String::new(),
                    },
                ],
            }),
            baseline: None,
        };
        let e = Secrets.evaluate(&f, &CheckConfig::default());
        assert_eq!(e.findings.len(), 2);
        assert!(
            e.findings.iter().all(|f| f.severity == Severity::Medium),
            "{:?}",
            e.findings
        );
        assert!(e
            .findings
            .iter()
            .all(|f| f.message.contains("listed apart")));
        assert_eq!(e.score, Some(100));
        assert_eq!(e.status, Status::Pass);
    }

    #[test]
    fn low_confidence_and_lone_identifiers_are_listed_apart() {
        let jwt = crate::facts::secrets::engine::expand_example(
            "token = \"eyJhbGciOiJIUzI1NiJ9.eyJ{b64u:60}.{b64u:43}\"\n",
            "jwt",
        );
        let key_id = crate::facts::secrets::engine::expand_example(
            "aws_access_key_id = AKIA{b32:16}\n",
            "id",
        );
        let e = Secrets.evaluate(
            &facts(vec![
                file("src/auth.py", &jwt),
                file("deploy/aws.ini", &key_id),
            ]),
            &CheckConfig::default(),
        );
        assert_eq!(e.findings.len(), 2, "{:?}", e.findings);
        let id = e
            .findings
            .iter()
            .find(|f| f.rule == "aws-access-key-id")
            .unwrap();
        assert_eq!(id.severity, Severity::Low);
        assert_eq!(id.confidence, Some(Confidence::Low));
        assert!(
            id.message.contains("without its secret key"),
            "{}",
            id.message
        );
        assert_eq!(e.score, Some(100));
        // With its secret key next to it, the pair is critical and counts.
        let pair = crate::facts::secrets::engine::expand_example(
            "aws_access_key_id = AKIA{b32:16}\naws_secret_access_key = {b64:40}\n",
            "pair",
        );
        let e = Secrets.evaluate(
            &facts(vec![file("deploy/aws.ini", &pair)]),
            &CheckConfig::default(),
        );
        let id = e
            .findings
            .iter()
            .find(|f| f.rule == "aws-access-key-id")
            .unwrap();
        assert_eq!(id.severity, Severity::High);
        assert_eq!(e.status, Status::Fail);
    }

    #[test]
    fn params_are_validated() {
        let mut p = toml::Table::new();
        p.insert("allow_paths".into(), toml::Value::String("x".into()));
        p.insert("history".into(), toml::Value::Integer(1));
        p.insert("colour".into(), toml::Value::Integer(1));
        let errs = Secrets.validate_params(&p).unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        let mut ok = toml::Table::new();
        ok.insert(
            "allow_paths".into(),
            toml::Value::Array(vec!["fixtures/**".into()]),
        );
        ok.insert("baseline".into(), toml::Value::String("b.json".into()));
        ok.insert("history".into(), toml::Value::Boolean(false));
        assert!(Secrets.validate_params(&ok).is_ok());
    }
}
