"""The API's views: ``resources`` (the endpoints under ``/api/v1/``), ``docs``
(the OpenAPI document and the reference page), ``tokens`` (the coordinator's
token pages under ``/coordinate/api-tokens/``)."""
