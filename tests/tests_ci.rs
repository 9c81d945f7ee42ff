//! The `tests` and `ci` checks end to end, on the fixture codebases: each language's test
//! conventions, the traps that are not tests, every CI provider, a CI that only deploys, and a
//! workflow with each dangerous GitHub Actions pattern.

use serde_json::Value;

use crate::common::{audit_json, audit_text, check, fixture, redacted, rules};

fn audit(name: &str) -> Value {
    audit_json(&fixture(name), &[])
}

/// (status, test_files, test cases from the summary's first number, frameworks).
fn tests_outcome(report: &Value) -> (String, u64, Vec<String>) {
    let c = check(report, "tests");
    let inv = &report["inventory"]["tests"];
    (
        c["status"].as_str().unwrap().to_owned(),
        inv["test_files"].as_u64().unwrap(),
        inv["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect(),
    )
}

fn findings<'a>(c: &'a Value, rule: &str) -> Vec<&'a Value> {
    c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn at(f: &Value) -> (String, u64) {
    (
        f["path"].as_str().unwrap_or_default().to_owned(),
        f["line"].as_u64().unwrap_or(0),
    )
}

#[test]
fn each_language_convention_is_found_and_counted() {
    // (fixture, test files, test cases, frameworks that must be listed)
    let cases: &[(&str, u64, u64, &[&str])] = &[
        ("tests-rust", 3, 5, &["cargo test", "criterion"]),
        ("tests-python", 3, 5, &["pytest", "tox", "unittest"]),
        ("tests-js", 3, 5, &["jest", "playwright"]),
        ("tests-go", 1, 3, &["go test"]),
        ("tests-jvm", 2, 3, &["JUnit"]),
        ("tests-ruby", 2, 3, &["RSpec"]),
        ("tests-php", 1, 2, &["PHPUnit"]),
        ("tests-dotnet", 1, 2, &["xUnit"]),
        ("tests-swift", 1, 2, &["XCTest"]),
    ];
    for (name, files, count, frameworks) in cases {
        let report = audit(name);
        let (status, test_files, found) = tests_outcome(&report);
        assert_ne!(status, "fail", "{name}");
        assert_eq!(test_files, *files, "{name}: test files");
        for fw in *frameworks {
            assert!(found.iter().any(|f| f == fw), "{name}: {fw} in {found:?}");
        }
        let summary = check(&report, "tests")["summary"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            summary.starts_with(&format!("{count} test case")),
            "{name}: {summary}"
        );
        assert!(
            report["inventory"]["tests"]["test_code_lines"]
                .as_u64()
                .unwrap()
                > 0
        );
    }
}

#[test]
fn rust_benches_doctests_and_a_module_named_tests() {
    let report = audit("tests-rust");
    let summary = check(&report, "tests")["summary"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        summary.contains("Also 2 doctests and 1 benchmark, counted apart."),
        "{summary}"
    );
    // `src/checks/tests/mod.rs` is production code; `tests/common/mod.rs` is test code.
    assert_eq!(report["inventory"]["tests"]["test_files"], 3);
}

#[test]
fn traps_are_not_tests() {
    let report = audit("tests-traps");
    let c = check(&report, "tests");
    assert_eq!(c["status"], "fail");
    assert_eq!(c["score"], 0);
    let r = rules(c);
    assert!(r.contains(&"no-tests".to_owned()));
    assert!(r.contains(&"tests-without-cases".to_owned()));
    let placeholder = findings(c, "npm-test-placeholder");
    assert_eq!(placeholder.len(), 1);
    assert_eq!(at(placeholder[0]), ("package.json".into(), 6));
    assert_eq!(report["inventory"]["tests"]["test_files"], 0);
    assert_eq!(report["inventory"]["tests"]["test_code_lines"], 0);
    assert_eq!(
        report["inventory"]["tests"]["frameworks"],
        serde_json::json!([])
    );
    // Each trap by name: none of them is a test file, whatever the classification says.
    let ci = check(&report, "ci");
    assert_eq!(rules(ci), vec!["ci-missing"], "no tests, so no unrun tests");
}

#[test]
fn committed_coverage_reports_are_parsed() {
    for (name, path, pct) in [
        ("tests-js", "coverage/lcov.info", "71.4 %"),
        ("tests-python", "coverage.xml", "85.0 %"),
        ("tests-jvm", "reports/jacoco.xml", "70.0 %"),
    ] {
        let report = audit(name);
        let c = check(&report, "tests");
        let cov = findings(c, "coverage-report");
        assert_eq!(cov.len(), 1, "{name}");
        assert_eq!(cov[0]["path"], path);
        assert!(cov[0]["message"].as_str().unwrap().contains(pct), "{name}");
    }
}

#[test]
fn every_provider_and_what_runs() {
    let report = audit("ci-providers");
    let inventory: Vec<(String, String, bool)> = report["inventory"]["ci"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["provider"].as_str().unwrap().to_owned(),
                p["path"].as_str().unwrap().to_owned(),
                p["runs_tests"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("buildkite", ".buildkite/pipeline.yml", true),
        ("circleci", ".circleci/config.yml", true),
        ("drone", ".drone.yml", true),
        ("github-actions", ".github/workflows/ci.yml", true),
        ("github-actions", ".github/workflows/deploy.yml", false),
        ("gitlab-ci", ".gitlab-ci.yml", true),
        ("travis", ".travis.yml", true),
        ("woodpecker", ".woodpecker.yml", true),
        ("jenkins", "Jenkinsfile", true),
        ("azure-pipelines", "azure-pipelines.yml", true),
        ("bitbucket-pipelines", "bitbucket-pipelines.yml", true),
        ("aws-codebuild", "buildspec.yml", true),
        ("google-cloud-build", "cloudbuild.yaml", true),
    ];
    let expected: Vec<(String, String, bool)> = expected
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), *c))
        .collect();
    assert_eq!(inventory, expected);
    let c = check(&report, "ci");
    assert_eq!(c["status"], "pass");
    assert_eq!(rules(c), vec!["ci-no-security-scan"]);
    let summary = c["summary"].as_str().unwrap();
    assert!(
        summary.contains("run tests, lint, build and deployment on pushes, pull requests"),
        "{summary}"
    );
    assert!(report["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn deploy_only_ci_does_not_run_the_tests() {
    let report = audit("ci-deploy-only");
    let c = check(&report, "ci");
    let unrun = findings(c, "tests-not-run-in-ci");
    assert_eq!(unrun.len(), 1);
    assert_eq!(unrun[0]["severity"], "high");
    assert_eq!(c["status"], "fail");
    assert_eq!(report["inventory"]["ci"][0]["runs_tests"], false);
}

#[test]
fn tests_without_ci_are_a_finding() {
    let report = audit("tests-go");
    let c = check(&report, "ci");
    assert_eq!(c["status"], "fail");
    assert_eq!(rules(c), vec!["ci-missing", "tests-not-run-in-ci"]);
}

#[test]
fn dangerous_github_actions_patterns_with_file_and_line() {
    let report = audit("ci-dangerous");
    let c = check(&report, "ci");
    assert_eq!(c["status"], "fail", "a critical finding fails the check");
    let wf = |f: &str| format!(".github/workflows/{f}");
    let of = |rule: &str| -> Vec<(String, u64, String)> {
        findings(c, rule)
            .iter()
            .map(|f| {
                let (p, l) = at(f);
                (p, l, f["severity"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    assert_eq!(
        of("untrusted-checkout"),
        vec![
            (wf("pr-target.yml"), 11, "critical".into()),
            (wf("workflow-run.yml"), 12, "critical".into()),
        ]
    );
    assert_eq!(
        of("script-injection"),
        vec![(wf("injection.yml"), 14, "high".into())]
    );
    assert_eq!(
        of("action-not-pinned"),
        vec![(wf("unpinned.yml"), 12, "medium".into())]
    );
    assert_eq!(
        of("secrets-to-untrusted-code"),
        vec![
            (wf("pr-target.yml"), 14, "high".into()),
            // A chat notification webhook: it can post to one channel, nothing more.
            (wf("unpinned.yml"), 14, "medium".into()),
        ]
    );
    assert_eq!(
        of("permissions-missing"),
        vec![(wf("no-permissions.yml"), 1, "medium".into())]
    );
    // First-party actions on a tag are not third-party pins.
    assert!(findings(c, "action-not-pinned")
        .iter()
        .all(|f| !f["evidence"].as_str().unwrap().starts_with("actions/")));
}

#[test]
fn dangerous_workflow_findings_snapshot() {
    let report = audit("ci-dangerous");
    let c = check(&report, "ci");
    let slim: Vec<Value> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f["rule"], "severity": f["severity"], "path": f["path"],
                "line": f["line"], "evidence": f["evidence"],
            })
        })
        .collect();
    redacted().bind(|| {
        insta::assert_json_snapshot!("ci_dangerous_findings", slim);
    });
}

#[test]
fn markdown_report_carries_both_summaries() {
    let md = audit_text(&fixture("ci-deploy-only"), "md", &[]);
    assert!(md.contains("It does not run the tests."), "{md}");
    assert!(
        md.contains("1 test case in 1 test file covers Python"),
        "{md}"
    );
}

#[test]
fn tests_generated_by_macros_custom_attributes_and_tables_are_counted() {
    let report = audit("tests-generated");
    let per_language: Vec<(String, u64)> = report["inventory"]["tests"]["per_language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["language"].as_str().unwrap().to_owned(),
                l["test_cases"].as_u64().unwrap(),
            )
        })
        .collect();
    // Rust: 3 + 2 + 2 rows of three local macros (a terminator, a separator, a keyword per
    // row), #[test], #[widget_test], #[test_case] (once for its two cases), three invocations
    // in tests/cli.rs of a macro defined in tests/macros.rs, and tests/ui.rs's #[test].
    // JavaScript: it, test.each, it.each (tagged table), a call split over lines, test.skipIf;
    // describe.each is not a case.
    assert_eq!(
        per_language,
        vec![
            ("Rust".to_owned(), 14),
            ("JavaScript/TypeScript".to_owned(), 5)
        ]
    );
    assert_eq!(report["inventory"]["tests"]["test_files"], 5);
    // tests/ui.rs runs trybuild over two fixture folders: a data-driven suite whose three
    // files are test inputs, reported apart (the #[test] that runs them is one case).
    let summary = check(&report, "tests")["summary"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        summary.contains("Also 3 inputs of 2 data-driven suites, counted apart."),
        "{summary}"
    );
    assert_eq!(
        report["inventory"]["tests"]["per_language"][0]["data_inputs"],
        3
    );
}

/// (path, runs tests) of every pipeline of a fixture.
fn runs_tests(report: &Value) -> Vec<(String, bool)> {
    report["inventory"]["ci"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["runs_tests"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn tests_run_through_variables_scripts_and_task_runners_are_seen() {
    let report = audit("ci-indirect");
    let wf = |f: &str| format!(".github/workflows/{f}");
    assert_eq!(
        runs_tests(&report),
        vec![
            (wf("env-var.yml"), true),    // ${{ env.CARGO }} test
            (wf("lint.yml"), false),      // nox -s lint, tox -e style: lint, not tests
            (wf("make.yml"), true),       // make check → $(CARGO) test, CARGO ?= cargo
            (wf("matrix.yml"), true),     // ${{ matrix.command }} → cargo test --lib
            (wf("powershell.yml"), true), // ./build.ps1 → cargo test --release
            (wf("rake.yml"), true),       // bundle exec rake → default → Rake::TestTask
            (wf("release.yml"), false),
            (wf("script.yml"), true), // ./scripts/test → ${PREFIX}cargo test
        ]
    );
    let c = check(&report, "ci");
    let r = rules(c);
    assert!(!r.contains(&"tests-not-run-in-ci".to_owned()), "{r:?}");
    assert!(
        !r.contains(&"ci-no-lint".to_owned()),
        "nox and tox lint: {r:?}"
    );
}

#[test]
fn first_party_actions_container_images_and_token_severity() {
    let report = audit("ci-indirect");
    let c = check(&report, "ci");
    let release = ".github/workflows/release.yml";
    let of = |rule: &str| -> Vec<(u64, String, String)> {
        findings(c, rule)
            .iter()
            .filter(|f| f["path"] == release)
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["severity"].as_str().unwrap().to_owned(),
                    f["evidence"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // acme/release-action is the project's own (Cargo.toml names github.com/acme): no
    // finding, even with a custom secret. The image pinned by digest: none either.
    assert_eq!(
        of("action-not-pinned"),
        vec![
            (14, "medium".into(), "other-org/notify@v1".into()),
            (
                17,
                "medium".into(),
                "docker://example/deployer:latest".into()
            ),
            (23, "medium".into(), "other-org/chat@v3".into()),
        ]
    );
    // The job's GITHUB_TOKEN is medium; a cloud key given to a mutable image is high.
    assert_eq!(
        of("secrets-to-untrusted-code"),
        vec![
            (16, "medium".into(), "other-org/notify@v1".into()),
            (19, "high".into(), "docker://example/deployer:latest".into()),
            // One step giving the job's token and a webhook secret: one finding, at the secret.
            (26, "high".into(), "other-org/chat@v3".into()),
        ]
    );
    // Each names what it passes: the secret by its own name, not the input's.
    let messages: Vec<&str> = findings(c, "secrets-to-untrusted-code")
        .iter()
        .filter(|f| f["path"] == release)
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].starts_with("The third-party action other-org/notify@v1, on a mutable tag, is given the job's repository token (as `token`)"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("The container image docker://example/deployer:latest, on a mutable tag, is given the secret `CLOUD_KEY` (as `DEPLOY_KEY`)"),
        "{messages:?}"
    );
    assert_eq!(
        messages[2],
        "The third-party action other-org/chat@v3, on a mutable tag, is given the job's repository \
         token (as `github-token`) and the secret `CHAT_WEBHOOK` (as `webhook`): whoever can move \
         the tag gets them."
    );
}
