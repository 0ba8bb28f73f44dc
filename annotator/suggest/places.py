"""Places of political news and the words that name them, for guessing a new speaker's
side: "Japanese Foreign Minister X" is on the side whose codebook entries say Japan,
Japanese or Tokyo. Each place lists its name, its people's adjective and the capital
that stands for its government; "South Korean" is found before "Korean"."""

from __future__ import annotations

import re

PLACES: dict[str, tuple[str, ...]] = {
    "japan": ("Japan", "Japanese", "Tokyo"),
    "south korea": ("South Korea", "South Korean", "Seoul"),
    "north korea": ("North Korea", "North Korean", "Pyongyang"),
    "korea": ("Korea", "Korean"),
    "china": ("China", "Chinese", "Beijing"),
    "hong kong": ("Hong Kong",),
    "taiwan": ("Taiwan", "Taiwanese", "Taipei"),
    "united states": ("United States", "U.S.", "US", "American", "Washington"),
    "united kingdom": ("United Kingdom", "UK", "U.K.", "Britain", "British", "London"),
    "scotland": ("Scotland", "Scottish"),
    "wales": ("Wales", "Welsh"),
    "ireland": ("Ireland", "Irish", "Dublin"),
    "european union": ("European Union", "EU", "E.U.", "Brussels"),
    "france": ("France", "French", "Paris"),
    "germany": ("Germany", "German", "Berlin"),
    "russia": ("Russia", "Russian", "Moscow", "Kremlin"),
    "ukraine": ("Ukraine", "Ukrainian", "Kyiv"),
    "india": ("India", "Indian", "New Delhi"),
    "australia": ("Australia", "Australian", "Canberra"),
    "canada": ("Canada", "Canadian", "Ottawa"),
    "israel": ("Israel", "Israeli"),
    "iran": ("Iran", "Iranian", "Tehran"),
    "philippines": ("Philippines", "Philippine", "Filipino", "Manila"),
    "vietnam": ("Vietnam", "Vietnamese", "Hanoi"),
    "united nations": ("United Nations", "UN", "U.N."),
}

_FORM_PLACE = {form: place for place, forms in PLACES.items() for form in forms}
# Case-sensitive: "US" the country, not "us"; longest form first.
_PATTERN = re.compile(
    r"(?<![\w.-])(?:"
    + "|".join(re.escape(form) for form in sorted(_FORM_PLACE, key=len, reverse=True))
    + r")(?:['’]s)?(?![\w-])"
)


# A people's adjective ("Japanese", "South Korean"), never a speaker's name alone.
DEMONYMS = frozenset(
    (
        *("Japanese", "Korean", "South Korean", "North Korean", "Chinese", "Taiwanese"),
        *("American", "British", "Scottish", "Welsh", "Irish", "French", "German"),
        *("Russian", "Ukrainian", "Indian", "Australian", "Canadian", "Israeli"),
        *("Iranian", "Philippine", "Filipino", "Vietnamese"),
    )
)


def places_in(text: str) -> list[tuple[str, str]]:
    """The places a phrase names, as (place, the words that named it), left to right."""
    found = []
    for match in _PATTERN.finditer(text):
        words = match.group(0).removesuffix("'s").removesuffix("’s")
        found.append((_FORM_PLACE[words], words))
    return found
