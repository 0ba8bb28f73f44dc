"""The errors of an option that names nothing in the database: a usage error (exit 2).

Kept apart from the reports that raise them, so that the `report` command group can
catch them without importing every report."""

from __future__ import annotations


class UnknownIdError(ValueError):
    """A --side, --claim, --speaker or --annotator names nothing in the database."""


class UnknownSelectionError(ValueError):
    """A --documents id or --annotator name that the database does not have."""
