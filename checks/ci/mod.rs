//! `ci`: is there continuous integration, does it run the tests, and are the GitHub Actions
//! workflows safe to run on other people's pull requests?
//!
//! Reads the [`CiFacts`](crate::facts::ci::CiFacts) built after the walk (providers, triggers,
//! what each pipeline runs, GitHub Actions structure, automation files) and the
//! [`TestSuite`](crate::facts::testsuite::TestSuite) for the cross-check: tests that no pipeline
//! runs, pipelines that run no tests, no CI at all. The supply-chain rules for GitHub Actions
//! each give a finding on the file and line: a `pull_request_target`/`workflow_run` workflow
//! that checks out the untrusted head (critical), event text interpolated into `run:` scripts,
//! third-party actions on a mutable tag, no `permissions:` block, secrets handed to untrusted
//! code.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::check::{plural, Check, CheckConfig, Evaluation, Finding, Severity, Status, Tally};
use crate::facts::ci::{ActivityKind, AutomationKind, Job, Pipeline, Step, Workflow};
use crate::facts::{Needs, RepoFacts};

/// The check.
pub struct Ci;

impl Check for Ci {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::DOCUMENTS | Needs::SOURCE_SIGNALS | Needs::LINE_COUNTS
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        evaluate(facts)
    }
}

/// Refs that name the untrusted head of a pull request or of the run that triggered a
/// `workflow_run`.
static UNTRUSTED_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"github\.event\.pull_request\.head\.(?:sha|ref|repo\.full_name)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch|repository\.full_name)|refs/pull/|github\.event\.pull_request\.merge_commit_sha|github\.event\.number|github\.event\.pull_request\.number",
    )
    .expect("valid regex")
});

/// `${{ … }}` expressions over event text that an outsider controls.
static INJECTABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\$\{\{\s*(?:github\.event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)|comment\.body|review\.body|review_comment\.body|discussion\.(?:title|body)|pages\.[^}]*?\.page_name|commits\.[^}]*?\.(?:message|author\.(?:email|name))|head_commit\.(?:message|author\.(?:email|name))|workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))|release\.(?:name|body))|github\.head_ref)\s*\}\}",
    )
    .expect("valid regex")
});

const DANGEROUS_TRIGGERS: &[&str] = &["pull_request_target", "workflow_run"];

/// Pinned to an immutable reference: a 40-character commit SHA for an action or reusable
/// workflow, a `@sha256:` digest for a `docker://` image.
fn is_pinned(uses: &str) -> bool {
    if let Some(image) = uses.strip_prefix("docker://") {
        return image.contains("@sha256:");
    }
    uses.rsplit_once('@')
        .is_some_and(|(_, r)| r.len() == 40 && r.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Neither GitHub's (`actions/*`, `github/*`), nor local (`./…`), nor the project's own (an
/// owner its manifests name, see [`CiFacts::owners`](crate::facts::ci::CiFacts::owners)):
/// code whose tag someone else can move. `docker://` images are third-party too.
fn is_third_party(uses: &str, owners: &[String]) -> bool {
    let lower = uses.to_ascii_lowercase();
    if lower.starts_with("./") || lower.starts_with("actions/") || lower.starts_with("github/") {
        return false;
    }
    if lower.starts_with("docker://") {
        return true;
    }
    let owner = lower.split('/').next().unwrap_or("");
    !owners.iter().any(|o| o == owner)
}

/// Chat services whose incoming webhooks a workflow uses to post notifications (a secret named
/// `*WEBHOOK*` with one of these in its name).
const CHAT_SERVICES: &[&str] = &[
    "DISCORD",
    "SLACK",
    "TEAMS",
    "GITTER",
    "MATTERMOST",
    "ROCKETCHAT",
    "TELEGRAM",
    "ZULIP",
    "GCHAT",
    "GOOGLE_CHAT",
];

/// Whether a secret's name says it is a chat notification webhook (`DISCORD_WEBHOOK`,
/// `SLACK_WEBHOOK_URL`): whoever has it can post to one channel, nothing more.
fn is_chat_webhook(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    name.contains("WEBHOOK") && CHAT_SERVICES.iter().any(|s| name.contains(s))
}

/// The severity of handing this value to third-party code on a mutable reference: `high` for a
/// secret of the project's own (a cloud key, a registry or personal token: long-lived, scope
/// unknown), `medium` when the only secrets are the job's `GITHUB_TOKEN` (scoped by the
/// workflow's `permissions:` and expiring with the job) or chat notification webhooks
/// ([`is_chat_webhook`]). `None`: no secret in the value.
fn secret_severity(value: &str) -> Option<Severity> {
    let names = secret_names(value);
    let any = value.contains("github.token") || !names.is_empty();
    // `secrets[...]` and `toJSON(secrets)` reach any secret.
    let custom = names
        .iter()
        .any(|n| !n.eq_ignore_ascii_case("GITHUB_TOKEN") && !is_chat_webhook(n))
        || value.contains("secrets[")
        || value.contains("toJSON(secrets)");
    any.then_some(if custom {
        Severity::High
    } else {
        Severity::Medium
    })
}

/// The secrets a value names (`secrets.NAME`), in order, each once.
fn secret_names(value: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for (i, _) in value.match_indices("secrets.") {
        let rest = &value[i + "secrets.".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if !names.contains(&&rest[..end]) {
            names.push(&rest[..end]);
        }
    }
    names
}

/// How a finding names what a value passes: the custom secrets it names, "any of the
/// repository's secrets" for `secrets[...]`, else the job's repository token.
fn what_is_passed(value: &str) -> String {
    let custom: Vec<String> = secret_names(value)
        .into_iter()
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("GITHUB_TOKEN"))
        .map(|n| format!("`{n}`"))
        .collect();
    if value.contains("secrets[") || value.contains("toJSON(secrets)") {
        "any of the repository's secrets".to_owned()
    } else if custom.is_empty() {
        "the job's repository token".to_owned()
    } else if custom.len() == 1 {
        format!("the secret {}", custom[0])
    } else {
        format!("the secrets {}", custom.join(", "))
    }
}

/// One finding for the secrets a step gives to a third-party action or image on a mutable
/// reference (every input and variable of the step together: one fact, at its worst input).
fn secrets_given(path: &str, uses: &str, step: &Step) -> Option<Finding> {
    let given: Vec<(Severity, String, u32)> = step
        .with
        .iter()
        .chain(&step.env)
        .filter_map(|(k, v, l)| {
            let severity = secret_severity(v)?;
            Some((severity, format!("{} (as `{k}`)", what_is_passed(v)), *l))
        })
        .collect();
    let severity = given.iter().map(|g| g.0).max()?;
    let line = given.iter().find(|g| g.0 == severity)?.2;
    let names: Vec<&str> = given.iter().map(|g| g.1.as_str()).collect();
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    let (what, mover) = if uses.starts_with("docker://") {
        ("The container image", "whoever can push that tag")
    } else {
        ("The third-party action", "whoever can move the tag")
    };
    let (gets, fix) = if severity == Severity::High {
        (
            if given.len() > 1 { "them" } else { "it" },
            "Pin it to a full commit SHA (an image to its `@sha256:` digest) and review it before giving it secrets.",
        )
    } else {
        (
            "the job's repository token, with the permissions the workflow grants",
            "Pin it to a full commit SHA (an image to its `@sha256:` digest), and keep the workflow's `permissions:` to what it needs.",
        )
    };
    Some(
        Finding::new(
            "secrets-to-untrusted-code",
            severity,
            format!("{what} {uses}, on a mutable tag, is given {list}: {mover} gets {gets}."),
            fix,
        )
        .at(path, Some(line))
        .with_evidence(uses.to_owned()),
    )
}

fn step_reads_secrets(step: &Step) -> bool {
    step.with.iter().any(|(_, v, _)| v.contains("secrets."))
        || step.env.iter().any(|(_, v, _)| v.contains("secrets."))
        || step
            .run
            .as_ref()
            .is_some_and(|(r, _)| r.contains("secrets."))
}

/// The step checks out the untrusted head (the PR's code, or the triggering run's branch).
fn untrusted_checkout(step: &Step) -> Option<u32> {
    if let Some((uses, line)) = &step.uses {
        if uses.to_ascii_lowercase().starts_with("actions/checkout")
            && step
                .with
                .iter()
                .any(|(k, v, _)| (k == "ref" || k == "repository") && UNTRUSTED_REF.is_match(v))
        {
            return Some(*line);
        }
    }
    if let Some((run, line)) = &step.run {
        if (run.contains("gh pr checkout")
            || ((run.contains("git checkout") || run.contains("git fetch"))
                && UNTRUSTED_REF.is_match(run)))
            && !run.trim().is_empty()
        {
            return Some(*line);
        }
    }
    None
}

/// The 1-based line at or after `from` in `text` that contains `needle`.
fn line_containing(text: Option<&str>, from: u32, needle: &str) -> u32 {
    text.and_then(|t| {
        t.lines()
            .enumerate()
            .skip(from.saturating_sub(1) as usize)
            .find(|(_, l)| l.contains(needle))
            .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
    })
    .unwrap_or(from)
}

fn github_findings(
    p: &Pipeline,
    wf: &Workflow,
    text: Option<&str>,
    owners: &[String],
    out: &mut Vec<Finding>,
) {
    let path = p.path.as_str();
    let dangerous: Vec<&(String, u32)> = wf
        .triggers
        .iter()
        .filter(|(t, _)| DANGEROUS_TRIGGERS.contains(&t.as_str()))
        .collect();

    for job in &wf.jobs {
        job_findings(path, wf, job, &dangerous, text, owners, out);
    }

    let all_jobs_scoped = !wf.jobs.is_empty() && wf.jobs.iter().all(|j| j.permissions.is_some());
    match &wf.permissions {
        None if !all_jobs_scoped => out.push(
            Finding::new(
                "permissions-missing",
                Severity::Medium,
                "The workflow has no `permissions:` block, so its token gets the repository's default permissions, which may include write access.",
                "Add `permissions: contents: read` at the top of the workflow and grant more per job only where needed.",
            )
            .at(path, Some(1)),
        ),
        Some((line, Some(v))) if v == "write-all" => out.push(
            Finding::new(
                "permissions-write-all",
                Severity::Medium,
                "The workflow grants its token write access to everything (`permissions: write-all`).",
                "Grant only the scopes the jobs need, for example `contents: read`.",
            )
            .at(path, Some(*line)),
        ),
        _ => {}
    }
}

fn job_findings(
    path: &str,
    wf: &Workflow,
    job: &Job,
    dangerous: &[&(String, u32)],
    text: Option<&str>,
    owners: &[String],
    out: &mut Vec<Finding>,
) {
    if let Some((line, Some(v))) = &job.permissions {
        if v == "write-all" {
            out.push(
                Finding::new(
                    "permissions-write-all",
                    Severity::Medium,
                    format!(
                        "Job `{}` grants its token write access to everything.",
                        job.id
                    ),
                    "Grant only the scopes the job needs.",
                )
                .at(path, Some(*line)),
            );
        }
    }
    if let Some((uses, line)) = &job.uses {
        if is_third_party(uses, owners) && !is_pinned(uses) {
            out.push(unpinned(path, uses, *line));
        }
        if let Some(inherit) = job.secrets_inherit {
            if is_third_party(uses, owners) {
                out.push(
                    Finding::new(
                        "secrets-to-untrusted-code",
                        Severity::High,
                        format!("Job `{}` passes every secret (`secrets: inherit`) to the third-party workflow {uses}.", job.id),
                        "Pass only the secrets that workflow needs, by name, and pin it to a commit SHA.",
                    )
                    .at(path, Some(inherit))
                    .with_evidence(uses.clone()),
                );
            }
        }
    }

    let mut checkout_at: Option<usize> = None;
    for (i, step) in job.steps.iter().enumerate() {
        if let Some((uses, line)) = &step.uses {
            if is_third_party(uses, owners) && !is_pinned(uses) {
                out.push(unpinned(path, uses, *line));
                if let Some(f) = secrets_given(path, uses, step) {
                    out.push(f);
                }
            }
            // actions/github-script runs its `script` input as JavaScript.
            if uses
                .to_ascii_lowercase()
                .starts_with("actions/github-script")
            {
                for (k, v, l) in &step.with {
                    if k == "script" {
                        for m in INJECTABLE.find_iter(v) {
                            out.push(injection(
                                path,
                                m.as_str(),
                                line_containing(text, *l, m.as_str()),
                            ));
                        }
                    }
                }
            }
        }
        if let Some((run, line)) = &step.run {
            for m in INJECTABLE.find_iter(run) {
                out.push(injection(
                    path,
                    m.as_str(),
                    line_containing(text, *line, m.as_str()),
                ));
            }
        }
        if !dangerous.is_empty() && checkout_at.is_none() {
            if let Some(line) = untrusted_checkout(step) {
                checkout_at = Some(i);
                let triggers: Vec<&str> = dangerous.iter().map(|(t, _)| t.as_str()).collect();
                out.push(
                    Finding::new(
                        "untrusted-checkout",
                        Severity::Critical,
                        format!(
                            "Job `{}` runs on `{}` with the repository's secrets and write token, and checks out the untrusted head: code from any fork runs with those privileges.",
                            job.id,
                            triggers.join("`/`")
                        ),
                        "Use `pull_request` for building and testing contributions; if `pull_request_target` is needed, never check out or run the PR's code in it.",
                    )
                    .at(path, Some(line)),
                );
                continue;
            }
        }
        if checkout_at.is_some() && step_reads_secrets(step) {
            out.push(
                Finding::new(
                    "secrets-to-untrusted-code",
                    Severity::High,
                    format!(
                        "Job `{}` uses secrets after checking out untrusted code, which can read them.",
                        job.id
                    ),
                    "Do not expose secrets in a job that runs a contribution's code.",
                )
                .at(path, Some(step.line)),
            );
        }
    }
    if checkout_at.is_some() {
        for line in job.env_secrets.iter().chain(&wf.env_secrets) {
            out.push(
                Finding::new(
                    "secrets-to-untrusted-code",
                    Severity::High,
                    format!(
                        "A secret is in the environment of job `{}`, which checks out untrusted code.",
                        job.id
                    ),
                    "Do not expose secrets in a job that runs a contribution's code.",
                )
                .at(path, Some(*line)),
            );
        }
    }
}

/// One finding for one fact: the same action unpinned, or the same secret handed to it, at
/// several places of one workflow is reported once, at its first line, naming the others.
fn merge_repeats(findings: &mut Vec<Finding>) {
    let mut first: std::collections::HashMap<(String, Option<String>, String), usize> =
        std::collections::HashMap::new();
    let mut repeats: Vec<Vec<u32>> = vec![Vec::new(); findings.len()];
    let mut keep = vec![true; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        if !matches!(
            f.rule.as_ref(),
            "action-not-pinned" | "secrets-to-untrusted-code"
        ) {
            continue;
        }
        let key = (f.rule.to_string(), f.path.clone(), f.message.clone());
        match first.get(&key) {
            Some(&j) => {
                keep[i] = false;
                repeats[j].extend(f.line);
            }
            None => {
                first.insert(key, i);
            }
        }
    }
    let mut i = 0;
    findings.retain_mut(|f| {
        let (kept, lines) = (keep[i], std::mem::take(&mut repeats[i]));
        i += 1;
        if kept && !lines.is_empty() {
            let list = lines
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            f.message = if lines.len() == 1 {
                format!(
                    "{} The same at one more place of this workflow (line {list}).",
                    f.message
                )
            } else {
                format!(
                    "{} The same at {} more places of this workflow (lines {list}).",
                    f.message,
                    lines.len()
                )
            };
        }
        kept
    });
}

fn unpinned(path: &str, uses: &str, line: u32) -> Finding {
    Finding::new(
        "action-not-pinned",
        Severity::Medium,
        if uses.starts_with("docker://") {
            format!("The container image {uses} is referenced by a mutable tag, not a `@sha256:` digest.")
        } else {
            format!("The third-party action {uses} is referenced by a mutable tag or branch, not a commit SHA.")
        },
        "Pin third-party actions to a full commit SHA (with the version in a comment) and let Dependabot or Renovate update them.",
    )
    .at(path, Some(line))
    .with_evidence(uses.to_owned())
}

fn injection(path: &str, expr: &str, line: u32) -> Finding {
    Finding::new(
        "script-injection",
        Severity::High,
        format!("Text controlled by whoever opens an issue or pull request ({expr}) is pasted into a script, which lets them run commands in the workflow."),
        "Pass the value through an environment variable (`env: TITLE: ${{ … }}`) and quote it in the script (\"$TITLE\").",
    )
    .at(path, Some(line))
    .with_evidence(expr.to_owned())
}

fn files_phrase(n: usize) -> String {
    if n == 1 {
        "1 test file".into()
    } else {
        format!("{n} test files")
    }
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn trigger_words(pipelines: &[Pipeline]) -> Vec<&'static str> {
    let mut set: BTreeSet<(u8, &'static str)> = BTreeSet::new();
    for t in pipelines.iter().flat_map(|p| &p.triggers) {
        set.insert(match t.as_str() {
            "push" => (0, "pushes"),
            "pull_request" | "merge_request" | "pull_request_target" => (1, "pull requests"),
            "tag" | "release" | "create" => (2, "tags and releases"),
            "schedule" => (3, "a schedule"),
            "manual" | "workflow_dispatch" | "repository_dispatch" => (4, "demand"),
            "external" => (5, "triggers configured outside the repository"),
            _ => (6, "other events"),
        });
    }
    set.into_iter().map(|(_, w)| w).collect()
}

const ORDER: [ActivityKind; 6] = [
    ActivityKind::Test,
    ActivityKind::Lint,
    ActivityKind::Build,
    ActivityKind::Security,
    ActivityKind::Coverage,
    ActivityKind::Deploy,
];

/// Points lost per finding severity, with a cap per severity.
fn severity_points(s: Severity) -> (u32, u32) {
    match s {
        Severity::Critical => (30, 60),
        Severity::High => (15, 30),
        Severity::Medium => (5, 15),
        Severity::Low | Severity::Info => (0, 0),
    }
}

fn evaluate(facts: &RepoFacts) -> Evaluation {
    let ci = &facts.ci;
    let pipelines = &ci.pipelines;
    let has_tests = facts.tests.has_tests();
    let test_files = facts.tests.test_files.len();
    let mut findings = Vec::new();
    let dep_updates = ci.has(AutomationKind::Dependabot) || ci.has(AutomationKind::Renovate);
    let owners = ci.has(AutomationKind::CodeOwners) || ci.has(AutomationKind::BranchPolicy);
    let hooks = ci.has(AutomationKind::PreCommit);

    if pipelines.is_empty() {
        let mut tally = Tally::starting_at(0);
        if dep_updates {
            tally.add(10, "dependency updates automated");
        }
        if owners {
            tally.add(5, "code owners or branch policies");
        }
        if hooks {
            tally.add(5, "pre-commit hooks");
        }
        findings.push(Finding::new(
            "ci-missing",
            Severity::High,
            "No CI pipeline was found for any common provider.",
            "Add a CI pipeline (for example a GitHub Actions workflow) that builds, lints and tests every push and pull request.",
        ));
        if has_tests {
            findings.push(Finding::new(
                "tests-not-run-in-ci",
                Severity::High,
                format!(
                    "The repository has {} but no CI runs them.",
                    files_phrase(test_files)
                ),
                "Run the test suite in CI on every push and pull request.",
            ));
        }
        let summary = if has_tests {
            "There is no CI: the tests exist but no machine runs them on each change."
        } else {
            "There is no CI: nothing builds or checks the code automatically on each change."
        };
        return Evaluation::scored(tally.score(), summary, &tally, findings)
            .with_status(Status::Fail);
    }

    let mut tally = Tally::new();
    for p in pipelines {
        if let Some(err) = &p.parse_error {
            findings.push(
                Finding::new(
                    "ci-file-unparsable",
                    Severity::Low,
                    format!("The CI file could not be read: {err}."),
                    "Fix the syntax; the provider will reject it too.",
                )
                .at(&p.path, None),
            );
        }
        if let Some(wf) = &p.workflow {
            let text = facts.file(&p.path).and_then(|f| f.text.as_deref());
            github_findings(p, wf, text, &ci.owners, &mut findings);
        }
    }
    merge_repeats(&mut findings);
    let testing: Vec<&Pipeline> = pipelines.iter().filter(|p| p.runs_tests()).collect();
    if testing.is_empty() {
        if has_tests {
            tally.deduct(40, "no pipeline runs the tests");
            findings.push(Finding::new(
                "tests-not-run-in-ci",
                Severity::High,
                format!("The repository has {} but none of its CI pipelines runs them.", files_phrase(test_files)),
                "Add a test step (for example `cargo test`, `npm test`, `pytest`) to the CI pipeline that runs on pull requests.",
            ));
        } else {
            tally.deduct(30, "CI runs no tests (there are none)");
            findings.push(Finding::new(
                "ci-runs-no-tests",
                Severity::Medium,
                "CI exists but runs no tests (the repository has none to run).",
                "Write tests and run them in CI on every pull request.",
            ));
        }
    } else if !testing.iter().any(|p| p.on_changes()) {
        tally.deduct(15, "tests run only on a schedule or by hand");
        findings.push(
            Finding::new(
                "tests-not-run-on-changes",
                Severity::Medium,
                "The pipelines that run tests are not started by pushes or pull requests.",
                "Run the tests on every push and pull request.",
            )
            .at(&testing[0].path, None),
        );
    }
    let runs = |k: ActivityKind| pipelines.iter().any(|p| p.runs(k));
    if !runs(ActivityKind::Lint) {
        tally.deduct(10, "no lint or format check");
        findings.push(Finding::new(
            "ci-no-lint",
            Severity::Low,
            "No CI pipeline runs a linter or format check.",
            "Run the language's linter and formatter check in CI (clippy and rustfmt, eslint, ruff, golangci-lint, …).",
        ));
    }
    if !runs(ActivityKind::Security) && !dep_updates {
        tally.deduct(10, "no security scanning and no dependency updates");
    } else if !dep_updates {
        tally.deduct(5, "no automated dependency updates");
    }
    if !dep_updates {
        findings.push(Finding::new(
            "dependency-updates-missing",
            Severity::Low,
            "Neither Dependabot nor Renovate is configured, so dependency and action updates depend on someone remembering.",
            "Add .github/dependabot.yml (or a Renovate config) for the package ecosystems and for github-actions.",
        ));
    }
    if !runs(ActivityKind::Security) {
        findings.push(Finding::new(
            "ci-no-security-scan",
            Severity::Low,
            "No CI pipeline scans for vulnerable dependencies, secrets or code weaknesses.",
            "Add a dependency audit (cargo deny, npm audit, pip-audit, …) or CodeQL to CI.",
        ));
    }
    if !owners {
        tally.deduct(5, "no CODEOWNERS or branch policy");
        findings.push(Finding::new(
            "codeowners-missing",
            Severity::Info,
            "No CODEOWNERS file or branch policy is kept in the repository (branch protection may still be set in the host's settings).",
            "Add a CODEOWNERS file so that changes get a review from the people who own the code.",
        ));
    }

    let mut lost: std::collections::BTreeMap<Severity, (u32, usize)> = Default::default();
    for f in &findings {
        let (points, cap) = severity_points(f.severity);
        if points == 0 || !is_supply_chain(&f.rule) {
            continue;
        }
        let e = lost.entry(f.severity).or_default();
        e.0 = (e.0 + points).min(cap);
        e.1 += 1;
    }
    for (sev, (points, n)) in lost.iter().rev() {
        tally.deduct(
            *points,
            plural(
                *n,
                &format!("{sev} supply-chain finding"),
                &format!("{sev} supply-chain findings"),
            ),
        );
    }

    let critical = findings.iter().any(|f| f.severity == Severity::Critical);
    let summary = summary(pipelines, &findings, has_tests);
    let e = Evaluation::scored(tally.score(), summary, &tally, findings);
    if critical {
        e.with_status(Status::Fail)
    } else {
        e
    }
}

fn is_supply_chain(rule: &str) -> bool {
    matches!(
        rule,
        "untrusted-checkout"
            | "script-injection"
            | "action-not-pinned"
            | "permissions-missing"
            | "permissions-write-all"
            | "secrets-to-untrusted-code"
    )
}

fn summary(pipelines: &[Pipeline], findings: &[Finding], has_tests: bool) -> String {
    let providers: BTreeSet<&str> = pipelines
        .iter()
        .map(|p| provider_name(p.provider))
        .collect();
    let providers: Vec<&str> = providers.into_iter().collect();
    let did: Vec<&str> = ORDER
        .iter()
        .filter(|k| pipelines.iter().any(|p| p.runs(**k)))
        .map(|k| k.as_str())
        .collect();
    let n = pipelines.len();
    let mut s = format!(
        "{n} CI pipeline{} ({})",
        if n == 1 { "" } else { "s" },
        join(&providers)
    );
    // "1 CI pipeline runs", "2 CI pipelines run".
    let run = if n == 1 { "runs" } else { "run" };
    if did.is_empty() {
        s.push_str(&format!(" {run} nothing recognisable"));
    } else {
        s.push_str(&format!(" {run} {}", join(&did)));
    }
    let triggers = trigger_words(pipelines);
    if !triggers.is_empty() {
        s.push_str(&format!(" on {}", join(&triggers)));
    }
    s.push('.');
    if !pipelines.iter().any(Pipeline::runs_tests) {
        s.push_str(if has_tests {
            if n == 1 {
                " It does not run the tests."
            } else {
                " None of them runs the tests."
            }
        } else {
            " There are no tests to run."
        });
    }
    let supply = findings.iter().filter(|f| is_supply_chain(&f.rule)).count();
    let serious = findings
        .iter()
        .filter(|f| is_supply_chain(&f.rule) && f.severity >= Severity::High)
        .count();
    if supply > 0 {
        s.push_str(&format!(
            " {supply} supply-chain issue{} in the GitHub Actions workflows{}.",
            if supply == 1 { "" } else { "s" },
            if serious > 0 {
                format!(", {serious} of them serious")
            } else {
                String::new()
            }
        ));
    }
    s
}

fn provider_name(id: &str) -> &str {
    match id {
        "github-actions" => "GitHub Actions",
        "gitlab-ci" => "GitLab CI",
        "circleci" => "CircleCI",
        "jenkins" => "Jenkins",
        "azure-pipelines" => "Azure Pipelines",
        "bitbucket-pipelines" => "Bitbucket Pipelines",
        "travis" => "Travis CI",
        "buildkite" => "Buildkite",
        "drone" => "Drone",
        "woodpecker" => "Woodpecker",
        "aws-codebuild" => "AWS CodeBuild",
        "google-cloud-build" => "Google Cloud Build",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;
    use crate::facts::FileFacts;

    fn facts(files: &[(&str, &str)]) -> RepoFacts {
        let mut f = RepoFacts::empty("t");
        f.files = files
            .iter()
            .map(|(p, t)| FileFacts {
                path: (*p).into(),
                kind: classify(p, None),
                text: Some((*t).into()),
                ..FileFacts::default()
            })
            .collect();
        f.files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut w = Vec::new();
        f.ci = crate::facts::ci::collect(&f.files, &mut w);
        f.tests = crate::facts::testsuite::collect(&f.files);
        f
    }

    fn found<'a>(e: &'a Evaluation, rule: &str) -> Vec<&'a Finding> {
        e.findings.iter().filter(|f| f.rule == rule).collect()
    }

    const SAFE: &str = "on:\n  pull_request:\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: dtolnay/rust-toolchain@1482605bfc5719782e1267fd0c0cc350fe7646b8\n      - run: cargo clippy -- -D warnings\n      - run: cargo test\n      - run: cargo deny check\n";

    #[test]
    fn safe_workflow_has_no_supply_chain_findings() {
        let e = evaluate(&facts(&[
            (".github/workflows/ci.yml", SAFE),
            (".github/dependabot.yml", "version: 2\n"),
            ("CODEOWNERS", "* @a\n"),
        ]));
        assert_eq!(e.findings, vec![], "{:?}", e.findings);
        assert_eq!(e.score, Some(100));
        assert_eq!(
            e.summary,
            "1 CI pipeline (GitHub Actions) runs tests, lint, build and security scanning on pull requests."
        );
    }

    /// One pipeline "runs", two "run"; one that runs no test while there are some "does not
    /// run" them.
    #[test]
    fn the_summary_agrees_with_the_number_of_pipelines() {
        let deploy = "on:\n  push:\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n";
        let two = evaluate(&facts(&[
            (".github/workflows/ci.yml", SAFE),
            (".github/workflows/deploy.yml", deploy),
        ]));
        assert!(
            two.summary
                .starts_with("2 CI pipelines (GitHub Actions) run tests"),
            "{}",
            two.summary
        );
        let mut f = facts(&[(".github/workflows/deploy.yml", deploy)]);
        f.tests.test_files = vec!["tests/test_a.py".into()];
        f.tests.languages = vec![crate::facts::testsuite::LanguageTests {
            language: "Python",
            test_files: 1,
            test_cases: Some(1),
            ..Default::default()
        }];
        let one = evaluate(&f);
        assert!(
            one.summary
                .starts_with("1 CI pipeline (GitHub Actions) runs "),
            "{}",
            one.summary
        );
        assert!(
            one.summary.contains(" It does not run the tests."),
            "{}",
            one.summary
        );
    }

    #[test]
    fn no_ci_fails_and_names_unrun_tests() {
        let mut f = facts(&[]);
        f.tests.test_files = vec!["tests/a.rs".into()];
        f.tests.languages = vec![crate::facts::testsuite::LanguageTests {
            language: "Rust",
            test_files: 1,
            test_cases: Some(2),
            ..Default::default()
        }];
        let e = evaluate(&f);
        assert_eq!(e.status, Status::Fail);
        assert_eq!(found(&e, "ci-missing").len(), 1);
        assert_eq!(found(&e, "tests-not-run-in-ci").len(), 1);
    }

    #[test]
    fn one_action_unpinned_in_several_jobs_is_one_finding() {
        let wf = "on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/setup-tool@master\n      - run: make test\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/setup-tool@master\n      - uses: other/cache@v2\n      - uses: acme/setup-tool@master\n";
        let e = evaluate(&facts(&[(".github/workflows/ci.yml", wf)]));
        let c = found(&e, "action-not-pinned");
        assert_eq!(c.len(), 2, "{c:?}");
        let tool = c
            .iter()
            .find(|f| f.message.contains("acme/setup-tool"))
            .unwrap();
        assert_eq!(tool.line, Some(6));
        assert!(
            tool.message
                .ends_with("The same at 2 more places of this workflow (lines 11, 13)."),
            "{}",
            tool.message
        );
    }

    #[test]
    fn a_chat_webhook_given_to_an_unpinned_action_is_medium_another_secret_high() {
        let step = |with: &str| {
            format!(
                "on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/notify@v6\n        with:\n{with}"
            )
        };
        let severity = |with: &str| {
            let e = evaluate(&facts(&[(".github/workflows/ci.yml", &step(with))]));
            let s = found(&e, "secrets-to-untrusted-code");
            assert_eq!(s.len(), 1, "{with}");
            s[0].severity
        };
        // The job's token and a chat webhook: one channel can be posted to, nothing more.
        let chat = "          github-token: ${{ secrets.GITHUB_TOKEN }}\n          webhook: ${{ secrets.DISCORD_WEBHOOK }}\n";
        assert_eq!(severity(chat), Severity::Medium);
        assert_eq!(
            severity("          url: ${{ secrets.slack_webhook_url }}\n"),
            Severity::Medium
        );
        // A webhook of no chat service (a deploy hook), or a chat service's token: the project's own.
        assert_eq!(
            severity("          hook: ${{ secrets.RENDER_DEPLOY_WEBHOOK }}\n"),
            Severity::High
        );
        assert_eq!(
            severity("          token: ${{ secrets.SLACK_BOT_TOKEN }}\n"),
            Severity::High
        );
        assert_eq!(
            severity(&format!(
                "{chat}          key: ${{{{ secrets.NPM_TOKEN }}}}\n"
            )),
            Severity::High
        );
    }

    #[test]
    fn pull_request_target_with_head_checkout_is_critical() {
        let wf = "on:\n  pull_request_target:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n        env:\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n";
        let e = evaluate(&facts(&[(".github/workflows/pr.yml", wf)]));
        let c = found(&e, "untrusted-checkout");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].severity, Severity::Critical);
        assert_eq!(c[0].line, Some(7));
        let s = found(&e, "secrets-to-untrusted-code");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].line, Some(10));
        assert_eq!(e.status, Status::Fail);
        assert_eq!(found(&e, "permissions-missing")[0].line, Some(1));
    }

    #[test]
    fn injection_unpinned_and_secrets() {
        let wf = "on:\n  issues:\npermissions: write-all\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Echo\n        run: |\n          echo hello\n          echo \"${{ github.event.issue.title }}\"\n      - uses: some-org/notify@v2\n        with:\n          token: ${{ secrets.SLACK_TOKEN }}\n  call:\n    uses: other-org/workflows/.github/workflows/x.yml@main\n    secrets: inherit\n";
        let e = evaluate(&facts(&[(".github/workflows/triage.yml", wf)]));
        let inj = found(&e, "script-injection");
        assert_eq!(inj.len(), 1);
        assert_eq!(inj[0].line, Some(11));
        assert_eq!(
            inj[0].evidence.as_deref(),
            Some("${{ github.event.issue.title }}")
        );
        let pins: Vec<Option<u32>> = found(&e, "action-not-pinned")
            .iter()
            .map(|f| f.line)
            .collect();
        assert_eq!(pins, vec![Some(12), Some(16)]);
        let sec: Vec<Option<u32>> = found(&e, "secrets-to-untrusted-code")
            .iter()
            .map(|f| f.line)
            .collect();
        assert_eq!(sec, vec![Some(14), Some(17)]);
        assert_eq!(found(&e, "permissions-write-all")[0].line, Some(3));
        assert!(found(&e, "permissions-missing").is_empty());
    }

    #[test]
    fn deploy_only_ci_runs_no_tests() {
        let wf = "on:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: aws s3 sync dist s3://bucket\n";
        let e = evaluate(&facts(&[(".github/workflows/deploy.yml", wf)]));
        assert_eq!(found(&e, "ci-runs-no-tests").len(), 1);
        assert!(
            e.summary.contains("runs deployment on pushes"),
            "{}",
            e.summary
        );
    }
}
