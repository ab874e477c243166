"""Spread connections evenly over the workers of one `spamsplice serve`.

uvicorn's workers share one listening socket, and whichever event loop wakes first accepts every
connection waiting in the queue. Clients that open a handful of keep-alive connections at once (a forum
with ten PHP workers, a load balancer's pool) therefore all land on one worker while the others idle; on
two cores that doubled the tail latency at ten connections. Here each worker keeps the number of
connections it holds in a small shared file and steps aside for a moment when another live worker holds
fewer. It looks again every ``DEFER_S``. A worker busy with requests only looks at the queue between turns
of its event loop, so while the others keep answering requests or taking and dropping connections they are
left the new connection; once none of them has moved for ``PATIENCE_S`` (stuck, say, on a huge post), the
worker takes all that are waiting at once, so a burst never waits on a stuck worker for long.

The loop is asyncio's selector loop with its accept step overridden (``_accept_connection``, a private
method that has kept its signature since Python 3.7); uvloop's accept cannot be overridden, so
``--loop uvloop`` runs without balancing.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import mmap
import os
import socket
import struct
from typing import Any, Callable

BALANCE_FILE_KEY = "balance_file"  # key in the serve settings (SPAMSPLICE_SERVE_SETTINGS)
MAX_SLOTS = 1024
SLOT = struct.Struct("<qqq")  # pid, open connections, requests answered
DEFER_S = 0.003  # how long a worker with more connections than another leaves a new one to the others
PATIENCE_S = 0.025  # how long in all, while no other worker takes or drops a connection, before taking all
MAX_STEP_ASIDE_S = 0.25  # however busy the others stay (answering, yet never accepting), no longer than this


def create_balance_file(path: str, workers: int) -> None:
    """An empty slot table for the workers of one server (written by the supervisor before they start).

    Twice as many slots as workers: a worker uvicorn starts in place of a dead one finds a free slot even
    while the dead one's pid still looks alive (reused by another process).
    """
    slots = min(max(2 * workers, 2), MAX_SLOTS)
    with open(path, "wb") as handle:
        handle.write(b"\0" * (SLOT.size * slots))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ConnectionBalance:
    """This worker's slot in the shared table: its own connection count, and a look at the others'."""

    def __init__(self, path: str, pid: int | None = None) -> None:
        self.pid = os.getpid() if pid is None else pid
        self._file = open(path, "r+b")
        size = os.fstat(self._file.fileno()).st_size
        if size == 0 or size % SLOT.size or size // SLOT.size > MAX_SLOTS:
            self._file.close()
            raise ValueError(f"{path} is not a connection balance table")
        self._slots = size // SLOT.size
        self._map = mmap.mmap(self._file.fileno(), size)
        self.open_connections = 0
        self.requests_answered = 0
        self.slot = self._claim_slot()

    def _claim_slot(self) -> int | None:
        """The first free slot, or one left by a worker that died (uvicorn starts a new one in its place);
        None when every slot is taken: this worker then accepts like plain asyncio, never stepping aside."""
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
        try:
            for slot in range(self._slots):
                pid, _count, _answered = SLOT.unpack_from(self._map, slot * SLOT.size)
                if pid == 0 or pid == self.pid or not _alive(pid):
                    SLOT.pack_into(self._map, slot * SLOT.size, self.pid, 0, 0)
                    return slot
        finally:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        return None

    def opened(self) -> None:
        self.open_connections += 1
        self._publish()

    def closed(self) -> None:
        self.open_connections = max(0, self.open_connections - 1)
        self._publish()

    def answered(self) -> None:
        """A request was answered: a sign of life for workers waiting on this one to accept."""
        self.requests_answered += 1
        self._publish()

    def _publish(self) -> None:
        if self.slot is not None:
            SLOT.pack_into(
                self._map, self.slot * SLOT.size, self.pid, self.open_connections, self.requests_answered
            )

    def _others(self) -> list[tuple[int, int]]:
        """(open connections, requests answered) of the other live workers."""
        states: list[tuple[int, int]] = []
        if self.slot is None:
            return states
        for slot in range(self._slots):
            if slot == self.slot:
                continue
            pid, count, answered = SLOT.unpack_from(self._map, slot * SLOT.size)
            if pid != 0 and _alive(pid):
                states.append((count, answered))
        return states

    def fewest_elsewhere(self) -> int | None:
        """The fewest connections any other live worker holds (None when there is no other)."""
        return min((count for count, _answered in self._others()), default=None)

    def held_elsewhere(self) -> tuple[tuple[int, int], ...]:
        """What the other live workers hold and have answered now (to tell, after a wait, whether any of
        them moved)."""
        return tuple(self._others())

    def should_step_aside(self) -> bool:
        fewest = self.fewest_elsewhere()
        return fewest is not None and self.open_connections > fewest

    def close(self) -> None:
        with contextlib.suppress(ValueError, OSError):
            if self.slot is not None:
                SLOT.pack_into(self._map, self.slot * SLOT.size, 0, 0, 0)
            self._map.close()
        self._file.close()


class BalancedEventLoop(asyncio.SelectorEventLoop):
    """asyncio's loop, leaving new connections to a less loaded worker for a moment when there is one."""

    def __init__(self, balance: ConnectionBalance) -> None:
        super().__init__()
        self.connection_balance = balance
        # listening fd -> (the others' state when we last looked, since when none of them has moved,
        # since when we have been stepping aside)
        self._stepped_aside: dict[int, tuple[tuple[tuple[int, int], ...], float, float]] = {}

    def _accept_connection(  # type: ignore[override]
        self, protocol_factory: Callable[[], Any], sock: socket.socket, sslcontext: Any = None,
        server: Any = None, backlog: int = 100, *timeouts: Any,
    ) -> None:
        fd = sock.fileno()
        balance = self.connection_balance
        # Back from stepping aside: if no other worker answered a request or took or dropped a connection
        # for PATIENCE_S, they are stuck, and whatever is still waiting is ours, all at once. If one moved,
        # it is working through its requests and will look at the queue soon: the patience starts again,
        # up to MAX_STEP_ASIDE_S in all (a worker can answer requests yet not accept, e.g. out of file
        # descriptors).
        now = self.time()
        take_all = False
        stepped_aside = self._stepped_aside.pop(fd, None)
        if stepped_aside is not None:
            before, since, first = stepped_aside
            if balance.held_elsewhere() != before:
                since = now
            take_all = now - since >= PATIENCE_S or now - first >= MAX_STEP_ASIDE_S
        else:
            since = first = now
        for taken in range(backlog):
            if not take_all and balance.should_step_aside():
                if taken:  # we did take some this time: a new wait starts now
                    since = first = now
                self._stepped_aside[fd] = (balance.held_elsewhere(), since, first)
                self._remove_reader(fd)
                self.call_later(
                    DEFER_S, self._resume_accepting, protocol_factory, sock, sslcontext, server, backlog, *timeouts
                )
                return
            try:
                conn, addr = sock.accept()
                conn.setblocking(False)
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return
            except OSError:
                # Out of file descriptors and the like: asyncio's own handling (log, pause, retry).
                super()._accept_connection(protocol_factory, sock, sslcontext, server, 1, *timeouts)
                return
            balance.opened()
            self.create_task(
                self._accept_connection2(protocol_factory, conn, {"peername": addr}, sslcontext, server, *timeouts)
            )

    def _resume_accepting(
        self, protocol_factory: Callable[[], Any], sock: socket.socket, sslcontext: Any, server: Any,
        backlog: int, *timeouts: Any,
    ) -> None:
        if sock.fileno() == -1 or (server is not None and not server.is_serving()):
            return  # the server closed meanwhile
        self._start_serving(protocol_factory, sock, sslcontext, server, backlog, *timeouts)

    def close(self) -> None:
        super().close()
        self.connection_balance.close()


def request_answered(loop: asyncio.AbstractEventLoop) -> None:
    """Called by the app when it has answered a request; a no-op on loops that do not balance."""
    balance = getattr(loop, "connection_balance", None)
    if balance is not None:
        balance.answered()


def connection_closed(loop: asyncio.AbstractEventLoop) -> None:
    """Called by the HTTP protocol when a connection ends; a no-op on loops that do not balance."""
    balance = getattr(loop, "connection_balance", None)
    if balance is not None:
        balance.closed()


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvicorn's ``loop=`` hook (uvicorn >= 0.36 calls it for each worker's loop): a balanced loop when the
    serve settings name a balance table, else asyncio's own."""
    from spamsplice.server import SETTINGS_ENV

    raw = os.environ.get(SETTINGS_ENV)
    path = json.loads(raw).get(BALANCE_FILE_KEY) if raw else None
    if not path:
        return asyncio.SelectorEventLoop()
    return BalancedEventLoop(ConnectionBalance(path))
