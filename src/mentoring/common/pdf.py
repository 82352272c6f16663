"""PDF rendering shared by the agreement and the programme report: WeasyPrint
with the house base style sheet (``common/pdf_base.css``: A4, DejaVu Sans
for æ, ø and å, a running title at the top and page numbers at the bottom)
followed by the document's own style sheet. WeasyPrint fetches nothing:
every URL in the document is refused, so a PDF is built from its template
and style sheets alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BASE_CSS = Path(__file__).resolve().parent / "static" / "common" / "pdf_base.css"
#: Times in PDFs are shown in Danish time.
PDF_TIME_ZONE = "Europe/Copenhagen"


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"A PDF loads no resources ({url!r} refused).")


def layout_pdf(html: str, *, stylesheet: Path) -> Any:
    """``html`` laid out in pages (a WeasyPrint ``Document``; its
    ``write_pdf()`` gives the bytes): the first half of ``render_pdf``, for a
    caller that reports progress between the two."""
    # Imported here: WeasyPrint loads Pango and fonts, which only PDFs need.
    from weasyprint import CSS, HTML

    document = HTML(string=html, url_fetcher=_refuse, base_url=None)
    sheets = [CSS(filename=str(BASE_CSS)), CSS(filename=str(stylesheet))]
    return document.render(stylesheets=sheets)


def render_pdf(html: str, *, stylesheet: Path) -> bytes:
    """``html`` as PDF bytes, styled by the base style sheet and ``stylesheet``."""
    return bytes(layout_pdf(html, stylesheet=stylesheet).write_pdf())
