//! The registries: URLs and answer formats, each answer reduced to a [`Releases`] list.
//!
//! | ecosystem | request | what is read |
//! |---|---|---|
//! | Cargo | sparse index `/{prefix}/{name}` (JSON lines) | `vers`, `yanked`, `pubtime` |
//! | npm | `/{name}` (the packument) | `time`, `dist-tags.latest`, `versions.*.deprecated`, `license` |
//! | PyPI | `/pypi/{name}/json` | files' `upload_time_iso_8601`, `yanked`, `info.license_expression` / `license` |
//! | Go | `/{module}/@v/list`, `/@v/{version}.info`, `/@latest` | `Version`, `Time` |
//! | Maven | Central search `/solrsearch/select?…&core=gav` | `v`, `timestamp` |
//! | RubyGems | `/api/v1/versions/{name}.json` | `number`, `created_at`, `prerelease`, `licenses` |
//! | Packagist | `/p2/{vendor}/{name}.json` (minified) | `version`, `time`, `license`, `abandoned` |
//! | NuGet | `/v3/registration5-gz-semver2/{id}/index.json` (+ pages) | `version`, `published`, `listed`, `licenseExpression`, `deprecation` |
//!
//! Each answer is digested into a compact [`Releases`] JSON before it is cached, so a
//! multi-megabyte npm document costs a few kilobytes on disk.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::http::{Answer, Fetcher};
use super::{Release, Releases};
use crate::facts::Ecosystem;

/// What a look-up found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The releases, and whether they came from the cache without any request.
    Found(Releases, bool),
    /// The registry does not know the package.
    NotFound,
}

/// Reduces a registry answer to its releases.
type Digest = fn(&str) -> Result<Releases, String>;

/// Looks up one package (`versions`: the versions in use, which the Go proxy needs to be asked
/// about one by one).
///
/// # Errors
/// A message naming the URL when the registry could not be reached or answered nonsense.
pub fn fetch(
    f: &Fetcher,
    base: &str,
    ecosystem: Ecosystem,
    name: &str,
    versions: &[&str],
) -> Result<Outcome, String> {
    // Names come from untrusted files: one that could not be a registry name is not asked.
    if name.is_empty()
        || name.len() > 214
        || name.contains("..")
        || name.contains(|c: char| c.is_whitespace() || c.is_control() || "?#\\%&".contains(c))
    {
        return Ok(Outcome::NotFound);
    }
    let (url, digest): (String, Digest) = match ecosystem {
        Ecosystem::Go => return fetch_go(f, base, name, versions),
        Ecosystem::Nuget => return fetch_nuget(f, base, name),
        Ecosystem::Cargo => (format!("{base}/{}", crates_index_path(name)), digest_crates),
        Ecosystem::Npm => (format!("{base}/{}", name.replace('/', "%2f")), digest_npm),
        Ecosystem::Pypi => (format!("{base}/pypi/{name}/json"), digest_pypi),
        Ecosystem::Maven => {
            let Some((g, a)) = name.split_once(':') else {
                return Ok(Outcome::NotFound);
            };
            (
                format!("{base}/solrsearch/select?q=g:%22{g}%22+AND+a:%22{a}%22&core=gav&rows=1000&wt=json"),
                digest_maven,
            )
        }
        Ecosystem::Rubygems => (
            format!("{base}/api/v1/versions/{name}.json"),
            digest_rubygems,
        ),
        Ecosystem::Composer => (format!("{base}/p2/{name}.json"), digest_packagist),
    };
    let fetched = f.get_digested(&url, "releases-v1", |body| {
        let r = digest(body)?;
        serde_json::to_string(&r).map_err(|e| e.to_string())
    })?;
    match fetched.answer {
        Answer::NotFound => Ok(Outcome::NotFound),
        Answer::Found(text) => {
            let releases: Releases =
                serde_json::from_str(&text).map_err(|e| format!("{url}: cached answer: {e}"))?;
            if releases.versions.is_empty() && ecosystem == Ecosystem::Maven {
                return Ok(Outcome::NotFound);
            }
            Ok(Outcome::Found(releases, fetched.from_cache))
        }
    }
}

/// The sparse index path: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…`, lowercase.
#[must_use]
pub fn crates_index_path(name: &str) -> String {
    let n = name.to_ascii_lowercase();
    match n.len() {
        1 => format!("1/{n}"),
        2 => format!("2/{n}"),
        3 => format!("3/{}/{n}", &n[..1]),
        _ => format!("{}/{}/{n}", &n[..2], &n[2..4]),
    }
}

fn digest_crates(body: &str) -> Result<Releases, String> {
    #[derive(Deserialize)]
    struct Line {
        vers: String,
        #[serde(default)]
        yanked: bool,
        pubtime: Option<String>,
    }
    let mut versions = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line =
            serde_json::from_str(line).map_err(|e| format!("index line {}: {e}", i + 1))?;
        versions.push(Release {
            version: l.vers,
            published: l.pubtime,
            yanked: l.yanked,
            ..Release::default()
        });
    }
    Ok(Releases {
        versions,
        ..Releases::default()
    })
}

/// A licence field as text: a string, or `{ "type": … }`.
fn license_of(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("type")?.as_str().map(str::to_owned),
        _ => None,
    }
}

fn digest_npm(body: &str) -> Result<Releases, String> {
    #[derive(Deserialize)]
    struct Packument {
        #[serde(default, rename = "dist-tags")]
        dist_tags: BTreeMap<String, String>,
        #[serde(default)]
        time: BTreeMap<String, String>,
        #[serde(default)]
        versions: BTreeMap<String, Manifest>,
        license: Option<serde_json::Value>,
    }
    #[derive(Deserialize)]
    struct Manifest {
        deprecated: Option<serde_json::Value>,
        license: Option<serde_json::Value>,
    }
    let p: Packument = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let versions = p
        .versions
        .iter()
        .map(|(v, m)| Release {
            version: v.clone(),
            published: p.time.get(v).cloned(),
            deprecated: match &m.deprecated {
                Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(serde_json::Value::Bool(true)) => Some("deprecated".into()),
                _ => None,
            },
            license: license_of(m.license.as_ref()),
            ..Release::default()
        })
        .collect();
    Ok(Releases {
        versions,
        latest_tag: p.dist_tags.get("latest").cloned(),
        license: license_of(p.license.as_ref()),
        deprecated: None,
    })
}

fn digest_pypi(body: &str) -> Result<Releases, String> {
    #[derive(Deserialize)]
    struct Doc {
        info: Info,
        #[serde(default)]
        releases: BTreeMap<String, Vec<File>>,
    }
    #[derive(Deserialize)]
    struct Info {
        license: Option<String>,
        license_expression: Option<String>,
    }
    #[derive(Deserialize)]
    struct File {
        upload_time_iso_8601: Option<String>,
        #[serde(default)]
        yanked: bool,
    }
    let d: Doc = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let license = d
        .info
        .license_expression
        .filter(|l| !l.trim().is_empty())
        .or_else(|| {
            let text = d.info.license.filter(|l| !l.trim().is_empty())?;
            if text.len() <= 64 && !text.contains('\n') {
                return Some(text);
            }
            // The free-text field sometimes holds the whole licence text: named by its title
            // (its first lines), when they name exactly one licence.
            let head: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(3)
                .collect();
            let named = crate::facts::licenses::statement::read(&head.join("\n"))?;
            (named.ids.len() == 1).then(|| named.ids[0].clone())
        });
    let versions = d
        .releases
        .into_iter()
        .filter(|(_, files)| !files.is_empty())
        .map(|(v, files)| Release {
            version: v,
            published: files
                .iter()
                .filter_map(|f| f.upload_time_iso_8601.clone())
                .min(),
            yanked: files.iter().all(|f| f.yanked),
            ..Release::default()
        })
        .collect();
    Ok(Releases {
        versions,
        license,
        ..Releases::default()
    })
}

fn digest_maven(body: &str) -> Result<Releases, String> {
    #[derive(Deserialize)]
    struct Answer {
        response: Response,
    }
    #[derive(Deserialize)]
    struct Response {
        #[serde(default)]
        docs: Vec<Doc>,
    }
    #[derive(Deserialize)]
    struct Doc {
        v: String,
        timestamp: Option<i64>,
    }
    let a: Answer = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok(Releases {
        versions: a
            .response
            .docs
            .into_iter()
            .map(|d| Release {
                version: d.v,
                published: d
                    .timestamp
                    .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
                    .map(|t| t.to_string()),
                ..Release::default()
            })
            .collect(),
        ..Releases::default()
    })
}

fn digest_rubygems(body: &str) -> Result<Releases, String> {
    #[derive(Deserialize)]
    struct Gem {
        number: String,
        created_at: Option<String>,
        #[serde(default)]
        prerelease: bool,
        #[serde(default)]
        licenses: Option<Vec<String>>,
    }
    let gems: Vec<Gem> = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let mut by_version: BTreeMap<String, Release> = BTreeMap::new();
    for g in gems {
        let r = by_version
            .entry(g.number.clone())
            .or_insert_with(|| Release {
                version: g.number.clone(),
                prerelease: g.prerelease,
                license: g
                    .licenses
                    .as_ref()
                    .filter(|l| !l.is_empty())
                    .map(|l| l.join(" OR ")),
                ..Release::default()
            });
        // Several platforms per version: the first publication counts.
        if let Some(t) = g.created_at {
            if r.published.as_ref().is_none_or(|p| t < *p) {
                r.published = Some(t);
            }
        }
    }
    Ok(Releases {
        versions: by_version.into_values().collect(),
        ..Releases::default()
    })
}

fn digest_packagist(body: &str) -> Result<Releases, String> {
    #[derive(Deserialize)]
    struct Doc {
        packages: BTreeMap<String, Vec<serde_json::Map<String, serde_json::Value>>>,
    }
    let d: Doc = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let Some(list) = d.packages.into_values().next() else {
        return Ok(Releases::default());
    };
    // The minified format: each entry repeats only what changed from the previous one, and
    // "__unset" removes a field.
    let mut current: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    let mut versions = Vec::new();
    let mut abandoned = None;
    for entry in list {
        for (k, v) in entry {
            if v.as_str() == Some("__unset") {
                current.remove(&k);
            } else {
                current.insert(k, v);
            }
        }
        let Some(version) = current.get("version").and_then(|v| v.as_str()) else {
            continue;
        };
        if abandoned.is_none() {
            abandoned = match current.get("abandoned") {
                Some(serde_json::Value::String(s)) => Some(format!("abandoned; use {s}")),
                Some(serde_json::Value::Bool(true)) => Some("abandoned".to_owned()),
                _ => None,
            };
        }
        versions.push(Release {
            version: version.to_owned(),
            published: current
                .get("time")
                .and_then(|t| t.as_str())
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                .map(|t| t.to_string()),
            license: current.get("license").and_then(|l| {
                let list: Vec<&str> = l.as_array()?.iter().filter_map(|x| x.as_str()).collect();
                (!list.is_empty()).then(|| list.join(" OR "))
            }),
            ..Release::default()
        });
    }
    Ok(Releases {
        versions,
        deprecated: abandoned,
        ..Releases::default()
    })
}

/// The proxy's case encoding: each uppercase letter becomes `!` and its lowercase.
#[must_use]
pub fn go_escape(module: &str) -> String {
    let mut out = String::with_capacity(module.len());
    for c in module.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn fetch_go(f: &Fetcher, base: &str, module: &str, used: &[&str]) -> Result<Outcome, String> {
    #[derive(Deserialize)]
    struct Info {
        #[serde(rename = "Version")]
        version: String,
        #[serde(rename = "Time")]
        time: Option<String>,
    }
    let root = format!("{base}/{}/@v", go_escape(module));
    let list = f.get_text(&format!("{root}/list"))?;
    let mut all_cached = list.from_cache;
    let Answer::Found(list_text) = list.answer else {
        return Ok(Outcome::NotFound);
    };
    let mut versions: Vec<Release> = list_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|v| Release {
            version: v.to_owned(),
            ..Release::default()
        })
        .collect();
    let mut info = |url: String| -> Result<Option<Info>, String> {
        let fetched = f.get_text(&url)?;
        all_cached &= fetched.from_cache;
        match fetched.answer {
            Answer::Found(t) => serde_json::from_str(&t)
                .map(Some)
                .map_err(|e| format!("{url}: {e}")),
            Answer::NotFound => Ok(None),
        }
    };
    if versions.is_empty() {
        // Only pseudo-versions: the proxy's @latest names the newest.
        if let Some(i) = info(format!("{base}/{}/@latest", go_escape(module)))? {
            versions.push(Release {
                version: i.version,
                published: i.time,
                ..Release::default()
            });
        }
    }
    let mut releases = Releases {
        versions,
        ..Releases::default()
    };
    let mut wanted: Vec<String> = used.iter().map(|v| (*v).to_owned()).collect();
    if let Some(l) = releases.latest_stable(Ecosystem::Go) {
        wanted.push(l.version.clone());
    }
    wanted.sort();
    wanted.dedup();
    for v in wanted {
        if releases
            .versions
            .iter()
            .any(|r| r.version == v && r.published.is_some())
        {
            continue;
        }
        if let Some(i) = info(format!("{root}/{v}.info"))? {
            match releases
                .versions
                .iter_mut()
                .find(|r| r.version == i.version)
            {
                Some(r) => r.published = i.time,
                None => releases.versions.push(Release {
                    version: i.version,
                    published: i.time,
                    ..Release::default()
                }),
            }
        }
    }
    Ok(Outcome::Found(releases, all_cached))
}

#[derive(Deserialize)]
struct NugetIndex {
    #[serde(default)]
    items: Vec<NugetPage>,
}

#[derive(Deserialize)]
struct NugetPage {
    #[serde(rename = "@id")]
    id: String,
    items: Option<Vec<NugetLeaf>>,
}

#[derive(Deserialize)]
struct NugetLeaf {
    #[serde(rename = "catalogEntry")]
    catalog_entry: NugetEntry,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NugetEntry {
    version: String,
    published: Option<String>,
    listed: Option<bool>,
    license_expression: Option<String>,
    deprecation: Option<NugetDeprecation>,
}

#[derive(Deserialize)]
struct NugetDeprecation {
    message: Option<String>,
    #[serde(default)]
    reasons: Vec<String>,
}

fn nuget_releases(leaves: Vec<NugetLeaf>) -> Vec<Release> {
    leaves
        .into_iter()
        .map(|l| {
            let e = l.catalog_entry;
            // Unlisted packages carry the sentinel date 1900-01-01.
            let unlisted = e.listed == Some(false)
                || e.published
                    .as_deref()
                    .is_some_and(|p| p.starts_with("1900"));
            Release {
                version: e.version,
                published: e.published.filter(|p| !p.starts_with("1900")),
                yanked: unlisted,
                deprecated: e.deprecation.map(|d| {
                    d.message
                        .filter(|m| !m.is_empty())
                        .unwrap_or_else(|| d.reasons.join(", "))
                }),
                license: e.license_expression.filter(|l| !l.is_empty()),
                prerelease: false,
            }
        })
        .collect()
}

fn fetch_nuget(f: &Fetcher, base: &str, id: &str) -> Result<Outcome, String> {
    let url = format!(
        "{base}/v3/registration5-gz-semver2/{}/index.json",
        id.to_ascii_lowercase()
    );
    let fetched = f.get_digested(&url, "releases-v1", |body| {
        let index: NugetIndex = serde_json::from_str(body).map_err(|e| e.to_string())?;
        let mut versions = Vec::new();
        for page in index.items {
            let leaves = match page.items {
                Some(items) => items,
                None => {
                    // Large packages: the page is a separate document.
                    match f.get_text(&page.id)?.answer {
                        Answer::Found(t) => serde_json::from_str::<NugetPage>(&t)
                            .map_err(|e| format!("{}: {e}", page.id))?
                            .items
                            .unwrap_or_default(),
                        Answer::NotFound => Vec::new(),
                    }
                }
            };
            versions.extend(nuget_releases(leaves));
        }
        serde_json::to_string(&Releases {
            versions,
            ..Releases::default()
        })
        .map_err(|e| e.to_string())
    })?;
    match fetched.answer {
        Answer::NotFound => Ok(Outcome::NotFound),
        Answer::Found(text) => Ok(Outcome::Found(
            serde_json::from_str(&text).map_err(|e| format!("{url}: cached answer: {e}"))?,
            fetched.from_cache,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_and_go_escaping() {
        assert_eq!(crates_index_path("a"), "1/a");
        assert_eq!(crates_index_path("ab"), "2/ab");
        assert_eq!(crates_index_path("syn"), "3/s/syn");
        assert_eq!(crates_index_path("Serde"), "se/rd/serde");
        assert_eq!(
            go_escape("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml"
        );
    }

    #[test]
    fn packagist_minified_inheritance() {
        let body = r#"{"packages": {"monolog/monolog": [
            {"version": "3.5.0", "time": "2023-10-27T15:32:31+00:00", "license": ["MIT"]},
            {"version": "3.4.0", "time": "2023-06-21T08:46:11+00:00"},
            {"version": "1.0.0", "time": "2011-01-01T00:00:00+00:00", "license": "__unset"}
        ]}}"#;
        let r = digest_packagist(body).unwrap();
        assert_eq!(r.versions[1].license.as_deref(), Some("MIT"));
        assert_eq!(
            r.versions[1].published.as_deref(),
            Some("2023-06-21T08:46:11Z")
        );
        assert_eq!(r.versions[2].license, None);
    }

    #[test]
    fn rubygems_platforms_merge() {
        let body = r#"[{"number": "1.15.5", "created_at": "2023-11-17T10:00:00.000Z", "platform": "x86_64-linux", "prerelease": false, "licenses": ["MIT"]},
                       {"number": "1.15.5", "created_at": "2023-11-17T09:00:00.000Z", "platform": "ruby", "prerelease": false, "licenses": ["MIT"]},
                       {"number": "1.16.0.rc1", "created_at": "2023-12-01T00:00:00.000Z", "prerelease": true, "licenses": []}]"#;
        let r = digest_rubygems(body).unwrap();
        assert_eq!(r.versions.len(), 2);
        assert_eq!(
            r.versions[0].published.as_deref(),
            Some("2023-11-17T09:00:00.000Z")
        );
        assert!(r.versions[1].prerelease);
        assert_eq!(
            r.latest_stable(Ecosystem::Rubygems).unwrap().version,
            "1.15.5"
        );
    }

    #[test]
    fn pypi_licence_text_in_the_free_field_is_named_by_its_title() {
        let doc = |license: &str| {
            serde_json::json!({"info": {"license": license, "license_expression": null}, "releases": {}})
                .to_string()
        };
        let apache = "\n                                 Apache License\n                           Version 2.0, January 2004\n                        http://www.apache.org/licenses/\n\n   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n";
        assert_eq!(
            digest_pypi(&doc(apache)).unwrap().license.as_deref(),
            Some("Apache-2.0")
        );
        assert_eq!(
            digest_pypi(&doc("BSD")).unwrap().license.as_deref(),
            Some("BSD")
        );
        // A text whose first lines name no licence stays unnamed: never guessed.
        let bsd_body = "Copyright (c) 2010, Someone\nAll rights reserved.\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that the following conditions are met:\n";
        assert_eq!(digest_pypi(&doc(bsd_body)).unwrap().license, None);
    }
}
