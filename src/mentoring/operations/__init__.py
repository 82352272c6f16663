"""Operations: backup and restore with a manifest (``backups``, ``database``,
``crypto``), the erasure ledger re-applied after a restore (``ledger``),
``/healthz``, ``/readyz`` and ``/metrics`` (``views``, ``selectors``,
``metrics``, ``middleware``), the worker heartbeat and scheduled backups
(``tasks``, ``services``) and structured JSON logs (``jsonlog``)."""
