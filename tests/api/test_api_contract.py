"""The API keeps the contract its OpenAPI schema states, for any input schemathesis makes up.

Schemathesis reads /api/v1/openapi.json and sends generated requests, fitting the schema and
not, to every operation, in process, as a documenter of A with a token, over records of A and
B. It fails on any 5xx and on any answer whose status, content type or body the schema does not
describe. Bounded: a fixed number of examples per operation and mode.

A write that fits the schema may still be refused (422) by the page's form: an end before its
start, a vocabulary entry that does not exist. JSON Schema cannot say that, so writes are not
held to "every schema-valid body is accepted"; reads are.

Hypothesis drives schemathesis' strategies directly: its pytest plugin's fixture loader does
not run under pytest 9.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import make_custody
from vigil.accounts.models import ApiToken
from vigil.wsgi import application

EXAMPLES = 20
WRITES = {"POST", "PATCH"}

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def test_transaction_kept():
    """Requests go to the WSGI application itself, not through Django's test client, so its
    end-of-request signal would close the connection that holds the test's transaction
    (PostgreSQL); the test client keeps it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(test_transaction_kept, documenter_a, person_a, source_a, documenter_b):
    make_custody(person_a, "2021-07-14")
    return ApiToken.issue(documenter_a, "schemathesis")[1]


@pytest.mark.parametrize("mode", list(GenerationMode))
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_operation_keeps_to_its_schema(operation, mode, token):
    headers = {"Authorization": f"Bearer {token}"}
    excluded = [positive_data_acceptance] if operation.method.upper() in WRITES else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def answers_as_described(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    answers_as_described()
