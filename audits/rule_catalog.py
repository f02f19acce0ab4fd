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
from audits.rule_docs.duplicates import DUPLICATE_RULES
from audits.rule_docs.encoding import ENCODING_RULES
from audits.rule_docs.fluency import FLUENCY_RULES
from audits.rule_docs.names import NAME_RULES, RUN_NAME_RULES
from audits.rule_docs.reference import REFERENCE_RULES
from audits.rule_docs.residue import RESIDUE_RULES
from audits.rule_docs.scrape import SCRAPE_RULES
from audits.rule_docs.typography import TYPOGRAPHY_RULES
from audits.rules import Rule, check_codes, resolve_selection

# The rules that need the language model: the engine skips their detector when it is off.
LM_RULES: tuple[Rule, ...] = FLUENCY_RULES


def _audit_rules() -> tuple[Rule, ...]:
    # Each family's tuple is the very one its detector declares, so a rule is added to
    # both by adding it to its rule_docs module.
    return (
        *ENCODING_RULES,
        *TYPOGRAPHY_RULES,
        *calque_rules(),
        *NAME_RULES,
        *RESIDUE_RULES,
        *SCRAPE_RULES,
        *FLUENCY_RULES,
        *RUN_NAME_RULES,
        *DUPLICATE_RULES,
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
