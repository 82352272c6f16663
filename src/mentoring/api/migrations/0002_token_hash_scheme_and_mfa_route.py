# Tokens made before this migration keep their hash (HMAC-SHA256 keyed with
# SECRET_KEY itself: hash_scheme 1) and are re-hashed with the current scheme at
# their first use (api.selectors.token_for_key); their makers proved the second
# factor with the authenticator app (the only route the API accepted).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_api_tokens'),
        ('sso', '0002_saml_metadata'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='hash_scheme',
            field=models.PositiveSmallIntegerField(choices=[(1, 'HMAC with the secret key (old)'), (2, 'HMAC with a derived key')], default=1, verbose_name='hash scheme'),
        ),
        migrations.AlterField(
            model_name='apitoken',
            name='hash_scheme',
            field=models.PositiveSmallIntegerField(choices=[(1, 'HMAC with the secret key (old)'), (2, 'HMAC with a derived key')], default=2, verbose_name='hash scheme'),
        ),
        migrations.AddField(
            model_name='apitoken',
            name='mfa_route',
            field=models.CharField(choices=[('totp', 'Authenticator app'), ('sso', "Single sign-on with the identity provider's two-factor check")], default='totp', max_length=10, verbose_name='second factor proven by'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='apitoken',
            name='mfa_provider',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sso.identityprovider', verbose_name='identity provider'),
        ),
    ]
