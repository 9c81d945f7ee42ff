//! The audited tree's own diligence.toml, and every use of the configuration it yields.
//! The harness is `diligence::fuzzing::config` (documented there), so that an input that found a
//! bug replays on stable in `tests/fuzz_regressions.rs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| diligence::fuzzing::config(data));
