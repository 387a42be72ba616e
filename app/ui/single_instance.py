"""One Limber per user: a second launch brings the running window forward.

Two copies would share one history and one resume record, each taking the
other's lost session for its own. The first copy listens on a local socket
(QLocalServer) named for the user and the data folder the copies would
share (a copy with another XDG_DATA_HOME, a test's say, is no second copy:
it shares nothing); a later launch connects to it before it
builds a window or opens any file, asks it to come forward, and exits. A
socket left by a copy that crashed answers no one, and is taken over.
"""

from __future__ import annotations

import getpass
import re
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCryptographicHash, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

# The one thing a later launch says to the running copy.
BRING_FORWARD = b"bring-forward\n"
# How long a later launch waits for the running copy's socket (local: at once).
CONNECT_TIMEOUT_MS = 500


def server_name(data_dir: Path) -> str:
    """The socket's name: one per user and data folder (`data_dir`, where the history
    and the resume record are), so two people on one machine each have theirs."""
    user = re.sub(r"[^A-Za-z0-9_.-]", "_", getpass.getuser())
    # Qt's own SHA-256, not hashlib's: importing hashlib loads OpenSSL's libcrypto
    # (3 MiB of the window's memory) for this one digest.
    digest = QCryptographicHash.hash(
        str(data_dir.resolve()).encode("utf-8", "surrogateescape"),
        QCryptographicHash.Algorithm.Sha256,
    )
    folder = bytes(digest.toHex().data()).decode("ascii")
    return f"limber-{user}-{folder[:16]}"


def bring_running_forward(name: str) -> bool:
    """Ask the copy listening on `name` to show its window; False if there is none."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(BRING_FORWARD)
    sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return sent


class SingleInstance(QObject):
    """The running copy's end: `bring_forward_requested` when a later launch asks."""

    bring_forward_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def listen(self) -> bool:
        """Start answering later launches; False if the name can't be had."""
        if self._server.listen(self._name):
            return True
        # Left by a copy that crashed (a live one would have answered first).
        QLocalServer.removeServer(self._name)
        return self._server.listen(self._name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(partial(self._read, socket))
            self._read(socket)  # what may have come with the connection

    def _read(self, socket: QLocalSocket) -> None:
        """Gathered until the whole request is in (it may come in parts)."""
        said = bytes(socket.property("limber_said") or b"") + bytes(socket.readAll().data())
        socket.setProperty("limber_said", said)
        if len(said) < len(BRING_FORWARD) and BRING_FORWARD.startswith(said):
            return  # more to come
        # Said all (or something else): this connection is done with. Not on
        # `disconnected`, which a socket also sends while it is being destroyed.
        socket.readyRead.disconnect()
        socket.deleteLater()
        if said == BRING_FORWARD:
            self.bring_forward_requested.emit()
