//! `diligence diff` end to end: two audits of a tree that changed in between, compared in every
//! format, the regression gate, and the errors on files that are not reports.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::{assert_status, audit_text, bin, fixture};

/// Copies a directory tree (regular files and directories only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        let dest = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &dest);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A made-up token of the GitHub classic PAT shape, assembled here so that no token sits in the
/// repository: `ghp_` and 36 characters from a fixed pseudo-random sequence.
fn fake_github_token(seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed | 1;
    let tail: String = (0..36)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[usize::try_from(x % ALPHABET.len() as u64).unwrap()] as char
        })
        .collect();
    format!("ghp_{tail}")
}

/// Two JSON reports of the startup app: before, with a token in `api/config.py` at line 1; after,
/// with that file shifted down three lines, a changelog added, fastapi bumped and a second token
/// committed in `api/settings.py`.
struct TwoAudits {
    dir: tempfile::TempDir,
}

impl TwoAudits {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("app");
        copy_tree(&fixture("startup-app"), &tree);
        let old_token = fake_github_token(0x5eed_0001);
        std::fs::write(
            tree.join("api/config.py"),
            format!("GITHUB_TOKEN = \"{old_token}\"\n"),
        )
        .unwrap();
        std::fs::write(dir.path().join("old.json"), audit_text(&tree, "json", &[])).unwrap();

        std::fs::write(
            tree.join("api/config.py"),
            format!("# Settings.\n\n# The token.\nGITHUB_TOKEN = \"{old_token}\"\n"),
        )
        .unwrap();
        std::fs::write(
            tree.join("CHANGELOG.md"),
            "# Changelog\n\n## 1.1.0\n\n- Faster startup.\n",
        )
        .unwrap();
        let req = tree.join("api/requirements.txt");
        let text = std::fs::read_to_string(&req).unwrap();
        std::fs::write(&req, text.replace("fastapi==0.110.0", "fastapi==0.111.0")).unwrap();
        std::fs::write(
            tree.join("api/settings.py"),
            format!("DEPLOY_TOKEN = \"{}\"\n", fake_github_token(0x5eed_0002)),
        )
        .unwrap();
        std::fs::write(dir.path().join("new.json"), audit_text(&tree, "json", &[])).unwrap();
        TwoAudits { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn diff(&self, args: &[&str]) -> Output {
        bin()
            .arg("diff")
            .arg(self.path("old.json"))
            .arg(self.path("new.json"))
            .args(args)
            .output()
            .unwrap()
    }
}

fn findings<'a>(diff: &'a Value, which: &str) -> Vec<&'a Value> {
    diff["findings"][which].as_array().unwrap().iter().collect()
}

#[test]
fn diff_of_two_audits_in_every_format() {
    let audits = TwoAudits::new();

    let out = audits.diff(&["--format", "json"]);
    assert_status(&out, &[0]);
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let old: Value =
        serde_json::from_str(&std::fs::read_to_string(audits.path("old.json")).unwrap()).unwrap();
    let new: Value =
        serde_json::from_str(&std::fs::read_to_string(audits.path("new.json")).unwrap()).unwrap();
    assert_eq!(diff["score"]["old"], old["score"]["overall"]);
    assert_eq!(diff["score"]["new"], new["score"]["overall"]);

    // The token that moved from line 1 to line 4 is neither resolved nor new.
    for which in ["resolved", "new"] {
        assert!(
            findings(&diff, which)
                .iter()
                .all(|f| f["path"] != "api/config.py"),
            "{which}: {:#?}",
            findings(&diff, which)
        );
    }
    // The changelog resolved one documentation finding; the second token is new.
    let resolved = findings(&diff, "resolved");
    assert!(
        resolved
            .iter()
            .any(|f| f["check"] == "documentation" && f["rule"] == "changelog-missing"),
        "{resolved:#?}"
    );
    let new_findings = findings(&diff, "new");
    let token = new_findings
        .iter()
        .find(|f| f["path"] == "api/settings.py")
        .unwrap_or_else(|| panic!("the new token is missing: {new_findings:#?}"));
    assert_eq!(token["check"], "secrets");
    assert_eq!(token["severity"], "high");
    assert_eq!(token["line"], 1);
    assert_eq!(diff["regression"], true);

    let docs = diff["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "documentation")
        .unwrap();
    assert_eq!(docs["change"], "improved");
    assert!(docs["delta"].as_i64().unwrap() > 0);

    let updated = diff["dependencies"]["updated"].as_array().unwrap();
    assert_eq!(updated.len(), 1, "{updated:#?}");
    assert_eq!(updated[0]["name"], "fastapi");
    assert_eq!(updated[0]["old_version"], "0.110.0");
    assert_eq!(updated[0]["new_version"], "0.111.0");
    assert_eq!(updated[0]["manifest"], "api/requirements.txt");
    // Offline audits know no ages.
    assert_eq!(diff["libyears"], Value::Null);

    // Text, the default.
    let out = audits.diff(&[]);
    assert_status(&out, &[0]);
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "Score {:.1} ({}) \u{2192} {:.1} ({}), ",
            old["score"]["overall"].as_f64().unwrap(),
            old["score"]["grade"].as_str().unwrap(),
            new["score"]["overall"].as_f64().unwrap(),
            new["score"]["grade"].as_str().unwrap(),
        )),
        "{text}"
    );
    assert!(
        text.contains("high      secrets  api/settings.py:1"),
        "{text}"
    );
    assert!(text.contains("fastapi 0.110.0 \u{2192} 0.111.0"), "{text}");
    // The secret is redacted in the report, and so never in the diff.
    assert!(!text.contains(&fake_github_token(0x5eed_0002)), "{text}");

    // Markdown.
    let out = audits.diff(&["--format", "md"]);
    assert_status(&out, &[0]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| Check | Before | After | Change |"), "{md}");
    assert!(md.contains("### New ("), "{md}");
    assert!(
        md.contains("| high | secrets | api/settings.py:1 |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| updated | pypi | fastapi | 0.110.0 \u{2192} 0.111.0 | api/requirements.txt |"
        ),
        "{md}"
    );
}

#[test]
fn fail_on_regression_gates_on_new_high_findings() {
    let audits = TwoAudits::new();
    let out = audits.diff(&["--fail-on-regression", "--format", "json"]);
    assert_status(&out, &[1]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("regression"));
    // The diff is still written.
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["regression"], true);

    // Backwards, the token is resolved and nothing high is new: the gate holds only if the
    // score did not go down.
    let back = bin()
        .arg("diff")
        .arg(audits.path("new.json"))
        .arg(audits.path("old.json"))
        .args(["--fail-on-regression", "--format", "json"])
        .output()
        .unwrap();
    let diff: Value = serde_json::from_slice(&back.stdout).unwrap();
    let went_down = diff["score"]["delta"].as_f64().unwrap() < 0.0;
    assert_eq!(diff["regression"], went_down);
    assert_status(&back, &[if went_down { 1 } else { 0 }]);

    // A report against itself: nothing changed, exit 0.
    let same = bin()
        .arg("diff")
        .arg(audits.path("new.json"))
        .arg(audits.path("new.json"))
        .args(["--fail-on-regression", "--format", "json"])
        .output()
        .unwrap();
    assert_status(&same, &[0]);
    let diff: Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(diff["score"]["delta"], 0.0);
    assert!(findings(&diff, "resolved").is_empty() && findings(&diff, "new").is_empty());
    assert!(diff["findings"]["unchanged"].as_u64().unwrap() > 0);
}

#[test]
fn inputs_that_are_not_reports_exit_2_naming_the_file() {
    let audits = TwoAudits::new();
    let dir = audits.dir.path();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let old = std::fs::read_to_string(audits.path("old.json")).unwrap();
    let mut v2: Value = serde_json::from_str(&old).unwrap();
    v2["schema_version"] = 2.into();
    let cases = [
        (dir.join("missing.json"), "cannot read"),
        (write("garbage.json", "<html>"), "not JSON"),
        (
            write("sarif.json", r#"{"version":"2.1.0","runs":[]}"#),
            "not a diligence JSON report",
        ),
        (
            write("v2.json", &v2.to_string()),
            "schema_version 2, this version of diligence reads schema_version 1",
        ),
    ];
    for (path, expected) in cases {
        for (a, b) in [
            (&path, &audits.path("new.json")),
            (&audits.path("old.json"), &path),
        ] {
            let out = bin().arg("diff").arg(a).arg(b).output().unwrap();
            assert_status(&out, &[2]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(&path.display().to_string()), "{err}");
            assert!(err.contains(expected), "{err}");
            assert!(out.stdout.is_empty());
        }
    }
}
