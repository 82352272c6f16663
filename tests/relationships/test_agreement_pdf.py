"""The agreement as a PDF: rendered by WeasyPrint, read back with pdftotext
(poppler-utils) to check the text a reader gets: the title in their
language, æøå in the names, the version, every topic and both acceptances
with Danish times; a draft is marked as such on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse

from mentoring.relationships.enums import Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.agreement import agreement_save
from tests.conftest import logged_in_client
from tests.relationships.test_agreement_support import pair_in, values

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")
requires_poppler = pytest.mark.skipif(
    PDFTOTEXT is None,
    reason="pdftotext is missing: scripts/ensure-system-deps.sh test installs poppler-utils",
)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [str(PDFTOTEXT), "-layout", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def accepted(programme) -> tuple[Mentorship, AgreementVersion]:
    """Version 1, accepted by the mentee at 09:15 and the mentor at 14:30
    Danish summer time (07:15 and 12:30 UTC)."""
    mentorship = pair_in(programme)
    version = agreement_save(
        mentorship=mentorship,
        side=Side.MENTEE,
        values=values(),
        expected_number=None,
        expected_revision=None,
    ).version
    AgreementVersion.objects.filter(pk=version.pk).update(
        mentee_accepted_at=datetime(2030, 6, 3, 7, 15, tzinfo=UTC),
        mentor_accepted_at=datetime(2030, 6, 4, 12, 30, tzinfo=UTC),
        accepted_at=datetime(2030, 6, 4, 12, 30, tzinfo=UTC),
    )
    version.refresh_from_db()
    return mentorship, version


@requires_poppler
def test_the_accepted_agreement_in_danish(accepted, tmp_path) -> None:
    mentorship, _version = accepted
    client = logged_in_client(mentorship.mentor.user)
    response = client.get(reverse("relationships:agreement_pdf", args=[mentorship.pk, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="samarbejdsaftale-v1.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = flat(pdf_text(response.content, tmp_path))
    assert "Samarbejdsaftale" in text
    assert "MENTORORDNING A" in text  # the programme, in small capitals
    assert "Version 1" in text
    assert "Søren Ærø, Aabenraa Kommune" in text
    assert "Åse Østergård, Novo Nordisk" in text
    for heading in (
        "1. Møder og periode",
        "2. Hvor vi mødes",
        "3. Roller og mål",
        "4. Fortrolighed",
        "5. Samarbejdsformen",
        "6. Hjemmearbejde",
        "7. Kontakt mellem møderne",
        "8. Flytning og aflysning af møder",
        "9. Retten til at trække sig",
        "10. Midtvejsevaluering",
        "11. Afslutning og evaluering",
    ):
        assert heading in text
    assert "Søren Ærø forbereder dagsordenen" in text
    assert "Skiftevis hos Novo Nordisk og på rådhuset i Aabenraa." in text
    assert "Sparringspartner" in text
    assert "Lede forandring efter fusionen" in text
    assert "1. februar 2030" in text
    # Both acceptances, in Danish time (CEST = UTC+2).
    assert "Mentee: Søren Ærø Accepteret 3. juni 2030 09:15" in text
    assert "Mentor: Åse Østergård Accepteret 4. juni 2030 14:30" in text
    assert "Udkast" not in text
    # Page numbers in the footer.
    assert re.search(r"\b1 ?/ ?[23]\b", text)


@requires_poppler
def test_the_agreement_in_english_for_an_english_reader(accepted, tmp_path) -> None:
    mentorship, _version = accepted
    mentorship.mentee.user.language = "en"
    mentorship.mentee.user.save(update_fields=["language"])
    client = logged_in_client(mentorship.mentee.user)
    response = client.get(reverse("relationships:agreement_pdf", args=[mentorship.pk, 1]))
    assert response["Content-Disposition"] == (
        'attachment; filename="collaboration-agreement-v1.pdf"'
    )
    text = flat(pdf_text(response.content, tmp_path))
    assert "Collaboration agreement" in text
    assert "1. Meetings and period" in text
    assert "Mentee: Søren Ærø Accepted on 3 June 2030, 09:15" in text
    assert "Mentor: Åse Østergård Accepted on 4 June 2030, 14:30" in text


@requires_poppler
def test_a_draft_is_clearly_marked_on_every_page(programme, tmp_path) -> None:
    mentorship = pair_in(programme)
    version = agreement_save(
        mentorship=mentorship,
        side=Side.MENTEE,
        values=values(homework="Lang tekst. " * 300),
        expected_number=None,
        expected_revision=None,
    ).version
    client = logged_in_client(mentorship.mentee.user)
    response = client.get(
        reverse("relationships:agreement_pdf", args=[mentorship.pk, version.number])
    )
    pages = pdf_text(response.content, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    first = flat(pages[0])
    assert "Udkast, ikke accepteret" in first
    assert "Denne version er ikke accepteret af jer begge" in first
    for page in pages[1:]:
        assert "Samarbejdsaftale, version 1 · Udkast, ikke accepteret" in flat(page)
    assert "Ikke accepteret endnu" in flat(pages[-1])


def test_the_pdf_escapes_what_the_pair_wrote(accepted) -> None:
    from mentoring.relationships.pdf import render_agreement_html

    mentorship, version = accepted
    version.places = '<img src="https://example.org/x.png"> <a href="file:///etc/passwd">x</a>'
    html = render_agreement_html(mentorship=mentorship, version=version)
    assert "<img" not in html and "&lt;img src=" in html
