//! Version numbers compared by each ecosystem's own rules.
//!
//! Three orderings cover the eight ecosystems:
//! - **semver-like** (Cargo, npm, Go, RubyGems, Composer, NuGet): numeric release segments,
//!   then a pre-release tag that sorts before the release (`1.0.0-rc.1 < 1.0.0`), build
//!   metadata ignored. Leading `v` (Go, Composer) is accepted, and RubyGems' `1.0.0.rc1` form
//!   (a letter segment marks a pre-release) is read too.
//! - **PEP 440** (PyPI): epoch, release, `a`/`b`/`rc` pre-releases, `.postN`, `.devN`, local
//!   labels, with the normalisations the specification allows (`1.0-alpha1` = `1.0a1`).
//! - **Maven** (`ComparableVersion`): items split on `.`, `-` and digit/letter transitions;
//!   qualifiers `alpha < beta < milestone < rc < snapshot < (release) < sp`, unknown qualifiers
//!   after the release in lexical order, trailing zeros and `final`/`ga` ignored.
//!
//! A version that does not parse is not comparable ([`compare`] returns `None`); nothing here
//! panics on odd input.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

use crate::facts::pattern::code_regex;
use crate::facts::Ecosystem;

/// A parsed version, comparable with others of the same ecosystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    key: Key,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Loose(Loose),
    Pep(Pep440),
    Maven(Vec<MavenItem>),
}

impl Version {
    /// Parses `text` by the rules of `ecosystem`.
    #[must_use]
    pub fn parse(ecosystem: Ecosystem, text: &str) -> Option<Version> {
        let key = match ecosystem {
            Ecosystem::Pypi => Key::Pep(Pep440::parse(text)?),
            Ecosystem::Maven => Key::Maven(maven_items(text)?),
            _ => Key::Loose(Loose::parse(text)?),
        };
        Some(Version { key })
    }

    /// Whether this is a pre-release (or a development or snapshot build).
    #[must_use]
    pub fn is_prerelease(&self) -> bool {
        match &self.key {
            Key::Loose(l) => !l.pre.is_empty(),
            Key::Pep(p) => p.pre.is_some() || p.dev.is_some(),
            Key::Maven(items) => items.iter().any(|i| match i {
                MavenItem::Str(s) => qualifier_rank(s).0 < RELEASE_RANK,
                MavenItem::Int(_) => false,
            }),
        }
    }

    /// The leading numeric release segments, padded with zeros to three: (major, minor, patch).
    #[must_use]
    pub fn triple(&self) -> (u64, u64, u64) {
        let release: Vec<u64> = match &self.key {
            Key::Loose(l) => l.release.clone(),
            Key::Pep(p) => p.release.clone(),
            Key::Maven(items) => items
                .iter()
                .map_while(|i| match i {
                    MavenItem::Int(n) => Some(*n),
                    MavenItem::Str(_) => None,
                })
                .collect(),
        };
        let at = |i: usize| release.get(i).copied().unwrap_or(0);
        (at(0), at(1), at(2))
    }

    /// Compares two versions of the same ecosystem.
    #[must_use]
    pub fn cmp_same(&self, other: &Version) -> Option<Ordering> {
        match (&self.key, &other.key) {
            (Key::Loose(a), Key::Loose(b)) => Some(a.cmp(b)),
            (Key::Pep(a), Key::Pep(b)) => Some(a.cmp(b)),
            (Key::Maven(a), Key::Maven(b)) => Some(maven_cmp(a, b)),
            _ => None,
        }
    }
}

/// Compares two version strings by the rules of `ecosystem`; `None` when either does not parse.
#[must_use]
pub fn compare(ecosystem: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
    Version::parse(ecosystem, a)?.cmp_same(&Version::parse(ecosystem, b)?)
}

/// Whether `text` is one concrete, stable-or-not version (not a range or requirement).
#[must_use]
pub fn is_concrete(ecosystem: Ecosystem, text: &str) -> bool {
    let t = text.trim();
    let operator = t.contains([' ', ',', '<', '>', '^', '~', '*', '|', '[', '(', '!', '=']);
    !t.is_empty() && !operator && Version::parse(ecosystem, t).is_some()
}

/// How far `used` is behind `latest`: (major, minor, patch) steps, the way a reader counts
/// them: `1.2.3 → 3.0.1` is 2 majors; `1.2.3 → 1.5.0` is 3 minors; `1.2.3 → 1.2.9` is 6 patches.
/// `None` when either does not parse or `used` is not older.
#[must_use]
pub fn behind(ecosystem: Ecosystem, used: &str, latest: &str) -> Option<(u64, u64, u64)> {
    let u = Version::parse(ecosystem, used)?;
    let l = Version::parse(ecosystem, latest)?;
    if u.cmp_same(&l)? != Ordering::Less {
        return Some((0, 0, 0));
    }
    let (um, un, up) = u.triple();
    let (lm, ln, lp) = l.triple();
    Some(if lm > um {
        (lm - um, 0, 0)
    } else if lm == um && ln > un {
        (0, ln - un, 0)
    } else if lm == um && ln == un && lp > up {
        (0, 0, lp - up)
    } else {
        (0, 0, 0)
    })
}

// ---------------------------------------------------------------------------------------------
// semver-like

#[derive(Debug, Clone, PartialEq, Eq)]
struct Loose {
    release: Vec<u64>,
    pre: Vec<Ident>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Ident {
    // Numeric identifiers sort before alphanumeric ones (semver §11).
    Num(u64),
    Alpha(String),
}

impl Loose {
    fn parse(text: &str) -> Option<Loose> {
        let t = text.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let t = t.split('+').next().unwrap_or(t);
        if t.is_empty() {
            return None;
        }
        let (core, pre) = match t.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (t, None),
        };
        let mut release = Vec::new();
        let mut tag: Vec<&str> = Vec::new();
        for seg in core.split('.') {
            if !tag.is_empty() {
                tag.push(seg);
            } else if let Ok(n) = seg.parse::<u64>() {
                release.push(n);
            } else {
                // `1.0.0.rc1` (RubyGems), `1.0a`: the rest is a pre-release tag.
                let digits = seg.len() - seg.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if digits > 0 {
                    release.push(seg[..digits].parse().ok()?);
                }
                if release.is_empty() {
                    return None;
                }
                tag.push(&seg[digits..]);
            }
        }
        tag.extend(pre);
        let pre_text = (!tag.is_empty()).then(|| tag.join("."));
        if release.is_empty() {
            return None;
        }
        let pre = pre_text
            .map(|p| {
                p.split(['.', '-'])
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<u64>()
                            .map_or_else(|_| Ident::Alpha(s.to_ascii_lowercase()), Ident::Num)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Loose { release, pre })
    }
}

impl Ord for Loose {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_release(&self.release, &other.release).then_with(|| {
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            }
        })
    }
}

impl PartialOrd for Loose {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Numeric segments compared as if padded with zeros (`1.0 == 1.0.0`).
fn cmp_release(a: &[u64], b: &[u64]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        match x.cmp(&y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    Ordering::Equal
}

// ---------------------------------------------------------------------------------------------
// PEP 440

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pep440 {
    epoch: u64,
    release: Vec<u64>,
    /// (0 = a, 1 = b, 2 = rc, number)
    pre: Option<(u8, u64)>,
    post: Option<u64>,
    dev: Option<u64>,
    local: Option<String>,
}

/// The PEP 440 appendix regular expression (case-insensitive, surrounding space allowed).
static PEP440: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(
        r"(?ix)^\s*v?
        (?:(?P<epoch>[0-9]+)!)?
        (?P<release>[0-9]+(?:\.[0-9]+)*)
        (?:[-_.]?(?P<pre_l>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?P<pre_n>[0-9]+)?)?
        (?:(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?
        (?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?
        (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
        \s*$",
    )
    .expect("valid regex")
});

/// `packaging`'s sort key: (epoch, release, pre, post, dev).
type PepKey = (u64, Vec<u64>, (i8, u8, u64), (i8, u64), (i8, u64));

impl Pep440 {
    fn parse(text: &str) -> Option<Pep440> {
        let c = PEP440.captures(text)?;
        let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u64>().ok());
        let release = c
            .name("release")?
            .as_str()
            .split('.')
            .map(str::parse)
            .collect::<Result<Vec<u64>, _>>()
            .ok()?;
        let pre = c.name("pre_l").map(|l| {
            let rank = match l.as_str().to_ascii_lowercase().as_str() {
                "a" | "alpha" => 0,
                "b" | "beta" => 1,
                _ => 2,
            };
            (rank, num("pre_n").unwrap_or(0))
        });
        let post = if c.name("post_n1").is_some() {
            num("post_n1")
        } else if c.name("post_l").is_some() {
            Some(num("post_n2").unwrap_or(0))
        } else {
            None
        };
        let dev = c.name("dev_l").map(|_| num("dev_n").unwrap_or(0));
        Some(Pep440 {
            epoch: num("epoch").unwrap_or(0),
            release,
            pre,
            post,
            dev,
            local: c.name("local").map(|m| m.as_str().to_ascii_lowercase()),
        })
    }

    /// `packaging`'s comparison key: a dev release without pre or post sorts before every
    /// pre-release of the same release; no pre-release sorts after all of them; no post sorts
    /// before any post; no dev sorts after any dev.
    fn key(&self) -> PepKey {
        let mut release = self.release.clone();
        while release.len() > 1 && release.last() == Some(&0) {
            release.pop();
        }
        let pre = match (self.pre, self.post, self.dev) {
            (None, None, Some(_)) => (-1, 0, 0),
            (None, _, _) => (1, 0, 0),
            (Some((l, n)), _, _) => (0, l, n),
        };
        let post = self.post.map_or((-1, 0), |n| (0, n));
        let dev = self.dev.map_or((1, 0), |n| (0, n));
        (self.epoch, release, pre, post, dev)
    }
}

impl Ord for Pep440 {
    fn cmp(&self, other: &Self) -> Ordering {
        let (e1, r1, p1, q1, d1) = self.key();
        let (e2, r2, p2, q2, d2) = other.key();
        e1.cmp(&e2)
            .then_with(|| cmp_release(&r1, &r2))
            .then(p1.cmp(&p2))
            .then(q1.cmp(&q2))
            .then(d1.cmp(&d2))
            .then_with(|| self.local.cmp(&other.local))
    }
}

impl PartialOrd for Pep440 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// ---------------------------------------------------------------------------------------------
// Maven

#[derive(Debug, Clone, PartialEq, Eq)]
enum MavenItem {
    Int(u64),
    Str(String),
}

/// The rank of "no qualifier" (a release).
const RELEASE_RANK: u8 = 5;

/// Known qualifiers' rank; unknown ones sort after the release, lexically.
fn qualifier_rank(q: &str) -> (u8, &str) {
    match q {
        "alpha" | "a" => (0, ""),
        "beta" | "b" => (1, ""),
        "milestone" | "m" => (2, ""),
        "rc" | "cr" | "preview" | "ea" => (3, ""),
        "snapshot" | "dev" => (4, ""),
        "" | "ga" | "final" | "release" => (RELEASE_RANK, ""),
        "sp" => (6, ""),
        other => (7, other),
    }
}

fn maven_items(text: &str) -> Option<Vec<MavenItem>> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) || t.contains(['[', '(', ',']) {
        return None;
    }
    let mut items = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, items: &mut Vec<MavenItem>| {
        if cur.is_empty() {
            return;
        }
        let item = cur.parse::<u64>().map_or_else(
            |_| {
                // `a1`, `b2`, `m3` are alpha/beta/milestone when followed by a digit.
                MavenItem::Str(cur.clone())
            },
            MavenItem::Int,
        );
        items.push(item);
        cur.clear();
    };
    let mut prev_digit: Option<bool> = None;
    for ch in t.chars() {
        if ch == '.' || ch == '-' || ch == '_' || ch == '+' {
            flush(&mut cur, &mut items);
            prev_digit = None;
            continue;
        }
        let d = ch.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != d) {
            flush(&mut cur, &mut items);
        }
        cur.push(ch);
        prev_digit = Some(d);
    }
    flush(&mut cur, &mut items);
    // Trailing "null" items (0, "", final, ga, release) do not count.
    while let Some(last) = items.last() {
        let null = match last {
            MavenItem::Int(0) => items.len() > 1,
            MavenItem::Str(s) => qualifier_rank(s).0 == RELEASE_RANK,
            MavenItem::Int(_) => false,
        };
        if null {
            items.pop();
        } else {
            break;
        }
    }
    Some(items)
}

fn maven_cmp(a: &[MavenItem], b: &[MavenItem]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let o = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => maven_item_cmp(x, y),
            (Some(x), None) => maven_item_vs_null(x),
            (None, Some(y)) => maven_item_vs_null(y).reverse(),
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn maven_item_cmp(a: &MavenItem, b: &MavenItem) -> Ordering {
    match (a, b) {
        (MavenItem::Int(x), MavenItem::Int(y)) => x.cmp(y),
        (MavenItem::Int(_), MavenItem::Str(_)) => Ordering::Greater,
        (MavenItem::Str(_), MavenItem::Int(_)) => Ordering::Less,
        (MavenItem::Str(x), MavenItem::Str(y)) => qualifier_rank(x).cmp(&qualifier_rank(y)),
    }
}

/// An item against the padding: a number against 0, a qualifier against "release".
fn maven_item_vs_null(a: &MavenItem) -> Ordering {
    match a {
        MavenItem::Int(x) => x.cmp(&0),
        MavenItem::Str(s) => qualifier_rank(s).cmp(&(RELEASE_RANK, "")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ecosystem::{Cargo, Go, Maven, Npm, Nuget, Pypi, Rubygems};

    fn sorted(eco: Ecosystem, list: &[&str]) {
        for w in list.windows(2) {
            assert_eq!(
                compare(eco, w[0], w[1]),
                Some(Ordering::Less),
                "{eco:?}: expected {} < {}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn semver_order_and_prereleases() {
        sorted(
            Npm,
            &[
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.10.0",
                "2.0.0",
            ],
        );
        assert_eq!(
            compare(Cargo, "1.0.0+build.5", "1.0.0"),
            Some(Ordering::Equal)
        );
        assert!(Version::parse(Npm, "1.0.0-rc.1").unwrap().is_prerelease());
        assert!(!Version::parse(Npm, "1.0.0").unwrap().is_prerelease());
        assert_eq!(Version::parse(Npm, "latest"), None);
    }

    #[test]
    fn go_and_rubygems_and_nuget_forms() {
        sorted(
            Go,
            &[
                "v0.0.0-20190101000000-abcdefabcdef",
                "v0.1.0",
                "v1.9.0",
                "v1.10.0",
                "v2.0.0+incompatible",
            ],
        );
        assert!(Version::parse(Go, "v0.0.0-20190101000000-abcdefabcdef")
            .unwrap()
            .is_prerelease());
        sorted(
            Rubygems,
            &["5.2.0.beta1", "5.2.0.rc1", "5.2.0", "5.2.0.1", "6.0.0"],
        );
        assert!(Version::parse(Rubygems, "6.0.0.rc2")
            .unwrap()
            .is_prerelease());
        sorted(Nuget, &["1.0.0-preview.1", "1.0.0", "1.0.0.1", "13.0.1"]);
    }

    #[test]
    fn pep440_order() {
        sorted(
            Pypi,
            &[
                "1.0.dev0",
                "1.0a1",
                "1.0a2.dev1",
                "1.0a2",
                "1.0b1",
                "1.0rc1",
                "1.0",
                "1.0.post1.dev0",
                "1.0.post1",
                "1.0.1",
                "1.1",
                "2!0.1",
            ],
        );
        assert_eq!(compare(Pypi, "1.0", "1.0.0"), Some(Ordering::Equal));
        assert_eq!(compare(Pypi, "1.0-alpha1", "1.0a1"), Some(Ordering::Equal));
        assert_eq!(compare(Pypi, "1.0.post1", "1.0-1"), Some(Ordering::Equal));
        assert!(Version::parse(Pypi, "2.0rc1").unwrap().is_prerelease());
        assert!(Version::parse(Pypi, "2.0.dev3").unwrap().is_prerelease());
        assert!(!Version::parse(Pypi, "2.0.post3").unwrap().is_prerelease());
        assert_eq!(Version::parse(Pypi, "not a version"), None);
    }

    #[test]
    fn maven_order() {
        sorted(
            Maven,
            &[
                "1.0-alpha-1",
                "1.0-beta-1",
                "1.0-milestone-1",
                "1.0-rc-1",
                "1.0-SNAPSHOT",
                "1.0",
                "1.0-sp-1",
                "1.0-jre",
                "1.0.1",
                "1.1",
                "2.0",
            ],
        );
        assert_eq!(compare(Maven, "1.0", "1.0.0.Final"), Some(Ordering::Equal));
        assert_eq!(
            compare(Maven, "1.0.0.RELEASE", "1.0"),
            Some(Ordering::Equal)
        );
        assert!(Version::parse(Maven, "2.0-M3").unwrap().is_prerelease());
        assert!(Version::parse(Maven, "2.0-RC1").unwrap().is_prerelease());
        assert!(!Version::parse(Maven, "31.1-jre").unwrap().is_prerelease());
        assert_eq!(compare(Maven, "1.10", "1.9"), Some(Ordering::Greater));
    }

    #[test]
    fn concrete_versions_and_ranges() {
        assert!(is_concrete(Npm, "1.2.3"));
        assert!(!is_concrete(Npm, "^1.2.3"));
        assert!(!is_concrete(Cargo, "=1.2.3"));
        assert!(!is_concrete(Pypi, ">=2,<3"));
        assert!(is_concrete(Pypi, "2.31.0"));
        assert!(!is_concrete(Maven, "[1.0,2.0)"));
        assert!(!is_concrete(Npm, "workspace:*"));
    }

    #[test]
    fn versions_behind_by_level() {
        assert_eq!(behind(Cargo, "1.2.3", "3.0.1"), Some((2, 0, 0)));
        assert_eq!(behind(Cargo, "1.2.3", "1.5.0"), Some((0, 3, 0)));
        assert_eq!(behind(Cargo, "1.2.3", "1.2.9"), Some((0, 0, 6)));
        assert_eq!(behind(Cargo, "1.2.3", "1.2.3"), Some((0, 0, 0)));
        assert_eq!(behind(Cargo, "2.0.0", "1.0.0"), Some((0, 0, 0)));
        assert_eq!(behind(Pypi, "1.26", "2.1.3"), Some((1, 0, 0)));
    }
}
