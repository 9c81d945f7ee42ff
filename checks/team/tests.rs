//! Unit tests of the `team` scoring.
