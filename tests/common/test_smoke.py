import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_is_danish_by_default() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()
