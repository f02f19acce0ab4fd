"""The suite runs on two pytest-xdist workers (`make test`): what keeps them apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from platformdirs import user_cache_dir

from audits.lm.paths import cache_root


def test_a_run_with_no_cache_setting_keeps_to_the_session(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A CLI run with no cache setting wrote to ~/.cache/mtaudit, which every worker
    and every other test session on the machine shared."""
    root = cache_root()
    assert root != Path(user_cache_dir("mtaudit", appauthor=False))
    assert root.is_relative_to(tmp_path_factory.getbasetemp())


def test_every_ray_test_is_in_the_ray_group(request: pytest.FixtureRequest) -> None:
    """--dist loadgroup sends a group to one worker: two local Rays at once on two
    cores starve each other."""
    ray_tests = [
        item
        for item in request.session.items
        if item.path.name.startswith("test_ray_")
        or "ray_cluster" in getattr(item, "fixturenames", ())
    ]
    if not ray_tests:
        pytest.skip("no Ray test selected in this session")
    for item in ray_tests:
        marks = [m.args for m in item.iter_markers("xdist_group")]
        assert ("ray",) in marks, item.nodeid
