"""Readers: archive files in, `Article`s and `ReadProblem`s out, one module per format.

Start at `search.ingest.detect.read_path`, which picks the reader per file by content. Readers
keep the text as read (`raw` == `body`); boilerplate cleaning is a later step.
"""
