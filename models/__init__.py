"""Storage: SQLModel tables, the engine factory, the codebook schema and migrations."""
