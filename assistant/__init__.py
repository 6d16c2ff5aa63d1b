"""Ingestion, summaries, reports, chat and the CLI: the layer users talk to."""
