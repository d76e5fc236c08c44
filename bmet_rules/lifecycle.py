"""Credential history: when each certification was earned or last renewed, and what follows
from that on the evaluation date.

The profile's ``certifications`` are the ones held now. A cell may add the date each was
earned or last renewed (``CBET 2019; CRES 2021-05``); ``former_certifications`` lists lapsed
ones the same way. Before inference, and from the profile and ``as_of`` alone, this module
works out the facts rules read as ordinary fields, so both engines evaluate them unchanged:

* a CABT more than five years old has expired (ACI: "non-renewable and active for five
  years"): it moves from ``certifications`` to ``former_certifications``;
* ``certifications_ever`` is every certification held now or before (VA GS-1601 counts a
  CBET "ever held");
* ``recent_supervisory_years`` (CHTM: "in the last five years"), when the profile does not
  give it, stands in as ``supervisory_years`` capped at five for the engine to run on; it is
  unknown all the same (a total does not say when), and :mod:`bmet_rules.unknowns` tries
  every value the total allows;
* ``engineering_years`` (CCE: engineering practice), when not given, is the profile's
  ``clinical_engineering_years`` (clinical engineering practice is engineering practice;
  bench years as a BMET are not).

Every other ACI certification renews every three years with continuing education, which the
profile does not record: a date past the renewal period gives a warning, never a lapse.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .credential_items import EXPIRY_WORDS, read_item, split_codes

if TYPE_CHECKING:
    from .conditions import Test
    from .ruleset import Target

#: List fields whose items may carry a date: ``CBET 2019``, ``CBET 2019-06``, ``CBET 2019-06-15``.
DATED_LISTS = ("certifications", "former_certifications")
#: Certifications that expire after a number of years and cannot be renewed.
EXPIRING = {"CABT": 5}
#: How far ahead a renewal falling due is noticed (a CHTM route asks for a *current* CBET).
RENEWAL_NOTICE_DAYS = 183
#: Certifications that renew every three years with continuing education (ACI).
RENEWING = {"CBET": 3, "CRES": 3, "CLES": 3, "CHTM": 3}
#: Continuing-education units each renewal asks for, at least (ACI).
RENEWAL_CEUS = 30
#: The earliest year a credential date may carry: AAMI's certification of biomedical
#: equipment technicians began in the 1970s; an earlier year is a slip (fifty-second review's
#: probe: "CBET 1899" was read, "renewal due 1902").
EARLIEST_YEAR = 1970
#: The most recent supervisory years CHTM counts ("in the last five years").
RECENT_WINDOW_YEARS = 5

#: A date with a time of day, as exports serialise timestamps ("2024-06-15T00:00:00Z"): the
#: day is the date (fifty-third review's probe: read as an unknown credential).
_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                   r"(?:Z|[+-]\d{2}:?\d{2})?")
_DATED_ITEM = re.compile(r"^\s*(?P<code>\S+)\s+(?P<date>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)\s*$")


def split_dated(raw: Any, notes: list[str] | None = None) -> tuple[Any, dict[str, str]]:
    """Split ``"CBET 2019; CRES"`` (or a JSON list, or objects ``{"id", "date"}``) into the
    plain list value and ``{code: date text}``; what an item sets aside (an expiry) is added
    to ``notes``.

    The date follows the code after a space, so it survives cells split on ``;`` or ``,``;
    dressed items (``AAMI CBET``, ``CBET 06/2019``, ``PE (TX) 2024``, the full title) are read
    by :mod:`.credential_items`. Dates are checked by :func:`period_end`; a bad one raises
    ``ValueError`` naming it.
    """
    from .fields import KNOWN_CERTIFICATIONS

    if isinstance(raw, str):
        items: list[Any] = re.split(r"[;,|\r\n]", raw)  # (a cell of several lines too)
    elif isinstance(raw, (list, tuple)):
        items = list(raw)
    else:
        return raw, {}
    plain: list[Any] = []
    dates: dict[str, str] = {}
    for item in _expanded(items, KNOWN_CERTIFICATIONS):
        code, when = item, None
        if isinstance(item, dict):
            code, when = item.get("id"), item.get("date")
            if not isinstance(code, str):
                raise ValueError(f"a dated certification needs an `id`, got {item!r}")
            when = None if when is None else _TIME.sub(r"\1", str(when))
        elif isinstance(item, str):
            item = _TIME.sub(r"\1", item.translate(_MARKS))  # ("CBET™ 2019": its CBET)
            match = _DATED_ITEM.match(item)
            if match is None and item.strip().upper() in KNOWN_CERTIFICATIONS:
                code = item  # (a plain code: nothing to read)
            elif match:
                code, when = match["code"], match["date"]
            elif (read := read_item(item, KNOWN_CERTIFICATIONS)) is not None:
                code, when, note = read
                if note is not None and notes is not None:
                    notes.append(note)
        if when is not None:
            period_end(when, str(code))
            key = str(code).strip().upper()
            # (The same credential twice, "CBET 2024; CBET 2019": the latest date is the
            # last renewal; fifty-second review's probe, where the last one listed won.)
            if key not in dates or period_end(when) > period_end(dates[key]):
                dates[key] = when
        plain.append(code)
    return plain, dates


#: Trade and registration marks an export copies from a credential's name.
_MARKS = str.maketrans("", "", "\u00ae\u2122\u00a9")


def _expanded(items: list[Any], known: Collection[str]) -> list[Any]:
    """``CBET/CRES`` and ``CBET 2019 CRES 2021`` as two items each, when every part is a
    certification (plain or dressed): read as one unknown item, it left a CBET holder told
    to sit the CBET (forty-sixth review's probe). A slash in anything else (a date,
    ``06/2019``) is left alone."""
    out: list[Any] = []
    for item in items:
        if not isinstance(item, str):
            out.append(item)
            continue
        if out and isinstance(out[-1], str) and _says_expiry(item):
            # "CBET, exp. 12/2027": the expiry cut off by the comma belongs to the item
            # before it (fifty-fourth review's probe: an unknown certification "EXP._12_2027")
            out[-1] = f"{out[-1]} {item.strip()}"
            continue
        parts = item.split("/") if "/" in item else None
        if parts and len(parts) > 1 and all(_a_code(p, known) for p in parts):
            out += parts
        elif " " in item.strip():  # (room for two codes: "CBET 2019 CRES 2021")
            out += split_codes(item, known)
        else:
            out.append(item)
    return out


def _says_expiry(item: str) -> bool:
    """Whether an item is only an expiry ("exp. 12/2027", "valid through 2027")."""
    words = item.strip().split()
    return bool(words) and words[0].rstrip(".:").upper() in EXPIRY_WORDS


def _a_code(part: str, known: Collection[str]) -> bool:
    """Whether one part of a slashed item is a certification, plain or dressed (a part of a
    date, "CBET 12" of "CBET 12/31/2019", is not)."""
    if part.strip().upper() in known:
        return True
    try:
        read = read_item(part, known)
    except ValueError:
        return False
    return read is not None and read[2] is None


def period_end(text: str, code: str = "") -> dt.date:
    """The last day a date text can mean: ``2019`` is 2019-12-31, ``2019-06`` 2019-06-30.

    The most generous reading: an expiry or a renewal is never put earlier than the profile
    says.
    """
    parts = text.split("-")
    name = code or "CBET"
    if parts[0].isdigit() and int(parts[0]) < EARLIEST_YEAR:  # (a slip: "CBET 1899")
        raise ValueError(f"{name} {text}: no credential was earned or renewed before "
                         f"{EARLIEST_YEAR}; write the year earned or last renewed")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        raise ValueError(
            f"{name} {text}: the date is not a year, year-month or date (write e.g. "
            f"{name} 2019 or {name} 2019-06-15)"
        ) from None


def _period_start(text: str) -> dt.date:
    """The first day a date text (checked by :func:`period_end`) can mean: ``2019`` is
    2019-01-01, ``2019-06`` 2019-06-01."""
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def apply(
    values: dict[str, Any], dates: Mapping[str, str], provided: Iterable[str], as_of: dt.date
) -> None:
    """Set the date-derived fields in ``values`` (a profile's values, before inference)."""
    # Runs for every profile before inference: nothing is copied that need not be.
    given = provided if isinstance(provided, (set, frozenset)) else set(provided)
    held = tuple(values.get("certifications", ()))
    former = tuple(values.get("former_certifications", ()))
    if dates:  # only a dated certification can have expired
        now, before = list(held), list(former)
        for code, years in EXPIRING.items():
            expired = code in dates and as_of >= add_years(period_end(dates[code]), years)
            if code in now and expired:
                now.remove(code)
                if code not in before:
                    before.append(code)
        held, former = tuple(now), tuple(before)
    values["certifications"] = held
    values["former_certifications"] = former
    values["certifications_ever"] = tuple(dict.fromkeys(held + former)) if held or former else ()
    if "recent_supervisory_years" not in given:
        total = values.get("supervisory_years", 0) or 0
        values["recent_supervisory_years"] = min(total, RECENT_WINDOW_YEARS)
    if "engineering_years" not in given:
        values["engineering_years"] = values.get("clinical_engineering_years", 0) or 0


def renewal_dates(certifications: Iterable[str], dates: Mapping[str, str]) -> dict[str, dt.date]:
    """Each held, dated, renewing certification with the date its renewal falls due."""
    held = set(certifications)
    return {code: add_years(period_end(text, code), RENEWING[code])
            for code, text in dates.items() if code in RENEWING and code in held}  # fmt: skip


def renewals_due(
    certifications: Iterable[str], dates: Mapping[str, str], as_of: dt.date
) -> list[tuple[str, dt.date]]:
    """Held certifications whose renewal falls due within the notice period, with the date,
    soonest first (one already past its date is a warning only: no lapse is inferred)."""
    due = renewal_dates(certifications, dates).items()
    return sorted(((c, d) for c, d in due if 0 < (d - as_of).days <= RENEWAL_NOTICE_DAYS),
                  key=lambda item: (item[1], item[0]))  # fmt: skip


def overdue(
    certifications: Iterable[str], dates: Mapping[str, str], as_of: dt.date
) -> frozenset[str]:
    """Held certifications whose renewal date has passed (no lapse is inferred: the person
    may have renewed; a route that rests on one is not the one to show when another holds)."""
    return frozenset(c for c, d in renewal_dates(certifications, dates).items() if as_of >= d)


def notices(
    certifications: Iterable[str], dates: Mapping[str, str], as_of: dt.date
) -> list[str]:
    """Renewal and expiry warnings for a profile's dated certifications, as of ``as_of``."""
    held = set(certifications)
    out: list[str] = []
    for code, text in sorted(dates.items()):
        end = period_end(text)
        if _period_start(text) > as_of:  # (after the evaluation date: a slip, or a date due)
            out.append(
                f"{code} {text}: the date is after the evaluation date ({as_of.isoformat()}); "
                "read as held, but check the record (the date earned or last renewed belongs "
                "here, not the expiry)"
            )
        if code in EXPIRING and code in held:
            expires = add_years(end, EXPIRING[code])
            if as_of >= expires:
                out.append(
                    f"{code} {text} expired on {expires.isoformat()} (valid "
                    f"{EXPIRING[code]} years, not renewable): counted as a former certification"
                )
            else:
                out.append(f"{code} {text} expires on {expires.isoformat()} and cannot be renewed")
        elif code in RENEWING and code in held:
            due = add_years(end, RENEWING[code])
            if as_of >= due:
                out.append(
                    f"{code} {text}: renewal was due by {due.isoformat()} (ACI certifications "
                    f"renew every {RENEWING[code]} years with continuing education); check it "
                    "is current: no lapse is inferred"
                )
            elif (due - as_of).days <= RENEWAL_NOTICE_DAYS:  # soon: a route may rest on it
                out.append(
                    f"{code} {text}: renewal due by {due.isoformat()} (ACI certifications "
                    f"renew every {RENEWING[code]} years with continuing education)"
                )
    return out


def asks_retired(test: Test, certifications: Mapping[str, Target]) -> bool:
    """Whether an unmet test asks for certifications that are only ever held, never advised
    (the retired CLES): such a gap cannot be closed, so it is never the advice."""
    if test.field not in ("certifications", "certifications_ever"):
        return False
    wanted = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op not in ("includes", "includes_any", "includes_all") or not wanted:
        return False
    known = [certifications.get(str(w)) for w in wanted]
    return all(t is not None and not t.advised for t in known)
