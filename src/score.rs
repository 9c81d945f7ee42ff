//! The scoring model, pure and table-tested.
//!
//! - Each check scores 0–100. Skipped and errored checks are left out (a broken check never
//!   looks like a bad repository).
//! - The overall score is the weighted mean of the conclusive checks: `Σ wᵢ·sᵢ / Σ wᵢ`.
//!   Category subtotals use the same function over the category's checks.
//! - Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
//! - Caps: an unsuppressed critical finding (a committed private key, a live cloud credential)
//!   caps the grade at D whatever else is good: the overall score is lowered to at most 69.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::check::{Evaluation, Severity};

/// A letter grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    /// ≥ 90.
    A,
    /// ≥ 80.
    B,
    /// ≥ 70.
    C,
    /// ≥ 60.
    D,
    /// < 60.
    F,
}

impl Grade {
    /// The grade for a score.
    #[must_use]
    pub fn from_score(score: f64) -> Self {
        if score >= 90.0 {
            Grade::A
        } else if score >= 80.0 {
            Grade::B
        } else if score >= 70.0 {
            Grade::C
        } else if score >= 60.0 {
            Grade::D
        } else {
            Grade::F
        }
    }

    /// The highest score that still earns this grade.
    #[must_use]
    pub fn ceiling(self) -> f64 {
        match self {
            Grade::A => 100.0,
            Grade::B => 89.9,
            Grade::C => 79.9,
            Grade::D => 69.9,
            Grade::F => 59.9,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// A limit on the grade, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cap {
    /// The best grade allowed.
    pub grade: Grade,
    /// Why, in one sentence.
    pub reason: String,
}

/// The overall result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 0–100, one decimal.
    pub overall: f64,
    /// The letter grade.
    pub grade: Grade,
    /// The weighted mean before any cap.
    pub uncapped: f64,
    /// The cap that applied, if any.
    pub cap: Option<Cap>,
    /// How the score was reached, in one sentence.
    pub explanation: String,
}

/// One check's contribution.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The check id.
    pub id: &'a str,
    /// Its weight.
    pub weight: f64,
    /// Its evaluation.
    pub evaluation: &'a Evaluation,
}

/// The weighted mean of the conclusive inputs, or `None` if none is conclusive or all weigh 0.
#[must_use]
pub fn weighted_mean(inputs: &[Input<'_>]) -> Option<f64> {
    let (sum, weights) = inputs
        .iter()
        .filter_map(|i| i.evaluation.score.map(|s| (f64::from(s), i.weight)))
        .fold((0.0, 0.0), |(sum, w), (s, wi)| (sum + s * wi, w + wi));
    (weights > 0.0).then(|| round1(sum / weights))
}

/// The overall score: weighted mean, then caps from critical findings.
#[must_use]
pub fn aggregate(inputs: &[Input<'_>]) -> Score {
    let Some(mean) = weighted_mean(inputs) else {
        return Score {
            overall: 0.0,
            grade: Grade::F,
            uncapped: 0.0,
            cap: None,
            explanation: "No check produced a score, so there is nothing to grade.".into(),
        };
    };
    let scored: Vec<_> = inputs
        .iter()
        .filter(|i| i.evaluation.score.is_some())
        .collect();
    let left_out: Vec<&str> = inputs
        .iter()
        .filter(|i| i.evaluation.score.is_none())
        .map(|i| i.id)
        .collect();
    let criticals: Vec<&str> = inputs
        .iter()
        .filter(|i| {
            i.evaluation
                .findings
                .iter()
                .any(|f| f.severity == Severity::Critical && f.counts())
        })
        .map(|i| i.id)
        .collect();
    let cap = (!criticals.is_empty()).then(|| Cap {
        grade: Grade::D,
        reason: format!(
            "critical findings in {} cap the grade at D",
            criticals.join(", ")
        ),
    });
    let overall = match &cap {
        Some(c) => mean.min(c.grade.ceiling()),
        None => mean,
    };
    let mut explanation = format!(
        "Weighted mean of {} scored check{}: {}",
        scored.len(),
        if scored.len() == 1 { "" } else { "s" },
        scored
            .iter()
            .map(|i| format!(
                "{} {}×{}",
                i.id,
                i.evaluation.score.unwrap_or(0),
                trim_weight(i.weight)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    explanation.push_str(&format!(" → {mean}"));
    if let Some(c) = &cap {
        if overall < mean {
            explanation.push_str(&format!("; {}, so {overall}", c.reason));
        } else {
            explanation.push_str(&format!("; {}", c.reason));
        }
    }
    if !left_out.is_empty() {
        explanation.push_str(&format!("; not scored: {}", left_out.join(", ")));
    }
    explanation.push('.');
    Score {
        overall,
        grade: Grade::from_score(overall),
        uncapped: mean,
        cap,
        explanation,
    }
}

fn trim_weight(w: f64) -> String {
    let s = format!("{w:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Finding, Tally};

    fn eval(score: Option<u8>, critical: bool) -> Evaluation {
        let mut e = match score {
            Some(s) => Evaluation::scored(s, "", &Tally::new(), vec![]),
            None => Evaluation::skipped("n/a"),
        };
        if critical {
            e.findings
                .push(Finding::new("k", Severity::Critical, "m", "r"));
        }
        e
    }

    #[test]
    fn grade_bands() {
        for (s, g) in [
            (100.0, Grade::A),
            (90.0, Grade::A),
            (89.9, Grade::B),
            (80.0, Grade::B),
            (70.0, Grade::C),
            (60.0, Grade::D),
            (59.9, Grade::F),
            (0.0, Grade::F),
        ] {
            assert_eq!(Grade::from_score(s), g, "{s}");
        }
    }

    #[test]
    fn weighted_mean_skips_inconclusive() {
        let (a, b, c) = (
            eval(Some(100), false),
            eval(Some(50), false),
            eval(None, false),
        );
        let inputs = [
            Input {
                id: "a",
                weight: 3.0,
                evaluation: &a,
            },
            Input {
                id: "b",
                weight: 1.0,
                evaluation: &b,
            },
            Input {
                id: "c",
                weight: 10.0,
                evaluation: &c,
            },
        ];
        let s = aggregate(&inputs);
        assert!((s.overall - 87.5).abs() < 1e-9);
        assert_eq!(s.grade, Grade::B);
        assert!(s.explanation.contains("not scored: c"), "{}", s.explanation);
    }

    #[test]
    fn critical_finding_caps_at_d() {
        let (a, b) = (eval(Some(100), false), eval(Some(95), true));
        let inputs = [
            Input {
                id: "docs",
                weight: 1.0,
                evaluation: &a,
            },
            Input {
                id: "secrets",
                weight: 1.0,
                evaluation: &b,
            },
        ];
        let s = aggregate(&inputs);
        assert_eq!(s.grade, Grade::D);
        assert!((s.uncapped - 97.5).abs() < 1e-9);
        assert!(s.overall < 70.0);
        assert!(s.cap.unwrap().reason.contains("secrets"));
    }

    #[test]
    fn suppressed_critical_finding_does_not_cap() {
        let a = eval(Some(100), false);
        let mut b = eval(Some(100), false);
        b.findings
            .push(Finding::new("k", Severity::Critical, "m", "r").suppressed("baseline"));
        let inputs = [
            Input {
                id: "docs",
                weight: 1.0,
                evaluation: &a,
            },
            Input {
                id: "secrets",
                weight: 1.0,
                evaluation: &b,
            },
        ];
        let s = aggregate(&inputs);
        assert_eq!(s.cap, None);
        assert_eq!(s.grade, Grade::A);
        // The same finding unsuppressed caps.
        let mut c = b.clone();
        c.findings[0].suppressed = None;
        let inputs = [
            inputs[0],
            Input {
                evaluation: &c,
                ..inputs[1]
            },
        ];
        assert_eq!(aggregate(&inputs).grade, Grade::D);
    }

    #[test]
    fn cap_does_not_raise_a_low_score() {
        let a = eval(Some(30), true);
        let s = aggregate(&[Input {
            id: "x",
            weight: 1.0,
            evaluation: &a,
        }]);
        assert!((s.overall - 30.0).abs() < 1e-9);
        assert_eq!(s.grade, Grade::F);
    }

    #[test]
    fn nothing_scored_is_f() {
        let a = eval(None, false);
        let s = aggregate(&[Input {
            id: "x",
            weight: 1.0,
            evaluation: &a,
        }]);
        assert_eq!(s.grade, Grade::F);
        assert!(s.explanation.contains("No check produced a score"));
    }
}
