//! The git history (commits, merges, renames, .mailmap, tags) and the team analysis.
//! The harness is `diligence::fuzzing::history` (documented there), so that an input that found a
//! bug replays on stable in `tests/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| diligence::fuzzing::history(data));
