"""The HTML report in a real browser: Debian's headless Chromium, driven by its command line.

It checks what a person sees: the overview, a chart drawn in its colours, a person's row
(with a hostile name shown as text, not run), and that the page's own script ran. The
screenshot goes to pytest's tmp_path and its path is printed (pytest shows it on failure).
Skips, saying why, when no Chromium is installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from bmet_rules.cli import cli

BROWSERS = ("chromium", "chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
#: The "eligible" fill of the charts (Okabe-Ito blue), as the browser paints it.
CHART_BLUE = (0x00, 0x72, 0xB2)


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium installed (apt-get install chromium); .ci/run installs it")


def chromium(binary: str, profile_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile_dir}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and raw RGB(A) rows of a non-interlaced 8-bit PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG type {depth}/{colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, channels, rows


def count_colour(path: Path, rgb: tuple[int, int, int], tolerance: int = 6) -> int:
    width, channels, rows = png_pixels(path)
    hits = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if all(abs(row[x + k] - rgb[k]) <= tolerance for k in range(3)):
                hits += 1
    return hits


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    binary = browser()
    source = tmp_path / "staff.csv"
    source.write_text(
        "id,name,degree,degree_field,years_experience,willing_to_travel,skills,certifications\n"
        "v-1,<b>Evil</b> Ann,associate,bmet,3,yes,customer_communication,CBET\n"
        "v-2,Bo Lin,bachelor,engineering,9,no,teaching,\n"
        "v-3,Cy Ode,high_school,other,0,yes,,\n", encoding="utf-8")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["evaluate", str(source), "-o", str(report), "-q",
                                      "--engine", "python"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    screenshot = tmp_path / "report.png"
    print(f"screenshot: {screenshot}")
    print(f"report: {report}")
    url = report.resolve().as_uri()

    shot = chromium(binary, tmp_path / "profile-1", "--window-size=1000,1100",
                    f"--screenshot={screenshot}", url)
    assert screenshot.exists(), f"no screenshot (exit {shot.returncode}): {shot.stderr[-800:]}"
    dom = chromium(binary, tmp_path / "profile-2", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-800:]
    page = dom.stdout

    assert 'class="js"' in page, "the page's script did not run"
    assert "<h2>Overview</h2>" in page and "<strong>3</strong> people evaluated" in page
    assert 'id="chart-paths"' in page and "<rect" in page
    assert "<td>v-2</td><td>Bo Lin</td>" in page
    assert "<b>Evil</b>" not in page and "&lt;b&gt;Evil&lt;/b&gt; Ann" in page
    # The chart is drawn, in its colours, in the picture a person sees.
    assert count_colour(screenshot, CHART_BLUE) > 500, f"no chart bars in {screenshot}"
