"""Personal data in respondent ids and columns, recognised by what the values look like.

Survey tools and analysts put e-mail addresses, phone numbers or citizen numbers where an id
belongs, or in columns with names no list of headers foresees (``Contact``, ``Mail``, ``Your
details``, ``BSN``). Such values never reach an output: ids are replaced by a stable pseudonym,
columns are dropped; both are reported.

Pseudonyms are ``id-`` and 12 hexadecimal digits of HMAC-SHA256 (RFC 2104) of the id, keyed with a
secret kept on this computer (``~/.config/kompasmetrics/pseudonym.key``, made on first use, or the
environment variable ``KOMPASMETRICS_PSEUDONYM_KEY``): the same id gets the same pseudonym in
every run and wave, so responses can still be linked, while nobody without the key can test
whether a given address took part (a plain hash of an e-mail address can be reversed by hashing
candidate addresses).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

import numpy as np

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^(?:\+|00|0)[0-9 ()./-]{7,}[0-9]$")
"""International (+31, 0031) or national (06, 010) numbers; a number that starts with another digit
is an id (SurveyMonkey's respondent ids are eleven digits)."""
SHARE = 0.5
"""A column is personal data when at least this share of its filled cells look personal."""


def is_bsn(text: str) -> bool:
    """A Dutch citizen service number (BSN): nine digits passing the 11-check (elfproef)."""
    digits = re.sub(r"[ .-]", "", text)
    if not (len(digits) == 9 and digits.isdigit()) or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def looks_personal(value: object) -> str | None:
    """``"e-mail address"``, ``"phone number"``, ``"citizen service number"`` or None."""
    if not isinstance(value, str):
        if isinstance(value, (int, np.integer)) and 100_000_000 <= int(value) <= 999_999_999:
            value = str(int(value))
        else:
            return None
    text = value.strip()
    if EMAIL.match(text):
        return "e-mail address"
    if is_bsn(text):
        return "citizen service number"
    if PHONE.match(text) and sum(c.isdigit() for c in text) >= 9:
        return "phone number"
    return None


def personal_kinds(values: np.ndarray) -> dict[str, int]:
    """How many of the distinct filled ``values`` look like each kind of personal data."""
    kinds: dict[str, int] = {}
    for value in set(values.tolist()):
        kind = looks_personal(value)
        if kind:
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def pseudonym_key() -> bytes:
    """The secret key of the pseudonyms (see the module docstring)."""
    given = os.environ.get("KOMPASMETRICS_PSEUDONYM_KEY")
    if given:
        return given.encode()
    path = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "kompasmetrics" / "pseudonym.key"
    try:
        return path.read_bytes()
    except OSError:
        pass
    key = secrets.token_hex(32).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:
            handle.write(key)
        os.chmod(path, 0o600)
    except FileExistsError:
        return path.read_bytes()
    except OSError:  # a read-only home: a key for this process only (pseudonyms stable within the run)
        pass
    return key


def pseudonym(value: str, key: bytes) -> str:
    return "id-" + hmac.new(key, value.strip().casefold().encode(), hashlib.sha256).hexdigest()[:12]


def pseudonymise(ids: np.ndarray) -> tuple[np.ndarray, dict[str, int]]:
    """Replace the ids that look like personal data by their pseudonym; also the counts per kind.

    An e-mail address or phone number is personal on its own; nine digits passing the 11-check
    only when most ids of the column do (one in eleven random nine-digit numbers passes it)."""
    kinds: dict[str, int] = {}
    out = ids.copy()
    key = None
    found = [looks_personal(value) for value in ids.tolist()]
    filled = sum(value is not None and str(value).strip() != "" for value in ids.tolist())
    bsn_column = sum(kind == "citizen service number" for kind in found) >= SHARE * max(filled, 1)
    for i, (value, kind) in enumerate(zip(ids.tolist(), found, strict=True)):
        if kind == "citizen service number" and not bsn_column:
            continue
        if kind:
            key = key or pseudonym_key()
            out[i] = pseudonym(str(value), key)
            kinds[kind] = kinds.get(kind, 0) + 1
    return out, kinds


__all__ = ["is_bsn", "looks_personal", "personal_kinds", "pseudonym", "pseudonym_key", "pseudonymise"]


PSEUDONYM_NOTES = {
    "e-mail address": "personal_ids_email",
    "phone number": "personal_ids_phone",
    "citizen service number": "personal_ids_bsn",
}
"""The import report's note (``texts/import.yaml``, ``rows``) for each kind of personal id replaced."""
