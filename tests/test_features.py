"""Document features (audits/features) and the fitted verdict's runtime (audits/verdict_model).

No language model is loaded here: LM features are tested on arrays shaped like the
scorer's output.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from audits.errors import ConfigError
from audits.features import (
    SentenceLM,
    lm_features,
    mattr,
    ngram_rates,
    pool_sentences,
    sentences_of,
    text_features,
    unigram_logprob,
)
from audits.features.markers import load_markers
from audits.features.tokens import mask, masked_ngrams, tokens
from audits.verdict_model import (
    Stage,
    document_features,
    load_verdict_model,
    parse_verdict_model,
)

# Written in English by a reporter: varied sentences, idiomatic links, contractions.
ORIGINAL = """\
The council's long-awaited plan to fix the town's potholes finally landed on Tuesday, and \
it's already drawing fire.
Residents packed the library hall to hear officials explain why the repairs won't start \
until spring.
"We've waited three years for this," said Margaret Hill, who runs the bakery on Station \
Road. "Another winter of burst tyres isn't a plan - it's an excuse."
Officials admit the budget is tight.
Still, they insist the delay will let crews resurface whole streets rather than patch \
the worst holes, a job they reckon will last a decade.
Not everyone is convinced; one councillor called the timetable "wishful thinking" and \
vowed to force a vote next month.
"""

# A literal, sentence-by-sentence machine-style rendering of a Chinese news item.
LITERAL_MT = """\
On the eve of the festival, the reporter learned from the Municipal Bureau of Statistics \
that the total retail sales of consumer goods of the city reached 177.3 billion yuan, a \
year-on-year increase of 5.3%.
At the same time, the relevant person in charge said that, in the next step, the city \
will further promote the upgrading of consumption, it will also strengthen the supervision \
of the market order.
It is reported that the online retail sales of physical goods also maintained rapid \
growth, the proportion of which in the total retail sales reached 27.5%.
In addition, the consumption of the residents also showed the characteristics of the \
diversification, the consumption of services also increased significantly.
According to the relevant regulations, the enterprises should also strengthen the \
management of the quality of the products, it is necessary to protect the rights and \
interests of the consumers.
At present, the work of the next stage has been fully deployed, the relevant departments \
will also further strengthen the coordination.
"""


def test_sentences_follow_the_engine_segmentation() -> None:
    sents = sentences_of(ORIGINAL)
    assert sents[0].startswith("The council's long-awaited plan")
    assert any(s.startswith("Officials admit") for s in sents)
    assert len(sents) >= 7


def test_text_features_are_deterministic_and_bounded() -> None:
    first = text_features(ORIGINAL)
    second = text_features(ORIGINAL)
    assert first == second
    assert all(math.isfinite(v) for v in first.values())
    for name, value in first.items():
        if name.endswith(("_share", "mattr", "_ttr", ".density", "_variety")):
            assert 0.0 <= value <= 1.0, name
        if not name.startswith(("len.", "lex.zipf", "len.n_")):
            assert value >= 0.0 or name == "len.lag1_corr", name
    assert -1.0 <= first["len.lag1_corr"] <= 1.0


def test_text_features_see_translationese() -> None:
    orig = text_features(ORIGINAL)
    mt = text_features(LITERAL_MT)
    # The literal rendering chains clauses with commas and repeats "also"/"relevant".
    assert mt["punct.comma_splice"] > orig["punct.comma_splice"]
    assert mt["conn.explicitation"] > orig["conn.explicitation"]
    assert mt["fw.of"] > orig["fw.of"]
    assert orig["fw.contractions"] > mt["fw.contractions"] == 0.0
    assert orig["punct.semicolon"] > 0.0 == mt["punct.semicolon"]


def test_number_and_quote_formatting() -> None:
    text = (
        "Inflation reached 3,5 % in March, while exports rose to 100 000 tonnes.\n"
        "The minister called it «a historic day» for 1.000.000 farmers."
    )
    f = text_features(text)
    assert f["num.decimal_comma"] > 0
    assert f["num.space_thousands"] > 0
    assert f["num.dot_thousands"] > 0
    assert f["num.percent_space"] > 0
    assert f["punct.angle_quotes"] > 0
    plain = text_features("Inflation reached 3.5% in March, while exports hit 100,000 tonnes.")
    assert plain["num.decimal_comma"] == plain["num.space_thousands"] == 0
    assert plain["num.comma_thousands"] > 0


def test_space_before_punctuation_counts_french_typesetting_only() -> None:
    english = text_features(
        "The vote passed 3 : 1 and kick-off is at 18 : 30. Chelsea won 2 : 0 on Saturday."
    )
    assert english["punct.space_before"] == 0
    french = text_features("Why would Moscow accept ? The answer is simple : it cannot.")
    assert french["punct.space_before"] == pytest.approx(2 / 10)  # two marks, ten words


def test_unknown_words_count_typos_not_names() -> None:
    typo = text_features("The goverment anounced the new budjet on Monday in Vilnius.")
    clean = text_features("The government announced the new budget on Monday in Vilnius.")
    assert typo["err.unknown_word"] > 0
    assert clean["err.unknown_word"] == 0


def test_masking_hides_topic_words_but_keeps_function_words() -> None:
    fw = load_markers().function_words
    masked = mask(tokens('Putin met Scholz in Berlin on 12 June, "again".'), fw)
    assert masked == [
        "<W>",
        "<W>",
        "<CAP>",
        "in",
        "<CAP>",
        "on",
        "<NUM>",
        "<CAP>",
        ",",
        '"',
        "<W>",
        '"',
        ".",
    ]
    grams = set(masked_ngrams(masked))
    assert "in <CAP>" in grams and "<S> <W> <W>" not in grams
    assert not any(g in grams for g in ("Putin", "Berlin", "met"))


def test_ngram_rates_are_per_hundred_tokens() -> None:
    sents = ["The plan is late.", "The plan is over."]
    rates = ngram_rates(sents, ["the", "is", "of"])
    # 10 masked tokens (4 words + full stop, twice); "the" twice -> 20 per 100
    assert rates == {"ng.the": 20.0, "ng.is": 20.0, "ng.of": 0.0}


def test_mattr_matches_hand_count() -> None:
    assert mattr(["a", "b", "a", "c"], window=2) == pytest.approx(1.0)
    assert mattr(["a", "a", "a", "b"], window=2) == pytest.approx((0.5 + 0.5 + 1.0) / 3)
    assert mattr(["x", "y"], window=50) == 1.0


def _sentence(lps: list[float], ranks: list[int], uni: float | None = None) -> SentenceLM:
    return SentenceLM(np.array(lps), np.array(ranks), unigram_logprob=uni)


def test_lm_features_on_scorer_arrays() -> None:
    sents = [
        _sentence([-1.0, -2.0, -3.0], [1, 5, 200], uni=-24.0),
        _sentence([-0.5, -0.5], [1, 1], uni=-10.0),
    ]
    f = lm_features(sents)
    assert f["lm.mean_lp"] == pytest.approx(-7.0 / 5)
    assert f["lm.rank_le1"] == pytest.approx(3 / 5)
    assert f["lm.rank_le10"] == pytest.approx(4 / 5)
    assert f["lm.rank_le100"] == pytest.approx(4 / 5)
    assert f["lm.rank_le1000"] == 1.0
    # SLOR = (sum lp - unigram) / tokens: (-6 + 24) / 3 = 6 and (-1 + 10) / 2 = 4.5
    assert f["lm.slor_mean"] == pytest.approx(5.25)
    assert f["lm.slor_min"] == pytest.approx(4.5)
    assert lm_features(sents) == f
    assert lm_features([]) == {}


def test_context_gain_needs_context_free_scores() -> None:
    with_ctx = [
        SentenceLM(np.array([-2.0, -2.0]), np.array([3, 3])),
        SentenceLM(np.array([-1.0, -1.0]), np.array([1, 1]), None, np.array([-3.0, -1.0])),
    ]
    f = lm_features(with_ctx)
    assert f["lm.context_gain_mean"] == pytest.approx(1.0)
    assert "lm.context_gain_mean" not in lm_features(with_ctx[:1])


def test_unigram_logprob_prefers_common_words() -> None:
    common = unigram_logprob("the house is big")
    rare = unigram_logprob("the lugubrious sesquipedalian")
    assert common < 0 and rare < common


def test_pooling() -> None:
    sums = np.array([[2.0, 4.0], [4.0, 2.0]])  # two sentences of 2 and 4 tokens
    counts = np.array([2, 4])
    assert pool_sentences(sums, counts, "mean").tolist() == [1.0, 1.0]
    assert pool_sentences(sums, counts, "sentence_mean").tolist() == [1.0, 1.25]
    assert pool_sentences(sums, counts, "sentence_max").tolist() == [1.0, 2.0]
    assert pool_sentences(sums, counts, "last").tolist() == [1.0, 0.5]
    with pytest.raises(ValueError, match="pooling"):
        pool_sentences(sums, counts, "median")


def test_a_stage_reads_features_then_vectors_and_explains_itself() -> None:
    stage = Stage(
        name="translated",
        features=("a",),
        vectors=(("mean", 6),),
        mean=np.array([1.0, 0.0, 1.0]),
        scale=np.array([2.0, 1.0, 2.0]),
        coef=np.array([1.0, 0.5, -1.0]),
        intercept=0.25,
    )
    pooled = {("mean", 6): np.array([2.0, 3.0])}
    # z = [(3-1)/2, 2/1, (3-1)/2] = [1, 2, 1] -> 1 + 1 - 1 + 0.25
    assert stage.score({"a": 3.0}, pooled) == pytest.approx(1.25)
    assert stage.score({}, pooled) == pytest.approx(0.25)  # a missing feature is average
    assert stage.score({"a": 3.0}, {}) is None  # a missing vector is unknown, not average
    terms = stage.terms({"a": 3.0}, pooled)
    assert [(n, round(t, 6)) for n, _, t in terms] == [("a", 1.0), ("probe.mean_l6", 0.0)]
    again = Stage.from_json(stage.to_json())
    assert again.score({"a": 3.0}, pooled) == pytest.approx(1.25)
    assert again.vectors == (("mean", 6),)


def test_packaged_model_loads_and_describes_its_training() -> None:
    model = load_verdict_model()
    assert set(model.variants) == {"text", "text+lm"}
    assert len(model.training["sha256"]) == 64
    text = model.variant("text")
    assert not text.needs_lm and model.variant("text+lm").needs_lm
    assert 0.0 < text.threshold < 1.0
    assert text.threshold_fpr <= 0.02
    assert text.cv["auc_mt_vs_original"] > 0.8
    assert len(text.features) == len(text.coef) == len(text.mean)
    assert [s.name for s in text.stages] == ["translated", "machine"]
    assert model.best_variant(with_lm=False) is text
    assert model.best_variant(with_lm=True) is model.variant("text+lm")


def test_literal_translation_scores_above_fluent_original() -> None:
    model = load_verdict_model()
    variant = model.variant("text")
    orig_feats, _ = document_features(ORIGINAL, sentences_of(ORIGINAL), model, variant)
    mt_feats, _ = document_features(LITERAL_MT, sentences_of(LITERAL_MT), model, variant)
    p_orig, p_mt = variant.probability(orig_feats), variant.probability(mt_feats)
    assert 0.0 <= p_orig < p_mt <= 1.0
    assert {"stage.translated", "stage.machine"} <= set(mt_feats)
    top = variant.contributions(mt_feats)[0]
    assert top.log_odds > 0 and top.feature in mt_feats


def test_missing_features_count_as_average() -> None:
    variant = load_verdict_model().variant("text")
    average = dict(zip(variant.features, variant.mean.tolist(), strict=True))
    assert variant.log_odds({}) == pytest.approx(variant.intercept)
    assert variant.log_odds(average) == pytest.approx(variant.intercept)
    assert variant.missing({}) == list(variant.features)


def test_model_file_errors_say_what_to_do(tmp_path) -> None:
    bad = tmp_path / "verdict.json"
    bad.write_text(json.dumps({"schema": "other/0", "variants": {}}))
    with pytest.raises(ConfigError, match="refit"):
        load_verdict_model(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_verdict_model(tmp_path / "absent.json")
    raw = {
        "schema": "mtaudit-verdict/2",
        "variants": {
            "text": {
                "features": ["a", "b"],
                "mean": [0, 0],
                "scale": [1],
                "coef": [1, 1],
                "intercept": 0,
                "calibration": {"method": "platt", "a": 1, "b": 0},
                "threshold": 0.5,
                "threshold_fpr": 0.02,
            }
        },
    }
    with pytest.raises(ConfigError, match="counts differ"):
        parse_verdict_model(raw)
    with pytest.raises(ConfigError, match="no variant"):
        raw["variants"]["text"]["scale"] = [1, 1]
        parse_verdict_model(raw).variant("text+lm")


PACKAGED_MODEL = Path(__file__).parent.parent / "audits" / "data" / "verdict_model.json"


def _broken_model(change) -> dict:
    raw = json.loads(PACKAGED_MODEL.read_text(encoding="utf-8"))
    change(raw)
    return raw


def _set(path: str, value):
    """A change that sets the field at a dotted path (list indices as numbers)."""

    def change(raw) -> None:
        *parents, last = path.split(".")
        node = raw
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value

    return change


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda raw: raw.clear() or raw.update(schema="mtaudit-verdict/2"), "variants: missing"),
        (_set("variants", {}), "variants: no variants"),
        (_set("variants", []), "variants: expected an object"),
        (lambda raw: raw["variants"]["text"].pop("calibration"), "variants.text.calibration"),
        (_set("variants.text.coef", "abc"), "variants.text.coef"),
        (_set("variants.text.coef", ["abc", 1.0]), "variants.text.coef"),
        (_set("variants.text.features", 5), "variants.text.features"),
        (_set("variants.text.scale", [1.0]), "counts differ"),
        (_set("variants.text.scale", [1.0, 0.0, 1.0, 1.0]), "variants.text.scale"),
        (_set("variants.text.intercept", math.nan), "variants.text.intercept"),
        (_set("variants.text.intercept", "1"), "variants.text.intercept"),
        (_set("variants.text.threshold", math.inf), "variants.text.threshold"),
        (_set("variants.text.threshold", 1.5), "variants.text.threshold"),
        (_set("variants.text.calibration.a", None), "variants.text.calibration.a"),
        (_set("variants.text.stages.0.coef.3", math.nan), "variants.text.stages[0].coef"),
        (_set("variants.text.stages.0.features", None), "variants.text.stages[0].features"),
        (_set("variants.text+lm.stages.0.vectors", [["mean", "20"]]), "stages[0].vectors"),
        (_set("variants.text.translated", []), "variants.text.translated"),
        (_set("variants.text.original_probabilities", [0.1, None]), "original_probabilities"),
        (_set("default_variant", "other"), "default_variant"),
        (_set("rule_evidence_cap", math.nan), "rule_evidence_cap"),
        (_set("fitted_codes", "C202"), "fitted_codes"),
    ],
)
def test_a_malformed_model_file_names_the_file_and_field(tmp_path, change, field) -> None:
    """Every malformed field is a one-line ConfigError (not a crash, and not a NaN
    probability that no --fail-over catches) naming the file and the field."""
    bad = tmp_path / "verdict.json"
    bad.write_text(json.dumps(_broken_model(change)))
    with pytest.raises(ConfigError) as err:
        load_verdict_model(bad)
    assert str(bad) in str(err.value) and field in str(err.value)


def test_a_model_file_that_is_not_an_object_is_a_config_error(tmp_path) -> None:
    bad = tmp_path / "verdict.json"
    bad.write_text("[]")
    with pytest.raises(ConfigError, match=r"verdict\.json: top level: expected an object"):
        load_verdict_model(bad)


def test_the_packaged_model_passes_its_own_checks() -> None:
    raw = json.loads(PACKAGED_MODEL.read_text(encoding="utf-8"))
    assert set(parse_verdict_model(raw, source="packaged").variants) == {"text", "text+lm"}


def test_function_word_mask_on_bpe_tokens() -> None:
    from audits.features import function_word_mask

    toks = ["The", "Ġplan", "Ġof", "Ġthe", "Ġcity", "Ġis", "Ġin", "Ġthe", "Ġworks", ","]
    got = function_word_mask(toks, load_markers().function_words).tolist()
    assert got == [True, False, True, True, False, True, True, True, False, False]
    # "Ġin" continued by "side" is the word "inside"'s first piece, not the word "in"
    assert function_word_mask(["Ġin", "side"], frozenset({"in"})).tolist() == [False, False]


def test_source_hints_point_to_the_right_language() -> None:
    from audits.features.origin import hint_votes
    from audits.verdict_model import load_source_lang_model, source_lang_features

    uk = (
        "Volodymyr Zelenskyi met the mayor of Kharkiv, Ihor Terekhov, on Tuesday.\n"
        "Oleksii Honcharenko said the hryvnia had held steady in Kyiv."
    )
    votes = hint_votes(uk)
    assert max(votes, key=lambda k: votes[k]) == "uk"
    zh = "Zhang Xiaoming and Wang Qiang said sales reached 1.77 trillion yuan in Xiamen."
    votes = hint_votes(zh)
    assert max(votes, key=lambda k: votes[k]) == "zh"
    ko = "Kim Min-ji (김민지) met Lee Jae-myung (이재명) in Seoul on Friday."
    votes = hint_votes(ko)
    assert max(votes, key=lambda k: votes[k]) == "ko"
    model = load_source_lang_model()
    lang, conf, scores = model.predict(source_lang_features(uk, sentences_of(uk)))
    assert set(scores) == {"cs", "de", "ja", "ru", "uk", "zh"}
    assert sum(scores.values()) == pytest.approx(1.0)
    assert max(scores, key=lambda k: scores[k]) in ("uk", "ru")
    assert lang is None or conf >= model.min_confidence


def test_thousands_features_read_numbers_as_t105_does() -> None:
    # Phone numbers, decimals, versions, a date beside a count and a company number only
    # look grouped; T105 leaves them alone and the features must not count them either.
    looks_grouped = text_features(
        "Call 01632 960 983 or 0161 496 0000 today. The lap took 2.256 seconds, the "
        "bond pays a 4.000% coupon and petrol costs $3.999 a gallon. On April 3 410 "
        "bodies were found, see page 3 410. ABN 51 824 753 556. Update to v2.500 now."
    )
    assert looks_grouped["num.space_thousands"] == looks_grouped["num.dot_thousands"] == 0
    grouped = text_features(
        "About 100 000 troops and 1 500 000 civilians; 21.000 people and 1.500 "
        "inhabitants left, and 1.000.000 euros were paid."
    )
    n_words = 12  # the numbers are not words
    assert grouped["num.space_thousands"] == pytest.approx(2 / n_words)
    assert grouped["num.dot_thousands"] == pytest.approx(3 / n_words)


def test_source_hints_for_grouped_thousands_read_numbers_as_t105_does() -> None:
    from audits.features.origin import origin_features

    looks_grouped = origin_features(
        "Call 01632 960 983 today. The lap took 2.256 seconds. On April 3 410 bodies were found."
    )
    assert looks_grouped["src.space_thousands"] == looks_grouped["src.dot_thousands"] == 0
    grouped = origin_features("About 100 000 troops and 21.000 people left the city.")
    assert grouped["src.space_thousands"] > 0 and grouped["src.dot_thousands"] > 0


def test_romaji_names_are_spelt_as_romaji_spells() -> None:
    # The hint took any capitalised word ending in "ta", "da", "ro" or "ko" for a
    # Japanese name: an English review of La Traviata with Violetta, Gilda and the
    # "Coro" came out "translated from Japanese (96% sure)" once the verdict was over
    # its threshold. Words with letters or clusters romaji never writes are not names.
    from audits.features.origin import origin_features

    japanese = origin_features("Suzuki, Kishida, Yamamoto and Honda met in Kawasaki.")
    assert japanese["src.romaji_name"] == pytest.approx(100.0 * 5 / 8)
    italian = origin_features(
        "Violetta sang La Traviata, Gilda the Coro, and Marta flew to Canada and Florida."
    )
    assert italian["src.romaji_name"] == 0


def test_an_english_you_is_no_japanese_or_chinese_name() -> None:
    # "You" matched the long-vowel ("Satou") and pinyin ("Zhou") endings, so every
    # quotation that opens with it hinted at Japanese and Chinese.
    from audits.features.origin import origin_features

    quoted = origin_features('"You cannot understand Europe from an office," he said. You see.')
    assert quoted["src.long_vowel"] == quoted["src.pinyin_name"] == 0
    names = origin_features("Satou met Zhou and Liang.")
    assert names["src.long_vowel"] > 0 and names["src.pinyin_name"] > 0


@pytest.mark.xfail(strict=True, reason="romaji_name cannot tell Aida or Bogota from Japanese")
def test_romaji_names_leave_out_western_names_spelt_in_open_syllables() -> None:
    # A known limit, in README: names of open syllables with a Japanese ending, "Aida",
    # "Musetta", "Anita", "Bogota", "Uganda", "Minnesota", "Tarasenko", are spelt as
    # romaji spells and still count; a short review of Aida reads as Japanese names.
    from audits.features.origin import origin_features

    review = origin_features(
        "Aida was sung by Anna Netrebko. Aida is jealous of Amneris, and Aida dies with "
        "Radames. The Aida at the Met was a triumph; Aida herself was superb."
    )
    assert review["src.romaji_name"] == 0
