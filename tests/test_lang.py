"""The two message catalogues: the same keys, the same fields, and lookups that fail clearly."""
import pytest

from cnnbook import lang


def test_both_catalogues_have_the_same_keys():
    he, en = lang.catalogue("he"), lang.catalogue("en")
    assert sorted(set(he) - set(en)) == [], "keys missing from messages/en.toml"
    assert sorted(set(en) - set(he)) == [], "keys missing from messages/he.toml"


def test_every_message_has_the_same_fields_in_both_languages():
    he, en = lang.catalogue("he"), lang.catalogue("en")
    differ = {k: (lang.fields(he[k]), lang.fields(en[k])) for k in he if k in en and lang.fields(he[k]) != lang.fields(en[k])}
    assert differ == {}


def test_no_message_is_empty_and_lists_have_the_same_length():
    he, en = lang.catalogue("he"), lang.catalogue("en")
    for key in he:
        for table in (he, en):
            value = table[key]
            assert value if isinstance(value, str) else all(value), f"{key} is empty"
        if isinstance(he[key], list):
            assert len(he[key]) == len(en[key]), key


def test_hebrew_messages_are_hebrew_and_english_ones_are_not():
    he, en = lang.catalogue("he"), lang.catalogue("en")
    hebrew = lambda s: any("\u0590" <= ch <= "\u05ff" for ch in (s if isinstance(s, str) else "".join(s)))
    assert [k for k, v in en.items() if hebrew(v)] == []
    # Hebrew keys that are all symbols, numbers or names (no words) are fine in both.
    assert sum(hebrew(v) for v in he.values()) >= len(he) // 2


def test_msg_fills_fields_and_follows_the_language_in_use():
    assert lang.msg("words.list_and", "en", rest="1, 2", last="3") == "1, 2 and 3"
    with lang.using("en"):
        assert lang.language() == "en"
        assert lang.join_and([1, 2, 3]) == "1, 2 and 3"
        assert lang.direction() == "ltr"
    assert lang.language() == "he"
    assert lang.join_and([1, 2]) == "1 ו־2"
    assert lang.direction() == "rtl"


def test_bad_language_and_unknown_key_say_what_is_valid():
    with pytest.raises(ValueError, match=r"lang must be one of 'he', 'en', got 'fr'"):
        lang.set_language("fr")
    with pytest.raises(KeyError, match="no message 'nope.nothing' in the 'en' catalogue"):
        lang.msg("nope.nothing", "en")
    assert lang.language() == "he"


@pytest.mark.parametrize("text, runs", [
    ("בכל ציר ⌊(n − k)/s⌋ + 1, ומספר הערוצים לא משתנה.", ["⌊(n − k)/s⌋ + 1"]),
    ("y[0, 1] = Σ_u Σ_v X[u, 1 + v]·w[u, v]: החלון", ["y[0, 1] = Σ_u Σ_v X[u, 1 + v]·w[u, v]"]),
    ("C5 נותנת 120×1×1.", ["C5", "120×1×1"]),
    ("קלט בצורה (6, 27, 27), איגום", ["(6, 27, 27)"]),
    # brackets that close only after Hebrew words: the balanced comma groups, nothing else
    ("C1 (K = 5, p = 0), S2 (2, צעד 2), C3 (K = 5).", ["C1 (K = 5, p = 0)", "C3 (K = 5)"]),
    ("הצורה היא (ערוצים, גובה, רוחב), כמו ב־PyTorch.", ["PyTorch"]),
    ("אורך 28 ועוד 4.", []),  # plain numbers need no help
    ("", []),
])
def test_ltr_runs_finds_the_formulas_of_a_hebrew_sentence(text, runs):
    pieces = lang.ltr_runs(text)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, ltr in pieces if ltr] == runs


def test_every_hebrew_message_splits_back_into_itself():
    for key, text in lang.catalogue("he").items():
        for t in text if isinstance(text, list) else [text]:
            assert "".join(piece for piece, _ in lang.ltr_runs(t)) == t, key
