//! `documentation`: can a newcomer understand, build and run the project from what is written?
//!
//! Looks for a README (present, substantive, not a template stub, with setup instructions), a
//! LICENSE, CONTRIBUTING and SECURITY policies, a CHANGELOG, an architecture or design document,
//! and a `.gitignore`. The score starts at 100 and loses each missing item's points.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::check::{Check, CheckConfig, Evaluation, Finding, Severity, Tally};
use crate::facts::pattern::code_regex;
use crate::facts::{FileFacts, FileKind, Needs, RepoFacts};

/// The check.
pub struct Documentation;

/// Words (outside code blocks) from which a README counts as substantive.
const SUBSTANTIVE_WORDS: usize = 150;
/// Below this, the README is a stub.
const STUB_WORDS: usize = 50;

#[derive(Deserialize)]
struct Stubs {
    stub: Vec<Stub>,
}

#[derive(Deserialize)]
struct Stub {
    phrase: String,
    template: String,
}

static STUBS: LazyLock<Vec<Stub>> = LazyLock::new(|| {
    toml::from_str::<Stubs>(include_str!("stubs.toml"))
        .expect("stubs.toml is valid (tested)")
        .stub
});

/// A heading that introduces setup, build or usage instructions.
static SETUP_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(
        r"(?im)^(?:#{1,6}[ \t]+|[ \t]*)(?:[\d.]+[ \t]+)?(?:installation|install(?:ing)?|setup|set[ -]up|getting[ -]started|quick[ -]?start|usage|how to (?:build|run|use)|build(?:ing)?|development|develop(?:ing)?|local development|running(?: locally)?|run(?: it)?(?: locally)?|requirements|prerequisites|deploy(?:ment|ing)?|testing|tests)\b[^\n]*$",
    )
    .expect("valid regex")
});

/// Commands that set up, build or run a project, inside code blocks or backticks; or any command
/// with an argument shown at a shell prompt (`$ flask run`), which is how to run it.
static SETUP_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(
        r"(?m)^[ \t]*\$[ \t]+[a-z][\w.-]*[ \t]+[^\s$]|\b(?:npm (?:install|ci|run|start|test)|yarn(?: install| dev| start| build)?|pnpm (?:install|i|dev|build)|pip3? install|poetry install|uv (?:sync|run|pip)|pipenv install|cargo (?:build|run|install|test)|go (?:build|run|install|test)|make(?: [a-z][\w-]*)?$|docker(?:-| )compose up|docker run|bundle (?:install|exec)|composer install|mvn |\./gradlew |gradle |dotnet (?:build|run|restore|test)|brew install|apt(?:-get)? install|python3? (?:-m |manage\.py |setup\.py )|rails (?:s|server|db:))",
    )
    .expect("valid regex")
});

/// A link to the installation or getting-started guide, wherever it is (pip's README: "Please
/// take a look at our documentation for how to install and use pip: `Installation`_"), in
/// Markdown (`[Installation](…)`) or reStructuredText (`` `Installation`_ ``,
/// `` `Getting started <…>`_ ``).
static SETUP_LINK: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(
        r"(?i)\[(?:installation|install(?:ing)?|getting[ -]started|quick[ -]?start)(?:[ \t][^\]\n]{0,40})?\]\(|`(?:installation|install(?:ing)?|getting[ -]started|quick[ -]?start)(?:[ \t][^`<\n]{0,40})?(?:[ \t]*<[^>\n]+>)?`__?",
    )
    .expect("valid regex")
});

struct Item {
    /// What is missing, as a finding rule id.
    rule: &'static str,
    points: u32,
    severity: Severity,
    what: &'static str,
    remediation: &'static str,
}

const LICENSE: Item = Item {
    rule: "license-file-missing",
    points: 10,
    severity: Severity::Medium,
    what: "no LICENSE file",
    remediation: "Add a LICENSE file (or, for a private product, a notice that states who owns the code and that all rights are reserved).",
};
const ARCHITECTURE: Item = Item {
    rule: "architecture-doc-missing",
    points: 10,
    severity: Severity::Low,
    what: "no architecture or design document",
    remediation: "Add an ARCHITECTURE.md (one screen: the main parts, how data flows, where things live) or design records under docs/adr/.",
};
const CONTRIBUTING: Item = Item {
    rule: "contributing-missing",
    points: 5,
    severity: Severity::Low,
    what: "no CONTRIBUTING guide",
    remediation:
        "Add CONTRIBUTING.md: how to set up, test, and submit a change, and the review rules.",
};
const SECURITY: Item = Item {
    rule: "security-policy-missing",
    points: 5,
    severity: Severity::Low,
    what: "no SECURITY policy",
    remediation: "Add SECURITY.md saying how to report a vulnerability and how fast you respond.",
};
const CHANGELOG: Item = Item {
    rule: "changelog-missing",
    points: 5,
    severity: Severity::Low,
    what: "no CHANGELOG",
    remediation:
        "Keep a CHANGELOG.md (for example in the Keep a Changelog format) or publish release notes.",
};
const GITIGNORE: Item = Item {
    rule: "gitignore-missing",
    points: 5,
    severity: Severity::Low,
    what: "no .gitignore",
    remediation: "Add a .gitignore for the languages and tools in use, so build outputs and local secrets are not committed.",
};

/// Points for the README: present, substantive, setup instructions.
const README_POINTS: u32 = 30;
const SUBSTANCE_POINTS: u32 = 15;
const SETUP_POINTS: u32 = 15;

impl Check for Documentation {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::DOCUMENTS
    }

    fn evaluate(&self, facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        let mut tally = Tally::new();
        let mut findings = Vec::new();
        let mut have: Vec<&str> = Vec::new();
        let mut missing: Vec<&str> = Vec::new();

        match find_readme(facts) {
            None => {
                tally.deduct(README_POINTS + SUBSTANCE_POINTS + SETUP_POINTS, "no README");
                findings.push(Finding::new(
                    "readme-missing",
                    Severity::High,
                    "There is no README: nothing tells a newcomer what this is or how to run it.",
                    "Write a README.md: what the project does, for whom, and how to install, configure, test and run it.",
                ));
                missing.push("a README");
            }
            Some(readme) => {
                let text = readme.text.as_deref().unwrap_or("");
                let words = prose_words(text);
                let lower = text.to_lowercase();
                if let Some(stub) = STUBS.iter().find(|s| lower.contains(&s.phrase)) {
                    tally.deduct(
                        SUBSTANCE_POINTS,
                        format!("README is the {} template", stub.template),
                    );
                    let line = line_of(text, &lower, &stub.phrase);
                    findings.push(
                        Finding::new(
                            "readme-template-stub",
                            Severity::Medium,
                            format!("The README is still the text generated by {}.", stub.template),
                            "Replace the template text with what this project is and how to work on it.",
                        )
                        .at(&readme.path, line),
                    );
                    missing.push("a README of its own (it is a template stub)");
                } else if words < STUB_WORDS {
                    tally.deduct(SUBSTANCE_POINTS, format!("README has only {words} words"));
                    findings.push(
                        Finding::new(
                            "readme-stub",
                            Severity::Medium,
                            format!("The README has only {words} words of prose."),
                            "Explain what the project does, how it is structured and how to work on it.",
                        )
                        .at(&readme.path, Some(1)),
                    );
                    missing.push("a substantive README");
                } else if words < SUBSTANTIVE_WORDS {
                    tally.deduct(
                        SUBSTANCE_POINTS / 2,
                        format!("README is short ({words} words)"),
                    );
                    findings.push(
                        Finding::new(
                            "readme-short",
                            Severity::Low,
                            format!("The README is short ({words} words of prose)."),
                            "Add what a newcomer needs: purpose, architecture in brief, configuration, how to test and deploy.",
                        )
                        .at(&readme.path, Some(1)),
                    );
                    have.push("a short README");
                } else {
                    have.push("a substantive README");
                }
                // Setup instructions may live in a document the README links to (a
                // CONTRIBUTING guide's "Development setup").
                let linked_setup = setup_line(text).is_none()
                    && linked_docs(facts, readme, text)
                        .iter()
                        .any(|d| d.text.as_deref().and_then(setup_line).is_some());
                // ... or in an installation guide of the documentation's folder
                // (`docs/Installation.md`), which the README may not link to.
                let guide = setup_line(text).is_none() && !linked_setup && has_setup_guide(facts);
                if setup_line(text).is_none() && !linked_setup && !guide {
                    tally.deduct(SETUP_POINTS, "README has no setup instructions");
                    findings.push(
                        Finding::new(
                            "setup-instructions-missing",
                            Severity::Medium,
                            "The README does not say how to install, build or run the project.",
                            "Add a 'Getting started' section with the exact commands to install dependencies, build, test and run.",
                        )
                        .at(&readme.path, None),
                    );
                    missing.push("setup instructions");
                } else {
                    have.push("setup instructions");
                }
            }
        }

        let items: [(&Item, bool); 6] = [
            (&LICENSE, has_license(facts)),
            (&ARCHITECTURE, has_architecture_doc(facts)),
            (&CONTRIBUTING, has_policy(facts, "contributing", true)),
            (&SECURITY, has_policy(facts, "security", false)),
            (&CHANGELOG, has_changelog(facts)),
            (&GITIGNORE, facts.file(".gitignore").is_some()),
        ];
        for (item, present) in items {
            if present {
                have.push(item.what.trim_start_matches("no "));
            } else {
                tally.deduct(item.points, item.what);
                findings.push(Finding::new(
                    item.rule,
                    item.severity,
                    format!("There is {}.", item.what),
                    item.remediation,
                ));
                missing.push(item.what.trim_start_matches("no "));
            }
        }

        let summary = if missing.is_empty() {
            format!("Documentation is complete: {}.", join(&have))
        } else if have.is_empty() {
            format!(
                "There is almost no documentation: missing {}.",
                join(&missing)
            )
        } else {
            format!("Has {}; missing {}.", join(&have), join(&missing))
        };
        Evaluation::scored(tally.score(), summary, &tally, findings)
    }
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The project README: at the root, else `.github/` or `docs/`. Prefers Markdown.
fn find_readme(facts: &RepoFacts) -> Option<&FileFacts> {
    let is_readme = |f: &&FileFacts| {
        let name = f.name().to_ascii_lowercase();
        name == "readme" || name.starts_with("readme.")
    };
    for dir in ["", ".github/", "docs/"] {
        let mut candidates: Vec<&FileFacts> = facts
            .files
            .iter()
            .filter(|f| {
                f.path.len() > dir.len()
                    && f.path.starts_with(dir)
                    && !f.path[dir.len()..].contains('/')
            })
            .filter(is_readme)
            .collect();
        candidates.sort_by_key(|f| (!f.path.to_ascii_lowercase().ends_with(".md"), f.path.len()));
        if let Some(f) = candidates.first() {
            return Some(f);
        }
    }
    // A root README that is a symlink to a README inside the tree (a workspace's root README
    // pointing to its main crate's) is that README.
    facts
        .skipped
        .iter()
        .filter(|s| !s.path.contains('/') && s.path.to_ascii_lowercase().starts_with("readme"))
        .find_map(|s| facts.file_or_link_target(&s.path))
}

/// The documents a README links to by a relative path (`[guide](CONTRIBUTING.md#setup)`,
/// `docs/install.md`), as kept by the walk.
fn linked_docs<'a>(facts: &'a RepoFacts, readme: &FileFacts, text: &str) -> Vec<&'a FileFacts> {
    let dir = readme.path.rsplit_once('/').map_or("", |(d, _)| d);
    LINK_TARGET
        .captures_iter(text)
        .filter_map(|c| {
            let target = c.get(1).or_else(|| c.get(2))?.as_str();
            let target = target
                .split('#')
                .next()
                .unwrap_or(target)
                .trim_start_matches("./");
            if target.is_empty() || target.contains("://") || target.starts_with('/') {
                return None;
            }
            let path = if dir.is_empty() {
                target.to_owned()
            } else {
                format!("{dir}/{target}")
            };
            facts.file(&path).filter(|f| f.text.is_some())
        })
        .collect()
}

/// A Markdown link's target: `](target)` or `]: target`.
static LINK_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(r"(?m)\]\(([^)\s]+)\)|^\s*\[[^\]]+\]:\s*(\S+)").expect("valid regex")
});

/// Words of prose: outside fenced code blocks, HTML comments and badge/image lines.
fn prose_words(text: &str) -> usize {
    let mut in_fence = false;
    let mut words = 0;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || t.starts_with("[![") || t.starts_with("![") || t.starts_with("<!--") {
            continue;
        }
        words += t
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    words
}

/// The 1-based line of the first setup heading or setup command, if any.
fn setup_line(text: &str) -> Option<u32> {
    let pos = SETUP_HEADING
        .find(text)
        .or_else(|| SETUP_COMMAND.find(text))
        .or_else(|| SETUP_LINK.find(text))?
        .start();
    u32::try_from(text[..pos].matches('\n').count() + 1).ok()
}

/// The 1-based line where `needle` (lowercase) occurs in `lower` (the lowercased `text`).
fn line_of(text: &str, lower: &str, needle: &str) -> Option<u32> {
    let pos = lower.find(needle)?;
    // Lowercasing may change byte lengths for some scripts; count newlines in the lowered text,
    // which has the same line structure.
    let _ = text;
    u32::try_from(lower[..pos].matches('\n').count() + 1).ok()
}

fn has_license(facts: &RepoFacts) -> bool {
    facts
        .files_of(FileKind::LICENSE)
        .any(|f| f.depth() == 0 && !f.name().to_ascii_lowercase().starts_with("notice"))
}

/// A policy file (`CONTRIBUTING`, `SECURITY`) at the root, in `.github/` or `docs/`; with
/// `site`, anywhere in the documentation's folder too (a documentation site's `contributing.md`
/// page, `docs/en/docs/contributing.md`). A `security.md` deep in the documentation is a page
/// about the product's security features more often than a policy.
fn has_policy(facts: &RepoFacts, stem: &str, site: bool) -> bool {
    facts.files.iter().any(|f| {
        let in_place = f.depth() == 0
            || (f.depth() == 1 && (f.path.starts_with(".github/") || f.path.starts_with("docs/")))
            || (site && in_documentation(&f.path) && f.is(FileKind::DOC));
        let name = f.name().to_ascii_lowercase();
        in_place && (name == stem || name.starts_with(&format!("{stem}.")))
    })
}

/// Whether a path is inside the documentation's folder at the root (`docs/`, `doc/`,
/// `documentation/`).
/// An installation or getting-started guide in the documentation's folder
/// (`docs/Installation.md`, `doc/getting-started.rst`, `docs/setup/index.md`).
fn has_setup_guide(facts: &RepoFacts) -> bool {
    facts.files.iter().any(|f| {
        if !in_documentation(&f.path) || !f.is(FileKind::DOC) {
            return false;
        }
        let lower = f.path.to_ascii_lowercase();
        let stem = |name: &str| name.split('.').next().unwrap_or(name).to_owned();
        let mut parts = lower.rsplit('/');
        let name = stem(parts.next().unwrap_or(""));
        let folder = parts.next().unwrap_or("");
        let guide = |n: &str| {
            matches!(
                n.replace(['_', ' '], "-").as_str(),
                "install"
                    | "installation"
                    | "installing"
                    | "getting-started"
                    | "gettingstarted"
                    | "quickstart"
                    | "quick-start"
                    | "setup"
            )
        };
        guide(&name) || (name == "index" || name == "readme") && guide(folder)
    })
}

fn in_documentation(path: &str) -> bool {
    matches!(
        path.split('/')
            .next()
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("docs" | "doc" | "documentation")
    ) && path.contains('/')
}

/// A changelog at the root or in `docs/`, or, named as nothing else (`changelog`,
/// `release-notes`), anywhere in the documentation's folder (a documentation site's page,
/// `docs/en/docs/release-notes.md`).
fn has_changelog(facts: &RepoFacts) -> bool {
    const STEMS: &[&str] = &[
        "changelog",
        "changes",
        "history",
        "news",
        "releases",
        "release-notes",
        "release_notes",
    ];
    facts.files.iter().any(|f| {
        let name = f.name().to_ascii_lowercase();
        let stem = name.split('.').next().unwrap_or("");
        let in_place = f.depth() == 0 || (f.depth() == 1 && f.path.starts_with("docs/"));
        let in_site = in_documentation(&f.path)
            && matches!(stem, "changelog" | "release-notes" | "release_notes");
        (in_place && STEMS.contains(&stem) || in_site) && f.is(FileKind::DOC)
    })
}

/// An architecture or design document: at the root or anywhere in the documentation
/// (`docs/`, `doc/`, `documentation/` at any depth), named for architecture, design or internals
/// (`internal_architecture.md`, `design/…`, `docs/dev/architecture.rst`), or decision records.
fn has_architecture_doc(facts: &RepoFacts) -> bool {
    facts.files_of(FileKind::DOC).any(|f| {
        let lower = f.path.to_ascii_lowercase();
        let name = f.name().to_ascii_lowercase();
        let stem = name.split('.').next().unwrap_or("");
        let in_docs = f.depth() == 0
            || lower
                .split('/')
                .rev()
                .skip(1)
                .any(|d| matches!(d, "docs" | "doc" | "documentation" | "design"));
        let named = stem.contains("architecture")
            || stem.starts_with("design")
            || stem.contains("internals")
            || lower.split('/').rev().skip(1).any(|d| d == "design");
        (in_docs && named)
            || lower.contains("/adr/")
            || lower.starts_with("adr/")
            || lower.contains("/decisions/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::classify::classify;

    fn file(path: &str, text: Option<&str>) -> FileFacts {
        FileFacts {
            path: path.into(),
            size: text.map_or(0, |t| t.len() as u64),
            kind: classify(path, None),
            text: text.map(str::to_owned),
            ..FileFacts::default()
        }
    }

    fn facts(files: Vec<FileFacts>) -> RepoFacts {
        let mut facts = RepoFacts::empty("t");
        facts.files = files;
        facts.files.sort_by(|a, b| a.path.cmp(&b.path));
        facts
    }

    fn rules(e: &Evaluation) -> Vec<&str> {
        e.findings.iter().map(|f| f.rule.as_ref()).collect()
    }

    const GOOD_README: &str = "# Widget\n\nWidget keeps track of widgets for small shops. ";

    fn good_readme() -> String {
        let mut s = GOOD_README.to_owned();
        s.push_str(&"It is written in Rust and stores data in Postgres. ".repeat(20));
        s.push_str("\n\n## Getting started\n\n```sh\ncargo run\n```\n");
        s
    }

    #[test]
    fn nothing_at_all_scores_zero() {
        let e = Documentation.evaluate(&facts(vec![]), &CheckConfig::default());
        assert_eq!(e.score, Some(0));
        assert!(rules(&e).contains(&"readme-missing"));
        assert_eq!(
            e.findings
                .iter()
                .find(|f| f.rule == "readme-missing")
                .unwrap()
                .severity,
            Severity::High
        );
    }

    #[test]
    fn complete_documentation_scores_100() {
        let readme = good_readme();
        let f = facts(vec![
            file("README.md", Some(&readme)),
            file("LICENSE", Some("MIT")),
            file("CONTRIBUTING.md", Some("x")),
            file(".github/SECURITY.md", Some("x")),
            file("CHANGELOG.md", Some("x")),
            file("docs/architecture.md", Some("x")),
            file(".gitignore", Some("target")),
        ]);
        let e = Documentation.evaluate(&f, &CheckConfig::default());
        assert_eq!(e.findings, vec![]);
        assert_eq!(e.score, Some(100));
    }

    /// A documentation site's pages count for the contributing guide and the changelog; a page
    /// about security features is no security policy, nor a history page a changelog.
    #[test]
    fn documentation_site_pages() {
        let readme = good_readme();
        let site = |pages: &[&str]| {
            let mut files = vec![file("README.md", Some(&readme))];
            files.extend(pages.iter().map(|p| file(p, Some("x"))));
            rules(&Documentation.evaluate(&facts(files), &CheckConfig::default()))
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let found = site(&[
            "docs/en/docs/contributing.md",
            "docs/en/docs/release-notes.md",
            "docs/en/docs/advanced/security.md",
        ]);
        assert!(
            !found.contains(&"contributing-missing".to_owned()),
            "{found:?}"
        );
        assert!(
            !found.contains(&"changelog-missing".to_owned()),
            "{found:?}"
        );
        assert!(
            found.contains(&"security-policy-missing".to_owned()),
            "{found:?}"
        );
        let found = site(&["docs/about/history.md", "src/contributing.md"]);
        assert!(found.contains(&"changelog-missing".to_owned()), "{found:?}");
        assert!(
            found.contains(&"contributing-missing".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn a_root_readme_that_links_to_a_member_readme_is_the_readme() {
        let readme = good_readme();
        let mut f = facts(vec![file("axum/README.md", Some(&readme))]);
        f.skipped.push(crate::facts::SkippedEntry {
            path: "README.md".into(),
            reason: "symlink not followed (points to axum/README.md)".into(),
            link_target: Some("axum/README.md".into()),
        });
        let e = Documentation.evaluate(&f, &CheckConfig::default());
        assert!(!rules(&e).contains(&"readme-missing"), "{:?}", rules(&e));
        // A link out of the tree is no README.
        f.skipped[0].link_target = None;
        let e = Documentation.evaluate(&f, &CheckConfig::default());
        assert!(rules(&e).contains(&"readme-missing"));
    }

    /// An installation guide in the documentation's folder is setup documented, linked from
    /// the README or not; a page about something else is not one.
    #[test]
    fn an_installation_guide_in_the_docs_counts() {
        let mut readme = GOOD_README.to_owned();
        readme.push_str(&"It is written in Go and stores bookmarks in SQLite. ".repeat(20));
        let with = |guide: &str| {
            let e = Documentation.evaluate(
                &facts(vec![
                    file("README.md", Some(&readme)),
                    file(guide, Some("# Guide\n\nText.\n")),
                ]),
                &CheckConfig::default(),
            );
            rules(&e).contains(&"setup-instructions-missing")
        };
        for guide in [
            "docs/Installation.md",
            "doc/getting-started.rst",
            "docs/setup/index.md",
        ] {
            assert!(!with(guide), "{guide}");
        }
        for other in ["docs/Usage.md", "Installation.md", "src/install.md"] {
            assert!(with(other), "{other}");
        }
    }

    #[test]
    fn setup_in_a_linked_contributing_guide_counts() {
        let mut readme = GOOD_README.to_owned();
        readme.push_str(&"It is written in Python and stores data in Postgres. ".repeat(20));
        readme.push_str("\n\nSee the [contributing guide](CONTRIBUTING.md#setup) to work on it.\n");
        let contributing = "# Contributing\n\n## Development setup\n\n```\npip install -e .\n```\n";
        let with = |c: &str| {
            Documentation.evaluate(
                &facts(vec![
                    file("README.md", Some(&readme)),
                    file("CONTRIBUTING.md", Some(c)),
                ]),
                &CheckConfig::default(),
            )
        };
        assert!(!rules(&with(contributing)).contains(&"setup-instructions-missing"));
        assert!(
            rules(&with("# Contributing\n\nBe kind.\n")).contains(&"setup-instructions-missing")
        );
    }

    #[test]
    fn architecture_documents_deep_in_the_documentation() {
        for path in [
            "doc/build/orm/internal_architecture.md",
            "docs/design/storage.md",
            "documentation/dev/ARCHITECTURE.rst",
        ] {
            let e = Documentation
                .evaluate(&facts(vec![file(path, Some("x"))]), &CheckConfig::default());
            assert!(!rules(&e).contains(&"architecture-doc-missing"), "{path}");
        }
        let e = Documentation.evaluate(
            &facts(vec![
                file("src/design.rs", Some("x")),
                file("notes/architecture-ideas.txt", Some("x")),
            ]),
            &CheckConfig::default(),
        );
        assert!(rules(&e).contains(&"architecture-doc-missing"));
    }

    #[test]
    fn template_readme_is_a_stub_with_its_line() {
        let text = "# my-app\n\nThis project was bootstrapped with [Create React App](https://github.com/facebook/create-react-app).\n\n## Available Scripts\n\nnpm start\n";
        let e = Documentation.evaluate(
            &facts(vec![file("README.md", Some(text))]),
            &CheckConfig::default(),
        );
        let stub = e
            .findings
            .iter()
            .find(|f| f.rule == "readme-template-stub")
            .expect("stub found");
        assert_eq!(stub.line, Some(3));
        assert!(stub.message.contains("Create React App"));
    }

    #[test]
    fn short_readme_without_setup() {
        let e = Documentation.evaluate(
            &facts(vec![file("README.md", Some("# x\n\nA tool."))]),
            &CheckConfig::default(),
        );
        let r = rules(&e);
        assert!(r.contains(&"readme-stub"));
        assert!(r.contains(&"setup-instructions-missing"));
    }

    #[test]
    fn setup_found_by_command_or_heading() {
        assert_eq!(setup_line("# a\n\nRun `npm install` then go."), Some(3));
        assert_eq!(setup_line("# a\n\n## Installation\n"), Some(3));
        assert_eq!(setup_line("# a\n\nnothing to see"), None);
        // A command at a shell prompt shows how to run it; a price or a lone prompt does not.
        assert_eq!(setup_line("# a\n\n```\n$ flask run\n```\n"), Some(4));
        assert_eq!(setup_line("# a\n\nIt costs\n$ 5 a month.\n"), None);
        assert_eq!(setup_line("# a\n\n```\n$ ls\n```\n"), None);
        // A link to the installation guide, wherever it is, in Markdown or reStructuredText;
        // a link about something else is not one.
        for (linked, line) in [
            ("pip\n\nSee our documentation for how to install and use pip:\n\n* `Installation`_\n* `Usage`_\n", 5),
            ("x\n\nRead the [installation guide](https://x.dev/install) first.\n", 3),
            ("x\n\nSee `Getting started <https://x.dev/start>`__.\n", 3),
        ] {
            assert_eq!(setup_line(linked), Some(line), "{linked}");
        }
        assert_eq!(
            setup_line("x\n\nSee the [website](https://x.dev) and `Usage`_.\n"),
            None
        );
    }

    #[test]
    fn prose_words_skip_code_and_badges() {
        assert_eq!(
            prose_words("[![ci](x)](y)\nhello world\n```\nlots of code here\n```\n"),
            2
        );
    }

    #[test]
    fn stub_list_parses() {
        assert!(STUBS.len() >= 10);
        assert!(STUBS.iter().all(|s| s.phrase == s.phrase.to_lowercase()));
    }
}
