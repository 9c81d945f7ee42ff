//! The `dependencies` check end to end: every lockfile format and version on the fixtures
//! (offline), the hardened `cargo metadata` call, and the registry clients over real HTTP
//! against a local server that serves recorded answers (cache, retries, offline, concurrency).

pub mod server;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use diligence::facts::classify::classify;
use diligence::facts::dependency::LookupMode;
use diligence::facts::deps::{collect, CollectOptions, Tree};
use diligence::facts::registry::http::FetchOptions;
use diligence::facts::registry::{enrich, LookupOptions, RegistryConfig};
use diligence::facts::{Dependency, Ecosystem, FileFacts};
use diligence::progress::Progress;

use crate::common::{audit_json, audit_text, bin, check, fixture, redacted, repo_root, rules};
use server::{Route, Server};

/// (manifest, name, version, direct) of every dependency in a JSON report.
fn inventory(report: &serde_json::Value) -> BTreeSet<(String, String, String, bool)> {
    report["inventory"]["dependencies"]
        .as_array()
        .expect("dependencies array")
        .iter()
        .map(|d| {
            (
                d["manifest"].as_str().unwrap().to_owned(),
                d["name"].as_str().unwrap().to_owned(),
                d["version"].as_str().unwrap().to_owned(),
                d["direct"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn of<'a>(
    inv: &'a BTreeSet<(String, String, String, bool)>,
    manifest: &str,
) -> Vec<(&'a str, &'a str, bool)> {
    inv.iter()
        .filter(|(m, ..)| m == manifest)
        .map(|(_, n, v, d)| (n.as_str(), v.as_str(), *d))
        .collect()
}

/// Each file read as its package manager reads it (`fixtures/deps-lockfile-cases`, one
/// directory per case): the packages are those the manager would install, under the names the
/// registry knows; a bad entry costs that entry and is a finding naming the file and line.
/// The `manifest-unparsable` findings of a dependencies check: (path, message).
fn unparsable(check: &serde_json::Value) -> Vec<(&str, &str)> {
    check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "manifest-unparsable")
        .map(|f| (f["path"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn every_lockfile_is_read_as_its_package_manager_reads_it() {
    let report = audit_json(&fixture("deps-lockfile-cases"), &[]);
    let inv = inventory(&report);
    let names = |manifest: &str| -> Vec<String> {
        of(&inv, manifest)
            .iter()
            .map(|(n, v, _)| format!("{n}@{v}"))
            .collect()
    };
    type Expected<'a> = &'a [(&'a str, &'a [&'a str])];
    let expect: Expected = &[
        // Keys of another registry, git packages under their own name, `file:` packages (own).
        (
            "pnpm-v5-keys/pnpm-lock.yaml",
            &[
                "@acme/widgets@2.1.0",
                "@foo/bar@1.1.0",
                "acorn@8.7.0",
                "left-pad@1.3.0",
            ],
        ),
        // v9: a commit-pinned package under its name and version; `file:` is the project's.
        (
            "pnpm-v9-git/pnpm-lock.yaml",
            &["ansi-regex@6.0.1", "zod@3.22.4"],
        ),
        // v1: the alias under the real name, the git dependency at its commit.
        (
            "npm-v1-git-alias/package-lock.json",
            &[
                "raven-js@c2b377e7a254264fd4a1fe328e4e3cfc9e245570",
                "string-width@4.2.3",
            ],
        ),
        ("npm-shrinkwrap-wins/npm-shrinkwrap.json", &["wrappy@1.0.2"]),
        ("npm-shrinkwrap-wins/package-lock.json", &[]),
        (
            "yarn-quoted/yarn.lock",
            &["concat-map@0.0.1", "concat-stream@1.6.2"],
        ),
        (
            "yarn-alias/yarn.lock",
            &[
                "@babel/helper-validator-identifier@7.22.20",
                "ansi-regex@5.0.1",
                "ansi-regex@6.0.1",
            ],
        ),
        // `-c` constraints are not installed; `===` pins; options after a pin are not part of
        // the version; `asdf==` is no requirement.
        (
            "requirements-includes/requirements.txt",
            &["httptools@0.6.1", "uvicorn@0.23.2", "yolo@1.0"],
        ),
        (
            "requirements-includes/base.txt",
            &["django@4.2.7", "psycopg2-binary@2.9.9"],
        ),
        ("requirements-includes/constraints.txt", &[]),
        (
            "maven-profile/pom.xml",
            &[
                "com.fasterxml.jackson.core:jackson-databind@2.15.2",
                "org.postgresql:postgresql@42.6.0",
            ],
        ),
        // The replace of v0.10.0 does not apply to v0.17.0; the one of every version does.
        (
            "go-replace/go.mod",
            &[
                "example.com/fork/text@v0.14.0",
                "github.com/pkg/errors@v0.9.1",
                "golang.org/x/net@v0.17.0",
            ],
        ),
        (
            "gradle-bad-line/gradle.lockfile",
            &["com.google.guava:guava@32.1.2-jre", "junit:junit@4.13.2"],
        ),
        (
            "gradle-catalog/gradle/deps.versions.toml",
            &[
                "com.squareup.okhttp3:okhttp@4.12.0",
                "org.slf4j:slf4j-api@2.0.9",
            ],
        ),
        (
            "gradle-verification/gradle/verification-metadata.xml",
            &[
                "com.google.guava:guava@32.1.2-jre",
                "org.slf4j:slf4j-api@2.0.9",
            ],
        ),
        (
            "csproj-empty-include/Api.csproj",
            &["Newtonsoft.Json@13.0.3"],
        ),
        ("pipfile-empty/Pipfile.lock", &[]),
        ("pdm/pdm.lock", &["pytest@7.4.3", "toml@0.10.2"]),
    ];
    for (manifest, want) in expect {
        assert_eq!(names(manifest), *want, "{manifest}");
    }

    let deps = check(&report, "dependencies");
    let skipped: Vec<(String, u64)> = deps["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "manifest-entry-skipped")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("csproj-empty-include/Api.csproj".to_owned(), 7),
            ("gradle-bad-line/gradle.lockfile".to_owned(), 5),
            ("pnpm-v5-keys/pnpm-lock.yaml".to_owned(), 39),
            ("requirements-includes/requirements.txt".to_owned(), 8),
        ],
        "each bad entry is a finding at its line"
    );
    let bad = unparsable(deps);
    assert!(
        bad.is_empty(),
        "an empty Pipfile.lock locks nothing; it is not malformed: {bad:?}"
    );
}

#[test]
fn every_format_and_version_is_parsed() {
    let report = audit_json(&fixture("deps-formats"), &[]);
    let inv = inventory(&report);
    type Expected<'a> = &'a [(&'a str, &'a [(&'a str, &'a str, bool)])];
    let expect: Expected = &[
        ("rust-v1/Cargo.lock", &[("libc", "0.2.20", true)]),
        (
            "rust-v2/Cargo.lock",
            &[
                ("cfg-if", "0.1.10", false),
                ("log", "0.4.8", true),
                ("tempfile", "3.1.0", true),
            ],
        ),
        ("rust-v3/Cargo.lock", &[("serde", "1.0.152", true)]),
        (
            "rust-v4/Cargo.lock",
            &[
                ("getrandom", "0.2.15", true),
                ("getrandom", "0.3.1", true),
                ("rand", "0.8.5", true),
            ],
        ),
        (
            "npm-v1/package-lock.json",
            &[
                ("debug", "3.1.0", false),
                ("lodash", "4.17.11", true),
                ("mocha", "5.2.0", true),
            ],
        ),
        (
            "npm-v2/package-lock.json",
            &[("accepts", "1.3.7", false), ("express", "4.17.1", true)],
        ),
        (
            "npm-v3/package-lock.json",
            &[
                ("js-tokens", "4.0.0", false),
                ("loose-envify", "1.4.0", false),
                ("react", "18.2.0", true),
                ("typescript", "5.3.3", true),
            ],
        ),
        (
            "npm-shrinkwrap/npm-shrinkwrap.json",
            &[("chalk", "4.1.2", true)],
        ),
        (
            "yarn-classic/yarn.lock",
            &[("eslint", "8.56.0", true), ("left-pad", "1.3.0", true)],
        ),
        (
            "yarn-berry/yarn.lock",
            &[
                ("@babel/code-frame", "7.23.5", true),
                ("@babel/highlight", "7.23.4", false),
            ],
        ),
        (
            "pnpm-v6/pnpm-lock.yaml",
            &[
                ("@types/express", "4.17.21", true),
                ("accepts", "1.3.8", false),
                ("express", "4.18.2", true),
            ],
        ),
        (
            "pnpm-v9/pnpm-lock.yaml",
            &[
                ("@types/node", "20.10.5", false),
                ("clsx", "2.1.0", true),
                ("vitest", "1.1.0", true),
            ],
        ),
        (
            "py-requirements/requirements.txt",
            &[
                ("asgiref", "3.7.2", false),
                ("django", "4.2.7", true),
                ("sqlparse", "0.4.4", false),
                ("typing-extensions", "4.9.0", false),
            ],
        ),
        (
            "py-requirements/requirements-dev.txt",
            &[("black", "23.12.1", true), ("pytest", ">=7.4", true)],
        ),
        (
            "py-poetry/poetry.lock",
            &[
                ("certifi", "2023.11.17", false),
                ("pytest", "7.4.3", true),
                ("requests", "2.31.0", true),
            ],
        ),
        (
            "py-pipenv/Pipfile.lock",
            &[
                ("flask", "3.0.0", true),
                ("pytest", "7.4.4", true),
                ("werkzeug", "3.0.1", false),
            ],
        ),
        (
            "py-uv/uv.lock",
            &[
                ("anyio", "4.3.0", false),
                ("httpx", "0.27.0", true),
                ("ruff", "0.4.1", true),
            ],
        ),
        (
            "go-service/go.mod",
            &[
                ("github.com/bytedance/sonic", "v1.9.1", false),
                ("github.com/gin-gonic/gin", "v1.9.1", true),
                ("github.com/pkg/errors", "v0.9.1", true),
                ("golang.org/x/net", "v0.17.0", false),
            ],
        ),
        (
            "java-maven/pom.xml",
            &[
                (
                    "com.fasterxml.jackson.core:jackson-databind",
                    "2.15.2",
                    true,
                ),
                ("org.junit.jupiter:junit-jupiter", "5.10.0", true),
                ("org.slf4j:slf4j-api", "2.0.9", true),
            ],
        ),
        (
            "java-gradle/gradle.lockfile",
            &[
                ("com.google.guava:failureaccess", "1.0.1", false),
                ("com.google.guava:guava", "32.1.2-jre", false),
                ("junit:junit", "4.13.2", false),
            ],
        ),
        (
            "java-gradle/gradle/libs.versions.toml",
            &[
                ("com.squareup.okhttp3:okhttp", "4.12.0", true),
                ("org.jetbrains.kotlin:kotlin-stdlib", "1.9.20", true),
            ],
        ),
        (
            "ruby-app/Gemfile.lock",
            &[
                ("nokogiri", "1.15.5", true),
                ("racc", "1.7.3", false),
                ("rails", "7.1.2", true),
                ("rspec-rails", "6.1.0", true),
            ],
        ),
        (
            "php-app/composer.lock",
            &[
                ("monolog/monolog", "3.5.0", true),
                ("phpunit/phpunit", "10.5.3", true),
                ("psr/log", "3.0.0", false),
            ],
        ),
        (
            "dotnet-app/packages.lock.json",
            &[
                ("Newtonsoft.Json", "13.0.3", true),
                ("System.Memory", "4.5.5", false),
            ],
        ),
        (
            "dotnet-legacy/packages.config",
            &[("NUnit", "3.14.0", true), ("jQuery", "3.7.1", true)],
        ),
    ];
    let mut listed = 0;
    for (manifest, deps) in expect {
        let got = of(&inv, manifest);
        let mut want: Vec<(&str, &str, bool)> = deps.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{manifest}");
        listed += deps.len();
    }
    // Nothing else: covered manifests (Cargo.toml, package.json beside a lock, the pip-tools
    // input) add nothing of their own.
    assert_eq!(inv.len(), listed, "{inv:#?}");

    // Offline: ages unknown, and the check says so.
    let dep = &report["inventory"]["dependencies"][0];
    assert!(dep["latest"].is_null() && dep["libyears"].is_null());
    let c = check(&report, "dependencies");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("Ran offline: 66 dependencies are listed"),
        "{}",
        c["summary"]
    );
    // The one unpinned requirements file is flagged.
    let unpinned: Vec<&str> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "lockfile-missing")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(unpinned, ["py-requirements/requirements-dev.txt"]);
}

#[test]
fn monorepo_attributes_each_dependency_to_its_lockfile_and_skips_own_packages() {
    let report = audit_json(&fixture("deps-monorepo"), &[]);
    let inv = inventory(&report);
    assert_eq!(
        of(&inv, "package-lock.json"),
        [
            ("loose-envify", "1.4.0", false),
            ("prettier", "3.1.1", true),
            ("react", "18.2.0", true),
            ("zod", "3.22.4", true),
        ]
    );
    assert_eq!(
        of(&inv, "services/api/go.mod"),
        [("github.com/go-chi/chi/v5", "v5.0.10", true)]
    );
    assert_eq!(
        of(&inv, "jobs/etl/requirements.txt"),
        [("numpy", "1.26.2", true), ("pandas", "2.1.4", true)]
    );
    assert_eq!(
        inv.len(),
        7,
        "workspace packages are not dependencies: {inv:#?}"
    );
    let c = check(&report, "dependencies");
    assert!(rules(c).iter().all(|r| r != "lockfile-missing"), "{c:#}");
}

#[test]
fn monorepo_check_result_snapshot() {
    let report = audit_json(&fixture("deps-monorepo"), &[]);
    redacted().bind(|| {
        insta::assert_json_snapshot!(
            "dependencies_monorepo_offline",
            check(&report, "dependencies")
        );
    });
}

#[test]
fn markdown_report_says_what_is_unpinned() {
    let md = audit_text(&fixture("deps-no-lockfile"), "md", &[]);
    assert!(md.contains("3 manifests have no lockfile"), "{md}");
}

#[test]
fn malformed_lockfiles_are_findings_and_the_audit_goes_on() {
    let report = audit_json(&fixture("deps-malformed"), &[]);
    let c = check(&report, "dependencies");
    let bad = unparsable(c);
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert_eq!(bad[0].0, "jobs/poetry.lock");
    assert!(bad[0].1.contains("invalid TOML"), "{}", bad[0].1);
    assert_eq!(bad[1].0, "web/package-lock.json");
    assert!(bad[1].1.contains("invalid JSON at line"), "{}", bad[1].1);
    // The valid lockfile beside them is still read.
    assert_eq!(
        of(&inventory(&report), "tool/Cargo.lock"),
        [("anyhow", "1.0.75", true)]
    );
}

/// A manifest its package manager could not read is a finding naming the file and the parser's
/// message, for every ecosystem, whether a lockfile covers it or not; the lockfiles beside are
/// still read.
#[test]
fn every_malformed_manifest_is_a_finding_naming_the_file() {
    let report = audit_json(&fixture("deps-malformed-manifests"), &[]);
    let c = check(&report, "dependencies");
    let bad = unparsable(c);
    let paths: Vec<&str> = bad.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        paths,
        [
            "dotnet-legacy/packages.config",
            "dotnet/Api.csproj",
            "go/go.mod",
            "gradle/gradle/libs.versions.toml",
            "maven/pom.xml",
            "npm/package.json",
            "php/composer.json",
            "pipenv/Pipfile",
            "poetry/pyproject.toml",
            "ruby/Gemfile",
            "rust/Cargo.toml",
        ]
    );
    for (path, message) in &bad {
        assert!(
            message.starts_with(path) && message.len() > path.len() + 25,
            "the finding names the file and the parser's message: {message}"
        );
    }
    let inv = inventory(&report);
    assert_eq!(of(&inv, "rust/Cargo.lock"), [("anyhow", "1.0.75", true)]);
    assert_eq!(
        of(&inv, "npm/package-lock.json"),
        [("left-pad", "1.3.0", true)]
    );
    assert!(!of(&inv, "ruby/Gemfile.lock").is_empty());
}

#[test]
fn manifests_without_lockfiles_are_findings() {
    let report = audit_json(&fixture("deps-no-lockfile"), &[]);
    let c = check(&report, "dependencies");
    let unlocked: Vec<&str> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "lockfile-missing")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        unlocked,
        ["cli/Cargo.toml", "package.json", "worker/pyproject.toml"]
    );
    // Declared requirements are listed as written; exact pins become versions.
    let inv = inventory(&report);
    assert_eq!(
        of(&inv, "worker/pyproject.toml"),
        [("celery", ">=5.3", true), ("redis", "5.0.1", true)]
    );
    assert!(c["score"].as_u64().unwrap() < 100);
}

/// The manifests and lockfiles under `root`, as the walk would keep them.
fn manifest_files(root: &Path) -> Vec<FileFacts> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<FileFacts>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                visit(root, &p, out);
                continue;
            }
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let kind = classify(&rel, None);
            let text = std::fs::read_to_string(&p).ok();
            out.push(FileFacts {
                path: rel,
                size: text.as_ref().map_or(0, |t| t.len() as u64),
                kind,
                text,
                ..FileFacts::default()
            });
        }
    }
    let mut out = Vec::new();
    visit(root, root, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn listing(root: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), e.metadata().unwrap().len()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn cargo_metadata_ignores_the_targets_config_and_toolchain_file() {
    let root = fixture("deps-cargo-hardened");
    // The trap is armed: the tree's config and toolchain file would hijack a naive call.
    assert!(std::fs::read_to_string(root.join(".cargo/config.toml"))
        .unwrap()
        .contains("hijack.sh"));
    assert!(root.join("rust-toolchain.toml").is_file());
    let before = listing(&root);
    let files = manifest_files(&root);
    let tree = Tree::new(&root, &files, &[]);
    let (deps, scan) = collect(
        &tree,
        &CollectOptions {
            cargo_metadata: true,
        },
    );
    assert_eq!(scan.sources.len(), 1, "{scan:#?}");
    assert_eq!(
        scan.sources[0].method, "cargo metadata",
        "fell back: {:?}",
        scan.sources[0].note
    );
    let got: Vec<(&str, &str, bool, bool, Option<&str>)> = deps
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.version.as_str(),
                d.direct,
                d.dev,
                d.license.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("itoa", "1.0.19", true, true, Some("MIT OR Apache-2.0")),
            ("semver", "1.0.28", true, false, Some("MIT OR Apache-2.0")),
        ],
        "workspace members are not dependencies; dev-dependencies are marked"
    );
    assert_eq!(
        listing(&root),
        before,
        "nothing was written inside the target"
    );
}

#[test]
fn cargo_metadata_refuses_a_path_dependency_outside_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("t");
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"t\"\nversion = \"0.1.0\"\n[dependencies]\nx = { path = \"../x\" }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("Cargo.lock"),
        "version = 4\n[[package]]\nname = \"t\"\nversion = \"0.1.0\"\ndependencies = [\"x\"]\n[[package]]\nname = \"x\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let files = manifest_files(&root);
    let tree = Tree::new(&root, &files, &[]);
    let (deps, scan) = collect(
        &tree,
        &CollectOptions {
            cargo_metadata: true,
        },
    );
    assert_eq!(scan.sources[0].method, "Cargo.lock");
    assert!(
        scan.sources[0]
            .note
            .as_deref()
            .unwrap()
            .contains("outside the target"),
        "{:?}",
        scan.sources[0].note
    );
    assert!(deps.is_empty(), "path packages are the project's own");
}

// ------------------------------------------------------------------------------------------
// Registry clients over HTTP

fn data(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/data/registry").join(name)).unwrap()
}

/// Every registry's recorded or documented answer, by request target.
fn registry_routes() -> HashMap<String, Route> {
    let mut r = HashMap::new();
    let mut add = |target: &str, file: &str| {
        r.insert(target.to_owned(), Route::ok(data(file)));
    };
    add("/crates/it/oa/itoa", "crates-itoa.jsonl");
    add("/crates/cf/g-/cfg-if", "crates-cfg-if.jsonl");
    add("/npm/is-number", "npm-is-number.json");
    add("/npm/request", "npm-request.json");
    add("/pypi/pypi/six/json", "pypi-six.json");
    add(
        "/go/github.com/pkg/errors/@v/list",
        "go-pkg-errors-list.txt",
    );
    add(
        "/go/github.com/pkg/errors/@v/v0.8.0.info",
        "go-pkg-errors-v0.8.0.json",
    );
    add(
        "/go/github.com/pkg/errors/@v/v0.9.1.info",
        "go-pkg-errors-v0.9.1.json",
    );
    add(
        "/maven/solrsearch/select?q=g:%22com.google.guava%22+AND+a:%22guava%22&core=gav&rows=1000&wt=json",
        "maven-guava.json",
    );
    add(
        "/rubygems/api/v1/versions/rails.json",
        "rubygems-rails.json",
    );
    add(
        "/packagist/p2/monolog/monolog.json",
        "packagist-monolog.json",
    );
    add(
        "/nuget/v3/registration5-gz-semver2/newtonsoft.json/index.json",
        "nuget-newtonsoft.json",
    );
    r
}

fn config(base: &str) -> RegistryConfig {
    RegistryConfig {
        crates_io: Some(format!("{base}/crates")),
        npm: Some(format!("{base}/npm")),
        pypi: Some(format!("{base}/pypi")),
        go: Some(format!("{base}/go")),
        maven: Some(format!("{base}/maven")),
        rubygems: Some(format!("{base}/rubygems")),
        packagist: Some(format!("{base}/packagist")),
        nuget: Some(format!("{base}/nuget")),
        ..RegistryConfig::default()
    }
}

fn options(base: &str, cache: Option<&Path>, offline: bool) -> LookupOptions {
    LookupOptions {
        offline,
        config: config(base),
        cache_dir: cache.map(Path::to_owned),
        fetch: Some(FetchOptions {
            backoff: Duration::from_millis(5),
            timeout: Duration::from_secs(10),
            ..FetchOptions::default()
        }),
    }
}

fn dep(eco: Ecosystem, name: &str, version: &str) -> Dependency {
    let mut d = Dependency::new(eco, name, version, "lock");
    d.direct = true;
    d
}

fn sample() -> Vec<Dependency> {
    vec![
        dep(Ecosystem::Cargo, "itoa", "1.0.0"),
        dep(Ecosystem::Cargo, "cfg-if", "1.0.2"),
        dep(Ecosystem::Npm, "is-number", "6.0.0"),
        dep(Ecosystem::Npm, "request", "2.88.0"),
        dep(Ecosystem::Pypi, "six", "1.15.0"),
        dep(Ecosystem::Go, "github.com/pkg/errors", "v0.8.0"),
        dep(Ecosystem::Maven, "com.google.guava:guava", "32.1.2-jre"),
        dep(Ecosystem::Rubygems, "rails", "7.1.2"),
        dep(Ecosystem::Composer, "monolog/monolog", "3.4.0"),
        dep(Ecosystem::Nuget, "Newtonsoft.Json", "12.0.3"),
    ]
}

#[test]
fn every_registry_answers_ages_latest_flags_and_licences() {
    let server = Server::start(registry_routes(), Duration::ZERO);
    let mut deps = sample();
    let summary = enrich(
        &mut deps,
        &options(&server.url, None, false),
        &Progress::hidden(),
    );
    assert_eq!(summary.mode, LookupMode::Online);
    assert_eq!(
        (summary.answered, summary.failed, summary.not_found),
        (10, 0, 0),
        "{summary:?}"
    );
    let info = |name: &str| {
        deps.iter()
            .find(|d| d.name == name)
            .unwrap()
            .registry
            .clone()
            .unwrap()
    };
    let itoa = info("itoa");
    assert_eq!(itoa.latest.as_deref(), Some("1.0.19"));
    assert_eq!(itoa.published.as_deref(), Some("2021-12-12T18:42:10Z"));
    assert_eq!(
        itoa.latest_published.as_deref(),
        Some("2026-11-09T01:42:29Z")
    );
    let cfg_if = info("cfg-if");
    assert!(cfg_if.yanked, "cfg-if 1.0.2 was yanked");
    assert_eq!(cfg_if.latest.as_deref(), Some("1.0.5"));
    let is_number = info("is-number");
    assert_eq!(is_number.latest.as_deref(), Some("7.0.0"));
    assert_eq!(is_number.license.as_deref(), Some("MIT"));
    let request = info("request");
    assert_eq!(
        request.latest.as_deref(),
        Some("2.88.2"),
        "the beta is not latest"
    );
    assert!(request.deprecated.unwrap().contains("deprecated"));
    let six = info("six");
    assert_eq!(six.latest.as_deref(), Some("1.17.0"));
    assert_eq!(six.license.as_deref(), Some("MIT"));
    assert!(six.published.unwrap().starts_with("2020-05-21"));
    let errors = info("github.com/pkg/errors");
    assert_eq!(
        errors.latest.as_deref(),
        Some("v0.9.1"),
        "pre-release skipped"
    );
    assert_eq!(errors.published.as_deref(), Some("2016-09-29T01:48:01Z"));
    assert_eq!(
        errors.latest_published.as_deref(),
        Some("2020-01-14T19:47:44Z")
    );
    let guava = info("com.google.guava:guava");
    assert_eq!(guava.latest.as_deref(), Some("33.0.0-jre"));
    assert_eq!(guava.published.as_deref(), Some("2023-07-25T18:24:34Z"));
    let rails = info("rails");
    assert_eq!(rails.latest.as_deref(), Some("7.1.2.1"));
    assert_eq!(rails.license.as_deref(), Some("MIT"));
    let monolog = info("monolog/monolog");
    assert_eq!(monolog.latest.as_deref(), Some("3.5.0"));
    assert_eq!(monolog.license.as_deref(), Some("MIT"));
    let newtonsoft = info("Newtonsoft.Json");
    assert_eq!(newtonsoft.latest.as_deref(), Some("13.0.3"));
    assert_eq!(newtonsoft.license.as_deref(), Some("MIT"));
    // libyears from the two dates.
    let d = deps
        .iter()
        .find(|d| d.name == "github.com/pkg/errors")
        .unwrap();
    let y = d.libyears().unwrap();
    assert!((y - 3.29).abs() < 0.01, "{y}");
}

#[test]
fn the_cache_answers_the_second_run_without_a_request() {
    let server = Server::start(registry_routes(), Duration::ZERO);
    let cache = tempfile::tempdir().unwrap();
    let opts = options(&server.url, Some(cache.path()), false);
    let mut first = sample();
    let s1 = enrich(&mut first, &opts, &Progress::hidden());
    let after_first = server.requests();
    assert!(after_first >= 10);
    assert_eq!(s1.from_cache, 0);
    let mut second = sample();
    let s2 = enrich(&mut second, &opts, &Progress::hidden());
    assert_eq!(
        server.requests(),
        after_first,
        "no request on the second run"
    );
    assert_eq!(s2.from_cache, 10);
    assert_eq!(first, second, "the cache gives the same facts");
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let mut routes = registry_routes();
    routes.get_mut("/npm/is-number").unwrap().failures = vec![503, 429];
    let server = Server::start(routes, Duration::ZERO);
    let mut deps = vec![dep(Ecosystem::Npm, "is-number", "6.0.0")];
    let s = enrich(
        &mut deps,
        &options(&server.url, None, false),
        &Progress::hidden(),
    );
    assert_eq!(s.answered, 1, "{s:?}");
    assert_eq!(server.log(), ["/npm/is-number"; 3]);
    assert_eq!(
        deps[0].registry.as_ref().unwrap().latest.as_deref(),
        Some("7.0.0")
    );

    // A server that keeps failing: the look-up gives up and says why.
    let mut routes = registry_routes();
    routes.get_mut("/npm/is-number").unwrap().failures = vec![500; 10];
    let server = Server::start(routes, Duration::ZERO);
    let mut deps = vec![dep(Ecosystem::Npm, "is-number", "6.0.0")];
    let s = enrich(
        &mut deps,
        &options(&server.url, None, false),
        &Progress::hidden(),
    );
    assert_eq!(s.failed, 1);
    assert_eq!(server.requests(), 4, "one try and three retries");
    assert!(s.errors[0].contains("500"), "{:?}", s.errors);
    assert!(deps[0].registry.is_none());
}

#[test]
fn offline_makes_no_request() {
    let server = Server::start(registry_routes(), Duration::ZERO);
    let mut deps = sample();
    let s = enrich(
        &mut deps,
        &options(&server.url, None, true),
        &Progress::hidden(),
    );
    assert_eq!(s.mode, LookupMode::Offline);
    assert_eq!(server.requests(), 0);
    assert!(deps.iter().all(|d| d.registry.is_none()));
}

#[test]
fn concurrency_is_bounded_and_each_package_asked_once() {
    let body = data("npm-is-number.json");
    let routes: HashMap<String, Route> = (0..24)
        .map(|i| (format!("/npm/pkg-{i}"), Route::ok(body.clone())))
        .collect();
    let server = Server::start(routes, Duration::from_millis(40));
    // Two versions of each package in two manifests: still one request per package.
    let mut deps: Vec<Dependency> = (0..24)
        .flat_map(|i| {
            [
                dep(Ecosystem::Npm, &format!("pkg-{i}"), "6.0.0"),
                dep(Ecosystem::Npm, &format!("pkg-{i}"), "7.0.0"),
            ]
        })
        .collect();
    let mut opts = options(&server.url, None, false);
    opts.config.concurrency = Some(4);
    let s = enrich(&mut deps, &opts, &Progress::hidden());
    assert_eq!(s.answered, 24);
    assert_eq!(server.requests(), 24, "each package asked once");
    let max = server.max_in_flight();
    assert!(max <= 4, "at most 4 in flight, saw {max}");
    assert!(max >= 2, "requests ran concurrently, saw {max}");
}

#[test]
fn unknown_packages_are_counted_not_failed() {
    let server = Server::start(HashMap::new(), Duration::ZERO);
    let mut deps = vec![dep(Ecosystem::Npm, "@acme/private", "1.0.0")];
    let s = enrich(
        &mut deps,
        &options(&server.url, None, false),
        &Progress::hidden(),
    );
    assert_eq!((s.not_found, s.failed), (1, 0));
    assert_eq!(server.log(), ["/npm/@acme%2fprivate"]);
}

/// A config file (outside the target) pointing every registry at the local server.
fn config_file(dir: &Path, base: &str) -> PathBuf {
    let c = config(base);
    let path = dir.join("diligence.toml");
    let text = format!(
        "[registries]\ncrates_io = \"{}\"\nnpm = \"{}\"\npypi = \"{}\"\n",
        c.crates_io.unwrap(),
        c.npm.unwrap(),
        c.pypi.unwrap()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn cli_online_run_scores_libyears_and_flags_the_yanked_version() {
    let server = Server::start(registry_routes(), Duration::ZERO);
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("app");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(
        target.join("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\"cfg-if\", \"itoa\"]\n\n[[package]]\nname = \"cfg-if\"\nversion = \"1.0.2\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"itoa\"\nversion = \"0.4.8\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    )
    .unwrap();
    let cfg = config_file(work.path(), &server.url);
    let cache = work.path().join("cache");
    let run = |extra: &[&str]| {
        let out = bin()
            .args(["audit", "--quiet", "--format", "json", "--config"])
            .arg(&cfg)
            .arg("--cache-dir")
            .arg(&cache)
            .args(extra)
            .arg(&target)
            .output()
            .unwrap();
        crate::common::assert_status(&out, &[0, 1]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let offline = run(&["--offline"]);
    assert_eq!(server.requests(), 0, "--offline sends nothing");
    assert!(offline["inventory"]["dependencies"][0]["libyears"].is_null());

    let report = run(&[]);
    let itoa = report["inventory"]["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "itoa")
        .unwrap()
        .clone();
    assert_eq!(itoa["latest"], "1.0.19");
    assert_eq!(itoa["published"], "2021-08-22T05:23:32Z");
    assert!(itoa["libyears"].as_f64().unwrap() > 5.0, "{itoa}");
    let c = check(&report, "dependencies");
    let r = rules(c);
    assert!(r.contains(&"yanked-version-in-use".to_owned()), "{r:?}");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("Direct dependencies are"),
        "{}",
        c["summary"]
    );
    assert!(c["summary"].as_str().unwrap().contains("1 yanked version"));
}
