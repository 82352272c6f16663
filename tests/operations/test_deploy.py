"""The deployment files in deploy/ are what the project ships, so they are
checked: the environment template lists every variable the settings read,
nginx accepts the reverse-proxy example (``nginx -t``), and systemd accepts
the units (``systemd-analyze verify``)."""

from __future__ import annotations

import datetime
import ipaddress
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTINGS = [ROOT / "src/mentoring/settings.py", ROOT / "src/mentoring/settings_test.py"]
READ = re.compile(r'(?:os\.environ\.get|os\.environ\[|os\.getenv|env_bool|env_list)\(?\s*"(\w+)"')
#: Variables in the template that settings.py does not read itself.
NOT_IN_SETTINGS = {"PROMETHEUS_MULTIPROC_DIR"}


def _template_names() -> set[str]:
    text = (DEPLOY / "mentoring.env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_the_environment_template_lists_every_variable_the_settings_read() -> None:
    read = {name for path in SETTINGS for name in READ.findall(path.read_text())}
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "MENTORING_BACKUP_KEY"} <= read
    listed = _template_names()
    missing = sorted(read - listed)
    assert not missing, f"Add to deploy/mentoring.env.example: {missing}"
    unknown = sorted(listed - read - NOT_IN_SETTINGS)
    assert not unknown, f"deploy/mentoring.env.example lists variables nobody reads: {unknown}"


def test_the_systemd_units_restart_always_and_use_the_shipped_files() -> None:
    web = (DEPLOY / "systemd/mentoring-web.service").read_text()
    worker = (DEPLOY / "systemd/mentoring-worker.service").read_text()
    for unit in (web, worker):
        assert "\nRestart=always\n" in unit
        assert "EnvironmentFile=/etc/mentoring/mentoring.env" in unit
    assert "--config /opt/mentoring/deploy/gunicorn.conf.py" in web
    assert "PROMETHEUS_MULTIPROC_DIR=" in web
    assert "manage.py worker" in worker


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mentor.example.org")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("mentor.example.org"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed (scripts/ensure-system-deps.sh test installs it)",
)
def test_nginx_accepts_the_reverse_proxy_example(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    site = (DEPLOY / "nginx/mentoring.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    site = site.replace("/etc/letsencrypt/live/mentor.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/mentor.example.org/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(  # noqa: S603
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed"
)
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    # The units as installed: the code in /opt/mentoring is this checkout.
    for name in ("mentoring-web.service", "mentoring-worker.service"):
        unit = (DEPLOY / "systemd" / name).read_text().replace("/opt/mentoring", str(ROOT))
        (tmp_path / name).write_text(unit)
    gunicorn_conf = ROOT / "deploy/gunicorn.conf.py"
    result = subprocess.run(  # noqa: S603
        [
            str(shutil.which("systemd-analyze")),
            "verify",
            *(str(tmp_path / n) for n in ("mentoring-web.service", "mentoring-worker.service")),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"SYSTEMD_LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"},
    )
    problems = [
        line
        for line in result.stderr.splitlines()
        # Not about the units: the machine running the tests is not the server.
        if "/etc/mentoring/mentoring.env" not in line
        and "not the same as the ones" not in line
        and (gunicorn_conf.exists() or "gunicorn.conf.py" not in line)
    ]
    assert not problems, result.stderr
