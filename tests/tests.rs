//! The one integration-test binary: every module here runs the built `diligence` binary or the
//! library on real trees (fixtures, or hostile trees made in a temp dir). One binary keeps link
//! time down.

mod browser;
mod cli;
mod common;
mod dependencies;
mod diff;
mod e2e;
mod fuzz_regressions;
mod health;
mod hostile;
mod integrity;
mod licence_list;
mod licenses;
mod roles;
mod sarif;
mod sbom;
mod secrets;
mod team;
mod tests_ci;
mod tidy;
mod vulnerabilities;
