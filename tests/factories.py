"""factory_boy factories shared by the suite."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

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
    """A participation (application). Defaults to a mentee's draft with the
    facts both roles give; ``submitted=True`` sends it, ``ready=True`` fills
    in every answer the readiness rules look at, for the role."""

    class Meta:
        model = Participation
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            status="submitted", submitted_at=factory.LazyFunction(timezone.now)
        )

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    organisation = "Region Midtjylland"
    job_title = "HR-partner"
    industry = "Offentlig administration"
    region = "midtjylland"
    years_of_experience = 5
    languages = factory.LazyFunction(lambda: ["da"])
    meeting_format = "mixed"
    capacity = factory.LazyAttribute(lambda o: 1 if o.role == Role.MENTOR else None)

    @factory.post_generation
    def ready(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """``ready=True``: every answer given and every prerequisite met;
        readiness is stored either way."""
        from mentoring.participants.readiness import apply_readiness
        from mentoring.programmes.enums import BenefitArea, MentorRole

        if extracted:
            self.motivation = "Jeg vil gerne udvikle mig som leder og lære af andres erfaring."
            self.commits_to_meetings = True
            if self.role == Role.MENTEE:
                self.goals = ["Blive bedre til svære samtaler", "Lede forandring i mit team"]
                self.commits_to_homework = True
                self.change_situation = "new_job"
                self.change_description = "Jeg er netop blevet leder for et nyt team."
                self.benefit_wishes = dict.fromkeys(BenefitArea.values, 2)
                self.role_wishes = dict.fromkeys(MentorRole.values, 2)
            else:
                self.commits_to_presence = True
                self.capacity = self.capacity or 1
                self.expertise = "Ledelse og HR gennem tyve år."
                self.industries = [self.industry]
                self.role_comfort = dict.fromkeys(MentorRole.values, 2)
        apply_readiness(self)
        if create:
            self.save()


def activate_totp(user: User) -> str:
    """Give ``user`` an active TOTP authenticator; return its secret."""
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).now()
