"""NUL bytes and lone surrogates in every text the app accepts: a clear error,
never a crash and never a stored value, on SQLite and on PostgreSQL alike.

PostgreSQL refuses to store NUL ("A string literal cannot contain NUL") and
neither database driver can encode a lone surrogate, so a value that slips
past validation is a 500 (or, on SQLite, a NUL quietly stored). Browsers send
a lone surrogate as U+FFFD, and Django decodes bytes that are not UTF-8 to
U+FFFD too, so the replacement character is refused as well: it means the text
was damaged on its way in.

Three levels: every form field of the project that takes text (walked over all
form modules), real POSTs to pages that store text (including the erasure
decline reason, which used to be read from request.POST unvalidated), and the
services those pages call.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from urllib.parse import quote

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

import mentoring
from mentoring.accounts.models import User
from mentoring.accounts.services import user_update_profile
from mentoring.participants.models import Participation
from mentoring.privacy.enums import ErasureStatus
from mentoring.privacy.services import ErasureError, erasure_decline, erasure_request
from mentoring.programmes.models import Programme
from tests.factories import UserFactory
from tests.participants.conftest import apply_url, mentee_post, open_window
from tests.programmes.helpers import form_data

NUL = "\x00"
SURROGATE = "\ud800"
REPLACEMENT = "\ufffd"
BAD = [f"Hej{NUL}verden", f"Hej{SURROGATE}verden", f"Hej{REPLACEMENT}verden"]
BAD_IDS = ["nul", "surrogate", "replacement"]
UNREADABLE_DA = "Teksten indeholder et tegn, som ikke kan læses"
NUL_DA = "Null-tegn er ikke tilladte."


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's ``forms``/``io_forms`` modules."""
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(mentoring.__path__, "mentoring."):
        name = module_info.name
        if not any(part in {"forms", "io_forms"} for part in name.split(".")):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__name__}"] = value
    return [found[key] for key in sorted(found)]


def text_fields() -> list[tuple[str, forms.Field]]:
    fields = []
    for form_class in project_form_classes():
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField):
                fields.append(
                    (f"{form_class.__module__}.{form_class.__name__}.{field_name}", field)
                )
    return fields


TEXT_FIELDS = text_fields()


def test_the_walk_finds_the_forms_of_every_app() -> None:
    modules = {form.__module__.split(".")[1] for form in project_form_classes()}
    assert {"accounts", "participants", "meetings", "relationships", "privacy"} <= modules
    assert len(TEXT_FIELDS) > 40


@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
@pytest.mark.parametrize(("name", "field"), TEXT_FIELDS, ids=[name for name, _f in TEXT_FIELDS])
def test_every_text_field_of_every_form_refuses_the_character(
    name: str, field: forms.Field, value: str
) -> None:
    with pytest.raises(ValidationError):
        field.clean(value)


@pytest.mark.parametrize("value", [SURROGATE, REPLACEMENT], ids=BAD_IDS[1:])
def test_a_text_field_made_at_run_time_refuses_it_too(value: str) -> None:
    """Forms that build their fields in __init__ (survey questions, goals) get
    the same rule: it is on Django's CharField, not on a list of forms."""
    for field in (
        forms.CharField(),
        forms.CharField(widget=forms.Textarea),
        forms.RegexField(".*"),
    ):
        with translation.override("da"):
            with pytest.raises(ValidationError) as error:
                field.clean(f"a{value}b")
            assert UNREADABLE_DA in error.value.messages[0]
    assert forms.CharField(required=False).clean("Blåbærgrød og ½ liter mælk 😀") == (
        "Blåbærgrød og ½ liter mælk 😀"
    )


# --- Real requests --------------------------------------------------------------------


def raw_post(client: Client, url: str, data: dict[str, str | list[str]]):
    """POST ``data`` form-encoded as a client could send it: a lone surrogate
    goes out as its (invalid) UTF-8 bytes, which no browser would send."""
    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append(f"{quote(key)}={quote(item.encode('utf-8', 'surrogatepass'))}")
    return client.post(url, "&".join(pairs), content_type="application/x-www-form-urlencoded")


def assert_clear_error(html: str, value: str) -> None:
    expected = NUL_DA if NUL in value else UNREADABLE_DA
    assert expected in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
def test_the_profile_page_refuses_it_and_keeps_the_name(user: User, value: str) -> None:
    client = Client()
    client.force_login(user)

    response = raw_post(client, reverse("accounts:profile"), {"full_name": value, "language": "da"})

    assert response.status_code == 200
    assert_clear_error(response.content.decode(), value)
    user.refresh_from_db()
    assert user.full_name == "Ulla Bruger"


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
def test_an_application_with_it_is_refused_and_not_stored(programme: Programme, value: str) -> None:
    open_window(programme)
    applicant = UserFactory(email="applicant@example.org", language="da")
    client = Client()
    client.force_login(applicant)

    response = raw_post(client, apply_url(programme, "mentee"), mentee_post(motivation=value))

    assert response.status_code == 200
    assert_clear_error(response.content.decode(), value)
    assert not Participation.objects.filter(user=applicant).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
def test_a_new_programme_with_it_is_refused_and_not_stored(
    programme: Programme, coordinator: User, value: str
) -> None:
    client = Client()
    client.force_login(coordinator)

    response = raw_post(client, reverse("programmes:create"), form_data(description_da=value))

    assert response.status_code == 200
    assert_clear_error(response.content.decode(), value)
    assert not Programme.objects.filter(name_da="Mentorordning 2030").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
def test_an_erasure_decline_reason_with_it_is_refused(
    programme: Programme, coordinator: User, mentee: User, value: str
) -> None:
    pending = erasure_request(user=mentee).request
    client = Client()
    client.force_login(coordinator)

    response = raw_post(
        client, reverse("privacy:erasure_decline", args=[pending.pk]), {"reason": value}
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert_clear_error(page, value)
    pending.refresh_from_db()
    assert pending.status == ErasureStatus.PENDING
    assert pending.declined_reason == ""


# --- The services behind those pages --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD, ids=BAD_IDS)
def test_the_services_refuse_it_without_the_form(
    programme: Programme, coordinator: User, mentee: User, user: User, value: str
) -> None:
    pending = erasure_request(user=mentee).request
    with pytest.raises(ErasureError):
        erasure_decline(request=pending, by=coordinator, reason=value)
    pending.refresh_from_db()
    assert pending.status == ErasureStatus.PENDING

    with pytest.raises(ValidationError):
        user_update_profile(user=user, full_name=value, language="da")
    user.refresh_from_db()
    assert user.full_name == "Ulla Bruger"


# --- NUL in the address -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_in_the_address_is_a_clear_bad_request_on_every_database(
    settings, programme: Programme, coordinator: User
) -> None:
    """Addresses are read, not stored, but a NUL in a path or query parameter
    that reaches a query is a 500 on PostgreSQL (and a 404 on SQLite)."""
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    compare = reverse("reports:compare", args=[programme.slug])
    addresses = [
        f"{compare}?with=a%00b",  # a slug looked up in the database
        "/calendar/a%00b.ics",  # a calendar token (the <str:> converter)
        "/?next=%00",
        "/%00/",
    ]
    for address in addresses:
        response = client.get(address)

        assert response.status_code == 400, address
        html = response.content.decode()
        assert "Forespørgslen kunne ikke forstås" in html, address
        assert 'class="skip-link"' in html  # our layout
    english = Client(HTTP_COOKIE="mentoring_language=en").get("/?q=%00")
    assert "The request could not be understood" in english.content.decode()
