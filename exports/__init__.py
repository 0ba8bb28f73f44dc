"""Readers and writers of label file formats (native JSONL and other tools' formats)."""
