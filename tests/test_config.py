from __future__ import annotations

from pathlib import Path

import pytest

from audits.config import AuditConfig, find_config_file, load_config
from audits.document import Severity
from audits.engine import audit_documents
from audits.errors import ConfigError
from audits.sources.text import document_from_text


def test_mtaudit_toml_is_found_walking_up_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text(
        'ignore = ["T104"]\nfail-over = 0.8\nallow = ["Jolicoeur"]\n'
        'severity = { T101 = "info" }\nlm = false\n'
    )
    article = tmp_path / "feed" / "a.txt"
    article.parent.mkdir()
    article.write_text("An article.\n")
    config = load_config([str(article)], overrides={"fail_over": 0.5, "select": None})
    assert config.ignore == ["T104"]
    assert config.fail_over == 0.5 and config.origin("fail_over") == "command line"
    assert config.origin("ignore") == str(tmp_path / "mtaudit.toml")
    assert config.severity == {"T101": Severity.INFO}
    assert config.origin("select") == "default"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtaudit]\nselect = ["C", "N"]\n')
    assert find_config_file([str(tmp_path)]) == tmp_path / "pyproject.toml"
    assert load_config([str(tmp_path)]).select == ["C", "N"]
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    assert load_config([str(tmp_path)], discover=True).select is None


@pytest.mark.parametrize(
    "content, message",
    [
        ("selct = ['C']\n", "unknown setting `selct`"),
        ("fail_over = 'high'\n", "wrong type"),
        ("fail_over = 3\n", "between 0 and 1"),
        ("severity = { T101 = 'loud' }\n", "severity must be"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "mtaudit.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config([str(tmp_path)])


# --- precedence, severities, allow-list --------------------------------------------

MOJIBAKE_ARTICLE = (
    "The cafÃ© on Khreshchatyk reopened on Monday, the cafÃ© owner told the Kyiv Post.\n"
)


def test_defaults_then_file_then_flags(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.mtaudit]\n"
        'select = ["S"]\nfail_on = ["S500"]\nformat = "markdown"\n'
        'outputs = ["reports/audit.sarif"]\nfluency-percentile = 2.5\n'
    )
    config = load_config([str(tmp_path)], overrides={"format": "html", "fail_on": None, "jobs": 2})
    assert (config.format, config.origin("format")) == ("html", "command line")
    assert (config.fail_on, config.origin("fail_on")) == (
        ["S500"],
        str(tmp_path / "pyproject.toml"),
    )
    assert (config.jobs, config.origin("jobs")) == (2, "command line")
    assert (config.batch_size, config.origin("batch_size")) == (16, "default")
    assert config.fluency_percentile == 2.5
    assert config.outputs == ["reports/audit.sarif"]
    isolated = load_config([str(tmp_path)], discover=False)
    assert isolated.format is None and isolated.origin("select") == "default"


def test_mtaudit_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtaudit]\nselect = ["C"]\n')
    (tmp_path / "mtaudit.toml").write_text('select = ["S"]\n')
    assert load_config([str(tmp_path)]).select == ["S"]


def test_severity_by_code_or_prefix() -> None:
    config = AuditConfig(
        severity={"S": Severity.INFO, "S50": Severity.WARNING, "S500": Severity.ERROR}
    )
    assert config.severity_for("S500") == Severity.ERROR
    assert config.severity_for("S501") == Severity.WARNING
    assert config.severity_for("S520") == Severity.INFO
    assert config.severity_for("C201") is None
    assert AuditConfig(severity={"ALL": Severity.INFO}).severity_for("C201") == Severity.INFO


def test_severity_and_allow_list_reach_the_findings() -> None:
    doc = document_from_text(MOJIBAKE_ARTICLE, "cafe.txt", keep_text=True)
    plain = audit_documents([doc], AuditConfig(lm=False)).documents[0].findings
    assert [(f.code, str(f.severity)) for f in plain] == [("S500", "info"), ("S500", "info")]
    loud = audit_documents([doc], AuditConfig(lm=False, severity={"S": Severity.ERROR}))
    assert {str(f.severity) for f in loud.documents[0].findings} == {"error"}
    # An allowed phrase silences findings inside it, and only there.
    allowed = audit_documents([doc], AuditConfig(lm=False, allow=["the CAFÃ© owner"]))
    (left,) = allowed.documents[0].findings
    assert left.start == MOJIBAKE_ARTICLE.index("Ã©")
    assert audit_documents([doc], AuditConfig(lm=False, allow=["Ã©"])).documents[0].findings == []


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"fail_on": ["S5O0"]}, "fail_on: unknown rule code or prefix 'S5O0'"),
        ({"severity": {"Q1": Severity.INFO}}, "severity: unknown rule code or prefix 'Q1'"),
    ],
)
def test_codes_in_settings_must_exist(settings: dict, message: str) -> None:
    doc = document_from_text(MOJIBAKE_ARTICLE, "cafe.txt", keep_text=True)
    with pytest.raises(ConfigError, match=message):
        audit_documents([doc], AuditConfig(lm=False, **settings))
