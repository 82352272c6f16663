"""Import participants into a programme from a CSV or XLSX file, and export
them to one.

The import has three steps, each usable on its own:

1. ``reading.read_table`` turns the uploaded bytes into a ``RawTable`` (the
   header and every cell as text) or raises ``ImportFileError`` for a file that
   cannot be read at all: wrong type, corrupt, too large, unknown or missing
   columns.
2. ``validation.validate_table`` checks every row against the database and
   returns an ``ImportPreview``: what each row will create or update, and every
   error with its row number (as in the file) and column.
3. ``apply.participants_import`` (the service) validates again and, only when
   no row has an error, creates and updates everything in one transaction.

Modules:

- ``columns``: ``COLUMNS`` (the columns, documented to coordinators: the import
  page, the XLSX template and ``docs/import.md`` show it), the values they
  accept and the limits on a file.
- ``reading``: ``read_table``, ``RawTable``, ``ImportFileError``; packing a
  table for storage (``encode_table``, ``decode_table``).
- ``pending``: the checked file waiting for confirmation (``PendingImport``).
- ``preview``: ``ImportPreview``, ``RowResult``, ``RowError``.
- ``validation``: ``validate_table``.
- ``apply``: ``participants_import``, ``ImportResult``, ``ImportInvalidError``,
  ``ImportConflictError``.
- ``exporting``: the export, with the same columns, so an export can be
  imported again; the import template.
- ``forms``, ``views``, ``urls``: the coordinator's pages (mounted under
  ``coordinate/<slug>/participants/``).
"""
