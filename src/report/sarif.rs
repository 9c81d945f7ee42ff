//! SARIF 2.1.0: one run, the checks' finding rules in `tool.driver.rules`, one result per finding.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::Report;
use crate::check::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Percent-encodes a path for a SARIF `uri` (RFC 3986 `uri-reference`): unreserved characters
/// and `/` stay, every other byte becomes `%XX`, so that a file named `a b#c.txt` is still a
/// valid relative reference.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF document for a report.
pub(super) fn to_sarif(report: &Report) -> Value {
    // One SARIF rule per (check, finding rule), described by the check's metadata.
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    let mut results = Vec::new();
    for (check, f) in report.findings() {
        let rule_id = format!("{}/{}", check.id, f.finding.rule);
        rules.entry(rule_id.clone()).or_insert_with(|| {
            json!({
                "id": rule_id,
                "name": f.finding.rule,
                "shortDescription": { "text": check.title },
                "fullDescription": { "text": check.rationale },
                "help": { "text": f.finding.remediation },
                "properties": { "category": check.category, "check": check.id },
            })
        });
        let mut result = json!({
            "ruleId": rule_id,
            "level": level(f.finding.severity),
            "message": { "text": f.finding.message },
            "partialFingerprints": { "diligence/v1": f.fingerprint },
            "properties": { "severity": f.finding.severity },
        });
        if let Some(reason) = &f.finding.suppressed {
            result["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
        }
        let location = |path: &str, line: Option<u32>| {
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri_path(path), "uriBaseId": "SRCROOT" }
                }
            });
            if let Some(line) = line {
                location["physicalLocation"]["region"] = json!({ "startLine": line });
            }
            location
        };
        if let Some(path) = &f.finding.path {
            result["locations"] = json!([location(path, f.finding.line)]);
        }
        // The other places the finding stands for (the same secret elsewhere).
        if !f.finding.also.is_empty() {
            let related: Vec<serde_json::Value> = f
                .finding
                .also
                .iter()
                .map(|l| location(&l.path, l.line))
                .collect();
            result["relatedLocations"] = json!(related);
        }
        results.push(result);
    }
    let rule_ids: Vec<&String> = rules.keys().collect();
    for r in &mut results {
        let id = r["ruleId"].as_str().unwrap_or_default().to_owned();
        if let Some(i) = rule_ids.iter().position(|k| **k == id) {
            r["ruleIndex"] = json!(i);
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "informationUri": "https://crates.io/crates/diligence",
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": { "SRCROOT": { "uri": format!("file://{}/", uri_path(report.target.path.trim_end_matches('/'))) } },
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::uri_path;

    #[test]
    fn paths_become_valid_uri_references() {
        assert_eq!(uri_path("src/main.rs"), "src/main.rs");
        assert_eq!(uri_path("a b/c#d?.txt"), "a%20b/c%23d%3F.txt");
        assert_eq!(uri_path("d\u{e9}j\u{e0}/x"), "d%C3%A9j%C3%A0/x");
        assert_eq!(uri_path("/abs/dir"), "/abs/dir");
    }
}
