//! A local OSV database: a directory of OSV JSON advisories, one per file, as the
//! per-ecosystem `all.zip` exports unpack (`DIR/<ecosystem>/<ID>.json`, or every file in one
//! directory). Only advisories about the packages in use are kept.
//!
//! A sub-directory named exactly like an OSV ecosystem (`crates.io`, `PyPI`, …) that no
//! dependency uses is not read. Symlinks are not followed. A file that is not a readable OSV
//! advisory is an error line, and the others are still read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::osv::{self, Advisory};
use crate::facts::Ecosystem;

/// Advisory files larger than this are not read (the largest real ones are a few hundred KiB).
const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// How deep the directory is searched.
const MAX_DEPTH: usize = 4;

/// What was read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Advisories by (ecosystem, normalised package name).
    pub advisories: BTreeMap<(Ecosystem, String), Vec<Arc<Advisory>>>,
    /// The first few unreadable files.
    pub errors: Vec<String>,
    /// Set when the directory itself cannot be read.
    pub fatal: Option<String>,
}

/// Reads the advisories under `dir` that name one of the `wanted` (ecosystem, normalised name)
/// packages.
#[must_use]
pub fn load(dir: &Path, wanted: &BTreeSet<(Ecosystem, String)>) -> Loaded {
    let mut loaded = Loaded::default();
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            loaded.fatal = Some(format!(
                "{}: the OSV database is not a directory",
                dir.display()
            ));
            return loaded;
        }
        Err(e) => {
            loaded.fatal = Some(format!(
                "{}: cannot read the OSV database: {e}",
                dir.display()
            ));
            return loaded;
        }
    }
    let ecosystems: BTreeSet<Ecosystem> = wanted.iter().map(|(e, _)| *e).collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    list(dir, 0, &ecosystems, &mut files, &mut errors);
    files.sort();
    let parsed: Vec<Result<Option<Advisory>, String>> = files
        .par_iter()
        .map(|path| read_one(path, wanted))
        .collect();
    for r in parsed {
        match r {
            Ok(Some(a)) => {
                let a = Arc::new(a);
                let keys: BTreeSet<(Ecosystem, String)> = a
                    .affected
                    .iter()
                    .filter_map(|x| x.package.as_ref())
                    .filter_map(|p| {
                        let e = osv::ecosystem_from_name(&p.ecosystem)?;
                        Some((e, osv::normalize_name(e, &p.name)))
                    })
                    .filter(|k| wanted.contains(k))
                    .collect();
                for k in keys {
                    loaded.advisories.entry(k).or_default().push(Arc::clone(&a));
                }
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    errors.truncate(5);
    loaded.errors = errors;
    loaded
}

fn list(
    dir: &Path,
    depth: usize,
    ecosystems: &BTreeSet<Ecosystem>,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<String>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let unused = osv::ecosystem_from_name(&name).is_some_and(|e| !ecosystems.contains(&e));
            if depth < MAX_DEPTH && !unused {
                list(&path, depth + 1, ecosystems, out, errors);
            }
        } else if kind.is_file() && path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

fn read_one(
    path: &Path,
    wanted: &BTreeSet<(Ecosystem, String)>,
) -> Result<Option<Advisory>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    if size > MAX_FILE_SIZE {
        return Err(format!("{}: larger than 8 MiB, not read", path.display()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let advisory: Advisory = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not an OSV advisory: {e}", path.display()))?;
    let relevant = advisory.affected.iter().any(|a| {
        a.package.as_ref().is_some_and(|p| {
            osv::ecosystem_from_name(&p.ecosystem)
                .is_some_and(|e| wanted.contains(&(e, osv::normalize_name(e, &p.name))))
        })
    });
    Ok(relevant.then_some(advisory))
}
