//! The secrets engine over one buffer, and a baseline file.
//! The harness is `diligence::fuzzing::secrets` (documented there), so that an input that found a
//! bug replays on stable in `tests/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| diligence::fuzzing::secrets(data));
