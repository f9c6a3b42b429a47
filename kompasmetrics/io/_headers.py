"""Problems of an export's headers and cells, found once its columns are matched: a header used
twice among the columns read, data under no header, merged cells, formulas without a value."""

from __future__ import annotations

from ._cells import Columns, as_texts, present
from ._detect import Layout
from ._errors import column_letter
from ._match import Matching
from ._platforms import key
from ._report import noted


def header_problems(layout: Layout, matching: Matching, data: Columns, report: list[dict]) -> list[str]:
    """The problems that stop the import; the notes of those that do not go to ``report``."""
    problems = _duplicated_headers(layout, matching)
    _note_headerless_data(layout, data, report)
    problems += _merged_cells(layout, report)
    problems += _formulas(layout, report)
    return problems


def _duplicated_headers(layout: Layout, matching: Matching) -> list[str]:
    """A header that several columns share, when one of them is used (not chosen by column_map)."""
    problems = []
    used = set(matching.roles.values()) | set(matching.items.values())
    names: dict[str, list[int]] = {}
    for column in layout.columns:
        if column.name:
            names.setdefault(key(column.name), []).append(column.position)
    by_column_map = {p for p, how in matching.how.items() if "column_map" in how}
    for same in names.values():
        if len(same) > 1 and used.intersection(same) - by_column_map:
            letters = [column_letter(p) for p in same]
            problems.append(
                f"{layout.place} has the column header {layout.columns[same[0]].name!r} {len(same)} times "
                f"({', '.join(layout.describe(p) for p in same)}). Give every column its own header in "
                "the export, or choose by Excel letter or position in column_map, e.g. "
                f"column_map={{{letters[0]!r}: '<item id>', {letters[1]!r}: None}}."
            )
    return problems


def _note_headerless_data(layout: Layout, data: Columns, report: list[dict]) -> None:
    for column in layout.columns:
        if column.name:
            continue
        values = data[column.position]
        if len(values) and present(as_texts(values)).any():
            where = f"({layout.describe(column.position)})"
            report.append(noted(None, where, None, "headerless_data"))


def _merged_cells(layout: Layout, report: list[dict]) -> list[str]:
    problems = []
    for merged in layout.raw.merged:
        first, last = merged.split(":")
        top, bottom = _row_number(first), _row_number(last)
        if top > layout.n_header:
            report.append(noted(top, merged, None, "merged_responses"))
            continue
        if first.rstrip("0123456789") == last.rstrip("0123456789"):
            continue  # merged down one column: the header keeps its text
        if layout.platform.forward_fill_questions and bottom == 1 and layout.n_header >= 2:
            continue  # SurveyMonkey: a question's text spans its columns
        problems.append(
            f"Header cells {merged} of {layout.place} are merged, so the columns after the first have no "
            "header "
            "of their own. Unmerge them in Excel (Home > Merge & Center) and give every column its "
            "own "
            "header, or export the responses again."
        )
    return problems


def _formulas(layout: Layout, report: list[dict]) -> list[str]:
    raw = layout.raw
    if raw.formulas_without_value:
        cells = raw.formulas_without_value
        return [
            f"{len(cells)}{'+' if len(cells) >= 1000 else ''} cell(s) of {layout.place} hold formulas "
            "without a "
            f"computed value ({', '.join(cells[:6])}{' ...' if len(cells) > 6 else ''}), so their "
            "answers "
            "cannot be read. Open the file in Excel and save it (Excel stores the computed "
            "values), or "
            "replace the formulas by their values (Paste Special > Values)."
        ]
    if raw.n_formulas:
        report.append(noted(None, None, raw.n_formulas, "formulas", n=raw.n_formulas))
    return []


def _row_number(cell: str) -> int:
    return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
