//! The secrets baseline: fingerprints of findings that were reviewed and accepted.
//!
//! `diligence baseline PATH -o FILE` writes one; `--baseline FILE` (or `[checks.secrets]
//! baseline = "…"`) reads it, and the findings it lists are reported as suppressed rather than
//! counted. The fingerprints are the report's own finding fingerprints (check, rule, path and
//! redacted evidence), so a baseline holds no secret.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The largest baseline file read (a baseline is a list of short hashes).
const MAX_BASELINE_BYTES: u64 = 16 * 1024 * 1024;

/// What the file says it is.
pub const BASELINE_KIND: &str = "diligence-secrets-baseline";

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Always [`BASELINE_KIND`].
    pub kind: String,
    /// Format version (1).
    pub version: u32,
    /// Accepted finding fingerprints.
    pub fingerprints: BTreeSet<String>,
}

impl Baseline {
    /// A baseline accepting these fingerprints.
    #[must_use]
    pub fn new(fingerprints: impl IntoIterator<Item = String>) -> Self {
        Baseline {
            kind: BASELINE_KIND.into(),
            version: 1,
            fingerprints: fingerprints.into_iter().collect(),
        }
    }

    /// Whether a finding with this fingerprint was accepted.
    #[must_use]
    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// A one-line reason when the file cannot be read or is not a baseline.
    /// Only a regular file is read, and at most [`MAX_BASELINE_BYTES`] of it: the path may come
    /// from the audited tree's own configuration, and a device (`/dev/zero`) or a named pipe
    /// there must neither exhaust memory nor block the audit.
    pub fn load(path: &Path) -> Result<Self, String> {
        use std::io::Read;
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Opening a named pipe for reading would wait for a writer.
            opts.custom_flags(libc::O_NONBLOCK);
        }
        let file = opts.open(path).map_err(|e| e.to_string())?;
        let meta = file.metadata().map_err(|e| e.to_string())?;
        if !meta.is_file() {
            return Err("not a regular file".into());
        }
        if meta.len() > MAX_BASELINE_BYTES {
            return Err(format!("larger than {MAX_BASELINE_BYTES} bytes"));
        }
        let mut text = String::new();
        file.take(MAX_BASELINE_BYTES)
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        Self::parse(&text)
    }

    /// Parses baseline JSON.
    ///
    /// # Errors
    /// When the text is not a baseline.
    pub fn parse(text: &str) -> Result<Self, String> {
        let b: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not a secrets baseline: {e}"))?;
        if b.kind != BASELINE_KIND || b.version != 1 {
            return Err(format!(
                "not a version 1 {BASELINE_KIND} (kind `{}`, version {})",
                b.kind, b.version
            ));
        }
        Ok(b)
    }

    /// The JSON text.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejects_other_json() {
        let b = Baseline::new(["b".to_owned(), "a".to_owned()]);
        let back = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(back, b);
        assert!(back.contains("a") && !back.contains("c"));
        assert!(Baseline::parse("{\"schema_version\": 1}").is_err());
        assert!(Baseline::parse("not json").is_err());
    }

    /// A baseline path can come from the audited tree's configuration: a device or a named
    /// pipe is refused at once instead of being read forever or waited on.
    #[cfg(unix)]
    #[test]
    fn only_a_regular_file_is_read() {
        let err = Baseline::load(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err, "not a regular file");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("baseline.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            assert_eq!(Baseline::load(&fifo).unwrap_err(), "not a regular file");
        }
        let file = dir.path().join("real.json");
        std::fs::write(&file, Baseline::new(["x".to_owned()]).to_json()).unwrap();
        assert!(Baseline::load(&file).unwrap().contains("x"));
    }
}
