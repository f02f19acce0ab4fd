"""Every rule mtaudit knows, by code, and the checks of the codes a config names.

Built from the rules' documentation (``audits.rule_docs``) alone: `mtaudit rules`,
`config`, the reports and `history show` list and check rules without loading the
detectors that implement them (``audits.detectors.registry``, which a test holds to
the same rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from audits.config import AuditConfig, origin_note
from audits.rule_docs.calques import calque_rules
from audits.rule_docs.cjk_punctuation import CJK_PUNCTUATION
from audits.rule_docs.datelines import CONTINENTAL_DATELINE
from audits.rule_docs.duplicates import NEAR_DUPLICATE
from audits.rule_docs.encoding import MOJIBAKE
from audits.rule_docs.fluency import LOW_FLUENCY, SURPRISING_SPAN
from audits.rule_docs.names import (
    KNOWN_NAME_MISSPELLED,
    LOST_LETTER,
    SPELLED_DIFFERENTLY_IN_RUN,
    SPELLED_TWO_WAYS,
)
from audits.rule_docs.reference import LOW_CHRF, NAME_MISMATCH, NUMBER_MISMATCH
from audits.rule_docs.residue import UNTRANSLATED_PHRASE, UNTRANSLATED_SENTENCE
from audits.rule_docs.rtl_punctuation import RTL_PUNCTUATION
from audits.rule_docs.scrape import (
    DUPLICATED_LINE,
    PROMO_LINE,
    RELATED_LINK,
    SHARE_WIDGET,
    SITE_CHROME,
)
from audits.rule_docs.typography import (
    CONTINENTAL_TIME,
    DECIMAL_COMMA,
    DOUBLED_PUNCTUATION,
    FOREIGN_ORDINAL,
    FOREIGN_QUOTES,
    INVERTED_MARKS,
    SPACE_BEFORE_PUNCTUATION,
    THOUSANDS_SEPARATOR,
)
from audits.rules import Rule, check_codes, resolve_selection

# The rules that need the language model: the engine skips their detector when it is off.
LM_RULES: tuple[Rule, ...] = (LOW_FLUENCY, SURPRISING_SPAN)
# Those of `mtaudit compare`, which `mtaudit audit` does not run.
REFERENCE_RULES: tuple[Rule, ...] = (LOW_CHRF, NUMBER_MISMATCH, NAME_MISMATCH)


def _audit_rules() -> tuple[Rule, ...]:
    return (
        MOJIBAKE,
        SPACE_BEFORE_PUNCTUATION,
        FOREIGN_QUOTES,
        DOUBLED_PUNCTUATION,
        DECIMAL_COMMA,
        THOUSANDS_SEPARATOR,
        CONTINENTAL_TIME,
        FOREIGN_ORDINAL,
        INVERTED_MARKS,
        CONTINENTAL_DATELINE,
        CJK_PUNCTUATION,
        RTL_PUNCTUATION,
        *calque_rules(),
        SPELLED_TWO_WAYS,
        KNOWN_NAME_MISSPELLED,
        LOST_LETTER,
        UNTRANSLATED_SENTENCE,
        UNTRANSLATED_PHRASE,
        DUPLICATED_LINE,
        RELATED_LINK,
        PROMO_LINE,
        SITE_CHROME,
        SHARE_WIDGET,
        *LM_RULES,
        SPELLED_DIFFERENTLY_IN_RUN,
        NEAR_DUPLICATE,
    )


@cache
def all_rules() -> dict[str, Rule]:
    """Rules by code, sorted; duplicate codes are a programming error."""
    rules: dict[str, Rule] = {}
    for rule in (*_audit_rules(), *REFERENCE_RULES):
        if rule.code in rules and rules[rule.code] is not rule:
            raise RuntimeError(f"rule code {rule.code} is defined twice")
        rules[rule.code] = rule
    return dict(sorted(rules.items()))


@cache
def audit_rules() -> dict[str, Rule]:
    """The rules `mtaudit audit` runs (reference rules belong to `mtaudit compare`)."""
    codes = {r.code for r in _audit_rules()}
    return {code: rule for code, rule in all_rules().items() if code in codes}


def lm_rules() -> frozenset[str]:
    """The codes of the rules that need the language model."""
    return frozenset(r.code for r in LM_RULES)


def get_rule(code: str) -> Rule | None:
    return all_rules().get(code.upper())


def check_config_codes(
    config: AuditConfig, flags: Mapping[str, str] | None = None
) -> frozenset[str]:
    """The selected rule codes; every code the config names must exist. ``flags``: how
    the command line spells the settings it takes (``fail_on`` is ``--fail-on``), for
    the error of a code it set: `--fail-on X9` was refused as "fail_on (from the
    command line)", a name the user never typed."""
    rules = audit_rules().values()
    for key in ("select", "ignore", "fail_on", "severity"):
        if flags and key in flags and config.origin(key) == "command line":
            name, note = flags[key], ""
        else:
            # Named with where it came from: a code in a config file the user never
            # opened must not read as a typo in their command line.
            name, note = key, origin_note(config, key)
        check_codes(rules, getattr(config, key) or (), name, note)
    return resolve_selection(rules, config.select, config.ignore)


def rules_this_run(config: AuditConfig, flags: Mapping[str, str] | None = None) -> frozenset[str]:
    """The codes of the rules this run runs: the selection (``check_config_codes``,
    which also checks every code the config names), less the rules that need the
    language model when it is off."""
    return rules_running(config, check_config_codes(config, flags))


def rules_running(config: AuditConfig, selected: frozenset[str]) -> frozenset[str]:
    """``selected`` (as ``check_config_codes`` resolved it) less the rules that need the
    language model when it is off: for a caller that has resolved the selection."""
    return selected if config.lm else selected - lm_rules()
