"""Moved to :mod:`gvckit.app.demo_summary`; this name stays for existing imports."""

from gvckit.app.demo_summary import ExportContent, export_content

__all__ = ["ExportContent", "export_content"]
