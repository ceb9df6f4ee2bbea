"""The text rules: what each field accepts, refuses (with the field and limit named), never cuts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain import text_rules as rules
from facilitator.domain.text_rules import TextRule, check_text
from facilitator.errors import InputError

SHORT = TextRule("Name", 5, "t.c")
OPTIONAL = TextRule("Note", 5, "t.c", required=False)
NOTES = TextRule("Notes", 20, "t.c", multiline=True, required=False)

ACCEPTED = [
    (SHORT, "Ana", "Ana"),
    (SHORT, "  Ana  ", "Ana"),
    (SHORT, "a \t\n b", "a b"),  # single-line: whitespace runs become one space
    (SHORT, "ÅØ🙂ü", "ÅØ🙂ü"),  # characters are counted, not bytes or UTF-16 units
    (SHORT, "12345", "12345"),  # exactly at the limit
    (SHORT, "a\u200bb", "a\u200bb"),  # a format character is text
    (OPTIONAL, "   ", ""),
    (NOTES, " one\r\ntwo\rthree\t ", "one\ntwo\nthree"),
    (NOTES, "a\tb\n\nc", "a\tb\n\nc"),
]

REFUSED = [
    (SHORT, "", "Name: must not be empty"),
    (SHORT, " \n\t", "Name: must not be empty"),
    (SHORT, "123456", "Name is 6 characters; the limit is 5"),
    (SHORT, "a\0b", "Name contains a NUL character (U+0000) at position 2; remove it"),
    (
        SHORT,
        "ab\ud800",
        "Name contains half of a character (a lone surrogate) (U+D800) at position 3",
    ),
    (SHORT, "a\x07", "Name contains a control character (U+0007) at position 2"),
    (SHORT, "a\x7f", "Name contains a control character (U+007F)"),
    (NOTES, "a\x0bb", "Notes contains a control character (U+000B)"),
    (NOTES, "a\0", "Notes contains a NUL character"),
    (OPTIONAL, "\udfff", "Note contains half of a character"),
    (NOTES, "x" * 21, "Notes is 21 characters; the limit is 20"),
]


@pytest.mark.parametrize(("rule", "typed", "stored"), ACCEPTED)
def test_accepted_values(rule: TextRule, typed: str, stored: str) -> None:
    assert check_text(typed, rule) == stored


@pytest.mark.parametrize(("rule", "typed", "message"), REFUSED)
def test_refused_values_name_the_field_and_the_problem(
    rule: TextRule, typed: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        check_text(typed, rule)
    assert str(caught.value).startswith(message)


def test_a_500_character_title_is_refused_not_cut() -> None:
    with pytest.raises(InputError, match=r"^Title is 500 characters; the limit is 300$"):
        check_text("x" * 500, rules.STORY_TITLE)


def test_every_rule_is_listed_once_with_a_positive_limit() -> None:
    declared = [v for v in vars(rules).values() if isinstance(v, TextRule)]
    assert sorted(r.column for r in declared) == sorted(r.column for r in rules.RULES)
    assert len({r.column for r in rules.RULES}) == len(rules.RULES)
    assert all(r.limit > 0 for r in rules.RULES)


@given(st.text(), st.sampled_from(rules.RULES))
def test_an_accepted_value_is_clean_and_checking_it_again_keeps_it(
    typed: str, rule: TextRule
) -> None:
    try:
        stored = check_text(typed, rule)
    except InputError:
        return
    assert len(stored) <= rule.limit
    assert "\0" not in stored
    assert stored == stored.strip()
    assert check_text(stored, rule) == stored if stored else not rule.required
    stored.encode("utf-8")  # no lone surrogate: it can be stored
