"""What an audit keeps for each sheet, row and finding is small: the objects a batch keeps to the end (one
RowResult per row, one Finding per finding, one SheetAudit per sheet) carry their fields and nothing else, and
what is equal is shared where nobody can tell (an evidence dict judged once per distinct row)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from perfeval.findings import Finding
from perfeval.selfeval import RowResult, SheetAudit

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("cls", [RowResult, SheetAudit, Finding])
def test_the_per_row_and_per_finding_classes_carry_their_fields_alone(cls):
    import attrs

    # no instance dict and no weak-reference slot (8 bytes on each of ~100,000 objects a province's audit keeps)
    assert cls.__slots__ == tuple(field.name for field in attrs.fields(cls))
    assert "__weakref__" not in dir(cls) and "__dict__" not in dir(cls)
    assert cls.__basicsize__ == object.__basicsize__ + 8 * len(attrs.fields(cls))


def test_an_audit_of_such_objects_pickles_and_compares_as_before():
    from perfeval.api import audit_files

    audits = audit_files(sorted((ROOT / "examples" / "audit").iterdir()), "national").audits
    assert sum(len(audit.findings) for audit in audits) > 10 and sum(len(audit.rows) for audit in audits) > 10
    again = pickle.loads(pickle.dumps(audits))
    assert again == audits and [hash(audit) for audit in again] == [hash(audit) for audit in audits]
