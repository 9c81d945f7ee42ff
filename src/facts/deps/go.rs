//! Go: `go.mod` (`require`, `replace`, `// indirect`) and `go.sum`.
//!
//! `go.mod` lists the whole build list since Go 1.17, with `// indirect` on the modules the
//! main module does not import itself; those are the transitive ones. A `replace` by another
//! module version swaps the module in use; a `replace` by a local directory makes it the
//! project's own. `go.sum` is read only when there is no `go.mod` beside it (the newest
//! version of each module it lists).

use std::collections::BTreeMap;

use super::{Parsed, Tree};
use crate::facts::{Dependency, Ecosystem};

/// Strips a `//` comment, returning (code, comment).
fn split_comment(line: &str) -> (&str, &str) {
    match line.find("//") {
        Some(i) => (line[..i].trim(), line[i + 2..].trim()),
        None => (line.trim(), ""),
    }
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim_matches('`')
}

/// What a `replace` applies to: the module, and the one version it replaces (`None`: every
/// version). It maps to the replacement module and version (`None`: a local directory).
type Replaced = (String, Option<String>);

/// Parses a `go.mod`.
///
/// # Errors
/// When a `require` line lacks its version or a block is not closed.
pub fn parse_mod(path: &str, text: &str, tree: &Tree) -> Parsed {
    let mut requires: Vec<(String, String, bool, usize)> = Vec::new();
    let mut replaces: BTreeMap<Replaced, Option<(String, String)>> = BTreeMap::new();
    let mut go_version: Option<String> = None;
    let mut block: Option<(&str, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let (code, comment) = split_comment(raw);
        if code.is_empty() {
            continue;
        }
        let (verb, rest) = match block {
            Some((verb, _)) if code == ")" => {
                let _ = verb;
                block = None;
                continue;
            }
            Some((verb, _)) => (verb, code),
            None => {
                let (verb, rest) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
                let rest = rest.trim();
                if rest == "(" {
                    block = Some((
                        match verb {
                            "require" => "require",
                            "replace" => "replace",
                            _ => "other",
                        },
                        lineno,
                    ));
                    continue;
                }
                (verb, rest)
            }
        };
        match verb {
            "require" => {
                let mut parts = rest.split_whitespace();
                let (Some(module), Some(version)) = (parts.next(), parts.next()) else {
                    return Err(format!(
                        "line {lineno}: require without a version: `{code}`"
                    ));
                };
                let indirect = comment.split(';').any(|c| c.trim() == "indirect");
                requires.push((
                    unquote(module).to_owned(),
                    unquote(version).to_owned(),
                    indirect,
                    lineno,
                ));
            }
            "replace" => {
                let Some((from, to)) = rest.split_once("=>") else {
                    return Err(format!("line {lineno}: replace without `=>`: `{code}`"));
                };
                let mut from = from.split_whitespace().map(unquote);
                let module = from.next().unwrap_or("");
                let only = from.next().map(str::to_owned);
                let mut to = to.split_whitespace();
                let target = to.next().map(unquote).unwrap_or("");
                let replacement = to
                    .next()
                    .map(|v| (target.to_owned(), unquote(v).to_owned()));
                replaces.insert((module.to_owned(), only), replacement);
            }
            "go" => go_version = Some(rest.trim().to_owned()),
            "module" | "toolchain" | "exclude" | "retract" | "godebug" | "tool" | "ignore"
            | "other" => {}
            _ => {
                return Err(format!(
                    "line {lineno}: unknown directive `{verb}` (not a go.mod file?)"
                ))
            }
        }
    }
    if let Some((_, line)) = block {
        return Err(format!("line {line}: block not closed (truncated file?)"));
    }
    let mut out = Vec::new();
    let mut required = std::collections::BTreeSet::new();
    for (module, version, indirect, _) in requires {
        required.insert(module.clone());
        // A replace of this exact version wins over one of every version, as Go applies them.
        let replaced = replaces
            .get(&(module.clone(), Some(version.clone())))
            .or_else(|| replaces.get(&(module.clone(), None)));
        let (name, version) = match replaced {
            Some(None) => continue, // replaced by a local directory: the project's own
            Some(Some((m, v))) => (m.clone(), v.clone()),
            None => (module, version),
        };
        let mut d = Dependency::new(Ecosystem::Go, name, version, path);
        d.direct = !indirect;
        out.push(d);
    }
    // Before Go 1.17, go.mod lists only the direct requirements: the modules the build
    // downloaded are those of go.sum with a module hash (not only a `/go.mod` hash).
    let before_117 = go_version.as_deref().is_some_and(|v| {
        let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) < (1, 17)
    });
    if before_117 {
        if let Some((_, sum)) = tree.sibling(path, "go.sum") {
            for line in sum.lines() {
                let mut parts = line.split_whitespace();
                let (Some(module), Some(version)) = (parts.next(), parts.next()) else {
                    continue;
                };
                if version.ends_with("/go.mod") || required.contains(module) {
                    continue;
                }
                out.push(Dependency::new(Ecosystem::Go, module, version, path));
            }
        }
    }
    Ok(out)
}

/// Parses a `go.sum` (only when no `go.mod` sits beside it).
///
/// # Errors
/// When a line is not `module version hash`.
pub fn parse_sum(path: &str, text: &str, tree: &Tree) -> Parsed {
    if tree.sibling(path, "go.mod").is_some() {
        return Ok(Vec::new());
    }
    let mut newest: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [module, version, _hash] = parts[..] else {
            return Err(format!("line {}: expected `module version hash`", i + 1));
        };
        let version = version.trim_end_matches("/go.mod");
        let entry = newest.entry(module).or_insert(version);
        if super::version::compare(Ecosystem::Go, version, entry)
            == Some(std::cmp::Ordering::Greater)
        {
            *entry = version;
        }
    }
    Ok(newest
        .into_iter()
        .map(|(m, v)| Dependency::new(Ecosystem::Go, m, v, path))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_require_replace_indirect() {
        let text = r#"module example.com/app

go 1.21

require (
	github.com/gin-gonic/gin v1.9.1
	github.com/bytedance/sonic v1.9.1 // indirect
	example.com/internal v0.0.0
	golang.org/x/net v0.10.0 // indirect
)

require github.com/pkg/errors v0.9.1

replace example.com/internal => ./internal

replace golang.org/x/net v0.10.0 => golang.org/x/net v0.17.0
"#;
        let deps = parse_mod("go.mod", text, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(&str, &str, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.direct))
            .collect();
        assert_eq!(
            got,
            [
                ("github.com/gin-gonic/gin", "v1.9.1", true),
                ("github.com/bytedance/sonic", "v1.9.1", false),
                ("golang.org/x/net", "v0.17.0", false),
                ("github.com/pkg/errors", "v0.9.1", true),
            ]
        );
    }

    #[test]
    fn truncated_go_mod_and_go_sum() {
        let err = parse_mod(
            "go.mod",
            "module a\nrequire (\n\tgithub.com/x/y v1.0.0\n",
            &Tree::from_texts(&[]),
        )
        .unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let sum = "github.com/x/y v1.0.0 h1:abc=\ngithub.com/x/y v1.0.0/go.mod h1:def=\ngithub.com/x/y v1.2.0/go.mod h1:ghi=\n";
        let deps = parse_sum("go.sum", sum, &Tree::from_texts(&[])).unwrap();
        assert_eq!(deps.len(), 1);
        assert_eq!(deps[0].version, "v1.2.0");
    }
}
