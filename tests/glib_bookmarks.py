"""GLib's own GBookmarkFile (the code GTK uses for recently-used.xbel), through ctypes: it writes
the real file format for the tests and reads the file back after it was edited."""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

_NAME = ctypes.util.find_library("glib-2.0") or "libglib-2.0.so.0"


def load() -> ctypes.CDLL | None:
    try:
        lib = ctypes.CDLL(_NAME)
    except OSError:
        return None
    p, s, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    lib.g_bookmark_file_new.restype = p
    lib.g_bookmark_file_free.argtypes = [p]
    lib.g_bookmark_file_load_from_file.argtypes = [p, s, ctypes.POINTER(p)]
    lib.g_bookmark_file_load_from_file.restype = i
    lib.g_bookmark_file_to_file.argtypes = [p, s, ctypes.POINTER(p)]
    lib.g_bookmark_file_to_file.restype = i
    lib.g_bookmark_file_add_application.argtypes = [p, s, s, s]
    lib.g_bookmark_file_set_mime_type.argtypes = [p, s, s]
    lib.g_bookmark_file_set_added.argtypes = [p, s, ctypes.c_long]
    lib.g_bookmark_file_get_uris.argtypes = [p, ctypes.POINTER(ctypes.c_size_t)]
    lib.g_bookmark_file_get_uris.restype = ctypes.POINTER(s)
    lib.g_strfreev.argtypes = [ctypes.POINTER(s)]
    lib.g_error_free.argtypes = [p]
    return lib


class BookmarkFile:
    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        self.ptr = lib.g_bookmark_file_new()

    def add(self, uri: str, app: str, mime: str, added: int | None = None) -> None:
        """As GtkRecentManager does when a file is opened; `added` backdates the entry."""
        u = uri.encode()
        self.lib.g_bookmark_file_set_mime_type(self.ptr, u, mime.encode())
        self.lib.g_bookmark_file_add_application(self.ptr, u, app.encode(), f"'{app} %u'".encode())
        if added is not None:
            self.lib.g_bookmark_file_set_added(self.ptr, u, added)

    def save(self, path: Path) -> None:
        error = ctypes.c_void_p()
        if not self.lib.g_bookmark_file_to_file(self.ptr, str(path).encode(), ctypes.byref(error)):
            self.lib.g_error_free(error)
            raise OSError(f"GLib could not write {path}")

    def free(self) -> None:
        self.lib.g_bookmark_file_free(self.ptr)


def read_uris(lib: ctypes.CDLL, path: Path) -> list[str] | None:
    """The URIs GLib reads from the file, or None when GLib rejects it."""
    bf = lib.g_bookmark_file_new()
    try:
        error = ctypes.c_void_p()
        if not lib.g_bookmark_file_load_from_file(bf, str(path).encode(), ctypes.byref(error)):
            lib.g_error_free(error)
            return None
        length = ctypes.c_size_t()
        uris = lib.g_bookmark_file_get_uris(bf, ctypes.byref(length))
        out = [uris[i].decode() for i in range(length.value)]
        lib.g_strfreev(uris)
        return out
    finally:
        lib.g_bookmark_file_free(bf)
