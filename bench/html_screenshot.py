"""Open an HTML report in headless Chromium and save a screenshot.

    python bench/html_screenshot.py report.html [shot.png] [--height 2400]

Prints whether the page's script ran under its Content-Security-Policy and
any console errors, so a broken page is noticed without opening a browser.
Needs Debian's `chromium` (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    return next((p for name in CANDIDATES if (p := shutil.which(name))), None)


def run_chromium(browser: str, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("out", type=Path, nargs="?", default=Path("report.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    browser = find_chromium()
    if browser is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    shot = run_chromium(
        browser,
        args.report,
        "--enable-logging=stderr",
        "--v=0",
        f"--window-size={args.width},{args.height}",
        f"--screenshot={args.out.resolve()}",
    )
    dom = run_chromium(browser, args.report, "--dump-dom")
    script_ran = 'data-js="on"' in dom.stdout
    problems = [
        line
        for line in shot.stderr.splitlines()
        if "CONSOLE" in line or "Content Security Policy" in line or "Refused" in line
    ]
    print(f"screenshot: {args.out} ({args.out.stat().st_size if args.out.exists() else 0} bytes)")
    print(f"script ran under the CSP: {script_ran}")
    for line in problems:
        print(f"console: {line}")
    return 0 if script_ran and not problems and args.out.exists() else 1


if __name__ == "__main__":
    sys.exit(main())
