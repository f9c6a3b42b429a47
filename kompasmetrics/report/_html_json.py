"""The report's figures as compact JSON: shared parts written once (``{"$r": index}``), numbers
with a few decimals, and the cycle collector paused while the many small objects are built."""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager

import numpy as np
import pandas as pd

DIGITS = 3


@contextmanager
def _cycle_collection_paused():
    """Pause Python's cyclic garbage collector while the report is built.

    A report holds some 10^5 small lists and dicts (the figures) until the file is written. The
    collector would walk all of them again and again as they are made, a quarter of the time of
    a 1,000-partnership report, and find nothing: the figures hold no reference cycles. Memory is
    still freed by reference counting; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Packer:
    """Figure dicts to compact JSON: objects met more than once (by identity) are written once.

    ``count`` figures first, then ``pack`` each one; ``shared`` is the table the ``{"$r": i}``
    references point into. An object not counted twice is written in full wherever it occurs,
    which is always correct, so counting a sample of figures is enough to find what a batch
    shares. Floats get :data:`DIGITS` decimals, NaN and infinities become null, NumPy values
    become plain ones.
    """

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}
        self._index: dict[int, int] = {}
        self.shared: list = []

    def count(self, obj: object, depth: int = 4) -> None:
        """Count the containers of ``obj`` down to ``depth`` levels: deeper ones are always
        written in full, which is correct, only not shared (figures share at most 3 deep)."""
        stack = [(obj, 0)]
        counts = self._counts
        while stack:
            node, level = stack.pop()
            if isinstance(node, dict):
                children = list(node.values())
            elif isinstance(node, list):
                children = node
            else:
                continue
            key = id(node)
            seen = counts.get(key, 0)
            counts[key] = seen + 1
            if not seen and level < depth:
                stack.extend((c, level + 1) for c in children if isinstance(c, (dict, list)))

    def pack(self, obj: object) -> object:
        if isinstance(obj, (dict, list)):
            key = id(obj)
            if self._counts.get(key, 0) > 1:
                index = self._index.get(key)
                if index is None:
                    index = self._index[key] = len(self.shared)
                    self.shared.append(None)
                    self.shared[index] = self._content(obj)
                return {"$r": index}
            return self._content(obj)
        return self._leaf(obj)

    def _content(self, obj: dict | list) -> object:
        # plain values are handled inline: a report has hundreds of thousands of them
        if isinstance(obj, dict):
            out = {}
            for key, value in obj.items():
                kind = type(value)
                if kind is str or kind is int or kind is bool or value is None:
                    out[key] = value
                elif key == "meta" and kind is dict and "role" in value:
                    # what the figure shows needs no meta; the role is kept for tests and tools
                    out[key] = {"role": self._leaf(value["role"])}
                else:
                    out[key] = self.pack(value)
            return out
        if obj and all(type(v) is float for v in obj):
            return [round(v, DIGITS) if v - v == 0 else None for v in obj]
        if all(type(v) is str for v in obj):
            return list(obj)
        return [self.pack(v) for v in obj]

    def _leaf(self, obj: object) -> object:
        if obj is None or isinstance(obj, (str, bool)):
            return obj
        if isinstance(obj, (float, np.floating)):
            value = float(obj)
            return round(value, DIGITS) if value - value == 0 else None
        if isinstance(obj, (int, np.integer)):
            return int(obj)
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, np.ndarray):
            return self._content(obj.tolist())
        if isinstance(obj, tuple):
            return [self.pack(v) for v in obj]
        if obj is pd.NA or obj is pd.NaT:
            return None
        return self._leaf(str(obj))


def script_json(value: object) -> str:
    """JSON that can sit inside ``<script type="application/json">``: no ``<`` left to end it."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c")
