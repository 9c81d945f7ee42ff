//! The CycloneDX SBOM (`--format cyclonedx`): valid against the CycloneDX 1.5 JSON schema
//! (vendored under tests/schemas/cyclonedx, references resolved locally), with purls, versions,
//! licences, lockfile hashes, scopes and the project's direct dependencies.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{audit_text, bin, fixture, repo_root};

/// Resolves the schema's references to the vendored files; anything else is refused.
struct Vendored;

impl jsonschema::Retrieve for Vendored {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = match uri.path().as_str().rsplit('/').next() {
            Some("spdx.SNAPSHOT.schema.json") => {
                include_str!("schemas/cyclonedx/spdx.SNAPSHOT.schema.json")
            }
            Some("jsf-0.82.SNAPSHOT.schema.json") => {
                include_str!("schemas/cyclonedx/jsf-0.82.SNAPSHOT.schema.json")
            }
            _ => return Err(format!("not vendored: {uri}").into()),
        };
        Ok(serde_json::from_str(text)?)
    }
}

fn errors(bom: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(include_str!(
        "schemas/cyclonedx/bom-1.5.SNAPSHOT.schema.json"
    ))
    .unwrap();
    let validator = jsonschema::options()
        .with_retriever(Vendored)
        .build(&schema)
        .expect("the CycloneDX schema compiles");
    validator
        .iter_errors(bom)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(bom: &Value) {
    let errors = errors(bom);
    assert!(
        errors.is_empty(),
        "invalid CycloneDX:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_check_rejects_invalid_boms() {
    let bom = sbom("vulnerable-app");
    let mut bad_hash = bom.clone();
    bad_hash["components"][0]["hashes"][0]["content"] = "not-hex".into();
    assert!(!errors(&bad_hash).is_empty());
    // The SPDX sub-schema is resolved: an unknown licence id is refused.
    let mut bad_id = bom.clone();
    bad_id["components"][0]["licenses"] =
        serde_json::json!([{ "license": { "id": "Not-A-Licence-Id" } }]);
    assert!(!errors(&bad_id).is_empty());
    let mut bad_type = bom;
    bad_type["components"][0]["type"] = "widget".into();
    assert!(!errors(&bad_type).is_empty());
}

fn sbom(name: &str) -> Value {
    serde_json::from_str(&audit_text(&fixture(name), "cyclonedx", &[])).expect("JSON SBOM")
}

fn by_purl(bom: &Value) -> BTreeMap<String, Value> {
    bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["purl"].as_str().unwrap().to_owned(), c.clone()))
        .collect()
}

#[test]
fn vulnerable_app_sbom_is_valid_with_hashes_licences_and_scopes() {
    let bom = sbom("vulnerable-app");
    assert_valid(&bom);
    assert_eq!(bom["bomFormat"], "CycloneDX");
    assert_eq!(bom["specVersion"], "1.5");
    assert_eq!(bom["metadata"]["component"]["name"], "vulnerable-app");
    let c = by_purl(&bom);
    assert_eq!(
        c.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "pkg:cargo/serde@1.0.152",
            "pkg:cargo/smallvec@1.2.0",
            "pkg:npm/lodash@4.17.11",
            "pkg:npm/minimist@1.2.0",
            "pkg:npm/mocha@5.2.0",
            "pkg:pypi/django@3.1.0",
            "pkg:pypi/requests@2.31.0",
        ]
    );
    let serde = &c["pkg:cargo/serde@1.0.152"];
    assert_eq!(serde["version"], "1.0.152");
    assert_eq!(
        serde["hashes"],
        serde_json::json!([{ "alg": "SHA-256",
            "content": "bb7d1f0d3021d347a83e556fc4683dea2ea09d87bccdf88ff5c12545d89d5efb" }])
    );
    // npm's base64 SRI becomes hex; sha1 integrity too.
    assert_eq!(c["pkg:npm/minimist@1.2.0"]["hashes"][0]["alg"], "SHA-1");
    assert_eq!(
        c["pkg:npm/minimist@1.2.0"]["hashes"][0]["content"],
        "a35008b20f41383eec1fb914f4cd5df79a264284"
    );
    assert_eq!(c["pkg:npm/lodash@4.17.11"]["hashes"][0]["alg"], "SHA-512");
    assert_eq!(
        c["pkg:npm/lodash@4.17.11"]["licenses"],
        serde_json::json!([{ "expression": "MIT" }])
    );
    assert_eq!(c["pkg:npm/mocha@5.2.0"]["scope"], "optional");
    assert_eq!(c["pkg:npm/lodash@4.17.11"]["scope"], "required");
    assert!(c["pkg:pypi/django@3.1.0"].get("hashes").is_none());
    let root = &bom["dependencies"][0];
    assert_eq!(root["ref"], "project");
    assert_eq!(root["dependsOn"].as_array().unwrap().len(), 7);
}

#[test]
fn every_ecosystem_gets_a_valid_component() {
    let bom = sbom("deps-formats");
    assert_valid(&bom);
    let c = by_purl(&bom);
    for prefix in [
        "pkg:cargo/",
        "pkg:npm/",
        "pkg:pypi/",
        "pkg:golang/",
        "pkg:maven/",
        "pkg:gem/",
        "pkg:composer/",
        "pkg:nuget/",
    ] {
        assert!(
            c.keys().any(|p| p.starts_with(prefix)),
            "no {prefix} component"
        );
    }
    // Namespaced ecosystems fill `group`.
    let gin = &c["pkg:golang/github.com/gin-gonic/gin@v1.9.1"];
    assert_eq!(gin["group"], "github.com/gin-gonic");
    assert_eq!(gin["name"], "gin");
    // Hashes from pnpm's integrity (base64 → hex) and uv's sdist digest.
    let clsx = &c["pkg:npm/clsx@2.1.0"]["hashes"][0];
    assert_eq!(clsx["alg"], "SHA-512");
    assert!(clsx["content"]
        .as_str()
        .unwrap()
        .starts_with("9b788d356a5df6b9"));
    assert_eq!(
        c["pkg:pypi/anyio@4.3.0"]["hashes"][0]["content"],
        "f75253795a87df48568485fd18cdd2a3fa5c4f7c5be8e5e36637733fce06fed6"
    );
    // One component per package version, whatever the number of lockfiles.
    let refs: Vec<&str> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    let mut unique = refs.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(refs.len(), unique.len());
}

#[test]
fn out_dir_writes_report_cdx_json() {
    let out = tempfile::tempdir().unwrap();
    let status = bin()
        .args(["audit", "--offline", "--quiet", "--no-target-config"])
        .args(["--format", "json", "--format", "cyclonedx", "--out-dir"])
        .arg(out.path())
        .arg(fixture("vulnerable-app"))
        .status()
        .unwrap();
    assert!(status.success());
    let bom: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.cdx.json")).unwrap())
            .unwrap();
    assert_valid(&bom);
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    // The JSON report's inventory carries what the SBOM is built from.
    let smallvec = report["inventory"]["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "smallvec")
        .unwrap();
    assert_eq!(smallvec["purl"], "pkg:cargo/smallvec@1.2.0");
    assert_eq!(smallvec["hashes"][0]["alg"], "SHA-256");
}

/// Bundled code listed in the product's third-party inventories is in the SBOM, with its
/// licence and where it is listed, as something the product depends on.
#[test]
fn bundled_code_from_third_party_notices_is_in_the_sbom() {
    let tree = repo_root().join("checks/licenses/cases/third-party-inventory");
    let bom: Value = serde_json::from_str(&audit_text(&tree, "cyclonedx", &[])).expect("JSON SBOM");
    assert_valid(&bom);
    let readline = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "readline")
        .expect("bundled readline is a component");
    assert_eq!(readline["version"], "8.2");
    assert_eq!(readline["licenses"][0]["expression"], "GPL-3.0-or-later");
    assert_eq!(readline["properties"][0]["value"], "LICENSE-THIRD-PARTY:15");
    let root_deps = &bom["dependencies"][0]["dependsOn"];
    assert!(
        root_deps
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == &readline["bom-ref"]),
        "{root_deps}"
    );
}
