"""Reports on the resolved decisions: stance over time, claims, evidence, progress."""
