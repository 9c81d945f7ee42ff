//! The CycloneDX 1.5 JSON SBOM: every dependency of the report's inventory as a `library`
//! component with its package URL, version, licence and the hashes the lockfile records.
//!
//! Like the other renderers it sees only the [`Report`]. A package version used by several
//! manifests is one component (its manifests listed as `diligence:manifest` properties); the
//! audited project is `metadata.component`, and its `dependencies` entry lists the direct
//! dependencies (the inventory has no full graph).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{DependencyInventory, Report};

/// The CycloneDX specification version written.
pub const SPEC_VERSION: &str = "1.5";

/// The package URL of a dependency (`pkg:cargo/serde@1.0.100`), with each ecosystem's
/// namespace (npm scopes, Maven groups, Go module paths, Composer vendors); `None` for an
/// unknown ecosystem or a name the purl rules reject.
#[must_use]
pub fn purl(ecosystem: &str, name: &str, version: &str) -> Option<String> {
    let (ty, namespace, name) = match ecosystem {
        "cargo" => ("cargo", None, name),
        "npm" => match name.strip_prefix('@').and_then(|n| n.split_once('/')) {
            Some((scope, n)) => ("npm", Some(&name[..=scope.len()]), n),
            None => ("npm", None, name),
        },
        "pypi" => ("pypi", None, name),
        "go" => match name.rsplit_once('/') {
            Some((ns, n)) => ("golang", Some(ns), n),
            None => ("golang", None, name),
        },
        "maven" => match name.split_once(':') {
            Some((group, artifact)) => ("maven", Some(group), artifact),
            None => ("maven", None, name),
        },
        "rubygems" => ("gem", None, name),
        "composer" => match name.split_once('/') {
            Some((vendor, n)) => ("composer", Some(vendor), n),
            None => ("composer", None, name),
        },
        "nuget" => ("nuget", None, name),
        _ => return None,
    };
    let mut p = packageurl::PackageUrl::new(ty, name).ok()?;
    if let Some(ns) = namespace {
        p.with_namespace(ns).ok()?;
    }
    if !version.is_empty() {
        p.with_version(version).ok()?;
    }
    Some(p.to_string())
}

/// The `licenses` of a component: an SPDX expression when the text parses as one, else a
/// named licence.
fn licenses(text: &str) -> Value {
    if spdx::Expression::parse(text).is_ok() {
        json!([{ "expression": text }])
    } else {
        json!([{ "license": { "name": text } }])
    }
}

fn component(bom_ref: &str, uses: &[&DependencyInventory]) -> Value {
    let d = uses[0];
    let mut c = json!({
        "type": "library",
        "bom-ref": bom_ref,
        "name": d.name,
        "version": d.version,
        // Development-only everywhere: not part of what ships.
        "scope": if uses.iter().all(|u| u.dev) { "optional" } else { "required" },
    });
    if let Some(p) = &d.purl {
        c["purl"] = json!(p);
        // The purl's namespace is the component's group (npm scope, Maven group, …).
        if let Ok(parsed) = p.parse::<packageurl::PackageUrl>() {
            if let Some(ns) = parsed.namespace() {
                c["group"] = json!(ns);
                c["name"] = json!(parsed.name());
            }
        }
    }
    if let Some(l) = uses.iter().find_map(|u| u.license.as_deref()) {
        c["licenses"] = licenses(l);
    }
    let mut hashes: Vec<&crate::facts::dependency::PackageHash> =
        uses.iter().flat_map(|u| &u.hashes).collect();
    hashes.sort();
    hashes.dedup();
    if !hashes.is_empty() {
        c["hashes"] = hashes
            .iter()
            .map(|h| json!({ "alg": h.alg, "content": h.content }))
            .collect();
    }
    let mut properties: Vec<Value> = uses
        .iter()
        .map(|u| json!({ "name": "diligence:manifest", "value": u.manifest }))
        .collect();
    properties.push(json!({ "name": "diligence:ecosystem", "value": d.ecosystem }));
    if uses.iter().any(|u| u.direct) {
        properties.push(json!({ "name": "diligence:direct", "value": "true" }));
    }
    c["properties"] = Value::Array(properties);
    c
}

/// The SBOM of `report`.
#[must_use]
pub fn to_cyclonedx(report: &Report) -> Value {
    // One component per package version; the bom-ref is the purl (unique per version).
    let mut by_ref: BTreeMap<String, Vec<&DependencyInventory>> = BTreeMap::new();
    for d in &report.inventory.dependencies {
        let r = d
            .purl
            .clone()
            .unwrap_or_else(|| format!("{}:{}@{}", d.ecosystem, d.name, d.version));
        by_ref.entry(r).or_default().push(d);
    }
    let mut components: Vec<Value> = by_ref.iter().map(|(r, uses)| component(r, uses)).collect();
    let mut direct: Vec<String> = by_ref
        .iter()
        .filter(|(_, uses)| uses.iter().any(|u| u.direct))
        .map(|(r, _)| r.clone())
        .collect();
    // Bundled code that the product's third-party inventories list: part of what ships.
    let mut bundled_refs: Vec<String> = Vec::new();
    for listed in &report.inventory.licenses.bundled {
        let b = &listed.entry;
        let r = format!(
            "bundled:{}@{}",
            b.name,
            b.version.as_deref().unwrap_or("unversioned")
        );
        if bundled_refs.contains(&r) || by_ref.contains_key(&r) {
            continue;
        }
        let mut c = json!({
            "type": "library",
            "bom-ref": r,
            "name": b.name,
            "scope": "required",
            "properties": [
                { "name": "diligence:listed-in", "value": format!("{}:{}", listed.inventory, b.line) },
            ],
        });
        if let Some(v) = &b.version {
            c["version"] = json!(v);
        }
        if let Some(l) = b.license.as_deref().or(b.stated.as_deref()) {
            c["licenses"] = licenses(l);
        }
        components.push(c);
        bundled_refs.push(r);
    }
    direct.extend(bundled_refs.iter().cloned());
    let root_ref = "project";
    let mut root = json!({
        "type": "application",
        "bom-ref": root_ref,
        "name": report.target.name,
    });
    if let Some(l) = &report.inventory.licenses.project {
        root["licenses"] = licenses(l);
    }
    let mut dependencies = vec![json!({ "ref": root_ref, "dependsOn": direct })];
    dependencies.extend(by_ref.keys().map(|r| json!({ "ref": r })));
    dependencies.extend(bundled_refs.iter().map(|r| json!({ "ref": r })));
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "version": 1,
        "metadata": {
            "timestamp": report.generated_at,
            "tools": {
                "components": [{
                    "type": "application",
                    "name": report.tool.name,
                    "version": report.tool.version,
                }]
            },
            "component": root,
        },
        "components": components,
        "dependencies": dependencies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_per_ecosystem() {
        let cases = [
            ("cargo", "serde", "1.0.100", "pkg:cargo/serde@1.0.100"),
            ("npm", "@babel/core", "7.0.0", "pkg:npm/%40babel/core@7.0.0"),
            ("npm", "lodash", "4.17.11", "pkg:npm/lodash@4.17.11"),
            ("pypi", "Django_Rest", "3.1", "pkg:pypi/django-rest@3.1"),
            (
                "go",
                "github.com/pkg/errors",
                "v0.9.1",
                "pkg:golang/github.com/pkg/errors@v0.9.1",
            ),
            (
                "maven",
                "com.google.guava:guava",
                "32.1.2-jre",
                "pkg:maven/com.google.guava/guava@32.1.2-jre",
            ),
            ("rubygems", "rails", "7.1.2", "pkg:gem/rails@7.1.2"),
            (
                "composer",
                "monolog/monolog",
                "3.4.0",
                "pkg:composer/monolog/monolog@3.4.0",
            ),
            (
                "nuget",
                "Newtonsoft.Json",
                "12.0.3",
                "pkg:nuget/Newtonsoft.Json@12.0.3",
            ),
        ];
        for (eco, name, version, want) in cases {
            assert_eq!(
                purl(eco, name, version).as_deref(),
                Some(want),
                "{eco} {name}"
            );
        }
        assert_eq!(purl("cobol", "x", "1"), None);
    }
}
