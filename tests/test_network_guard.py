"""The tests' network guard: loopback connections go through (or fail as refused), every other
address is blocked, and each failure says which of the two happened."""

from __future__ import annotations

import socket

import pytest


def test_a_listening_loopback_server_is_reached() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_a_refused_loopback_connection_says_refused_not_blocked() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(ConnectionRefusedError) as caught, socket.socket() as client:
            client.connect(("127.0.0.1", port))
    message = str(caught.value)
    assert "refused" in message and "blocked" not in message


@pytest.mark.parametrize("host", ["192.0.2.1", "example.org"])
def test_a_non_loopback_address_is_blocked(host: str) -> None:
    blocked = pytest.raises(OSError, match=r"network access blocked.*not a loopback")
    with blocked as caught, socket.socket() as client:
        client.connect((host, 80))
    assert not isinstance(caught.value, ConnectionRefusedError)
