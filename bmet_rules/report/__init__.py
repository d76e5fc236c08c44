"""The manager's view: the HTML cohort report and the rule-change impact report.

* :mod:`.cohort` aggregates results as they arrive (counts for everyone, per-person detail
  bounded by documented caps), so a report of 68,000 people needs no more memory than one
  of 60;
* :mod:`.svg` draws the charts (inline SVG, patterns and labels as well as colour);
* :mod:`.page` is the page shell every HTML report shares (escaping, styles, print, script);
* :mod:`.html` renders a cohort and registers the ``html`` output format (:mod:`.html_format`);
* :mod:`.impact` compares a cohort under two configurations, and :mod:`.impact_render`
  writes that comparison as a table, JSON, CSV or HTML.
"""
