"""The upload form of the participant import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.participants.io.columns import MAX_ROWS, MAX_UPLOAD_BYTES
from mentoring.participants.io.reading import ImportFileError, RawTable, encode_table, read_table

ALLOWED_EXTENSIONS = ("csv", "txt", "xlsx")


class ImportUploadForm(forms.Form):
    """One file; cleaning reads and checks it as a whole (rows are checked on the
    preview page). After ``is_valid()``: ``table`` and ``packed`` (for the session)."""

    file = forms.FileField(
        label=gettext_lazy("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    table: RawTable
    packed: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)s MB and %(rows)s rows, with the columns of the template."
        ) % {
            "size": MAX_UPLOAD_BYTES // (1024 * 1024),
            "rows": number_format(MAX_ROWS, force_grouping=True),
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB. Split it into smaller files.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ALLOWED_EXTENSIONS:
            raise ValidationError(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            self.table = read_table(data=data, filename=name)
            self.packed = encode_table(self.table)
        except ImportFileError as exc:
            raise ValidationError(exc.messages) from exc
        return upload
