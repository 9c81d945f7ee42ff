//! Committed coverage reports (lcov, Cobertura, JaCoCo), parsed for their line-coverage total
//! during the one walk.
//!
//! The formats are recognised by file name (`lcov.info`, `*.lcov`, `coverage.xml`,
//! `cobertura*.xml`, `jacoco*.xml`) and confirmed by content; a file that claims a format but
//! holds no total is a warning.

use std::sync::LazyLock;

use regex::Regex;

use super::pattern::code_regex;
use super::scan::ContentScanner;
use super::{FileFacts, Warning};

/// A coverage report's total.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageReport {
    /// `lcov`, `cobertura` or `jacoco`.
    pub format: &'static str,
    /// Lines instrumented (`None` when the report gives only a rate).
    pub lines_total: Option<u64>,
    /// Lines covered (`None` when the report gives only a rate).
    pub lines_covered: Option<u64>,
    /// Line coverage in percent, 0–100.
    pub percent: f64,
}

fn format_of(file: &FileFacts) -> Option<&'static str> {
    let name = file.name().to_ascii_lowercase();
    if name == "lcov.info" || name.ends_with(".lcov") || name == "lcov.dat" {
        Some("lcov")
    } else if name.ends_with(".xml")
        && (name.starts_with("cobertura") || name == "coverage.xml" || name == "coverage-final.xml")
    {
        Some("cobertura")
    } else if name.ends_with(".xml") && name.starts_with("jacoco") {
        Some("jacoco")
    } else {
        None
    }
}

/// Parses coverage reports into [`CoverageReport`]s.
pub struct CoverageScanner;

impl ContentScanner for CoverageScanner {
    fn name(&self) -> &'static str {
        "coverage"
    }

    fn wants(&self, file: &FileFacts) -> bool {
        format_of(file).is_some()
    }

    fn scan(&self, content: &[u8], file: &mut FileFacts, warnings: &mut Vec<Warning>) {
        let Some(format) = format_of(file) else {
            return;
        };
        let text = super::lossy_text(content);
        let parsed = match format {
            "lcov" => lcov(&text),
            "cobertura" => cobertura(&text),
            _ => jacoco(&text),
        };
        match parsed {
            Some(report) => file.scan.coverage = Some(report),
            // A `coverage.xml` may be some other tool's file: only an lcov or JaCoCo name is a
            // promise worth a warning.
            None if format != "cobertura" => warnings.push(Warning {
                path: Some(file.path.clone()),
                message: format!("coverage report without a {format} line total"),
            }),
            None => {}
        }
    }
}

fn percent(covered: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let p = covered as f64 * 100.0 / total as f64;
        (p * 10.0).round() / 10.0
    }
}

/// lcov: the sum of `LF` (lines found) and `LH` (lines hit) over every record.
fn lcov(text: &str) -> Option<CoverageReport> {
    let (mut found, mut hit, mut any) = (0u64, 0u64, false);
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("LF:") {
            found += n.trim().parse::<u64>().ok()?;
            any = true;
        } else if let Some(n) = line.strip_prefix("LH:") {
            hit += n.trim().parse::<u64>().ok()?;
        }
    }
    any.then(|| CoverageReport {
        format: "lcov",
        lines_total: Some(found),
        lines_covered: Some(hit),
        percent: percent(hit, found),
    })
}

static COBERTURA_ROOT: LazyLock<Regex> =
    LazyLock::new(|| code_regex(r"<coverage\b[^>]*>").expect("valid regex"));
static XML_ATTR: LazyLock<Regex> =
    LazyLock::new(|| code_regex(r#"\b([\w-]+)\s*=\s*["']([^"']*)["']"#).expect("valid regex"));

fn attrs(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    XML_ATTR
        .captures_iter(tag)
        .filter_map(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str())))
}

/// Cobertura: the root `<coverage line-rate=… lines-valid=… lines-covered=…>`.
fn cobertura(text: &str) -> Option<CoverageReport> {
    let root = COBERTURA_ROOT.find(text)?.as_str();
    let (mut rate, mut valid, mut covered) = (None, None, None);
    for (k, v) in attrs(root) {
        match k {
            "line-rate" => rate = v.parse::<f64>().ok(),
            "lines-valid" => valid = v.parse::<u64>().ok(),
            "lines-covered" => covered = v.parse::<u64>().ok(),
            _ => {}
        }
    }
    let pct = match (valid, covered, rate) {
        (Some(t), Some(c), _) if t > 0 => percent(c, t),
        (_, _, Some(r)) if (0.0..=1.0).contains(&r) => (r * 1000.0).round() / 10.0,
        _ => return None,
    };
    Some(CoverageReport {
        format: "cobertura",
        lines_total: valid.filter(|t| *t > 0),
        lines_covered: covered.filter(|_| valid.is_some_and(|t| t > 0)),
        percent: pct,
    })
}

static JACOCO_LINE: LazyLock<Regex> = LazyLock::new(|| {
    code_regex(r#"<counter\s+type="LINE"\s+missed="(\d+)"\s+covered="(\d+)"\s*/>"#)
        .expect("valid regex")
});

/// JaCoCo: the report-level `LINE` counter, which is the last one in the file (the counters of
/// packages and classes come before it).
fn jacoco(text: &str) -> Option<CoverageReport> {
    if !text.contains("<report") {
        return None;
    }
    let last = JACOCO_LINE.captures_iter(text).last()?;
    let missed: u64 = last.get(1)?.as_str().parse().ok()?;
    let covered: u64 = last.get(2)?.as_str().parse().ok()?;
    Some(CoverageReport {
        format: "jacoco",
        lines_total: Some(missed + covered),
        lines_covered: Some(covered),
        percent: percent(covered, missed + covered),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcov_sums_records() {
        let r = lcov("TN:\nSF:a.js\nDA:1,1\nLF:10\nLH:8\nend_of_record\nSF:b.js\nLF:10\nLH:1\nend_of_record\n")
            .expect("parsed");
        assert_eq!(r.lines_total, Some(20));
        assert_eq!(r.lines_covered, Some(9));
        assert!((r.percent - 45.0).abs() < f64::EPSILON);
        assert!(lcov("hello").is_none());
    }

    #[test]
    fn cobertura_root_totals_or_rate() {
        let r = cobertura(r#"<?xml version="1.0" ?><coverage version="7" line-rate="0.8125" lines-valid="160" lines-covered="130" branch-rate="0"><packages/></coverage>"#).unwrap();
        assert!((r.percent - 81.3).abs() < 1e-9);
        assert_eq!(r.lines_total, Some(160));
        let r = cobertura(r#"<coverage line-rate="0.5">"#).unwrap();
        assert!((r.percent - 50.0).abs() < 1e-9);
        assert_eq!(r.lines_total, None);
        assert!(cobertura("<settings/>").is_none());
    }

    #[test]
    fn jacoco_takes_the_report_counter() {
        let xml = r#"<report name="x"><package name="a"><counter type="LINE" missed="5" covered="5"/></package><counter type="INSTRUCTION" missed="1" covered="1"/><counter type="LINE" missed="25" covered="75"/></report>"#;
        let r = jacoco(xml).unwrap();
        assert_eq!(r.lines_total, Some(100));
        assert!((r.percent - 75.0).abs() < 1e-9);
    }
}
