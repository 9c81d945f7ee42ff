//! Ruby: `Gemfile.lock` and `Gemfile`.
//!
//! In `Gemfile.lock`, the `GEM` sections' `specs:` list every installed gem at four spaces of
//! indent (`    rails (7.1.2)`); `DEPENDENCIES` lists the direct ones. Gems of `PATH` sections
//! are the project's own. Platform suffixes (`1.15.5-x86_64-linux`) are not part of the
//! version.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Parsed, Tree};
use crate::facts::pattern::code_regex;
use crate::facts::{Dependency, Ecosystem};

/// Parses a `Gemfile.lock`.
///
/// # Errors
/// When it has no section at all (not a Gemfile.lock) or a spec line is malformed.
pub fn parse_lock(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let mut section = "";
    let mut specs: Vec<(String, String, bool)> = Vec::new(); // name, version, own
    let mut direct: BTreeSet<String> = BTreeSet::new();
    let mut saw_section = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            section = line.trim();
            saw_section = true;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        match section {
            "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE" if indent == 4 => {
                let Some((name, rest)) = t.split_once(" (") else {
                    return Err(format!(
                        "line {}: expected `name (version)`, found `{t}`",
                        i + 1
                    ));
                };
                let version = rest.trim_end_matches(')');
                let version = strip_platform(version);
                specs.push((name.to_owned(), version.to_owned(), section == "PATH"));
            }
            "DEPENDENCIES" if indent == 2 => {
                let name = t.split([' ', '!']).next().unwrap_or(t);
                direct.insert(name.to_owned());
            }
            _ => {}
        }
    }
    if !saw_section {
        return Err("not a Gemfile.lock: no GEM or DEPENDENCIES section".into());
    }
    let own: BTreeSet<&str> = specs.iter().filter(|s| s.2).map(|s| s.0.as_str()).collect();
    Ok(specs
        .iter()
        .filter(|(name, _, is_own)| !is_own && !own.contains(name.as_str()))
        .map(|(name, version, _)| {
            let mut d = Dependency::new(Ecosystem::Rubygems, name, version, path);
            d.direct = direct.contains(name);
            d
        })
        .collect())
}

/// `1.15.5-x86_64-linux` → `1.15.5`; `1.0.0.rc1` is left alone.
fn strip_platform(v: &str) -> &str {
    match v.find('-') {
        Some(i) if v[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) => &v[..i],
        _ => v,
    }
}

static GEM_LINE: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(r#"^\s*gem\s+["']([^"']+)["']\s*(?:,\s*["']([^"']+)["'])?(.*)$"#)
        .expect("valid regex")
});
static GROUP_LINE: LazyLock<Regex> =
    LazyLock::new(|| code_regex(r"^\s*group\s+(.*)\bdo\s*$").expect("valid regex"));

/// Parses a `Gemfile` without a `Gemfile.lock` (the Ruby DSL, read by pattern, never run):
/// `gem "name", "requirement"` lines, development-only inside `group :development`/`:test`.
///
/// # Errors
/// When blocks are left open at the end (a `do`, `if` or `def` without its `end`: a truncated
/// file). Lines that are not `gem` declarations are skipped.
pub fn parse_gemfile(path: &str, text: &str, _tree: &Tree) -> Parsed {
    let mut out = Vec::new();
    let mut groups: Vec<bool> = Vec::new(); // dev-ness of open `do` blocks
                                            // Blocks opened and closed, to tell a truncated file: (open count, line of the first
                                            // block still open).
    let mut open: Vec<usize> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let t = line.trim();
        let t = if t.starts_with('#') { "" } else { t };
        let opens = t.ends_with(" do")
            || t.contains(" do |")
            || ["if ", "unless ", "case ", "def ", "while "]
                .iter()
                .any(|k| t.starts_with(k))
            || t == "begin";
        if opens {
            open.push(number + 1);
        } else if t == "end" || t.starts_with("end ") || t.starts_with("end.") {
            open.pop();
        }
        if let Some(c) = GROUP_LINE.captures(t) {
            let g = c.get(1).map_or("", |m| m.as_str());
            groups.push(!g.contains("production") && !g.contains("default"));
            continue;
        }
        if t.ends_with(" do") || t.contains(" do |") {
            groups.push(groups.last().copied().unwrap_or(false));
            continue;
        }
        if t == "end" {
            groups.pop();
            continue;
        }
        if let Some(c) = GEM_LINE.captures(t) {
            let rest = c.get(3).map_or("", |m| m.as_str());
            if rest.contains("path:") || rest.contains(":path") {
                continue;
            }
            let name = &c[1];
            let version = c.get(2).map_or("", |m| m.as_str());
            let mut d = Dependency::new(Ecosystem::Rubygems, name, version, path);
            d.direct = true;
            d.dev = groups.last().copied().unwrap_or(false)
                || rest.contains(":development")
                || rest.contains(":test");
            out.push(d);
        }
    }
    if let Some(line) = open.first() {
        return Err(format!(
            "line {line}: block not closed by `end` (truncated file?)"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemfile_lock() {
        let text = "PATH\n  remote: .\n  specs:\n    mygem (0.1.0)\n      rack (>= 2)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.15.5-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.7.3)\n    rack (2.2.8)\n    rails (7.1.0.rc1)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  mygem!\n  nokogiri (~> 1.15)\n  rails\n\nBUNDLED WITH\n   2.4.22\n";
        let deps = parse_lock("Gemfile.lock", text, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(&str, &str, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.direct))
            .collect();
        assert_eq!(
            got,
            [
                ("nokogiri", "1.15.5", true),
                ("racc", "1.7.3", false),
                ("rack", "2.2.8", false),
                ("rails", "7.1.0.rc1", true),
            ]
        );
        assert!(parse_lock("Gemfile.lock", "    rack (2.2.8)\n", &Tree::from_texts(&[])).is_err());
    }

    #[test]
    fn gemfile_groups() {
        let text = "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem 'local', path: '../local'\ngroup :development, :test do\n  gem 'rspec-rails'\nend\ngem 'pg', '1.5.4'\n";
        let deps = parse_gemfile("Gemfile", text, &Tree::from_texts(&[])).unwrap();
        let got: Vec<(&str, &str, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.dev))
            .collect();
        assert_eq!(
            got,
            [
                ("rails", "~> 7.1", false),
                ("rspec-rails", "", true),
                ("pg", "1.5.4", false)
            ]
        );
    }
}
