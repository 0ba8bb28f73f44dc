"""Where the sample corpus lives: beside the package in a checkout, inside it when installed."""

from __future__ import annotations

from pathlib import Path


def sample_data_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_data", here.parent / "sample_data"):
        if (candidate / "codebook.toml").is_file():
            return candidate
    raise FileNotFoundError("the sample corpus is not installed (sample_data/ not found)")
