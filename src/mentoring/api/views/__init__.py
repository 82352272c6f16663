"""The API's views: ``resources`` (programmes, participants, matching,
mentorships, meetings under ``/api/v1/``), ``results`` (dashboard, evaluation
aggregates, audit log), ``base`` (what every endpoint shares), ``docs`` (the
OpenAPI document and the reference page), ``tokens`` (the coordinator's token
pages under ``/coordinate/api-tokens/``)."""
