//! The check registry. One folder per check (`check.toml` metadata, `mod.rs` code, test cases),
//! registered here in report order. Adding a check is a folder plus two lines in this file; the
//! tidy tests fail if a folder is not registered or an id is duplicated.

use crate::check::Check;

mod ci;
mod code_health;
mod dependencies;
mod documentation;
mod hygiene;
mod licenses;
mod secrets;
mod team;
mod tests;
mod vulnerabilities;

/// Every check, in report order.
pub const ALL: &[&dyn Check] = &[
    &secrets::Secrets,
    &dependencies::Dependencies,
    &vulnerabilities::Vulnerabilities,
    &licenses::Licenses,
    &tests::Tests,
    &ci::Ci,
    &documentation::Documentation,
    &team::Team,
    &code_health::CodeHealth,
    &hygiene::Hygiene,
];
