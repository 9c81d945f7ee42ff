//! Rust: `Cargo.lock` (versions 1 to 4), `Cargo.toml`, and a hardened `cargo metadata`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::{dir_of, in_dir, join, toml_error, Direct, Parsed, Tree};
use crate::facts::dependency::PackageHash;
use crate::facts::{Dependency, Ecosystem};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<LockPackage>,
    /// Version 1 lockfiles of old cargo kept the root package apart.
    root: Option<LockPackage>,
}

#[derive(Deserialize)]
struct LockPackage {
    name: String,
    version: String,
    source: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
    checksum: Option<String>,
}

/// Parses a `Cargo.lock`. Packages without a `source` are the workspace's own (members and
/// path dependencies) and are left out; the packages they depend on are direct. A package is
/// development-only when every manifest of the workspace declares it under `dev-dependencies`.
///
/// # Errors
/// When the TOML is malformed or a package lacks its name or version.
pub fn parse_lock(path: &str, text: &str, tree: &Tree) -> Parsed {
    let lock: Lock = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let packages: Vec<&LockPackage> = lock.root.iter().chain(lock.package.iter()).collect();
    let mut direct_names = BTreeSet::new();
    for p in packages.iter().filter(|p| p.source.is_none()) {
        for d in &p.dependencies {
            direct_names.insert(d.split(' ').next().unwrap_or(d).to_owned());
        }
    }
    let declared = declared_in_workspace(tree, dir_of(path));
    Ok(packages
        .iter()
        .filter(|p| p.source.is_some())
        .map(|p| {
            let mut d = Dependency::new(Ecosystem::Cargo, &p.name, &p.version, path);
            d.direct = direct_names.contains(&p.name);
            d.dev = d.direct && declared.get(&p.name) == Some(true);
            d.hashes = p
                .checksum
                .as_deref()
                .and_then(PackageHash::sha256_hex)
                .into_iter()
                .collect();
            d
        })
        .collect())
}

/// The dependencies declared by every `Cargo.toml` in `dir` and below.
fn declared_in_workspace(tree: &Tree, dir: &str) -> Direct {
    let mut direct = Direct::default();
    for (_, text) in tree.under(dir, "Cargo.toml") {
        let Ok(doc) = toml::from_str::<toml::Table>(text) else {
            continue;
        };
        for (name, dev) in manifest_entries(&doc).into_iter().map(|e| (e.name, e.dev)) {
            direct.add(&name, dev);
        }
    }
    direct
}

struct Entry {
    name: String,
    requirement: Option<String>,
    dev: bool,
    path: bool,
    workspace: bool,
}

/// The dependency tables of a manifest: `[dependencies]`, `[dev-dependencies]`,
/// `[build-dependencies]`, and their `[target.'cfg(..)'.*]` forms.
fn manifest_entries<'a>(doc: &'a toml::Table) -> Vec<Entry> {
    let mut tables: Vec<(&toml::Table, bool)> = Vec::new();
    let push = |t: &'a toml::Table, tables: &mut Vec<(&'a toml::Table, bool)>| {
        for (key, dev) in [
            ("dependencies", false),
            ("build-dependencies", false),
            ("build_dependencies", false),
            ("dev-dependencies", true),
            ("dev_dependencies", true),
        ] {
            if let Some(tab) = t.get(key).and_then(toml::Value::as_table) {
                tables.push((tab, dev));
            }
        }
    };
    push(doc, &mut tables);
    if let Some(targets) = doc.get("target").and_then(toml::Value::as_table) {
        for t in targets.values().filter_map(toml::Value::as_table) {
            push(t, &mut tables);
        }
    }
    let mut out = Vec::new();
    for (table, dev) in tables {
        for (key, spec) in table {
            let (name, requirement, path, workspace) = match spec {
                toml::Value::String(v) => (key.clone(), Some(v.clone()), false, false),
                toml::Value::Table(t) => (
                    t.get("package")
                        .and_then(toml::Value::as_str)
                        .unwrap_or(key)
                        .to_owned(),
                    t.get("version")
                        .and_then(toml::Value::as_str)
                        .map(str::to_owned),
                    t.contains_key("path"),
                    t.get("workspace").and_then(toml::Value::as_bool) == Some(true),
                ),
                _ => continue,
            };
            out.push(Entry {
                name,
                requirement,
                dev,
                path,
                workspace,
            });
        }
    }
    out
}

/// Parses a `Cargo.toml` that no `Cargo.lock` covers: the declared requirements as written.
/// Path dependencies are the project's own; `workspace = true` takes the requirement from the
/// nearest `[workspace.dependencies]` above.
///
/// # Errors
/// When the TOML is malformed.
pub fn parse_manifest(path: &str, text: &str, tree: &Tree) -> Parsed {
    let doc: toml::Table = toml::from_str(text).map_err(|e| toml_error(&e))?;
    let mut out = Vec::new();
    // The `[workspace.dependencies]` of each manifest above, read once (a member of a large
    // workspace names dozens of dependencies `workspace = true`); this manifest's own first.
    let mut above: HashMap<String, Option<toml::Table>> = HashMap::new();
    above.insert(path.to_owned(), workspace_dependencies(&doc));
    for e in manifest_entries(&doc) {
        if e.path {
            continue;
        }
        let requirement = if e.workspace {
            workspace_requirement(tree, path, &e.name, &mut above)
        } else {
            e.requirement
        };
        let Some(requirement) = requirement else {
            continue; // git dependency without a version
        };
        let mut d = Dependency::new(Ecosystem::Cargo, e.name, requirement, path);
        d.direct = true;
        d.dev = e.dev;
        out.push(d);
    }
    Ok(out)
}

/// The `[workspace.dependencies]` table of a manifest, if it has one.
fn workspace_dependencies(doc: &toml::Table) -> Option<toml::Table> {
    doc.get("workspace")?
        .get("dependencies")?
        .as_table()
        .cloned()
}

/// The requirement of `name` in the `[workspace.dependencies]` of the nearest manifest above
/// `manifest` (itself included) that lists it. `above`: the tables read so far, by manifest.
fn workspace_requirement(
    tree: &Tree,
    manifest: &str,
    name: &str,
    above: &mut HashMap<String, Option<toml::Table>>,
) -> Option<String> {
    let mut dir = dir_of(manifest);
    loop {
        let at = join(dir, "Cargo.toml");
        let table = above.entry(at).or_insert_with_key(|at| {
            let doc = toml::from_str::<toml::Table>(tree.text(at)?).ok()?;
            workspace_dependencies(&doc)
        });
        if let Some(spec) = table.as_ref().and_then(|t| t.get(name)) {
            return match spec {
                toml::Value::String(v) => Some(v.clone()),
                toml::Value::Table(t) if !t.contains_key("path") => t
                    .get("version")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned),
                _ => None,
            };
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir_of(dir);
    }
}

/// How long `cargo metadata` may run before it is killed.
const METADATA_TIMEOUT: Duration = Duration::from_secs(60);

/// Resolves the workspace of `lock` (a `Cargo.lock`, relative to the target) with
/// `cargo metadata`, which knows dependency kinds (normal, dev, build) and each package's
/// declared licence.
///
/// The target is untrusted, and a naive `cargo metadata` in its directory would let it run code
/// or reach the network. Each measure below closes one door:
/// - **Working directory outside the target** (a fresh empty temporary directory): cargo reads
///   `.cargo/config.toml` from the working directory and its parents, so the target's own
///   config (which can set `build.rustc`, `target.*.runner`, source replacement, aliases,
///   `[env]`) is never read. The manifest is named with `--manifest-path` instead.
/// - **`RUSTUP_TOOLCHAIN` pinned** to the toolchain the machine uses outside the target (from
///   `rustup default`, or the caller's own `RUSTUP_TOOLCHAIN`): rustup otherwise obeys a
///   `rust-toolchain(.toml)` file, which can name a toolchain to download or a custom path to
///   run.
/// - **`CARGO_HOME`** set to the user's normal one (`$CARGO_HOME`, else `~/.cargo`): the
///   registry cache the user already has answers the resolution, and only the user's config
///   applies.
/// - **`--locked --offline`**: the existing `Cargo.lock` is used as it is and never rewritten
///   (nothing is written inside the target), and no request leaves the machine.
/// - `cargo metadata` never builds: no build script or proc-macro runs.
/// - **Refused** when a path dependency or workspace link leads outside the target, or a
///   symlink lies in the workspace (cargo would read files outside the tree), and killed
///   after a timeout.
///
/// # Errors
/// Why `cargo metadata` could not be used; the caller falls back to parsing `Cargo.lock`.
pub fn metadata(tree: &Tree, lock: &str) -> Result<Vec<Dependency>, String> {
    let dir = dir_of(lock);
    let manifest_rel = join(dir, "Cargo.toml");
    if !tree.exists(&manifest_rel) {
        return Err("no Cargo.toml beside Cargo.lock".into());
    }
    if let Some(why) = leaves_the_tree(tree, dir) {
        return Err(why);
    }
    let root = tree.root();
    let manifest = root.join(&manifest_rel);
    let cwd = neutral_dir(root)?;
    let result = run_metadata(&manifest, &cwd.0);
    drop(cwd);
    let metadata = result?;
    let mut deps = from_metadata(&metadata, lock);
    // `cargo metadata` does not give checksums: take them from the lockfile.
    if let Some(lock) = tree.text(lock).and_then(|t| toml::from_str::<Lock>(t).ok()) {
        let sums: std::collections::BTreeMap<(&str, &str), &str> = lock
            .package
            .iter()
            .filter_map(|p| {
                Some((
                    (p.name.as_str(), p.version.as_str()),
                    p.checksum.as_deref()?,
                ))
            })
            .collect();
        for d in &mut deps {
            if let Some(sum) = sums.get(&(d.name.as_str(), d.version.as_str())) {
                d.hashes = PackageHash::sha256_hex(sum).into_iter().collect();
            }
        }
    }
    Ok(deps)
}

/// Why the workspace in `dir` may make cargo read outside the target, if it may.
fn leaves_the_tree(tree: &Tree, dir: &str) -> Option<String> {
    if let Some(s) = tree.skipped().iter().find(|s| in_dir(&s.path, dir)) {
        return Some(format!("{} is a symlink or special file", s.path));
    }
    for (manifest, text) in tree.under(dir, "Cargo.toml") {
        let Ok(doc) = toml::from_str::<toml::Table>(text) else {
            return Some(format!("{manifest} is not valid TOML"));
        };
        let mut paths = Vec::new();
        collect_paths(&toml::Value::Table(doc), &mut paths);
        for p in paths {
            if escapes(dir_of(manifest), &p) {
                return Some(format!("{manifest} refers to {p}, outside the target"));
            }
        }
    }
    None
}

/// Every string under a `path` or `workspace` key (path dependencies, `package.workspace`).
fn collect_paths(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                match (k.as_str(), v) {
                    ("path" | "workspace", toml::Value::String(s)) => out.push(s.clone()),
                    _ => collect_paths(v, out),
                }
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|v| collect_paths(v, out)),
        _ => {}
    }
}

/// Whether `rel`, taken from directory `dir` of the target, leads outside it (lexically).
fn escapes(dir: &str, rel: &str) -> bool {
    let p = Path::new(rel);
    if p.is_absolute() {
        return true;
    }
    let mut depth: i64 = dir.split('/').filter(|s| !s.is_empty()).count() as i64;
    for c in p.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => return true,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// A fresh empty directory outside the target, removed on drop.
struct NeutralDir(PathBuf);

impl Drop for NeutralDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

fn neutral_dir(root: &Path) -> Result<NeutralDir, String> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("diligence-cargo-{}-{n}", std::process::id()));
    let resolved = std::fs::canonicalize(std::env::temp_dir()).unwrap_or_default();
    if resolved.starts_with(root) {
        return Err("the temporary directory is inside the target".into());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(NeutralDir(dir))
}

/// The `cargo` to run: `$CARGO` (set when running under cargo) or `cargo` on the `PATH`.
fn cargo_binary() -> PathBuf {
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

/// The user's toolchain, as rustup sees it from outside the target (`cwd`, a directory outside
/// it): asked once per process, as `rustup default` is a process of its own.
fn machine_toolchain(cwd: &Path) -> Option<String> {
    static TOOLCHAIN: OnceLock<Option<String>> = OnceLock::new();
    TOOLCHAIN
        .get_or_init(|| {
            if let Some(t) = std::env::var_os("RUSTUP_TOOLCHAIN") {
                return t.into_string().ok();
            }
            let out = Command::new("rustup")
                .arg("default")
                .current_dir(cwd)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .ok()?;
            let text = String::from_utf8(out.stdout).ok()?;
            text.split_whitespace().next().map(str::to_owned)
        })
        .clone()
}

/// Asks for the machine's toolchain (see [`machine_toolchain`]) on a thread of its own, so that
/// the first `cargo metadata` of an audit does not wait for `rustup` first; the thread is
/// joined by the scope.
pub(super) fn ask_toolchain_early<'s>(scope: &'s std::thread::Scope<'s, '_>, root: &Path) {
    let Ok(dir) = neutral_dir(root) else {
        return;
    };
    scope.spawn(move || {
        machine_toolchain(&dir.0);
        drop(dir);
    });
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

fn run_metadata(manifest: &Path, cwd: &Path) -> Result<cargo_metadata::Metadata, String> {
    let mut cmd = Command::new(cargo_binary());
    cmd.args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .arg("--manifest-path")
        .arg(manifest)
        .current_dir(cwd)
        .env("CARGO_NET_OFFLINE", "true")
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(toolchain) = machine_toolchain(cwd) {
        cmd.env("RUSTUP_TOOLCHAIN", toolchain);
    }
    if let Some(home) = cargo_home() {
        cmd.env("CARGO_HOME", home);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    // The end of its output is the end of the run, waited for as it comes (polling the process
    // added up to a polling interval to every run, most of the audit of a small workspace).
    let (output_done, output_ended) = std::sync::mpsc::channel();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        let _ = output_done.send(());
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let ended = output_ended.recv_timeout(METADATA_TIMEOUT);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None)
                if ended == Err(RecvTimeoutError::Timeout)
                    || started.elapsed() > METADATA_TIMEOUT =>
            {
                let _ = child.kill();
                let _ = child.wait();
                return Err("cargo metadata timed out".into());
            }
            // Its output closed: it is exiting (or it closed it early, and runs into the
            // timeout above).
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => return Err(format!("cargo metadata: {e}")),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() {
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .or_else(|| stderr.lines().next())
            .unwrap_or("failed");
        return Err(first.trim().to_owned());
    }
    cargo_metadata::MetadataCommand::parse(stdout).map_err(|e| e.to_string())
}

/// Dependencies from `cargo metadata`: every package that is not a workspace member or a path
/// package; direct when a member depends on it; development-only when it is reachable from the
/// members only through dev-dependency edges.
fn from_metadata(m: &cargo_metadata::Metadata, lock: &str) -> Vec<Dependency> {
    use cargo_metadata::{DependencyKind, PackageId};
    let own: BTreeSet<&PackageId> = m
        .packages
        .iter()
        .filter(|p| p.source.is_none())
        .map(|p| &p.id)
        .collect();
    let Some(resolve) = &m.resolve else {
        return Vec::new();
    };
    let nodes: HashMap<&PackageId, &cargo_metadata::Node> =
        resolve.nodes.iter().map(|n| (&n.id, n)).collect();
    // direct: id → dev-only
    let mut direct: BTreeMap<&PackageId, bool> = BTreeMap::new();
    for id in &own {
        let Some(node) = nodes.get(id) else { continue };
        for dep in &node.deps {
            let dev = dep
                .dep_kinds
                .iter()
                .all(|k| k.kind == DependencyKind::Development);
            direct
                .entry(&dep.pkg)
                .and_modify(|d| *d &= dev)
                .or_insert(dev);
        }
    }
    // Reachable through normal and build edges from the members.
    let mut normal: BTreeSet<&PackageId> = BTreeSet::new();
    let mut stack: Vec<&PackageId> = own.iter().copied().collect();
    while let Some(id) = stack.pop() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in &node.deps {
            let non_dev = dep
                .dep_kinds
                .iter()
                .any(|k| k.kind != DependencyKind::Development);
            if (non_dev || !own.contains(id)) && normal.insert(&dep.pkg) {
                stack.push(&dep.pkg);
            }
        }
    }
    m.packages
        .iter()
        .filter(|p| !own.contains(&p.id))
        .map(|p| {
            let mut d = Dependency::new(
                Ecosystem::Cargo,
                p.name.to_string(),
                p.version.to_string(),
                lock,
            );
            d.direct = direct.contains_key(&p.id);
            d.dev = !normal.contains(&p.id);
            d.license = p.license.clone();
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK_V3: &str = r#"
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde", "insta", "rand 0.8.5"]

[[package]]
name = "serde"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "aa"

[[package]]
name = "insta"
version = "1.30.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["rand_core"]

[[package]]
name = "rand_core"
version = "0.6.4"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    const MANIFEST: &str = r#"
[package]
name = "app"
version = "0.1.0"

[dependencies]
serde = { version = "1", features = ["derive"] }
rand = "0.8"
[dev-dependencies]
insta = "1"
"#;

    #[test]
    fn lock_direct_dev_and_own() {
        let tree = Tree::from_texts(&[("Cargo.toml", MANIFEST)]);
        let deps = parse_lock("Cargo.lock", LOCK_V3, &tree).unwrap();
        let got: Vec<(&str, &str, bool, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.direct, d.dev))
            .collect();
        assert_eq!(
            got,
            [
                ("serde", "1.0.100", true, false),
                ("insta", "1.30.0", true, true),
                ("rand", "0.8.5", true, false),
                ("rand_core", "0.6.4", false, false),
            ]
        );
    }

    #[test]
    fn lock_v1_with_root_and_metadata() {
        let v1 = r#"
[root]
name = "old"
version = "0.1.0"
dependencies = ["libc 0.2.20 (registry+https://github.com/rust-lang/crates.io-index)"]

[[package]]
name = "libc"
version = "0.2.20"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum libc 0.2.20 (registry+https://github.com/rust-lang/crates.io-index)" = "ab"
"#;
        let deps = parse_lock("Cargo.lock", v1, &Tree::from_texts(&[])).unwrap();
        assert_eq!(deps.len(), 1);
        assert_eq!(deps[0].name, "libc");
        assert!(deps[0].direct);
    }

    #[test]
    fn manifest_alone_with_workspace_inheritance() {
        let root =
            "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\nanyhow = \"1.0.70\"\n";
        let member = "[package]\nname = \"a\"\n[dependencies]\nanyhow = { workspace = true }\nb = { path = \"../b\" }\n[target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n";
        let tree = Tree::from_texts(&[("Cargo.toml", root), ("a/Cargo.toml", member)]);
        let deps = parse_manifest("a/Cargo.toml", member, &tree).unwrap();
        let got: Vec<(&str, &str)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(got, [("anyhow", "1.0.70"), ("libc", "0.2")]);
    }

    #[test]
    fn workspace_requirement_from_the_nearest_manifest_that_lists_it() {
        // The nearer workspace lists `serde` only; `anyhow` comes from the root two levels up,
        // and a manifest that lists itself wins over both.
        let root = "[workspace.dependencies]\nanyhow = \"1.0.70\"\nserde = \"1.0.100\"\n";
        let nested = "[workspace.dependencies]\nserde = { version = \"1.0.200\" }\n";
        let member = "[package]\nname = \"c\"\n[dependencies]\nanyhow = { workspace = true }\nserde = { workspace = true }\nrand = { workspace = true }\n[workspace.dependencies]\nrand = \"0.8\"\n";
        let tree = Tree::from_texts(&[
            ("Cargo.toml", root),
            ("n/Cargo.toml", nested),
            ("n/c/Cargo.toml", member),
        ]);
        let deps = parse_manifest("n/c/Cargo.toml", member, &tree).unwrap();
        let got: Vec<(&str, &str)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [("anyhow", "1.0.70"), ("rand", "0.8"), ("serde", "1.0.200")]
        );
    }

    #[test]
    fn paths_that_escape() {
        assert!(escapes("", "../x"));
        assert!(escapes("a", "../../x"));
        assert!(!escapes("a", "../b"));
        assert!(escapes("", "/etc"));
        assert!(!escapes("", "crates/x"));
    }
}
