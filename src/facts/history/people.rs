//! Who is who: identities (`Name <email>` after `.mailmap`) unified into people, and bots told
//! apart from people.
//!
//! Two identities are the same person when they share an e-mail address (case-insensitive) or a
//! name (ignoring case, spaces and punctuation), or when one's name is the GitHub login of the other's
//! GitHub no-reply address, unless the shared value is a placeholder that many people
//! use (`root`, `unknown`, `noreply@github.com`, …). Bots are never joined with people.
//!
//! A bot is recognised by its name or address ([`is_bot`]: dependency updaters, CI accounts,
//! names ending in `[bot]`, merge bots such as `bors`, `homu` or GitHub's `web-flow`) or by what
//! it does ([`is_merge_bot`]: an identity whose commits are nearly all automatic merges, "Auto
//! merge of #…" or "Merge #…", whatever its name).

/// Substrings of a lowercase name or e-mail that mark an automation account.
const BOT_MARKERS: &[&str] = &[
    "[bot]",
    "dependabot",
    "renovate",
    "github-actions",
    "greenkeeper",
    "snyk-bot",
    "pre-commit-ci",
    "mergify",
    "imgbot",
    "allcontributors",
    "semantic-release-bot",
    "gitlab-bot",
    "github-merge-queue",
    "merge-queue",
    "mergequeue",
    "k8s-ci-robot",
    "k8s-merge-robot",
    "bors-servo",
];

/// Exact lowercase names (or e-mail local parts) of merge bots that carry no `bot` marker.
const BOT_NAMES: &[&str] = &[
    "bors",
    "homu",
    "bors-ng",
    "web-flow",
    "kodiakhq",
    "copybara-service",
];

/// Exact lowercase e-mail addresses of automation accounts.
const BOT_EMAILS: &[&str] = &[
    "action@github.com",
    "actions@github.com",
    "bot@renovateapp.com",
    "support@dependabot.com",
    "noreply@github.com",
];

/// Names and addresses too generic to join identities on.
const PLACEHOLDERS: &[&str] = &[
    "",
    "root",
    "admin",
    "administrator",
    "user",
    "unknown",
    "(none)",
    "none",
    "ubuntu",
    "github",
    "dev",
    "developer",
    "noreply@github.com",
    "none@none",
    "root@localhost",
    "you@example.com",
    "your@email.com",
    "email@example.com",
];

/// Whether an identity is an automation account.
#[must_use]
pub fn is_bot(name: &str, email: &str) -> bool {
    let name = name.trim().to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or("");
    // `12345+bors@users.noreply.github.com`: the GitHub login after the `+`.
    let login = local.rsplit('+').next().unwrap_or(local);
    BOT_EMAILS.contains(&email.as_str())
        || BOT_MARKERS
            .iter()
            .any(|m| name.contains(m) || local.contains(m))
        || BOT_NAMES
            .iter()
            .any(|b| name == *b || local == *b || login == *b)
        || name.ends_with(" bot")
        || name == "bot"
}

/// Whether a merge commit's subject is one a merge bot writes: homu's "Auto merge of #123 - …"
/// or bors-ng's "Merge #123".
#[must_use]
pub fn is_automatic_merge_subject(subject: &str) -> bool {
    let s = subject.trim_start();
    s.starts_with("Auto merge of #")
        || s.strip_prefix("Merge #")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// Fewest automatic merges before an identity is judged by what it does.
const MERGE_BOT_MIN_MERGES: u32 = 10;

/// Whether an identity that made `commits` commits, `automatic_merges` of them merge commits
/// with a merge bot's subject, is a merge bot: at least 10 such merges and at least nine in ten
/// of its commits. People who merge pull requests by hand write other commits too.
#[must_use]
pub fn is_merge_bot(commits: u32, automatic_merges: u32) -> bool {
    automatic_merges >= MERGE_BOT_MIN_MERGES
        && u64::from(automatic_merges) * 10 >= u64::from(commits) * 9
}

/// A name's letters and digits, lowercase: `Mitch.Garnaat`, `mitch garnaat` and `MitchGarnaat`
/// are one name.
fn name_key(name: &str) -> Option<String> {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    (!key.is_empty() && !PLACEHOLDERS.contains(&key.as_str())).then_some(key)
}

/// The GitHub login in a GitHub no-reply address (`12345+login@users.noreply.github.com` or
/// `login@users.noreply.github.com`): someone who also commits under that login as a name is the
/// same person.
fn github_login(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let login = local.rsplit('+').next().unwrap_or(local);
    name_key(login)
}

fn email_key(email: &str) -> Option<String> {
    let key = email.trim().to_lowercase();
    (key.contains('@') && !PLACEHOLDERS.contains(&key.as_str())).then_some(key)
}

/// Groups identities into people. `identities` are `(name, email, commits)` and `bots` says which
/// of them are bots (bots never join people); the result maps each identity to a group number,
/// groups numbered from 0 in order of first appearance.
#[must_use]
pub fn unify(identities: &[(String, String, u32)], bots: &[bool]) -> Vec<usize> {
    let n = identities.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut seen: std::collections::HashMap<(bool, u8, String), usize> =
        std::collections::HashMap::new();
    for (i, (name, email, _)) in identities.iter().enumerate() {
        let keys = [
            name_key(name).map(|k| (bots[i], 0u8, k)),
            email_key(email).map(|k| (bots[i], 1u8, k)),
            github_login(email).map(|k| (bots[i], 0u8, k)),
        ];
        for key in keys.into_iter().flatten() {
            match seen.get(&key) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
    let mut group_of_root = std::collections::HashMap::new();
    (0..n)
        .map(|i| {
            let root = find(&mut parent, i);
            let next = group_of_root.len();
            *group_of_root.entry(root).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[(&str, &str)]) -> Vec<(String, String, u32)> {
        list.iter()
            .map(|(n, e)| ((*n).to_owned(), (*e).to_owned(), 1))
            .collect()
    }

    fn unify(identities: &[(String, String, u32)]) -> Vec<usize> {
        let bots: Vec<bool> = identities.iter().map(|(n, e, _)| is_bot(n, e)).collect();
        super::unify(identities, &bots)
    }

    #[test]
    fn bots_are_recognised() {
        assert!(is_bot(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com"
        ));
        assert!(is_bot("Renovate Bot", "bot@renovateapp.com"));
        assert!(is_bot("github-actions", "action@github.com"));
        assert!(is_bot("GitHub Action", "action@github.com"));
        assert!(!is_bot("Alice Martin", "alice@example.com"));
        assert!(!is_bot("Abbot Smith", "abbot@example.com"));
        // Merge bots and GitHub's web committer.
        assert!(is_bot("bors", "bors@rust-lang.org"));
        assert!(is_bot("The Rust Project", "bors@rust-lang.org"));
        assert!(is_bot("homu", "homu@barosl.com"));
        assert!(is_bot(
            "bors[bot]",
            "26634292+bors[bot]@users.noreply.github.com"
        ));
        assert!(is_bot("GitHub", "noreply@github.com"));
        assert!(is_bot("web-flow", "web-flow@users.noreply.github.com"));
        assert!(is_bot(
            "k8s-ci-robot",
            "k8s-ci-robot@users.noreply.github.com"
        ));
        assert!(!is_bot("Borsos Tamás", "tamas.borsos@example.com"));
        assert!(!is_bot("Ann Homulka", "ann@example.com"));
    }

    #[test]
    fn merge_bots_are_recognised_by_what_they_do() {
        assert!(is_automatic_merge_subject(
            "Auto merge of #12345 - alice:fix, r=bob"
        ));
        assert!(is_automatic_merge_subject("Merge #871"));
        assert!(!is_automatic_merge_subject(
            "Merge pull request #7 from a/b"
        ));
        assert!(!is_automatic_merge_subject("Merge #branch"));
        // An account that only lands merges, whatever its name.
        assert!(is_merge_bot(5_000, 4_990));
        assert!(is_merge_bot(10, 10));
        // A maintainer who also merges by hand, or too few merges to judge.
        assert!(!is_merge_bot(300, 120));
        assert!(!is_merge_bot(3, 3));
    }

    #[test]
    fn aliases_join_by_email_or_name_transitively() {
        let groups = unify(&ids(&[
            ("Alice Martin", "alice@corp.example"),
            ("alice  martin", "alice@home.example"),
            ("A. Martin", "ALICE@home.example"),
            ("Bob", "bob@corp.example"),
            ("Mitch.Garnaat", "mitch@one.example"),
            ("Mitch Garnaat", "garnaat@two.example"),
            ("codyfauser", "cody@one.example"),
            ("Cody Fauser", "cody@two.example"),
        ]));
        assert_eq!(groups, vec![0, 0, 0, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn a_login_used_as_a_name_joins_its_github_address() {
        let groups = unify(&ids(&[
            ("sharkdp", "david@web.example"),
            ("David Peter", "sharkdp@users.noreply.github.com"),
            ("David Peter", "mail@david.example"),
            ("Ann", "123+annb@users.noreply.github.com"),
            ("annb", "ann@corp.example"),
            ("Someone", "99+admin@users.noreply.github.com"),
            ("admin", "other@corp.example"),
        ]));
        assert_eq!(groups, vec![0, 0, 0, 1, 1, 2, 3]);
    }

    #[test]
    fn placeholders_and_bots_do_not_join() {
        let groups = unify(&ids(&[
            ("root", "alice@corp.example"),
            ("root", "bob@corp.example"),
            ("dependabot[bot]", "x@corp.example"),
            ("Carol", "x@corp.example"),
        ]));
        assert_eq!(groups, vec![0, 1, 2, 3]);
    }
}
