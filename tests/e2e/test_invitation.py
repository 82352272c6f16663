"""Journey (issues 16.8 and 18.3): a person named in a coordinator's import
gets an invitation mail, chooses a password through its link (which also
verifies the address), logs in without a verification detour and finds the
programme among their applications."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from mentoring.common.models import OutboxMessage
from mentoring.participants.io.apply import participants_import
from mentoring.participants.io.reading import read_table
from mentoring.participants.models import Participation
from tests.e2e.helpers import expect_signed_in, fill_login, submit
from tests.e2e.test_applications import NAME_DA, open_programme
from tests.factories import UserFactory

EMAIL = "importeret@example.org"
NEW_PASSWORD = "Mentorforloeb-i-HR-2025!"


def test_an_imported_person_accepts_the_invitation_and_logs_in(live_server, page: Page) -> None:
    base = live_server.url
    coordinator = UserFactory(email="koordinator@example.org")
    programme = open_programme(coordinator)
    csv = f"email;full_name;role;status\r\n{EMAIL};Ida Importeret;mentee;accepted\r\n"
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv.encode(), filename="p.csv"),
    )
    message = OutboxMessage.objects.get(to_email=EMAIL)
    found = re.search(r"https?://[^/\s]+(/invitation/[^/\s]+/)", message.body_text)
    assert found, message.body_text

    page.goto(f"{base}{found[1]}")
    expect(page.locator("main h1")).to_contain_text(NAME_DA)
    page.fill("main input[name=new_password1]", NEW_PASSWORD)
    page.fill("main input[name=new_password2]", NEW_PASSWORD)
    submit(page, "new_password1")

    expect(page.locator("main input[name=login]")).to_be_visible()
    assert EmailAddress.objects.get(email=EMAIL).verified
    fill_login(page, EMAIL, NEW_PASSWORD)
    expect_signed_in(page, base)
    expect(page).to_have_url(f"{base}/me/applications/")
    expect(page.locator("main")).to_contain_text(NAME_DA)
    assert Participation.objects.get(user__email=EMAIL).status == "accepted"
