"""Failed-login rows written before the keyed hash held the typed address in
plain text (an erased person's too, or an address of no account): replace it
with the hash."""

from django.db import migrations


def forwards(apps, schema_editor):
    from mentoring.common.audit import hash_login_identifiers

    hash_login_identifiers(apps.get_model("common", "AuditEntry"))


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
