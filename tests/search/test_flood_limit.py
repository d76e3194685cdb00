"""Security issue 11, class 7 (b): one client's uncached anonymous searches are limited, cached answers never are.

Tried as the flooder would: new queries and cache-busting parameters on the search page, the API and
autocomplete; a forged X-Forwarded-For; and as the bystanders: other clients, cached pages, logged-in staff.
"""

import pytest
from django.contrib.auth import get_user_model

from search import throttle

pytestmark = pytest.mark.django_db
LIMIT = 3


@pytest.fixture(autouse=True)
def low_limit(settings):
    settings.QMS_SEARCH_FLOOD_BURST = LIMIT
    settings.QMS_SEARCH_FLOOD_RATE = 1  # one a minute after the burst: nothing comes back during a test
    throttle.forget()
    yield
    throttle.forget()


def test_new_queries_past_the_limit_get_a_clear_429_page(client, corpus):
    for i in range(LIMIT):
        assert client.get("/tim-kiem/", {"q": f"khai sinh {i}"}).status_code == 200
    response = client.get("/tim-kiem/", {"q": "khai sinh mới", "cb": "1"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60  # the next search in at most a minute (the rate)
    html = response.content.decode()
    assert "Tạm dừng tìm kiếm" in html and "Vui lòng thử lại sau" in html
    assert 'class="site-header"' in html  # the portal's own frame
    assert "public" not in response["Cache-Control"] and "X-Portal-Cache" not in response


def test_the_apis_answer_429_in_json(client, corpus):
    for i in range(LIMIT):
        client.get("/api/v1/search/", {"q": f"kết hôn {i}"})
    for url in ("/api/v1/search/", "/api/v1/search/autocomplete/"):
        response = client.get(url, {"q": "xyz"})
        assert response.status_code == 429, url
        assert response["Content-Type"].startswith("application/json")
        assert "thử lại sau" in response.json()["detail"]
        assert response.json()["retry_after"] == int(response["Retry-After"])


def test_cached_answers_are_never_counted_nor_refused(client, corpus):
    assert client.get("/tim-kiem/?q=khai+sinh").status_code == 200  # one miss
    for _ in range(20):
        response = client.get("/tim-kiem/?q=khai+sinh&cb=x")  # an extra parameter: still the cached entry
        assert response.status_code == 200 and response["X-Portal-Cache"] == "hit"
    for i in range(LIMIT - 1):
        assert client.get("/tim-kiem/", {"q": f"hộ tịch {i}"}).status_code == 200
    assert client.get("/tim-kiem/", {"q": "thêm nữa"}).status_code == 429
    assert client.get("/tim-kiem/?q=khai+sinh")["X-Portal-Cache"] == "hit"  # the flooder's own cached page too


def test_other_clients_and_logged_in_staff_are_not_limited(client, corpus):
    for i in range(LIMIT + 1):
        client.get("/tim-kiem/", {"q": f"đất đai {i}"}, REMOTE_ADDR="203.0.113.9")
    assert client.get("/tim-kiem/", {"q": "đất đai"}, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get("/tim-kiem/", {"q": "đất đai"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    staff = get_user_model().objects.create_user("canbo", password="x")
    client.force_login(staff)
    for i in range(LIMIT * 3):
        response = client.get("/tim-kiem/", {"q": f"đất đai {i}"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200


def test_a_forged_forwarded_header_does_not_buy_more_searches(client, corpus, settings):
    for i in range(LIMIT):
        client.get("/tim-kiem/", {"q": f"chứng thực {i}"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert client.get("/tim-kiem/", {"q": "x"}, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_behind_a_trusted_proxy_clients_are_counted_apart(client, corpus, settings):
    settings.QMS_TRUSTED_PROXIES = ["127.0.0.1"]
    for i in range(LIMIT):
        client.get("/tim-kiem/", {"q": f"thường trú {i}"}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client.get("/tim-kiem/", {"q": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert client.get("/tim-kiem/", {"q": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_an_ipv6_client_counts_by_its_64():
    from django.test import RequestFactory

    def bucket(address):
        return throttle.client_bucket(RequestFactory().get("/", REMOTE_ADDR=address))

    assert bucket("2001:db8:1:2::1") == bucket("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert bucket("2001:db8:1:3::1") != bucket("2001:db8:1:2::1")
    assert bucket("::ffff:203.0.113.1") == "203.0.113.1"


def test_after_the_burst_searches_come_back_at_the_rate_not_all_at_once():
    """A fixed window would let a flood through a whole allowance at each window start: the meter does not."""
    client, start = "198.51.100.1", 1000.0
    assert [throttle.take(client, 60, 3, now=start) for _ in range(3)] == [0.0, 0.0, 0.0]  # the burst
    assert throttle.take(client, 60, 3, now=start) == pytest.approx(1.0)  # then one a second (60 a minute)
    assert throttle.take(client, 60, 3, now=start + 0.5) == pytest.approx(0.5)  # remembered: no cache read
    assert throttle.take(client, 60, 3, now=start + 1.0) == 0.0
    assert throttle.take(client, 60, 3, now=start + 1.2) > 0  # one, not a new burst
    assert throttle.take(client, 60, 3, now=start + 60) == 0.0  # after a pause the burst is back
    assert throttle.take(client, 60, 3, now=start + 60) == 0.0
    assert throttle.take(client, 60, 3, now=start + 60) == 0.0
    assert throttle.take(client, 60, 3, now=start + 60) > 0
    assert throttle.take("198.51.100.2", 60, 3, now=start + 60) == 0.0  # another client is not concerned


def test_a_rate_of_zero_turns_it_off(client, corpus, settings):
    settings.QMS_SEARCH_FLOOD_RATE = 0
    for i in range(LIMIT * 3):
        assert client.get("/api/v1/search/autocomplete/", {"q": f"dang {i}"}).status_code == 200


def test_a_refusal_is_answered_before_the_stack_and_costs_no_query(
    client, corpus, monkeypatch, django_assert_num_queries
):
    for i in range(LIMIT):
        client.get("/tim-kiem/", {"q": f"giám hộ {i}"})
    client.get("/tim-kiem/", {"q": "warm the generation"})  # the page cache's generation is read at most once a second

    def refuse(*_args, **_kwargs):
        raise AssertionError("the search ran for a refused request")

    monkeypatch.setattr("search.views.search", refuse)
    with django_assert_num_queries(0):
        response = client.get("/tim-kiem/", {"q": "giám hộ mới"})
    assert response.status_code == 429 and "Tạm dừng tìm kiếm" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_a_session_cookie_does_not_buy_more_searches_nor_count_twice(client, corpus, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    for i in range(LIMIT):
        assert client.get("/api/v1/search/", {"q": f"nuôi con nuôi {i}"}).status_code == 200  # each counted once
    assert client.get("/api/v1/search/", {"q": "nuôi con nuôi"}).status_code == 429
