"""The HTML report in a real browser: it renders, and its script runs under its CSP.

Skipped where Chromium is absent (it is not a dependency; Debian: apt-get
install chromium). Set MTAUDIT_SCREENSHOT_DIR to keep the screenshot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from audits.reports import get_reporter
from tests.report_fixtures import (
    hostile_audit,
    run_finding,
    sample_audit,
    sample_document,
    sample_run,
    unreadable_audit,
)

BROWSER = next(
    (p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))),
    None,
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
]

pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="chromium is not installed (apt-get install chromium)"
)


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    copy = sample_audit(sample_document("feeds/copy-2.txt"))
    run = sample_run(fluency=True, extra=[copy, hostile_audit(), unreadable_audit()])
    run.run_findings = [run_finding(run.documents[:2])]
    page = tmp_path / "report.html"
    page.write_text(get_reporter("html").render(run), encoding="utf-8")
    shot = tmp_path / "report.png"

    result = chromium(
        page,
        tmp_path / "profile-1",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1280,2400",
        f"--screenshot={shot}",
    )
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000
    complaints = [
        ln
        for ln in result.stderr.splitlines()
        if "Content Security Policy" in ln or "Refused to" in ln or "Uncaught" in ln
    ]
    assert complaints == []

    dom = chromium(page, tmp_path / "profile-2", "--dump-dom").stdout
    assert 'data-js="on"' in dom  # our script ran: the CSP hash matches it
    assert dom.count('class="doc ') == 4
    assert dom.count("<script") == 1  # the hostile <script> stayed text
    assert "&lt;script&gt;alert('xss')&lt;/script&gt;" in dom

    keep = os.environ.get("MTAUDIT_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
        shutil.copy(page, Path(keep) / "report.html")
