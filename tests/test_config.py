from __future__ import annotations

from pathlib import Path

import pytest

from audits.config import find_config_file, load_config
from audits.document import Severity
from audits.errors import ConfigError


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
