"""The printed copy: print, preview, PDF export (rendered by print/, painted with PDFium)."""
