"""From findings and language-model reads to a verdict: P(machine-translated) and the
likely source language. README "## Verdict" documents it for users.

* **Fitted model** (``audits/data/verdict_model.json``, fitted by ``bench/fit_verdict.py``
  on the WMT22 dev set with grouped cross-validation; see ``audits.verdict_model``): two
  linear stages ("a translation at all?" and "machine rather than human?") over
  topic-robust text features, rule-family rates, LM statistics and pooled hidden states,
  combined by a calibrated logistic regression. Variant ``text+lm`` when the document
  was LM-scored, ``text`` otherwise (``--no-lm``).
* **Rule evidence the data could not weigh**: rules that never fired often enough in the
  dev set (its sources are cs, de, ja, ru, uk and zh, so French calques, for one) add
  their noisy-OR evidence ``-ln prod(1 - s)`` over the 2 strongest findings of each rule
  to the calibrated log-odds, capped at ``rule_evidence_cap`` nats so hand-set strengths
  can move a verdict but never dominate it unbounded. Scrape artefacts (S) say a page was
  copied, not translated, and never count.
* **Threshold**: the variant's, which flagged at most 2 % of English originals in
  cross-validation, or ``--fail-over``; the report gives the CV false-positive rate of
  whichever threshold is in force.
* **Source language**: a vote of the findings' language hints, each finding giving its
  strength to its ``source_lang`` or splitting it among those of its candidates the
  document's hints name most (hints narrow each other down); named when the votes add
  up to ``min_lang_evidence`` without a tie and with ``min_lang_share`` of them.
  Without such hints, and only for a document judged machine-translated, the fitted
  source-language classifier (``audits/data/source_lang_model.json``, fitted on
  translations) names a language when it is at least ``min_confidence`` sure;
  otherwise "unknown".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from audits.config import AuditConfig, origin_note
from audits.datafiles import and_list, language_name, language_names, load_toml
from audits.document import (
    DocumentAudit,
    Evidence,
    Finding,
    SentenceFluency,
    Verdict,
    unnamed_language,
)

# Library code imported both from here before they moved beside Verdict.
from audits.document import Unnamed as Unnamed
from audits.english_gate import common_word_share
from audits.errors import ConfigError
from audits.features import SentenceLM
from audits.features.markers import load_markers
from audits.features.origin import load_hints
from audits.features.rules import evidence_nats
from audits.features.text import DocumentText, zipf
from audits.features.tokens import words
from audits.rules import Rule
from audits.shares import percent
from audits.thresholds import reported_threshold
from audits.verdict_model import (
    VerdictModel,
    VerdictVariant,
    document_features,
    load_source_lang_model,
    load_verdict_model,
    sigmoid,
    source_lang_features,
)
from audits.verdict_reasons import feature_reasons

METHOD = "fitted-logistic/3"
MAX_REASONS = 5


def _settings() -> dict[str, Any]:
    return load_toml("verdict.toml")


def verdict_model(config: AuditConfig) -> VerdictModel:
    """The packaged model, or the one the ``verdict_model`` setting names; one whose
    every variant reads LM scores is refused here, before any work, when the LM is off
    (it used to fail once every document had been audited)."""
    model = load_verdict_model(config.resolved_path("verdict_model"))
    if not config.lm and all(v.needs_lm for v in model.variants.values()):
        where = config.resolved_path("verdict_model") or "packaged"
        raise ConfigError(
            f"the verdict model ({where}) needs LM scores, but the language model is "
            f"off{origin_note(config, 'lm')}; turn it on (--lm, or lm = true in the config file)"
        )
    return model


def preload(config: AuditConfig) -> None:
    """Load the models, word lists and settings the verdict reads."""
    verdict_model(config)
    load_source_lang_model()
    load_markers()
    load_hints()
    _settings()
    zipf("the")  # wordfreq's English frequencies


def pool_layers(config: AuditConfig) -> tuple[int, ...]:
    """Hidden-state layers the scorer should pool for the verdict's probes."""
    return verdict_model(config).pool_layers(config.lm)


def decide(
    audit: DocumentAudit,
    config: AuditConfig,
    rules: dict[str, Rule],
    *,
    word_stats: tuple[int, float] | None = None,
) -> Verdict:
    """``word_stats``: ``audits.english_gate.english_check``'s count of the text's words and
    share of common English words, when the engine has them (else counted here)."""
    model = verdict_model(config)
    lm_sentences, hidden = _lm_inputs(audit)
    # Without pooled hidden states (a scorer asked for none) the LM variant's stages
    # would be guesses; the text variant is fitted for exactly that case.
    variant = model.best_variant(with_lm=bool(lm_sentences) and hidden is not None)
    texts = [s.text for s in audit.sentences]
    extra, rule_reasons = _rule_evidence(audit.findings, model, rules)
    # Decided on the values the report shows, and the reasons on the same: on raw values,
    # P 0.98567 against --fail-over 0.98568 read "P 0.9857, threshold 0.9857, not
    # machine-translated", though P at or above the threshold fails.
    threshold = reported_threshold(_threshold(config, variant))
    if word_stats is None:
        doc_words = words(audit.document.text)
        word_stats = (len(doc_words), common_word_share(doc_words))
    n_words, share = word_stats
    # The text split into words once for the features and the source-language classifier.
    prepared = DocumentText(audit.document.text, texts, doc_word_count=n_words)
    long_enough = (
        n_words >= _settings()["fitted_min_words"]
        and share >= _settings()["fitted_min_common_share"]
    )
    if long_enough:
        pairs = [(f.code, f.strength) for f in audit.findings]
        feats, pooled = document_features(
            audit.document.text,
            texts,
            model,
            variant,
            pairs,
            lm_sentences or None,
            hidden,
            prepared=prepared,
        )
        probability = round(sigmoid(variant.calibrated_log_odds(feats) + extra), 4)
        translated = variant.translated.probability(feats, extra) if variant.translated else None
        # A flagged verdict always says why; a rule's reason is enough.
        unexplained = (
            (probability, threshold) if probability >= threshold and not rule_reasons else None
        )
        reasons = rule_reasons + feature_reasons(variant, feats, pooled, unexplained=unexplained)
        reasons.sort(key=lambda e: (-e.weight, e.text))
    else:
        probability = round(sigmoid(variant.typical_original_log_odds() + extra), 4)
        translated = None
        rule_reasons.sort(key=lambda e: (-e.weight, e.text))
        reasons = [_outside_fitted_range(n_words, share), *rule_reasons]

    lang, confidence, lang_scores, lang_reasons = source_language(audit.findings, rules)
    unnamed: Unnamed | None = None
    # The classifier learnt from translations only: on a text judged original it would
    # name a language for what is no translation at all.
    if lang is None and probability >= threshold and long_enough and model.source_lang_classifier:
        classified = _classified_language(audit, texts, lang_scores, prepared)
        if isinstance(classified, Unnamed):
            unnamed = classified
        elif classified is not None:
            lang, confidence, lang_scores, lang_reasons = classified
    return Verdict(
        machine_translated=probability >= threshold,
        probability=probability,
        source_lang=lang,
        source_lang_confidence=round(confidence, 4),
        threshold=threshold,
        method=f"{METHOD}:{variant.name}",
        reasons=[Evidence(r.text, round(r.weight, 3)) for r in reasons[:MAX_REASONS]],
        source_lang_reasons=lang_reasons[:MAX_REASONS],
        false_positive_rate=variant.false_positive_rate(threshold),
        source_lang_scores={k: round(v, 4) for k, v in lang_scores.items()},
        translated_probability=None if translated is None else round(translated, 4),
        source_lang_unnamed=None if lang is not None else unnamed or unnamed_language(lang_scores),
    )


def _outside_fitted_range(n_words: int, share: float) -> Evidence:
    minimum = _settings()["fitted_min_words"]
    if n_words < minimum:
        text = (
            f"only {n_words} word{'' if n_words == 1 else 's'}: too short for the fitted model "
            f"(it learnt from {minimum} words up), so only rule findings count"
        )
    else:
        text = (
            f"only {percent(share)} of the words are common English words (a list or a table, "
            "not prose): unlike anything the fitted model learnt from, so only rule "
            "findings count"
        )
    return Evidence(text, 1.0)


def _threshold(config: AuditConfig, variant: VerdictVariant) -> float:
    return config.fail_over if config.fail_over is not None else variant.threshold


def _lm_inputs(
    audit: DocumentAudit,
) -> tuple[list[SentenceLM], tuple[dict[int, np.ndarray], np.ndarray] | None]:
    """The document's LM reads as the feature code takes them, and its per-sentence
    hidden-state sums when the scorer pooled any."""
    function_words = load_markers().function_words
    out: list[SentenceLM] = []
    scored: list[SentenceFluency] = []
    for s in audit.sentences:
        f = audit.fluency.get(s.index)
        if f is None or f.tokens == 0 or not f.token_scores:
            continue
        out.append(
            SentenceLM.from_tokens(
                s.text,
                [t.logprob for t in f.token_scores],
                [t.rank for t in f.token_scores],
                [t.unigram_logprob for t in f.token_scores],
                [(t.start - s.start, t.end - s.start) for t in f.token_scores],
                function_words,
                score=f.score,
                percentile=f.percentile,
            )
        )
        scored.append(f)
    layers = set.intersection(*(set(f.hidden_sums) for f in scored)) if scored else set()
    if not layers:
        return out, None
    sums = {layer: np.array([f.hidden_sums[layer] for f in scored]) for layer in layers}
    return out, (sums, np.array([f.tokens for f in scored], np.float64))


def _rule_evidence(
    findings: list[Finding], model: VerdictModel, rules: dict[str, Rule]
) -> tuple[float, list[Evidence]]:
    """The capped evidence of rules the fit could not weigh, and every rule's reason.

    A reason's weight is its rule's evidence in nats (for fitted rules too, so the
    reader sees what was found; their weight in the probability is the model's)."""
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.code[:1] not in ("F", "R") and not _script_gloss(f):
            by_code[f.code].append(f)
    extra = 0.0
    reasons: list[Evidence] = []
    for code, found in by_code.items():
        nats = evidence_nats(f.strength for f in found)
        if code[:1] not in model.not_evidence and code not in model.fitted_codes:
            extra += nats
        reasons.append(Evidence(reason_text(rules.get(code), code, found), nats))
    return min(extra, model.rule_evidence_cap), reasons


def _script_gloss(finding: Finding) -> bool:
    """A run in another script glossed in English beside it ("Xi Jinping (习近平)", "a
    дача, which means a country house"): careful human writers bring such words in so,
    and the script path checks that the gloss reads as English (not an aside, a figure
    or a clause). The finding stays in the report but is no evidence and no reason. A
    glossed quotation keeps its half strength: its gloss test also takes "(see page 4)",
    "(2015)" or ", meaning that ..." for a translation, so untranslated quotations would
    go uncounted."""
    return bool(finding.evidence.get("gloss")) and not finding.evidence.get("quoted")


def _classified_language(
    audit: DocumentAudit,
    sentences: list[str],
    hints: dict[str, float],
    prepared: DocumentText | None = None,
) -> tuple[str, float, dict[str, float], list[Evidence]] | Unnamed | None:
    """The fitted classifier's answer, or None when it is not sure enough or when the
    findings hinted at other languages only (asked only of texts as long as those it
    learnt from), or ``Unnamed("unlearnt", langs)`` when the text is spelt as languages
    it never learnt spell, in their letters or names (``_unlearnt_spellings``).

    It knows only the languages it learnt from, so its confidence holds only if the
    source is one of them; the findings' hints (``hints``: votes by language) say how
    likely that is, and the confidence is scaled by their share. A "3,5 %" shared by
    eleven languages thus no longer lets it name Russian, 98 % sure, for Spanish.
    """
    classifier = load_source_lang_model()
    lang, confidence, scores = classifier.predict(
        source_lang_features(audit.document.text, sentences, prepared)
    )
    if lang is None or (hints and lang not in hints):
        return None
    unlearnt = _unlearnt_spellings(audit.document.text, lang)
    if unlearnt:
        return Unnamed("unlearnt", unlearnt)
    # A language it never learnt as likely as its pick ("20.000" and "8,5 %": German or
    # Spanish): it cannot tell the two apart, however sure it is among its own six.
    if any(v >= hints[lang] for k, v in hints.items() if k not in classifier.classes):
        return None
    if hints:
        known = sum(v for k, v in hints.items() if k in classifier.classes)
        confidence *= known / sum(hints.values())
        if confidence < classifier.min_confidence:
            return None
    return lang, confidence, scores, [classifier_reason(lang, confidence)]


# The spelling hints of languages the classifier never learnt whose names it misread as
# one of its own: "Łukasz Szymański" and "Gdańsk" as Czech or Russian, "Đoković",
# "Vučić" and "Ćorić" as Czech (99 % sure), a report naming "Mateusz Morawiecki" and
# "Andrzej Duda" without Polish letters as Russian (55 %). Listed, so that a hint added later for
# another language does not turn the classifier off unseen.
_UNLEARNT_HINTS = ("polish_letters", "polish_names", "serbo_croatian_letters", "hangul")
# A name hint gates only with this many different names found. One or two Polish
# politicians named in passing ("Andrzej Duda and Mateusz Morawiecki": three words) can
# be in any report: counted, one took the answer from 52 of the bench's 108 rightly
# named MT reports, two from 60 (German, Russian, Ukrainian, Czech, Chinese; their own
# hints are few, the classifier names them by style). A report about Poland names more.
_MIN_DISTINCT_NAMES = {"polish_names": 4}
# Hangul votes by words, where its hint counts syllables: "서울" is one name.
_HANGUL_WORD = re.compile("[\\uac00-\\ud7af]+")


def _unlearnt_spellings(text: str, pick: str) -> tuple[str, ...]:
    """The languages of ``_UNLEARNT_HINTS`` whose hint votes in ``text`` are at least
    those of the classifier's ``pick``: it cannot tell them from its own six there.

    A Ukrainian report naming a Polish envoy or two Serbian footballers keeps its answer
    (its Ukrainian hints outvote them), and any report in which fewer than four different
    Polish names without Polish letters are found keeps it (``_MIN_DISTINCT_NAMES``; the
    gate counts names, not people: "Andrzej Duda" and "Mateusz Morawiecki" are three,
    "Mateusz Morawiecki" and "Krzysztof Szczerski" four). A German report quoting two
    Polish ministers in Polish letters does not, though its German has no letters of its own to
    outvote them: nothing found tells that passing mention from the one Polish-lettered
    minister of a report translated from Polish, which was named Russian when such
    mentions were let pass. No answer rather than a wrong one, by choice."""
    votes: dict[str, float] = defaultdict(float)
    unlearnt: set[str] = set()
    for h in load_hints():
        need = _MIN_DISTINCT_NAMES.get(h.name)
        distinct = 0
        if h.name == "hangul":
            hits = len(_HANGUL_WORD.findall(text))
        elif need is not None:
            # Its words found once, both counted and told apart for the gate.
            found = h.matches(text)
            hits, distinct = len(found), len(set(found))
        else:
            hits = h.count(text)
        for lang in h.langs:
            votes[lang] += hits / len(h.langs)
        if h.name in _UNLEARNT_HINTS and hits and (need is None or distinct >= need):
            unlearnt.update(h.langs)
    return tuple(sorted(k for k in unlearnt if votes[k] >= votes[pick]))


def classifier_reason(lang: str, confidence: float) -> Evidence:
    """The source-language classifier's reason, weighted by its confidence."""
    return Evidence(
        f"names, scripts and number formats typical of text translated from "
        f"{language_name(lang)} ({percent(confidence)} sure)",
        confidence,
    )


def _clamp(strength: float) -> float:
    return min(max(strength, 0.0), 0.99)


def candidate_langs(finding: Finding) -> list[str]:
    """The languages a finding points to: its own, or the candidates it names."""
    if finding.source_lang:
        return [finding.source_lang]
    named = finding.evidence.get("source_langs") if finding.evidence else None
    return [str(x) for x in named] if isinstance(named, list) else []


def reason_text(rule: Rule | None, code: str, found: list[Finding], lang: str | None = None) -> str:
    """One reason in plain words, e.g. "2 French-style spaces before ; : ! ?"."""
    n = len(found)
    langs = [lang] if lang else []
    if lang is None:
        # Most found first: "2 untranslated Hebrew and Arabic phrases" (the most
        # common alone named both Hebrew).
        named = Counter(f.source_lang for f in found if f.source_lang)
        langs = [code for code, _ in named.most_common()]
    if rule is None:
        return f"{code} ({n}×)"
    if not rule.reason:
        return rule.summary if n == 1 else f"{rule.summary} ({n}×)"
    shared = _shared_langs(rule, found)
    if shared:
        # "1 French calque" for a phrase French, Spanish and Italian all list told the
        # reader it was French, which the finding itself does not claim.
        return rule.shared_reason.format(
            n=n, s="" if n == 1 else "s", langs=shared, examples=_examples(found)
        )
    names = [language_name(code) for code in langs] or [language_name(None)]
    reason = dict(rule.lang_reasons).get(langs[0], rule.reason) if len(langs) == 1 else rule.reason
    return reason.format(
        n=n, s="" if n == 1 else "s", lang=and_list(names), examples=_examples(found)
    )


# A reason quotes the article's own marks ("3 continental numbers (“3,5 %”, “21 %”)");
# it once quoted fixed examples, which read as quotes from an article without them.
_EXAMPLES = 2
_EXAMPLE_MAX_CHARS = 24


def _examples(found: list[Finding]) -> str:
    """' (“a”, “b”)': the first different short texts of ``found``, or ""."""
    seen: list[str] = []
    for f in sorted(found, key=lambda f: f.start):
        text = " ".join(f.text.split())
        if text and len(text) <= _EXAMPLE_MAX_CHARS and text not in seen:
            seen.append(text)
            if len(seen) == _EXAMPLES:
                break
    return " (" + ", ".join(f"“{t}”" for t in seen) + ")" if seen else ""


def _shared_langs(rule: Rule, found: list[Finding]) -> str:
    """The languages of ``found`` in words ("French, Spanish or Italian"), the rule's
    own first, when a finding among them names more than one; else ""."""
    if not rule.shared_reason:
        return ""
    named = [candidate_langs(f) for f in found]
    if all(len(langs) < 2 for langs in named):
        return ""
    # The rule's own first, of those the findings name: T110 lists Korean too, which
    # a document with Chinese marks alone gives no reason to name.
    found_langs = {lg for ls in named for lg in ls}
    own = [lg for lg in rule.source_langs if lg in found_langs]
    langs = list(dict.fromkeys([*own, *(lg for ls in named for lg in ls)]))
    return language_names(langs)


def _narrowed(findings: list[Finding]) -> list[tuple[Finding, list[str]]]:
    """Each finding with a language hint, and the languages its vote goes to: those of
    its candidates that the document's hints, all told, name most (by strength).

    A document has one source language, so hints narrow each other down: „…“ names
    nine languages, "10.000" twelve, "1,3 %" eleven, and German is the one all three
    name, so each votes for German rather than spreading over languages the others
    rule out. A hint alone, or hints with the same candidates, keep their spread (a
    decimal comma alone still says "one of sixteen"), and a tie keeps the tied ones
    (Spanish "20.000" and "8,5 %" name German and Spanish alike).
    """
    hinted = [(f, langs) for f in findings if (langs := candidate_langs(f))]
    named: dict[str, float] = defaultdict(float)
    for f, langs in hinted:
        for lang in langs:
            named[lang] += _clamp(f.strength)
    out = []
    for f, langs in hinted:
        most = max(named[lang] for lang in langs)
        out.append((f, [lang for lang in langs if named[lang] >= most - 1e-9]))
    return out


def source_language(
    findings: list[Finding], rules: dict[str, Rule] | None = None
) -> tuple[str | None, float, dict[str, float], list[Evidence]]:
    rules = rules or {}
    scores: dict[str, float] = defaultdict(float)
    voters: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for f, langs in _narrowed(findings):
        share = _clamp(f.strength) / len(langs)
        for lang in langs:
            scores[lang] += share
            voters[(lang, f.code)].append(f)
            weights[(lang, f.code)] += share
    if unnamed_language(scores) is not None:
        return None, 0.0, dict(scores), []
    total = sum(scores.values())
    lang = min(scores, key=lambda k: (-scores[k], k))
    reasons = [
        Evidence(reason_text(rules.get(code), code, voters[(lg, code)], lang=lang), w)
        for (lg, code), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if lg == lang
    ]
    return lang, scores[lang] / total, dict(scores), reasons


def describe(config: AuditConfig) -> dict[str, object]:
    """The verdict's settings, for the report signature."""
    model = verdict_model(config)
    variant = model.best_variant(config.lm)
    threshold = _threshold(config, variant)
    return {
        "method": f"{METHOD}:{variant.name}",
        "threshold": threshold,
        "false_positive_rate": variant.false_positive_rate(threshold),
        "model": model.digest,
        "features": len(variant.features),
        "rule_evidence_cap": model.rule_evidence_cap,
    }
