//! Hostile trees built at test time: symlink loops, links out of the root (one to a file that
//! holds a secret-shaped string), a 60 MB file, a binary file, a name that is not UTF-8, a FIFO,
//! a directory nested 300 deep. The audit must finish with exit 0 and a valid report, never
//! read through a link, and leave the tree exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::common::{assert_status, bin};

/// A secret-shaped token assembled at run time (GitHub classic token shape).
fn secret_shaped() -> String {
    let tail: String = (0..36)
        .map(|i| char::from(b'a' + ((i * 7 + 3) % 26) as u8))
        .collect();
    format!("ghp_{tail}")
}

fn build_tree(root: &Path, outside: &Path) {
    fs::write(root.join("README.md"), "# hostile\n").unwrap();
    fs::write(root.join("main.py"), "print('hello')\n").unwrap();
    // Symlink loops.
    symlink(".", root.join("loop")).unwrap();
    fs::create_dir(root.join("a")).unwrap();
    symlink("../a", root.join("a/again")).unwrap();
    // Links out of the root: a secret-holding file, a directory, /etc.
    symlink(outside.join("secret.txt"), root.join("leak.txt")).unwrap();
    symlink(outside, root.join("outside-dir")).unwrap();
    symlink("/etc", root.join("etc")).unwrap();
    symlink("/etc/passwd", root.join("passwd")).unwrap();
    // A 60 MB file (sparse) and a binary one.
    let big = fs::File::create(root.join("huge.log")).unwrap();
    big.set_len(60 * 1024 * 1024).unwrap();
    fs::write(root.join("blob.js"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    // A file name that is not UTF-8.
    let bad = std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.txt");
    fs::write(root.join(bad), "not utf-8 name\n").unwrap();
    // A FIFO: reading it would block forever.
    let fifo = root.join("pipe");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(status.is_ok_and(|s| s.success()), "mkfifo");
    // 300 nested directories.
    let mut deep = root.to_path_buf();
    for _ in 0..300 {
        deep.push("d");
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("deep.rs"), "fn main() {}\n").unwrap();
}

/// Path → (kind, size, content hash or link target), without following links.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    fn visit(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let ft = meta.file_type();
            let desc = if ft.is_symlink() {
                format!("link {}", fs::read_link(&path).unwrap().display())
            } else if ft.is_dir() {
                visit(root, &path, out);
                "dir".into()
            } else if ft.is_file() {
                let digest = Sha256::digest(fs::read(&path).unwrap());
                format!(
                    "file {} {:x} {:?}",
                    meta.len(),
                    digest,
                    meta.modified().unwrap()
                )
            } else {
                "special".into()
            };
            out.insert(rel, desc);
        }
    }
    let mut out = BTreeMap::new();
    visit(root, root, &mut out);
    out
}

#[test]
fn hostile_tree_is_audited_safely() {
    let target = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let secret = secret_shaped();
    fs::write(
        outside.path().join("secret.txt"),
        format!("GITHUB_TOKEN={secret}\n"),
    )
    .unwrap();
    build_tree(target.path(), outside.path());
    let before = snapshot(target.path());

    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["audit", "--offline", "-q", "--no-target-config"])
        .args([
            "-f",
            "json",
            "-f",
            "md",
            "-f",
            "html",
            "-f",
            "sarif",
            "--out-dir",
        ])
        .arg(out_dir.path())
        .arg(target.path())
        .output()
        .unwrap();
    assert_status(&out, &[0]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&secret));

    for name in ["report.json", "report.md", "report.html", "report.sarif"] {
        let text = fs::read_to_string(out_dir.path().join(name)).unwrap();
        assert!(
            !text.contains(&secret),
            "{name} contains the secret behind a symlink"
        );
        assert!(!text.contains("root:x:0:0"), "{name} read /etc/passwd");
    }
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out_dir.path().join("report.json")).unwrap())
            .unwrap();
    crate::e2e::assert_contract(&report);

    // Every symlink is listed as skipped, with its target, and none was counted as a file.
    let skipped: Vec<&str> = report["scope"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    for link in [
        "a/again",
        "etc",
        "leak.txt",
        "loop",
        "outside-dir",
        "passwd",
        "pipe",
    ] {
        assert!(
            skipped.contains(&link),
            "{link} not in skipped: {skipped:?}"
        );
    }
    // Counted: README.md, main.py, huge.log, blob.js (binary content under a source name), the non-UTF-8 name, deep.rs.
    assert_eq!(report["inventory"]["files"], 6);
    let not_scanned = &report["scope"]["not_scanned"];
    assert!(not_scanned
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "huge.log" && f["reason"] == "too-large"));
    assert!(not_scanned
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "blob.js" && f["reason"] == "binary"));
    let langs = report["inventory"]["languages"].as_array().unwrap();
    assert!(
        langs.iter().any(|l| l["name"] == "Rust" && l["files"] == 1),
        "the 300-deep file was counted: {langs:?}"
    );
    assert!(report["inventory"]["bytes"].as_u64().unwrap() >= 60 * 1024 * 1024);

    assert_eq!(before, snapshot(target.path()), "the audited tree changed");
}
