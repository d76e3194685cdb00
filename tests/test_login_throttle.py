"""Logins and password resets are throttled, logout changes state only by POST (issue 11, class 9).

Tried as the attacker would: a guesser hammering one official's password from one address, a sprayer trying one
password over many usernames, a client writing its own X-Forwarded-For, a flood of reset mails at one inbox, and a
cross-site GET of the logout URL.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time

from tests.documents.org import build_org

ATTACKER = "203.0.113.5"
ELSEWHERE = "198.51.100.20"
LOGIN = "/admin/login/"
LOCKED_TEXT = "Tạm khóa đăng nhập"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def official(org):
    return org.users["staff_a"]


def login(client, username, password, address=ATTACKER, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client, address=ATTACKER) -> bool:
    return client.get("/admin/", REMOTE_ADDR=address).status_code == 200


def test_the_admin_login_works(client, official):
    response = login(client, official.username, "pw")
    assert response.status_code == 302
    assert logged_in(client)


def test_thirty_wrong_passwords_lock_out_and_the_right_one_is_then_refused(client, official):
    answers = [login(client, official.username, f"guess-{n}").status_code for n in range(30)]
    assert answers[:4] == [200] * 4  # the login form again, with its error
    assert set(answers[4:]) == {429}  # the fifth failure locks the pair
    response = login(client, official.username, "pw")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_TEXT in page and "15 phút" in page
    assert not logged_in(client)


def test_the_official_still_logs_in_from_another_address(client, official, django_user_model):
    for n in range(30):
        login(client, official.username, f"guess-{n}")
    assert login(client, official.username, "pw").status_code == 429
    response = login(client, official.username, "pw", address=ELSEWHERE)
    assert response.status_code == 302
    assert logged_in(client, ELSEWHERE)


def test_a_lock_of_one_username_leaves_the_others_alone(client, org):
    for n in range(5):
        login(client, "staff_a", f"guess-{n}")
    assert login(client, "staff_a", "pw").status_code == 429
    assert login(client, "staff_b", "pw").status_code == 302


def test_unknown_usernames_get_the_same_lockout(client, org):
    """The lockout answers the same whether or not the account exists."""
    known = [login(client, "staff_a", f"guess-{n}").status_code for n in range(6)]
    unknown = [login(client, "nobody-here", f"guess-{n}").status_code for n in range(6)]
    assert known == unknown == [200] * 4 + [429] * 2


def test_spraying_one_password_over_many_usernames_locks_the_address(client, official):
    for n in range(15):  # 2 failures each: no (username, address) pair reaches its own limit
        login(client, f"user-{n}", "Password1")
        login(client, f"user-{n}", "Password1")
    response = login(client, official.username, "pw")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert login(client, official.username, "pw", address=ELSEWHERE).status_code == 302


def test_a_success_clears_the_failures_of_that_pair(client, official):
    for n in range(4):
        login(client, official.username, f"guess-{n}")
    assert login(client, official.username, "pw").status_code == 302
    client.post("/admin/logout/", REMOTE_ADDR=ATTACKER)
    for n in range(4):
        assert login(client, official.username, f"again-{n}").status_code == 200
    assert login(client, official.username, "pw").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, official):
    with freeze_time() as frozen:
        for n in range(5):
            login(client, official.username, f"guess-{n}")
        assert login(client, official.username, "pw").status_code == 429
        frozen.tick(timedelta(minutes=14))
        assert login(client, official.username, "pw").status_code == 429  # a failure during the lock extends it
        frozen.tick(timedelta(minutes=16))
        assert login(client, official.username, "pw").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, official):
    """Without a trusted proxy the client's own X-Forwarded-For is ignored: a new value per try changes nothing."""
    for n in range(5):
        login(client, official.username, f"guess-{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert login(client, official.username, "pw", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_stepping_through_an_ipv6_range_does_not_buy_new_tries(client, official):
    """One line gets a whole /64: each address in it is the same client."""
    for n in range(5):
        login(client, official.username, f"guess-{n}", address=f"2001:db8:5:6::{n + 1:x}")
    assert login(client, official.username, "pw", address="2001:db8:5:6:ffff::1").status_code == 429
    assert login(client, official.username, "pw", address="2001:db8:5:7::1").status_code == 302


@override_settings(QMS_TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_the_trusted_proxy_the_lock_is_per_client(client, official):
    proxy = "10.0.0.1"
    for n in range(5):
        login(client, official.username, f"guess-{n}", address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert login(client, official.username, "pw", address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    # The official, through the same proxy from their own address, is not locked out with the attacker.
    assert login(client, official.username, "pw", address=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302


# --- password reset ---------------------------------------------------------------------------------------------

RESET = "/admin/password_reset/"
RESET_DONE = "/admin/password_reset/done/"


def reset(client, email, address=ATTACKER):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_five_reset_requests_for_one_inbox_do_not_send_five_mails(client, official):
    answers = [reset(client, official.email) for _ in range(5)]
    assert [(r.status_code, r["Location"]) for r in answers] == [(302, RESET_DONE)] * 5
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {official.email}


def test_the_inbox_limit_holds_across_addresses_and_letter_case(client, official):
    for n in range(5):
        reset(client, official.email.upper() if n % 2 else official.email, address=f"192.0.2.{n}")
    assert len(mail.outbox) == 3


def test_an_unknown_address_gets_the_same_answers(client, official):
    known = [reset(client, official.email, address="192.0.2.1") for _ in range(5)]
    unknown = [reset(client, "nobody@example.invalid", address="192.0.2.2") for _ in range(5)]
    assert [(r.status_code, r["Location"]) for r in known] == [(r.status_code, r["Location"]) for r in unknown]
    assert all(m.to == [official.email] for m in mail.outbox)


def test_one_client_cannot_send_resets_to_everyone(client, org):
    answers = [reset(client, f"victim-{n}@example.invalid").status_code for n in range(12)]
    assert answers[:10] == [302] * 10
    assert answers[10:] == [429, 429]
    page = reset(client, org.users["staff_b"].email).content.decode()
    assert "Tạm dừng đặt lại mật khẩu" in page
    assert not mail.outbox
    assert reset(client, org.users["staff_b"].email, address=ELSEWHERE).status_code == 302
    assert len(mail.outbox) == 1


def test_the_reset_form_still_opens(client, db):
    response = client.get(RESET)
    assert response.status_code == 200
    assert b'name="email"' in response.content


# --- logout -----------------------------------------------------------------------------------------------------


def test_a_get_of_the_logout_url_does_not_log_out(client, official):
    """A cross-site <img src="/admin/logout/"> must not drop the session cookie."""
    client.force_login(official)
    response = client.get(reverse("wagtailadmin_logout"))
    assert response.status_code == 405
    assert "sessionid" not in response.cookies
    assert logged_in(client)


def test_a_post_logs_out(client, official):
    client.force_login(official)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert response.cookies["sessionid"].value == ""
    assert not logged_in(client)


def test_logout_without_the_csrf_token_is_refused(official):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    assert client.post(reverse("wagtailadmin_logout")).status_code == 403
    assert logged_in(client)
