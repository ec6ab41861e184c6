"""Windows Core Audio (MMDevice API) through ctypes: the default output endpoint's name, its
form factor (`PKEY_AudioEndpoint_FormFactor`) and the bus it hangs on.

This is the system's own answer to "is this headphones?", set by the audio driver. It is read
with plain COM calls (no extra package); `windows.from_endpoint` judges what it returns.
Only Windows has it; elsewhere `default_endpoint` raises Unavailable.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass

from safe_session.probes.base import Unavailable


@dataclass(frozen=True)
class Endpoint:
    id: str
    name: str
    form_factor: int | None
    enumerator: str | None


if sys.platform == "win32":
    import ctypes
    import uuid
    from ctypes import POINTER, byref, c_ubyte, c_uint32, c_ushort, c_void_p, c_wchar_p

    class _GUID(ctypes.Structure):
        _fields_ = [
            ("Data1", c_uint32),
            ("Data2", c_ushort),
            ("Data3", c_ushort),
            ("Data4", c_ubyte * 8),
        ]

    class _PROPERTYKEY(ctypes.Structure):
        _fields_ = [("fmtid", _GUID), ("pid", c_uint32)]

    class _PROPVARIANT(ctypes.Structure):
        # vt, three reserved words, then a union as wide as two pointers (16 or 24 bytes)
        _fields_ = [
            ("vt", c_ushort),
            ("r1", c_ushort),
            ("r2", c_ushort),
            ("r3", c_ushort),
            ("p1", c_void_p),
            ("p2", c_void_p),
        ]

    def _guid(text: str) -> _GUID:
        return _GUID.from_buffer_copy(uuid.UUID(text).bytes_le)

    def _key(text: str, pid: int) -> _PROPERTYKEY:
        return _PROPERTYKEY(_guid(text), pid)

    _CLSID_ENUMERATOR = _guid("BCDE0395-E52F-467C-8E3D-C4579291692E")
    _IID_ENUMERATOR = _guid("A95664D2-9614-4F35-A746-DE8DB63617E6")
    _PKEY_FRIENDLY_NAME = _key("A45C254E-DF1C-4EFD-8020-67D146A850E0", 14)
    _PKEY_ENUMERATOR_NAME = _key("A45C254E-DF1C-4EFD-8020-67D146A850E0", 24)
    _PKEY_FORM_FACTOR = _key("1DA5D803-D492-4EDD-8C23-E0C0FFEE7F0E", 0)
    _VT_UI4, _VT_LPWSTR = 19, 31
    _E_NOTFOUND = 0x80070490
    _ole32 = ctypes.OleDLL("ole32")
    _ole32.CoTaskMemFree.argtypes = [c_void_p]
    _ole32.CoTaskMemFree.restype = None

    def _call(obj: c_void_p, index: int, argtypes: tuple[type, ...], *args: object) -> None:
        """Call the COM method at vtable slot `index`; a failing HRESULT raises OSError.
        Pointer arguments are declared `c_void_p` and passed with `byref`/`pointer`."""
        vtable = ctypes.cast(obj, POINTER(POINTER(c_void_p))).contents
        proto = ctypes.WINFUNCTYPE(ctypes.HRESULT, c_void_p, *argtypes)
        proto(vtable[index])(obj, *args)

    def _release(obj: c_void_p) -> None:
        if obj:
            vtable = ctypes.cast(obj, POINTER(POINTER(c_void_p))).contents
            ctypes.WINFUNCTYPE(c_uint32, c_void_p)(vtable[2])(obj)

    def _value(store: c_void_p, key: _PROPERTYKEY) -> str | int | None:
        pv = _PROPVARIANT()
        try:
            # IPropertyStore::GetValue(REFPROPERTYKEY, PROPVARIANT*)
            _call(store, 5, (c_void_p, c_void_p), ctypes.pointer(key), ctypes.pointer(pv))
        except OSError:
            return None
        try:
            if pv.vt == _VT_LPWSTR and pv.p1:
                return ctypes.cast(pv.p1, c_wchar_p).value
            if pv.vt == _VT_UI4:
                return int(ctypes.cast(ctypes.pointer(pv), POINTER(c_uint32 * 4)).contents[2])
            return None
        finally:
            _ole32.PropVariantClear(ctypes.pointer(pv))

    def default_endpoint() -> Endpoint:
        # COINIT_MULTITHREADED; if this thread is already in another mode, COM works anyway
        initialised = False
        with contextlib.suppress(OSError):
            _ole32.CoInitializeEx(None, 0)
            initialised = True
        enumerator, device, store = c_void_p(), c_void_p(), c_void_p()
        try:
            _ole32.CoCreateInstance(
                byref(_CLSID_ENUMERATOR), None, 0x17, byref(_IID_ENUMERATOR), byref(enumerator)
            )
            try:
                # IMMDeviceEnumerator::GetDefaultAudioEndpoint(eRender, eMultimedia)
                _call(enumerator, 4, (ctypes.c_int, ctypes.c_int, c_void_p), 0, 1, byref(device))
            except OSError as exc:
                if (exc.winerror or 0) & 0xFFFFFFFF == _E_NOTFOUND:
                    raise Unavailable("no sound output was found", "no_output") from None
                raise
            raw_id = c_wchar_p()
            _call(device, 5, (c_void_p,), byref(raw_id))  # IMMDevice::GetId
            endpoint_id = raw_id.value or ""
            _ole32.CoTaskMemFree(ctypes.cast(raw_id, c_void_p))
            # IMMDevice::OpenPropertyStore(STGM_READ, IPropertyStore**)
            _call(device, 4, (c_uint32, c_void_p), 0, byref(store))
            name = _value(store, _PKEY_FRIENDLY_NAME)
            factor = _value(store, _PKEY_FORM_FACTOR)
            bus = _value(store, _PKEY_ENUMERATOR_NAME)
            return Endpoint(
                id=endpoint_id,
                name=name if isinstance(name, str) else "",
                form_factor=factor if isinstance(factor, int) else None,
                enumerator=bus if isinstance(bus, str) else None,
            )
        finally:
            for obj in (store, device, enumerator):
                _release(obj)
            if initialised:
                _ole32.CoUninitialize.restype = None
                _ole32.CoUninitialize()

else:

    def default_endpoint() -> Endpoint:
        raise Unavailable("Core Audio exists only on Windows", "unknown")
