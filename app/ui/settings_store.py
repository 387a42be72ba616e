"""The preferences kept with QSettings: the shell's `SettingsStore` (app/settings.py).

The core declares the options and checks every value read back; this store
only keeps them where the platform keeps an application's settings (an INI
file under ~/.config on Linux) and tells Qt objects, by signal, that one
changed: a widget connected to `changed` is disconnected when it is deleted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from app.settings import Settings, Value


class QtSettingsStore(QObject):
    """QSettings behind the core's `SettingsStore` interface."""

    changed = Signal(str)  # the option's key

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store

    @property
    def location(self) -> str:
        return self._store.fileName()

    def value(self, key: str) -> object:
        return self._store.value(key)

    def set_value(self, key: str, value: Value) -> None:
        self._store.setValue(key, value)

    def remove(self, key: str) -> None:
        self._store.remove(key)

    def sync(self) -> None:
        self._store.sync()


def user_settings(parent: QObject | None = None) -> Settings:
    """The runner's own settings, where the platform keeps them."""
    return Settings(QtSettingsStore(QSettings("limber", "limber"), parent))


def settings_at(path: str, parent: QObject | None = None) -> Settings:
    """Settings kept in an INI file at `path` (tests, portable use)."""
    return Settings(QtSettingsStore(QSettings(path, QSettings.Format.IniFormat), parent))
