"""Read and validate an instrument YAML file."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from .._resources import AliasError, bundled_instruments, instruments_folder, parse_yaml
from ..errors import InstrumentError
from ._instrument import Instrument
from ._messages import MISSING, readable
from ._schema import LISTS, InstrumentModel, Problem, cross_field_problems


def load_instrument(source: str | Path = "kompas") -> Instrument:
    """Load an instrument: a bundled one by name, or a YAML file by path.

    Parameters
    ----------
    source : str or Path, default "kompas"
        The name of a bundled instrument (``"kompas"``) or the path of a YAML file written in the
        format documented in ``instruments/README.md``.

    Returns
    -------
    Instrument

    Raises
    ------
    InstrumentError
        When the file cannot be found or parsed, or breaks any rule of the format. The message lists
        every problem at once, each with the file, the field, the value found and the reason.

    Examples
    --------
    >>> import kompasmetrics as km
    >>> inst = km.load_instrument()
    >>> inst.id
    'kompas'
    """
    path = _resolve(source)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        kind = "binary data" if b"\x00" in data[:4096] else "text in another encoding"
        raise InstrumentError(
            f"Instrument file {path.name} is not UTF-8 text: byte {err.start} (0x{data[err.start]:02x}) cannot be "
            f"read; the file holds {kind}. Save it as UTF-8 (in most editors: Save as > Encoding > UTF-8)."
        ) from err
    try:
        raw = parse_yaml(text)
    except AliasError as err:
        raise InstrumentError(
            f"Instrument file {path.name} uses a YAML anchor or alias at line {err.line} (&name or *name). "
            "Instrument files may not: write each part out in full."
        ) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InstrumentError(
            f"Instrument file {path.name} is not valid YAML{where}: {getattr(err, 'problem', err)}. "
            "Check the indentation and quote texts that contain a colon."
        ) from err
    if not isinstance(raw, dict):
        raise InstrumentError(
            f"Instrument file {path.name} must hold a mapping with id, version, title, "
            f"response_scales and scales; it holds {type(raw).__name__}."
        )
    problems = cross_field_problems(raw)
    try:
        model = InstrumentModel.model_validate(raw)
    except ValidationError as err:
        mapped = {name for name in LISTS if isinstance(raw.get(name), dict)}  # said once, in its own words
        structural = [readable(e, raw) for e in err.errors() if not (e["loc"] and e["loc"][0] in mapped)]
        raise _instrument_error(path, structural + problems) from err
    if problems:
        raise _instrument_error(path, problems)
    return Instrument.from_model(model, source=path)


def _resolve(source: str | Path) -> Path:
    path = Path(source)
    if path.suffix.lower() in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise InstrumentError(
                f"Instrument file {path} does not exist. Check the path, or pass the "
                f"name of a bundled instrument: {', '.join(bundled_instruments())}."
            )
        return path
    bundled = instruments_folder() / f"{source}.yaml"
    if not bundled.is_file():
        raise InstrumentError(
            f"There is no bundled instrument named '{source}'. Bundled: "
            f"{', '.join(bundled_instruments())}; or pass the path of a YAML file."
        )
    return bundled


def _instrument_error(path: Path, problems: list[Problem]) -> InstrumentError:
    lines = [f"Instrument file {path.name} has {len(problems)} problem{'s' if len(problems) > 1 else ''}:"]
    for field_path, value, reason in problems:
        if value is MISSING:
            lines.append(f"  - {field_path}: {reason}")
            continue
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        lines.append(f"  - {field_path} = {shown}: {reason}")
    lines.append("Fix these in the file; the format is described in instruments/README.md.")
    return InstrumentError("\n".join(lines))
