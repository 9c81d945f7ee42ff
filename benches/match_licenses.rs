//! Times the licence matcher on every licence file of a tree, slowest first, for the benchmark:
//! `cargo run --release --example match_licenses -- TREE [N]` prints the N slowest texts (default
//! 20) with what they matched, then the totals.

use std::path::Path;
use std::time::Instant;

use diligence::facts::classify::classify;
use diligence::facts::FileKind;

use diligence::facts::licenses::scanner::LicenseScanner;

/// A licence file as the audit's walk classifies it (`license.rs` is code, not a licence).
fn is_candidate(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let language = tokei::LanguageType::from_path(path, &tokei::Config::default());
    classify(name, language.map(tokei::LanguageType::name)).contains(FileKind::LICENSE)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: match_licenses TREE [N]");
    let show: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(&root)
        .standard_filters(false)
        .build()
        .flatten()
    {
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file()) && is_candidate(path) {
            files.push(path.to_owned());
        }
    }
    let started = Instant::now();
    let scanner = LicenseScanner::new();
    let mut timings = Vec::new();
    let mut warnings = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let t = Instant::now();
        let m = scanner.match_text(&text, &path.to_string_lossy(), &mut warnings);
        let found = m.expression().unwrap_or_else(|| {
            m.additional_terms.map_or("unrecognised".into(), |a| {
                format!("{} + {} words", a.resembles.join(" AND "), a.words)
            })
        });
        timings.push((t.elapsed().as_secs_f64(), path.display().to_string(), found));
    }
    let total = started.elapsed().as_secs_f64();
    let matching: f64 = timings.iter().map(|t| t.0).sum();
    timings.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (secs, path, found) in timings.iter().take(show) {
        let short = path.strip_prefix(&root).unwrap_or(path);
        eprintln!("{:8.1} ms  {short}  {found}", secs * 1000.0);
    }
    eprintln!(
        "{} files: {matching:.3} s matching, {total:.3} s in all (with loading the licence list)",
        files.len()
    );
}
