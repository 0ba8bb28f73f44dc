"""Document import: read inputs, segment, classify page furniture, store."""
