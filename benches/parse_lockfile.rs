//! Times the dependency parsers on one manifest or lockfile, for the benchmark:
//! `cargo run --release --example parse_lockfile -- path/to/package-lock.json`.

use std::time::Instant;

use diligence::facts::deps::{collect, CollectOptions, Tree};

fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_lockfile FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
    let started = Instant::now();
    let tree = Tree::from_texts(&[(name.as_str(), text.as_str())]);
    let (deps, scan) = collect(&tree, &CollectOptions::default());
    let elapsed = started.elapsed();
    assert!(scan.problems.is_empty(), "{:?}", scan.problems);
    eprintln!(
        "parsed {name} ({:.1} MB): {} dependencies in {:.3} s",
        text.len() as f64 / 1_048_576.0,
        deps.len(),
        elapsed.as_secs_f64()
    );
}
