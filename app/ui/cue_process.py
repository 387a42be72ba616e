"""The cue worker's process as the window holds it: one process for both kinds of cue.

`WorkerProcess` runs app/ui/cue_worker.py through QProcess and its pipes, for
the channels (app/ui/cue_channel.py) that give their cues through it, sounds
and words. It starts, restarts and ends the process and routes each line to
the channel of its kind; when to restart and when to give up is each
channel's own watchdog's call. One process, not one per kind: a Python with
PySide6 in it weighs about 25 MiB (PSS), and the two workers came to 58 MiB
beside the window's 65.

What a restart costs depends on where the kind lives in the worker. The
words are on a thread of their own there, whose calls into the speech
engine never hold the GIL: a voice that hangs leaves the sounds going and the
worker answering, so it is started afresh inside the process (the old one
left to its hang). The sounds are the worker's main thread: if they stop
answering, the whole process is stuck, and is started again; the voice
loads again with it, which costs it no restart of its own.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer

from app.i18n import _

if TYPE_CHECKING:
    from app.ui.cue_channel import CueKind, WorkerChannel

# Set to see what the worker prints (Qt's audio and speech messages).
DEBUG_ENVIRONMENT = "LIMBER_CUE_DEBUG"
# How long closing the window waits for a killed worker to be gone.
REAP_WAIT_MS = 1000


def worker_command(engine: str | None = None, language: str | None = None) -> list[str]:
    """The command line that starts the worker with this Python (the kinds it carries
    are added when it starts); `language` ("de", "zh_CN"): the voice speaks it, and the
    worker's messages are in it."""
    command = [sys.executable, "-m", "app.ui.cue_worker"]
    if engine:
        command += ["--engine", engine]
    if language:
        command += ["--language", language]
    return command


class WorkerProcess(QObject):
    """The worker process for the channels that `carry` through it; started when the
    first does (in the next turn of the event loop, so that channels started together
    share one start), ended when the last lets go."""

    def __init__(self, command: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._command = list(command)
        self._channels: dict[CueKind, WorkerChannel] = {}
        self._process: QProcess | None = None
        self._carried: tuple[CueKind, ...] = ()  # what the running process was started with
        self._ending: set[QProcess] = set()  # killed, not yet gone
        self._output = bytearray()
        self._losing = False  # telling the channels that the process is gone
        self._start_soon = QTimer(self)
        self._start_soon.setSingleShot(True)
        self._start_soon.setInterval(0)
        self._start_soon.timeout.connect(self._start)

    @property
    def command(self) -> list[str]:
        """The worker's command line, before the kinds it is started with."""
        return list(self._command)

    def carries(self, kind: CueKind) -> bool:
        """The kind is loading or loaded here (or about to be)."""
        return kind in self._channels

    @property
    def running(self) -> bool:
        return self._process is not None

    def carry(self, channel: WorkerChannel) -> None:
        """Load the channel's kind: in the running worker if it was started with it,
        else in a worker started (again) with every kind carried."""
        self._channels[channel.kind] = channel
        if self._process is not None and channel.kind in self._carried:
            self._write(channel.kind, {"op": "load"})
            channel.loading_again()
        else:
            self._start_soon.start()

    def restart(self, channel: WorkerChannel) -> None:
        """The channel's kind hung or died: start it afresh (see the module's docstring)."""
        if self._losing:
            return  # the process is gone: it is started again once all have heard
        if self._process is not None and channel.kind.on_its_own_thread:
            self.carry(channel)
            return
        self._kill()
        self._start()

    def give_up(self, channel: WorkerChannel) -> None:
        """The channel's kind failed again: let go of it. If that was the sounds, the
        worker's main thread is stuck: the other kinds go on in a new worker."""
        stuck = self._process is not None and not channel.kind.on_its_own_thread
        self.release(channel)
        if stuck and self._channels:
            self._start()

    def release(self, channel: WorkerChannel, *, reap: bool = False) -> None:
        """The channel is done with its kind (turned off, given up, or the window is
        closing: `reap`, wait for every process killed to be gone)."""
        if self._channels.get(channel.kind) is channel:
            del self._channels[channel.kind]
            if not self._channels:
                self._start_soon.stop()
                self._kill()
            elif self._process is not None and channel.kind in self._carried:
                self._write(channel.kind, {"op": "drop"})
        if reap:
            for ending in list(self._ending):
                ending.waitForFinished(REAP_WAIT_MS)

    def send(self, kind: CueKind, message: dict[str, object]) -> None:
        if self._process is not None and kind in self._carried:
            self._write(kind, message)

    def _write(self, kind: CueKind, message: dict[str, object]) -> None:
        assert self._process is not None
        line = json.dumps({**message, "kind": kind.value}) + "\n"
        self._process.write(line.encode("utf-8"))

    # -- the process ------------------------------------------------------------

    def _start(self) -> None:
        """A worker for every kind carried, instead of any running one."""
        self._start_soon.stop()
        self._kill()
        if not self._channels:
            return
        self._carried = tuple(sorted(self._channels, key=lambda kind: kind.value))
        command = [*self._command, *(kind.value for kind in self._carried)]
        process = QProcess(self)
        process.setProgram(command[0])
        process.setArguments(command[1:])
        environment = QProcessEnvironment.systemEnvironment()
        # The worker imports this very package, wherever the window was started from.
        package_root = str(Path(__file__).resolve().parents[2])
        paths = [package_root, *filter(None, [environment.value("PYTHONPATH")])]
        environment.insert("PYTHONPATH", os.pathsep.join(paths))
        process.setProcessEnvironment(environment)
        if not os.environ.get(DEBUG_ENVIRONMENT):
            process.setStandardErrorFile(QProcess.nullDevice())
        else:
            process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._ended)
        process.errorOccurred.connect(self._error)
        self._process = process
        self._output.clear()
        for channel in list(self._channels.values()):
            channel.loading_again()
        process.start()

    def _kill(self) -> None:
        """End the worker. It is reaped when it has gone (SIGKILL ends it at once),
        never waited for here, mid-session, on the GUI thread: a process stuck in
        the kernel (an audio driver) can take its time; only as the window closes
        (`release(reap=True)`), so that no QProcess is destroyed while running."""
        process, self._process = self._process, None
        self._carried = ()
        if process is not None:
            process.readyReadStandardOutput.disconnect(self._read)
            process.finished.disconnect(self._ended)
            process.errorOccurred.disconnect(self._error)
            if process.state() is QProcess.ProcessState.NotRunning:
                process.deleteLater()
            else:
                self._ending.add(process)
                process.finished.connect(partial(self._gone, process))
                process.kill()

    def _gone(self, process: QProcess, *_signal_arguments: object) -> None:
        self._ending.discard(process)
        process.deleteLater()

    def _lost(self, problem: str | None) -> None:
        """The process died or never started: every channel hears it (and counts it
        against its restarts); it is started again once, for those that go on."""
        self._kill()
        self._losing = True
        try:
            for channel in list(self._channels.values()):
                channel.lost(problem)
        finally:
            self._losing = False
        if self._channels:
            self._start()

    def _ended(self, *_signal_arguments: object) -> None:
        self._lost(None)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart:
            message = _("the cue player could not be started ({program})")
            self._lost(message.format(program=self._command[0]))

    def _read(self) -> None:
        process = self._process
        if process is None:
            return
        self._output += process.readAllStandardOutput().data()
        *lines, rest = self._output.split(b"\n")
        self._output = bytearray(rest)
        for line in lines:
            try:
                message = json.loads(line)
                channel = self._channel_for(message.get("kind"))
                if channel is not None:
                    channel.receive(message)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not one of ours: the worker's own output is never trusted

    def _channel_for(self, kind: object) -> WorkerChannel | None:
        """The channel a message is for: by its kind, or (a worker that names none)
        the one kind carried."""
        for carried in self._carried:
            if carried.value == kind or (kind is None and len(self._carried) == 1):
                return self._channels.get(carried)
        return None
