"""CSV dialects as HR offices write them: the delimiter, and what to say when bytes do not
decode.

Excel in much of Europe saves "CSV" with ``;`` (the comma is the decimal separator there),
and HRIS exports often use tabs; read with the wrong delimiter every row is one cell and
"needs an id". The header line decides: the candidate delimiter that splits it into the most
cells (outside quotes) wins, a comma on a tie.
"""

from __future__ import annotations

#: Delimiters detected from a header line, in the order that wins a tie.
DELIMITERS = (",", ";", "\t")


def detect_delimiter(header: str) -> str:
    """The delimiter of a CSV file, judged from its header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


def decoding_advice(encoding: str) -> str:
    """The end of a message about bytes that do not decode: what the file probably is and
    the option that reads it."""
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        return (
            "is not valid UTF-8; if the file came from Excel or an older HR system, read it "
            "with --encoding cp1252 (Windows-1252) or --encoding latin-1, or save it as UTF-8"
        )
    return f"is not valid {encoding}; give the file's encoding with --encoding"


def parse_delimiter(value: str) -> str:
    """A ``--delimiter`` value: one character, or the words ``tab``, ``comma``,
    ``semicolon`` (a tab is awkward to type in a shell)."""
    words = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    chosen = words.get(value.lower(), value)
    if len(chosen) != 1:
        raise ValueError(
            f"expected one character or tab/comma/semicolon/pipe, got {value!r}"
        )
    return chosen
