"""Outputs: exports (Excel, Stata, Parquet, CSV, JSON; atomic), figures and the HTML report."""

from gvckit.outputs.export import read_result, write
from gvckit.outputs.report import (
    ReportData,
    build_report_data,
    export_figures,
    render_report,
    write_report,
)

__all__ = ["write", "read_result", "ReportData", "build_report_data", "render_report", "write_report", "export_figures"]
