"""A compact set of profile ids, for the duplicate-id check across a whole batch.

The parent process must remember every id it has seen to report a repeat, so this set grows
with the batch. A Python ``set`` of the id strings costs about 80 bytes an id (16 MB for
200,000 profiles, most of the parent's growth measured by ``benchmarks/batch.py``). Here an
id is kept as an 8-byte fingerprint (BLAKE2b) in an open-addressing table held in one
``array``: 16 bytes an id at most, 3.2 MB for 200,000.

Two different ids share a fingerprint with probability about n^2 / 2^65 (one in five
billion batches of 200,000); the cost of such a collision would be one row wrongly reported
as a duplicate id, never a wrong result.
"""

from __future__ import annotations

from array import array
from hashlib import blake2b


def _fingerprint(text: str) -> int:
    value = int.from_bytes(
        blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
    return value or 1  # 0 marks an empty slot


class IdSet:
    """Remembers ids; :meth:`add` says whether an id is new."""

    def __init__(self, capacity: int = 1024) -> None:
        self._slots = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, text: str) -> bool:
        """Remember ``text``; ``False`` if it was already there."""
        if (self._count + 1) * 2 > len(self._slots):
            self._grow()
        return self._insert(_fingerprint(text))

    def _insert(self, key: int) -> bool:
        slots, mask = self._slots, self._mask
        index = key & mask
        while True:
            current = slots[index]
            if current == 0:
                slots[index] = key
                self._count += 1
                return True
            if current == key:
                return False
            index = (index + 1) & mask

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        self._count = 0
        for key in old:
            if key:
                self._insert(key)
