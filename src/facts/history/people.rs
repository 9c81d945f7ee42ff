//! Who is who: identities (`Name <email>` after `.mailmap`) unified into people, and bots told
//! apart from people.
//!
//! Two identities are the same person when they share an e-mail address (case-insensitive) or a
//! name (case- and space-insensitive), unless the shared value is a placeholder that many people
//! use (`root`, `unknown`, `noreply@github.com`, …). Bots are never joined with people.

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
    let name = name.to_lowercase();
    let email = email.to_lowercase();
    BOT_EMAILS.contains(&email.as_str())
        || BOT_MARKERS
            .iter()
            .any(|m| name.contains(m) || email.split('@').next().unwrap_or("").contains(m))
        || name.ends_with(" bot")
        || name == "bot"
}

fn name_key(name: &str) -> Option<String> {
    let key = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!PLACEHOLDERS.contains(&key.as_str())).then_some(key)
}

fn email_key(email: &str) -> Option<String> {
    let key = email.trim().to_lowercase();
    (key.contains('@') && !PLACEHOLDERS.contains(&key.as_str())).then_some(key)
}

/// Groups identities into people. `identities` are `(name, email, commits)`; the result maps
/// each identity to a group number, groups numbered from 0 in order of first appearance.
#[must_use]
pub fn unify(identities: &[(String, String, u32)]) -> Vec<usize> {
    let n = identities.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let bots: Vec<bool> = identities.iter().map(|(n, e, _)| is_bot(n, e)).collect();
    let mut seen: std::collections::HashMap<(bool, u8, String), usize> =
        std::collections::HashMap::new();
    for (i, (name, email, _)) in identities.iter().enumerate() {
        let keys = [
            name_key(name).map(|k| (bots[i], 0u8, k)),
            email_key(email).map(|k| (bots[i], 1u8, k)),
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
    }

    #[test]
    fn aliases_join_by_email_or_name_transitively() {
        let groups = unify(&ids(&[
            ("Alice Martin", "alice@corp.example"),
            ("alice  martin", "alice@home.example"),
            ("A. Martin", "ALICE@home.example"),
            ("Bob", "bob@corp.example"),
        ]));
        assert_eq!(groups, vec![0, 0, 0, 1]);
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
