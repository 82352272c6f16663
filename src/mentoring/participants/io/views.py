"""Coordinator pages to import participants from, and export them to, CSV or XLSX.

The import has two steps: the upload reads and checks the file as a whole and
keeps it, compressed, in the database (``io.pending``: any web process can
serve the next step; the browser holds only a random token); the preview page
checks every row and offers the confirmation only when no row has an error;
the confirmation checks again and imports everything in one transaction.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.accounts.models import User
from mentoring.participants.io.apply import (
    ImportConflictError,
    ImportInvalidError,
    participants_import,
)
from mentoring.participants.io.columns import COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES
from mentoring.participants.io.exporting import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    import_template,
    participants_csv_stream,
    participants_export,
)
from mentoring.participants.io.forms import ImportUploadForm
from mentoring.participants.io.pending import (
    pending_import_delete,
    pending_import_get,
    pending_import_store,
)
from mentoring.participants.io.reading import RawTable, decode_table
from mentoring.participants.io.validation import validate_table
from mentoring.programmes.models import Programme
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404

CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def _load_pending(
    request: HttpRequest, *, programme: Programme, token: str
) -> tuple[RawTable, str] | None:
    pending = pending_import_get(owner=cast(User, request.user), programme=programme, token=token)
    if pending is None:
        return None
    table = decode_table(pending.packed)
    if table is None:
        return None
    return table, pending.filename


def _download(content: bytes, *, file_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{filename}.{file_format}"
    )
    return response


@require_http_methods(["GET", "POST"])
@never_cache
@coordinator_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            token = pending_import_store(
                owner=cast(User, request.user),
                programme=programme,
                filename=form.cleaned_data["file"].name or "",
                packed=form.packed,
            )
            return redirect("participants_io:import_preview", slug=programme.slug, token=token)
    else:
        form = ImportUploadForm()
    return render(
        request,
        "participants/io/import.html",
        {
            "programme": programme,
            "form": form,
            "columns": COLUMNS,
            "max_size_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            "max_rows": number_format(MAX_ROWS, force_grouping=True),
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
@coordinator_required
def import_preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    pending = _load_pending(request, programme=programme, token=token)
    if pending is None:
        messages.warning(
            request,
            _("This import has expired or is already finished. Upload the file again."),
        )
        return redirect("participants_io:import", slug=programme.slug)
    table, filename = pending
    if request.method == "POST":
        return _confirm(request, programme=programme, table=table, token=token)
    preview = validate_table(programme=programme, table=table)
    return render(
        request,
        "participants/io/preview.html",
        {"programme": programme, "preview": preview, "filename": filename, "token": token},
    )


def _confirm(
    request: HttpRequest, *, programme: Programme, table: RawTable, token: str
) -> HttpResponse:
    action = request.POST.get("action")
    if action == "cancel":
        pending_import_delete(owner=cast(User, request.user), token=token)
        messages.info(request, _("The import was cancelled. Nothing was imported."))
        return redirect("participants_io:import", slug=programme.slug)
    if action != "confirm":
        return redirect("participants_io:import_preview", slug=programme.slug, token=token)
    try:
        result = participants_import(
            programme=programme, actor=cast(User, request.user), table=table
        )
    except ImportInvalidError:
        messages.error(
            request,
            _("Nothing was imported, because the file has errors. They are listed below."),
        )
        return redirect("participants_io:import_preview", slug=programme.slug, token=token)
    except ImportConflictError:
        messages.error(
            request,
            _(
                "Nothing was imported, because the participants changed while importing. "
                "Check the preview and try again."
            ),
        )
        return redirect("participants_io:import_preview", slug=programme.slug, token=token)
    pending_import_delete(owner=cast(User, request.user), token=token)
    messages.success(
        request,
        _(
            "The import is complete. Invited: %(invited)s, updated: %(updated)s, "
            "unchanged: %(unchanged)s. The invited people join when they accept "
            "the invitation they received by e-mail."
        )
        % {
            "invited": result.invited,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("programmes:detail", slug=programme.slug)


@require_GET
@coordinator_required
def import_template_csv(request: HttpRequest, slug: str) -> HttpResponse:
    coordinated_programme_or_404(user=request.user, slug=slug)
    return _download(
        import_template(file_format="csv"),
        file_format="csv",
        filename=slugify(_("participants-import-template")),
    )


@require_GET
@coordinator_required
def import_template_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    coordinated_programme_or_404(user=request.user, slug=slug)
    return _download(
        import_template(file_format="xlsx"),
        file_format="xlsx",
        filename=slugify(_("participants-import-template")),
    )


def _export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    name = slugify(_("participants"))
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        stream = participants_csv_stream(programme=programme, actor=cast(User, request.user))
        # The guards are typed for HttpResponse, which the streaming response stands in for.
        response = cast(HttpResponse, StreamingHttpResponse(stream, content_type=CSV_CONTENT_TYPE))
        response.headers["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{programme.slug}-{name}-{stamp}.csv"
        )
        return response
    content = participants_export(
        programme=programme, actor=cast(User, request.user), file_format=file_format
    )
    return _download(content, file_format=file_format, filename=f"{programme.slug}-{name}-{stamp}")


@require_GET
@never_cache
@coordinator_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "csv")


@require_GET
@never_cache
@coordinator_required
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "xlsx")
