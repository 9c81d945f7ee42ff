//! Every manifest and lockfile parser of every ecosystem, alone and together.
//! The harness is `diligence::fuzzing::manifests` (documented there), so that an input that found a
//! bug replays on stable in `tests/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| diligence::fuzzing::manifests(data));
