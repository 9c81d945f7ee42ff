//! Names every text of the SPDX licence list in the forms real licence files take (see
//! `licence_forms.rs`) and prints, per form, how many are named exactly, named as another
//! licence, or not named, then the wrong names and the time:
//! `cargo run --release --example licence_list -- [EVERY] [--list]` (EVERY: keep one list entry
//! in that many, default 1; `--list` also prints the texts left unnamed; `--only ID` names only
//! that entry's texts and prints each match; `--texts N [--preamble]` times N texts, see
//! below).

// The table is the output.
#![allow(clippy::print_stdout)]

#[path = "licence_forms.rs"]
mod forms;

use std::time::Instant;

use diligence::facts::licenses::scanner::LicenseScanner;
use forms::{Verdict, FORMS};
use rayon::prelude::*;
use spdx::detection::Store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let every = args.first().and_then(|a| a.parse().ok()).unwrap_or(1);
    let list_unsure = args.iter().any(|a| a == "--list");
    let store = Store::load_inline().expect("the embedded licence list");
    let mut cases = forms::cases(&store, every);
    // `--only ID`: that list entry's texts, each printed with what it matched.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    if let Some(only) = only {
        cases.retain(|c| &c.source == only);
    }
    // `--texts N`: N texts spread over the list and the forms (a timing from an empty cache);
    // with `--preamble`, each behind a line of its own about the licensing, so that no text is
    // word for word a list text and every one is compared with the list.
    if let Some(n) = args
        .iter()
        .position(|a| a == "--texts")
        .and_then(|i| args.get(i + 1)?.parse::<usize>().ok())
    {
        let step = cases.len() as f64 / n.max(1) as f64;
        let picked: Vec<usize> = (0..n.min(cases.len()))
            .map(|i| (i as f64 * step) as usize)
            .collect();
        let mut all: Vec<Option<forms::Case>> = cases.into_iter().map(Some).collect();
        cases = picked.iter().filter_map(|&i| all[i].take()).collect();
        if args.iter().any(|a| a == "--preamble") {
            for (i, c) in cases.iter_mut().enumerate() {
                c.text = format!(
                    "The licence of component {i} of the widget toolkit:\n\n{}",
                    c.text
                );
            }
        }
    }
    drop(store);
    let started = Instant::now();
    let scanner = LicenseScanner::new();
    let results: Vec<(Verdict, Vec<String>)> = cases
        .par_iter()
        .map(|c| {
            let m = scanner.match_text(&c.text, "LICENSE", &mut Vec::new());
            if only.is_some() {
                eprintln!("[{}] {m:?}", c.form);
            }
            let found: Vec<String> = m.licenses.iter().map(|l| l.spdx.clone()).collect();
            (forms::verdict(c, &found), found)
        })
        .collect();
    let secs = started.elapsed().as_secs_f64();
    println!("| form | texts | exact | wrong | unsure |\n|---|---|---|---|---|");
    let row = |label: &str, picked: &dyn Fn(&forms::Case) -> bool| {
        let rows: Vec<Verdict> = cases
            .iter()
            .zip(&results)
            .filter(|(c, _)| picked(c))
            .map(|(_, r)| r.0)
            .collect();
        let n = rows.len().max(1) as f64;
        let pct = |v| rows.iter().filter(|r| **r == v).count() as f64 * 100.0 / n;
        println!(
            "| {label} | {} | {:.2}% | {:.2}% | {:.2}% |",
            rows.len(),
            pct(Verdict::Exact),
            pct(Verdict::Wrong),
            pct(Verdict::Unsure)
        );
    };
    for form in FORMS {
        row(form, &|c| c.form == *form);
    }
    row("all", &|_| true);
    println!();
    for (c, (v, found)) in cases.iter().zip(&results) {
        if *v == Verdict::Wrong {
            println!("WRONG  [{}] {} named {found:?}", c.form, c.source);
        }
    }
    if list_unsure {
        for (c, (v, _)) in cases.iter().zip(&results) {
            if *v == Verdict::Unsure {
                println!("UNSURE [{}] {}", c.form, c.source);
            }
        }
    }
    println!(
        "\n{} texts in {secs:.1} s ({} threads)",
        cases.len(),
        rayon::current_num_threads()
    );
}
