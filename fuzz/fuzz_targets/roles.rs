//! Path roles, .gitattributes, configured roles and excludes, ignore files, and a walk.
//! The harness is `diligence::fuzzing::roles` (documented there), so that an input that found a
//! bug replays on stable in `tests/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| diligence::fuzzing::roles(data));
