"""The run signature and its one-line form."""

from __future__ import annotations

from audits import verdict
from audits.config import AuditConfig
from audits.detectors.registry import all_rules, lm_rules
from audits.document import Severity
from audits.engine import audit_documents, check_config_codes, signature
from audits.signature import compact_signature
from tests.history_helpers import FLAT_VERDICT


class FakeScorer:
    """Only what the signature reads from a scorer: its description."""

    fingerprint = "6f1d0c0ffee0a1b2c3d4e5f6"

    def describe(self) -> dict[str, object]:
        return {
            "model": "HuggingFaceTB/SmolLM2-135M-Instruct",
            "fingerprint": self.fingerprint,
            "device": "cpu",
            "dtype": "fp32",
        }


CODES = frozenset({"S500", "C201"})


def test_the_rules_signed_are_those_selected_even_with_the_lm_off() -> None:
    """`lm:off` says the LM rules among them did not run; signing only the rules that
    run changed every `--no-lm` signature, so earlier baselines read as other settings."""
    every = frozenset(all_rules())
    assert lm_rules() and lm_rules() < every
    without = signature(AuditConfig(lm=False), every, None)["rules"]
    assert without == signature(AuditConfig(), every, FakeScorer())["rules"]
    run = audit_documents([], AuditConfig(lm=False, select=["F"]))
    assert compact_signature(run.signature).split("|")[2].startswith("rules:2#")


def test_compact_signature_without_lm() -> None:
    sig = signature(AuditConfig(lm=False), CODES, None)
    line = compact_signature(sig)
    parts = dict(p.split(":", 1) for p in line.split("|"))
    assert list(parts) == ["mtaudit", "schema", "rules", "sev", "lm", "flu", "mt", "allow"]
    assert parts["schema"] == "mtaudit/1"
    assert parts["rules"] == f"2#{sig['rules']['hash']}"
    assert parts["lm"] == "off" and parts["flu"] == "off" and parts["sev"] == "none"
    model = verdict.verdict_model(AuditConfig(lm=False))
    text = model.variant("text")
    assert parts["mt"] == f"{round(text.threshold, 6)}@{verdict.METHOD}:text#{model.digest}"
    assert parts["allow"] == "0"
    assert sig["thresholds"] == {
        "machine_translated": text.threshold,
        "fluency_percentile": None,
    }


def test_everything_that_changes_a_number_changes_the_signature() -> None:
    base = compact_signature(signature(AuditConfig(lm=False), CODES, None))
    variants = [
        signature(AuditConfig(lm=False), frozenset({"S500"}), None),
        signature(AuditConfig(lm=False, fail_over=0.8), CODES, None),
        signature(AuditConfig(lm=False, verdict_model=str(FLAT_VERDICT)), CODES, None),
        signature(AuditConfig(lm=False, severity={"C": Severity.INFO}), CODES, None),
        signature(AuditConfig(lm=False, allow=["Kyiv Post"]), CODES, None),
        signature(AuditConfig(), CODES, FakeScorer()),
    ]
    lines = [compact_signature(v) for v in variants]
    assert base not in lines and len(set(lines)) == len(lines)
    # The allow-list is compared by content, not order or case.
    a = signature(AuditConfig(lm=False, allow=["Kyiv Post", "Jolicœur"]), CODES, None)
    b = signature(AuditConfig(lm=False, allow=["jolicœur", "KYIV POST"]), CODES, None)
    assert compact_signature(a) == compact_signature(b)


def test_compact_signature_with_a_model() -> None:
    sig = signature(AuditConfig(fluency_percentile=2.5), CODES, FakeScorer())
    line = compact_signature(sig)
    assert "|lm:HuggingFaceTB/SmolLM2-135M-Instruct#6f1d0c0ffee0|" in line
    assert "|flu:p2.5|" in line
    assert sig["lm"]["fingerprint"] == FakeScorer.fingerprint


def test_compact_signature_tolerates_old_or_partial_signatures() -> None:
    assert compact_signature({}) == "mtaudit:unknown"
    line = compact_signature({"mtaudit": "0.0.1", "lm": {"model": "a|b"}})
    assert "lm:a%7Cb" in line and line.count("|") == 7


def test_the_readmes_example_signature_is_the_line_a_default_run_writes() -> None:
    # The README's example had drifted to 31 rules, an "lm:" without the model's
    # hub owner and a 4-decimal threshold of an older verdict model (0.4937 where
    # verdict_model.json says 0.468985): a reader could not recognise their own footer.
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Signature", 1)[1]
    example = next(line for line in section.splitlines() if line.startswith("mtaudit:"))
    shown = dict(part.split(":", 1) for part in example.split("|"))
    config = AuditConfig(allow=["Kyiv Post", "Jolicoeur"])
    selected = check_config_codes(config)
    written = dict(
        part.split(":", 1)
        for part in compact_signature(signature(config, selected, FakeScorer())).split("|")
    )
    assert list(shown) == list(written)
    for key in ("mtaudit", "schema", "rules", "sev", "flu", "mt", "allow"):
        assert shown[key] == written[key], key
    # The fingerprint depends on the weights, device and dtype; the model's name does not.
    assert shown["lm"].split("#")[0] == written["lm"].split("#")[0]
