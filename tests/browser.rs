//! The HTML report in a real browser: headless Chromium opens the report of a tree with a
//! critical finding and a hostile file name, and we check that it renders with no console error
//! and no request of its own, that the grade and the top red flag are on the first page, that
//! the hostile name is text, not markup; a screenshot and the printed PDF are kept under
//! `target/browser-artifacts/`, and the PDF has every section. A tree that grades itself (its own
//! configuration allows every secret) prints both grades, and why they differ, on page one.
//!
//! Chromium is required in CI (`.ci/run` installs Debian's `chromium` and `poppler-utils`);
//! on a developer machine without it, the test says so and passes without running.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{assert_status, bin, repo_root, self_graded};

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
];

/// Hosts Chromium itself talks to (updates, accounts) even with background networking off.
const BROWSER_OWN_HOSTS: &[&str] = &["google.com", "googleapis.com", "gvt1.com", "gstatic.com"];

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

/// Runs Chromium on `url` with `args`, under a time limit; returns stderr.
fn run_chromium(chrome: &Path, profile: &Path, args: &[String], url: &str) -> String {
    let out = Command::new("timeout")
        .arg("120")
        .arg(chrome)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The text of a PDF (the first page only, or all), whitespace squashed.
fn pdf_text(pdf: &Path, first_page_only: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    if first_page_only {
        cmd.args(["-f", "1", "-l", "1"]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Chromium, or `None` on a developer machine without it (never in CI).
fn chromium_or_skip() -> Option<PathBuf> {
    let chrome = chromium();
    if chrome.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is required in CI (.ci/run installs it)"
        );
        eprintln!("browser test not run: no Chromium on this machine (apt-get install chromium poppler-utils)");
    }
    chrome
}

/// Audits `target` offline into `work`: the HTML report's path and the JSON report.
fn html_and_json(target: &Path, work: &Path, extra: &[&str]) -> (PathBuf, serde_json::Value) {
    let html = work.join("report.html");
    let json = work.join("report.json");
    for (format, path) in [("html", &html), ("json", &json)] {
        let out = bin()
            .args(["audit", "--offline", "-q"])
            .args(extra)
            .args(["-f", format, "-o"])
            .arg(path)
            .arg(target)
            .output()
            .unwrap();
        assert_status(&out, &[0]);
    }
    let report = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    (html, report)
}

/// A deterministic pseudo-random base64 body (never a real key).
fn fake_key_body() -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lines = Vec::new();
    for _ in 0..12 {
        let line: String = (0..64)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % 64) as usize] as char
            })
            .collect();
        lines.push(line);
    }
    lines.join("\n")
}

fn build_target(root: &Path) {
    fs::write(root.join("README.md"), "# payments\n\nMoves money.\n").unwrap();
    fs::write(root.join("app.py"), "def pay(amount):\n    return amount\n").unwrap();
    let key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
        fake_key_body()
    );
    // The key sits in a file whose name is markup: the report must show it as text.
    fs::write(root.join("<img src=x onerror=alert(1)>.pem"), key).unwrap();
}

#[test]
fn html_report_in_a_real_browser() {
    let Some(chrome) = chromium_or_skip() else {
        return;
    };
    let target = tempfile::tempdir().unwrap();
    build_target(target.path());
    let work = tempfile::tempdir().unwrap();
    let (html, report) = html_and_json(target.path(), work.path(), &["--no-target-config"]);
    let grade = report["score"]["grade"].as_str().unwrap().to_owned();
    let top_flag = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap().iter())
        .find(|f| f["severity"] == "critical")
        .expect("the planted key is a critical finding")["message"]
        .as_str()
        .unwrap()
        .to_owned();

    // The page references nothing outside itself.
    let page = fs::read_to_string(&html).unwrap();
    for needle in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "href=\"//",
        "@import",
        "<script",
        "url(http",
    ] {
        assert!(!page.contains(needle), "the report references {needle}");
    }

    let url = format!("file://{}", html.display());
    let url_for_args = url.clone();
    let artifacts = repo_root().join("target/browser-artifacts");
    fs::create_dir_all(&artifacts).unwrap();

    // 1. Render: DOM, console and network.
    let profile = tempfile::tempdir().unwrap();
    let netlog = work.path().join("net.json");
    let dom_out = Command::new("timeout")
        .arg("120")
        .arg(&chrome)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(&url_for_args)
        .output()
        .unwrap();
    assert!(dom_out.status.success());
    let dom = String::from_utf8_lossy(&dom_out.stdout);
    let stderr = String::from_utf8_lossy(&dom_out.stderr);
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    let net = fs::read_to_string(&netlog).unwrap_or_default();
    let page_requests: Vec<&str> = net
        .split("\"url\":\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|u| u.starts_with("http") || u.starts_with("ws"))
        .filter(|u| {
            let host = u
                .split("://")
                .nth(1)
                .unwrap_or("")
                .split(['/', ':', '?'])
                .next()
                .unwrap_or("");
            !BROWSER_OWN_HOSTS
                .iter()
                .any(|h| host == *h || host.ends_with(&format!(".{h}")))
        })
        .collect();
    assert!(
        page_requests.is_empty(),
        "the page made network requests: {page_requests:?}"
    );
    assert!(dom.contains(&top_flag), "top red flag not rendered");
    // The hostile file name is text: escaped in the DOM, never an element.
    assert!(!dom.contains("<img src=\"x\""), "a file name became markup");
    assert!(
        dom.contains("&lt;img src=x onerror=alert(1)&gt;.pem"),
        "the hostile file name is missing"
    );

    // 2. A screenshot of the first screen, kept as an artefact.
    let shot = artifacts.join("report-first-screen.png");
    run_chromium(
        &chrome,
        profile.path(),
        &[
            "--window-size=1280,900".into(),
            format!("--screenshot={}", shot.display()),
        ],
        &url,
    );
    assert!(
        fs::metadata(&shot).unwrap().len() > 10_000,
        "screenshot is empty"
    );

    // 3. Print to PDF: the first page carries the grade and the top red flag; every section is there.
    let pdf = artifacts.join("report.pdf");
    run_chromium(
        &chrome,
        profile.path(),
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
        &url,
    );
    let text = |first_page_only: bool| pdf_text(&pdf, first_page_only);
    let first = text(true);
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        first.contains(&format!("grade {grade}")),
        "grade not on page one: {first}"
    );
    assert!(first.contains("Red flags"), "red flags not on page one");
    let flag_start: String = squash(&top_flag).chars().take(40).collect();
    assert!(
        first.contains(&flag_start),
        "top red flag not on page one: {first}"
    );
    let all = text(false);
    for section in [
        "Red flags",
        "Strengths",
        "Score by category",
        "The codebase",
        "Remediation roadmap",
        "First 30 days",
        "Checks in detail",
        "Methodology",
        "Scope",
        "Appendix",
    ] {
        assert!(all.contains(section), "the PDF lacks the section {section}");
    }
    assert!(
        !all.contains(&fake_key_body()[..40]),
        "the secret is in the PDF"
    );
}

/// A tree that grades itself (its own `diligence.toml` allows every secret and disables the
/// tests check): the printed first page shows the grade under the default policy beside the
/// configured one, says that the repository's configuration raised it and how, and the report
/// lists the suppressed findings, redacted.
#[test]
fn a_self_graded_tree_shows_both_grades_on_the_printed_first_page() {
    let Some(chrome) = chromium_or_skip() else {
        return;
    };
    let target = tempfile::tempdir().unwrap();
    self_graded(target.path());
    let work = tempfile::tempdir().unwrap();
    let (html, report) = html_and_json(target.path(), work.path(), &[]);
    let configured = report["score"]["grade"].as_str().unwrap().to_owned();
    let default = report["policy"]["default_policy"]["grade"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(
        configured, default,
        "the tree's configuration changed the grade"
    );
    let suppressed = report["policy"]["suppressed"].as_array().unwrap();
    assert!(!suppressed.is_empty());

    let artifacts = repo_root().join("target/browser-artifacts");
    fs::create_dir_all(&artifacts).unwrap();
    let pdf = artifacts.join("self-graded-report.pdf");
    let profile = tempfile::tempdir().unwrap();
    run_chromium(
        &chrome,
        profile.path(),
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
        &format!("file://{}", html.display()),
    );
    let first = pdf_text(&pdf, true);
    assert!(
        first.contains(&format!("grade {configured}")),
        "configured grade not on page one: {first}"
    );
    assert!(
        first.contains(&format!("Under the default policy: grade {default}")),
        "default-policy grade not on page one: {first}"
    );
    for why in [
        "Whose rules",
        "the repository's own diligence.toml",
        "allow_paths",
        "check `tests` disabled",
        "suppressed",
    ] {
        assert!(
            first.contains(why),
            "page one does not say {why:?}: {first}"
        );
    }
    let all = pdf_text(&pdf, false);
    assert!(
        all.contains("Suppressed findings"),
        "no suppressed-findings section"
    );
    assert!(all.contains("Suppressed by"), "who suppressed is not said");
    // Redacted as always: the evidence shown, never the key itself.
    let first_suppressed = &suppressed[0];
    let evidence = first_suppressed["evidence"].as_str().unwrap();
    assert!(evidence.contains("****"), "{evidence}");
    // The section names each suppressed finding's place and shows its redacted evidence (a
    // narrow table cell may wrap it, so its masked head is what is compared).
    let section = &all[all.find("Suppressed findings").unwrap()..];
    let place = format!(
        "{}:{}",
        first_suppressed["path"].as_str().unwrap(),
        first_suppressed["line"]
    );
    assert!(section.contains(&place), "{place} not listed as suppressed");
    let masked_head: String = evidence.chars().take(8).collect();
    assert!(
        section.contains(&masked_head),
        "evidence {evidence} not shown"
    );
    let path = first_suppressed["path"].as_str().unwrap();
    let line = first_suppressed["line"].as_u64().unwrap() as usize;
    let planted = fs::read_to_string(target.path().join(path)).unwrap();
    let value = planted
        .lines()
        .nth(line - 1)
        .unwrap()
        .rsplit(['=', ' '])
        .next()
        .unwrap();
    assert!(value.len() >= 16, "{value}");
    assert!(
        !all.contains(value),
        "a suppressed secret is printed in full"
    );
}
