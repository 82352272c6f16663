import os, statistics, time
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from mentoring.accounts.models import User
from mentoring.demo.management.commands.seed_demo import seed_demo
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

def test_measure():
    seed_demo()
    c = User.objects.get(email="koordinator@example.dk")
    me = User.objects.get(email="mentee@example.dk")
    mo = User.objects.get(email="mentor@example.dk")
    prog = Programme.objects.filter(coordinators=c).first()
    pair = Mentorship.objects.filter(mentee__user=me).first()
    pages = [
        ("home", "mentee", me, reverse("home")),
        ("home", "mentor", mo, reverse("home")),
        ("home", "coordinator", c, reverse("home")),
        ("programmes:detail", "coordinator", c, reverse("programmes:detail", args=[prog.slug])),
        ("relationships:pair", "mentee", me, reverse("relationships:pair", args=[pair.pk])),
        ("relationships:pair", "mentor", mo, reverse("relationships:pair", args=[pair.pk])),
    ]
    out = []
    for name, role, who, url in pages:
        client = logged_in_client(who)
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        nq = len(q.captured_queries)
        times = []
        for _ in range(9):
            t = time.perf_counter(); r = client.get(url); times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        out.append(f"{name:22} {role:12} queries={nq:3} median_ms={statistics.median(times):7.1f} min_ms={min(times):6.1f}")
    out.append("loadavg " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("\nRESULT\n" + "\n".join(out))
