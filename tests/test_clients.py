"""The client address every throttle uses: the proxy's header is believed only from a trusted proxy."""

import pytest
from django.test import RequestFactory, override_settings

from qms.clients import client_ip


def request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request("203.0.113.7", "1.1.1.1")) == "203.0.113.7"


@override_settings(QMS_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("127.0.0.1", "198.51.100.4", "198.51.100.4"),  # one proxy
        ("127.0.0.1", "6.6.6.6, 198.51.100.4", "198.51.100.4"),  # the client wrote a fake entry first
        ("127.0.0.1", "198.51.100.4, 10.1.2.3", "198.51.100.4"),  # two trusted proxies
        ("203.0.113.9", "198.51.100.4", "203.0.113.9"),  # not from a trusted proxy: the header is a lie
        ("127.0.0.1", "", "127.0.0.1"),  # no header
        ("127.0.0.1", "6.6.6.6, garbage", "127.0.0.1"),  # garbled: trust nothing left of it
        ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        ("127.0.0.1", "198.51.100.4:5123", "198.51.100.4"),
        ("not-an-ip", "198.51.100.4", "unknown"),
    ],
)
def test_trusted_proxy_header(remote, forwarded, expected):
    assert client_ip(request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("remote", "bucket"),
    [
        ("198.51.100.4", "198.51.100.4"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),  # the same line: the same client
        ("::ffff:198.51.100.4", "198.51.100.4"),
        ("garbage", "unknown"),
    ],
)
def test_throttles_count_an_ipv6_line_as_one_client(remote, bucket):
    from qms.clients import client_bucket, client_network

    assert client_bucket(request(remote)) == bucket
    assert (client_network(request(remote)) is None) is (bucket == "unknown")
