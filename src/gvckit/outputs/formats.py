"""The file formats gvckit writes results to, by extension (no heavy imports: the CLI's
``--help`` lists them). :func:`gvckit.outputs.export.write` picks the writer from this table."""

from __future__ import annotations

__all__ = ["FORMATS"]

#: extension -> what the file holds
FORMATS: dict[str, str] = {
    ".xlsx": "Excel workbook with a README sheet",
    ".dta": "Stata 14+ dataset",
    ".parquet": "Parquet with attrs in the key-value metadata",
    ".csv": "CSV with a <stem>.meta.json sidecar",
    ".json": "JSON document with attrs",
}
