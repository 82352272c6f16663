"""factory_boy factories shared by the suite."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from mentoring.accounts.models import User
from mentoring.participants.enums import Role
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="da_DK")
    language = "da"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Users have a verified primary e-mail unless ``verified=False``."""
        if not create:
            return
        self.save()
        EmailAddress.objects.create(
            user=self, email=self.email, primary=True, verified=extracted is not False
        )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name_da = factory.Sequence(lambda n: f"Mentorordning {n}")
    name_en = factory.Sequence(lambda n: f"Mentoring programme {n}")
    description_da = "Et mentorforløb for HR-folk."
    description_en = "A mentoring programme for HR people."

    @factory.post_generation
    def coordinators(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            self.coordinators.add(*extracted)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    organisation = "Region Midtjylland"
    job_title = "HR-partner"
    industry = "Offentlig administration"
    region = "Midtjylland"
    years_of_experience = 5


def activate_totp(user: User) -> str:
    """Give ``user`` an active TOTP authenticator; return its secret."""
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).now()
