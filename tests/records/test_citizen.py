"""Citizens look up with receipt number + secret (rate-limited) and rate a finished dossier once."""

import pytest
from django.urls import reverse

from records.models import Rating
from records.services import dossiers

from .dossier_helpers import local, one_stop_procedure


@pytest.fixture
def received(org):
    dossier, secret = dossiers.receive(
        one_stop_procedure(org), applicant_name="Lê Thị C", received_at=local(2026, 3, 2, 9)
    )
    return dossier, secret


def lookup(client, number, secret, **extra):
    return client.post(reverse("records:lookup"), {"receipt_number": number, "secret": secret}, **extra)


def test_lookup_with_the_right_secret(client, received):
    dossier, secret = received
    assert client.get(reverse("records:lookup")).status_code == 200
    response = lookup(client, dossier.receipt_number.lower(), secret.lower())
    assert response.status_code == 200
    body = response.content.decode()
    assert dossier.receipt_number in body and "05/03/2026" in body and "Tiếp nhận, kiểm tra hồ sơ" in body


def test_wrong_secret_and_unknown_number_are_refused_alike(client, received):
    dossier, _secret = received
    wrong = lookup(client, dossier.receipt_number, "AAAAAAAA")
    unknown = lookup(client, "XA-ORG.000000.0001", "AAAAAAAA")
    assert wrong.status_code == unknown.status_code == 404
    assert dossier.get_status_display() not in wrong.content.decode()


def test_wrong_secrets_on_a_receipt_limit_that_client_only(client, received):
    dossier, secret = received
    codes = [
        lookup(client, dossier.receipt_number, f"WRONG{n:03d}", REMOTE_ADDR="10.0.0.1").status_code for n in range(7)
    ]
    assert codes[:5] == [404] * 5 and codes[5:] == [429, 429]
    # The citizen, from another address, is never refused because someone else failed.
    assert lookup(client, dossier.receipt_number, secret, REMOTE_ADDR="10.0.1.1").status_code == 200


def test_lookup_is_rate_limited_per_client(client, received):
    dossier, secret = received
    codes = {lookup(client, dossier.receipt_number, secret).status_code for _ in range(20)}
    assert codes == {200}
    assert lookup(client, dossier.receipt_number, secret).status_code == 429


def test_rating_once_when_finished(client, received):
    dossier, secret = received
    data = {"receipt_number": dossier.receipt_number, "secret": secret, "score": "4", "comment": "Nhanh"}
    assert "Chỉ đánh giá" in client.post(reverse("records:rate"), data).content.decode()
    dossiers.finish(dossier, at=local(2026, 3, 3, 9))
    assert "Gửi đánh giá" in lookup(client, dossier.receipt_number, secret).content.decode()
    assert "Cảm ơn" in client.post(reverse("records:rate"), data).content.decode()
    assert "đã được đánh giá" in client.post(reverse("records:rate"), data | {"score": "1"}).content.decode()
    assert Rating.objects.get(dossier=dossier).score == 4
    assert client.post(reverse("records:rate"), data | {"secret": "AAAAAAAA"}).status_code == 404
