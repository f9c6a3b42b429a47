"""Who trusts whom in the HTML report: the map, the matrix and the pairs per partnership, in nl and
en, and no value of a pair with too few raters anywhere in the file (figures, tables, texts)."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest

import kompasmetrics as km
from kompasmetrics.report import write_html
from tests.network.conftest import answers, build

JSON_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)
ORGANISATIONS = ["Gemeente <b>Zwolle</b>", "Woonstichting", "Zorggroep", "Welzijn"]
HIDDEN_MEAN = 12.5  # C -> A: two raters, trust 0 and 25: no shown pair or mean can be 12.5


def ratings_rows(hidden_raters: int) -> list:
    a, b, c, _ = ORGANISATIONS
    rows = []
    for rater in ORGANISATIONS:
        for rated in ORGANISATIONS:
            if rater == rated or (rater, rated) == (c, a):
                continue
            rows += answers("P1", rater, rated, 3, 4 if rated != b else 5, value=4, influence=4, frequency=4)
    # C -> A: trust 1 (0) and 2 (25) from the first raters; a third rater only when asked to
    rows += answers("P1", c, a, 1, 1, value=1, influence=1, frequency=1)
    rows += answers("P1", c, a, 1, 2, start=1, value=2, influence=2, frequency=2)
    if hidden_raters == 3:
        rows += answers("P1", c, a, 1, 2, start=2, value=1, influence=1, frequency=1)
    return rows


def study(hidden_raters: int):
    net = km.network(build(ratings_rows(hidden_raters)))
    instrument = km.load_instrument()
    rng = np.random.default_rng(0)
    people = [(f"P1-{org}-{i}", "P1", org) for org in ORGANISATIONS for i in range(3)]
    frame = pd.DataFrame(people, columns=["respondent_id", "partnership", "organisation"])
    for item in instrument.item_ids:
        frame[item] = rng.integers(2, 5, len(frame))
    return km.score(km.Survey(frame, instrument)), net


def numbers_in(value) -> list[float]:
    """Every number in a figure or text, Plotly's base64 arrays (``bdata``) decoded."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float).tolist()
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers_in(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers_in(v)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [float(value)]
    if isinstance(value, str):
        return [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", value)]
    return []


@pytest.fixture(scope="module", params=["nl", "en"])
def written(request, tmp_path_factory):
    scores, net = study(hidden_raters=2)
    path = write_html(tmp_path_factory.mktemp("html") / "report.html", scores, network=net, language=request.param)
    return request.param, net, path.read_text(encoding="utf-8")


def section(text: str) -> tuple[str, dict]:
    """The partnership's section and its figure data (the shared table resolved)."""
    blocks = dict(JSON_BLOCK.findall(text))
    shared = json.loads(blocks["km-shared"])

    def resolve(node):
        if isinstance(node, dict):
            if set(node) == {"$r"}:
                return resolve(shared[node["$r"]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    start = text.index('<section class="km-p" id="p1">')
    return text[start : text.index("</section>", start)], resolve(json.loads(blocks["p1-data"]))


def published_numbers(text: str) -> list[float]:
    """Every number of the network part: its two figures, its texts and its table (the survey's own
    figures and flags show other numbers, which may meet one by chance)."""
    body, figures = section(text)
    part = body[body.rindex("<h3>", 0, body.index('data-fig="n"')) : body.index("<script")]
    return numbers_in([figures["n"], figures["m"]]) + numbers_in(re.sub(r"<[^>]+>", " ", part))


def test_each_partnership_gets_the_map_the_matrix_and_its_pairs(written):
    language, net, text = written
    body, figures = section(text)
    heading = {"nl": "Wie vertrouwt wie", "en": "Who trusts whom"}[language]
    assert f"<h3>{heading}</h3>" in body
    assert {"n", "m"} <= set(figures)
    assert 'data-fig="n"' in body and 'data-fig="m"' in body
    assert "Gemeente &lt;b&gt;Zwolle&lt;/b&gt; <span" in body  # names from the data escaped
    assert "<b>Zwolle" not in body
    too_few = {"nl": "te weinig", "en": "too few"}[language]
    assert body.count(too_few) >= 2  # the hidden direction C -> A and its dyad
    shown = net.dyads[~net.dyads["suppressed"]]
    assert body.count("<tr><td>") == len(net.dyads) and len(shown) == len(net.dyads) - 1


def test_no_value_of_a_pair_with_too_few_raters_is_in_the_file(written):
    _, net, text = written
    pairs = net.pairs.set_index(["rater_organisation", "rated_organisation"])
    hidden = pairs.loc[("Zorggroep", "Gemeente <b>Zwolle</b>")]
    assert hidden["suppressed"] and int(hidden["n_raters"]) == 2
    raters = net.raters[(net.raters["rater_organisation"] == "Zorggroep")]
    raters = raters[raters["rated_organisation"] == "Gemeente <b>Zwolle</b>"]
    secrets = {HIDDEN_MEAN, *(raters[m].mean() for m in ("value", "influence", "frequency"))}
    assert HIDDEN_MEAN == pytest.approx(raters["trust"].mean())
    # the hidden pair pooled into the dyad or into what A receives: the differencing routes
    others = pairs[~pairs["suppressed"]]
    into_a = others.xs("Gemeente <b>Zwolle</b>", level="rated_organisation")["trust"]
    secrets.add((into_a.sum() + HIDDEN_MEAN) / (len(into_a) + 1))
    published = published_numbers(text)
    assert len(published) > 50
    for secret in secrets:
        assert not any(abs(n - secret) < 0.01 for n in published), secret
    # rounded for reading: the hidden direction's hover and cell say "too few", the map draws no arrow
    _, figures = section(text)
    hover = [h for row in figures["m"]["data"][0]["hovertext"] for h in row if h.startswith("Zorggroep → Gemeente")]
    assert len(hover) == 1 and not re.search(r": \d", hover[0])
    assert not any("Zorggroep → Gemeente" in str(trace.get("hovertext")) for trace in figures["n"]["data"])


def test_the_same_pair_with_three_raters_is_shown(tmp_path):
    """The check above can fail: with a third rater the pair's mean is in the file."""
    scores, net = study(hidden_raters=3)
    pairs = net.pairs.set_index(["rater_organisation", "rated_organisation"])
    mean = pairs.loc[("Zorggroep", "Gemeente <b>Zwolle</b>"), "trust"]
    text = write_html(tmp_path / "shown.html", scores, network=net, language="en").read_text(encoding="utf-8")
    assert any(abs(n - mean) < 0.01 for n in published_numbers(text))


def test_without_network_there_is_no_such_section(tmp_path):
    scores, _ = study(hidden_raters=2)
    text = write_html(tmp_path / "plain.html", scores, language="en").read_text(encoding="utf-8")
    assert "Who trusts whom" not in text


def test_a_network_of_the_wrong_type_is_refused(tmp_path):
    scores, _ = study(hidden_raters=2)
    with pytest.raises(km.KompasValueError, match="network"):
        write_html(tmp_path / "x.html", scores, network="P1")
