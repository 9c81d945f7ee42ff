//! The documents of a tree: CI pipelines of every provider with the files their commands
//! resolve through, and licences (files, README sections, headers, declared licences,
//! statements, SPDX expressions), through the collectors and every check.
//! The harness is `diligence::fuzzing::tree` (documented there), so that an input that found a
//! bug replays on stable in `tests/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| diligence::fuzzing::tree(data));
