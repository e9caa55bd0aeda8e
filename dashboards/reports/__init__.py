"""Rendered reports (HTML + PDF) written by the pipeline and the CLI, e.g. the weekly product-feedback report."""
