"""Reading profiles as HR offices and HRIS systems export them.

One concern per module: :mod:`.columns` (matching columns to fields, ``--columns`` mapping
files), :mod:`.dialect` (CSV delimiters, encoding advice), :mod:`.detect` (stdin's format),
:mod:`.nested` (``--records-key``), :mod:`.excel` (``.xlsx`` in and out) and :mod:`.reading`
(the shared input options and the one function every command reads profiles with).
"""
