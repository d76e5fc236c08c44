"""The shell every HTML report shares: escaping, styles, print rules, the small script.

One self-contained file: no link, script source, font or image is fetched from anywhere (the
page's Content-Security-Policy forbids it, so a mistake shows up as a blocked request rather
than a silent leak of who is in the report). Every value that came from an HR file passes
through :func:`esc`. The script only adds sorting and filtering to tables marked
``data-sortable``; without it every row is on the page and readable, and the filter box
stays hidden.

Print: ``@page`` sets margins only, never a paper size, so the same file prints on Letter
(215.9 mm wide) and A4 (210 mm): content is at most 180 mm wide, which fits both; rows are
not split across pages and collapsed explanations open before printing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:")

STYLE = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
        color: #111; background: #fff; }
body { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid #333; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #999; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #e8e8e8; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.meta { color: #333; font-size: .9rem; } .meta dt { font-weight: bold; float: left; clear: left;
        width: 10rem; } .meta dd { margin-left: 10.5rem; }
.note { background: #fff8e1; border-left: 4px solid #b07d00; padding: .4rem .7rem; }
.legend { list-style: none; padding: 0; display: flex; gap: 1.2rem; flex-wrap: wrap; }
.legend svg { vertical-align: middle; }
svg.chart { max-width: 780px; display: block; }
details summary { cursor: pointer; } .fallback { font-style: italic; }
.filter { display: none; margin: .5rem 0; } .js .filter { display: block; }
.js th[data-key] { cursor: pointer; } .js th[data-key]::after { content: " \\2195"; color: #666; }
.gain { font-weight: bold; } .loss { font-weight: bold; text-decoration: underline; }
@media print {
  @page { margin: 15mm; }
  body { max-width: 180mm; padding: 0; font-size: 10pt; }
  .filter, .noprint { display: none !important; }
  tr, .chart, details { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
document.documentElement.classList.add('js');
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
});
document.querySelectorAll('table[data-sortable]').forEach(function (table) {
  var body = table.tBodies[0];
  table.querySelectorAll('th[data-key]').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var up = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
        var c = x.localeCompare(y, undefined, {numeric: true});
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var box = document.getElementById(table.id + '-filter');
  if (box) {
    box.addEventListener('input', function () {
      var q = box.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (r) {
        r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  }
});
"""


def esc(value: Any) -> str:
    """Any value as HTML text, quotes included (ids and names come from HR files)."""
    return escape("" if value is None else str(value), quote=True)


def page(title: str, body: Iterable[str]) -> str:
    """A whole HTML document around ``body``."""
    return "".join((
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n",
        *body,
        f"\n<script>{SCRIPT}</script>\n</body></html>\n",
    ))


def ruleset_block(rulesets: Sequence[Mapping[str, Any]], evaluated: str,
                  extra: Sequence[tuple[str, str]] = ()) -> str:
    """Which rules produced the page: names, versions, digest, and the evaluation date."""
    rows = []
    for meta in rulesets or [{}]:
        names = ", ".join(f"{r.get('name')} {r.get('version')}" for r in meta.get("rulesets", []))
        rows.append(f"<dt>Rulesets</dt><dd>{esc(names or meta.get('name') or 'unknown')}</dd>")
        rows.append(f"<dt>Version</dt><dd>{esc(meta.get('version') or 'unknown')}</dd>")
        rows.append(f"<dt>Digest</dt><dd><code>{esc(meta.get('digest') or 'unknown')}</code></dd>")
    rows.append(f"<dt>Evaluated</dt><dd>{esc(evaluated)}</dd>")
    rows += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in extra]
    return f'<dl class="meta">{"".join(rows)}</dl>'


def table(
    headers: Sequence[tuple[str, bool]],
    rows: Iterable[Sequence[str]],
    *,
    table_id: str | None = None,
    caption: str | None = None,
    sortable: bool = False,
) -> str:
    """A table; cells are already-escaped HTML. ``headers``: (escaped text, numeric?)."""
    attrs = f' id="{esc(table_id)}"' if table_id else ""
    attrs += " data-sortable" if sortable else ""
    head = "".join(
        f'<th scope="col"{" class=n" if numeric else ""}'
        f'{" data-key" if sortable else ""}>{text}</th>'
        for text, numeric in headers
    )
    numeric_cols = [numeric for _, numeric in headers]
    body = []
    for row in rows:
        cells = "".join(f'<td{" class=n" if numeric_cols[i] else ""}>{cell}</td>'
                        for i, cell in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return (f"<table{attrs}>{cap}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def filter_box(table_id: str, label: str) -> str:
    """A filter box for a sortable table (hidden until the script runs)."""
    return (f'<p class="filter"><label>{esc(label)} '
            f'<input type="search" id="{esc(table_id)}-filter"></label></p>')
