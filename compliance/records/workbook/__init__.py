"""Workbook layouts of the records: which sheet and column holds each field, derived from the record models."""
