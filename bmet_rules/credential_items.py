"""One item of a certifications cell as HR systems and people write it.

``CBET 2019`` is the plain form (:mod:`.lifecycle` reads it). Exports dress it: an issuer
before the code (``AAMI CBET``), the date in brackets or another order (``CBET (2019)``,
``CBET 06/2019``, ``CBET 12/31/2019``, ``CBET June 2019``), dots (``C.B.E.T.``), the state
of a licence (``PE (TX) 2024``), an expiry instead of the date earned (``CBET exp 2027``),
the full title (``Certified Biomedical Equipment Technician``) or the FE's other names
(``EIT``). Read as an unknown item, each of these left a holder told to sit the exam they
hold (forty-fourth, forty-sixth and fifty-first reviews' probes), so a known credential is
read whenever the item names exactly one; what cannot be read with it (a date that is no
date) is an error naming it, and what is set aside (an expiry) is said in a note.
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: Who awards a credential, as HR systems put it before the code ("AAMI CBET").
_ISSUERS = frozenset({"AAMI", "ACI", "ACCE", "HTCC", "NCEES"})
#: Words, numbers (with their slashes and dashes) and bracketed US state codes.
_TOKENS = re.compile(r"\(\s*[A-Z]{2}\s*\)|[A-Za-z][A-Za-z.]*|\d[\d/-]*")
_STATE = re.compile(r"^\(\s*[A-Z]{2}\s*\)$")
#: A year, a year and month (2019-06, 2019/06), a month and year (06/2019), or a US date,
#: month first (12/31/2019).
_LOOSE_DATE = re.compile(r"^(?:(?P<y>\d{4})(?:[-/](?P<m>\d{1,2}))?|(?P<m2>\d{1,2})/(?P<y2>\d{4})"
                         r"|(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>\d{4}))$")
_MONTHS = {name: i for i, names in enumerate(
    (("JAN", "JANUARY"), ("FEB", "FEBRUARY"), ("MAR", "MARCH"), ("APR", "APRIL"), ("MAY",),
     ("JUN", "JUNE"), ("JUL", "JULY"), ("AUG", "AUGUST"), ("SEP", "SEPT", "SEPTEMBER"),
     ("OCT", "OCTOBER"), ("NOV", "NOVEMBER"), ("DEC", "DECEMBER")), start=1) for name in names}
#: Words that say the date after them is an expiry, not the date earned or renewed.
EXPIRY_WORDS = frozenset({"EXP", "EXPIRES", "EXPIRY", "EXPIRATION", "VALID", "THROUGH", "THRU",
                     "UNTIL"})
#: Words that say a credential is held now (``CBET (Active)``) or join two (``CBET and CRES``):
#: nothing to read beyond the code.
_HELD_WORDS = frozenset({"ACTIVE", "CURRENT", "CERTIFIED", "HELD", "AND", "PLUS"})
#: Words that say the date after them is the last renewal (``CBET 2019 (renewed 2025)``).
_RENEWED = frozenset({"RENEWED", "RECERTIFIED", "RENEWAL", "RECERTIFICATION", "LAST"})
#: Credentials by their titles and other names, as one upper-case phrase.
TITLES = {
    "CERTIFIED ASSOCIATE IN BIOMEDICAL TECHNOLOGY": "CABT",
    "CERTIFIED BIOMEDICAL EQUIPMENT TECHNICIAN": "CBET",
    "CERTIFIED RADIOLOGY EQUIPMENT SPECIALIST": "CRES",
    "CERTIFIED LABORATORY EQUIPMENT SPECIALIST": "CLES",
    "CERTIFIED HEALTHCARE TECHNOLOGY MANAGER": "CHTM",
    "CERTIFIED CLINICAL ENGINEER": "CCE",
    "PROFESSIONAL ENGINEER": "PE",
    "ENGINEER IN TRAINING": "FE",
    "ENGINEER INTERN": "FE",
    "FUNDAMENTALS OF ENGINEERING": "FE",
    "EIT": "FE",
    "EI": "FE",
}


def split_codes(item: str, known: Collection[str]) -> list[str]:
    """``CBET 2019 CRES 2021`` (two credentials with no separator) as two items; anything
    else as it is."""
    starts = [m.start() for m in re.finditer(r"[A-Za-z][A-Za-z.]*", item)
              if m.group().replace(".", "").upper() in known]  # fmt: skip
    if len(starts) < 2:
        return [item]
    return [item[a:b] for a, b in zip(starts, [*starts[1:], len(item)], strict=True)]


def read_item(item: str, known: Collection[str]) -> tuple[str, str | None, str | None] | None:
    """The credential an item names, its date text (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)
    and a note on what was set aside; ``None`` when it names none of ``known`` or says more
    than a credential (``CBET pending``). Raises ``ValueError`` naming a date that cannot be
    read (``CBET 19``)."""
    tokens = _TOKENS.findall(item)
    words = [t for t in tokens if t[0].isalpha()]
    numbers = [t.strip("-/") for t in tokens if t[0].isdigit()]
    code, rest = _named(words, known)
    if code is None:
        return None
    rest = _without_own_title(code, rest)  # ("CBET - Certified Biomedical Equipment ...")
    rest = [w for w in rest if w.rstrip(".").upper() not in _HELD_WORDS]
    renewed = [w for w in rest if w.rstrip(".").upper() in _RENEWED]
    rest = [w for w in rest if w not in renewed]
    expiry = any(w.rstrip(".").upper() in EXPIRY_WORDS for w in rest)
    months = [w for w in rest if w.rstrip(".").upper() in _MONTHS]
    if any(w.rstrip(".").upper() not in EXPIRY_WORDS and w not in months for w in rest):
        return None  # (more than a credential and its date: an unknown item, reported)
    if renewed and len(numbers) == 2 and not months and not expiry:
        # Earned, then renewed: the renewal dates it (the later of the two; fifty-fourth
        # review's probe, "CBET 2019 (renewed 2025)" read as no CBET at all).
        read = [_date_text(code, n) for n in numbers]
        return code, max(read, key=lambda d: (d + "-12-31")[:10]), None
    if expiry:  # the date a credential lapses is not the date earned: held, undated
        said = " ".join(t for t in tokens if not _STATE.match(t))
        return code, None, (f"{said.strip()}: read as {code} held; an expiry is not the date "
                            "earned or renewed, so its renewal is not checked")
    if not numbers:
        return code, None, None
    if len(numbers) != 1 or len(months) > 1:
        raise ValueError(_unreadable(code, " ".join([*months, *numbers])))
    if months:
        if not re.fullmatch(r"\d{4}", numbers[0]):
            raise ValueError(_unreadable(code, f"{months[0]} {numbers[0]}"))
        return code, f"{numbers[0]}-{_MONTHS[months[0].rstrip('.').upper()]:02d}", None
    return code, _date_text(code, numbers[0]), None


def _date_text(code: str, number: str) -> str:
    """``2019``, ``06/2019``, ``12/31/2019`` ... as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    date = _LOOSE_DATE.match(number)
    if date is None:
        raise ValueError(_unreadable(code, number))
    year = date["y"] or date["y2"] or date["y3"]
    month = date["m"] or date["m2"] or date["m3"]
    if date["d3"]:
        if not 1 <= int(month) <= 12:  # (day first: "31/12/2019" is not US month-first)
            raise ValueError(_unreadable(code, number) + "; a date is read month first "
                             f"(MM/DD/YYYY), so write it as {year}-{int(date['d3']):02d}-"
                             f"{int(month):02d} if the day comes first")
        return f"{year}-{int(month):02d}-{int(date['d3']):02d}"
    if month and not 1 <= int(month) <= 12:
        raise ValueError(_unreadable(code, number))
    return f"{year}-{int(month):02d}" if month else year


def _without_own_title(code: str, rest: list[str]) -> list[str]:
    """``rest`` without the credential's own title when it follows the code (fifty-sixth
    review's probe: "CBET - Certified Biomedical Equipment Technician (AAMI), exp. 12/2027"
    was not read as the CBET)."""
    names = [w.replace(".", "").upper() for w in rest]
    for title, titled in TITLES.items():
        size = len(title.split())
        if titled == code and " ".join(names[:size]) == title:
            return rest[size:]
    return rest


def _named(words: list[str], known: Collection[str]) -> tuple[str | None, list[str]]:
    """The one credential ``words`` name (by code, title or other name; issuers aside) and
    the words left over; ``(None, words)`` when they name none or several."""
    names = [w.replace(".", "").upper() for w in words]
    phrase = " ".join(n for n in names if n not in _ISSUERS)
    for title, code in TITLES.items():  # (the longest phrases first: none contains another)
        if phrase == title or phrase.startswith(title + " "):
            left = len(title.split())
            others = [w for w, n in zip(words, names, strict=True) if n not in _ISSUERS][left:]
            return (code if code in known else None), others
    codes = [n for n in names if n in known]
    if len(codes) != 1:
        return None, words
    return codes[0], [w for w, n in zip(words, names, strict=True)
                      if n not in known and n not in _ISSUERS]


def _unreadable(code: str, text: str) -> str:
    return (f"{code} {text}: the date is not a year, year-month or date (write e.g. {code} 2019, "
            f"{code} 2019-06 or {code} 2019-06-15)")
