//! Word diffs and in-order matching between a passage and a statement.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

use similar::DiffTag;

use crate::text::Token;

use super::{DiffOp, DiffPart};

/// The number of words of `new` matched in order in `old`: the length of their longest common
/// subsequence (what a minimal word diff keeps equal), by the plain row-by-row dynamic program.
/// The reference for [`InOrder`], which computes it a machine word at a time.
#[cfg(test)]
pub(super) fn matched_count<T: PartialEq>(new: &[T], old: &[T]) -> usize {
    if new.is_empty() || old.is_empty() {
        return 0;
    }
    let mut row = vec![0u32; new.len() + 1];
    for o in old {
        let mut diag = 0u32; // row[j - 1] of the previous line
        for (j, n) in new.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if o == n { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[new.len()] as usize
}

/// A statement's words (as a source's word ids), ready to count how many of them each of many
/// source passages matches in order: the length of the longest common subsequence, by the
/// bit-parallel method of Crochemore, Iliopoulos, Pinzon and Reid (2001), 64 statement words
/// per machine word. The result is the row-by-row program's (`matched_count`, kept in the tests
/// as the reference); this runs for every candidate window of every claim, where that program
/// was a tenth of the compare stage.
pub(super) struct InOrder {
    /// How many statement words.
    len: usize,
    /// Machine words per mask.
    blocks: usize,
    /// For each source word id, the bits of the statement positions holding it
    /// (`masks[id * blocks..][..blocks]`).
    masks: Vec<u64>,
}

impl InOrder {
    /// `statement`: the statement's word ids; `vocabulary`: how many word ids the source has
    /// (an id at or above it matches no source word).
    pub(super) fn new(statement: &[u32], vocabulary: usize) -> InOrder {
        let blocks = statement.len().div_ceil(64).max(1);
        let mut masks = vec![0u64; vocabulary * blocks];
        for (j, &id) in statement.iter().enumerate() {
            if (id as usize) < vocabulary {
                masks[id as usize * blocks + j / 64] |= 1 << (j % 64);
            }
        }
        InOrder {
            len: statement.len(),
            blocks,
            masks,
        }
    }

    /// How many statement words `old` (source word ids) matches in order.
    pub(super) fn count(&self, old: &[u32]) -> usize {
        if self.len == 0 {
            return 0;
        }
        let b = self.blocks;
        // A zero bit marks a statement position the subsequence so far has used. One block
        // (a statement of up to 64 words) needs no carry and no allocation.
        let mut one = [!0u64; 1];
        let mut many = Vec::new();
        let v: &mut [u64] = if b == 1 {
            &mut one
        } else {
            many.resize(b, !0u64);
            &mut many
        };
        for &o in old {
            let Some(m) = self.masks.get(o as usize * b..(o as usize + 1) * b) else {
                continue;
            };
            let mut carry = false;
            for (v, &m) in v.iter_mut().zip(m) {
                let (sum, c1) = v.overflowing_add(*v & m);
                let (sum, c2) = sum.overflowing_add(u64::from(carry));
                carry = c1 || c2;
                *v = sum | (*v & !m);
            }
        }
        let used: u32 = v
            .iter()
            .enumerate()
            .map(|(k, &x)| {
                let bits = (self.len - 64 * k).min(64);
                let live = if bits == 64 { !0 } else { (1u64 << bits) - 1 };
                (!x & live).count_ones()
            })
            .sum();
        used as usize
    }
}

/// Whether a token of `old` and a token of `new` have the same stem just when they are the same
/// word (no "approved" on one side where the other has "approve"); each side as its word ids
/// and stem ids. Then a diff of the stems, which only compares for equality, is the diff of
/// the words.
pub(super) fn stems_pair_as_words(old: (&[u32], &[u32]), new: (&[u32], &[u32])) -> bool {
    // Each stem of `new` with its one word, or None when `new` writes it two ways.
    let mut word_of: rustc_hash::FxHashMap<u32, Option<u32>> = Default::default();
    for (&word, &stem) in new.0.iter().zip(new.1) {
        let e = word_of.entry(stem).or_insert(Some(word));
        if *e != Some(word) {
            *e = None;
        }
    }
    (old.0.iter().zip(old.1)).all(|(&word, stem)| match word_of.get(stem) {
        None => true,
        Some(one) => *one == Some(word),
    })
}

/// The source token that the diff replaced with the article token at `new_index`, when it
/// satisfies `pred` (a number for a number, a name for a name).
pub(super) fn replaced_counterpart<'a>(
    ops: &[similar::DiffOp],
    new_index: usize,
    old: &'a [Token],
    pred: impl Fn(&Token) -> bool,
) -> Option<&'a Token> {
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Replace && n.contains(&new_index) {
            return old[o].iter().find(|t| pred(t));
        }
    }
    None
}

/// Share of the source stretch between the first and last matched token that is matched: a
/// claim whose words are scattered over several sentences is no verbatim copy.
pub(super) fn source_density(ops: &[similar::DiffOp]) -> f64 {
    let eq: Vec<Range<usize>> = ops
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range())
        .collect();
    match (eq.first(), eq.last()) {
        (Some(a), Some(b)) if b.end > a.start => {
            eq.iter().map(|r| r.len()).sum::<usize>() as f64 / (b.end - a.start) as f64
        }
        _ => 0.0,
    }
}

/// Number of changed runs strictly inside the matched stretch (moved or replaced words).
pub(super) fn inner_edits(ops: &[similar::DiffOp]) -> usize {
    let first = ops.iter().position(|op| op.tag() == DiffTag::Equal);
    let last = ops.iter().rposition(|op| op.tag() == DiffTag::Equal);
    match (first, last) {
        (Some(a), Some(b)) if b > a => ops[a..b]
            .iter()
            .filter(|op| op.tag() != DiffTag::Equal)
            .count(),
        _ => 0,
    }
}

/// Whether content words the claim inserts are ones the diff deleted elsewhere: a reordering,
/// which is a paraphrase rather than a verbatim copy.
pub(super) fn has_moved_words(ops: &[similar::DiffOp], old: &[Token], new: &[Token]) -> bool {
    let mut deleted = HashSet::default();
    let mut inserted = HashSet::default();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            deleted.extend(old[o].iter().filter(|t| !t.stop).map(|t| t.norm.as_str()));
        }
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            inserted.extend(new[n].iter().filter(|t| !t.stop).map(|t| t.norm.as_str()));
        }
    }
    inserted.intersection(&deleted).next().is_some()
}

pub(super) fn diff_parts(ops: &[similar::DiffOp], old: &[&str], new: &[&str]) -> Vec<DiffPart> {
    let mut out: Vec<DiffPart> = Vec::new();
    let mut push = |op: DiffOp, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        let text = words.join(" ");
        match out.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(&text);
            }
            _ => out.push(DiffPart { op, text }),
        }
    };
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(DiffOp::Equal, &new[n]),
            DiffTag::Delete => push(DiffOp::Delete, &old[o]),
            DiffTag::Insert => push(DiffOp::Insert, &new[n]),
            DiffTag::Replace => {
                push(DiffOp::Delete, &old[o]);
                push(DiffOp::Insert, &new[n]);
            }
        }
    }
    out
}
