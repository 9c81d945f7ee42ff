//! The candidate index of the SPDX licence list: which of the list's texts (originals, alternates
//! and standard headers) a text can be, found without comparing it with each of them.
//!
//! The `spdx` crate's matcher scores a text against a list text by the Dice similarity of their
//! word pairs (bigrams, counted with repeats), and finding the best one means scoring every one
//! of the list's thousand texts, each comparison a walk over a map of strings. The index holds
//! the word pairs of every list text once, as numbers, each pair with the texts it occurs in (an
//! inverted index), so one walk over a text's own pairs gives its overlap with every list text
//! at once: an *estimate* of each similarity (the index reads words a little differently from the
//! matcher, see [`words`]), from which the few best candidates are taken and scored by the
//! matcher itself.
//!
//! Nothing is named on the estimate alone. [`ListIndex::best`] widens the candidates (to the
//! whole list if need be) until the best exact score beats every estimate left out by more than
//! the estimates are seen to miss by; the answer is then the one the whole list's comparison
//! gives. A text that no list text can reach (no part of it, by the bound of
//! [`ListIndex::best`]) is answered after one comparison. The same estimates ([`Pairs`]) spare
//! the scanner's search for a reference text's bounds where no part of a text can be near
//! enough to the reference to be named.
//!
//! Measured on the SPDX list's own texts, 99% of the first candidates' estimates are within
//! 0.01 of the matcher's score; the few that miss by more are on texts far from every list text.

use std::collections::HashMap;

use spdx::detection::{LicenseType, Store, TextData};

/// Candidates scored by the matcher first; doubled while the answer is not certain.
const FIRST_CANDIDATES: usize = 8;
/// Added to the largest miss of the estimates seen on a text, to bound the misses of those not
/// checked (their words are read the same way; the misses measured on the list's own texts are
/// under this for 99% of them, see the tests).
pub(super) const SLACK: f32 = 0.03;

/// One text of the list.
pub(super) struct Entry<'a> {
    /// The list entry's name (an SPDX id, or an old `-with-…-exception` one).
    pub name: &'a str,
    pub kind: LicenseType,
    pub data: &'a TextData,
    /// Its word pairs, with repeats.
    pairs: u32,
}

/// The index: the list's texts and, for each word pair of any of them, the texts it occurs in
/// with its count there.
pub(super) struct ListIndex<'a> {
    entries: Vec<Entry<'a>>,
    /// Word pair → its number.
    pair_ids: HashMap<u64, u32>,
    /// Postings of pair `p`: `postings[starts[p]..starts[p + 1]]`, as (entry, count).
    starts: Vec<u32>,
    postings: Vec<(u32, u32)>,
}

/// What the list says about a text.
pub(super) enum Best<'e, 'a> {
    /// The list text with the highest similarity (the matcher's own score).
    Entry(&'e Entry<'a>, f32),
    /// No list text reaches the floor, on the whole text or on any part of it.
    Nothing,
}

impl<'a> ListIndex<'a> {
    /// Builds the index of every text of a store.
    pub fn new(store: &'a Store) -> Self {
        let mut entries = Vec::new();
        for (name, e) in store.iter() {
            let name = name.as_str();
            entries.push((name, LicenseType::Original, &e.original));
            entries.extend(
                e.alternates
                    .iter()
                    .map(|d| (name, LicenseType::Alternate, d)),
            );
            entries.extend(e.headers.iter().map(|d| (name, LicenseType::Header, d)));
        }
        // A stable order, so that ties are broken the same way on every run.
        entries.sort_by(|a, b| (a.0, kind_rank(a.1)).cmp(&(b.0, kind_rank(b.1))));
        let mut pair_ids: HashMap<u64, u32> = HashMap::new();
        let mut by_pair: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut out = Vec::with_capacity(entries.len());
        for (i, (name, kind, data)) in entries.into_iter().enumerate() {
            let pairs = Pairs::of(data.lines());
            let entry = u32::try_from(i).unwrap_or(u32::MAX);
            for &(pair, count) in &pairs.counts {
                let next = u32::try_from(pair_ids.len()).unwrap_or(u32::MAX);
                let p = *pair_ids.entry(pair).or_insert(next) as usize;
                if by_pair.len() <= p {
                    by_pair.resize_with(p + 1, Vec::new);
                }
                by_pair[p].push((entry, count));
            }
            out.push(Entry {
                name,
                kind,
                data,
                pairs: pairs.total,
            });
        }
        let mut starts = Vec::with_capacity(by_pair.len() + 1);
        let mut postings = Vec::with_capacity(by_pair.iter().map(Vec::len).sum());
        for list in by_pair {
            starts.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
            postings.extend(list);
        }
        starts.push(u32::try_from(postings.len()).unwrap_or(u32::MAX));
        ListIndex {
            entries: out,
            pair_ids,
            starts,
            postings,
        }
    }

    /// Every text of the list.
    #[cfg(test)]
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }

    /// For each list text, the estimated number of word pairs it shares with `td` (counted with
    /// repeats, as the matcher counts them), and the number of `td`'s word pairs.
    fn overlaps(&self, td: &TextData) -> (Vec<u32>, u32) {
        let pairs = Pairs::of(td.lines());
        let mut shared = vec![0u32; self.entries.len()];
        // Pairs no list text has only count in the total.
        for (pair, count) in &pairs.counts {
            let Some(&p) = self.pair_ids.get(pair) else {
                continue;
            };
            let p = p as usize;
            let (from, to) = (self.starts[p] as usize, self.starts[p + 1] as usize);
            for &(entry, n) in &self.postings[from..to] {
                shared[entry as usize] += n.min(*count);
            }
        }
        (shared, pairs.total)
    }

    /// The list text most similar to `td` by the matcher's own score, as comparing `td` with
    /// every list text would find it; or [`Best::Nothing`] when no list text can reach `floor`
    /// on `td` or on any run of its lines.
    ///
    /// A part of a text shares no more word pairs with a list text than the whole text does, so
    /// with `c` pairs shared and a list text of `n` pairs, no part can score above
    /// `2c / (c + n)`: when that bound (on the estimates, with a margin) is below `floor` for
    /// every list text, which of them is nearest does not matter. Otherwise the candidates are
    /// taken in order of their estimates and scored by the matcher, and their number doubled
    /// until the best score exceeds the estimate of every list text left out by more than the
    /// estimates of those scored missed their scores, plus [`SLACK`].
    pub fn best(&self, td: &TextData, floor: f32) -> Best<'_, 'a> {
        let (order, reach) = self.candidates(td);
        let Some(&(first, estimate)) = order.first() else {
            return Best::Nothing;
        };
        let score = self.entries[first].data.match_score(td);
        let mut miss = (score - estimate).abs();
        if reach + miss + SLACK < floor {
            return Best::Nothing;
        }
        let mut best = (first, score);
        let mut scored = 1;
        let mut wanted = FIRST_CANDIDATES;
        loop {
            let upto = wanted.min(order.len());
            for &(i, estimate) in &order[scored..upto] {
                let s = self.entries[i].data.match_score(td);
                miss = miss.max((s - estimate).abs());
                if s > best.1 {
                    best = (i, s);
                }
            }
            scored = upto;
            let left_out = order.get(scored).map_or(0.0, |o| o.1);
            if scored == order.len() || best.1 > left_out + miss + SLACK {
                return Best::Entry(&self.entries[best.0], best.1);
            }
            wanted *= 2;
        }
    }

    /// The list's texts in order of their estimated similarity to `td`, the nearest first, with
    /// the estimates; and the highest estimated similarity of any list text to any part of `td`
    /// (see [`best`](Self::best)).
    fn candidates(&self, td: &TextData) -> (Vec<(usize, f32)>, f32) {
        let (shared, total) = self.overlaps(td);
        let mut reach = 0.0f32;
        let mut order: Vec<(usize, f32)> = shared
            .iter()
            .zip(&self.entries)
            .enumerate()
            .map(|(i, (&c, e))| {
                #[allow(clippy::cast_precision_loss)]
                let (c, n, t) = (c as f32, e.pairs as f32, total as f32);
                reach = reach.max(2.0 * c / (c + n).max(1.0));
                (i, 2.0 * c / (t + n).max(1.0))
            })
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        (order, reach)
    }
}

/// Originals before alternates before headers (the order ties are broken in).
fn kind_rank(kind: LicenseType) -> u8 {
    match kind {
        LicenseType::Original => 0,
        LicenseType::Alternate => 1,
        LicenseType::Header => 2,
    }
}

/// A text's word pairs as the index reads them (see [`words`]), each with its count: the
/// estimate of the matcher's view of a text.
pub(super) struct Pairs {
    /// (pair, count), by pair.
    counts: Vec<(u64, u32)>,
    /// The number of pairs, with repeats.
    total: u32,
}

impl Pairs {
    /// The pairs of a text's normalised lines (`TextData::lines`).
    pub fn of(lines: &[String]) -> Self {
        let mut hashes = Vec::new();
        words(lines, |w| hashes.push(word_hash(w)));
        let mut pairs: Vec<u64> = hashes
            .windows(2)
            .map(|w| w[0].rotate_left(29) ^ w[1])
            .collect();
        let total = u32::try_from(pairs.len()).unwrap_or(u32::MAX);
        pairs.sort_unstable();
        let counts = pairs
            .chunk_by(|a, b| a == b)
            .map(|run| (run[0], u32::try_from(run.len()).unwrap_or(u32::MAX)))
            .collect();
        Pairs { counts, total }
    }

    /// The pairs two texts share, with repeats.
    fn shared(&self, other: &Pairs) -> u32 {
        let (mut a, mut b) = (
            self.counts.iter().peekable(),
            other.counts.iter().peekable(),
        );
        let mut shared = 0;
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            match x.0.cmp(&y.0) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    shared += x.1.min(y.1);
                    a.next();
                    b.next();
                }
            }
        }
        shared
    }

    /// The estimated similarity of two texts, and the highest that `other` can have with any
    /// part of this text (see [`ListIndex::best`]).
    #[allow(clippy::cast_precision_loss)]
    pub fn estimate(&self, other: &Pairs) -> (f32, f32) {
        let c = self.shared(other) as f32;
        let n = other.total as f32;
        (
            2.0 * c / (self.total as f32 + n).max(1.0),
            2.0 * c / (c + n).max(1.0),
        )
    }
}

/// A word's hash (FNV-1a): the pairs are compared by hash, never by their words.
fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The words of a text's normalised lines (as the matcher keeps them: `TextData::lines`), read
/// as the matcher reads them for its word pairs: lower case, punctuation dropped inside a word
/// ("don't" is "dont"), runs of blank lines as one; without a first line ending in "license"
/// (its title) before a blank line, the first line if it mentions copyright, a paragraph of one
/// line that starts with "copyright" (its neighbours' words then run together, as the matcher
/// joins them) and a line that starts "copyright (c)" or "copyright 2024". It reads a long
/// prefix common to the lines (a comment marker) differently; the estimates allow for that.
fn words(lines: &[String], mut each: impl FnMut(&str)) {
    let mut kept: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.trim();
        if line.is_empty() && kept.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        // A line of punctuation only is blank from here on, but it was not one above.
        kept.push(
            line.chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '_')
                .flat_map(char::to_lowercase)
                .collect(),
        );
    }
    let lines = kept;
    // A blank line between line `i` and another one.
    let gap_after = |i: usize| i + 2 < lines.len() && lines[i + 1].is_empty();
    let mut first = 0;
    if lines.len() > 2 && lines[1].is_empty() && is_title(&lines[0]) {
        first = 2;
    }
    // The first line with words: before it, the text starts with blank lines only.
    let opening = (first..lines.len())
        .find(|&i| !lines[i].is_empty())
        .unwrap_or(lines.len());
    let mut out = String::new();
    // Whether the "\n\n" before line `i` was taken by the paragraph before it.
    let mut taken = usize::MAX;
    for (i, line) in lines.iter().enumerate().skip(first) {
        let starts = line.trim_start_matches(' ').starts_with("copyright");
        let at_start = i == opening;
        let gap_before = i >= first + 2 && lines[i - 1].is_empty() && taken != i;
        if starts && (at_start || gap_before) && gap_after(i) {
            // The paragraph goes with the gaps around it: the lines on either side meet.
            taken = i + 2;
            if at_start {
                taken = usize::MAX - 1;
            }
            continue;
        }
        let dropped = i == first && line.contains("copyright")
            || line.starts_with("copyright")
                && line["copyright".len()..]
                    .trim_start()
                    .starts_with(|c: char| c == 'c' || c.is_ascii_digit())
                && line["copyright".len()..].starts_with(char::is_whitespace);
        if dropped {
            continue;
        }
        // The first word of the line after a paragraph taken with its gaps runs into the last
        // word before it.
        let mut glue = taken == i;
        for word in line.split_whitespace() {
            if !glue {
                out.push(' ');
            }
            glue = false;
            out.push_str(word);
        }
    }
    out.split_whitespace().for_each(&mut each);
}

/// Whether a text's first line is a title the matcher drops: ending in "license", "license
/// version N", or either followed by a copyright.
fn is_title(line: &str) -> bool {
    line.match_indices("license").any(|(at, _)| {
        let rest = &line[at + "license".len()..];
        let rest = rest
            .strip_prefix(" version ")
            .map_or(rest, |v| v.trim_start_matches(|c: char| !c.is_whitespace()));
        rest.is_empty() || rest.starts_with(" copyright")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> &'static ListIndex<'static> {
        static INDEX: std::sync::OnceLock<ListIndex> = std::sync::OnceLock::new();
        static STORE: std::sync::OnceLock<Store> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| ListIndex::new(STORE.get_or_init(|| Store::load_inline().unwrap())))
    }

    /// The best list text for `td` by comparing it with every one, as the matcher would.
    fn compared_with_all(td: &TextData) -> f32 {
        index()
            .entries()
            .iter()
            .map(|e| e.data.match_score(td))
            .fold(0.0, f32::max)
    }

    /// Where a list text's own entry comes among the candidates for a text, and the largest
    /// miss of the estimates of the first candidates.
    fn rank_and_miss(td: &TextData, own: usize) -> (usize, f32) {
        let (order, _) = index().candidates(td);
        let rank = order.iter().position(|&(i, _)| i == own).unwrap();
        let miss = order[..FIRST_CANDIDATES]
            .iter()
            .map(|&(i, est)| (index().entries[i].data.match_score(td) - est).abs())
            .fold(0.0, f32::max);
        (rank, miss)
    }

    /// Every text of the list has itself (or a text of the same words under another name)
    /// first among its candidates; the estimates of the first candidates miss the matcher's
    /// scores by less than the margin for nearly all of them (where they miss by more, the
    /// index scores more candidates); and the answer is the one comparing with every list text
    /// gives (on one text in seven: that comparison is slow).
    #[test]
    fn every_list_text_is_its_own_first_candidate() {
        let entries = index().entries();
        let (mut texts, mut missed) = (0, Vec::new());
        for (own, e) in entries.iter().enumerate() {
            // A text the matcher reads as no words at all (AdaCore-doc is one line that
            // mentions copyright, which it leaves out) is nothing to anyone.
            if e.kind != LicenseType::Original || e.data.match_score(e.data) == 0.0 {
                continue;
            }
            texts += 1;
            let (rank, miss) = rank_and_miss(e.data, own);
            let (order, _) = index().candidates(e.data);
            let first = entries[order[0].0].data;
            assert!(
                rank == 0 || first.match_score(e.data) > 0.999,
                "{}: own text at {rank}, after {}",
                e.name,
                entries[order[0].0].name
            );
            if miss >= SLACK {
                missed.push((e.name, miss));
            }
            if own % 7 == 0 {
                let Best::Entry(_, score) = index().best(e.data, 0.8) else {
                    panic!("{}: nothing", e.name);
                };
                assert_eq!(score, compared_with_all(e.data), "{}", e.name);
            }
        }
        assert!(texts > 600, "{texts}");
        assert!(missed.len() * 100 <= texts, "{missed:?}");
    }

    /// The same in the forms licence files take (rewrapped, as a comment, behind a line of their
    /// own), on a sample of the list: the text is among the first candidates, the estimates
    /// are within the margin, and the answer is the one comparing with every list text gives.
    #[test]
    fn the_candidates_in_other_forms_and_the_answer() {
        let entries = index().entries();
        for (own, e) in entries.iter().enumerate().step_by(23) {
            if e.kind != LicenseType::Original {
                continue;
            }
            let Some(id) = spdx::license_id(e.name) else {
                continue;
            };
            let text = id.text();
            let rewrapped = text.split_whitespace().collect::<Vec<_>>().chunks(9).fold(
                String::new(),
                |mut out, line| {
                    out.push_str(&line.join(" "));
                    out.push('\n');
                    out
                },
            );
            let commented: String = text.lines().map(|l| format!("// {l}\n")).collect();
            let preamble = format!("The licence of the frobnicator, reproduced:\n\n{text}");
            for form in [rewrapped, commented, preamble] {
                let td = TextData::new(&form);
                let (rank, miss) = rank_and_miss(&td, own);
                assert!(rank < FIRST_CANDIDATES, "{}: own text at {rank}", e.name);
                assert!(miss < SLACK, "{}: the estimates miss by {miss}", e.name);
                match index().best(&td, 0.8) {
                    Best::Entry(_, score) => {
                        assert_eq!(score, compared_with_all(&td), "{}", e.name)
                    }
                    Best::Nothing => panic!("{}: nothing", e.name),
                }
            }
        }
    }

    /// A text no list text is near: nothing, as comparing it with every list text confirms; and
    /// the rest of a text whose licence is blanked out is nothing too.
    #[test]
    fn nothing_near() {
        let prose = "Frobnicator reads widgets from a queue and writes them to a database. \
            It was written over a long winter and is maintained by a handful of people.\n"
            .repeat(5);
        let td = TextData::new(&prose);
        assert!(matches!(index().best(&td, 0.8), Best::Nothing));
        assert!(compared_with_all(&td) < 0.8);
        let mit = spdx::license_id("MIT").unwrap().text();
        let td = TextData::new(&format!("{prose}\n{mit}"));
        let Best::Entry(e, _) = index().best(&td, 0.8) else {
            panic!("MIT inside");
        };
        let (part, score) = td.optimize_bounds(e.data);
        assert!(score > 0.95, "{} {score}", e.name);
        assert!(matches!(
            index().best(&part.white_out(), 0.8),
            Best::Nothing
        ));
    }
}
