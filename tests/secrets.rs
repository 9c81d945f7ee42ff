//! The `secrets` check end to end: recall and precision on the planted fixture, redaction in
//! every format, history scanning of a repository built at test time, and baselines.

use std::path::Path;
use std::process::Command;

use crate::common::{assert_status, audit_json, audit_text, bin, check, fixture, repo_root, rules};

/// A configuration with only the secrets check enabled.
fn only_secrets(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("only-secrets.toml");
    std::fs::write(
        &path,
        "[checks.dependencies]\nenabled = false\n[checks.licenses]\nenabled = false\n\
         [checks.tests]\nenabled = false\n[checks.ci]\nenabled = false\n\
         [checks.documentation]\nenabled = false\n",
    )
    .unwrap();
    path
}

fn audit(path: &Path, extra: &[&str]) -> serde_json::Value {
    audit_json(path, extra)
}

struct Planted {
    path: String,
    first: u32,
    last: u32,
}

fn planted() -> Vec<Planted> {
    let text =
        std::fs::read_to_string(repo_root().join("fixtures/leaky-secrets.expected.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Planted {
                path: cols[0].to_owned(),
                first: cols[1].parse().unwrap(),
                last: cols[2].parse().unwrap(),
            }
        })
        .collect()
}

/// Where a finding is: its own path and line, then the other places with the same value that
/// it stands for (`also`).
fn places(f: &serde_json::Value) -> Vec<(&serde_json::Value, &serde_json::Value)> {
    let mut out = vec![(&f["path"], &f["line"])];
    if let Some(also) = f["also"].as_array() {
        out.extend(also.iter().map(|a| (&a["path"], &a["line"])));
    }
    out
}

fn covers(p: &Planted, f: &serde_json::Value) -> bool {
    places(f).into_iter().any(|(path, line)| {
        *path == p.path.as_str()
            && (p.first == 0
                || line
                    .as_u64()
                    .is_some_and(|l| (u64::from(p.first)..=u64::from(p.last)).contains(&l)))
    })
}

#[test]
fn recall_and_precision_on_planted_secrets() {
    let report = audit(&fixture("leaky-secrets"), &[]);
    let secrets = check(&report, "secrets");
    let findings = secrets["findings"].as_array().unwrap();
    let planted = planted();
    assert!(planted.len() >= 200, "{}", planted.len());

    let found = planted
        .iter()
        .filter(|p| findings.iter().any(|f| covers(p, f)))
        .count();
    #[allow(clippy::cast_precision_loss)]
    let recall = found as f64 / planted.len() as f64;
    let missed: Vec<&str> = planted
        .iter()
        .filter(|p| !findings.iter().any(|f| covers(p, f)))
        .map(|p| p.path.as_str())
        .collect();
    assert!(recall >= 0.95, "recall {recall:.3}; missed {missed:?}");

    // Every finding outside the planted lines is a false positive; on the traps none may be
    // medium or above.
    let unplanted: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| !planted.iter().any(|p| covers(p, f)))
        .collect();
    let serious: Vec<String> = unplanted
        .iter()
        .filter(|f| matches!(f["severity"].as_str(), Some("critical" | "high" | "medium")))
        .map(|f| format!("{} {}:{}", f["rule"], f["path"], f["line"]))
        .collect();
    assert!(serious.is_empty(), "false positives: {serious:?}");
    #[allow(clippy::cast_precision_loss)]
    let precision = (findings.len() - unplanted.len()) as f64 / findings.len() as f64;
    assert!(precision >= 0.95, "precision {precision:.3}");
    // Every family is represented among the rules that fired.
    let fired = rules(secrets);
    for rule in [
        "aws-secret-access-key",
        "gcp-service-account-key",
        "azure-storage-account-key",
        "github-pat-classic",
        "gitlab-pat",
        "slack-webhook",
        "stripe-live-secret-key",
        "openai-api-key",
        "npm-access-token",
        "private-key-openssh",
        "jwt",
        "postgres-uri-password",
        "env-secret",
        "pkcs12-file",
    ] {
        assert!(fired.iter().any(|r| r == rule), "{rule} did not fire");
    }
    // The documented AWS example keys are reported, as info only.
    let examples: Vec<_> = findings
        .iter()
        .filter(|f| f["path"] == "traps/docs/aws.md")
        .collect();
    assert_eq!(examples.len(), 2);
    assert!(examples.iter().all(|f| f["severity"] == "info"));

    // A committed private key fails the check and caps the grade at D or below.
    assert_eq!(secrets["status"], "fail");
    assert!(matches!(report["score"]["grade"].as_str(), Some("D" | "F")));
    assert!(secrets["summary"]
        .as_str()
        .unwrap()
        .contains("live-looking credentials in the code"));
}

#[test]
fn typed_declarations_and_uris_with_passwords_are_found_by_their_rule() {
    let report = audit(&fixture("leaky-secrets"), &[]);
    let findings = check(&report, "secrets")["findings"]
        .as_array()
        .unwrap()
        .clone();
    let text =
        std::fs::read_to_string(repo_root().join("fixtures/leaky-secrets.expected.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with("src/typed/") || l.starts_with("config/clickhouse.env"))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.len() >= 8, "{rows:?}");
    for row in rows {
        let line: u64 = row[1].parse().unwrap();
        assert!(
            findings.iter().any(|f| f["rule"] == row[3]
                && places(f)
                    .into_iter()
                    .any(|(path, at)| *path == row[0] && *at == line)),
            "{row:?} not found by its rule"
        );
    }
}

/// One value in several places is one finding that names the others (and is deducted once);
/// a copy judged otherwise (in a test) and another value stay findings of their own.
#[test]
fn one_value_in_many_places_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let token = format!("ghp_{}", "Xq8Lr2Zv7Nw3Ty0Pk5Jm9Hb4Gc6Fd1Sa8QeW");
    let other = format!("ghp_{}", "Bq2Lr8Zv3Nw7Ty5Pk0Jm4Hb9Gc1Fd6Sa3QeW");
    let line = |t: &str| format!("GITHUB_TOKEN = \"{t}\"\n");
    let write = |path: &str, text: String| {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write("deploy/a.py", line(&token));
    write(
        "deploy/b.py",
        format!("{}x = 1\n{}", line(&token), line(&token)),
    );
    write("deploy/c.py", line(&other));
    write("tests/test_deploy.py", line(&token));
    let one = audit(dir.path(), &[]);
    let secrets = check(&one, "secrets");
    let findings = secrets["findings"].as_array().unwrap();
    let of = |path: &str| -> Vec<&serde_json::Value> {
        findings.iter().filter(|f| f["path"] == path).collect()
    };
    let merged = of("deploy/a.py");
    assert_eq!(merged.len(), 1, "{findings:#?}");
    let also: Vec<(String, u64)> = merged[0]["also"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["path"].as_str().unwrap().to_owned(),
                a["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(also, [("deploy/b.py".into(), 1), ("deploy/b.py".into(), 3)]);
    let message = merged[0]["message"].as_str().unwrap();
    assert!(
        message
            .ends_with("The same value is also at 2 other places: deploy/b.py:1, deploy/b.py:3."),
        "{message}"
    );
    assert!(of("deploy/b.py").is_empty(), "{findings:#?}");
    assert_eq!(of("deploy/c.py").len(), 1);
    assert!(of("deploy/c.py")[0]["also"].is_null());
    assert_eq!(
        of("tests/test_deploy.py").len(),
        1,
        "a test's copy is judged apart"
    );

    // SARIF: the other places are the result's related locations.
    let sarif: serde_json::Value =
        serde_json::from_str(&audit_text(dir.path(), "sarif", &[])).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "deploy/a.py")
        .unwrap();
    let related: Vec<_> = result["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["physicalLocation"]["artifactLocation"]["uri"].clone(),
                l["physicalLocation"]["region"]["startLine"].clone(),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            (serde_json::json!("deploy/b.py"), serde_json::json!(1)),
            (serde_json::json!("deploy/b.py"), serde_json::json!(3))
        ]
    );

    // Deducted once: the same score as with the value in one place.
    std::fs::remove_file(dir.path().join("deploy/b.py")).unwrap();
    let alone = audit(dir.path(), &[]);
    assert_eq!(check(&alone, "secrets")["score"], secrets["score"]);
}

#[test]
fn no_secret_is_printed_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let token = format!("ghp_{}", "Zq8Lr2Xv7Nw3Ty0Pk5Jm9Hb4Gc6Fd1Sa8QeW");
    let aws = format!("{}{}", "wJ7rQ2xLp9Zk4Nv8Tb3Hc6Md1Fg5Sj0", "Wy2Ue4Rt");
    std::fs::write(
        dir.path().join("app.env"),
        format!("GITHUB_TOKEN={token}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("creds.ini"),
        format!("aws_secret_access_key = {aws}\n"),
    )
    .unwrap();
    for format in ["json", "md", "html", "sarif"] {
        let out = bin()
            .args([
                "audit",
                "--offline",
                "--quiet",
                "--no-target-config",
                "--format",
                format,
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_status(&out, &[0, 1]);
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        for secret in [&token, &aws] {
            // Nothing beyond the first and last four characters.
            let middle = &secret[4..secret.len() - 4];
            assert!(!text.contains(middle), "{format} leaks a secret");
            assert!(!err.contains(middle), "{format} stderr leaks a secret");
        }
        if format != "sarif" {
            assert!(text.contains("8QeW"), "{format}: no redacted evidence");
            assert!(text.contains("GitHub personal access token"), "{format}");
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn head(dir: &Path) -> String {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn a_secret_deleted_from_the_code_is_reported_from_history() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::write(repo.join("README.md"), "# app\n").unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "start"]);
    let key = format!("sk_live_{}", "Qz8Lr2Xv7Nw3Ty0Pk5Jm9Hb4Gc6Fd1S");
    std::fs::write(repo.join("billing.py"), format!("STRIPE = '{key}'\n")).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "add billing"]);
    let added = head(repo);
    std::fs::remove_file(repo.join("billing.py")).unwrap();
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "remove the key"]);

    let report = audit(repo, &[]);
    let secrets = check(&report, "secrets");
    let findings = secrets["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["rule"], "stripe-live-secret-key");
    assert_eq!(f["path"], "billing.py");
    assert_eq!(f["line"], 1);
    assert_eq!(f["severity"], "critical");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("still in the git history"), "{message}");
    assert!(
        message.contains(&added[..12]),
        "{message} should name {added}"
    );
    // Where it came from, as data: the commit, its author and date, how far it spread.
    let origin = &f["history"];
    assert_eq!(origin["commit"], added.as_str(), "{f}");
    assert_eq!(origin["author"], "Test <test@example.org>");
    assert!(origin["date"].as_str().unwrap().ends_with('Z'), "{origin}");
    assert_eq!(origin["commits"], 1);
    assert_eq!(origin["paths"], 1);
    let summary = secrets["summary"].as_str().unwrap();
    assert!(summary.contains("3 commits"), "{summary}");
    assert!(!serde_json::to_string(&report)
        .unwrap()
        .contains(&key[8..28]));

    // --no-history leaves the history alone: nothing in the working tree.
    let report = audit(repo, &["--no-history"]);
    let secrets = check(&report, "secrets");
    assert_eq!(secrets["findings"].as_array().unwrap().len(), 0);
    assert!(secrets["summary"].as_str().unwrap().contains("not scanned"));
}

#[test]
fn a_secret_still_in_the_tree_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    let token = format!("glpat-{}", "Rk4Zq8Lr2Xv7Nw3Ty0Pk");
    std::fs::write(repo.join("ci.env"), format!("GITLAB_TOKEN={token}\n")).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "ci"]);
    std::fs::write(repo.join("ci.env"), format!("# ci\nGITLAB_TOKEN={token}\n")).unwrap();
    git(repo, &["commit", "-qam", "comment"]);
    let report = audit(repo, &[]);
    let findings = check(&report, "secrets")["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["line"], 2);
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("committed in the code"));
}

#[test]
fn baseline_suppresses_known_findings_but_keeps_them_visible() {
    let tree = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let token = format!(
        "xoxb-{}-{}-{}",
        "804213975516", "9071346628590", "Zq8Lr2Xv7Nw3Ty0Pk5Jm9Hb4"
    );
    std::fs::write(
        tree.path().join("bot.js"),
        format!("const t = '{token}';\n"),
    )
    .unwrap();
    // The same token in a second file: one finding for both, accepted at both places.
    std::fs::write(
        tree.path().join("worker.js"),
        format!("const t = '{token}';\n"),
    )
    .unwrap();
    let baseline = out.path().join("baseline.json");

    // Writing inside the scanned tree is refused.
    let inside = bin()
        .args(["baseline", "-q", "-o"])
        .arg(tree.path().join("b.json"))
        .arg(tree.path())
        .output()
        .unwrap();
    assert_status(&inside, &[2]);

    let made = bin()
        .args(["baseline", "-q", "--no-target-config", "-o"])
        .arg(&baseline)
        .arg(tree.path())
        .output()
        .unwrap();
    assert_status(&made, &[0]);
    let text = std::fs::read_to_string(&baseline).unwrap();
    assert!(!text.contains(&token[5..]), "the baseline holds no secret");

    let config = only_secrets(out.path());
    let before = audit(tree.path(), &["--config", config.to_str().unwrap()]);
    assert_eq!(check(&before, "secrets")["status"], "fail");
    // A new secret after the baseline is still counted.
    let fresh = format!("npm_{}", "Zq8Lr2Xv7Nw3Ty0Pk5Jm9Hb4Gc6Fd1Sa8Qe");
    std::fs::write(
        tree.path().join("publish.sh"),
        format!("NPM_TOKEN={fresh}\n"),
    )
    .unwrap();
    let after = audit(
        tree.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    let secrets = check(&after, "secrets");
    let findings = secrets["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    let old = findings.iter().find(|f| f["path"] == "bot.js").unwrap();
    assert!(old["suppressed"].as_str().unwrap().contains("baseline"));
    assert_eq!(old["also"][0]["path"], "worker.js");
    let new = findings.iter().find(|f| f["path"] == "publish.sh").unwrap();
    assert!(new.get("suppressed").is_none());
    assert!(secrets["summary"]
        .as_str()
        .unwrap()
        .contains("1 finding suppressed"));

    // Without the new secret, the baseline leaves nothing that counts.
    std::fs::remove_file(tree.path().join("publish.sh")).unwrap();
    let clean = audit(
        tree.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    let secrets = check(&clean, "secrets");
    assert_eq!(secrets["score"], 100);
    assert_eq!(secrets["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn self_audit_reports_our_synthetic_secrets_as_suppressed() {
    // The project's own diligence.toml leaves the fixture codebases out of scope and allows the
    // rule and test paths: nothing counts, and every finding stays visible as suppressed.
    let out = bin()
        .args([
            "audit",
            "--offline",
            "--quiet",
            "--no-history",
            "--format",
            "json",
        ])
        .args(["--config"])
        .arg(repo_root().join(".ci/diligence.toml"))
        .arg(repo_root())
        .output()
        .unwrap();
    assert_status(&out, &[0, 1]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let secrets = check(&report, "secrets");
    let findings = secrets["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["suppressed"].is_string()),
        "the scanner's own test data is reported, suppressed"
    );
    assert!(findings
        .iter()
        .all(|f| !f["path"].as_str().unwrap_or("").starts_with("fixtures/")));
    // Everything is suppressed but the documented example keys quoted in our docs (info).
    assert!(findings
        .iter()
        .all(|f| f["suppressed"].is_string() || f["severity"] == "info"));
    assert_eq!(secrets["score"], 100);
}
