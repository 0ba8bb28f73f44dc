"""Readers and writers of label file formats: the native JSONL and other tools' formats.

Writers take a stream of `records.DecisionRecord` and never hold more than one in
memory; readers turn a file into `records.LabelRecord`s that `labels.import_labels`
stores. Nothing here imports Textual.
"""
