//! The library's error type. Per-file problems never become an `Error`: they are
//! [`Warning`](crate::facts::Warning)s in the facts and the audit goes on.

use std::path::PathBuf;

/// Everything that can stop an audit from running at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The audit target is missing or is not a directory.
    #[error("{path}: {reason}")]
    Target {
        /// The path given on the command line.
        path: PathBuf,
        /// Why it cannot be audited.
        reason: String,
    },
    /// Reading or writing a file of our own (config, output) failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The configuration file is invalid; every problem is listed.
    #[error("invalid configuration {path}:\n{}", .problems.join("\n"))]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// One line per problem, each naming the offending key.
        problems: Vec<String>,
    },
    /// A built-in data file (check metadata, rules) is invalid: a bug, caught by the tidy tests.
    #[error("built-in data {name} is invalid: {message}")]
    BuiltinData {
        /// Which data file.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// Rendering a report failed.
    #[error("cannot render the {format} report: {message}")]
    Render {
        /// The format being rendered.
        format: String,
        /// The renderer's message.
        message: String,
    },
    /// An audit report given to `diff` cannot be read.
    #[error("{path}: not a diligence JSON report: {message}")]
    Report {
        /// The file given.
        path: PathBuf,
        /// The parse error.
        message: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
