"""Language and formats (issue 17, point 6).

- English pages write dates day-month-year and times on the 24-hour clock
  (``common/formats/en/formats.py``); a walk over the main pages in both
  languages fails on an American date, "a.m."/"p.m.", or two numeric date
  styles on one page;
- number fields show "3" and "3.5" (the browser writes "3,5" in Danish),
  never "3.0";
- one Danish spelling of the method's terms;
- allauth's Danish texts say "e-mail" like the rest of the product.
"""

from __future__ import annotations

import glob
import html as htmllib
import re
from datetime import datetime, timedelta
from pathlib import Path

import allauth
import polib
import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from mentoring.common.forms import TidyNumberInput
from tests.conftest import logged_in_client
from tests.evaluations.helpers import invited
from tests.meetings.test_meetings import make_pair, plan

pytestmark = pytest.mark.django_db

MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_FIRST = re.compile(
    rf"\b(?:{MONTHS_EN}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?)\s+\d{{1,2}},\s+\d{{4}}"
)
TWELVE_HOUR = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|AM|PM)(?!\w)|\bnoon\b|\bmidnight\b"
)
NUMERIC_DATE = re.compile(r"\b(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})\b")


def visible_text(page: str) -> str:
    """The page's text as a reader sees it (no tags, attributes or scripts)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def date_styles(text: str) -> set[str]:
    styles = set()
    for match in NUMERIC_DATE.finditer(text):
        first, sep, _middle, last = match.groups()
        if len(first) == 4:
            styles.add("iso")
        elif len(last) in (2, 4):
            styles.add({"/": "d/m/y", ".": "d.m.y", "-": "d-m-y"}[sep])
    return styles


def assert_one_date_style(url: str, page: str, language: str) -> None:
    text = visible_text(page)
    if language == "en":
        assert not MONTH_FIRST.search(text), (url, MONTH_FIRST.search(text))
        assert not TWELVE_HOUR.search(text), (url, TWELVE_HOUR.search(text))
    else:
        assert not re.search(rf"\b(?:{MONTHS_EN})\b", text), url
    styles = date_styles(text)
    assert len(styles) <= 1, (url, language, styles)


def test_the_english_formats_are_day_month_year_and_24_hours() -> None:
    moment = timezone.make_aware(datetime(2026, 7, 12, 13, 27))
    with translation.override("en"):
        assert formats.date_format(moment, "DATE_FORMAT") == "12 July 2026"
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "12/07/2026"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "12/07/2026 13:27"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "12 July 2026, 13:27"
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "13:27"
    with translation.override("da"):
        assert formats.date_format(moment, "DATE_FORMAT") == "12. juli 2026"
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "13:27"


def test_the_main_pages_use_one_date_format_in_each_language(programme, coordinator) -> None:
    pair = make_pair(programme, language="da")
    meeting = plan(pair, timezone.now() + timedelta(days=1, hours=13))  # an afternoon
    plan(pair, timezone.now() - timedelta(days=20, hours=-4), held=True)
    invited(pair)
    person_pages = [
        "/",
        reverse("relationships:pair", args=[pair.pk]),
        reverse("relationships:my_matches"),
        reverse("relationships:match", args=[pair.pk]),
        reverse("meetings:list", args=[pair.pk]),
        reverse("meetings:detail", args=[pair.pk, meeting.pk]),
        reverse("meetings:goals", args=[pair.pk]),
        reverse("relationships:agreement", args=[pair.pk]),
        reverse("evaluations:mine"),
        reverse("participants:my_applications"),
        reverse("accounts:profile"),
    ]
    coordinator_pages = [
        reverse("programmes:detail", args=[programme.slug]),
        reverse("participants:list", args=[programme.slug]),
        reverse("relationships:coordinate_pairs", args=[programme.slug]),
        reverse("meetings:coordinate", args=[programme.slug]),
        reverse("matching:home", args=[programme.slug]),
    ]
    walked = 0
    for language in ("da", "en"):
        for person, urls in ((pair.mentee.user, person_pages), (coordinator, coordinator_pages)):
            person.language = language
            person.save(update_fields=["language"])
            client = logged_in_client(person)
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                assert_one_date_style(url, response.content.decode(), language)
                walked += 1
    assert walked == 2 * (len(person_pages) + len(coordinator_pages))


def test_the_walk_would_catch_an_american_date() -> None:
    with pytest.raises(AssertionError):
        assert_one_date_style("x", "<p>December 7, 2026, 1:27 p.m.</p>", "en")
    with pytest.raises(AssertionError):
        assert_one_date_style("x", "<p>07/12/2026</p><p>7.12.2026</p>", "da")
    assert_one_date_style("x", '<p>07/12/2026 13:27</p><input value="2026-12-07">', "en")


def test_number_fields_show_3_and_3_5() -> None:
    class Form(forms.Form):
        weight = forms.FloatField(widget=TidyNumberInput())

    assert 'value="3"' in str(Form(initial={"weight": 3.0})["weight"])
    assert 'value="3.5"' in str(Form(initial={"weight": 3.5})["weight"])
    assert 'value="0.3"' in str(Form(initial={"weight": 0.1 + 0.2})["weight"])
    assert 'value="0"' in str(Form(initial={"weight": 0.0})["weight"])


def test_the_matching_settings_show_tidy_numbers(programme, coordinator) -> None:
    page = (
        logged_in_client(coordinator)
        .get(reverse("matching:home", args=[programme.slug]))
        .content.decode()
    )
    values = re.findall(r'type="number"[^>]*value="([^"]*)"', page)
    assert values, "the matching settings have number fields"
    assert not [v for v in values if v.endswith(".0")], values


CATALOGUES = sorted(
    glob.glob(str(Path(__file__).parents[2] / "src/mentoring/*/locale/da/LC_MESSAGES/django.po"))
)


def test_one_danish_spelling_of_the_methods_terms() -> None:
    wrong = re.compile(r"Mentors Mange Roller|Mentorens mange roller|[Mm]atchning")
    found = [
        (Path(path).parts[-5], entry.msgid[:60])
        for path in CATALOGUES
        for entry in polib.pofile(path)
        if wrong.search(entry.msgstr) or any(wrong.search(v) for v in entry.msgstr_plural.values())
    ]
    assert not found, found


BARE_EMAIL = re.compile(r"(?<![{(\w-])[Ee]mail|(?<=[a-zæøå])email")


def test_allauths_danish_texts_say_e_mail() -> None:
    """Every allauth msgid whose Danish says "email" has our wording; fails
    when an allauth upgrade brings a new one (then add it to
    ``accounts/allauth_wording.py``, run ``make messages`` and translate)."""
    catalogue = Path(allauth.__file__).parent / "locale/da/LC_MESSAGES/django.po"
    checked = 0
    with translation.override("da"):
        for entry in polib.pofile(str(catalogue)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            if entry.obsolete or not any(BARE_EMAIL.search(t) for t in texts if t):
                continue
            if entry.msgid_plural:
                ours = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            elif entry.msgctxt:
                ours = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                ours = translation.gettext(entry.msgid)
            assert not BARE_EMAIL.search(ours), (entry.msgid, ours)
            checked += 1
    assert checked > 30


def test_the_danish_login_page_says_e_mail() -> None:
    page = Client().get(reverse("account_login")).content.decode()
    text = visible_text(page)
    assert "E-mail" in text or "e-mail" in text
    assert not BARE_EMAIL.search(text), BARE_EMAIL.search(text)
