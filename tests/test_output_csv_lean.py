"""dumps_csv asks a text whether it starts a formula itself and sends every other cell to csv_cell: the same CSV as
csv_cell of every cell."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from perfeval.output import csv_cell, dumps_csv

_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from([Decimal("1.50"), Decimal("-2")]),
                    st.text(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "1", ".", "a", "中", " ", '"', ","]),
                            max_size=4))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_VALUES, min_size=3, max_size=3), max_size=5))
def test_the_csv_is_csv_cell_of_every_cell(values):
    columns = ["a", "b", "c"]
    rows = [dict(zip(columns, row)) for row in values]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    assert dumps_csv(rows, columns) == buffer.getvalue()
