"""Writers of the text formats perfeval produces, mirroring `perfeval.readers`.

- `native`: a Document as perfeval's own YAML/JSON (docs/format.md), what `readers.native` reads back;
- `template`: the actuals template's rows and its CSV form, what `readers.actuals` reads back filled in.

Workbooks are written by `perfeval.xlsx` (which holds everything that imports openpyxl).
"""
