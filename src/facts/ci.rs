//! CI pipelines: which provider, on which triggers, and what they run (tests, lint, build,
//! security scanning, deployment, coverage), with file and line; plus the structure of GitHub
//! Actions workflows that the supply-chain rules read, and the repository automation around CI
//! (Dependabot, Renovate, pre-commit hooks, CODEOWNERS, branch policies).
//!
//! Built once after the walk from the text the document keeper kept for `FileKind::CI` files,
//! the `package.json` scripts and the Makefile targets the source scanner recorded: a CI step
//! `npm test` counts as running tests only when the `test` script really runs a test runner (not
//! npm's placeholder), and `make check` is followed into the target's recipe. YAML is parsed with
//! `saphyr`'s span-aware loader; a file that does not parse is a warning and still counts as a
//! pipeline of its provider. Jenkinsfiles (Groovy) are read for their `sh`/`bat` steps.
//! Only the project's own files count: a pipeline file in a fixture, an example or vendored
//! code is not its CI, and commands resolve through the project's own Makefiles, scripts and
//! manifests only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::roles::Role;
use super::source::MakeTarget;
use super::testsuite::is_npm_placeholder;
use super::{FileFacts, FileKind, Warning};

/// Everything about CI and the automation around it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiFacts {
    /// One per CI definition file, in path order.
    pub pipelines: Vec<Pipeline>,
    /// Automation and policy files, in path order.
    pub automation: Vec<Automation>,
    /// The GitHub owners (organisations or users, lower case) that the project's own manifests
    /// name as its home: Cargo.toml `repository`/`homepage`, package.json `repository`, the
    /// go.mod module path, pyproject and setup URLs, the composer vendor, pom `scm`/`url`,
    /// Gradle POM URLs, gemspec homepage and source URI. Actions of these owners are the
    /// project's own (first-party), not third-party code.
    pub owners: Vec<String>,
}

impl CiFacts {
    /// Whether any pipeline runs tests.
    #[must_use]
    pub fn runs_tests(&self) -> bool {
        self.pipelines.iter().any(Pipeline::runs_tests)
    }

    /// Whether any automation of this kind exists.
    #[must_use]
    pub fn has(&self, kind: AutomationKind) -> bool {
        self.automation.iter().any(|a| a.kind == kind)
    }
}

/// A CI definition file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pipeline {
    /// `github-actions`, `gitlab-ci`, `circleci`, `jenkins`, `azure-pipelines`,
    /// `bitbucket-pipelines`, `travis`, `buildkite`, `drone`, `woodpecker`, `aws-codebuild`,
    /// `google-cloud-build`.
    pub provider: &'static str,
    /// The file.
    pub path: String,
    /// What starts it: `push`, `pull_request`, `merge_request`, `schedule`, `manual`, `tag`,
    /// `pull_request_target`, `workflow_run`, `workflow_call`, `external` (configured outside
    /// the repository), …
    pub triggers: Vec<String>,
    /// What it runs, in file order.
    pub activities: Vec<Activity>,
    /// Set when the file could not be parsed.
    pub parse_error: Option<String>,
    /// The GitHub Actions structure (for the supply-chain rules).
    pub workflow: Option<Workflow>,
}

impl Pipeline {
    /// Whether it runs an activity of this kind.
    #[must_use]
    pub fn runs(&self, kind: ActivityKind) -> bool {
        self.activities.iter().any(|a| a.kind == kind)
    }

    /// Whether it runs tests.
    #[must_use]
    pub fn runs_tests(&self) -> bool {
        self.runs(ActivityKind::Test)
    }

    /// Whether it is started by pushes or pull/merge requests (not only by schedule or hand).
    #[must_use]
    pub fn on_changes(&self) -> bool {
        self.triggers.iter().any(|t| {
            matches!(
                t.as_str(),
                "push" | "pull_request" | "merge_request" | "pull_request_target" | "external"
            )
        })
    }
}

/// A kind of CI work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActivityKind {
    /// Runs tests.
    Test,
    /// Lints or checks formatting.
    Lint,
    /// Builds or packages.
    Build,
    /// Scans for vulnerabilities, secrets or weaknesses.
    Security,
    /// Measures test coverage.
    Coverage,
    /// Deploys or publishes.
    Deploy,
}

impl ActivityKind {
    /// The plain-words name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Test => "tests",
            ActivityKind::Lint => "lint",
            ActivityKind::Build => "build",
            ActivityKind::Security => "security scanning",
            ActivityKind::Coverage => "coverage",
            ActivityKind::Deploy => "deployment",
        }
    }
}

/// One thing a pipeline runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// What kind of work.
    pub kind: ActivityKind,
    /// The 1-based line of the command or step.
    pub line: u32,
    /// The command or action, as written (one line, shortened).
    pub command: String,
    /// How the command reaches the work, when indirect (`npm script "test" in package.json`).
    pub via: Option<String>,
}

/// A GitHub Actions workflow, as far as the supply-chain rules need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workflow {
    /// Events under `on:`, with their line.
    pub triggers: Vec<(String, u32)>,
    /// The top-level `permissions:` (its line and its value when a scalar such as `write-all`).
    pub permissions: Option<(u32, Option<String>)>,
    /// Workflow-level `env:` entries that read `secrets.*`, by line.
    pub env_secrets: Vec<u32>,
    /// Jobs in file order.
    pub jobs: Vec<Job>,
}

/// A GitHub Actions job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    /// The job id.
    pub id: String,
    /// Its line.
    pub line: u32,
    /// Job-level `permissions:` (line, scalar value).
    pub permissions: Option<(u32, Option<String>)>,
    /// A reusable workflow called by the job (`uses:`), with its line.
    pub uses: Option<(String, u32)>,
    /// The line of `secrets: inherit`, when the job passes every secret on.
    pub secrets_inherit: Option<u32>,
    /// Job-level `env:` entries that read `secrets.*`, by line.
    pub env_secrets: Vec<u32>,
    /// Steps in order.
    pub steps: Vec<Step>,
}

/// A GitHub Actions step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    /// The step's first line.
    pub line: u32,
    /// `uses:` (action reference), with its line.
    pub uses: Option<(String, u32)>,
    /// `run:` script, with the line where its text starts.
    pub run: Option<(String, u32)>,
    /// `with:` inputs: (key, value, line).
    pub with: Vec<(String, String, u32)>,
    /// `env:` entries: (key, value, line).
    pub env: Vec<(String, String, u32)>,
}

/// A kind of repository automation or policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AutomationKind {
    /// Dependabot version or security updates.
    Dependabot,
    /// Renovate.
    Renovate,
    /// pre-commit, husky or lefthook hooks.
    PreCommit,
    /// A CODEOWNERS file.
    CodeOwners,
    /// Branch protection or merge policies kept in the repository (Probot settings, rulesets,
    /// Mergify, Kodiak).
    BranchPolicy,
}

impl AutomationKind {
    /// The plain-words name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            AutomationKind::Dependabot => "Dependabot",
            AutomationKind::Renovate => "Renovate",
            AutomationKind::PreCommit => "pre-commit hooks",
            AutomationKind::CodeOwners => "CODEOWNERS",
            AutomationKind::BranchPolicy => "branch policies",
        }
    }
}

/// An automation or policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Automation {
    /// What it is.
    pub kind: AutomationKind,
    /// The file.
    pub path: String,
}

/// The provider of a CI file, by its path.
#[must_use]
pub fn provider(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    Some(if lower.starts_with(".github/workflows/") {
        "github-actions"
    } else if lower == ".gitlab-ci.yml" {
        "gitlab-ci"
    } else if lower.starts_with(".circleci/") {
        "circleci"
    } else if name == "jenkinsfile" {
        "jenkins"
    } else if name.starts_with("azure-pipelines") || lower.starts_with(".azure-pipelines/") {
        "azure-pipelines"
    } else if name == "bitbucket-pipelines.yml" {
        "bitbucket-pipelines"
    } else if name == ".travis.yml" {
        "travis"
    } else if lower.starts_with(".buildkite/") {
        "buildkite"
    } else if name == ".drone.yml" {
        "drone"
    } else if name == ".woodpecker.yml" || lower.starts_with(".woodpecker/") {
        "woodpecker"
    } else if name.starts_with("buildspec.") {
        "aws-codebuild"
    } else if name.starts_with("cloudbuild.") {
        "google-cloud-build"
    } else {
        return None;
    })
}

fn automation_kind(path: &str) -> Option<AutomationKind> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    Some(match lower.as_str() {
        ".github/dependabot.yml" | ".github/dependabot.yaml" => AutomationKind::Dependabot,
        "renovate.json"
        | "renovate.json5"
        | ".renovaterc"
        | ".renovaterc.json"
        | ".github/renovate.json"
        | ".github/renovate.json5"
        | ".gitlab/renovate.json" => AutomationKind::Renovate,
        ".pre-commit-config.yaml"
        | ".pre-commit-config.yml"
        | "lefthook.yml"
        | ".lefthook.yml"
        | "lefthook.yaml" => AutomationKind::PreCommit,
        _ if lower.starts_with(".husky/") && !name.starts_with('_') => AutomationKind::PreCommit,
        "codeowners" | ".github/codeowners" | "docs/codeowners" | ".gitlab/codeowners" => {
            AutomationKind::CodeOwners
        }
        ".github/settings.yml"
        | ".mergify.yml"
        | ".github/mergify.yml"
        | ".mergify/config.yml"
        | ".kodiak.toml"
        | ".github/.kodiak.toml" => AutomationKind::BranchPolicy,
        _ if lower.starts_with(".github/rulesets/") && name.ends_with(".json") => {
            AutomationKind::BranchPolicy
        }
        _ => return None,
    })
}

/// What CI commands can resolve through: `package.json` scripts, Makefile targets and
/// variables, Rake tasks, tox environments, nox sessions and the scripts of the tree.
#[derive(Clone)]
struct Resolver<'a> {
    /// Script name → (package.json path, script body).
    scripts: BTreeMap<String, Vec<(&'a str, String)>>,
    /// Whether any `package.json` was seen.
    has_package_json: bool,
    /// Target name → (Makefile path, target).
    targets: BTreeMap<&'a str, Vec<(&'a str, &'a MakeTarget)>>,
    /// The first target of each Makefile (what a bare `make` runs).
    default_targets: Vec<&'a MakeTarget>,
    /// Rake task name → (Rakefile path, task).
    rake: BTreeMap<&'a str, Vec<(&'a str, &'a MakeTarget)>>,
    /// tox environment name → (file, environment); `*` is the `env_list`, `testenv` the base.
    tox: BTreeMap<String, Vec<(&'a str, MakeTarget)>>,
    /// nox session name → (noxfile path, session); `*` is `nox.options.sessions`.
    nox: BTreeMap<&'a str, Vec<(&'a str, &'a MakeTarget)>>,
    /// Mage target (lowercase) → (Mage file path, target).
    mage: BTreeMap<&'a str, Vec<(&'a str, &'a MakeTarget)>>,
    /// Script path (from the root) → its command lines.
    shell_scripts: BTreeMap<&'a str, &'a [String]>,
    /// Variables a command can use: Makefile assignments, and the CI file's `env:`,
    /// `variables:`, matrix values and `$GITHUB_ENV` writes (set per CI file).
    vars: BTreeMap<String, Vec<String>>,
    /// A lint or format check that Gradle's `check` (and so `build`) runs: (build file, tool).
    gradle_lint: Option<(&'a str, &'static str)>,
    /// A lint or format check bound to Maven's build: (pom, tool, whether it runs from the
    /// `compile` phase on, as a compiler plugin does, rather than at `verify`).
    maven_lint: Option<(&'a str, &'static str, bool)>,
}

/// Lint and format plugins a Gradle build applies, by a word of the build file.
const GRADLE_LINT: &[(&str, &str)] = &[
    ("spotless", "Spotless"),
    ("ktlint", "ktlint"),
    ("kotlinter", "kotlinter"),
    ("detekt", "detekt"),
    ("checkstyle", "Checkstyle"),
    ("errorprone", "Error Prone"),
    ("\"pmd\"", "PMD"),
];

/// The lint or format check a pom binds to the build: a `check` goal of Spotless, Checkstyle
/// or PMD (run at `verify`), or Error Prone (a compiler plugin: from `compile` on).
fn maven_lint(text: &str) -> Option<(&'static str, bool)> {
    if text.contains("errorprone") || text.contains("error_prone") {
        return Some(("Error Prone", true));
    }
    let has_check_goal = text.contains("<goal>check</goal>");
    for (artifact, tool) in [
        ("spotless-maven-plugin", "Spotless"),
        ("maven-checkstyle-plugin", "Checkstyle"),
        ("maven-pmd-plugin", "PMD"),
    ] {
        if has_check_goal && text.contains(artifact) {
            return Some((tool, false));
        }
    }
    None
}

impl<'a> Resolver<'a> {
    fn new(files: &'a [FileFacts]) -> Self {
        let mut r = Resolver {
            scripts: BTreeMap::new(),
            has_package_json: false,
            targets: BTreeMap::new(),
            default_targets: Vec::new(),
            rake: BTreeMap::new(),
            tox: BTreeMap::new(),
            nox: BTreeMap::new(),
            mage: BTreeMap::new(),
            shell_scripts: BTreeMap::new(),
            vars: BTreeMap::new(),
            gradle_lint: None,
            maven_lint: None,
        };
        for f in files.iter().filter(|f| is_own(f)) {
            if f.name() == "package.json" && !f.path.contains("node_modules/") {
                r.has_package_json = true;
                let json = f
                    .text
                    .as_deref()
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
                if let Some(scripts) = json
                    .as_ref()
                    .and_then(|j| j.get("scripts"))
                    .and_then(|s| s.as_object())
                {
                    for (k, v) in scripts {
                        if let Some(body) = v.as_str() {
                            r.scripts
                                .entry(k.clone())
                                .or_default()
                                .push((f.path.as_str(), body.to_owned()));
                        }
                    }
                }
            }
            if let Some(text) = f.text.as_deref() {
                let name = f.name();
                if r.gradle_lint.is_none() && (name == "build.gradle" || name == "build.gradle.kts")
                {
                    let lower = text.to_ascii_lowercase();
                    r.gradle_lint = GRADLE_LINT
                        .iter()
                        .find(|(word, _)| lower.contains(word))
                        .map(|(_, tool)| (f.path.as_str(), *tool));
                }
                if r.maven_lint.is_none() && name == "pom.xml" {
                    r.maven_lint =
                        maven_lint(text).map(|(tool, early)| (f.path.as_str(), tool, early));
                }
            }
            if f.name() == "pyproject.toml" {
                if let Some(text) = f.text.as_deref() {
                    for env in pyproject_tox(text) {
                        r.tox
                            .entry(env.name.clone())
                            .or_default()
                            .push((f.path.as_str(), env));
                    }
                }
            }
            if let Some(s) = &f.scan.source {
                if let Some(first) = s.make_targets.first() {
                    r.default_targets.push(first);
                }
                for t in &s.make_targets {
                    r.targets
                        .entry(t.name.as_str())
                        .or_default()
                        .push((f.path.as_str(), t));
                }
                for (k, v) in &s.make_vars {
                    r.vars.entry(k.clone()).or_default().push(v.clone());
                }
                for t in &s.rake_tasks {
                    r.rake
                        .entry(t.name.as_str())
                        .or_default()
                        .push((f.path.as_str(), t));
                }
                for t in &s.tox_envs {
                    r.tox
                        .entry(t.name.clone())
                        .or_default()
                        .push((f.path.as_str(), t.clone()));
                }
                for t in &s.nox_sessions {
                    r.nox
                        .entry(t.name.as_str())
                        .or_default()
                        .push((f.path.as_str(), t));
                }
                for t in &s.mage_targets {
                    r.mage
                        .entry(t.name.as_str())
                        .or_default()
                        .push((f.path.as_str(), t));
                }
                if let Some(lines) = &s.script {
                    r.shell_scripts.insert(f.path.as_str(), lines.as_slice());
                }
            }
        }
        r
    }
}

/// Whether a file is the project's own (product, tests, docs): a fixture's, vendored,
/// generated or built Makefile, script or manifest is not what the project's CI runs.
fn is_own(f: &FileFacts) -> bool {
    matches!(f.role, Role::Product | Role::Test | Role::Docs)
}

/// The tox environments configured in a `pyproject.toml` (`[tool.tox]` with `env_list`,
/// `env_run_base` and `env.NAME`, or a `legacy_tox_ini` string).
fn pyproject_tox(text: &str) -> Vec<MakeTarget> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(tox) = doc
        .get("tool")
        .and_then(|t| t.get("tox"))
        .and_then(|t| t.as_table())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let commands = |env: &toml::Value| -> Vec<String> {
        env.get("commands")
            .and_then(|c| c.as_array())
            .map(|cmds| {
                cmds.iter()
                    .filter_map(|c| c.as_array())
                    .map(|words| {
                        words
                            .iter()
                            .filter_map(|w| w.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let list = strings(tox.get("env_list").or_else(|| tox.get("envlist")));
    if !list.is_empty() {
        out.push(MakeTarget {
            name: "*".into(),
            deps: list,
            ..MakeTarget::default()
        });
    }
    if let Some(base) = tox.get("env_run_base") {
        out.push(MakeTarget {
            name: "testenv".into(),
            recipe: commands(base),
            ..MakeTarget::default()
        });
    }
    if let Some(envs) = tox.get("env").and_then(|e| e.as_table()) {
        for (name, env) in envs {
            out.push(MakeTarget {
                name: name.clone(),
                recipe: commands(env),
                ..MakeTarget::default()
            });
        }
    }
    if let Some(legacy) = tox.get("legacy_tox_ini").and_then(|l| l.as_str()) {
        out.extend(super::source::tox_envs(legacy));
    }
    out
}

// The patterns read commands, names and URLs: their classes are ASCII (`\w`, `\s`, `\d`, `\b`
// and case folding), as shells and package managers split words and name variables, and they
// build in about two fifths of the time of their Unicode forms. What may span any character (`[^\n]`,
// `\S`, `.`) is marked Unicode, `(?u:…)`, so that it matches whole characters of the `&str`.
macro_rules! re {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            regex::RegexBuilder::new($re)
                .unicode(false)
                .build()
                .expect("valid built-in regex")
        });
    };
}

/// Builds this module's patterns now (see [`super::warm`]): each is otherwise compiled where
/// it is first used, on the thread that reads the CI files after the walk.
pub(crate) fn warm() {
    for re in [
        &TEST_CMD,
        &SKIP_TESTS,
        &LINT_CMD,
        &BUILD_CMD,
        &SECURITY_CMD,
        &DEPLOY_CMD,
        &COVERAGE_CMD,
        &PKG_SCRIPT,
        &MAKE_CMD,
        &GRADLE_CHECKING,
        &MAVEN_VERIFYING,
        &MAVEN_COMPILING,
        &RAKE_CMD,
        &TOX_CMD,
        &VAR_REF,
        &OWNER_URL,
        &NPM_REPOSITORY_SHORTHAND,
        &COMPOSER_NAME,
        &GITHUB_ENV_WRITE,
        &JENKINS_STEP,
    ] {
        LazyLock::force(re);
    }
}

// Commands that run tests directly. `npm test` and `make test` go through the resolver.
re!(
    TEST_CMD,
    r"(?x)
    \b(?:cargo|cross)\s+(?:\+(?u:\S)+\s+)?(?:test|nextest|tarpaulin|llvm-cov)\b
    | \bpytest\b | \bpy\.test\b | \bpython\d?(?:\.\d+)?\s+-m\s+(?:pytest|unittest)\b
    | \bmanage\.py\s+test\b | \bdjango-admin\s+test\b
    | (?:\s-m|\s--module)\s+(?:unittest|manage\s+test)\b
    | \b(?:go|richgo)\s+test\b | \bgotestsum\b | \bginkgo\b
    | \b(?:mvn|mvnw|\./mvnw)\b(?u:[^\n])*\b(?:test|verify|install|package)\b
    | \b(?:gradle|gradlew|\./gradlew)\b(?u:[^\n])*\b(?:test|check|build|connectedCheck)\b
    | \brspec\b | \brake\s+(?:test|spec)\b | \bbin/rails\s+test\b | \brails\s+test\b
    | \bphpunit\b | \bpest\b(?:\s|$) | \bartisan\s+test\b
    | \bdotnet\s+test\b | \bvstest\b
    | \bjest\b | \bvitest\b(?:\s+run)? | \bmocha\b | \bplaywright\s+test\b | \bcypress\s+run\b
    | \bkarma\s+start\b | \bava\b(?:\s|$) | \bnode\s+--test\b | \bbun\s+test\b | \bdeno\s+test\b
    | \bswift\s+test\b | \bxcodebuild\b(?u:[^\n])*\btest\b | \bfastlane\s+(?:scan|test)\b
    | \bmix\s+test\b | \bctest\b | \bflutter\s+test\b | \bdart\s+test\b | \bsbt\b(?u:[^\n])*\btest\b
    | \bbazel\s+test\b | \bnx\s+(?:run-many\s+(?u:[^\n])*-t\s+test|test|affected\s+(?u:[^\n])*test)\b
    | \bturbo\s+(?:run\s+)?test\b
    "
);
re!(
    SKIP_TESTS,
    r"-DskipTests|-Dmaven\.test\.skip=true|-x\s+test\b|--exclude-task\s+test\b"
);
re!(
    LINT_CMD,
    r"(?x)
    \bclippy\b | \bcargo\s+fmt\b | \brustfmt\b | \beslint\b | \bprettier\b | \bbiome\b
    | \bruff\b | \bflake8\b | \bpylint\b | \bblack\b | \bmypy\b | \bpyright\b | \bisort\b
    | \bgolangci-lint\b | \bgo\s+vet\b | \bgofmt\b | \bstaticcheck\b | \brubocop\b | \bstandardrb\b
    | \bphpstan\b | \bpsalm\b | \bphp-cs-fixer\b | \bphpcs\b | \bktlint\b | \bdetekt\b
    | \bcheckstyle\b | \bspotless\w*\b | \bstylelint\b | \bshellcheck\b | \bhadolint\b
    | \btsc\b(?u:[^\n])*--noEmit | \bswiftlint\b | \bswiftformat\b | \b(?:pre-commit|prek)\s+run\b
    | \bdotnet\s+format\b | \bmarkdownlint\b | \byamllint\b | \bactionlint\b
    "
);
re!(
    BUILD_CMD,
    r"(?x)
    \b(?:cargo|cross)\s+(?:\+(?u:\S)+\s+)?(?:build|check|doc)\b | \bgo\s+build\b | \bdotnet\s+(?:build|publish)\b
    | \b(?:mvn|mvnw)\b(?u:[^\n])*\b(?:package|install|compile|verify)\b
    | \b(?:gradle|gradlew)\b(?u:[^\n])*\b(?:build|assemble)\b
    | \bdocker\s+(?:build|buildx\s+build|compose\s+build)\b | \bbuildah\s+bud\b | \bko\s+build\b
    | \btsc\b | \bwebpack\b | \bvite\s+build\b | \bnext\s+build\b | \bng\s+build\b | \brollup\b
    | \besbuild\b | \bpython\d?\s+-m\s+build\b | \bpoetry\s+build\b | \bswift\s+build\b
    | \bxcodebuild\b | \bbazel\s+build\b | \bcmake\b | \bgoreleaser\s+build\b
    | \bflutter\s+build\b | \bmix\s+compile\b | \bgem\s+build\b
    "
);
re!(
    SECURITY_CMD,
    r"(?x)
    \bcargo\s+(?:audit|deny)\b | \bnpm\s+audit\b | \byarn\s+(?:npm\s+)?audit\b | \bpnpm\s+audit\b
    | \bpip-audit\b | \bsafety\s+(?:check|scan)\b | \bbandit\b | \bgosec\b | \bgovulncheck\b
    | \btrivy\b | \bgrype\b | \bsnyk\b | \bsemgrep\b | \bcodeql\b | \bgitleaks\b | \btrufflehog\b
    | \bosv-scanner\b | \bdependency-check\b | \bbrakeman\b | \bbundle(?:r)?[-\s]audit\b
    | \bcheckov\b | \btfsec\b | \bzizmor\b | \bsonar-scanner\b | \bsonar\b | \bowasp\b
    "
);
re!(
    DEPLOY_CMD,
    r"(?x)
    \bkubectl\s+(?:apply|set\s+image|rollout)\b | \bhelm\s+(?:upgrade|install)\b
    | \bterraform\s+apply\b | \btofu\s+apply\b | \bpulumi\s+up\b | \bcdk\s+deploy\b
    | \b(?:serverless|sls)\s+deploy\b | \bfirebase\s+deploy\b | \bvercel\b | \bnetlify\s+deploy\b
    | \bfly(?:ctl)?\s+deploy\b | \bheroku\b | \baws\s+s3\s+(?:sync|cp)\b
    | \baws\s+(?:ecs\s+update-service|lambda\s+update-function-code|deploy)\b
    | \bgcloud\s+(?:app|run|functions)\s+deploy\b | \baz\s+(?:webapp|functionapp)\b
    | \bcargo\s+publish\b | \bnpm\s+publish\b | \byarn\s+publish\b | \bpnpm\s+publish\b
    | \btwine\s+upload\b | \bpoetry\s+publish\b | \bgem\s+push\b | \bdocker\s+push\b
    | \bgh-pages\b | \beb\s+deploy\b | \bansible-playbook\b | \bcap\s+\w+\s+deploy\b
    | \bgoreleaser\s+release\b | \bdotnet\s+nuget\s+push\b | \bmvn\b(?u:[^\n])*\bdeploy\b
    | \bwrangler\s+(?:deploy|publish)\b | \bdeploy\.sh\b
    "
);
re!(
    COVERAGE_CMD,
    r"(?x)
    --cov\b | \bcoverage\s+(?:run|xml|report|html)\b | \btarpaulin\b | \bllvm-cov\b
    | --coverage\b | \bnyc\b | \bc8\b | -cover(?:profile)?\b | \bjacoco\w*\b | \bcodecov\b
    | \bcoveralls\b | \bsimplecov\b | \bkover\w*\b | --collect:?\x22?XPlat\x20Code\x20Coverage
    "
);
// `npm test`, `npm run X`, `yarn X`, `pnpm X`, `bun run X`.
re!(
    PKG_SCRIPT,
    r"\b(?:npm|pnpm|yarn|bun)(?:\s+(?:--(?u:\S)+|-\w+))*\s+(?:(?:run|run-script)\s+)?([\w:.\-]+)"
);
re!(
    MAKE_CMD,
    r"(?:^|[;&|(]|\b(?:exec|sudo|time)\b)\s*(?:\w+=(?u:\S)*\s+)*(?:make|gmake)((?:\s+(?:-[A-Za-z]+(?:\s+(?u:\S)+)?|\w+=(?u:\S)*))*)(?:\s+([\w.\-/]+(?:\s+[\w.\-/]+)*))?"
);

// Gradle runs `check` (and so the lint plugins) for `build` and `check`; Maven runs plugins
// bound to `verify` for `verify`, `install` and `deploy`, and compiler plugins from `compile` on.
re!(
    GRADLE_CHECKING,
    r"\b(?:gradle|gradlew|\./gradlew|gradlew\.bat)\b(?u:[^\n])*?(?:^|\s|:)(?:build|check)\b"
);
re!(SKIP_CHECK, r"-x\s+:?check\b|--exclude-task\s+:?check\b");
re!(
    MAVEN_VERIFYING,
    r"\b(?:mvn|mvnw|\./mvnw)\b(?u:[^\n])*\b(?:verify|install|deploy)\b"
);
re!(
    MAVEN_COMPILING,
    r"\b(?:mvn|mvnw|\./mvnw)\b(?u:[^\n])*\b(?:compile|test|package|verify|install|deploy)\b"
);
// `rake`, `bundle exec rake test spec`, `rake -f X` (the task names, if any).
re!(
    RAKE_CMD,
    r"(?:^|[;&|(]|\bexec\b)\s*(?:\w+=(?u:\S)*\s+)*(?:\./)?(?:bin/)?rake((?:\s+(?:-[A-Za-z-]+|[\w:\[\]\-]+))*)"
);
// `tox`, `tox run -e lint`, `uv run --group dev tox`, `nox -s tests` (the arguments); as the
// program run, not as a word (`pip install tox`).
re!(
    TOX_CMD,
    r"(?:(?:^|[;&|(])\s*(?:\w+=(?u:\S)*\s+)*|(?:\bexec|\buvx|\s-m)\s+|\brun(?:\s+--?(?u:\S)+(?:\s+(?u:[^-\s])(?u:\S)*)?)*\s+)(?:(?u:\S)*/)?(tox|nox)((?:\s+(?u:[^\s;&|])+)*)"
);
// A variable reference: `${{ env.X }}`, `${{ matrix.x }}`, `${X}`, `$(X)`, `$X`.
re!(
    VAR_REF,
    r"\$\{\{\s*(?:env|matrix|vars|inputs)\.([A-Za-z_][\w-]*)\s*\}\}|\$\{([A-Za-z_]\w*)\}|\$\(([A-Za-z_]\w*)\)|\$([A-Za-z_]\w*)"
);

/// The command with its variables replaced by the values they can take (every combination, at
/// most 16). A variable without a known value is replaced by its own name in lower case where
/// it stands for the program (`${{ env.CARGO }} test` → `cargo test`, `$(GO) test` →
/// `go test`), and by nothing elsewhere.
fn expand_vars(cmd: &str, vars: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    if !cmd.contains('$') {
        return vec![cmd.to_owned()];
    }
    let mut variants = vec![cmd.to_owned()];
    for _ in 0..2 {
        let mut next: Vec<String> = Vec::new();
        for v in &variants {
            expand_once(v, vars, &mut next);
        }
        next.dedup();
        if next == variants {
            break;
        }
        variants = next;
    }
    variants
}

fn expand_once(cmd: &str, vars: &BTreeMap<String, Vec<String>>, out: &mut Vec<String>) {
    let mut partial: Vec<String> = vec![String::new()];
    let mut last = 0;
    for caps in VAR_REF.captures_iter(cmd) {
        let whole = caps.get(0).expect("match");
        let name = (1..=4).find_map(|i| caps.get(i)).map_or("", |m| m.as_str());
        let before = &cmd[last..whole.start()];
        for p in &mut partial {
            p.push_str(before);
        }
        let values: Vec<String> = match vars.get(name) {
            Some(vals) if !vals.is_empty() => {
                let mut v = vals.clone();
                v.sort();
                v.dedup();
                v.truncate(8);
                v
            }
            _ => {
                let prefix = cmd[..whole.start()].trim_end();
                let program_position = ["&&", "||", ";", "|", "(", "exec", "&", "{", "sudo"]
                    .iter()
                    .any(|t| prefix.is_empty() || prefix.ends_with(t));
                let followed_by_space = cmd[whole.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace);
                if program_position && followed_by_space {
                    vec![name.to_ascii_lowercase()]
                } else {
                    vec![String::new()]
                }
            }
        };
        let mut grown = Vec::new();
        for p in &partial {
            for v in &values {
                if grown.len() < 16 {
                    grown.push(format!("{p}{v}"));
                }
            }
        }
        partial = grown;
        last = whole.end();
    }
    for p in partial {
        out.push(format!("{p}{}", &cmd[last..]));
    }
}

/// Package-manager words that are not script names.
const PM_BUILTINS: &[&str] = &[
    "install",
    "i",
    "ci",
    "add",
    "remove",
    "rm",
    "uninstall",
    "update",
    "upgrade",
    "init",
    "config",
    "cache",
    "global",
    "info",
    "list",
    "ls",
    "why",
    "audit",
    "publish",
    "exec",
    "dlx",
    "x",
    "link",
    "pack",
    "login",
    "version",
    "set",
    "dedupe",
    "prune",
    "outdated",
    "workspace",
    "workspaces",
    "create",
    "help",
    "npx",
];

/// Kinds by a script or target name, when it cannot be resolved.
fn kinds_by_name(name: &str) -> Vec<ActivityKind> {
    let n = name.to_ascii_lowercase();
    let mut out = Vec::new();
    if n.contains("test") || n.contains("spec") || n == "e2e" || n == "check" || n == "ci" {
        out.push(ActivityKind::Test);
    }
    if n.contains("lint") || n.contains("fmt") || n.contains("format") {
        out.push(ActivityKind::Lint);
    }
    if n.contains("build") || n == "all" || n == "dist" || n == "compile" {
        out.push(ActivityKind::Build);
    }
    if n.contains("deploy") || n.contains("release") || n.contains("publish") {
        out.push(ActivityKind::Deploy);
    }
    if n.contains("audit") || n.contains("security") || n.contains("scan") {
        out.push(ActivityKind::Security);
    }
    if n.contains("cov") {
        out.push(ActivityKind::Coverage);
    }
    out
}

/// The kinds of work one command line does, with how (for indirect commands).
fn classify_command(
    cmd: &str,
    resolver: &Resolver<'_>,
    depth: u8,
) -> Vec<(ActivityKind, Option<String>)> {
    let mut out: Vec<(ActivityKind, Option<String>)> = Vec::new();
    let push = |k: ActivityKind, via: Option<String>, out: &mut Vec<_>| {
        if !out
            .iter()
            .any(|(o, _): &(ActivityKind, Option<String>)| *o == k)
        {
            out.push((k, via));
        }
    };
    // Comments and `echo` lines do nothing.
    let trimmed = cmd.trim();
    if trimmed.starts_with('#') || trimmed.starts_with("echo ") {
        return out;
    }
    if TEST_CMD.is_match(cmd) && !SKIP_TESTS.is_match(cmd) {
        push(ActivityKind::Test, None, &mut out);
    }
    for (re, kind) in [
        (&*LINT_CMD, ActivityKind::Lint),
        (&*BUILD_CMD, ActivityKind::Build),
        (&*SECURITY_CMD, ActivityKind::Security),
        (&*DEPLOY_CMD, ActivityKind::Deploy),
        (&*COVERAGE_CMD, ActivityKind::Coverage),
    ] {
        if re.is_match(cmd) {
            push(kind, None, &mut out);
        }
    }
    // Lint that the build tool runs as part of its lifecycle.
    if let Some((path, tool)) = resolver.gradle_lint {
        if GRADLE_CHECKING.is_match(cmd) && !SKIP_CHECK.is_match(cmd) {
            push(
                ActivityKind::Lint,
                Some(format!("{tool} in {path}, part of Gradle's check")),
                &mut out,
            );
        }
    }
    if let Some((path, tool, early)) = resolver.maven_lint {
        let phase = if early {
            &*MAVEN_COMPILING
        } else {
            &*MAVEN_VERIFYING
        };
        if phase.is_match(cmd) {
            push(
                ActivityKind::Lint,
                Some(format!("{tool} in {path}, bound to the Maven build")),
                &mut out,
            );
        }
    }
    if depth >= 4 {
        return out;
    }
    for caps in PKG_SCRIPT.captures_iter(cmd) {
        let Some(name) = caps.get(1).map(|m| m.as_str()) else {
            continue;
        };
        let name = match name {
            "t" | "tst" => "test",
            n if PM_BUILTINS.contains(&n) => continue,
            n => n,
        };
        // `bun test` is bun's own runner, matched above.
        if caps
            .get(0)
            .is_some_and(|m| m.as_str().starts_with("bun test"))
        {
            continue;
        }
        match resolver.scripts.get(name) {
            Some(defs) => {
                for (path, body) in defs {
                    if is_npm_placeholder(body) {
                        continue;
                    }
                    let via = format!("npm script \"{name}\" in {path}");
                    for (k, _) in classify_command(body, resolver, depth + 1) {
                        push(k, Some(via.clone()), &mut out);
                    }
                }
            }
            None if !resolver.has_package_json => {
                for k in kinds_by_name(name) {
                    push(
                        k,
                        Some(format!("npm script \"{name}\" (no package.json in view)")),
                        &mut out,
                    );
                }
            }
            None => {}
        }
    }
    for caps in MAKE_CMD.captures_iter(cmd) {
        let names: Vec<&str> = caps
            .get(2)
            .map(|m| m.as_str().split_whitespace().collect())
            .unwrap_or_default();
        let targets: Vec<(&str, &MakeTarget)> = if names.is_empty() {
            resolver
                .default_targets
                .iter()
                .map(|t| ("Makefile", *t))
                .collect()
        } else {
            names
                .iter()
                .flat_map(|n| resolver.targets.get(n).into_iter().flatten().copied())
                .collect()
        };
        if targets.is_empty() {
            for n in &names {
                for k in kinds_by_name(n) {
                    push(
                        k,
                        Some(format!("make target \"{n}\" (not found)")),
                        &mut out,
                    );
                }
            }
        }
        for (path, t) in targets {
            let via = format!("make target \"{}\" in {path}", t.name);
            for k in task_kinds(t, "make", true, resolver, depth) {
                push(k, Some(via.clone()), &mut out);
            }
        }
    }
    for caps in RAKE_CMD.captures_iter(cmd) {
        let mut names: Vec<&str> = caps
            .get(1)
            .map(|m| {
                m.as_str()
                    .split_whitespace()
                    .filter(|w| !w.starts_with('-'))
                    .collect()
            })
            .unwrap_or_default();
        if names.is_empty() {
            names.push("default");
        }
        for name in names {
            // Tasks with arguments: `rake test[unit]`.
            let name = name.split('[').next().unwrap_or(name);
            let tasks = resolver.rake.get(name);
            let mut kinds = Vec::new();
            for (path, t) in tasks.into_iter().flatten() {
                let via = format!("rake task \"{}\" in {path}", t.name);
                kinds.extend(
                    task_kinds(t, "rake", false, resolver, depth)
                        .into_iter()
                        .map(|k| (k, Some(via.clone()))),
                );
            }
            if tasks.is_none() && name != "default" {
                let via = format!("rake task \"{name}\" (not found)");
                kinds.extend(
                    kinds_by_name(name)
                        .into_iter()
                        .map(|k| (k, Some(via.clone()))),
                );
            }
            for (k, via) in kinds {
                push(k, via, &mut out);
            }
        }
    }
    for name in mage_invocations(cmd) {
        let lower = name.to_ascii_lowercase();
        let targets = resolver.mage.get(lower.as_str());
        for (path, t) in targets.into_iter().flatten() {
            let via = format!("mage target \"{name}\" in {path}");
            for k in task_kinds(t, "mage", false, resolver, depth) {
                push(k, Some(via.clone()), &mut out);
            }
        }
        if targets.is_none() && resolver.mage.is_empty() {
            for k in kinds_by_name(&name) {
                push(
                    k,
                    Some(format!("mage target \"{name}\" (no Mage file in view)")),
                    &mut out,
                );
            }
        }
    }
    for caps in TOX_CMD.captures_iter(cmd) {
        let tool = &caps[1];
        let args = caps.get(2).map_or("", |m| m.as_str());
        for (k, via) in tox_or_nox(tool, args, resolver, depth) {
            push(k, Some(via), &mut out);
        }
    }
    // A script of the tree run by its path: `./scripts/test`, `bash ci/test.sh`, `./Build.ps1`.
    for word in cmd
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')' | '{' | '}'))
    {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        let path = word
            .trim_start_matches("./")
            .trim_start_matches(".\\")
            .replace('\\', "/");
        let path = path.trim_start_matches("./");
        if path.is_empty() {
            continue;
        }
        if let Some(lines) = resolver.shell_scripts.get(path) {
            let via = format!("script {path}");
            for line in lines.iter() {
                for expanded in expand_vars(line, &resolver.vars) {
                    for (k, _) in classify_command(&expanded, resolver, depth + 1) {
                        push(k, Some(via.clone()), &mut out);
                    }
                }
            }
        }
    }
    out
}

/// What a task of a build tool does (a Makefile target, a Rake task, a Mage target): its recipe
/// lines (with the variables expanded when `expand`), then its prerequisites, each run as
/// `<tool> <prerequisite>`; a task whose recipe does nothing recognisable is known by its name
/// (`make richtest` running a wrapper the patterns do not know).
fn task_kinds(
    t: &MakeTarget,
    tool: &str,
    expand: bool,
    resolver: &Resolver<'_>,
    depth: u8,
) -> Vec<ActivityKind> {
    let mut kinds = Vec::new();
    for line in &t.recipe {
        if expand {
            for expanded in expand_vars(line, &resolver.vars) {
                kinds.extend(classify_command(&expanded, resolver, depth + 1));
            }
        } else {
            kinds.extend(classify_command(line, resolver, depth + 1));
        }
    }
    for dep in t.deps.iter().filter(|d| **d != t.name) {
        kinds.extend(classify_command(
            &format!("{tool} {dep}"),
            resolver,
            depth + 1,
        ));
    }
    if kinds.is_empty() {
        kinds.extend(kinds_by_name(&t.name).into_iter().map(|k| (k, None)));
    }
    kinds.into_iter().map(|(k, _)| k).collect()
}

/// The targets a command line has Mage run: `mage -v test`, `mage -d build check lint`,
/// `go run mage.go test` (the targets after the options; the options `-d`, `-t`, `-w`,
/// `-gocmd`, `-goos`, `-goarch` and `-ldflags` take a value).
fn mage_invocations(cmd: &str) -> Vec<String> {
    const WITH_VALUE: &[&str] = &["-d", "-t", "-w", "-gocmd", "-goos", "-goarch", "-ldflags"];
    let mut out = Vec::new();
    for segment in cmd.split([';', '&', '|', '\n']) {
        let words: Vec<&str> = segment.split_whitespace().collect();
        let start = words.iter().enumerate().find_map(|(i, w)| {
            let w = w.rsplit('/').next().unwrap_or(w);
            let mage = w == "mage"
                || w == "mage.exe"
                || (w == "mage.go" && i >= 2 && words[i - 1] == "run");
            mage.then_some(i + 1)
        });
        let Some(start) = start else { continue };
        let mut rest = words[start..].iter();
        while let Some(w) = rest.next() {
            if WITH_VALUE.contains(w) {
                rest.next();
            } else if w.starts_with('-') {
                continue;
            } else if w
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ':' || c == '_')
            {
                // A namespaced target (`build:linux`) is its function's name.
                out.push(w.rsplit(':').next().unwrap_or(w).to_owned());
            } else {
                break;
            }
        }
    }
    out
}

/// What `tox …` or `nox …` runs: the named environments or sessions (`-e a,b`, `-s a`), or
/// the default list, or all of them; each by its commands, else by its name. tox's Python
/// environments (`py312`, `pypy3`) and an unresolvable run are tests.
fn tox_or_nox(
    tool: &str,
    args: &str,
    resolver: &Resolver<'_>,
    depth: u8,
) -> Vec<(ActivityKind, String)> {
    let mut names: Vec<String> = Vec::new();
    let mut words = args.split_whitespace();
    while let Some(w) = words.next() {
        let value = match w {
            "-e" | "--env" | "-s" | "--session" | "--sessions" => words.next(),
            _ => w
                .strip_prefix("-e=")
                .or_else(|| w.strip_prefix("--env="))
                .or_else(|| w.strip_prefix("--session=")),
        };
        if let Some(v) = value {
            names.extend(
                v.split(',')
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
            );
        }
    }
    let config: Vec<(String, Vec<(&str, MakeTarget)>)> = if tool == "tox" {
        resolver
            .tox
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    } else {
        resolver
            .nox
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_owned(),
                    v.iter().map(|(p, t)| (*p, (*t).clone())).collect(),
                )
            })
            .collect()
    };
    let lookup = |n: &str| config.iter().find(|(k, _)| k == n).map(|(_, v)| v);
    if names.is_empty() {
        names = match lookup("*") {
            Some(list) => list.iter().flat_map(|(_, t)| t.deps.clone()).collect(),
            None => config
                .iter()
                .map(|(k, _)| k.clone())
                .filter(|k| k != "testenv" && k != "*")
                .collect(),
        };
    }
    let mut out: Vec<(ActivityKind, String)> = Vec::new();
    let add = |k: ActivityKind, via: String, out: &mut Vec<(ActivityKind, String)>| {
        if !out.iter().any(|(o, _)| *o == k) {
            out.push((k, via));
        }
    };
    if names.is_empty() {
        add(
            ActivityKind::Test,
            format!("{tool} (no configuration in view)"),
            &mut out,
        );
        return out;
    }
    let word = if tool == "tox" {
        "environment"
    } else {
        "session"
    };
    for name in &names {
        let defs = lookup(name).or_else(|| {
            if tool == "tox" {
                lookup("testenv")
            } else {
                None
            }
        });
        let mut kinds: Vec<ActivityKind> = Vec::new();
        let mut via = format!("{tool} {word} \"{name}\"");
        if let Some(defs) = defs {
            if let Some((path, _)) = defs.first() {
                via = format!("{tool} {word} \"{name}\" in {path}");
            }
            for (_, t) in defs {
                for line in &t.recipe {
                    kinds.extend(
                        classify_command(line, resolver, depth + 1)
                            .into_iter()
                            .map(|(k, _)| k),
                    );
                }
            }
        }
        if kinds.is_empty() {
            kinds = kinds_by_name(name);
            let lower = name.to_ascii_lowercase();
            if lower == "style"
                || lower == "typing"
                || lower == "mypy"
                || lower.starts_with("pre-commit")
            {
                kinds.push(ActivityKind::Lint);
            }
            let python_env = lower.starts_with("py")
                && lower[2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == 'p');
            if python_env || (kinds.is_empty() && tool == "tox" && defs.is_none()) {
                kinds.push(ActivityKind::Test);
            }
        }
        for k in kinds {
            add(k, via.clone(), &mut out);
        }
    }
    out
}

/// GitHub Actions (and other marketplace) actions by reference prefix, and what they do.
const KNOWN_ACTIONS: &[(&str, ActivityKind)] = &[
    ("github/codeql-action", ActivityKind::Security),
    ("aquasecurity/trivy-action", ActivityKind::Security),
    ("snyk/actions", ActivityKind::Security),
    ("returntocorp/semgrep-action", ActivityKind::Security),
    ("semgrep/semgrep-action", ActivityKind::Security),
    ("gitleaks/gitleaks-action", ActivityKind::Security),
    ("trufflesecurity/trufflehog", ActivityKind::Security),
    ("ossf/scorecard-action", ActivityKind::Security),
    ("actions/dependency-review-action", ActivityKind::Security),
    ("anchore/scan-action", ActivityKind::Security),
    ("google/osv-scanner-action", ActivityKind::Security),
    ("rustsec/audit-check", ActivityKind::Security),
    ("embarkstudios/cargo-deny-action", ActivityKind::Security),
    ("zizmorcore/zizmor-action", ActivityKind::Security),
    ("golang/govulncheck-action", ActivityKind::Security),
    ("pypa/gh-action-pip-audit", ActivityKind::Security),
    ("bridgecrewio/checkov-action", ActivityKind::Security),
    ("aquasecurity/tfsec-action", ActivityKind::Security),
    ("securego/gosec", ActivityKind::Security),
    ("sonarsource/", ActivityKind::Security),
    ("codecov/codecov-action", ActivityKind::Coverage),
    ("coverallsapp/github-action", ActivityKind::Coverage),
    ("golangci/golangci-lint-action", ActivityKind::Lint),
    ("super-linter/super-linter", ActivityKind::Lint),
    ("github/super-linter", ActivityKind::Lint),
    ("pre-commit/action", ActivityKind::Lint),
    // pre-commit's drop-in runner, as an action.
    ("j178/prek-action", ActivityKind::Lint),
    ("astral-sh/ruff-action", ActivityKind::Lint),
    ("reviewdog/", ActivityKind::Lint),
    ("actions/deploy-pages", ActivityKind::Deploy),
    ("peaceiris/actions-gh-pages", ActivityKind::Deploy),
    ("jamesives/github-pages-deploy-action", ActivityKind::Deploy),
    (
        "aws-actions/amazon-ecs-deploy-task-definition",
        ActivityKind::Deploy,
    ),
    ("google-github-actions/deploy-", ActivityKind::Deploy),
    ("azure/webapps-deploy", ActivityKind::Deploy),
    ("azure/k8s-deploy", ActivityKind::Deploy),
    ("superfly/flyctl-actions", ActivityKind::Deploy),
    ("amondnet/vercel-action", ActivityKind::Deploy),
    ("pypa/gh-action-pypi-publish", ActivityKind::Deploy),
    ("cloudflare/wrangler-action", ActivityKind::Deploy),
    ("akhileshns/heroku-deploy", ActivityKind::Deploy),
    ("docker/build-push-action", ActivityKind::Build),
    ("goreleaser/goreleaser-action", ActivityKind::Build),
    ("cypress-io/github-action", ActivityKind::Test),
    ("dtolnay/rust-toolchain", ActivityKind::Build),
];

re!(
    OWNER_URL,
    r"(?i)\b(?:repository|homepage|url|source_code_uri|source|scm|connection|bugs|module|changelog_uri|documentation)\b(?u:[^\n])*?github\.com[/:]([A-Za-z0-9][A-Za-z0-9-]*)/"
);
re!(
    NPM_REPOSITORY_SHORTHAND,
    r#""repository"\s*:\s*"(?:github:)?([A-Za-z0-9][A-Za-z0-9-]*)/[\w.-]+""#
);
re!(
    COMPOSER_NAME,
    r#"(?m)^\s*"name"\s*:\s*"([A-Za-z0-9][\w.-]*)/[\w.-]+""#
);

/// The GitHub owners that the project's manifests (at the root or one folder down) name as
/// its home; see [`CiFacts::owners`].
fn repository_owners(files: &[FileFacts]) -> Vec<String> {
    let mut owners: BTreeSet<String> = BTreeSet::new();
    for f in files.iter().filter(|f| is_own(f)) {
        if !f.is(FileKind::MANIFEST) || f.depth() > 1 {
            continue;
        }
        let Some(text) = f.text.as_deref() else {
            continue;
        };
        let name = f.name().to_ascii_lowercase();
        if name == "go.mod" {
            if let Some(module) = text.lines().find(|l| l.trim_start().starts_with("module ")) {
                if let Some(c) = OWNER_URL.captures(module) {
                    owners.insert(c[1].to_ascii_lowercase());
                }
            }
            continue;
        }
        for c in OWNER_URL.captures_iter(text) {
            owners.insert(c[1].to_ascii_lowercase());
        }
        if name == "package.json" {
            if let Some(c) = NPM_REPOSITORY_SHORTHAND.captures(text) {
                owners.insert(c[1].to_ascii_lowercase());
            }
        }
        if name == "composer.json" {
            if let Some(c) = COMPOSER_NAME.captures(text) {
                owners.insert(c[1].to_ascii_lowercase());
            }
        }
    }
    owners.into_iter().collect()
}

/// Builds the [`CiFacts`] from the walked files (sorted by path).
#[must_use]
pub fn collect(files: &[FileFacts], warnings: &mut Vec<Warning>) -> CiFacts {
    let resolver = Resolver::new(files);
    let mut facts = CiFacts {
        owners: repository_owners(files),
        ..CiFacts::default()
    };
    for f in files {
        if let Some(kind) = automation_kind(&f.path) {
            facts.automation.push(Automation {
                kind,
                path: f.path.clone(),
            });
        }
        // A pipeline file of a fixture, an example or vendored code is not this project's CI.
        if !f.is(FileKind::CI) || !matches!(f.role, Role::Product | Role::Test) {
            continue;
        }
        let Some(provider) = provider(&f.path) else {
            continue;
        };
        let mut p = Pipeline {
            provider,
            path: f.path.clone(),
            ..Pipeline::default()
        };
        match f.text.as_deref() {
            None => {}
            Some(text) if provider == "jenkins" => jenkins(text, &resolver, &mut p),
            Some(text) => match MarkedYaml::load_from_str(text) {
                Ok(docs) => {
                    let mut local = resolver.clone();
                    for doc in &docs {
                        yaml_vars(doc, &mut local.vars, 0);
                    }
                    for c in GITHUB_ENV_WRITE.captures_iter(text) {
                        local
                            .vars
                            .entry(c[1].to_owned())
                            .or_default()
                            .push(c[2].trim().to_owned());
                    }
                    for doc in &docs {
                        yaml_pipeline(doc, text, &local, &mut p);
                    }
                }
                Err(e) => {
                    let msg = format!(
                        "cannot parse YAML (line {}): {}",
                        e.marker().line(),
                        e.info()
                    );
                    warnings.push(Warning {
                        path: Some(f.path.clone()),
                        message: msg.clone(),
                    });
                    p.parse_error = Some(msg);
                }
            },
        }
        p.activities.sort_by_key(|a| (a.line, a.kind));
        p.activities
            .dedup_by(|a, b| a.line == b.line && a.kind == b.kind);
        p.triggers.sort();
        p.triggers.dedup();
        facts.pipelines.push(p);
    }
    resolve_reusable_workflows(&mut facts.pipelines);
    facts
}

/// A GitHub job that calls a local reusable workflow does what that workflow does.
fn resolve_reusable_workflows(pipelines: &mut [Pipeline]) {
    for _ in 0..3 {
        let snapshot: BTreeMap<String, Vec<Activity>> = pipelines
            .iter()
            .map(|p| (p.path.clone(), p.activities.clone()))
            .collect();
        for p in pipelines.iter_mut() {
            let Some(wf) = &p.workflow else { continue };
            let calls: Vec<(String, u32)> = wf
                .jobs
                .iter()
                .filter_map(|j| j.uses.clone())
                .filter(|(u, _)| u.starts_with("./"))
                .collect();
            for (target, line) in calls {
                let target = target.trim_start_matches("./");
                for a in snapshot.get(target).into_iter().flatten() {
                    if !p.activities.iter().any(|x| x.kind == a.kind) {
                        p.activities.push(Activity {
                            kind: a.kind,
                            line,
                            command: format!("uses: ./{target}"),
                            via: Some(format!("reusable workflow {target}")),
                        });
                    }
                }
            }
        }
    }
}

fn line_of(n: &MarkedYaml<'_>) -> u32 {
    u32::try_from(n.span.start.line()).unwrap_or(u32::MAX)
}

fn as_str<'a>(n: &'a MarkedYaml<'_>) -> Option<std::borrow::Cow<'a, str>> {
    match &n.data {
        YamlData::Value(Scalar::String(s)) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string().into()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string().into()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string().into()),
        YamlData::Representation(s, _, _) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        YamlData::Tagged(_, inner) => as_str(inner),
        _ => None,
    }
}

fn entries<'a, 'i>(
    n: &'a MarkedYaml<'i>,
) -> impl Iterator<
    Item = (
        std::borrow::Cow<'a, str>,
        &'a MarkedYaml<'i>,
        &'a MarkedYaml<'i>,
    ),
> {
    let map = match &n.data {
        YamlData::Mapping(m) => Some(m),
        _ => None,
    };
    map.into_iter()
        .flat_map(|m| m.iter())
        .filter_map(|(k, v)| as_str(k).map(|ks| (ks, k, v)))
}

fn get<'a, 'i>(n: &'a MarkedYaml<'i>, key: &str) -> Option<&'a MarkedYaml<'i>> {
    entries(n).find(|(k, _, _)| k == key).map(|(_, _, v)| v)
}

fn seq<'a, 'i>(n: &'a MarkedYaml<'i>) -> &'a [MarkedYaml<'i>] {
    match &n.data {
        YamlData::Sequence(s) => s,
        _ => &[],
    }
}

/// Keys whose values are shell commands, per provider.
fn is_command_key(provider: &str, key: &str) -> bool {
    match key {
        "run" | "script" | "command" | "commands" => true,
        "before_script" | "after_script" => {
            matches!(provider, "gitlab-ci" | "travis")
        }
        "before_install" | "install" | "after_success" | "before_deploy" => provider == "travis",
        "bash" | "pwsh" | "powershell" => provider == "azure-pipelines",
        "entrypoint" | "args" => false,
        _ => false,
    }
}

/// The text lines of a command value (a string or a list of strings), with their line in the
/// file. Block scalars start on the line after their indicator; the exact line of each command is
/// found by searching the file text from the value's first line.
fn command_lines(value: &MarkedYaml<'_>, file: &[&str]) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let values: Vec<&MarkedYaml<'_>> = match &value.data {
        YamlData::Sequence(items) => items.iter().collect(),
        _ => vec![value],
    };
    for v in values {
        let Some(text) = as_str(v) else { continue };
        let mut from = line_of(v).saturating_sub(1) as usize;
        for cmd in text.lines() {
            let cmd = cmd.trim();
            if cmd.is_empty() {
                continue;
            }
            let found = file
                .iter()
                .enumerate()
                .skip(from)
                .take(400)
                .find(|(_, l)| l.contains(cmd))
                .map(|(i, _)| i);
            let line = found.map_or(line_of(v), |i| {
                from = i;
                u32::try_from(i + 1).unwrap_or(u32::MAX)
            });
            out.push((cmd.to_owned(), line));
        }
    }
    out
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 120 {
        let mut t: String = s.chars().take(117).collect();
        t.push('…');
        t
    } else {
        s.to_owned()
    }
}

fn add_command(p: &mut Pipeline, cmd: &str, line: u32, resolver: &Resolver<'_>) {
    let mut seen: Vec<ActivityKind> = Vec::new();
    for expanded in expand_vars(cmd, &resolver.vars) {
        for (kind, via) in classify_command(&expanded, resolver, 0) {
            if seen.contains(&kind) {
                continue;
            }
            seen.push(kind);
            let via = match via {
                None if expanded != cmd => Some(format!("as `{}`", shorten(&expanded))),
                via => via,
            };
            p.activities.push(Activity {
                kind,
                line,
                command: shorten(cmd),
                via,
            });
        }
    }
}

/// The values a CI file gives its variables: `env:` and `variables:` mappings at any level,
/// matrix values (lists and `include:` entries), Azure `variables:` lists, and GitHub's
/// `echo "NAME=value" >> $GITHUB_ENV`.
fn yaml_vars(n: &MarkedYaml<'_>, out: &mut BTreeMap<String, Vec<String>>, depth: usize) {
    if depth > 32 {
        return;
    }
    match &n.data {
        YamlData::Mapping(m) => {
            for (k, v) in m {
                let key = as_str(k).unwrap_or_default();
                match key.as_ref() {
                    "env" | "variables" | "environment" => {
                        for (name, _, value) in entries(v) {
                            if let Some(value) = as_str(value) {
                                out.entry(name.into_owned())
                                    .or_default()
                                    .push(value.into_owned());
                            }
                        }
                        // Azure: `variables: [{name: X, value: y}]`.
                        for item in seq(v) {
                            if let (Some(name), Some(value)) = (
                                get(item, "name").and_then(|x| as_str(x)),
                                get(item, "value").and_then(|x| as_str(x)),
                            ) {
                                out.entry(name.into_owned())
                                    .or_default()
                                    .push(value.into_owned());
                            }
                        }
                    }
                    "matrix" => {
                        for (name, _, value) in entries(v) {
                            if name == "include" || name == "exclude" {
                                for item in seq(value) {
                                    for (k2, _, v2) in entries(item) {
                                        if let Some(v2) = as_str(v2) {
                                            out.entry(k2.into_owned())
                                                .or_default()
                                                .push(v2.into_owned());
                                        }
                                    }
                                }
                                continue;
                            }
                            for item in seq(value) {
                                if let Some(x) = as_str(item) {
                                    out.entry(name.to_string())
                                        .or_default()
                                        .push(x.into_owned());
                                }
                            }
                        }
                    }
                    _ => {}
                }
                yaml_vars(v, out, depth + 1);
            }
        }
        YamlData::Sequence(items) => items.iter().for_each(|i| yaml_vars(i, out, depth + 1)),
        YamlData::Tagged(_, inner) => yaml_vars(inner, out, depth + 1),
        _ => {}
    }
}

re!(
    GITHUB_ENV_WRITE,
    r#"echo\s+["']?([A-Za-z_]\w*)=((?u:[^"'>\n])*?)["']?\s*>>\s*"?\$\{?GITHUB_ENV"#
);

fn add_action(p: &mut Pipeline, uses: &str, line: u32) {
    let lower = uses.to_ascii_lowercase();
    for (prefix, kind) in KNOWN_ACTIONS {
        if lower.starts_with(prefix) {
            p.activities.push(Activity {
                kind: *kind,
                line,
                command: format!("uses: {uses}"),
                via: None,
            });
        }
    }
}

/// Walks a YAML document: commands under command keys, provider-specific steps, triggers.
fn yaml_pipeline(doc: &MarkedYaml<'_>, text: &str, resolver: &Resolver<'_>, p: &mut Pipeline) {
    let file: Vec<&str> = text.lines().collect();
    walk_commands(doc, &file, resolver, p, 0);
    match p.provider {
        "github-actions" => {
            let wf = github_workflow(doc, &file);
            for job in &wf.jobs {
                for step in &job.steps {
                    if let Some((uses, line)) = &step.uses {
                        add_action(p, uses, *line);
                        // `actions-rs/cargo` style: the command is an input.
                        if let Some((_, cmd, _)) = step.with.iter().find(|(k, _, _)| k == "command")
                        {
                            if uses.contains("cargo") {
                                let args = step
                                    .with
                                    .iter()
                                    .find(|(k, _, _)| k == "args")
                                    .map_or("", |(_, v, _)| v.as_str());
                                add_command(p, &format!("cargo {cmd} {args}"), *line, resolver);
                            }
                        }
                    }
                }
                if let Some((uses, line)) = &job.uses {
                    add_action(p, uses, *line);
                }
                if let Some(env) = job_environment(doc, &job.id) {
                    p.activities.push(Activity {
                        kind: ActivityKind::Deploy,
                        line: env,
                        command: format!("job {} deploys to an environment", job.id),
                        via: None,
                    });
                }
            }
            p.triggers
                .extend(wf.triggers.iter().map(|(t, _)| t.clone()));
            p.workflow = Some(wf);
        }
        "gitlab-ci" => {
            p.triggers.push("push".into());
            let lower = text.to_ascii_lowercase();
            if lower.contains("merge_request_event") || lower.contains("merge_requests") {
                p.triggers.push("merge_request".into());
            }
            if lower.contains("\"schedule\"") || lower.contains("schedules") {
                p.triggers.push("schedule".into());
            }
            if lower.contains("when: manual") {
                p.triggers.push("manual".into());
            }
            for (key, k, v) in entries(doc) {
                if get(v, "environment").is_some() {
                    p.activities.push(Activity {
                        kind: ActivityKind::Deploy,
                        line: line_of(k),
                        command: format!("job {key} deploys to an environment"),
                        via: None,
                    });
                }
            }
            if let Some(include) = get(doc, "include") {
                for_each_scalar(include, &mut |s, line| {
                    let l = s.to_ascii_lowercase();
                    if [
                        "sast",
                        "dependency-scanning",
                        "secret-detection",
                        "container-scanning",
                        "dast",
                    ]
                    .iter()
                    .any(|w| l.contains(w))
                    {
                        p.activities.push(Activity {
                            kind: ActivityKind::Security,
                            line,
                            command: format!("include: {s}"),
                            via: None,
                        });
                    }
                });
            }
        }
        "circleci" => {
            p.triggers.push("push".into());
            if text.contains("triggers:") && text.contains("schedule") {
                p.triggers.push("schedule".into());
            }
            // Orb jobs and steps: `node/test`, `python/test`, `aws-ecr/build-and-push-image`.
            for_each_scalar_or_key(doc, &mut |s, line| {
                if let Some((orb, job)) = s.split_once('/') {
                    if !orb.is_empty()
                        && orb
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                        && !job.contains(' ')
                        && !job.contains('/')
                    {
                        for k in kinds_by_name(job) {
                            p.activities.push(Activity {
                                kind: k,
                                line,
                                command: s.to_owned(),
                                via: Some(format!("orb {orb}")),
                            });
                        }
                    }
                }
            });
        }
        "azure-pipelines" => {
            match get(doc, "trigger").and_then(|t| as_str(t)) {
                Some(t) if t == "none" => {}
                _ => p.triggers.push("push".into()),
            }
            match get(doc, "pr").and_then(|t| as_str(t)) {
                Some(t) if t == "none" => {}
                _ => p.triggers.push("pull_request".into()),
            }
            if get(doc, "schedules").is_some() {
                p.triggers.push("schedule".into());
            }
            azure_tasks(doc, resolver, p);
        }
        "bitbucket-pipelines" => {
            if let Some(pipes) = get(doc, "pipelines") {
                for (k, _, _) in entries(pipes) {
                    p.triggers.push(
                        match k.as_ref() {
                            "default" | "branches" => "push",
                            "pull-requests" => "pull_request",
                            "tags" => "tag",
                            "custom" => "manual",
                            other => other,
                        }
                        .to_owned(),
                    );
                }
            }
            deploy_keys(doc, &["deployment"], p);
        }
        "travis" => {
            p.triggers
                .extend(["push".to_owned(), "pull_request".to_owned()]);
            if let Some(d) = get(doc, "deploy") {
                p.activities.push(Activity {
                    kind: ActivityKind::Deploy,
                    line: line_of(d).saturating_sub(1).max(1),
                    command: "deploy:".into(),
                    via: None,
                });
            }
        }
        "drone" | "woodpecker" => {
            let mut events: BTreeSet<String> = BTreeSet::new();
            for key in ["trigger", "when"] {
                if let Some(t) = get(doc, key) {
                    if let Some(ev) = get(t, "event") {
                        for_each_scalar(ev, &mut |s, _| {
                            events.insert(s.to_owned());
                        });
                    }
                }
            }
            if events.is_empty() {
                events.extend(["push", "pull_request", "tag"].map(str::to_owned));
            }
            p.triggers
                .extend(events.into_iter().map(|e| match e.as_str() {
                    "cron" => "schedule".to_owned(),
                    "custom" | "manual" => "manual".to_owned(),
                    _ => e,
                }));
        }
        "google-cloud-build" => {
            p.triggers.push("external".into());
            for step in get(doc, "steps").map(seq).unwrap_or_default() {
                let name = get(step, "name")
                    .and_then(|n| as_str(n))
                    .unwrap_or_default();
                let mut words: Vec<String> = Vec::new();
                if let Some(e) = get(step, "entrypoint").and_then(|n| as_str(n)) {
                    words.push(e.into_owned());
                } else {
                    let builder = name.rsplit('/').next().unwrap_or("");
                    let builder = builder.split(':').next().unwrap_or("");
                    words.push(if builder == "golang" {
                        "go".into()
                    } else {
                        builder.to_owned()
                    });
                }
                if let Some(args) = get(step, "args") {
                    for_each_scalar(args, &mut |s, _| words.push(s.to_owned()));
                }
                add_command(p, &words.join(" "), line_of(step), resolver);
            }
        }
        _ => p.triggers.push("external".into()),
    }
}

/// Calls `f` on every scalar string in the node, with its line.
fn for_each_scalar(n: &MarkedYaml<'_>, f: &mut dyn FnMut(&str, u32)) {
    match &n.data {
        YamlData::Sequence(items) => items.iter().for_each(|i| for_each_scalar(i, f)),
        YamlData::Mapping(m) => m.values().for_each(|v| for_each_scalar(v, f)),
        _ => {
            if let Some(s) = as_str(n) {
                f(&s, line_of(n));
            }
        }
    }
}

/// Calls `f` on every scalar and every mapping key in the node.
fn for_each_scalar_or_key(n: &MarkedYaml<'_>, f: &mut dyn FnMut(&str, u32)) {
    match &n.data {
        YamlData::Sequence(items) => items.iter().for_each(|i| for_each_scalar_or_key(i, f)),
        YamlData::Mapping(m) => {
            for (k, v) in m {
                if let Some(s) = as_str(k) {
                    f(&s, line_of(k));
                }
                for_each_scalar_or_key(v, f);
            }
        }
        _ => {
            if let Some(s) = as_str(n) {
                f(&s, line_of(n));
            }
        }
    }
}

fn walk_commands(
    n: &MarkedYaml<'_>,
    file: &[&str],
    resolver: &Resolver<'_>,
    p: &mut Pipeline,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match &n.data {
        YamlData::Mapping(m) => {
            for (k, v) in m {
                let key = as_str(k).unwrap_or_default();
                if is_command_key(p.provider, &key) {
                    // CircleCI `run: {command: …}` and similar: descend.
                    if matches!(v.data, YamlData::Mapping(_)) {
                        walk_commands(v, file, resolver, p, depth + 1);
                        continue;
                    }
                    for (cmd, line) in command_lines(v, file) {
                        add_command(p, &cmd, line, resolver);
                    }
                } else {
                    walk_commands(v, file, resolver, p, depth + 1);
                }
            }
        }
        YamlData::Sequence(items) => {
            for i in items {
                walk_commands(i, file, resolver, p, depth + 1);
            }
        }
        YamlData::Tagged(_, inner) => walk_commands(inner, file, resolver, p, depth + 1),
        _ => {}
    }
}

fn deploy_keys(n: &MarkedYaml<'_>, keys: &[&str], p: &mut Pipeline) {
    match &n.data {
        YamlData::Mapping(m) => {
            for (k, v) in m {
                if as_str(k).is_some_and(|s| keys.contains(&s.as_ref())) {
                    p.activities.push(Activity {
                        kind: ActivityKind::Deploy,
                        line: line_of(k),
                        command: format!(
                            "{}: {}",
                            as_str(k).unwrap_or_default(),
                            as_str(v).unwrap_or_default()
                        ),
                        via: None,
                    });
                }
                deploy_keys(v, keys, p);
            }
        }
        YamlData::Sequence(items) => items.iter().for_each(|i| deploy_keys(i, keys, p)),
        _ => {}
    }
}

/// Azure Pipelines built-in tasks that run tests, builds or deployments.
fn azure_tasks(n: &MarkedYaml<'_>, resolver: &Resolver<'_>, p: &mut Pipeline) {
    match &n.data {
        YamlData::Mapping(_) => {
            if let Some(task) = get(n, "task").and_then(|t| as_str(t)) {
                let name = task.split('@').next().unwrap_or("").to_ascii_lowercase();
                let input = |k: &str| {
                    get(n, "inputs")
                        .and_then(|i| get(i, k))
                        .and_then(|v| as_str(v))
                        .map(|s| s.into_owned())
                        .unwrap_or_default()
                };
                let line = line_of(n);
                let cmd = match name.as_str() {
                    "dotnetcorecli" => format!("dotnet {}", input("command")),
                    "maven" => format!("mvn {}", input("goals")),
                    "gradle" => format!("gradle {}", input("tasks")),
                    "npm" => format!("npm {} {}", input("command"), input("customCommand")),
                    "vstest" => "vstest".into(),
                    "docker" => format!("docker {}", input("command")),
                    n if n.contains("deploy")
                        || n.starts_with("azurewebapp")
                        || n.starts_with("azurefunctionapp") =>
                    {
                        p.activities.push(Activity {
                            kind: ActivityKind::Deploy,
                            line,
                            command: format!("task: {task}"),
                            via: None,
                        });
                        String::new()
                    }
                    _ => String::new(),
                };
                if !cmd.trim().is_empty() {
                    add_command(p, &cmd, line, resolver);
                }
            }
            for (_, _, v) in entries(n) {
                azure_tasks(v, resolver, p);
            }
            if get(n, "deployment").is_some() {
                deploy_keys(n, &["deployment"], p);
            }
        }
        YamlData::Sequence(items) => items.iter().for_each(|i| azure_tasks(i, resolver, p)),
        _ => {}
    }
}

/// The line of a GitHub job's `environment:`, when it has one.
fn job_environment(doc: &MarkedYaml<'_>, job: &str) -> Option<u32> {
    let j = get(get(doc, "jobs")?, job)?;
    entries(j)
        .find(|(k, _, _)| k == "environment")
        .map(|(_, k, _)| line_of(k))
}

fn permissions(n: &MarkedYaml<'_>) -> Option<(u32, Option<String>)> {
    entries(n)
        .find(|(k, _, _)| k == "permissions")
        .map(|(_, k, v)| (line_of(k), as_str(v).map(|s| s.into_owned())))
}

fn pairs(n: Option<&MarkedYaml<'_>>) -> Vec<(String, String, u32)> {
    n.map(|n| {
        entries(n)
            .map(|(k, kn, v)| {
                let value = as_str(v).map(|s| s.into_owned()).unwrap_or_default();
                (k.into_owned(), value, line_of(kn))
            })
            .collect()
    })
    .unwrap_or_default()
}

fn secret_lines(n: Option<&MarkedYaml<'_>>) -> Vec<u32> {
    pairs(n)
        .into_iter()
        .filter(|(_, v, _)| v.contains("secrets."))
        .map(|(_, _, l)| l)
        .collect()
}

fn github_workflow(doc: &MarkedYaml<'_>, file: &[&str]) -> Workflow {
    let mut wf = Workflow::default();
    if let Some((_, _, on)) = entries(doc).find(|(k, _, _)| k == "on" || k == "true") {
        match &on.data {
            YamlData::Mapping(_) => {
                for (k, kn, _) in entries(on) {
                    wf.triggers.push((k.into_owned(), line_of(kn)));
                }
            }
            _ => for_each_scalar(on, &mut |s, line| wf.triggers.push((s.to_owned(), line))),
        }
    }
    wf.permissions = permissions(doc);
    wf.env_secrets = secret_lines(get(doc, "env"));
    let Some(jobs) = get(doc, "jobs") else {
        return wf;
    };
    for (id, kn, j) in entries(jobs) {
        let mut job = Job {
            id: id.into_owned(),
            line: line_of(kn),
            permissions: permissions(j),
            env_secrets: secret_lines(get(j, "env")),
            ..Job::default()
        };
        if let Some((_, k, v)) = entries(j).find(|(k, _, _)| k == "uses") {
            job.uses = as_str(v).map(|s| (s.into_owned(), line_of(k)));
        }
        if let Some((_, k, v)) = entries(j).find(|(k, _, _)| k == "secrets") {
            if as_str(v).is_some_and(|s| s == "inherit") {
                job.secrets_inherit = Some(line_of(k));
            }
        }
        for s in get(j, "steps").map(seq).unwrap_or_default() {
            let first_key_line = entries(s).map(|(_, k, _)| line_of(k)).min();
            let mut step = Step {
                line: first_key_line.unwrap_or_else(|| line_of(s)),
                with: pairs(get(s, "with")),
                env: pairs(get(s, "env")),
                ..Step::default()
            };
            if let Some((_, k, v)) = entries(s).find(|(k, _, _)| k == "uses") {
                step.uses = as_str(v).map(|u| (u.into_owned(), line_of(k)));
            }
            if let Some((_, _, v)) = entries(s).find(|(k, _, _)| k == "run") {
                if let Some(run) = as_str(v) {
                    // The first line of the script's text.
                    let first = run.lines().map(str::trim).find(|l| !l.is_empty());
                    let start = line_of(v);
                    let line = first
                        .and_then(|first| {
                            file.iter()
                                .enumerate()
                                .skip(start.saturating_sub(1) as usize)
                                .find(|(_, l)| l.contains(first))
                                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
                        })
                        .unwrap_or(start);
                    step.run = Some((run.into_owned(), line));
                }
            }
            job.steps.push(step);
        }
        wf.jobs.push(job);
    }
    wf
}

re!(
    JENKINS_STEP,
    r#"(?s)\b(?:sh|bat|pwsh|powershell)\s*\(?\s*(?:script\s*:\s*)?(?:'''((?u:.)*?)'''|"""((?u:.)*?)"""|'((?u:[^'\n])*)'|"((?u:[^"\n])*)")"#
);

/// A Jenkinsfile (declarative or scripted Groovy): its `sh`/`bat` steps and triggers.
fn jenkins(text: &str, resolver: &Resolver<'_>, p: &mut Pipeline) {
    p.triggers.push("push".into());
    if text.contains("cron(") || text.contains("cron '") {
        p.triggers.push("schedule".into());
    }
    if text.contains("changeRequest") || text.contains("CHANGE_ID") {
        p.triggers.push("pull_request".into());
    }
    for caps in JENKINS_STEP.captures_iter(text) {
        let Some(m) = (1..=4).find_map(|i| caps.get(i)) else {
            continue;
        };
        let start_line = text[..m.start()].matches('\n').count() + 1;
        for (offset, cmd) in m.as_str().lines().enumerate() {
            if cmd.trim().is_empty() {
                continue;
            }
            add_command(
                p,
                cmd,
                u32::try_from(start_line + offset).unwrap_or(u32::MAX),
                resolver,
            );
        }
    }
    // `junit 'reports/*.xml'` publishes test results that a test step produced.
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("junit ") || line.contains("junit(") {
            p.activities.push(Activity {
                kind: ActivityKind::Test,
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                command: shorten(line),
                via: Some("test results published".into()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;
    use crate::facts::source::SourceSignals;

    fn file(path: &str, text: &str) -> FileFacts {
        FileFacts {
            path: path.into(),
            kind: classify(path, None),
            text: Some(text.into()),
            ..FileFacts::default()
        }
    }

    fn one(path: &str, text: &str, extra: Vec<FileFacts>) -> Pipeline {
        let mut files = extra;
        files.push(file(path, text));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut w = Vec::new();
        let facts = collect(&files, &mut w);
        assert!(w.is_empty(), "{w:?}");
        facts.pipelines.into_iter().next().expect("a pipeline")
    }

    fn kinds(p: &Pipeline) -> Vec<ActivityKind> {
        let mut k: Vec<_> = p.activities.iter().map(|a| a.kind).collect();
        k.sort();
        k.dedup();
        k
    }

    #[test]
    fn github_workflow_lines_triggers_and_steps() {
        let yml = "name: ci\non:\n  push:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Test\n        run: |\n          cargo fmt --check\n          cargo test --all\n";
        let p = one(".github/workflows/ci.yml", yml, vec![]);
        assert_eq!(p.provider, "github-actions");
        assert_eq!(p.triggers, vec!["pull_request", "push"]);
        let test = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Test)
            .unwrap();
        assert_eq!(test.line, 13);
        let lint = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Lint)
            .unwrap();
        assert_eq!(lint.line, 12);
        let wf = p.workflow.unwrap();
        assert_eq!(
            wf.jobs[0].steps[0].uses,
            Some(("actions/checkout@v4".into(), 9))
        );
        assert_eq!(wf.jobs[0].steps[1].line, 10);
        assert_eq!(wf.jobs[0].steps[1].run.as_ref().unwrap().1, 12);
        assert!(wf.permissions.is_none());
    }

    /// A workflow-security scanner's action is a security scan.
    #[test]
    fn known_actions() {
        let yml = "on: [pull_request]\njobs:\n  zizmor:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: zizmorcore/zizmor-action@6fc4b006235f201fdab3722e17240ab420d580e5 # v0.6.1\n";
        let p = one(".github/workflows/zizmor.yml", yml, vec![]);
        assert_eq!(kinds(&p), vec![ActivityKind::Security]);
        // The hooks of pre-commit's drop-in runner, run by its action.
        let yml = "on: [pull_request]\njobs:\n  prek:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: j178/prek-action@v3.0.0\n";
        let p = one(".github/workflows/prek.yml", yml, vec![]);
        assert_eq!(kinds(&p), vec![ActivityKind::Lint]);
    }

    #[test]
    fn npm_scripts_resolved_and_placeholder_refused() {
        let wf = "on: push\njobs:\n  a:\n    steps:\n      - run: npm ci\n      - run: npm test\n      - run: npm run lint\n";
        let pkg = file(
            "package.json",
            r#"{"scripts": {"test": "echo \"Error: no test specified\" && exit 1", "lint": "eslint ."}}"#,
        );
        let p = one(".github/workflows/ci.yml", wf, vec![pkg]);
        assert_eq!(kinds(&p), vec![ActivityKind::Lint]);
        let pkg = file("package.json", r#"{"scripts": {"test": "vitest run"}}"#);
        let p = one(".github/workflows/ci.yml", wf, vec![pkg]);
        let t = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Test)
            .unwrap();
        assert_eq!(t.line, 6);
        assert_eq!(
            t.via.as_deref(),
            Some("npm script \"test\" in package.json")
        );
    }

    /// `mage check` runs what the Mage file's `Check` runs, through its prerequisites.
    #[test]
    fn mage_targets_followed() {
        let mut magefile = file("magefile.go", crate::facts::source::MAGEFILE);
        magefile.scan.source = Some(SourceSignals {
            mage_targets: crate::facts::source::mage_targets(crate::facts::source::MAGEFILE),
            ..SourceSignals::default()
        });
        let yml = "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go install github.com/magefile/mage@v1.15.0\n      - run: |\n          sass --version;\n          mage -v check;\n";
        let p = one(".github/workflows/test.yml", yml, vec![magefile]);
        assert_eq!(kinds(&p), vec![ActivityKind::Test, ActivityKind::Lint]);
        let test = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Test)
            .unwrap();
        assert_eq!(
            (test.line, test.via.as_deref()),
            (9, Some("mage target \"check\" in magefile.go"))
        );
        assert_eq!(
            mage_invocations("mage -d build -v test lint"),
            vec!["test", "lint"]
        );
        assert_eq!(
            mage_invocations("go run mage.go build:linux"),
            vec!["linux"]
        );
        assert!(mage_invocations("go install github.com/magefile/mage@v1").is_empty());
    }

    #[test]
    fn make_targets_followed() {
        let mut mk = FileFacts {
            path: "Makefile".into(),
            ..FileFacts::default()
        };
        mk.scan.source = Some(SourceSignals {
            make_targets: vec![
                MakeTarget {
                    name: "check".into(),
                    line: 1,
                    deps: vec!["unit".into()],
                    recipe: vec![],
                },
                MakeTarget {
                    name: "unit".into(),
                    line: 3,
                    deps: vec![],
                    recipe: vec!["go test ./...".into()],
                },
            ],
            ..SourceSignals::default()
        });
        let p = one(
            ".gitlab-ci.yml",
            "test:\n  script:\n    - make check\n",
            vec![mk],
        );
        assert_eq!(p.provider, "gitlab-ci");
        assert!(p.runs_tests());
        let t = &p.activities[0];
        assert_eq!(
            (t.line, t.via.as_deref()),
            (3, Some("make target \"check\" in Makefile"))
        );
    }

    #[test]
    fn broken_yaml_is_a_warning_and_still_a_pipeline() {
        let files = vec![file(".travis.yml", "script: [unclosed\n  - x: : :\n")];
        let mut w = Vec::new();
        let facts = collect(&files, &mut w);
        assert_eq!(facts.pipelines.len(), 1);
        assert!(facts.pipelines[0].parse_error.is_some());
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("cannot parse YAML"));
    }

    #[test]
    fn jenkins_steps() {
        let jf = "pipeline {\n  agent any\n  triggers { cron('H 2 * * *') }\n  stages {\n    stage('Test') {\n      steps {\n        sh 'mvn -B verify'\n        sh '''\n          ./deploy.sh prod\n        '''\n      }\n    }\n  }\n}\n";
        let p = one("Jenkinsfile", jf, vec![]);
        assert_eq!(p.provider, "jenkins");
        assert!(p.triggers.contains(&"schedule".to_owned()));
        let t = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Test)
            .unwrap();
        assert_eq!(t.line, 7);
        let d = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Deploy)
            .unwrap();
        assert_eq!(d.line, 9);
    }

    #[test]
    fn variables_are_expanded_with_their_values_or_their_names() {
        let mut vars: BTreeMap<String, Vec<String>> = BTreeMap::new();
        vars.insert("CARGO".into(), vec!["cargo".into(), "cross".into()]);
        vars.insert("TARGET_FLAGS".into(), vec!["--target x86".into()]);
        assert_eq!(
            expand_vars("${{ env.CARGO }} test ${{ env.TARGET_FLAGS }}", &vars),
            vec!["cargo test --target x86", "cross test --target x86"]
        );
        let none = BTreeMap::new();
        assert_eq!(
            expand_vars("$(GO) test ./...", &none),
            vec!["go test ./..."]
        );
        assert_eq!(expand_vars("${PREFIX}pytest -q", &none), vec!["pytest -q"]);
        assert_eq!(
            expand_vars("cd $HOME && $RUNNER test", &none),
            vec!["cd  && runner test"],
            "a program-position variable keeps its name, others vanish"
        );
        let r = Resolver::new(&[]);
        let kinds = |c: &str| -> Vec<ActivityKind> {
            expand_vars(c, &none)
                .iter()
                .flat_map(|e| classify_command(e, &r, 0))
                .map(|(k, _)| k)
                .collect()
        };
        assert!(kinds("${{ env.CARGO }} test").contains(&ActivityKind::Test));
        assert!(kinds("$CARGO test --workspace").contains(&ActivityKind::Test));
        assert!(kinds("cross test --target armv7").contains(&ActivityKind::Test));
        assert_eq!(kinds("tox -e lint"), vec![ActivityKind::Lint]);
        assert_eq!(kinds("nox -s typing"), vec![ActivityKind::Lint]);
        assert_eq!(kinds("tox -e py312"), vec![ActivityKind::Test]);
        assert_eq!(
            kinds("tox"),
            vec![ActivityKind::Test],
            "nothing in view: tests"
        );
        assert_eq!(
            kinds("uv run --locked --group dev tox run -e typing"),
            vec![ActivityKind::Lint]
        );
        assert_eq!(kinds("python -m nox -s lint"), vec![ActivityKind::Lint]);
        assert_eq!(kinds("pip install tox nox"), vec![], "installed, not run");
        assert_eq!(kinds("gem install bundler rake"), vec![]);
    }

    #[test]
    fn github_matrix_env_and_github_env_writes_feed_the_commands() {
        let wf = "on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        cmd: [\"cargo build\", \"cargo test\"]\n    steps:\n      - run: echo \"RUNNER=cross\" >> $GITHUB_ENV\n      - run: ${{ matrix.cmd }}\n      - run: ${{ env.RUNNER }} clippy\n";
        let p = one(".github/workflows/ci.yml", wf, vec![]);
        let t = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Test)
            .expect("tests");
        assert_eq!(t.line, 9);
        assert_eq!(t.via.as_deref(), Some("as `cargo test`"));
        assert!(kinds(&p).contains(&ActivityKind::Lint), "cross clippy");
    }

    #[test]
    fn pipelines_and_makefiles_of_fixtures_are_not_the_projects() {
        let mut files = vec![
            file(
                "tests/fixtures/app/Jenkinsfile",
                "pipeline { stages { stage('t') { steps { sh 'mvn verify' } } } }\n",
            ),
            file(
                ".gitlab-ci.yml",
                "test:\n  script:\n    - make verify-all\n",
            ),
        ];
        let mut mk = FileFacts {
            path: "tests/fixtures/app/Makefile".into(),
            ..FileFacts::default()
        };
        mk.scan.source = Some(SourceSignals {
            make_targets: vec![MakeTarget {
                name: "verify-all".into(),
                recipe: vec!["go test ./...".into()],
                ..MakeTarget::default()
            }],
            ..SourceSignals::default()
        });
        files.push(mk);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        for f in &mut files {
            f.role = crate::facts::roles::role_of_path(&f.path);
        }
        let facts = collect(&files, &mut Vec::new());
        let paths: Vec<&str> = facts.pipelines.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, vec![".gitlab-ci.yml"]);
        assert!(
            !facts.pipelines[0].runs_tests(),
            "`make verify-all` does not run the fixture's target"
        );
    }

    #[test]
    fn lint_that_the_build_tool_runs() {
        let gradle = file(
            "build.gradle.kts",
            "plugins { id(\"com.diffplug.spotless\") }\nspotless { kotlin { ktlint() } }\n",
        );
        let wf = "on: push\njobs:\n  a:\n    steps:\n      - run: ./gradlew build\n";
        let p = one(".github/workflows/ci.yml", wf, vec![gradle.clone()]);
        let lint = p
            .activities
            .iter()
            .find(|a| a.kind == ActivityKind::Lint)
            .expect("spotless runs in check");
        assert_eq!(
            lint.via.as_deref(),
            Some("Spotless in build.gradle.kts, part of Gradle's check")
        );
        let wf = "on: push\njobs:\n  a:\n    steps:\n      - run: ./gradlew build -x check\n";
        let p = one(".github/workflows/ci.yml", wf, vec![gradle]);
        assert!(!p.runs(ActivityKind::Lint));
        let pom = file(
            "pom.xml",
            "<project><build><plugins><plugin><artifactId>spotless-maven-plugin</artifactId><executions><execution><goals><goal>check</goal></goals></execution></executions></plugin></plugins></build></project>",
        );
        let wf = "on: push\njobs:\n  a:\n    steps:\n      - run: mvn -B verify\n";
        assert!(one(".github/workflows/ci.yml", wf, vec![pom.clone()]).runs(ActivityKind::Lint));
        let wf = "on: push\njobs:\n  a:\n    steps:\n      - run: mvn -B test\n";
        assert!(
            !one(".github/workflows/ci.yml", wf, vec![pom]).runs(ActivityKind::Lint),
            "the check goal runs at verify"
        );
    }

    #[test]
    fn make_counts_where_it_is_the_program_run() {
        let mut mk = FileFacts {
            path: "Makefile".into(),
            ..FileFacts::default()
        };
        mk.scan.source = Some(SourceSignals {
            make_targets: vec![MakeTarget {
                name: "all".into(),
                recipe: vec!["go test ./...".into()],
                ..MakeTarget::default()
            }],
            ..SourceSignals::default()
        });
        let wf = |cmd: &str| format!("on: push\njobs:\n  a:\n    steps:\n      - run: {cmd}\n");
        let runs =
            |cmd: &str| one(".github/workflows/ci.yml", &wf(cmd), vec![mk.clone()]).runs_tests();
        assert!(runs("make"), "the default target");
        assert!(runs("cd app && CGO_ENABLED=0 make"));
        assert!(!runs("sudo apt-get install -y make"), "installed, not run");
    }

    /// What a command does, with no package.json, Makefile or other definition in view.
    fn command_kinds(cmd: &str) -> Vec<ActivityKind> {
        classify_command(cmd, &Resolver::new(&[]), 0)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn command_classes() {
        let k = command_kinds;
        assert_eq!(k("mvn -B package -DskipTests"), vec![ActivityKind::Build]);
        assert!(k("./gradlew test").contains(&ActivityKind::Test));
        assert!(k("pytest --cov=app").contains(&ActivityKind::Coverage));
        assert!(k("python -m pytest").contains(&ActivityKind::Test));
        // Django's runner, as a script, a module (under coverage too) or the admin command.
        for django in [
            "python manage.py test",
            "python -m manage test --parallel",
            "python -m coverage run --source=. --module manage test --verbosity 2",
            "coverage run -m unittest discover",
            "django-admin test --settings=tests.settings",
        ] {
            assert!(k(django).contains(&ActivityKind::Test), "{django}");
        }
        assert_eq!(k("python -m manage migrate"), vec![]);
        assert_eq!(k("echo cargo test"), vec![]);
        assert_eq!(k("# cargo test"), vec![]);
        assert!(k("bundle exec rspec").contains(&ActivityKind::Test));
        assert!(k("dotnet test --no-build").contains(&ActivityKind::Test));
        assert!(k("vendor/bin/phpunit").contains(&ActivityKind::Test));
        assert!(k("kubectl apply -f k8s/").contains(&ActivityKind::Deploy));
        assert!(k("cargo deny check").contains(&ActivityKind::Security));
        // pre-commit's hooks, run by pre-commit or by its drop-in runner.
        assert!(k("pre-commit run --all-files").contains(&ActivityKind::Lint));
        assert!(
            k("uv run prek run --from-ref origin/main --to-ref HEAD").contains(&ActivityKind::Lint)
        );
        assert!(
            k("npm test").contains(&ActivityKind::Test),
            "no package.json in view: by name"
        );
    }
    /// The patterns' classes are ASCII; what spans any character still spans a non-ASCII
    /// one, whole (a path or a value in another script does not hide the command).
    #[test]
    fn commands_with_non_ascii_words() {
        warm(); // every pattern builds
        let k = command_kinds;
        assert!(k("mvn -Dnom=café verify").contains(&ActivityKind::Test));
        assert!(k("cargo +nightly-été test").contains(&ActivityKind::Test));
        assert!(k("./gradlew -Pcible=données build").contains(&ActivityKind::Build));
        assert!(k("pytest tests/ünïcode_test.py").contains(&ActivityKind::Test));
        assert_eq!(
            k("cargo\u{a0}test"),
            vec![],
            "a no-break space does not split words"
        );
        let vars: Vec<(String, String)> = GITHUB_ENV_WRITE
            .captures_iter(
                "echo \"RÉGION=eu-ouest\" >> $GITHUB_ENV\necho \"MODE=épreuve\" >> $GITHUB_ENV",
            )
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .collect();
        assert_eq!(vars, [("MODE".to_owned(), "épreuve".to_owned())]);
        let steps: Vec<String> = JENKINS_STEP
            .captures_iter("sh 'make tést'\nsh '''\n  npm run bâtir\n'''")
            .filter_map(|c| {
                (1..=4)
                    .find_map(|i| c.get(i))
                    .map(|m| m.as_str().trim().to_owned())
            })
            .collect();
        assert_eq!(steps, ["make tést", "npm run bâtir"]);
    }
}
