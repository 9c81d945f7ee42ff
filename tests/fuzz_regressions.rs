//! Inputs that once made a fuzz target crash, hang or run out of memory, replayed through the
//! same harnesses (`diligence::fuzzing`) on stable: `tests/data/fuzz-regressions/<target>/<name>`
//! (the exact bytes of the input, as `fuzz/run.sh` saved it). Each must now run to its end
//! quickly. The fuzz targets themselves run with `fuzz/run.sh` (nightly, cargo-fuzz).

use std::path::Path;
use std::time::{Duration, Instant};

use diligence::fuzzing::TARGETS;

/// Longer than this for one input is a hang (libFuzzer's own limit in `fuzz/run.sh` is 10 s,
/// with an optimised build; the tests run unoptimised).
const SLOW: Duration = Duration::from_secs(60);

fn replay(dir: &Path) -> usize {
    let mut n = 0;
    let Ok(targets) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut targets: Vec<_> = targets.flatten().map(|e| e.path()).collect();
    targets.sort();
    for target in targets.iter().filter(|p| p.is_dir()) {
        let name = target.file_name().unwrap().to_str().unwrap();
        let harness = TARGETS
            .iter()
            .find(|(t, _)| *t == name)
            .unwrap_or_else(|| panic!("no fuzz target named {name}"))
            .1;
        let mut inputs: Vec<_> = std::fs::read_dir(target)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        inputs.sort();
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            let started = Instant::now();
            harness(&data);
            assert!(
                started.elapsed() < SLOW,
                "{} took {:?}",
                input.display(),
                started.elapsed()
            );
            n += 1;
        }
    }
    n
}

#[test]
fn inputs_that_once_failed_a_fuzz_target_now_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let n = replay(&dir);
    assert!(n > 0, "no regression inputs under {}", dir.display());
}

#[test]
fn every_fuzz_target_has_seeds_and_runs_on_one() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, harness) in TARGETS {
        let mut seeds: Vec<_> = std::fs::read_dir(corpus.join(name))
            .unwrap_or_else(|e| panic!("fuzz/corpus/{name}: {e}"))
            .flatten()
            .map(|e| e.path())
            .collect();
        seeds.sort();
        let seed = seeds
            .first()
            .unwrap_or_else(|| panic!("no seed for {name}"));
        harness(&std::fs::read(seed).unwrap());
    }
}
