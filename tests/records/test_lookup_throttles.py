"""The citizen lookup cannot be turned against citizens: an attacker's failures lock only the attacker, limits
hold exactly under concurrency, the proxy's client address counts only from a trusted proxy, and odd input
gets a clear answer."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from records.models import Dossier, RateCounter
from records.ratelimit import take
from records.services import dossiers
from records.views import citizen
from tests.documents.org import build_org
from tests.helpers import ensure_wagtail_root

from .dossier_helpers import local, one_stop_procedure


@pytest.fixture
def received(org):
    return dossiers.receive(one_stop_procedure(org), applicant_name="Lê Thị C", received_at=local(2026, 3, 2, 9))


def lookup(client, number, secret, **extra):
    return client.post(reverse("records:lookup"), {"receipt_number": number, "secret": secret}, **extra)


def test_attacker_failing_fifty_times_never_locks_the_citizen_out(client, received):
    dossier, secret = received
    attacker = [lookup(client, dossier.receipt_number, f"BAD{n:05d}", REMOTE_ADDR="203.0.113.7") for n in range(50)]
    assert {r.status_code for r in attacker[:5]} == {404} and {r.status_code for r in attacker[5:]} == {429}
    citizen_answer = lookup(client, dossier.receipt_number, secret, REMOTE_ADDR="198.51.100.20")
    assert citizen_answer.status_code == 200 and "Tiếp nhận, kiểm tra hồ sơ" in citizen_answer.content.decode()
    # The attacker stays limited, even with the right secret.
    assert lookup(client, dossier.receipt_number, secret, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_a_whole_days_receipts_cannot_be_locked(client, org):
    procedure = one_stop_procedure(org)
    made = [
        dossiers.receive(procedure, applicant_name=f"Người {n}", received_at=local(2026, 3, 2, 9)) for n in range(3)
    ]
    for dossier, _secret in made:
        for n in range(6):
            lookup(client, dossier.receipt_number, f"WRONG{n:04d}", REMOTE_ADDR="203.0.113.8")
    for dossier, secret in made:
        assert lookup(client, dossier.receipt_number, secret, REMOTE_ADDR="198.51.100.21").status_code == 200


def test_wrong_secrets_across_receipts_are_limited_per_client(client, received, monkeypatch):
    monkeypatch.setattr(citizen, "PER_CLIENT", (1000, 600))
    dossier, secret = received
    limit = citizen.FAILURES_PER_CLIENT[0]
    codes = [lookup(client, f"XA-ORG.260302.{n:04d}", "AAAAAAAAAA").status_code for n in range(limit + 2)]
    assert codes == [404] * limit + [429, 429]
    assert lookup(client, dossier.receipt_number, secret, REMOTE_ADDR="198.51.100.22").status_code == 200


def test_one_ipv6_slash_64_is_one_client(client, received):
    dossier, _secret = received
    codes = [
        lookup(client, dossier.receipt_number, "WRONG", REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code
        for n in range(7)
    ]
    assert codes == [404] * 5 + [429, 429]
    assert lookup(client, dossier.receipt_number, "WRONG", REMOTE_ADDR="2001:db8:1:3::1").status_code == 404


def test_forwarded_for_counts_only_behind_a_trusted_proxy(client, received, settings):
    dossier, _secret = received
    # Not trusted: the header is the attacker's own writing, every request is the connecting address.
    spoofed = [
        lookup(client, dossier.receipt_number, "WRONG", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")
        for n in range(6)
    ]
    assert [r.status_code for r in spoofed] == [404] * 5 + [429]
    settings.QMS_TRUSTED_PROXIES = ["192.0.2.1"]
    behind = {"REMOTE_ADDR": "192.0.2.1"}
    one = [
        lookup(client, dossier.receipt_number, "WRONG", HTTP_X_FORWARDED_FOR="198.51.100.5", **behind) for _ in range(6)
    ]
    assert [r.status_code for r in one] == [404] * 5 + [429]
    other = lookup(client, dossier.receipt_number, "WRONG", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.6", **behind)
    assert other.status_code == 404  # a different client behind the same proxy; its own left entry is ignored
    forged = lookup(
        client, dossier.receipt_number, "WRONG", HTTP_X_FORWARDED_FOR="198.51.100.6, 198.51.100.5", **behind
    )
    assert forged.status_code == 429  # the right-most untrusted entry is the client


def _page(response, number: str) -> str:
    """The answer without what legitimately differs: the number typed and the (masked) CSRF token."""
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode().replace(number, "N"))


def test_unknown_receipt_and_wrong_secret_count_and_answer_alike(client, received):
    dossier, _secret = received
    wrong = lookup(client, dossier.receipt_number, "AAAAAAAAAA")
    unknown = lookup(client, "XA-ORG.000000.0001", "AAAAAAAAAA")
    assert wrong.status_code == unknown.status_code == 404
    assert _page(wrong, dossier.receipt_number) == _page(unknown, "XA-ORG.000000.0001")


def test_the_secret_is_never_taken_from_a_url(client, received):
    dossier, secret = received
    response = client.get(reverse("records:lookup"), {"receipt_number": dossier.receipt_number, "secret": secret})
    assert response.status_code == 200 and dossier.get_status_display() not in response.content.decode()
    assert client.get(reverse("records:rate"), {"receipt_number": dossier.receipt_number}).status_code == 405


def test_lookup_needs_csrf(received):
    dossier, secret = received
    strict = Client(enforce_csrf_checks=True)
    assert lookup(strict, dossier.receipt_number, secret).status_code == 403


def test_old_eight_symbol_secrets_stay_valid_and_new_ones_are_grouped(client, received):
    dossier, secret = received
    assert len(secret) == 11 and secret[5] == "-"
    assert lookup(client, dossier.receipt_number, f" {secret.replace('-', ' ').lower()} ").status_code == 200
    Dossier.objects.filter(pk=dossier.pk).update(secret_hash=dossiers.secret_hash(dossier.receipt_number, "ABCD2345"))
    assert lookup(client, dossier.receipt_number, "abcd2345").status_code == 200
    assert lookup(client, dossier.receipt_number, "ＡＢＣＤ２３４５").status_code == 200  # full-width, from a phone


def test_secrets_hashed_under_a_rotated_secret_key_still_open(client, received, settings):
    dossier, secret = received
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation"  # noqa: S105
    assert lookup(client, dossier.receipt_number, secret).status_code == 200


@pytest.mark.parametrize(
    ("number", "secret"),
    [
        ("XA\x00ORG", "AAAA"),
        ("9" * 5000, "AAAA"),
        ("XA-ORG.260302.0001", "A" * 5000),
        ("\u202eXA-ORG\u200b.2603\ufeff02", "😀" * 10),
        ("", ""),
    ],
)
def test_odd_and_huge_input_gets_a_clear_answer(client, received, number, secret):
    response = lookup(client, number, secret)
    assert response.status_code in (400, 404)
    assert 'role="alert"' in response.content.decode()


def test_bytes_that_are_not_utf8_get_a_clear_answer(client, received):
    body = b"receipt_number=%ff%fe%00&secret=%c0%af"
    response = client.post(reverse("records:lookup"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (400, 404)


def test_huge_body_is_refused_not_a_crash(client, received):
    response = client.post(reverse("records:lookup"), {"receipt_number": "x", "secret": "y" * (11 * 1024 * 1024)})
    assert response.status_code == 400


def _in_threads(threads: int, work) -> list:
    """Run ``work`` in ``threads`` threads released together; each closes its own database connection."""
    results, barrier, lock = [], threading.Barrier(threads), threading.Lock()

    def run():
        try:
            barrier.wait()
            answers = work()
            with lock:
                results.extend(answers)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


@pytest.fixture
def committed_org(transactional_db):
    """The organisation in a transactional test, whose database another transactional test may have flushed."""
    ensure_wagtail_root()
    return build_org()


@pytest.mark.django_db(transaction=True)
def test_limits_hold_exactly_under_concurrency(committed_org, monkeypatch):
    org = committed_org
    dossier, secret = dossiers.receive(
        one_stop_procedure(org), applicant_name="Lê Thị C", received_at=local(2026, 3, 2, 9)
    )
    threads, attempts = 8, 5
    # Every attempt from one client: 8 × 5 lookups with the right secret, exactly the limit answered. (The
    # failure limits are widened here: a client's own lookups in flight at once each hold a failure slot until
    # the secret is found right, so that concurrent wrong guesses cannot pass the limit.)
    monkeypatch.setattr(citizen, "FAILURES_PER_RECEIPT", (1000, 3600))
    codes = _in_threads(
        threads, lambda: [lookup(Client(), dossier.receipt_number, secret).status_code for _ in range(attempts)]
    )
    assert len(codes) == threads * attempts
    assert codes.count(200) == citizen.PER_CLIENT[0] and codes.count(429) == threads * attempts - citizen.PER_CLIENT[0]
    # Wrong secrets on one receipt from one client: exactly the limit of them are even checked.
    monkeypatch.setattr(citizen, "PER_CLIENT", (1000, 600))
    monkeypatch.setattr(citizen, "FAILURES_PER_RECEIPT", (5, 3600))
    wrong = _in_threads(
        threads,
        lambda: [
            lookup(Client(), dossier.receipt_number, "WRONG", REMOTE_ADDR="10.7.7.7").status_code for _ in range(3)
        ],
    )
    assert wrong.count(404) == citizen.FAILURES_PER_RECEIPT[0] and wrong.count(429) == threads * 3 - wrong.count(404)
    assert lookup(Client(), dossier.receipt_number, secret, REMOTE_ADDR="10.7.7.8").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_counter_is_exact_with_many_threads():
    allowed = _in_threads(10, lambda: [take("test:exact", 37, 3600) is not None for _ in range(10)])
    assert allowed.count(True) == 37
    assert RateCounter.objects.get(bucket="test:exact").hits == 37
