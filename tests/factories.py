"""factory_boy factories for the domain, built through the models' own defaults."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from mitwirken.accounts.models import Organisation, User
from mitwirken.contributions.models import Need
from mitwirken.participation.models import Comment
from mitwirken.processes.models import FieldOfAction, Phase, Process, Region, StakeholderGroup


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("correct horse battery staple")
    privacy_consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ministerium {n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Konzept {n}")
    slug = factory.Sequence(lambda n: f"konzept-{n}")
    summary = "Gemeinsam ein Konzept erarbeiten."
    organiser = factory.SubFactory(OrganisationFactory)
    state = Process.State.PUBLISHED

    @factory.post_generation
    def taxonomies(self, create, extracted, **kwargs):
        if create:
            self.regions.set(Region.objects.all())
            self.stakeholder_groups.set(StakeholderGroup.objects.all())


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    kind = Phase.Kind.ONLINE
    title = "Online-Beteiligung"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    allows_needs = True
    allows_comments = True
    allows_supports = True


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"feld-{n}")
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    process = factory.SubFactory(ProcessFactory)
    field_of_action = factory.SubFactory(
        FieldOfActionFactory, process=factory.SelfAttribute("..process")
    )
    title = factory.Sequence(lambda n: f"Bedarf {n}: Kinderbetreuung während der Deutschkurse")
    text = "In unserem Landkreis fehlt Kinderbetreuung während der Integrationskurse."
    author = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    need = factory.SubFactory(NeedFactory)
    author = factory.SubFactory(UserFactory)
    text = "Das sehe ich genauso, bei uns ist es ähnlich."
