//! Reads a corpus of lockfiles and manifests whose expected packages are written down, and
//! prints how many files give exactly the expected packages and the package-level recall and
//! precision, per format: `cargo run --example lockfile_corpus -- CORPUS_DIR EXPECTED.toml`.
//! `benches/lockfile-corpus.sh` fetches the corpus and runs it.
//!
//! Each `[[file]]` of the expectations names a `path` under `CORPUS_DIR`, the `format` it is
//! read as (a file name such as `pnpm-lock.yaml`), and either `packages` (`name@version`, a
//! set) or `error = true` (the file must be reported as unreadable). The other files of the
//! same directory are given to the parser too (includes, `package.json` beside a lock).

#![allow(clippy::print_stdout)] // a report on stdout is what this program is for

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use diligence::facts::deps::{parse_as, superseded, Tree};

#[derive(serde::Deserialize)]
struct Expected {
    file: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    path: String,
    format: String,
    #[serde(default)]
    packages: Vec<String>,
    #[serde(default)]
    error: bool,
    /// Other files of the directory under the name the package manager looks for:
    /// `{ "go.sum" = "indirect-1.16.sum" }`.
    #[serde(default)]
    siblings: BTreeMap<String, String>,
}

#[derive(Default)]
struct Row {
    files: usize,
    exact: usize,
    expected: usize,
    found: usize,
    right: usize,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(expected)) = (args.next(), args.next()) else {
        eprintln!("usage: lockfile_corpus CORPUS_DIR EXPECTED.toml [--verbose]");
        std::process::exit(2);
    };
    let verbose = args.next().as_deref() == Some("--verbose");
    let root = Path::new(&root);
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(&expected).expect("readable expectations"))
            .expect("valid expectations");
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut missing = 0;
    let mut warnings = 0;
    for case in &expected.file {
        let full = root.join(&case.path);
        let Ok(text) = std::fs::read_to_string(&full) else {
            missing += 1;
            eprintln!("missing: {}", case.path);
            continue;
        };
        // The other files of the directory and its subdirectories, by their paths relative
        // to the corpus.
        let dir = case.path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut siblings: Vec<(String, String)> = Vec::new();
        read_dir(
            full.parent().expect("a file has a parent"),
            dir,
            &case.path,
            2,
            &mut siblings,
        );
        for (name, file) in &case.siblings {
            if let Ok(t) = std::fs::read_to_string(root.join(dir).join(file)) {
                siblings.push((format!("{dir}/{name}"), t));
            }
        }
        let mut pairs: Vec<(&str, &str)> = siblings
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        pairs.push((case.path.as_str(), text.as_str()));
        let tree = Tree::from_texts(&pairs);
        let got = if superseded(&case.path, &tree) {
            Some(Ok(Vec::new()))
        } else {
            parse_as(&case.format, &case.path, &text, &tree)
        };
        warnings += tree.warnings().len();
        let row = rows.entry(case.format.clone()).or_default();
        row.files += 1;
        let want: BTreeSet<&str> = case.packages.iter().map(String::as_str).collect();
        row.expected += want.len();
        let (ok, detail) = match got {
            None => (false, "no parser for this format".to_owned()),
            Some(Err(e)) => (case.error, format!("error: {e}")),
            Some(Ok(deps)) => {
                let have: BTreeSet<String> = deps
                    .iter()
                    .map(|d| format!("{}@{}", d.name, d.version))
                    .collect();
                row.found += have.len();
                row.right += have.iter().filter(|h| want.contains(h.as_str())).count();
                let extra: Vec<&String> =
                    have.iter().filter(|h| !want.contains(h.as_str())).collect();
                let lost: Vec<&&str> = want.iter().filter(|w| !have.contains(**w)).collect();
                (
                    !case.error && extra.is_empty() && lost.is_empty(),
                    format!("extra {extra:?} missing {lost:?}"),
                )
            }
        };
        if ok {
            row.exact += 1;
        } else if verbose {
            println!("FAIL {} [{}]: {detail}", case.path, case.format);
        }
    }
    println!("| format | files | exact | exact % | recall | precision |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut total = Row::default();
    for (format, r) in &rows {
        print_row(format, r);
        total.files += r.files;
        total.exact += r.exact;
        total.expected += r.expected;
        total.found += r.found;
        total.right += r.right;
    }
    print_row("**all**", &total);
    println!("\n{warnings} entries left out with a warning");
    if missing > 0 {
        println!("\n{missing} files of the expectations are missing from the corpus");
    }
}

/// The files under `dir` (at most `depth` levels), except `skip`, with their corpus paths.
fn read_dir(dir: &Path, rel: &str, skip: &str, depth: usize, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let p = format!("{rel}/{name}");
        let path = e.path();
        if path.is_dir() && depth > 1 {
            read_dir(&path, &p, skip, depth - 1, out);
        } else if p != skip && path.is_file() {
            if let Ok(t) = std::fs::read_to_string(&path) {
                out.push((p, t));
            }
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn print_row(format: &str, r: &Row) {
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            1.0
        } else {
            a as f64 / b as f64
        }
    };
    println!(
        "| {format} | {} | {} | {:.1} | {:.3} | {:.3} |",
        r.files,
        r.exact,
        100.0 * ratio(r.exact, r.files),
        ratio(r.right, r.expected),
        ratio(r.right, r.found)
    );
}
