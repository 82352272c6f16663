"""Two-factor authentication: activation, the coordinator requirement, login
with a TOTP code and with recovery codes."""

from __future__ import annotations

import base64

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as CaptureOnCommit

from mentoring.accounts.models import User
from mentoring.accounts.selectors import user_has_mfa
from mentoring.common.models import AuditEntry
from tests.accounts.helpers import Page, is_signed_in, log_in, reauthenticate, wrong_totp_code
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory, activate_totp

pytestmark = pytest.mark.django_db

INCORRECT_CODE_DA = "Forkert kode."
MFA_REQUIRED_DA = "Koordinatorer skal beskytte deres konto med to-faktor-godkendelse."


def open_activation(client: Client) -> str:
    """Open the TOTP activation page (confirming the password on the way);
    return the secret it shows."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and response["Location"].startswith(
        reverse("account_reauthenticate")
    ):
        activate_url = reverse("mfa_activate_totp")
        assert reauthenticate(client, next_url=activate_url)["Location"] == activate_url
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    page = Page.parse(response)
    (secret_input,) = page.find("input", id="authenticator_secret")
    assert "readonly" in secret_input.attrs
    (qr,) = [img for img in page.find("img") if str(img.attrs["src"]).startswith("data:")]
    assert str(qr.attrs["src"]).startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(str(qr.attrs["src"]).split(",", 1)[1]).lstrip().startswith(b"<")
    assert qr.attrs["alt"] == "QR-kode til din godkendelsesapp"
    return str(secret_input.attrs["value"])


# allauth sends its signal, message and notification mail after commit: run
# this one with real transactions so that they happen inside the request.
@pytest.mark.django_db(transaction=True)
def test_activating_totp_with_a_real_code_turns_mfa_on(user: User) -> None:
    client = Client()
    log_in(client, user.email)

    secret = open_activation(client)
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert user_has_mfa(user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    added = AuditEntry.objects.filter(action="mfa.added", actor=user)
    assert {entry.data["type"] for entry in added} >= {"totp"}
    codes_page = client.get(response["Location"]).content.decode()
    assert "To-faktor-godkendelse er nu slået til." in codes_page
    assert codes_page.count("<li><code>") == 10


def test_a_wrong_activation_code_is_refused_clearly(user: User) -> None:
    client = Client()
    log_in(client, user.email)
    secret = open_activation(client)

    response = client.post(reverse("mfa_activate_totp"), {"code": wrong_totp_code(secret)})

    assert response.status_code == 200
    assert INCORRECT_CODE_DA in response.content.decode()
    (code_input,) = Page.parse(response).find("input", name="code")
    assert code_input.attrs["aria-invalid"] == "true"
    assert code_input.attrs["aria-describedby"] == "id_code_error"
    assert not user_has_mfa(user)


def test_a_coordinator_without_mfa_is_sent_to_set_it_up_first() -> None:
    person = UserFactory(email="ny.koordinator@example.org")
    ProgrammeFactory(slug="programme-x", name_da="Mentorordning X", coordinators=[person])
    client = Client()
    log_in(client, person.email)

    response = client.get(reverse("programmes:list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    shown = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert MFA_REQUIRED_DA in shown

    secret = open_activation(client)
    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    assert "Mentorordning X" in response.content.decode()


def test_login_with_totp_asks_for_the_code_and_refuses_a_wrong_one() -> None:
    person = UserFactory(email="totp@example.org")
    secret = activate_totp(person)
    client = Client()

    response = log_in(client, person.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    page = client.get(reverse("mfa_authenticate"))
    assert "Skriv den sekscifrede kode fra din godkendelsesapp" in page.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": wrong_totp_code(secret)})
    assert response.status_code == 200
    assert INCORRECT_CODE_DA in response.content.decode()
    assert not is_signed_in(client)
    assert not AuditEntry.objects.filter(action="account.login").exists()

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)
    assert AuditEntry.objects.filter(action="account.login", actor=person).exists()


def test_a_totp_code_cannot_be_used_twice() -> None:
    person = UserFactory(email="totp@example.org")
    secret = activate_totp(person)
    code = pyotp.TOTP(secret).now()
    first = Client()
    log_in(first, person.email)
    assert first.post(reverse("mfa_authenticate"), {"code": code})["Location"] == reverse("home")

    second = Client()
    log_in(second, person.email)
    response = second.post(reverse("mfa_authenticate"), {"code": code})

    assert INCORRECT_CODE_DA in response.content.decode()
    assert not is_signed_in(second)


def test_a_recovery_code_signs_in_once_only() -> None:
    person = UserFactory(email="recovery@example.org")
    activate_totp(person)
    codes = RecoveryCodes.activate(person).generate_codes()
    client = Client()

    log_in(client, person.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)
    client.post(reverse("account_logout"))

    log_in(client, person.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert INCORRECT_CODE_DA in response.content.decode()
    assert not is_signed_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert response["Location"] == reverse("home")
    rc = Authenticator.objects.get(user=person, type=Authenticator.Type.RECOVERY_CODES)
    assert len(rc.wrap().get_unused_codes()) == len(codes) - 2


def test_a_coordinator_cannot_turn_totp_off(
    coordinator: User, programme: object, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    client = Client()
    client.force_login(coordinator)
    reauthenticate(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Koordinatorer og administratorer skal have to-faktor-godkendelse slået til." in html
    assert user_has_mfa(coordinator)
    assert not AuditEntry.objects.filter(action="mfa.removed").exists()
    assert client.get(reverse("programmes:list")).status_code == 200


def test_a_member_without_a_role_can_turn_totp_off_and_it_is_audited(
    user: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    activate_totp(user)
    client = Client()
    client.force_login(user)
    reauthenticate(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))

    assert response["Location"] == reverse("mfa_index")
    assert not user_has_mfa(user)
    assert AuditEntry.objects.filter(action="mfa.removed", actor=user).exists()


def test_a_wrong_mfa_code_at_login_is_audited(user: User) -> None:
    secret = activate_totp(user)
    client = Client()
    assert log_in(client, user.email, PASSWORD)["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": wrong_totp_code(secret)})
    entry = AuditEntry.objects.get(action="mfa.failed")
    assert entry.object_id == str(user.pk)
    assert entry.actor is None
