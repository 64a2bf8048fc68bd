"""The command line: a thin layer over compliance.api and the pipeline."""
