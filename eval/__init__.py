"""Metrics, baselines and benchmarks over labelled JSONL."""
