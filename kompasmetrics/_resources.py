"""Where the data files shipped with the package live.

The instrument files sit in the top-level ``instruments/`` folder of the repository, where analysts
find them; the wheel copies that folder into the package as ``kompasmetrics/instruments``. Both
places are searched so that an installed wheel and a source checkout behave the same.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def instruments_folder() -> Path:
    """The folder holding the bundled instrument YAML files."""
    packaged = resources.files("kompasmetrics") / "instruments"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "instruments"


def bundled_instruments() -> list[str]:
    """Names of the bundled instruments (file stems), sorted."""
    return sorted(path.stem for path in instruments_folder().glob("*.yaml"))


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with libyaml's parser where PyYAML was built with it (it reads the
    instrument ten times faster), refusing a key that a mapping already has: YAML itself keeps the
    last one silently, so a label or item written twice would vanish without a word."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the constructor reports it
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first at line {first + 1})", key_node.start_mark
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class AliasError(yaml.YAMLError):
    """An anchor (``&name``) or alias (``*name``) in a YAML file that must have neither."""

    def __init__(self, line: int) -> None:
        super().__init__(f"anchors and aliases (&name, *name) are not allowed (line {line})")
        self.line = line


def parse_yaml(text: str) -> Any:
    """YAML text to Python objects with the safe loader (no tags that build objects); a key
    given twice in one mapping is an error (:class:`yaml.YAMLError`).

    Anchors and aliases are refused before anything is built (:class:`AliasError`): nine levels of
    nine aliases in one kilobyte refer to 387 million nodes, which any walk over the result (the
    instrument's checks) would visit one by one. Instrument files have no use for them. The tokens
    are scanned with libyaml (5 ms for the bundled instrument).
    """
    if "&" in text or "*" in text:
        for token in yaml.scan(text, Loader=_UniqueKeyLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise AliasError(token.start_mark.line + 1)
    return yaml.load(text, Loader=_UniqueKeyLoader)


@cache
def package_yaml(package: str, name: str) -> Any:
    """A YAML data file shipped inside a subpackage, parsed once per process.

    The result is shared between callers: treat it as read-only.
    """
    return parse_yaml(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
