//! The `team` check on git repositories built at test time with known authors, dates and file
//! ownership: a departed sole author, a bot, an alias pair joined by `.mailmap`, an alias pair
//! joined by e-mail, a merged pull request, release tags, a partial CODEOWNERS; plus a shallow
//! clone, a repository without commits and a plain folder.
//!
//! The `git` binary builds the repositories (hooks disabled, global and system configuration
//! ignored); the audit itself reads them with gix. The audit's clock is pinned.

use std::path::Path;
use std::process::Command;

use diligence::config::ValidConfig;
use diligence::report::Report;
use diligence::{audit, AuditOptions};

/// The audit's clock in these tests.
const NOW: &str = "2026-06-15T00:00:00Z";

const ALICE_WORK: (&str, &str) = ("Alice M.", "alice.martin@home.example");
const ALICE: (&str, &str) = ("Alice Martin", "alice@acme.example");
const BOB: (&str, &str) = ("Bob Stone", "bob@acme.example");
const BOB_ALIAS: (&str, &str) = ("bstone", "Bob@Acme.example");
const DANA: (&str, &str) = ("Dana Departed", "dana@acme.example");
const BOT: (&str, &str) = (
    "dependabot[bot]",
    "49699333+dependabot[bot]@users.noreply.github.com",
);

/// Runs git in `dir` as `who` at `date` (author and committer), isolated from the machine's
/// configuration and hooks.
fn git(dir: &Path, who: (&str, &str), date: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Writes `files` and commits them all as `who` at `date`.
fn commit(dir: &Path, who: (&str, &str), date: &str, message: &str, files: &[(&str, &str)]) {
    for (path, text) in files {
        write(dir, path, text);
    }
    git(dir, who, date, &["add", "-A"]);
    git(dir, who, date, &["commit", "-q", "-m", message]);
}

/// The acme repository (see the module docs); returns its directory.
fn acme(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("acme");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, ALICE, "2024-01-01T00:00:00Z", &["init", "-q"]);
    let legacy: Vec<(String, String)> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|n| {
            (
                format!("legacy/{n}.py"),
                format!("def {n}():\n    return 1\n"),
            )
        })
        .collect();
    let legacy_refs: Vec<(&str, &str)> = legacy
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    commit(
        &dir,
        DANA,
        "2024-01-10T10:00:00Z",
        "Legacy importer",
        &legacy_refs,
    );
    commit(
        &dir,
        DANA,
        "2024-03-01T10:00:00Z",
        "Fix importer",
        &[("legacy/a.py", "def a():\n    return 2\n")],
    );
    commit(
        &dir,
        ALICE_WORK,
        "2025-09-01T09:00:00Z",
        "Core engine",
        &[
            ("src/core1.rs", "pub fn one() {}\n"),
            ("Cargo.toml", "[package]\nname = \"acme\"\n"),
        ],
    );
    commit(
        &dir,
        ALICE,
        "2025-10-05T09:00:00Z",
        "More core",
        &[
            ("src/core2.rs", "pub fn two() {}\n"),
            ("src/core3.rs", "pub fn three() {}\n"),
            ("README.md", "# Acme\n"),
            (
                ".mailmap",
                "Alice Martin <alice@acme.example> <alice.martin@home.example>\n",
            ),
        ],
    );
    git(&dir, ALICE, "2025-10-05T09:00:00Z", &["tag", "v0.1.0"]);
    commit(
        &dir,
        BOB,
        "2025-11-20T09:00:00Z",
        "API and web",
        &[
            ("src/api.rs", "pub fn api() {}\n"),
            ("web/app.js", "export const app = 1;\n"),
        ],
    );
    commit(
        &dir,
        BOB_ALIAS,
        "2026-01-15T09:00:00Z",
        "UI",
        &[("web/ui.js", "export const ui = 1;\n")],
    );
    commit(
        &dir,
        ALICE,
        "2026-02-10T09:00:00Z",
        "Harden the API",
        &[("src/api.rs", "pub fn api() { harden(); }\n")],
    );
    commit(
        &dir,
        BOT,
        "2026-03-01T09:00:00Z",
        "Bump deps",
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"acme\"\nversion = \"0.2.0\"\n",
            ),
            ("web/app.js", "export const app = 2;\n"),
        ],
    );
    git(
        &dir,
        ALICE,
        "2026-03-05T09:00:00Z",
        &["tag", "-a", "v0.2.0", "-m", "Release 0.2.0"],
    );
    git(
        &dir,
        ALICE,
        "2026-03-05T09:00:00Z",
        &["tag", "before-refactor"],
    );
    git(
        &dir,
        BOB,
        "2026-04-18T09:00:00Z",
        &["checkout", "-q", "-b", "feature"],
    );
    commit(
        &dir,
        BOB,
        "2026-04-18T09:00:00Z",
        "Tweak the UI",
        &[("web/ui.js", "export const ui = 2;\n")],
    );
    git(
        &dir,
        ALICE,
        "2026-04-19T09:00:00Z",
        &["checkout", "-q", "main"],
    );
    commit(
        &dir,
        ALICE,
        "2026-04-19T09:00:00Z",
        "Tune the core (#12)",
        &[("src/core1.rs", "pub fn one() { tune(); }\n")],
    );
    git(
        &dir,
        BOB,
        "2026-04-20T09:00:00Z",
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge pull request #13 from bob/feature",
            "feature",
        ],
    );
    commit(
        &dir,
        ALICE,
        "2026-05-30T09:00:00Z",
        "Owners",
        &[(
            ".github/CODEOWNERS",
            "# owners\n/web/ @bob\n/src/api.rs @alice @bob\n",
        )],
    );
    dir
}

fn options() -> AuditOptions {
    let mut config = ValidConfig::defaults();
    config.checks.retain(|id, _| id == "team");
    AuditOptions {
        config,
        offline: true,
        now: Some(NOW.parse().unwrap()),
        ..AuditOptions::default()
    }
}

fn team(report: &Report) -> &diligence::report::CheckResult {
    report
        .checks
        .iter()
        .find(|c| c.id == "team")
        .expect("team check in the report")
}

fn findings<'a>(report: &'a Report, rule: &str) -> Vec<&'a diligence::check::Finding> {
    team(report)
        .findings
        .iter()
        .map(|f| &f.finding)
        .filter(|f| f.rule == rule)
        .collect()
}

#[test]
fn acme_history_is_analysed_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = acme(tmp.path());
    let report = audit(&dir, &options()).unwrap();
    let a = report
        .inventory
        .team
        .as_ref()
        .unwrap_or_else(|| panic!("no team inventory; warnings: {:?}", report.warnings));

    // Activity.
    assert!(!a.shallow);
    assert_eq!(a.commits, 12);
    assert_eq!(a.first_commit.as_deref(), Some("2024-01-10"));
    assert_eq!(a.last_commit.as_deref(), Some("2026-05-30"));
    assert_eq!(a.people, 3);
    assert_eq!(a.bots, vec!["dependabot[bot]".to_owned()]);
    assert_eq!(a.bot_commits, 1);
    assert_eq!(a.active_90d, 2);
    assert_eq!(a.active_365d, 2);
    assert_eq!(a.monthly.len(), 24);
    assert_eq!(a.monthly[0].month, "2024-07");
    assert_eq!(a.monthly[23].month, "2026-06");
    let busy: Vec<(&str, u32, u32, u32)> = a
        .monthly
        .iter()
        .filter(|m| m.commits > 0)
        .map(|m| (m.month.as_str(), m.commits, m.bot_commits, m.authors))
        .collect();
    assert_eq!(
        busy,
        vec![
            ("2025-09", 1, 0, 1),
            ("2025-10", 1, 0, 1),
            ("2025-11", 1, 0, 1),
            ("2026-01", 1, 0, 1),
            ("2026-02", 1, 0, 1),
            ("2026-03", 1, 1, 0),
            ("2026-04", 3, 0, 2),
            ("2026-05", 1, 0, 1),
        ]
    );
    let tags: Vec<(&str, &str)> = a
        .releases
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.date.as_str()))
        .collect();
    assert_eq!(
        tags,
        vec![("v0.1.0", "2025-10-05"), ("v0.2.0", "2026-03-05")]
    );
    assert_eq!(a.releases.median_interval_days, Some(151.0));
    assert_eq!(a.releases.last_365d, 2);

    // People: the mailmap joins Alice's two identities, the e-mail joins Bob's.
    let people: Vec<(&str, u32, bool, &[String])> = a
        .contributors
        .iter()
        .map(|c| (c.name.as_str(), c.commits, c.active, c.aliases.as_slice()))
        .collect();
    assert_eq!(
        people,
        vec![
            (
                "Alice Martin",
                5,
                true,
                &["Alice M. <alice.martin@home.example>".to_owned()][..]
            ),
            (
                "Bob Stone",
                4,
                true,
                &["bstone <Bob@Acme.example>".to_owned()][..]
            ),
            ("Dana Departed", 2, false, &[][..]),
        ]
    );

    // Bus factor: 11 code files; Dana authors 5, Alice 4 (with src/api.rs shared with Bob).
    assert_eq!(a.files_considered, 11);
    let bf = a.bus_factor.as_ref().expect("bus factor");
    assert_eq!(bf.value, 2);
    assert_eq!(bf.key_people, vec!["Dana Departed", "Alice Martin"]);
    assert!((bf.orphaned_share - 8.0 / 11.0).abs() < 1e-9);

    // Single owners: everything but src/api.rs; the bot's edit of web/app.js does not count.
    let single: Vec<(&str, &str)> = a
        .single_owner_files
        .iter()
        .map(|f| (f.path.as_str(), f.owner.as_str()))
        .collect();
    assert_eq!(
        single,
        vec![
            ("legacy/a.py", "Dana Departed"),
            ("legacy/b.py", "Dana Departed"),
            ("legacy/c.py", "Dana Departed"),
            ("legacy/d.py", "Dana Departed"),
            ("legacy/e.py", "Dana Departed"),
            ("src/core1.rs", "Alice Martin"),
            ("src/core2.rs", "Alice Martin"),
            ("src/core3.rs", "Alice Martin"),
            ("web/app.js", "Bob Stone"),
            ("web/ui.js", "Bob Stone"),
        ]
    );
    let folders: Vec<(&str, &str, u32, bool)> = a
        .single_owner_folders
        .iter()
        .map(|f| (f.folder.as_str(), f.owner.as_str(), f.files, f.owner_active))
        .collect();
    assert_eq!(
        folders,
        vec![
            ("legacy", "Dana Departed", 5, false),
            ("web", "Bob Stone", 2, true)
        ]
    );

    // Knowledge loss: Dana's five files.
    assert_eq!(a.knowledge_loss.files, 5);
    assert_eq!(a.knowledge_loss.departed_authors.len(), 1);
    assert_eq!(a.knowledge_loss.departed_authors[0].name, "Dana Departed");
    assert_eq!(
        a.knowledge_loss.departed_authors[0].last_commit,
        "2024-03-01"
    );
    assert_eq!(a.knowledge_loss.departed_authors[0].files, 5);

    // Hygiene: 11 commits on the first-parent line, one merge and one squashed pull request.
    assert_eq!(a.hygiene.first_parent_commits, 11);
    assert_eq!(a.hygiene.integrated, 2);
    assert!(a.hygiene.import.is_none());
    assert_eq!(a.hygiene.largest_commits[0].files_changed, 5);
    assert_eq!(a.hygiene.largest_commits[0].author, "Dana Departed");

    // CODEOWNERS covers web/ (2) and src/api.rs (1) of 11 files.
    let co = a.codeowners.as_ref().expect("codeowners");
    assert_eq!(co.path, ".github/CODEOWNERS");
    assert_eq!((co.files_covered, co.files, co.rules), (3, 11, 2));

    // The score: 100 − 15 (bus factor 2) − 14 (5/11 of the code by people who left)
    // − 3 (CODEOWNERS partial).
    let check = team(&report);
    assert_eq!(check.score, Some(68), "{}", check.explanation);
    assert_eq!(
        check.summary,
        "3 people made 11 commit(s) since 2024-01-10; bus factor 2 (Dana Departed and Alice Martin); 2 active in the last 90 days, 2 in the last year; 45% of the code was written by people who have left."
    );
    assert_eq!(findings(&report, "bus-factor").len(), 1);
    assert_eq!(findings(&report, "knowledge-loss").len(), 1);
    assert_eq!(findings(&report, "codeowners-partial").len(), 1);
    let folder_paths: Vec<Option<&str>> = findings(&report, "folder-single-owner")
        .iter()
        .map(|f| f.path.as_deref())
        .collect();
    assert_eq!(folder_paths, vec![Some("legacy/"), Some("web/")]);
    assert_eq!(findings(&report, "file-single-owner").len(), 10);
    assert!(findings(&report, "no-release-tags").is_empty());
    assert!(findings(&report, "dormant").is_empty());
}

#[test]
fn shallow_clone_is_skipped_and_says_how_deep_it_saw() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = acme(tmp.path());
    let url = format!("file://{}", dir.display());
    let shallow = tmp.path().join("shallow");
    git(
        tmp.path(),
        ALICE,
        NOW,
        &[
            "clone",
            "-q",
            "--depth",
            "2",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    let report = audit(&shallow, &options()).unwrap();
    let check = team(&report);
    assert_eq!(check.status, diligence::check::Status::Skipped);
    assert_eq!(check.score, None);
    assert_eq!(
        check.summary,
        "This is a shallow clone: only the last 2 commit(s), back to 2026-04-20, are visible, so authorship and activity cannot be judged; audit a full clone."
    );
    assert!(report.inventory.team.as_ref().unwrap().shallow);
}

#[test]
fn not_a_repository_and_no_commits_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    write(&plain, "main.py", "print(1)\n");
    let report = audit(&plain, &options()).unwrap();
    let check = team(&report);
    assert_eq!(check.status, diligence::check::Status::Skipped);
    assert_eq!(
        check.summary,
        "Not a git repository: there is no history to tell who wrote the code."
    );
    assert!(report.inventory.team.is_none());

    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    git(&empty, ALICE, NOW, &["init", "-q"]);
    write(&empty, "main.py", "print(1)\n");
    let report = audit(&empty, &options()).unwrap();
    let check = team(&report);
    assert_eq!(check.status, diligence::check::Status::Skipped);
    assert_eq!(check.summary, "The repository has no commits yet.");
}

#[test]
fn cli_reports_carry_the_team_inventory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = acme(tmp.path());
    let run = |format: &str| crate::common::audit_text(&dir, format, &[]);
    // The command line uses the real clock: only what does not depend on it is asserted.
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let team = &json["inventory"]["team"];
    assert_eq!(team["bus_factor"]["value"], 2);
    assert_eq!(team["monthly"].as_array().unwrap().len(), 24);
    assert_eq!(team["single_owner_files"].as_array().unwrap().len(), 10);
    assert_eq!(team["commits"], 12);
    let check = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "team")
        .unwrap();
    assert_eq!(check["code"], "TEAM001");
    assert_eq!(check["category"], "team");
    let md = run("md");
    assert!(md.contains("bus factor 2"), "{md}");
    // The audit never writes inside the target.
    let status = git(&dir, ALICE, NOW, &["status", "--porcelain", "--ignored"]);
    assert_eq!(status, "");
}

#[test]
fn a_dot_git_link_out_of_the_target_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = acme(tmp.path());
    let linked = tmp.path().join("linked");
    write(&linked, "main.py", "print(1)\n");
    std::os::unix::fs::symlink(dir.join(".git"), linked.join(".git")).unwrap();
    let report = audit(&linked, &options()).unwrap();
    let check = team(&report);
    assert_eq!(check.status, diligence::check::Status::Skipped);
    assert!(report.inventory.team.is_none());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("outside the audited folder")),
        "{:?}",
        report.warnings
    );
}
