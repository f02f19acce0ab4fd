"""Rule metadata: every check has a stable code, a name, a family and docs.

Docs follow ruff's three headings (what it does, why it matters, an example)
and sit beside the detector that implements the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from audits.document import Severity
from audits.errors import ConfigError

FAMILIES: dict[str, str] = {
    "T": "typography fingerprints of the source language",
    "C": "calques and literal translations",
    "N": "names",
    "L": "language residue",
    "S": "scrape and site artefacts",
    "F": "fluency",
    "R": "reference metrics",
}

_CODE = re.compile(r"^[A-Z]\d{3}$")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    what: str
    why: str
    example: str
    severity: Severity = Severity.WARNING
    # Languages whose writing conventions or idioms this rule points to.
    source_langs: tuple[str, ...] = ()
    default_enabled: bool = True
    # How the verdict names this evidence in plain words, e.g. "{n} {lang}-style
    # space{s} before punctuation": {n} is the number of findings, {s} a plural
    # "s", {lang} the language they point to ("foreign" when none), {examples} the
    # article's own first marks, ' (“3,5 %”, “21 %”)', for rules whose findings are
    # short. Empty: the summary is used.
    reason: str = ""
    # How the verdict names findings that point to several languages at once (a calque
    # French, Spanish and Italian all list, reported under the strongest entry's rule):
    # {langs} is "French, Spanish or Italian". Empty: ``reason`` serves for them too.
    shared_reason: str = ""
    # ``reason`` for findings that all point to one language whose findings are of one
    # kind: T110's Korean findings are numbers alone, never "marks".
    lang_reasons: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not _CODE.match(self.code) or self.code[0] not in FAMILIES:
            raise ValueError(f"bad rule code {self.code!r}")

    @property
    def family(self) -> str:
        return self.code[0]

    @property
    def family_name(self) -> str:
        return FAMILIES[self.family]

    def explain(self) -> str:
        """The rule's documentation as Markdown, like `ruff rule CODE`."""
        langs = ", ".join(self.source_langs) if self.source_langs else "any"
        return (
            f"# {self.name} ({self.code})\n\n"
            f"Family: {self.family} ({self.family_name}). Default severity: {self.severity}. "
            f"Points to source languages: {langs}."
            f"{'' if self.default_enabled else ' Off unless selected.'}\n\n"
            f"## What it does\n{self.what.strip()}\n\n"
            f"## Why it matters\n{self.why.strip()}\n\n"
            f"## Example\n{self.example.strip()}\n"
        )


def rule_codes(specs: Iterable[str], setting: str, origin: str = "") -> list[str]:
    """The rule codes and prefixes of a list setting (``--select C,N --select T1``,
    ``fail_on = ["C201"]``), upper-cased. Every command and config key reads them here.

    A value that names none (``--fail-on ""``, ``","``: an unset variable in a CI
    template) is refused: it replaced the config file's list with nothing, and the
    gate it was meant to set passed everything. ``origin`` says where the value came
    from (" (from the command line)").
    """
    out: list[str] = []
    for spec in specs:
        codes = _split_codes([spec])
        if not codes:
            name = setting.lstrip("-").replace("-", "_")
            advice = SELECT_ADVICE if name == "select" else f"leave {setting} out to set none"
            raise ConfigError(
                f"{setting}{origin}: an empty rule code ({spec!r}) names no rule; {advice}"
            )
        if len(codes) != spec.count(",") + 1:
            # 'C,,T' or 'C,$EXTRA' with EXTRA unset: the same unset variable as
            # --fail-on "", which is refused, so a list holding one is too.
            raise ConfigError(
                f"{setting}{origin}: {spec!r} holds an empty rule code (two commas in a "
                "row, or one at an end); separate the codes by single commas"
            )
        out.extend(codes)
    return out


def _split_codes(specs: Iterable[str]) -> list[str]:
    """Codes as ``rule_codes`` reads them, of values it has already checked: a rule's
    name (``french-calque``, as `mtaudit rules` lists it) stands for its code."""
    out: list[str] = []
    for spec in specs:
        out.extend(code_of(p) for p in spec.split(",") if p.strip())
    return out


# What a code or prefix looks like (C, T1, C201, ALL); anything else may be a name.
_CODE_OR_PREFIX = re.compile(r"[A-Z]\d{0,3}|ALL")


def code_of(spec: str) -> str:
    """``spec``'s rule code where it is a rule's name (any case), else ``spec`` as a
    code or prefix, upper-cased. `mtaudit rules` lists each rule by code and name, and
    `--select french-calque` (or `mtaudit rules french-calque`) was refused."""
    text = spec.strip()
    if _CODE_OR_PREFIX.fullmatch(text.upper()):
        return text.upper()
    from audits.rule_catalog import all_rules  # the rules import this module

    by_name = {r.name: r.code for r in all_rules().values()}
    # Neither: kept as typed, for the error that names it ('FRNCH-CALQUE' was not).
    return by_name.get(text.lower(), text)


def did_you_mean(spec: str, rules: Iterable[Rule]) -> str:
    """' (did you mean french-calque (C201)?)' for a near miss of a rule's name or code
    among ``rules``, else ''; '' too where they are so few that the error lists them
    (``_takes``)."""
    from difflib import get_close_matches

    rules = list(rules)
    if len(rules) <= _LISTED:
        return ""
    by_word = {}
    for r in rules:
        by_word[r.name] = r
        by_word[r.code.lower()] = r
    typed = spec.strip().lower()
    if _LOOKS_LIKE_A_CODE.fullmatch(typed):
        # C2O1 is C201 typed with a letter O: difflib ranked C210 as near.
        typed = typed[0] + typed[1:].replace("o", "0")
    near = get_close_matches(typed, list(by_word), n=2, cutoff=0.75)
    found = list(dict.fromkeys(by_word[w] for w in near))
    if not found:
        return ""
    # "french-calque, C201 or dutch-calque, C210" read as a list of four.
    return f" (did you mean {' or '.join(f'{r.name} ({r.code})' for r in found)}?)"


# A code with a letter O for a 0 (C2O1): read as the code it was meant to be.
_LOOKS_LIKE_A_CODE = re.compile(r"[a-z][\do]{1,3}")


def resolve_selection(
    rules: Iterable[Rule],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> frozenset[str]:
    """Codes enabled by ``select``/``ignore`` (codes or prefixes like ``C``, ``T1``, ``ALL``).

    With no ``select`` (None) every default-enabled rule is on. A selector that
    matches no rule is an error, so a typo never silently disables a gate; so is a
    ``select`` that names nothing (``[]``, ``--select ""``), which ran the default
    rules while reading as "no rules" (`ignore = ["ALL"]` says that).
    """
    by_code = {r.code: r for r in rules}

    def expand(selector: str) -> set[str]:
        if selector == "ALL":
            return set(by_code)
        hit = {c for c in by_code if c.startswith(selector)}
        if not hit:
            raise ConfigError(f"{not_taken(selector, by_code.values())}; {_takes(by_code)}")
        return hit

    if select is None:
        chosen = {c for c, r in by_code.items() if r.default_enabled}
    elif not _split_codes(select):
        raise ConfigError(f"select is empty: {SELECT_ADVICE}")
    else:
        chosen = set()
        for sel in _split_codes(select):
            chosen |= expand(sel)
    for sel in _split_codes(ignore):
        chosen -= expand(sel)
    return frozenset(chosen)


# Leaving select out does not select nothing: it selects the default rules.
SELECT_ADVICE = (
    'leave select out for the default rules, or name rules (ALL for every rule; ignore = ["ALL"] '
    "for none)"
)


def check_codes(
    rules: Iterable[Rule], selectors: Iterable[str], setting: str, origin: str = ""
) -> None:
    """Raise when a code or prefix in ``setting`` names no rule (a typo must not pass silently).
    ``origin`` says where the value came from (" (from the command line)")."""
    rules = list(rules)
    codes = [r.code for r in rules]
    for sel in rule_codes(selectors, setting, origin):
        if sel != "ALL" and not any(c.startswith(sel) for c in codes):
            raise ConfigError(f"{setting}{origin}: {not_taken(sel, rules)}; {_takes(codes)}")


def not_taken(sel: str, rules: Iterable[Rule]) -> str:
    """Why ``sel``, a code or prefix none of ``rules`` has, is refused. A code or prefix
    of a rule another command runs is not "unknown": `compare --select french-calque`
    said "unknown rule code or prefix 'C201'", a real code the user never typed."""
    from audits.rule_catalog import all_rules  # the rules import this module

    if sel in all_rules():
        return f"{quoted(sel)} is not a rule this command runs"
    if any(code.startswith(sel) for code in all_rules()):
        return f"{sel!r} names no rule this command runs"
    return f"unknown rule code or prefix {sel!r}{did_you_mean(sel, rules)}"


def quoted(code: str) -> str:
    """``code`` quoted, with its rule's name where it is a rule's code: 'C201'
    (french-calque). Names are read as codes before they are checked, so an error about
    `--fail-on mojibake` would otherwise name only S500, which the user never typed."""
    from audits.rule_catalog import all_rules  # the rules import this module

    rule = all_rules().get(code)
    return f"{code!r} ({rule.name})" if rule else repr(code)


# Up to this many codes, an unknown one's error lists them all.
_LISTED = 5


def _takes(codes: Iterable[str]) -> str:
    """Which codes the command takes: `mtaudit rules` lists every family, and sending
    the user there for R702 in `audit` (or C201 in `compare`) would not help."""
    codes = sorted(codes)
    if len(codes) <= _LISTED:
        return f"this command takes {', '.join(codes)}"
    families = [f for f in FAMILIES if any(c.startswith(f) for c in codes)]
    named = ", ".join(families[:-1]) + f" and {families[-1]}" if len(families) > 1 else families[0]
    return f"this command takes {named} rules (`mtaudit rules` lists them)"


def matches_any(code: str, selectors: Iterable[str]) -> bool:
    """Whether ``code`` is named by any of the codes or prefixes in ``selectors``."""
    return any(sel == "ALL" or code.startswith(sel) for sel in _split_codes(selectors))
