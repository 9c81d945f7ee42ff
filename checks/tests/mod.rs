//! `tests`: test files and test cases per language, test-to-code ratio, frameworks, coverage reports.
//!
//! Registered so that the report always carries the contract's required check ids; the
//! evaluation arrives with its own issue and reports `skipped` until then.

use crate::check::{Check, CheckConfig, Evaluation};
use crate::facts::{Needs, RepoFacts};

/// The check.
pub struct Tests;

impl Check for Tests {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS
    }

    fn evaluate(&self, _facts: &RepoFacts, _cfg: &CheckConfig) -> Evaluation {
        Evaluation::skipped("This check is not implemented in this version yet.")
    }
}
