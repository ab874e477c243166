"""Connection balancing between the workers of one server (spamsplice.balance)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import types
from typing import Any, Callable

import pytest

import spamsplice.balance as balance_module
from spamsplice.balance import (
    MAX_STEP_ASIDE_S,
    PATIENCE_S,
    BalancedEventLoop,
    ConnectionBalance,
    create_balance_file,
    new_event_loop,
    request_answered,
)


@pytest.fixture()
def table(tmp_path):
    path = str(tmp_path / "connections.bin")
    create_balance_file(path, workers=2)
    return path


@pytest.fixture()
def other_live_pid():
    """A process that is alive for the length of the test (a stand-in for a second worker)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def test_a_worker_steps_aside_only_while_another_holds_fewer(table, other_live_pid):
    mine = ConnectionBalance(table)
    other = ConnectionBalance(table, pid=other_live_pid)
    assert mine.slot != other.slot
    assert not mine.should_step_aside()  # 0 against 0
    mine.opened()
    assert mine.should_step_aside() and not other.should_step_aside()
    other.opened()
    assert not mine.should_step_aside()
    mine.closed()
    mine.closed()  # never below zero
    assert mine.open_connections == 0 and other.should_step_aside()


def test_alone_or_beside_a_dead_worker_a_worker_never_steps_aside(table):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    ghost = ConnectionBalance(table, pid=dead.pid)  # a worker that died holding no connections
    mine = ConnectionBalance(table)
    assert mine.slot == ghost.slot  # the next worker to start (uvicorn's replacement) takes the dead one's slot
    late_ghost = ConnectionBalance(table, pid=dead.pid)
    assert late_ghost.slot != mine.slot
    mine.opened()
    mine.opened()
    assert mine.fewest_elsewhere() is None and not mine.should_step_aside()


def test_with_every_slot_taken_a_worker_balances_nothing_but_still_works(tmp_path, other_live_pid):
    path = str(tmp_path / "connections.bin")
    create_balance_file(path, workers=1)  # two slots
    first, second = ConnectionBalance(path), ConnectionBalance(path, pid=other_live_pid)
    second.opened()
    extra = ConnectionBalance(path, pid=os.getppid())  # alive too: no slot left
    assert extra.slot is None
    extra.opened()  # counted locally, published nowhere
    assert extra.fewest_elsewhere() is None and not extra.should_step_aside()
    assert first.fewest_elsewhere() == 1  # the table still holds only the two slotted workers


def test_a_table_of_the_wrong_size_is_refused(tmp_path):
    path = tmp_path / "connections.bin"
    path.write_bytes(b"\0" * 10)
    with pytest.raises(ValueError, match="not a connection balance table"):
        ConnectionBalance(str(path))


def _serve_and_connect(
    loop: asyncio.AbstractEventLoop, clients: int, meanwhile: Callable[[], Any] | None = None
) -> tuple[int, float]:
    """Open ``clients`` connections to a server on ``loop`` (running ``meanwhile()`` on the loop as they
    wait, if given); how many it accepted and the seconds it took."""
    accepted = []

    class Count(asyncio.Protocol):
        def connection_made(self, transport):
            accepted.append(transport)

    async def run():
        server = await loop.create_server(Count, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        started = time.perf_counter()
        sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(clients)]
        if meanwhile is not None:
            meanwhile()
        while len(accepted) < clients and time.perf_counter() - started < 5:
            await asyncio.sleep(0.001)
        took = time.perf_counter() - started
        for sock in sockets:
            sock.close()
        server.close()
        await server.wait_closed()
        return len(accepted), took

    try:
        return loop.run_until_complete(run())
    finally:
        loop.close()


def test_a_busier_worker_still_accepts_what_nobody_else_takes(table, other_live_pid):
    """The other worker (alive, fewer connections) never accepts here, as if it were stuck: after a
    bounded wait every waiting connection must still be taken."""
    ConnectionBalance(table, pid=other_live_pid)
    loop = BalancedEventLoop(ConnectionBalance(table))
    count, took = _serve_and_connect(loop, 20)
    assert count == 20
    assert PATIENCE_S <= took < 16 * PATIENCE_S  # waited for the other worker, but not once per connection


def test_a_worker_that_still_moves_is_given_more_time(table, other_live_pid):
    """The other worker holds fewer and keeps opening and closing connections (responsive, between
    requests): the busier worker keeps leaving the new connection to it instead of giving up after
    PATIENCE_S, and takes it only once the other has stood still for PATIENCE_S."""
    other = ConnectionBalance(table, pid=other_live_pid)
    other.opened()
    balance = ConnectionBalance(table)
    for _ in range(5):
        balance.opened()
    loop = BalancedEventLoop(balance)
    moving_s = 3 * PATIENCE_S

    def move() -> None:
        other.closed() if other.open_connections == 2 else other.opened()

    count, took = _serve_and_connect(loop, 1, lambda: _every_5_ms(loop, move, for_s=moving_s))
    assert count == 1
    assert took >= moving_s + PATIENCE_S * 0.8


def test_a_worker_answering_requests_is_given_more_time(table, other_live_pid):
    """The other worker holds fewer connections and keeps them, but answers requests (busy, not stuck):
    its answers are the sign of life, and the new connection is left to it until they stop."""
    other = ConnectionBalance(table, pid=other_live_pid)
    balance = ConnectionBalance(table)
    for _ in range(3):
        balance.opened()
    loop = BalancedEventLoop(balance)
    answering_s = 3 * PATIENCE_S

    answering = lambda: _every_5_ms(loop, lambda: request_answered_by(other), for_s=answering_s)  # noqa: E731
    count, took = _serve_and_connect(loop, 1, answering)
    assert count == 1 and other.open_connections == 0
    assert took >= answering_s + PATIENCE_S * 0.8


def test_a_worker_that_answers_but_never_accepts_is_waited_for_only_so_long(table, other_live_pid):
    """The other worker answers requests throughout (alive) but never takes the connection (out of file
    descriptors, say): the busier worker takes it after MAX_STEP_ASIDE_S, not never."""
    other = ConnectionBalance(table, pid=other_live_pid)
    balance = ConnectionBalance(table)
    for _ in range(3):
        balance.opened()
    loop = BalancedEventLoop(balance)

    count, took = _serve_and_connect(loop, 1, lambda: _every_5_ms(loop, lambda: request_answered_by(other)))
    assert count == 1
    assert MAX_STEP_ASIDE_S <= took < MAX_STEP_ASIDE_S + 1.0


def test_taking_turns_with_a_busy_worker_is_not_mistaken_for_waiting_on_a_stuck_one(
    table, other_live_pid, monkeypatch
):
    """Connections trickle in while the other worker answers requests and takes its share now and then:
    this worker takes one whenever it is not ahead and leaves the next to the other. However long that goes
    on, it must never run ahead by more than one: the 250 ms bound on stepping aside counts from the last
    connection this worker took, not from the first time it stepped aside."""
    monkeypatch.setattr(balance_module, "PATIENCE_S", 0.1)  # the other answers every 10 ms: a stall is no stop
    other = ConnectionBalance(table, pid=other_live_pid)
    balance = ConnectionBalance(table)
    loop = BalancedEventLoop(balance)
    leads: list[int] = []
    run_s = 2 * MAX_STEP_ASIDE_S + 0.1

    class Note(asyncio.Protocol):
        def connection_made(self, transport):
            leads.append(balance.open_connections - other.open_connections)

    async def run() -> int:
        server = await loop.create_server(Note, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        started = loop.time()
        sockets = []
        turn = 0
        while loop.time() - started < run_s:
            request_answered_by(other)  # busy, alive
            if turn % 2 == 0:  # a new client every 20 ms
                sockets.append(socket.create_connection(("127.0.0.1", port)))
            if turn % 6 == 5 and len(leads) > other.open_connections:  # the other takes its share, slowly
                other.opened()
            turn += 1
            await asyncio.sleep(0.01)
        for sock in sockets:
            sock.close()
        server.close()
        await server.wait_closed()
        return len(sockets)

    try:
        clients = loop.run_until_complete(run())
    finally:
        loop.close()
    assert clients > 10 and len(leads) > 5
    assert max(leads) <= 1


def _every_5_ms(loop: asyncio.AbstractEventLoop, action: Callable[[], Any], for_s: float | None = None) -> None:
    """Run ``action`` on ``loop`` every 5 ms, for ``for_s`` seconds (or for as long as the loop runs)."""
    started = loop.time()

    def step() -> None:
        action()
        if for_s is None or loop.time() - started < for_s:
            loop.call_later(0.005, step)

    loop.call_later(0.005, step)


def request_answered_by(balance: ConnectionBalance) -> None:
    """What the app's ``request_answered(loop)`` does on a worker whose loop holds ``balance``."""
    holder = types.SimpleNamespace(connection_balance=balance)
    request_answered(holder)  # type: ignore[arg-type]


def test_the_loop_counts_the_connections_it_accepts(table):
    balance = ConnectionBalance(table)
    loop = BalancedEventLoop(balance)
    count, _took = _serve_and_connect(loop, 4)
    assert count == 4 and balance.open_connections == 4  # closed ones are counted by the HTTP protocol


def test_without_a_table_the_loop_is_asyncios_own(monkeypatch):
    monkeypatch.delenv("SPAMSPLICE_SERVE_SETTINGS", raising=False)
    loop = new_event_loop()
    try:
        assert type(loop) is asyncio.SelectorEventLoop
    finally:
        loop.close()
