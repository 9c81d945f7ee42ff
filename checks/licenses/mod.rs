//! `licenses`: what the company may ship, from licence texts, manifests, headers and dependencies.
//!
//! Reads the licence facts (texts matched against the SPDX list during the walk, manifest
//! declarations, `SPDX-License-Identifier` lines and licence headers, copyright lines) and the
//! dependencies' licences, classifies every licence with the policy in `policy.toml`, and judges
//! them against the project's own licence and distribution model (`[checks.licenses]
//! distribution = "saas" | "distributed" | "library"`, `allow`, `deny`).

pub mod policy;

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use crate::check::{plural, Check, CheckConfig, Evaluation, Finding, Severity, Status, Tally};
use crate::facts::deps::dir_of;
use crate::facts::licenses::distribution::Model;
use crate::facts::licenses::{self as lic, expr, Parsed};
use crate::facts::{FileFacts, FileKind, Needs, RepoFacts};

use policy::{Class, Distribution, Params, Verdict, POLICY};

/// The check.
pub struct Licenses;

impl Check for Licenses {
    crate::check_meta!();

    fn needs(&self) -> Needs {
        Needs::PATHS | Needs::DOCUMENTS | Needs::LICENSE_TEXT | Needs::MANIFESTS
    }

    fn param_keys(&self) -> &'static [&'static str] {
        policy::PARAM_KEYS
    }

    fn validate_params(&self, params: &toml::Table) -> Result<(), Vec<String>> {
        Params::from_table(params).map(|_| ())
    }

    fn evaluate(&self, facts: &RepoFacts, cfg: &CheckConfig) -> Evaluation {
        let params = match Params::from_table(&cfg.params) {
            Ok(p) => p,
            Err(problems) => return Evaluation::error(problems.join("; ")),
        };
        if !facts.licenses.collected {
            return Evaluation::skipped("Licence facts were not collected.");
        }
        // The configured distribution model wins; else the one inferred from the tree; else a
        // hosted service, as before.
        let mut params = params;
        if !params.distribution_configured {
            if let Some(inferred) = &facts.licenses.distribution {
                params.distribution = if inferred.model == Model::Library {
                    Distribution::Library
                } else if inferred.model.is_distributed() {
                    Distribution::Distributed
                } else {
                    Distribution::Saas
                };
            }
        }
        Review::new(facts, &params).run()
    }
}

/// Points taken off per finding severity (the first finding of a rule; later ones of the same
/// rule add up to as much again).
fn points(severity: Severity) -> u32 {
    match severity {
        Severity::Critical => 50,
        Severity::High => 25,
        Severity::Medium => 15,
        Severity::Low => 5,
        Severity::Info => 0,
    }
}

/// A licence found on something the company ships but does not own.
struct ThirdParty<'a> {
    /// What it is, for messages ("vendor/foo", "dependency serde 1.0.0", "src/x.c").
    what: String,
    /// The path to attach, if any.
    path: Option<&'a str>,
    line: Option<u32>,
    expression: String,
    dev: bool,
}

struct Review<'a> {
    facts: &'a RepoFacts,
    params: &'a Params,
    findings: Vec<Finding>,
    /// The project licence's class, and its families (for "is this the project's own licence").
    project_class: Class,
    project_families: Vec<String>,
    /// Facts for the summary.
    vendored_units: usize,
    bundled: usize,
    foreign_files: usize,
    dep_rollup: BTreeMap<String, usize>,
    deps_unknown: usize,
}

impl<'a> Review<'a> {
    fn new(facts: &'a RepoFacts, params: &'a Params) -> Self {
        Review {
            facts,
            params,
            findings: Vec::new(),
            project_class: Class::Proprietary,
            project_families: Vec::new(),
            vendored_units: 0,
            bundled: 0,
            foreign_files: 0,
            dep_rollup: BTreeMap::new(),
            deps_unknown: 0,
        }
    }

    fn own_files(&self) -> impl Iterator<Item = &'a FileFacts> {
        self.facts
            .files
            .iter()
            .filter(|f| lic::vendored_unit(&f.path).is_none())
    }

    fn run(mut self) -> Evaluation {
        let project = self.project();
        self.licence_texts();
        self.declarations();
        self.file_headers();
        self.vendored();
        self.bundled();
        self.dependencies();

        let mut tally = Tally::new();
        let mut by_rule: BTreeMap<(&str, Severity), (u32, usize)> = BTreeMap::new();
        for f in &self.findings {
            let e = by_rule.entry((f.rule.as_ref(), f.severity)).or_default();
            e.0 += points(f.severity);
            e.1 += 1;
        }
        for ((rule, severity), (sum, count)) in by_rule.iter().rev() {
            let first = points(*severity);
            let total = first + (sum - first).min(first);
            let label = if *count > 1 {
                format!("{count} × {rule}, {severity}")
            } else {
                format!("{rule}, {severity}")
            };
            tally.deduct(total, label);
        }

        let summary = self.summary(project.as_deref());
        let critical = self
            .findings
            .iter()
            .any(|f| f.severity == Severity::Critical);
        let eval = Evaluation::scored(tally.score(), summary, &tally, self.findings);
        if critical {
            eval.with_status(Status::Fail)
        } else {
            eval
        }
    }

    fn summary(&self, project: Option<&str>) -> String {
        let mut parts = Vec::new();
        parts.push(match project {
            Some(p) => format!("Project licence: {p} ({})", self.project_class.describe()),
            None if self.project_class == Class::Proprietary => {
                "No open-source licence: the code is proprietary".to_owned()
            }
            None => "The project's licence is not stated consistently".to_owned(),
        });
        let inferred = self.facts.licenses.distribution.as_ref();
        parts.push(match (self.params.distribution_configured, inferred) {
            (true, _) => format!(
                "distribution model: {} (configured)",
                self.params.distribution.as_str()
            ),
            (false, Some(i)) => format!(
                "distribution model: {} ({}, inferred: {})",
                self.params.distribution.as_str(),
                i.model.as_str(),
                i.evidence
            ),
            (false, None) => format!(
                "distribution model: {} (assumed: nothing in the tree says how it ships)",
                self.params.distribution.as_str()
            ),
        });
        if self.vendored_units > 0 {
            parts.push(plural(
                self.vendored_units,
                "vendored component",
                "vendored components",
            ));
        }
        if self.bundled > 0 {
            parts.push(format!(
                "{} listed in third-party notices",
                plural(self.bundled, "bundled component", "bundled components")
            ));
        }
        if self.foreign_files > 0 {
            parts.push(format!(
                "{} under another licence",
                plural(self.foreign_files, "file", "files")
            ));
        }
        let deps: usize = self.dep_rollup.values().sum::<usize>() + self.deps_unknown;
        if deps > 0 && self.dep_rollup.is_empty() {
            parts.push(format!("{deps} dependencies, licences unknown"));
        } else if deps > 0 {
            parts.push(format!(
                "{deps} dependencies ({})",
                rollup_text(&self.dep_rollup, 4)
            ));
        }
        let issues = self
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Medium)
            .count();
        let tail = if issues == 0 {
            "no licence problems found".to_owned()
        } else {
            format!(
                "{} to resolve",
                plural(issues, "licence problem", "licence problems")
            )
        };
        format!("{}; {tail}.", parts.join("; "))
    }

    /// The project's own licence: its class, and the finding when there is no licence or
    /// ownership statement anywhere.
    fn project(&mut self) -> Option<String> {
        let facts = self.facts;
        let project = facts.licenses.project.clone();
        let root_texts: Vec<&FileFacts> = facts
            .files
            .iter()
            .filter(|f| f.depth() == 0 && f.is(FileKind::LICENSE) && !lic::is_notice(f))
            .collect();
        let root_ids: Vec<String> = root_texts
            .iter()
            .filter_map(|f| f.scan.licenses.text.as_ref())
            .flat_map(|t| t.licenses.iter().map(|l| l.spdx.clone()))
            .collect();
        let own_decls: Vec<&lic::Declared> = facts
            .licenses
            .declared
            .iter()
            .filter(|d| lic::vendored_unit(&d.manifest).is_none())
            .collect();
        let declared_proprietary = own_decls.iter().any(|d| d.proprietary);
        let notice = root_texts.iter().find(|f| {
            f.scan
                .licenses
                .text
                .as_ref()
                .is_some_and(|t| t.proprietary_notice)
        });
        let ownership = self
            .own_files()
            .find_map(|f| f.scan.licenses.ownership.as_ref().map(|o| (f, o)));
        let spdx_any = self
            .own_files()
            .any(|f| !f.scan.licenses.spdx_headers.is_empty());

        if let Some(p) = &project {
            self.project_families = expr::families(p);
            self.project_class =
                policy::verdict(&POLICY, &Params::default(), p).map_or(Class::Unknown, |v| v.class);
        } else if !root_ids.is_empty() {
            // Licence texts that the declarations contradict (reported below): judge by the most
            // restrictive of them.
            self.project_families = root_ids.iter().flat_map(|i| expr::families(i)).collect();
            self.project_class = root_ids
                .iter()
                .filter_map(|i| policy::verdict(&POLICY, &Params::default(), i))
                .map(|v| v.class)
                .max_by_key(|c| c.reach())
                .unwrap_or(Class::Unknown);
        } else if root_texts.iter().any(|f| {
            f.scan
                .licenses
                .text
                .as_ref()
                .is_some_and(|t| !t.proprietary_notice)
        }) {
            // A licence file nobody could name (reported as unrecognised): a licence of its own.
            self.project_class = Class::Unknown;
        } else {
            self.project_class = Class::Proprietary;
            let any_declared = own_decls
                .iter()
                .any(|d| d.expression.is_some() || d.file.is_some() || d.proprietary);
            if let Some(f) = notice {
                self.findings.push(
                    Finding::new(
                        "project-proprietary",
                        Severity::Info,
                        format!("{} is an ownership notice, not an open-source licence: the code is proprietary.", f.path),
                        "Nothing to do if the code is a private product; make sure the notice names the company that owns the code.",
                    )
                    .at(&f.path, None),
                );
            } else if declared_proprietary {
                let d = own_decls.iter().find(|d| d.proprietary).expect("checked");
                self.findings.push(
                    Finding::new(
                        "project-proprietary",
                        Severity::Info,
                        format!("{} declares the package proprietary (`{}`).", d.manifest, d.value),
                        "Add a LICENSE or NOTICE file that names the owner and says all rights are reserved, so the statement is visible outside the manifest.",
                    )
                    .at(&d.manifest, None),
                );
            } else if !any_declared && !spdx_any {
                match ownership {
                    Some((f, o)) => self.findings.push(
                        Finding::new(
                            "license-file-missing",
                            Severity::Low,
                            "There is no licence file; the only ownership statement is a copyright line in a file.",
                            "For a private product, add a LICENSE or NOTICE file at the root: \"Copyright (c) <year> <company>. All rights reserved.\"; for open source, add the licence text.",
                        )
                        .at(&f.path, Some(o.line))
                        .with_evidence(o.statement.clone()),
                    ),
                    None => self.findings.push(Finding::new(
                        "license-missing",
                        Severity::Medium,
                        "There is no licence or ownership statement anywhere: nothing says who owns this code or what others may do with it.",
                        "For a private product, add a LICENSE or NOTICE file at the root saying \"Copyright (c) <year> <company>. All rights reserved.\"; for open source, add the licence text and declare it in the manifests.",
                    )),
                }
            }
        }
        project
    }

    /// Licence files whose text is not recognised; Apache-2.0 NOTICE files.
    fn licence_texts(&mut self) {
        for f in self.facts.files_of(FileKind::LICENSE) {
            let Some(text) = &f.scan.licenses.text else {
                continue;
            };
            // A licence text inside a test fixture or a documentation example is not a licence
            // of what the company ships.
            if !lic::declares_shipped_code(f) {
                continue;
            }
            if lic::is_notice(f) || !text.licenses.is_empty() || text.proprietary_notice {
                continue;
            }
            // A short file that states the licensing and points to the licence texts (a
            // three-line COPYING) is no unrecognised licence: the project licence reads it.
            if let Some(statement) = lic::pointer_statement(f) {
                // Below the root, the statement licenses the files beside it (a logo's
                // `contrib/LICENSE.md`): listed, and judged like any file under another licence.
                let expression = statement.expression();
                let own = !self.project_families.is_empty()
                    && expr::families(&expression)
                        .iter()
                        .all(|x| self.project_families.contains(x));
                if f.depth() > 0 && !own {
                    let folder = f.path.rsplit_once('/').map_or(".", |(d, _)| d);
                    self.findings.push(
                        Finding::new(
                            "file-license",
                            Severity::Info,
                            format!("{} states that the files in {folder}/ are under {expression}, which is not the project's licence.", f.path),
                            "Keep a record of where these files come from and check that their licence allows your use.",
                        )
                        .at(&f.path, None)
                        .with_evidence(expression),
                    );
                }
                continue;
            }
            // A short file that names the licence texts beside it ("either of the licenses
            // found in LICENSE.APACHE or LICENSE.BSD"): those texts are read as they are.
            if lic::points_to_texts_beside(f, &self.facts.files) {
                continue;
            }
            let root = f.depth() == 0;
            let message = match &text.additional_terms {
                Some(extra) => match extra.resembles.as_slice() {
                    [one] => format!(
                        "Unrecognised licence text: {} contains the {one} text plus {} words of other terms, so it is not {one}.",
                        f.path, extra.words
                    ),
                    several => format!(
                        "Unrecognised licence text: {} contains the {} texts plus {} words of other terms, so it is not just those licences.",
                        f.path,
                        several.join(" and "),
                        extra.words
                    ),
                },
                None => format!(
                    "Unrecognised licence text: {} matches no licence of the SPDX list closely enough (at least {:.0}% similarity) to name it.",
                    f.path,
                    lic::scanner::CONFIDENCE_FLOOR * 100.0
                ),
            };
            self.findings.push(
                Finding::new(
                    "license-text-unrecognized",
                    if root { Severity::Medium } else { Severity::Low },
                    message,
                    "Have counsel read it. If a standard licence is meant, replace the file with its unmodified text; if it is a custom licence, record what it allows.",
                )
                .at(&f.path, None),
            );
        }
    }

    /// Manifest declarations: invalid or non-standard expressions, contradictions with the
    /// licence files beside them.
    fn declarations(&mut self) {
        let facts = self.facts;
        let mut by_manifest: BTreeMap<&str, Vec<&lic::Declared>> = BTreeMap::new();
        for d in &facts.licenses.declared {
            by_manifest.entry(&d.manifest).or_default().push(d);
        }
        // The licence texts of each directory (a tree has as many manifests as packages).
        let mut texts_in: HashMap<&str, Vec<&FileFacts>> = HashMap::new();
        for f in facts.files_of(FileKind::LICENSE) {
            if !lic::is_notice(f) && lic::declares_shipped_code(f) {
                texts_in.entry(dir_of(&f.path)).or_default().push(f);
            }
        }
        for (manifest, decls) in by_manifest {
            let vendored = lic::vendored_unit(manifest).is_some();
            for d in &decls {
                if d.file.is_some() || d.proprietary {
                    continue;
                }
                match d.parsed {
                    Parsed::Invalid if !vendored => self.findings.push(
                        Finding::new(
                            "license-expression-invalid",
                            Severity::Low,
                            format!("{manifest} declares the licence `{}` ({}), which is not an SPDX expression.", d.value, d.field),
                            "Declare the licence as an SPDX expression (for example `MIT` or `MIT OR Apache-2.0`).",
                        )
                        .at(manifest, None),
                    ),
                    Parsed::Lenient if !vendored => self.findings.push(
                        Finding::new(
                            "license-expression-nonstandard",
                            Severity::Info,
                            format!(
                                "{manifest} declares `{}` ({}), read as `{}`.",
                                d.value,
                                d.field,
                                d.expression.as_deref().unwrap_or("")
                            ),
                            "Use the current SPDX form so that tools read it the same way.",
                        )
                        .at(manifest, None),
                    ),
                    _ => {}
                }
            }
            if vendored {
                continue;
            }
            let declared: Vec<&str> = decls
                .iter()
                .filter_map(|d| d.expression.as_deref())
                .collect();
            let families: Vec<String> = declared.iter().flat_map(|e| expr::families(e)).collect();
            let proprietary = decls.iter().any(|d| d.proprietary);
            if families.is_empty() && !proprietary {
                continue;
            }
            for f in texts_in.get(dir_of(manifest)).into_iter().flatten() {
                let Some(text) = &f.scan.licenses.text else {
                    continue;
                };
                for l in &text.licenses {
                    let contradicts = proprietary
                        || expr::families(&l.spdx)
                            .iter()
                            .any(|fam| !families.contains(fam));
                    if contradicts {
                        let said = if proprietary {
                            "the package is proprietary".to_owned()
                        } else {
                            format!("`{}`", declared.join("`, `"))
                        };
                        // A manifest published nowhere (`npm init`'s `ISC` in a web
                        // application's tooling manifest): its field reaches no one.
                        let unpublished = facts
                            .file(manifest)
                            .and_then(|m| lic::distribution::unpublished(m, &facts.files));
                        let (severity, why) = match unpublished {
                            Some(why) => (
                                Severity::Low,
                                format!(" The manifest is published nowhere ({why}): no one receives the field, but readers and tools may take it for the project's licence."),
                            ),
                            None => (Severity::High, String::new()),
                        };
                        self.findings.push(
                            Finding::new(
                                "license-declaration-mismatch",
                                severity,
                                format!("{manifest} declares {said}, but {} is the {} text.{why}", f.path, l.spdx),
                                "Make the manifest and the licence file say the same thing; if the licence changed, record when and with whose agreement.",
                            )
                            .at(manifest, None)
                            .with_evidence(format!("{} = {}", f.path, l.spdx)),
                        );
                    }
                }
            }
            // Two declarations in one manifest that share no licence (a `license` field and a
            // classifier that disagree).
            for (i, a) in declared.iter().enumerate() {
                for b in &declared[i + 1..] {
                    let fa = expr::families(a);
                    if !expr::families(b).iter().any(|f| fa.contains(f)) {
                        self.findings.push(
                            Finding::new(
                                "license-declaration-mismatch",
                                Severity::High,
                                format!("{manifest} declares two different licences: `{a}` and `{b}`."),
                                "Keep one licence declaration (and classifiers that agree with it).",
                            )
                            .at(manifest, None),
                        );
                    }
                }
            }
        }
    }

    /// Own source files whose SPDX line or licence header names a licence other than the
    /// project's: single files carrying another licence.
    fn file_headers(&mut self) {
        let mut others: Vec<ThirdParty<'a>> = Vec::new();
        let mut listed: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        for f in self.own_files() {
            let s = &f.scan.licenses;
            let mut exprs: Vec<(String, Option<u32>)> = Vec::new();
            for h in &s.spdx_headers {
                let p = expr::parse(&h.expression);
                match p.canonical {
                    Some(c) => exprs.push((c, Some(h.line))),
                    None => self.findings.push(
                        Finding::new(
                            "spdx-header-invalid",
                            Severity::Low,
                            format!(
                                "{} has an SPDX-License-Identifier that is not an SPDX expression.",
                                f.path
                            ),
                            "Write a valid SPDX expression after `SPDX-License-Identifier:`.",
                        )
                        .at(&f.path, Some(h.line))
                        .with_evidence(h.expression.clone()),
                    ),
                }
            }
            if exprs.is_empty() {
                for m in &s.header {
                    exprs.push((m.spdx.clone(), Some(1)));
                }
            }
            for (e, line) in exprs {
                let fams = expr::families(&e);
                if !self.project_families.is_empty()
                    && fams.iter().all(|x| self.project_families.contains(x))
                {
                    continue;
                }
                let entry = listed.entry(e.clone()).or_insert((0, f.path.as_str()));
                entry.0 += 1;
                others.push(ThirdParty {
                    what: f.path.clone(),
                    path: Some(&f.path),
                    line,
                    expression: e,
                    dev: false,
                });
            }
        }
        self.foreign_files = others.len();
        for (e, (count, first)) in &listed {
            self.findings.push(
                Finding::new(
                    "file-license",
                    Severity::Info,
                    format!(
                        "{} the licence {e}, which is not the project's (first: {first}).",
                        plural(*count, "file carries", "files carry")
                    ),
                    "Keep a record of where these files come from and check that their licence allows your use.",
                )
                .at(*first, None),
            );
        }
        for t in others {
            self.judge(&t);
        }
    }

    /// Vendored third-party code: each unit with its licences; copyleft judged by the policy.
    fn vendored(&mut self) {
        let facts = self.facts;
        let mut units: BTreeMap<&str, Unit> = BTreeMap::new();
        for f in &facts.files {
            // Third-party code inside a test fixture is test input, not something that ships.
            if f.role != crate::facts::Role::Vendored {
                continue;
            }
            let Some(unit) = lic::vendored_unit(&f.path) else {
                continue;
            };
            let u = units.entry(unit).or_default();
            if f.is(FileKind::LICENSE) {
                if lic::is_notice(f) {
                    u.notice = Some(f.path.as_str());
                } else if let Some(e) = f.scan.licenses.text.as_ref().and_then(|t| t.expression()) {
                    u.add(e);
                } else if let Some(statement) = lic::pointer_statement(f) {
                    // "This Source Code Form is subject to the terms of the Mozilla Public
                    // License, v. 2.0": a statement of the licence, in place of its text.
                    u.add(statement.expression());
                }
            }
            for h in &f.scan.licenses.spdx_headers {
                if let Some(c) = expr::parse(&h.expression).canonical {
                    u.add(c);
                }
            }
            for m in &f.scan.licenses.header {
                u.add(m.spdx.clone());
            }
        }
        for d in &facts.licenses.declared {
            if let (Some(unit), Some(e)) = (lic::vendored_unit(&d.manifest), &d.expression) {
                units.entry(unit).or_default().declared.push(e.clone());
            }
        }
        // The files of a vendor folder itself, beside the packages in its sub-folders, are the
        // vendoring's own (pip's `_vendor/__init__.py` and `vendor.txt`, Go's `modules.txt`, a
        // `.keep`): no package of their own.
        let roots: Vec<&str> = units
            .keys()
            .copied()
            .filter(|unit| {
                lic::VENDOR_DIRS.contains(&unit.rsplit('/').next().unwrap_or(unit)) && {
                    let inside = format!("{unit}/");
                    units
                        .range::<str, _>((Bound::Included(inside.as_str()), Bound::Unbounded))
                        .next()
                        .is_some_and(|(next, _)| next.starts_with(&inside))
                }
            })
            .collect();
        for root in roots {
            units.remove(root);
        }
        self.vendored_units = units.len();
        let mut listing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (unit, u) in &units {
            let licences = u.expressions();
            if licences.is_empty() {
                self.findings.push(
                    Finding::new(
                        "vendored-license-unknown",
                        Severity::Low,
                        format!("Vendored code in {unit}/ carries no licence that could be identified."),
                        "Find out where this code comes from and under which licence; add its licence file beside it.",
                    )
                    .at(*unit, None),
                );
                continue;
            }
            listing.insert(unit, licences.clone());
            let all = licences
                .iter()
                .map(|l| {
                    if l.contains(' ') {
                        format!("({l})")
                    } else {
                        l.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" AND ");
            let apache = licences
                .iter()
                .any(|l| expr::families(l).iter().any(|f| f == "Apache-2.0"));
            if let (true, Some(notice)) = (apache, u.notice) {
                let severity = if self.params.distribution == Distribution::Saas {
                    Severity::Info
                } else {
                    Severity::Low
                };
                self.findings.push(
                    Finding::new(
                        "notice-obligation",
                        severity,
                        format!("{unit}/ is Apache-2.0 code with a NOTICE file: its notices must be reproduced in whatever you distribute."),
                        "Ship the NOTICE text with your product (an about box, a third-party notices file).",
                    )
                    .at(notice, None),
                );
            }
            self.judge(&ThirdParty {
                what: format!("vendored code in {unit}/"),
                path: Some(unit),
                line: None,
                expression: all,
                dev: false,
            });
        }
        for (unit, licences) in listing {
            if licences.is_empty() {
                continue;
            }
            self.findings.push(
                Finding::new(
                    "vendored-code",
                    Severity::Info,
                    format!("Vendored third-party code in {unit}/ under {}.", licences.join(", ")),
                    "Keep vendored code and its licence together, and list it in your third-party notices.",
                )
                .at(unit, None),
            );
        }
    }

    /// Bundled code listed by third-party inventories (`NOTICE`, `LICENSE-THIRD-PARTY`): each
    /// named licence judged by the policy like vendored code, and the inventory listed.
    fn bundled(&mut self) {
        let listed = &self.facts.licenses.bundled;
        self.bundled = listed.len();
        let mut by_inventory: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for l in listed {
            let e = &l.entry;
            let version = e
                .version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            by_inventory.entry(&l.inventory).or_default().push(format!(
                "{}{version} ({})",
                e.name,
                e.license
                    .as_deref()
                    .or(e.stated.as_deref())
                    .unwrap_or("licence not identified")
            ));
            if let Some(expression) = &e.license {
                self.judge(&ThirdParty {
                    what: format!("bundled {}{version} (listed in {})", e.name, l.inventory),
                    path: Some(&l.inventory),
                    line: Some(e.line),
                    expression: expression.clone(),
                    dev: false,
                });
            }
        }
        for (inventory, entries) in by_inventory {
            let shown = entries
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if entries.len() > 8 {
                format!(" and {} more", entries.len() - 8)
            } else {
                String::new()
            };
            self.findings.push(
                Finding::new(
                    "bundled-code",
                    Severity::Info,
                    format!(
                        "{inventory} lists {}: {shown}{more}.",
                        plural(
                            entries.len(),
                            "bundled third-party component",
                            "bundled third-party components"
                        )
                    ),
                    "Keep this inventory in step with what the product ships, and reproduce each notice in the distribution.",
                )
                .at(inventory, None),
            );
        }
    }

    /// Dependencies: each licence judged, dependencies without one, and the roll-up.
    fn dependencies(&mut self) {
        let facts = self.facts;
        let mut apache_runtime = 0usize;
        let mut in_file: Vec<String> = Vec::new();
        for d in &facts.dependencies {
            let license = d
                .license
                .as_deref()
                .or_else(|| d.registry.as_ref().and_then(|r| r.license.as_deref()))
                .map(str::trim)
                .filter(|l| !l.is_empty());
            let Some(license) = license else {
                if d.registry.is_some() {
                    self.findings.push(
                        Finding::new(
                            "dependency-license-missing",
                            if d.dev { Severity::Low } else { Severity::Medium },
                            format!("The dependency {} {} ({}) declares no licence: by default nobody may use it.", d.name, d.version, d.ecosystem.as_str()),
                            "Ask the author for a licence, or replace the dependency.",
                        )
                        .at(&d.manifest, None),
                    );
                    *self.dep_rollup.entry("no licence".into()).or_default() += 1;
                } else {
                    self.deps_unknown += 1;
                }
                continue;
            };
            // `SEE LICENSE IN LICENSE.md`: declared in a file of the package, which the
            // registry does not serve; neither unknown nor checked.
            if expr::is_file_pointer(license) {
                *self
                    .dep_rollup
                    .entry("declared in a file, not checked".into())
                    .or_default() += 1;
                in_file.push(format!("{} {} ({license})", d.name, d.version));
                continue;
            }
            let canonical = expr::parse(license)
                .canonical
                .unwrap_or_else(|| license.to_owned());
            *self.dep_rollup.entry(canonical.clone()).or_default() += 1;
            if !d.dev && expr::families(&canonical).iter().any(|f| f == "Apache-2.0") {
                apache_runtime += 1;
            }
            self.judge(&ThirdParty {
                what: format!(
                    "the dependency {} {} ({})",
                    d.name,
                    d.version,
                    d.ecosystem.as_str()
                ),
                path: Some(&d.manifest),
                line: None,
                expression: canonical,
                dev: d.dev,
            });
        }
        if !in_file.is_empty() {
            let shown = in_file
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if in_file.len() > 10 {
                format!(" and {} more", in_file.len() - 10)
            } else {
                String::new()
            };
            self.findings.push(Finding::new(
                "dependency-license-in-file",
                Severity::Info,
                format!(
                    "{} dependencies declare their licence in a file of the package, which the registry does not serve, so it was not checked: {shown}{more}.",
                    in_file.len()
                ),
                "Read those packages' licence files (in the installed package or its repository) and record what they allow.",
            ));
        }
        if self.deps_unknown > 0 {
            self.findings.push(Finding::new(
                "dependency-license-unknown",
                Severity::Info,
                format!("The licence of {} dependencies is not known (not in the lockfiles, and the registries were not asked).", self.deps_unknown),
                "Run the audit online, or with the package manager's metadata available, to see every dependency's licence.",
            ));
        }
        if !self.dep_rollup.is_empty() {
            self.findings.push(Finding::new(
                "dependency-licenses",
                Severity::Info,
                format!(
                    "Dependency licences: {}.",
                    rollup_text(&self.dep_rollup, usize::MAX)
                ),
                "Keep a third-party notices file generated from this list.",
            ));
        }
        if apache_runtime > 0 && self.params.distribution != Distribution::Saas {
            self.findings.push(Finding::new(
                "notice-obligation",
                Severity::Info,
                format!("{apache_runtime} runtime dependencies are under Apache-2.0: when you distribute them, their NOTICE files must be reproduced."),
                "Generate a third-party notices file that includes every dependency's NOTICE.",
            ));
        }
    }

    /// Applies the policy to one piece of third-party code.
    fn judge(&mut self, t: &ThirdParty<'_>) {
        let Some(v) = policy::verdict(&POLICY, self.params, &t.expression) else {
            self.push_for(
                t,
                "license-unknown",
                Severity::Low,
                format!(
                    "{}: the licence `{}` is not an SPDX expression and could not be classified.",
                    t.what, t.expression
                ),
                "Read the licence and record whether it allows your use.".into(),
            );
            return;
        };
        if v.allowed {
            return;
        }
        if v.denied {
            self.push_for(
                t,
                "license-denied",
                Severity::High,
                format!(
                    "{} is under {}, which the configuration denies.",
                    t.what, t.expression
                ),
                "Remove or replace it, or change the deny list if the policy has changed.".into(),
            );
            return;
        }
        let exception = exception_of(&t.expression);
        if let Some((severity, why)) = self.conflict(&v, exception) {
            let severity = if t.dev { Severity::Info } else { severity };
            let rule = match v.class {
                Class::SourceAvailable => "license-noncommercial",
                Class::Unknown => "license-unknown",
                Class::Proprietary => "license-proprietary-third-party",
                _ => "license-copyleft",
            };
            let dev = if t.dev {
                " (development only, not shipped)"
            } else {
                ""
            };
            self.push_for(
                t,
                rule,
                severity,
                format!(
                    "{}{dev} is under {} ({}): {why}",
                    t.what,
                    t.expression,
                    v.class.describe()
                ),
                match exception {
                    Some(_) if v.class == Class::WeakCopyleft => "Keep the component unmodified (or publish your changes to it), and include its licence and exception in your notices.",
                    _ => remediation(v.class),
                }
                .into(),
            );
        }
    }

    /// Whether a third-party licence of this verdict conflicts with the project, and how badly;
    /// `exception`: the exception its expression names (`GPL-2.0-only WITH Linux-syscall-note`).
    fn conflict(&self, v: &Verdict, exception: Option<&str>) -> Option<(Severity, String)> {
        let model = self.params.distribution;
        let project = self.project_class;
        let why = match v.class {
            Class::PublicDomain | Class::Permissive => return None,
            Class::SourceAvailable => "its terms restrict commercial use or offering it as a service.".to_owned(),
            Class::Unknown => "nobody has classified this licence; it needs reading.".to_owned(),
            Class::Proprietary => "it is someone else's proprietary code; check the contract that allows it.".to_owned(),
            class if class.reach() <= project.reach() => return None,
            // A copyleft licence that an exception makes weak: the exception is what matters.
            Class::WeakCopyleft if exception.is_some() => format!(
                "its exception ({}) lets a {} {} product use or link it without taking on the licence; changes to the component itself must still be published under it.",
                exception.unwrap_or_default(),
                project.describe(),
                model.as_str()
            ),
            Class::WeakCopyleft => format!(
                "changes to it must be published, and it must stay replaceable, in a {} {} product.",
                project.describe(),
                model.as_str()
            ),
            Class::StrongCopyleft => format!(
                "distributing it with a {} product obliges you to publish the whole product's source under the GPL{}.",
                project.describe(),
                if model == Distribution::Saas { " (hosting alone does not, but any distribution would)" } else { "" }
            ),
            Class::NetworkCopyleft => format!(
                "offering it to users over a network obliges you to publish the whole product's source, which a {} {} product cannot do.",
                project.describe(),
                model.as_str()
            ),
        };
        POLICY.severity(v.class, model).map(|s| (s, why))
    }

    fn push_for(
        &mut self,
        t: &ThirdParty<'_>,
        rule: &'static str,
        severity: Severity,
        message: String,
        remediation: String,
    ) {
        let mut f =
            Finding::new(rule, severity, message, remediation).with_evidence(t.expression.clone());
        if let Some(p) = t.path {
            f = f.at(p, t.line);
        }
        self.findings.push(f);
    }
}

fn remediation(class: Class) -> &'static str {
    match class {
        Class::SourceAvailable => "Get a commercial licence from the owner, or replace the component.",
        Class::NetworkCopyleft | Class::StrongCopyleft => "Replace the component, isolate it behind a process boundary after legal review, obtain a commercial licence, or relicense the product accordingly.",
        Class::WeakCopyleft => "Keep the component unmodified (or publish your changes to it), link it dynamically, and include its licence in your notices.",
        _ => "Read the licence and record whether it allows your use.",
    }
}

fn rollup_text(rollup: &BTreeMap<String, usize>, max: usize) -> String {
    let mut v: Vec<(&String, &usize)> = rollup.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let shown: Vec<String> = v
        .iter()
        .take(max)
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    if v.len() > max {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The licences of one vendored unit.
#[derive(Default)]
struct Unit<'a> {
    declared: Vec<String>,
    texts: Vec<String>,
    notice: Option<&'a str>,
}

impl Unit<'_> {
    fn add(&mut self, e: String) {
        if !self.texts.contains(&e) {
            self.texts.push(e);
        }
    }

    /// The unit's licences: its manifest's declaration when there is one (texts of the same
    /// families add nothing), plus any text the declaration does not cover.
    fn expressions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for d in &self.declared {
            if !out.contains(d) {
                out.push(d.clone());
            }
        }
        let fams: Vec<String> = out.iter().flat_map(|e| expr::families(e)).collect();
        for t in &self.texts {
            let covered = !fams.is_empty() && expr::families(t).iter().all(|f| fams.contains(f));
            if !covered && !out.contains(t) {
                out.push(t.clone());
            }
        }
        out
    }
}

/// The exception an SPDX expression names (`GPL-2.0-only WITH Linux-syscall-note` →
/// `Linux-syscall-note`), when it is one licence with one exception.
fn exception_of(expression: &str) -> Option<&str> {
    let (_, exception) = expression.split_once(" WITH ")?;
    let exception = exception.trim().trim_end_matches(')');
    (!exception.is_empty() && !exception.contains(' ')).then_some(exception)
}

#[cfg(test)]
mod tests;
