"""The reporting-verb lexicon as the speaker rules match it: every inflection, in
either case where asked, the longest form at a position, and nothing else."""

from __future__ import annotations

import re

from annotator.suggest.lexicon import BASE_FORMS, REPORTING, alternation, inflect

FORMS = {
    form
    for lemma in REPORTING
    for position, form in enumerate(inflect(lemma))
    if position != 0 or lemma in BASE_FORMS
}


def test_every_form_matches_whole_in_lower_and_upper_case() -> None:
    whole = re.compile(rf"(?:{alternation(REPORTING, cased=True)})\Z")
    assert all(whole.match(form) and whole.match(form.upper()) for form in FORMS)
    # Cased: a capitalised form is no verb ("the United States").
    assert not whole.match("States")


def test_nothing_but_the_forms_matches() -> None:
    whole = re.compile(rf"(?:{alternation(REPORTING)})\Z")
    near = {form + "x" for form in FORMS} | {form[:-1] for form in FORMS} | {"sai", "tel"}
    assert sorted(word for word in near - FORMS if whole.match(word)) == []


def test_the_longest_form_at_a_position_wins() -> None:
    verb = re.compile(alternation(REPORTING))
    for form in FORMS:
        found = verb.match(form + " it")
        assert found is not None and found.group(0) == form
    # Phrasal verbs with any gap between their words.
    found = verb.match("called  on Tokyo")
    assert found is not None and found.group(0) == "called  on"
