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
    // The chart ends with the month of the last commit.
    assert_eq!(a.last_human_commit.as_deref(), Some("2026-05-30"));
    assert_eq!(a.snapshot_age_days, 15);
    assert_eq!(a.monthly[0].month, "2024-06");
    assert_eq!(a.monthly[23].month, "2026-05");
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

    // 12 product files: 11 code files and Cargo.toml (README.md, .mailmap and CODEOWNERS are
    // not product code). Dana authors 5, Alice 5 (src/api.rs shared with Bob), Bob 3.
    assert_eq!(a.files_considered, 12);
    // Dana left two years before the last commit: her five files are knowledge already lost,
    // and the bus factor is over the 7 files that Alice and Bob know: without Alice, 4 of them
    // have no author left.
    let bf = a.bus_factor.as_ref().expect("bus factor");
    assert_eq!((bf.value, bf.files), (1, 7));
    assert_eq!(bf.key_people, vec!["Alice Martin"]);
    assert!((bf.orphaned_share - 4.0 / 7.0).abs() < 1e-9);
    // The study's truck factor counts every author: Alice, then Dana.
    let every = a.bus_factor_all_authors.as_ref().expect("all authors");
    assert_eq!((every.value, every.files), (2, 12));
    assert_eq!(every.key_people, vec!["Alice Martin", "Dana Departed"]);
    assert!((every.orphaned_share - 9.0 / 12.0).abs() < 1e-9);

    // Single owners: everything but src/api.rs; the bot's edit of web/app.js does not count.
    let single: Vec<(&str, &str)> = a
        .single_owner_files
        .iter()
        .map(|f| (f.path.as_str(), f.owner.as_str()))
        .collect();
    assert_eq!(
        single,
        vec![
            ("Cargo.toml", "Alice Martin"),
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

    // Knowledge loss: Dana's five files, that nobody still active has changed.
    assert_eq!(a.knowledge_loss.files, 5);
    assert_eq!(a.knowledge_loss.untouched, 5);
    assert_eq!(a.knowledge_loss.departed_authors.len(), 1);
    assert_eq!(a.knowledge_loss.departed_authors[0].name, "Dana Departed");
    assert_eq!(
        a.knowledge_loss.departed_authors[0].last_commit,
        "2024-03-01"
    );
    assert_eq!(a.knowledge_loss.departed_authors[0].files, 5);

    // Hygiene: 11 commits on the first-parent line (the year up to the last commit holds too few
    // to judge, so the whole line counts), one merge and one squashed pull request.
    assert_eq!(a.hygiene.since, None);
    assert_eq!(a.hygiene.first_parent_commits, 11);
    assert_eq!(a.hygiene.integrated, 2);
    assert!(a.hygiene.import.is_none());
    assert_eq!(a.hygiene.largest_commits[0].files_changed, 5);
    assert_eq!(a.hygiene.largest_commits[0].author, "Dana Departed");

    // CODEOWNERS covers web/ (2) and src/api.rs (1) of 12 files.
    let co = a.codeowners.as_ref().expect("codeowners");
    assert_eq!(co.path, ".github/CODEOWNERS");
    assert_eq!((co.files_covered, co.files, co.rules), (3, 12, 2));

    // The score: 100 − 30 (bus factor 1) − 13 (30 × 5/12 of the code by people who left, that
    // nobody still active has changed) − 3 (CODEOWNERS partial).
    let check = team(&report);
    assert_eq!(check.score, Some(54), "{}", check.explanation);
    assert_eq!(
        check.summary,
        "3 people made 11 commits since 2024-01-10; bus factor 1 (Alice Martin); 2 active in the 90 days up to the last commit (2026-05-30), 2 in the year; 42% of the code was written by people who have left."
    );
    assert_eq!(findings(&report, "bus-factor").len(), 1);
    assert_eq!(findings(&report, "knowledge-loss").len(), 1);
    assert_eq!(findings(&report, "codeowners-partial").len(), 1);
    let folder_paths: Vec<Option<&str>> = findings(&report, "folder-single-owner")
        .iter()
        .map(|f| f.path.as_deref())
        .collect();
    assert_eq!(folder_paths, vec![Some("legacy/"), Some("web/")]);
    assert_eq!(findings(&report, "file-single-owner").len(), 11);
    assert!(findings(&report, "no-release-tags").is_empty());
    assert!(findings(&report, "dormant").is_empty());
    assert!(findings(&report, "snapshot-age").is_empty());
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
        "This is a shallow clone: only the last 2 commits, back to 2026-04-20, are visible, so authorship and activity cannot be judged; audit a full clone."
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

/// `--no-history` is a working-tree audit: the history is not read, the team check is not run,
/// and the report's coverage says so.
#[test]
fn no_history_reads_no_history_and_says_the_team_was_not_judged() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = acme(tmp.path());
    let report = audit(
        &repo,
        &AuditOptions {
            no_history: true,
            ..options()
        },
    )
    .unwrap();
    let check = team(&report);
    assert_eq!(check.status, diligence::check::Status::Skipped);
    assert!(check.summary.contains("--no-history"), "{}", check.summary);
    assert!(report.inventory.team.is_none());
    assert!(
        report
            .coverage
            .iter()
            .any(|n| n.check.as_deref() == Some("team") && n.reason.contains("--no-history")),
        "{:?}",
        report.coverage
    );
}

#[test]
fn cli_reports_carry_the_team_inventory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = acme(tmp.path());
    let run = |format: &str| crate::common::audit_text(&dir, format, &[]);
    // The command line uses the real clock: only what does not depend on it is asserted.
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let team = &json["inventory"]["team"];
    assert_eq!(team["bus_factor"]["value"], 1);
    assert_eq!(team["bus_factor_all_authors"]["value"], 2);
    assert_eq!(team["monthly"].as_array().unwrap().len(), 24);
    assert_eq!(team["single_owner_files"].as_array().unwrap().len(), 11);
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
    assert!(md.contains("bus factor 1"), "{md}");
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

/// Authorship of one file of HEAD as the history pass computed it: creator and changes by name.
fn authorship(dir: &Path, path: &str) -> (Option<String>, Vec<(String, u32)>) {
    let mut warnings = Vec::new();
    let h = diligence::facts::history::collect(dir, 2, &mut warnings).expect("history");
    let f = h
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not in HEAD"));
    let name = |p: u32| h.people[p as usize].name.clone();
    (
        f.creator.map(name),
        f.changes.iter().map(|(p, n)| (name(*p), *n)).collect(),
    )
}

/// An empty repository `tmp/name`, initialised by `who` at `date`.
fn new_repo(tmp: &Path, name: &str, who: (&str, &str), date: &str) -> std::path::PathBuf {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, who, date, &["init", "-q"]);
    dir
}

const ANN: (&str, &str) = ("Ann Author", "ann@acme.example");
const MOVER: (&str, &str) = ("Mo Mover", "mo@acme.example");
const CARL: (&str, &str) = ("Carl Reverter", "carl@acme.example");

/// A source file of `n` distinct lines.
fn lines(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("pub fn {tag}_{i}() -> u32 {{ {i} }}\n"))
        .collect()
}

#[test]
fn authorship_follows_renames_with_edits_and_survives_deletion() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "moves", ANN, "2026-01-01T00:00:00Z");
    let engine = lines("engine", 20);
    let helper = lines("helper", 12);
    commit(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        "Engine",
        &[("src/engine.rs", &engine), ("src/helper.rs", &helper)],
    );
    // A move with edits: 3 of 20 lines change (85% similar). The mover does not become the
    // creator.
    std::fs::create_dir_all(dir.join("src/core")).unwrap();
    git(
        &dir,
        MOVER,
        "2026-02-01T00:00:00Z",
        &["mv", "src/engine.rs", "src/core/engine.rs"],
    );
    let edited = engine.replacen("engine_0() -> u32 { 0 }", "engine_0() -> u32 { 100 }", 1)
        + "pub fn extra_a() {}\npub fn extra_b() {}\n";
    commit(
        &dir,
        MOVER,
        "2026-02-01T00:00:00Z",
        "Move the engine into core",
        &[("src/core/engine.rs", &edited)],
    );
    let (creator, changes) = authorship(&dir, "src/core/engine.rs");
    assert_eq!(creator.as_deref(), Some("Ann Author"));
    assert_eq!(changes, vec![("Mo Mover".to_owned(), 1)]);

    // A rewrite under a new name is not a move: under half of the lines are shared.
    git(
        &dir,
        MOVER,
        "2026-02-10T00:00:00Z",
        &["rm", "-q", "src/helper.rs"],
    );
    let rewritten = lines("helper", 3) + &lines("fresh", 12);
    commit(
        &dir,
        MOVER,
        "2026-02-10T00:00:00Z",
        "Replace the helper",
        &[("src/tools.rs", &rewritten)],
    );
    let (creator, _) = authorship(&dir, "src/tools.rs");
    assert_eq!(creator.as_deref(), Some("Mo Mover"));

    // A deleted file added back (a revert) keeps its history: the reverter restores it, and
    // counts one change.
    git(
        &dir,
        MOVER,
        "2026-03-01T00:00:00Z",
        &["rm", "-q", "src/core/engine.rs"],
    );
    git(
        &dir,
        MOVER,
        "2026-03-01T00:00:00Z",
        &["commit", "-q", "-m", "Drop the engine"],
    );
    commit(
        &dir,
        CARL,
        "2026-03-05T00:00:00Z",
        "Revert \"Drop the engine\"",
        &[("src/core/engine.rs", &edited)],
    );
    let (creator, changes) = authorship(&dir, "src/core/engine.rs");
    assert_eq!(creator.as_deref(), Some("Ann Author"));
    assert_eq!(
        changes,
        vec![("Carl Reverter".to_owned(), 1), ("Mo Mover".to_owned(), 1)]
    );
}

/// Several files moved with edits in one commit each keep their own history: a moved file is
/// paired with the deleted file it is most similar to, and a file that grew to more than twice
/// its old size is new code, not a move (under half of it is the old file).
#[test]
fn files_moved_together_each_keep_their_own_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "together", ANN, "2026-01-01T00:00:00Z");
    let shared = lines("shared", 12);
    let parser = shared.clone() + &lines("parser", 8);
    let lexer = shared.clone() + &lines("lexer", 8);
    let small = lines("small", 10);
    commit(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        "Parser and small",
        &[("src/parser.rs", &parser), ("src/small.rs", &small)],
    );
    commit(
        &dir,
        CARL,
        "2026-01-03T00:00:00Z",
        "Lexer",
        &[("src/lexer.rs", &lexer)],
    );
    // One commit moves all three under `front/`. Each moved file shares 12 lines with both old
    // ones (60%) and nearly all of its own (95%); the small file grows from 10 lines to 30.
    for old in ["src/parser.rs", "src/lexer.rs", "src/small.rs"] {
        git(&dir, MOVER, "2026-02-01T00:00:00Z", &["rm", "-q", old]);
    }
    let parser_moved = shared.clone() + &lines("parser", 7) + "pub fn parse_more() {}\n";
    let lexer_moved = shared.clone() + &lines("lexer", 7) + "pub fn lex_more() {}\n";
    let grown = small.clone() + &lines("grown", 20);
    commit(
        &dir,
        MOVER,
        "2026-02-01T00:00:00Z",
        "Move the front end",
        &[
            ("front/syntax.rs", &parser_moved),
            ("front/tokens.rs", &lexer_moved),
            ("front/small.rs", &grown),
        ],
    );
    let (creator, changes) = authorship(&dir, "front/syntax.rs");
    assert_eq!(creator.as_deref(), Some("Ann Author"));
    assert_eq!(changes, vec![("Mo Mover".to_owned(), 1)]);
    let (creator, _) = authorship(&dir, "front/tokens.rs");
    assert_eq!(creator.as_deref(), Some("Carl Reverter"));
    let (creator, _) = authorship(&dir, "front/small.rs");
    assert_eq!(creator.as_deref(), Some("Mo Mover"));

    // Packed (trees and blobs stored as deltas, read by the pack reader), the same.
    let before: Vec<_> = ["front/syntax.rs", "front/tokens.rs", "front/small.rs"]
        .iter()
        .map(|p| authorship(&dir, p))
        .collect();
    git(
        &dir,
        MOVER,
        "2026-02-02T00:00:00Z",
        &["gc", "-q", "--aggressive"],
    );
    assert!(std::fs::read_dir(dir.join(".git/objects/pack"))
        .unwrap()
        .any(|e| e.unwrap().path().extension().is_some_and(|x| x == "pack")));
    let after: Vec<_> = ["front/syntax.rs", "front/tokens.rs", "front/small.rs"]
        .iter()
        .map(|p| authorship(&dir, p))
        .collect();
    assert_eq!(before, after);
}

/// A clone whose object store lacks a blob (a partial or damaged copy) still has every commit
/// read: the moved file whose old content is missing cannot be compared, so it counts as new,
/// and no commit is left out.
#[test]
fn a_missing_blob_leaves_a_move_uncompared_not_the_commit_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "partial", ANN, "2026-01-01T00:00:00Z");
    let engine = lines("engine", 20);
    commit(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        "Engine",
        &[("src/engine.rs", &engine)],
    );
    let blob = git(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        &["rev-parse", "HEAD:src/engine.rs"],
    );
    git(
        &dir,
        MOVER,
        "2026-02-01T00:00:00Z",
        &["rm", "-q", "src/engine.rs"],
    );
    let moved = engine.replacen("{ 0 }", "{ 100 }", 1);
    commit(
        &dir,
        MOVER,
        "2026-02-01T00:00:00Z",
        "Move",
        &[("src/core.rs", &moved)],
    );
    let (creator, _) = authorship(&dir, "src/core.rs");
    assert_eq!(
        creator.as_deref(),
        Some("Ann Author"),
        "a move while the blob is there"
    );
    let blob = blob.trim();
    std::fs::remove_file(dir.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let mut warnings = Vec::new();
    let h = diligence::facts::history::collect(&dir, 2, &mut warnings).expect("history");
    assert!(warnings.is_empty(), "{warnings:?}");
    let (creator, _) = authorship(&dir, "src/core.rs");
    assert_eq!(creator.as_deref(), Some("Mo Mover"));
    assert_eq!(h.commits.len(), 2);
}

/// A move that leaves a stub at the old path (the old module keeps a line that points to the new
/// one) is a move: git sees an added file and a modified one, but the code keeps its author. A
/// new file that only shares a little with a file cut down in the same commit stays new.
#[test]
fn a_move_that_leaves_a_stub_behind_keeps_the_code_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "stub", ANN, "2026-01-01T00:00:00Z");
    let hadoop = lines("hadoop", 30);
    let hdfs = lines("hdfs", 30);
    commit(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        "Hadoop support",
        &[("src/hadoop.rs", &hadoop), ("src/hdfs.rs", &hdfs)],
    );
    commit(
        &dir,
        ANN,
        "2026-01-03T00:00:00Z",
        "Fix",
        &[("src/hadoop.rs", &hadoop.replacen("{ 1 }", "{ 10 }", 1))],
    );
    let moved = hadoop.replacen("{ 1 }", "{ 10 }", 1) + "pub fn moved_marker() {}\n";
    // hdfs.rs is cut down too, and a new file shares a fifth of its old lines: not a move.
    let mixed = lines("hdfs", 6) + &lines("client", 24);
    commit(
        &dir,
        MOVER,
        "2026-02-01T00:00:00Z",
        "Move hadoop to contrib",
        &[
            ("src/contrib/hadoop.rs", &moved),
            ("src/hadoop.rs", "pub use crate::contrib::hadoop::*;\n"),
            ("src/hdfs.rs", &lines("hdfs", 5)),
            ("src/client.rs", &mixed),
        ],
    );
    let (creator, mut changes) = authorship(&dir, "src/contrib/hadoop.rs");
    assert_eq!(creator.as_deref(), Some("Ann Author"));
    changes.sort();
    assert_eq!(
        changes,
        vec![("Ann Author".to_owned(), 1), ("Mo Mover".to_owned(), 1)]
    );
    // The stub keeps its own history too.
    let (creator, _) = authorship(&dir, "src/hadoop.rs");
    assert_eq!(creator.as_deref(), Some("Ann Author"));
    let (creator, changes) = authorship(&dir, "src/client.rs");
    assert_eq!(creator.as_deref(), Some("Mo Mover"));
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn the_bus_factor_counts_product_code_and_manifests_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "roles", ANN, "2026-01-01T00:00:00Z");
    commit(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        "Product",
        &[
            ("src/lib.rs", "pub fn a() {}\n"),
            ("src/b.rs", "pub fn b() {}\n"),
            ("Cargo.toml", "[package]\nname = \"roles\"\n"),
        ],
    );
    // Carl writes far more files, none of them product code.
    commit(
        &dir,
        CARL,
        "2026-01-03T00:00:00Z",
        "Everything else",
        &[
            ("tests/a.rs", "#[test]\nfn a() {}\n"),
            ("tests/b.rs", "#[test]\nfn b() {}\n"),
            ("src/lib_test.go", "package x\n"),
            ("docs/guide.md", "# Guide\n"),
            ("docs/conf.py", "project = 'x'\n"),
            ("examples/demo.rs", "fn main() {}\n"),
            ("vendor/lib.js", "var x = 1;\n"),
            ("third_party/zlib/zlib.c", "int z;\n"),
            ("tests/fixtures/app/index.js", "module.exports = 1;\n"),
            ("web/app.min.js", "var a=1;\n"),
        ],
    );
    let report = audit(&dir, &options()).unwrap();
    let a = report.inventory.team.as_ref().unwrap();
    assert_eq!(a.files_considered, 3, "src/lib.rs, src/b.rs and Cargo.toml");
    let bf = a.bus_factor.as_ref().unwrap();
    assert_eq!((bf.value, bf.files), (1, 3));
    assert_eq!(bf.key_people, vec!["Ann Author"]);
    let every = a.bus_factor_all_authors.as_ref().unwrap();
    assert_eq!(every.key_people, vec!["Ann Author"]);
    // The study's file set, kept for comparison with published truck factors: code files of
    // every role but documentation and examples, vendored and generated code, so tests and test
    // data count (Carl's four) and manifests in a data language (Cargo.toml) do not.
    let study = a.bus_factor_study.as_ref().unwrap();
    assert_eq!((study.value, study.files), (1, 6));
    assert_eq!(study.key_people, vec!["Carl Reverter"]);
}

#[test]
fn activity_is_measured_up_to_the_last_commit_and_the_snapshot_age_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "snapshot", ANN, "2023-01-01T00:00:00Z");
    // Dana wrote the legacy half long ago; Ann and Bob work until the snapshot, which is five
    // months older than the audit.
    commit(
        &dir,
        DANA,
        "2021-03-01T00:00:00Z",
        "Legacy",
        &[
            ("legacy/a.py", "def a(): pass\n"),
            ("legacy/b.py", "def b(): pass\n"),
        ],
    );
    commit(
        &dir,
        ANN,
        "2025-06-01T00:00:00Z",
        "Core",
        &[
            ("src/a.rs", "pub fn a() {}\n"),
            ("src/b.rs", "pub fn b() {}\n"),
        ],
    );
    commit(
        &dir,
        BOB,
        "2025-12-01T00:00:00Z",
        "Web",
        &[("web/app.js", "export const a = 1;\n")],
    );
    commit(
        &dir,
        ANN,
        "2026-01-10T00:00:00Z",
        "Fix",
        &[("src/a.rs", "pub fn a() { fix(); }\n")],
    );
    let report = audit(&dir, &options()).unwrap();
    let a = report.inventory.team.as_ref().unwrap();
    assert_eq!(a.last_commit.as_deref(), Some("2026-01-10"));
    assert_eq!(a.snapshot_age_days, 156);
    assert_eq!((a.active_90d, a.active_365d), (2, 2));
    assert!(a
        .contributors
        .iter()
        .filter(|c| c.name != "Dana Departed")
        .all(|c| c.active));
    // Dana left years before the last commit: her files are knowledge already lost, and she is
    // not a bus-factor person.
    assert_eq!(a.knowledge_loss.files, 2);
    assert_eq!(a.knowledge_loss.untouched, 2);
    let bf = a.bus_factor.as_ref().unwrap();
    assert_eq!(bf.key_people, vec!["Ann Author"]);
    assert_eq!(bf.files, 3);
    let every = a.bus_factor_all_authors.as_ref().unwrap();
    assert!(every.key_people.contains(&"Dana Departed".to_owned()));
    assert!(findings(&report, "dormant").is_empty());
    assert!(findings(&report, "quiet").is_empty());
    let age = findings(&report, "snapshot-age");
    assert_eq!(age.len(), 1);
    assert!(
        age[0]
            .message
            .contains("2026-01-10 (5 months before this audit)"),
        "{}",
        age[0].message
    );

    // The same history audited two years later: dormant.
    let mut later = options();
    later.now = Some("2028-02-01T00:00:00Z".parse().unwrap());
    let report = audit(&dir, &later).unwrap();
    let dormant = findings(&report, "dormant");
    assert_eq!(dormant.len(), 1);
    assert_eq!(
        dormant[0].message,
        "The repository has had no commit by a person since 2026-01-10 (2.1 years before this audit)."
    );
    assert_eq!(report.inventory.team.as_ref().unwrap().active_90d, 2);
}

#[test]
fn merge_bots_review_trailers_and_release_tag_styles() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_repo(tmp.path(), "review", ANN, "2026-01-01T00:00:00Z");
    commit(
        &dir,
        ANN,
        "2026-01-02T00:00:00Z",
        "Start",
        &[("src/lib.rs", "pub fn a() {}\n")],
    );
    // Twelve changes landed by a merge bot with another name ("Auto merge of #…"), and twelve
    // reviewed on Gerrit; nothing was pushed directly.
    let lander = ("The Project Developers", "lander@acme.example");
    for i in 0..12 {
        let day = format!("2026-02-{:02}T00:00:00Z", i + 1);
        git(
            &dir,
            BOB,
            &day,
            &["checkout", "-q", "-b", &format!("topic{i}")],
        );
        commit(
            &dir,
            BOB,
            &day,
            &format!("Change {i}"),
            &[("src/lib.rs", &format!("pub fn a() {{ {i} }}\n"))],
        );
        git(&dir, lander, &day, &["checkout", "-q", "main"]);
        git(
            &dir,
            lander,
            &day,
            &[
                "merge",
                "-q",
                "--no-ff",
                "-m",
                &format!("Auto merge of #{} - bob:topic{i}, r=ann", 100 + i),
                &format!("topic{i}"),
            ],
        );
    }
    for i in 0..12 {
        let day = format!("2026-03-{:02}T00:00:00Z", i + 1);
        write(
            &dir,
            "src/lib.rs",
            &format!("pub fn a() {{ {} }}\n", 50 + i),
        );
        git(&dir, ANN, &day, &["add", "-A"]);
        git(
            &dir,
            ANN,
            &day,
            &[
                "commit",
                "-q",
                "-m",
                &format!("Tune {i}\n\nChange-Id: I{i:040}\nReviewed-on: https://review.example/c/{i}\nReviewed-by: Bob Stone <bob@acme.example>"),
            ],
        );
    }
    for (i, tag) in [
        "rel_1_4_2",
        "release-1.5",
        "v1.6.0",
        "1.7.0",
        "acme-1.8.0",
        "acme@1.9.0",
    ]
    .iter()
    .enumerate()
    {
        git(&dir, ANN, &format!("2026-03-2{i}T00:00:00Z"), &["tag", tag]);
    }
    let report = audit(&dir, &options()).unwrap();
    let a = report.inventory.team.as_ref().unwrap();
    assert_eq!(a.bots, vec!["The Project Developers".to_owned()]);
    assert_eq!(a.people, 2);
    assert!(a
        .contributors
        .iter()
        .all(|c| c.name != "The Project Developers"));
    assert_eq!(a.hygiene.first_parent_commits, 25);
    assert_eq!(a.hygiene.integrated, 24);
    assert!(findings(&report, "direct-pushes").is_empty());
    assert_eq!(a.releases.tags.len(), 6);
    assert!(findings(&report, "no-release-tags").is_empty());
}

#[test]
fn one_person_under_a_login_and_a_full_name_is_shown_by_the_full_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("names");
    std::fs::create_dir_all(&dir).unwrap();
    let login = ("dpeter", "david@web.example");
    let full = ("David Peter", "1234+dpeter@users.noreply.github.com");
    git(&dir, login, "2026-01-01T00:00:00Z", &["init", "-q"]);
    for i in 0..3 {
        commit(
            &dir,
            login,
            &format!("2026-01-0{}T00:00:00Z", i + 2),
            "Work",
            &[("src/lib.rs", &format!("pub fn a() {{ {i} }}\n"))],
        );
    }
    commit(
        &dir,
        full,
        "2026-02-01T00:00:00Z",
        "More",
        &[("src/lib.rs", "pub fn a() { 9 }\n")],
    );
    let report = audit(&dir, &options()).unwrap();
    let a = report.inventory.team.as_ref().unwrap();
    let people: Vec<(&str, u32, &[String])> = a
        .contributors
        .iter()
        .map(|c| (c.name.as_str(), c.commits, c.aliases.as_slice()))
        .collect();
    assert_eq!(
        people,
        vec![(
            "David Peter",
            4,
            &["dpeter <david@web.example>".to_owned()][..]
        )]
    );
}

#[test]
fn the_paced_pass_waits_once_before_its_diffs_and_finds_the_same_history() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = acme(tmp.path());
    let mut warnings = Vec::new();
    let whole = diligence::facts::history::collect(&dir, 2, &mut warnings).expect("history");
    // The audit holds the diffs back until its tree reading ends; here a flag stands for it.
    let waited = std::cell::Cell::new(0);
    let paced = diligence::facts::history::collect_paced(&dir, 2, &mut warnings, &|| {
        waited.set(waited.get() + 1);
    })
    .expect("history");
    assert_eq!(waited.get(), 1);
    assert_eq!(paced, whole);
    assert!(!whole.files.is_empty() && !whole.people.is_empty());
    // No repository: nothing to wait for.
    let empty = tempfile::tempdir().unwrap();
    let none = diligence::facts::history::collect_paced(empty.path(), 2, &mut warnings, &|| {
        waited.set(waited.get() + 1);
    });
    assert!(none.is_none());
    assert_eq!(waited.get(), 1);
}
