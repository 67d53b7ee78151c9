use super::checks::names::{same_name, same_place, spelling_variant};
use super::checks::numbers::rounds_to;
use super::diff::{matched_count, stems_pair_as_words, InOrder};
use super::quote::{smith_waterman, smith_waterman_score};
use super::*;
use crate::config::AlignConfig;
use similar::{capture_diff_slices, Algorithm, DiffTag};

const SOURCE: &str = "The council approved the \u{00A3}4.2 million budget on Tuesday. \
    \u{201C}We will rebuild the harbour bridge before the summer season starts,\u{201D} said Maria Lopez, the mayor. \
    Council member Tom Reyes disagreed. \u{201C}The town cannot afford another loan this year,\u{201D} Reyes said. \
    Repairs will cost 12 workers six months. The bridge was closed in 2019 after a storm.";

#[test]
fn matched_count_is_what_a_minimal_diff_keeps() {
    let texts = [
        "the council approved the budget on tuesday after a long debate",
        "on tuesday the council approved a budget",
        "budget the the council tuesday approved debate long a after",
        "",
        "a b a b a b c",
        "b a b a c c a",
    ];
    for a in texts {
        for b in texts {
            let a: Vec<&str> = a.split_whitespace().collect();
            let b: Vec<&str> = b.split_whitespace().collect();
            let myers: usize = capture_diff_slices(Algorithm::Myers, &b, &a)
                .iter()
                .filter(|op| op.tag() == DiffTag::Equal)
                .map(|op| op.new_range().len())
                .sum();
            assert_eq!(matched_count(&a, &b), myers, "{a:?} vs {b:?}");
        }
    }
}

/// A deterministic random number below `n` per call (xorshift), for the dynamic programs below.
fn random_ids(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}

#[test]
fn smith_waterman_score_is_the_score_of_the_full_alignment() {
    let mut next = random_ids(0x9e37_79b9_7f4a_7c15);
    for _ in 0..400 {
        let alphabet = 2 + next(10);
        let q: Vec<u32> = (0..next(40)).map(|_| next(alphabet) as u32).collect();
        let stop: Vec<bool> = q.iter().map(|&id| id % 3 == 0).collect();
        let s: Vec<u32> = (0..next(90)).map(|_| next(alphabet) as u32).collect();
        assert_eq!(
            smith_waterman_score(&q, &stop, &s),
            smith_waterman(&q, &stop, &s).0,
            "{q:?} vs {s:?}"
        );
    }
}

#[test]
fn a_stem_diff_is_the_word_diff_when_stems_pair_as_words_do() {
    // Words 0..12; a word's stem is word / 3 (three forms of each stem), or the word itself.
    let mut next = random_ids(0x6a09_e667_f3bc_c908);
    let (mut same, mut differ) = (0, 0);
    for _ in 0..400 {
        let shared = next(2) == 0;
        let stem = |w: u32| if shared { w / 3 } else { w };
        let old: Vec<u32> = (0..next(30)).map(|_| next(12) as u32).collect();
        let new: Vec<u32> = (0..next(20)).map(|_| next(12) as u32).collect();
        let (old_s, new_s): (Vec<u32>, Vec<u32>) = (
            old.iter().map(|&w| stem(w)).collect(),
            new.iter().map(|&w| stem(w)).collect(),
        );
        let words = capture_diff_slices(Algorithm::Myers, &old, &new);
        let stems = capture_diff_slices(Algorithm::Myers, &old_s, &new_s);
        if stems_pair_as_words((&old, &old_s), (&new, &new_s)) {
            assert_eq!(stems, words, "{old:?} vs {new:?}");
            same += 1;
        } else {
            differ += 1;
        }
    }
    // Both answers come up, and "no" is said of pairs with a word in two forms.
    assert!(same > 50 && differ > 50, "{same} / {differ}");
    let (old, new) = ([3u32, 7], [4u32, 7]); // 3 and 4 are two forms of stem 1
    assert!(!stems_pair_as_words((&old, &[1, 2]), (&new, &[1, 2])));
}

#[test]
fn in_order_counts_what_the_row_by_row_program_counts() {
    // Word ids from a small alphabet (many repeats), statements of 0 to 150 words (up to three
    // machine words, so the carry between them is exercised), ids past the source's vocabulary
    // (words the source lacks) included.
    let mut next = random_ids(0x2545_f491_4f6c_dd1d);
    for round in 0..400 {
        let alphabet = 2 + next(12);
        // Statements of exactly one and two machine words, then random lengths.
        let len = match round {
            0..=19 => 64,
            20..=39 => 128,
            _ => next(if round % 4 == 0 { 150 } else { 70 }),
        };
        let new: Vec<u32> = (0..len).map(|_| next(alphabet + 2) as u32).collect();
        let old: Vec<u32> = (0..next(120)).map(|_| next(alphabet) as u32).collect();
        let in_order = InOrder::new(&new, alphabet as usize);
        assert_eq!(
            in_order.count(&old),
            matched_count(&new, &old),
            "{new:?} vs {old:?}"
        );
    }
}

/// A similarity that says the same of every pair.
struct Fixed(f64);
impl Similarity for Fixed {
    fn similarity(&self, _: &str, _: &str) -> Option<f64> {
        Some(self.0)
    }
}

#[test]
fn semantic_models_decide_with_a_similarity_but_never_overrule_a_disagreement() {
    let (s, mut cfg) = idx();
    cfg.semantic.decision = cfg.decision.clone();
    cfg.semantic
        .decision
        .weights
        .insert("semantic".into(), 50.0);
    cfg.semantic.decision.bias -= 25.0;
    let claim = "Repairs of the bridge will take six months of work by a dozen workers.";
    let plain = s.judge_claim(claim, &cfg);
    let low = s.judge_claim_with(claim, &cfg, Some(&Fixed(0.0)));
    let high = s.judge_claim_with(claim, &cfg, Some(&Fixed(1.0)));
    assert_eq!(plain.features.as_ref().unwrap().semantic, None);
    assert_eq!(high.features.as_ref().unwrap().semantic, Some(1.0));
    assert!(!low.label.is_supported(), "{:?}", low.label);
    assert!(high.label.is_supported(), "{:?}", high.label);
    // A changed number stays a contradiction however alike the sentences are.
    let changed = "The bridge was closed in 2017 after a storm.";
    let j = s.judge_claim_with(changed, &cfg, Some(&Fixed(1.0)));
    assert_eq!(j.label, Label::Contradicted);
}

#[test]
fn a_number_the_claim_also_states_is_no_counterpart_for_another() {
    // "2004" is new, but the only number near it (9) is the claim's own date; a changed
    // date still is a substitution.
    agrees_then_flips(
        "His pickup was found May 9, abandoned without its plates in Dover, Del.",
        "His 2004 Ranger was found May 9, abandoned without its plates in Dover, Del.",
        "His pickup was found May 19, abandoned without its plates in Dover, Del.",
    );
}

#[test]
fn titles_initials_and_company_suffixes_are_not_names_that_disagree() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "Harbour Lines Inc shares rose on Friday, said Paula J. Ortega, the Rev. Ortega's aide.",
        &cfg,
    );
    let j = s.judge_claim(
        "Harbour Lines Corp shares rose on Friday, said Paula Ortega, the Reverend Ortega's aide.",
        &cfg,
    );
    assert!(
        !j.notes.iter().any(|n| n.starts_with("name ")),
        "{:?}",
        j.notes
    );
    // A month does not stand for a weekday ("July 3" for "next Thursday").
    let s = SourceIndex::new("The hearing is set for next Thursday in Dover.", &cfg);
    let j = s.judge_claim("The hearing is set for July 3 in Dover.", &cfg);
    assert!(
        !j.notes.iter().any(|n| n.starts_with("name ")),
        "{:?}",
        j.notes
    );
    // A weekday for a weekday is a change.
    let j = s.judge_claim("The hearing is set for next Monday in Dover.", &cfg);
    assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
    // A title stands for a title: abbreviated it agrees, another one does not.
    agrees_then_flips(
        "The plan was backed by Sen. Alma Ortega at a hearing in Dover on Tuesday.",
        "The plan was backed by Senator Alma Ortega at a hearing in Dover on Tuesday.",
        "The plan was backed by Gov. Alma Ortega at a hearing in Dover on Tuesday.",
    );
}

/// Judged against `source`, `agrees` is no contradiction and `flips` is one.
fn agrees_then_flips(source: &str, agrees: &str, flips: &str) {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(source, &cfg);
    let j = s.judge_claim(agrees, &cfg);
    assert_ne!(j.label, Label::Contradicted, "{agrees}: {:?}", j.notes);
    let j = s.judge_claim(flips, &cfg);
    assert_eq!(j.label, Label::Contradicted, "{flips}: {:?}", j.notes);
}

#[test]
fn a_refusal_counts_as_the_negation_it_paraphrases() {
    agrees_then_flips(
        "Her lawyer, Tom Reyes, said he had no comment on the ruling.",
        "Her lawyer, Tom Reyes, declined to comment on the ruling.",
        "Her lawyer, Tom Reyes, said he had a comment on the ruling.",
    );
}

#[test]
fn a_claim_that_drops_the_sources_hedge_is_not_supported() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "The inspectors are reviewing possible safety breaches at three plants in Ohio. \
         The former mayor allegedly approved the permits without a vote, residents said.",
        &cfg,
    );
    let hedge_notes = |claim: &str| -> Vec<String> {
        let j = s.judge_claim(claim, &cfg);
        j.notes
            .into_iter()
            .filter(|n| n.contains("hedges"))
            .collect()
    };
    let j = s.judge_claim(
        "The inspectors are reviewing safety breaches at three plants in Ohio.",
        &cfg,
    );
    assert_eq!(j.label, Label::Partial, "{:?}", j.notes);
    let notes =
        hedge_notes("The inspectors are reviewing safety breaches at three plants in Ohio.");
    assert!(notes.iter().any(|n| n.contains("possible")), "{notes:?}");
    // Kept in other words, the doubt is no overstatement.
    let notes = hedge_notes(
        "The inspectors are reviewing safety breaches that may have occurred at three plants in Ohio.",
    );
    assert!(notes.is_empty(), "{notes:?}");
    // "Allegedly" passed on by naming who says so.
    let notes = hedge_notes("Residents said the former mayor approved the permits without a vote.");
    assert!(notes.is_empty(), "{notes:?}");
    let notes = hedge_notes("The former mayor approved the permits without a vote.");
    assert!(notes.iter().any(|n| n.contains("allegedly")), "{notes:?}");
    // "As expected" compares; it does not hedge.
    let s = SourceIndex::new(
        "Sales at the harbour shops, as expected, rose sharply over the summer months.",
        &cfg,
    );
    let j = s.judge_claim(
        "Sales at the harbour shops rose sharply over the summer months.",
        &cfg,
    );
    assert!(
        !j.notes.iter().any(|n| n.contains("hedges")),
        "{:?}",
        j.notes
    );
    // "Nearly sank" is not "sank".
    let s = SourceIndex::new(
        "The ferry nearly sank in the storm off Dover on Monday night.",
        &cfg,
    );
    let j = s.judge_claim(
        "The ferry sank in the storm off Dover on Monday night.",
        &cfg,
    );
    assert!(!j.label.is_supported(), "{:?} {:?}", j.label, j.notes);
    // The month is no modal; an approximation for an approximation is kept.
    let s = SourceIndex::new(
        "The ferry nearly sank in May, with nearly 200 passengers on board.",
        &cfg,
    );
    let j = s.judge_claim("The ferry sank in May, with 200 passengers on board.", &cfg);
    assert!(
        j.notes.iter().any(|n| n.contains("hedges")),
        "{:?}",
        j.notes
    );
    let j = s.judge_claim(
        "The ferry nearly sank in May, with about 200 passengers on board.",
        &cfg,
    );
    assert!(
        !j.notes.iter().any(|n| n.contains("hedges")),
        "{:?}",
        j.notes
    );
}

#[test]
fn a_negation_that_moved_to_another_word_is_no_flip() {
    agrees_then_flips(
        "None of the injured were children, said Lt. Maria Okafor, a fire department spokeswoman.",
        "No children were among the injured, said Lt. Maria Okafor, a fire department spokeswoman.",
        "Children were among the injured, said Lt. Maria Okafor, a fire department spokeswoman.",
    );
}

#[test]
fn a_negation_elsewhere_in_the_passage_does_not_excuse_a_flip() {
    agrees_then_flips(
        "The mayor resigned on Monday. He said he did not regret it.",
        "The mayor resigned on Monday.",
        "The mayor did not resign on Monday.",
    );
    // "ban" is what was lifted, not a negator.
    agrees_then_flips(
        "The council lifted the parking ban on Friday after a long debate.",
        "The council lifted the parking ban on Friday.",
        "The council did not lift the parking ban on Friday.",
    );
    // A repeated number: the other "3" is still a counterpart.
    agrees_then_flips(
        "The 3 suspects were held for 3 days in the county jail.",
        "The 3 suspects were held for 3 days in the county jail.",
        "The 3 suspects were held for 5 days in the county jail.",
    );
}

#[test]
fn failed_negates_only_what_it_failed_to_do() {
    agrees_then_flips(
        "The union said the plan to extend opening hours failed in the spring. \
         The managers would strip staff of their overtime rights, the union said.",
        "The plan to extend opening hours failed and would strip staff of their overtime rights.",
        "The managers failed to strip staff of their overtime rights, the union said.",
    );
}

#[test]
fn an_acronym_of_two_adjacent_words_is_found() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "The plane landed at Los Angeles airport on Thursday after a long delay.",
        &cfg,
    );
    let j = s.judge_claim(
        "The plane landed at the LA airport on Thursday after a long delay.",
        &cfg,
    );
    assert_eq!(j.features.unwrap().missing, 0);
    // Lower-case words ("a long delay") make no acronym in cased text.
    let j = s.judge_claim(
        "The plane landed at the LD airport on Thursday after a long delay.",
        &cfg,
    );
    assert_eq!(j.features.unwrap().missing, 1);
}

#[test]
fn a_negated_claim_against_a_passage_that_negates_nothing_is_contradicted() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "The agency says the drone project has progressed to the delivery phase. \
         Officials expect the first flights in the spring.",
        &cfg,
    );
    let j = s.judge_claim(
        "The agency says the drone project has not moved to the delivery phase.",
        &cfg,
    );
    assert!(!j.label.is_supported(), "{:?}", j.label);
    assert!(
        j.notes.iter().any(|n| n.contains("negates nothing")),
        "{:?}",
        j.notes
    );
    // The same rephrasing without the negator is no disagreement.
    let j = s.judge_claim(
        "The agency says the drone project has moved to the delivery phase.",
        &cfg,
    );
    assert!(
        j.notes.iter().all(|n| !n.contains("negat")),
        "{:?}",
        j.notes
    );
}

#[test]
fn phrase_and_sentence_inputs_see_a_subject_taken_from_another_sentence() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "Governor Jerry Brown has said the water system will need to be examined. \
         Delta farmer Rudy Mussi says he has senior water rights.",
        &cfg,
    );
    let copied = s.judge_claim(
        "Delta farmer Rudy Mussi says he has senior water rights.",
        &cfg,
    );
    let f = copied.features.unwrap();
    assert_eq!(f.trigram_precision, 1.0);
    assert_eq!(f.sentence_imported, 0.0);
    let stitched = s.judge_claim("Jerry Brown says he has senior water rights.", &cfg);
    let f = stitched.features.unwrap();
    assert!(f.trigram_precision < 1.0, "{f:?}");
    assert!(f.sentence_imported > 0.2, "{f:?}");
    // A pronoun that opens the sentence stands for the subject of the one before.
    let s = SourceIndex::new(
        "The new harbour master was surprised by the state of the piers. \
         He ordered a full survey of the docks within a week.",
        &cfg,
    );
    let resolved = s.judge_claim(
        "The new harbour master ordered a full survey of the docks within a week.",
        &cfg,
    );
    assert_eq!(resolved.features.unwrap().sentence_imported, 0.0);
    // Only the subject: a detail stitched in from the rest of that sentence is imported.
    let stitched = s.judge_claim(
        "The new harbour master ordered a full survey of the piers within a week.",
        &cfg,
    );
    assert!(stitched.features.unwrap().sentence_imported > 0.0);
}

#[test]
fn a_one_sentence_source_is_judged_with_the_pair_model() {
    let mut cfg = AlignConfig::default();
    let sentence = "The council approved the harbour bridge budget on Tuesday.";
    let pair = SourceIndex::new(sentence, &cfg);
    let article = SourceIndex::new(SOURCE, &cfg);
    assert!(pair.is_pair_source(&cfg));
    assert!(!article.is_pair_source(&cfg));
    let claim = "On Tuesday the council approved the budget.";
    assert!(pair.judge_claim(claim, &cfg).label.is_supported());
    // The pair inputs decide for the one-sentence source only.
    cfg.decision.weights.insert("pair".into(), -100.0);
    assert!(!pair.judge_claim(claim, &cfg).label.is_supported());
    cfg.pair_max_sentences = 0;
    assert!(pair.judge_claim(claim, &cfg).label.is_supported());
}

/// A speaker the text names.
fn person(name: &str) -> Speaker {
    Speaker {
        name: name.into(),
        is_name: true,
        carried: false,
    }
}

fn idx() -> (SourceIndex, AlignConfig) {
    let cfg = AlignConfig::default();
    (SourceIndex::new(SOURCE, &cfg), cfg)
}

#[test]
fn verbatim_and_paraphrase() {
    let (s, cfg) = idx();
    assert_eq!(
        s.judge_claim("The bridge was closed in 2019 after a storm.", &cfg)
            .label,
        Label::Verbatim
    );
    assert_eq!(
        s.judge_claim("After a storm, the bridge was closed in 2019.", &cfg)
            .label,
        Label::Paraphrase
    );
}

#[test]
fn changed_number_and_negation_contradict() {
    let (s, cfg) = idx();
    let j = s.judge_claim("The bridge was closed in 2017 after a storm.", &cfg);
    assert_eq!(j.label, Label::Contradicted);
    assert!(
        j.notes[0].contains("2017") && j.notes[0].contains("2019"),
        "{:?}",
        j.notes
    );
    let j = s.judge_claim(
        "The council did not approve the \u{00A3}4.2 million budget on Tuesday.",
        &cfg,
    );
    assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
}

#[test]
fn split_numbers_opposites_and_negation_scope() {
    let cfg = AlignConfig::default();
    // Tokenized text writes 30,000 as "30, 000" and 31.8 as "31. 8".
    let s = SourceIndex::new(
        "it has been around 30, 000 years since the ancestors of modern humans wiped out the neanderthals . \
         by 2030 that figure is expected to surge to 31. 8 million sufferers .",
        &cfg,
    );
    let j = s.judge_claim(
        "It has been around 30,000 years since the ancestors of modern humans wiped out the neanderthals.",
        &cfg,
    );
    assert!(j.label.is_supported(), "{:?} {:?}", j.label, j.notes);
    let j = s.judge_claim(
        "By 2030 that figure is expected to surge to 31.8 million sufferers.",
        &cfg,
    );
    assert!(j.label.is_supported(), "{:?} {:?}", j.label, j.notes);
    // Several thousands groups: "$ 12, 480, 305".
    let s = SourceIndex::new(
        "the pair won $ 12, 480, 305 in the lottery draw on friday .",
        &cfg,
    );
    let joined: Vec<f64> = s.joined.iter().flatten().map(|j| j.0).collect();
    assert_eq!(joined, vec![12_480_305.0]);
    let j = s.judge_claim(
        "The pair won $12,480,305 in the lottery draw on Friday.",
        &cfg,
    );
    assert_ne!(j.label, Label::Contradicted, "{:?}", j.notes);

    let (s, cfg) = idx();
    let j = s.judge_claim("The bridge was opened in 2019 after a storm.", &cfg);
    assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
    assert!(j
        .notes
        .iter()
        .any(|n| n.contains("opened") && n.contains("closed")));
    // "found no" and "not found" say the same thing.
    let s = SourceIndex::new(
        "The authorities have not found any evidence of poison in the water.",
        &cfg,
    );
    let j = s.judge_claim(
        "The authorities have found no evidence of poison in the water.",
        &cfg,
    );
    assert_ne!(j.label, Label::Contradicted, "{:?}", j.notes);
}

#[test]
fn rounded_numbers_and_spelling_variants_agree() {
    assert!(rounds_to(64.7, "65", 65.0));
    assert!(rounds_to(4.62, "4.6", 4.6));
    assert!(!rounds_to(12.0, "15", 15.0));
    assert!(!rounds_to(6.4, "6", 6.0));
    assert!(spelling_variant("domecq", "domeq"));
    assert!(spelling_variant("centre", "center"));
    assert!(!spelling_variant("centre", "certne"));
    assert!(!spelling_variant("lopez", "reyes"));
    for (a, b) in [
        ("centre", "center"),
        ("lacsynski's", "laczynski"),
        ("ftc", "f.t"),
        ("uk", "britain"),
        ("u.s", "american"),
    ] {
        assert!(same_name(a, b), "{a} / {b}");
    }
    for (a, b) in [
        ("lopez", "reyes"),
        ("uk", "american"),
        ("al", "alvarez"),
        ("ohio", "iowa"),
        ("niger", "nigeria"),
        ("paul", "paula"),
        ("u.s", "ussr"),
    ] {
        assert!(!same_name(a, b), "{a} / {b}");
    }
}

#[test]
fn invented_claim_is_unverified() {
    let (s, cfg) = idx();
    let j = s.judge_claim(
        "Scientists discovered a new species of frog in the rainforest.",
        &cfg,
    );
    assert_eq!(j.label, Label::Unverified);
}

#[test]
fn quotes_exact_altered_missing_misattributed() {
    let (s, cfg) = idx();
    let lopez = Speaker {
        name: "Maria Lopez".into(),
        is_name: true,
        carried: false,
    };
    let reyes = Speaker {
        name: "Tom Reyes".into(),
        is_name: true,
        carried: false,
    };
    let q = "We will rebuild the harbour bridge before the summer season starts";
    assert_eq!(s.judge_quote(q, Some(&lopez), &cfg).label, Label::Exact);
    assert_eq!(
        s.judge_quote(q, Some(&reyes), &cfg).label,
        Label::Misattributed
    );
    let ellipsis = "We will rebuild the harbour bridge \u{2026} starts";
    assert_eq!(
        s.judge_quote(ellipsis, Some(&lopez), &cfg).label,
        Label::Exact
    );
    let bracket = "[The town] cannot afford another loan this year";
    assert_eq!(
        s.judge_quote(bracket, Some(&reyes), &cfg).label,
        Label::Exact
    );
    let bracket = "The town cannot afford another [bank] loan this year";
    assert_eq!(
        s.judge_quote(bracket, Some(&reyes), &cfg).label,
        Label::Exact
    );
    let altered = s.judge_quote(
        "We will rebuild the harbour bridge after the summer season starts",
        Some(&lopez),
        &cfg,
    );
    assert_eq!(altered.label, Label::Altered);
    assert!(altered
        .diff
        .iter()
        .any(|d| d.op == DiffOp::Insert && d.text == "after"));
    let missing = s.judge_quote(
        "Our scientists have found nothing unusual in the water samples today",
        Some(&lopez),
        &cfg,
    );
    assert_eq!(missing.label, Label::NotFound);
}

#[test]
fn a_quote_spelled_another_way_is_exact_and_a_changed_word_is_not() {
    let cfg = AlignConfig::default();
    let judge =
        |source: &str, quote: &str| SourceIndex::new(source, &cfg).judge_quote(quote, None, &cfg);
    let source = "\"About 40 per cent of the members of the city council will retire within the \
                  next two years,\" said Ana Ruiz.";
    let j = judge(
        source,
        "About 40 percent of the members of the city council will retire within the next 2 years",
    );
    assert_eq!(j.label, Label::Exact, "{:?}", j.notes);
    assert!(j.notes[0].contains("per cent / percent"), "{:?}", j.notes);
    let j = judge(
        source,
        "About 40 percent of the members of the city council will retire within the next 3 years",
    );
    assert_eq!(j.label, Label::Altered, "{:?}", j.notes);
    // Joined words that mean something else are a change ("the rapist" / "therapist").
    let j = judge(
        "\"He said the therapist had seen the boy twice before the hearing,\" said Ana Ruiz.",
        "He said the rapist had seen the boy twice before the hearing",
    );
    assert_eq!(j.label, Label::Altered, "{:?}", j.notes);
    let j = judge(
        "\"Our town council, multi-party since the last election, will meet again next spring,\" \
         she said.",
        "Our town council, multiparty since the last election, will meet again next spring",
    );
    assert_eq!(j.label, Label::Exact, "{:?}", j.notes);
}

#[test]
fn a_number_of_the_same_kind_contradicts_however_paraphrased() {
    let cfg = AlignConfig::default();
    let source = "The league handed the midfielder a one-game suspension after the brawl. \
        Seven out of ten clubs backed the new rule in a vote last spring. \
        The stadium reopened a year later with a new roof.";
    let s = SourceIndex::new(source, &cfg);
    for (claim, article_value, source_value) in [
        (
            "After the fight, the midfielder was given a two-game ban by the league.",
            "two",
            "one",
        ),
        (
            "Eight out of ten clubs supported the new rule when it was put to a vote last spring.",
            "Eight",
            "Seven",
        ),
        (
            "Six months later the stadium opened its doors again under a new roof.",
            "Six months",
            "a",
        ),
    ] {
        let j = s.judge_claim(claim, &cfg);
        assert!(
            j.findings
                .iter()
                .any(|f| f.note.contains(article_value) && f.note.contains(source_value)),
            "{claim}: {:?}",
            j.findings
        );
        assert!(!j.label.is_supported(), "{claim}: {:?}", j.label);
    }
    // The same value in other words agrees: no finding.
    let j = s.judge_claim(
        "Seven of the ten clubs backed the rule in last spring's vote.",
        &cfg,
    );
    assert!(
        j.findings.iter().all(|f| !f.note.contains("number")),
        "{:?}",
        j.findings
    );
}

#[test]
fn a_pull_quote_takes_the_speaker_of_the_quote_it_repeats() {
    let cfg = AlignConfig::default();
    // The page repeats a quotation as a pull-quote paragraph, without attribution, before the
    // attributed one.
    let s = SourceIndex::new(
        "The harbour will close for repairs in May.\n\n\
         \u{201C}We cannot keep patching a bridge that is eighty years old.\u{201D}\n\n\
         Council member Tom Reyes spoke first. Maria Lopez, the mayor, defended the plan. \
         \u{201C}We cannot keep patching a bridge that is eighty years old,\u{201D} Lopez said.",
        &cfg,
    );
    let q = "We cannot keep patching a bridge that is eighty years old.";
    let j = s.judge_quote(q, Some(&person("Tom Reyes")), &cfg);
    assert_eq!(j.label, Label::Misattributed, "{:?}", j.notes);
    assert_eq!(j.source_speaker.map(|s| s.name), Some("Lopez".to_string()));
    assert_eq!(
        s.judge_quote(q, Some(&person("Maria Lopez")), &cfg).label,
        Label::Exact
    );
}

#[test]
fn words_the_source_gives_to_an_anonymous_user_or_a_document_are_no_named_persons() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "Council member Tom Reyes posted a photo of the bridge on Monday.\n\n\
         Residents answered within minutes. Most of them were kind. \u{201C}If the bridge were any older it would be a \
         museum,\u{201D} one user joked.\n\n\
         The harbour board described the plan on its website. \u{201C}The new bridge will carry \
         trams as well as cars,\u{201D} the description on the website reads.\n\n\
         Maria Lopez, the mayor, issued a statement on Tuesday. \u{201C}We cannot keep patching a \
         bridge that is eighty years old,\u{201D} the statement said.",
        &cfg,
    );
    // "one user" is somebody the source does not name; Reyes is named, for another post.
    let j = s.judge_quote(
        "If the bridge were any older it would be a museum",
        Some(&person("Tom Reyes")),
        &cfg,
    );
    assert_eq!(j.label, Label::Misattributed, "{:?}", j.notes);
    // A document speaks for nobody the article names.
    let trams = "The new bridge will carry trams as well as cars";
    let j = s.judge_quote(trams, Some(&person("Maria Lopez")), &cfg);
    assert_eq!(j.label, Label::Misattributed, "{:?}", j.notes);
    // Unless the source names that person beside it: Lopez issued the statement.
    let patching = "We cannot keep patching a bridge that is eighty years old";
    let j = s.judge_quote(patching, Some(&person("Maria Lopez")), &cfg);
    assert_eq!(j.label, Label::Exact, "{:?}", j.notes);
    // A description given to a description is no misattribution either.
    let role = Speaker {
        name: "the harbour board's website".into(),
        is_name: false,
        carried: false,
    };
    assert_eq!(s.judge_quote(trams, Some(&role), &cfg).label, Label::Exact);
}

#[test]
fn a_negation_moved_to_another_word_in_other_words_is_the_same_negation() {
    // "nothing unusual" / "didn't expose him to anything unusual": one negator each side, in
    // other words, on another word; a claim without it flips.
    agrees_then_flips(
        "The ferry inspector said the crew didn't expose the passengers to anything unusual on the crossing to Dover.",
        "The ferry inspector said the crew exposed the passengers to nothing unusual on the crossing to Dover.",
        "The ferry inspector said the crew exposed the passengers to something unusual on the crossing to Dover.",
    );
    // The same negator moved to the other verb is a flip: "did not" on both sides.
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "The harbour board did not approve the budget for the ferry terminal but approved the new tax on cruise passengers in Dover.",
        &cfg,
    );
    let j = s.judge_claim(
        "The harbour board approved the budget for the ferry terminal but did not approve the new tax on cruise passengers in Dover.",
        &cfg,
    );
    assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
}

#[test]
fn a_hedge_in_another_word_of_its_kind_is_kept() {
    let cfg = AlignConfig::default();
    let hedge_notes = |source: &str, claim: &str| {
        let s = SourceIndex::new(source, &cfg);
        let j = s.judge_claim(claim, &cfg);
        j.notes
            .into_iter()
            .filter(|n| n.contains("hedges"))
            .collect::<Vec<_>>()
    };
    let source = "Nearly 150 passengers were stranded at the Dover ferry terminal on Monday night.";
    let kept = "Close to 150 passengers were stranded at the Dover ferry terminal on Monday night.";
    assert!(hedge_notes(source, kept).is_empty());
    let dropped = "150 passengers were stranded at the Dover ferry terminal on Monday night.";
    assert_eq!(hedge_notes(source, dropped).len(), 1);
    let source =
        "The harbour board is expected to approve the new ferry timetable for Dover next week.";
    let kept =
        "The harbour board is forecast to approve the new ferry timetable for Dover next week.";
    assert!(hedge_notes(source, kept).is_empty());
    // "former" is a detail, not a supposition.
    let source =
        "Her former label, Harbour Records, still owns the masters of her first six albums.";
    let claim = "Her label, Harbour Records, still owns the masters of her first six albums.";
    assert!(hedge_notes(source, claim).is_empty());
}

#[test]
fn yet_to_negates_like_not() {
    // "has yet to be confirmed" says what "has not been confirmed" says; dropping it flips.
    agrees_then_flips(
        "Pricing for the ferry service has not been confirmed by the harbour board in Dover.",
        "Pricing for the ferry service has yet to be confirmed by the harbour board in Dover.",
        "Pricing for the ferry service has been confirmed by the harbour board in Dover.",
    );
}

#[test]
fn an_opposite_under_one_negation_says_the_same() {
    // "yet to commit" / "uncommitted": the opposite, negated, agrees; the opposite alone flips.
    agrees_then_flips(
        "Many voters in Dover remain uncommitted ahead of the council election in May.",
        "Many voters in Dover have yet to commit ahead of the council election in May.",
        "Many voters in Dover remain committed ahead of the council election in May.",
    );
    // "not clear" where the passage says "unclear" is no added negation.
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "It is unclear whether the smaller ferry will follow suit next spring, officials said.",
        &cfg,
    );
    let j = s.judge_claim(
        "Whether the smaller ferry will do the same next spring is not clear, officials said.",
        &cfg,
    );
    assert!(
        j.notes.iter().all(|n| !n.contains("negat")),
        "{:?}",
        j.notes
    );
    let j = s.judge_claim(
        "Whether the smaller ferry will do the same next spring is not known, officials said.",
        &cfg,
    );
    assert!(
        j.notes.iter().any(|n| n.contains("negates nothing")),
        "{:?}",
        j.notes
    );
}

#[test]
fn a_count_of_the_same_things_contradicts_past_an_adjective() {
    // "eleven paint finishes" counts what "thirteen different finishes" counts.
    agrees_then_flips(
        "The ferry company will offer the new boats in thirteen different finishes, \
         including a harbour blue reserved for the Dover route.",
        "Buyers can choose from thirteen paint finishes, including a harbour blue kept for the Dover route.",
        "Buyers can choose from eleven paint finishes, including a harbour blue kept for the Dover route.",
    );
}

#[test]
fn before_and_after_swap_only_around_the_same_event() {
    use super::checks::negation::same_event_after;
    let at = |toks: &[crate::text::Token], w: &str| toks.iter().position(|t| t.norm == w).unwrap();
    // The same event on the other side of the word: a swap.
    let claim = crate::text::tokenize("Reyes left the harbour after the storm reached Dover.");
    let src = crate::text::tokenize("Reyes left the harbour before the storm reached Dover.");
    assert!(same_event_after(
        &claim,
        at(&claim, "after"),
        &src,
        at(&src, "before")
    ));
    // The order turned around with the events ("the company put it on hold" / "the company
    // rebranded"): no swap.
    let claim = crate::text::tokenize("He quit a week before the company put the listing on hold.");
    let src = crate::text::tokenize("He used the name after the company rebranded itself.");
    assert!(!same_event_after(
        &claim,
        at(&claim, "before"),
        &src,
        at(&src, "after")
    ));
    // Other opposites need nothing more.
    let claim = crate::text::tokenize("Sales rose in May.");
    let src = crate::text::tokenize("Sales fell in May.");
    assert!(same_event_after(&claim, 1, &src, 1));
}

#[test]
fn months_state_codes_and_demonyms_are_the_names_they_stand_for() {
    // Normalized words, as the name check compares them.
    assert!(same_name("december", "dec"));
    assert!(same_name("sept", "september"));
    assert!(same_name("california", "ca"));
    assert!(!same_name("california", "tx"));
    assert!(!same_name("decimal", "dec"));
    for (place, people) in [
        ("china", "chinese"),
        ("taiwan", "taiwanese"),
        ("germany", "german"),
        ("germany", "germans"),
        ("europe", "european"),
        ("italy", "italian"),
        ("netherlands", "dutch"),
        ("switzerland", "swiss"),
    ] {
        assert!(same_place(place, people), "{place} / {people}");
        assert!(same_name(people, place), "{people} / {place}");
    }
    assert!(!same_place("austria", "australian"));
    assert!(!same_name("nigeria", "niger"));
}

#[test]
fn acronyms_and_dotted_forms_name_what_they_spell() {
    let cfg = AlignConfig::default();
    let s = SourceIndex::new(
        "Harbour Lines will open a ferry office in New York City on December 2, and it plans \
         to enter the United States market in 2022, with new TV adverts.",
        &cfg,
    );
    for claim in [
        "Harbour Lines will open a ferry office in NYC on December 2.",
        "Harbour Lines plans to enter the U.S. market in 2022, with new TV adverts.",
        "Harbour Lines plans to enter the US market in 2022, with new TVs adverts.",
    ] {
        let j = s.judge_claim(claim, &cfg);
        assert!(
            !j.notes.iter().any(|n| n.starts_with("name ")),
            "{claim}: {:?}",
            j.notes
        );
    }
    // Another city is still another name.
    let j = s.judge_claim(
        "Harbour Lines will open a ferry office in Boston on December 2.",
        &cfg,
    );
    assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
}
