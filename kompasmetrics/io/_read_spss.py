"""SPSS ``.sav``/``.zsav`` files (pyreadstat) as raw cells, with their value labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._errors import ExportError
from ._raw import TEXT_EXPANSION, RawTable, check_memory
from ._report import noted


def read_spss(path: Path, size: int) -> RawTable:
    """An SPSS ``.sav``/``.zsav`` file (pyreadstat) as cells: row 1 the variable names (the export
    tags), row 2 the variable labels (the question texts; the name where a variable has none), then
    the data with SPSS' user-defined missing values as blanks. The value labels are kept per column
    so that the importer can decode by label (:attr:`RawTable.value_labels`)."""
    import pyreadstat

    name = path.name
    check_memory(name, size * TEXT_EXPANSION, "this SPSS file")
    try:
        data, meta = pyreadstat.read_sav(str(path), user_missing=False)
    except MemoryError as err:
        raise ExportError(
            f"{name} is too large for the memory of this computer. Split the export and read the parts with "
            "km.read_surveys([...]).",
            file=name,
        ) from err
    except Exception as err:  # pyreadstat raises its own ReadstatError and others for a damaged file
        raise ExportError(
            f"{name} cannot be read as an SPSS file ({type(err).__name__}: {err}). Export the responses again "
            "as .sav, or as .xlsx or .csv.",
            file=name,
        ) from err
    names = list(meta.column_names)
    labels = [label if label else column for column, label in zip(names, meta.column_labels, strict=True)]
    body = data.astype(object).where(data.notna(), None).to_numpy(dtype=object)
    cells = pd.DataFrame([names, labels, *body], dtype=object)
    cells.columns = range(cells.shape[1])
    if len(cells) <= 2 and not names:
        raise ExportError(f"{name} has no variables: the SPSS file is empty. Export the responses again.", file=name)
    value_labels: dict[int, dict[object, str]] = {
        names.index(column): {value: str(label) for value, label in mapping.items()}
        for column, mapping in (meta.variable_value_labels or {}).items()
        if column in names
    }
    notes = [noted(None, None, None, "spss_file", variables=len(names), cases=len(data), labelled=len(value_labels))]
    return RawTable(cells=cells, file=name, sheet=None, kind="spss", notes=notes, value_labels=value_labels)
