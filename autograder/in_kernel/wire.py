"""The channel between a grading kernel and its grader: framing and a plain-data codec.

Both sides import this file, each from its own copy (the grader never runs the kernel's). A message is
a JSON header and binary blobs (array data), framed as

    b"AGW1" | u32 header length | header | u32 blob count | (u64 length | bytes) per blob

Values are encoded as plain data only — never pickled or evaluated:

- None, bool, str, int: JSON (str ≤ `MAX_STR` characters);
- float: `{"f": float.hex(x)}` (NaN, ±inf and −0.0 survive);
- list, tuple, dict, set: `{"l": [...]}`, `{"t": [...]}`, `{"d": [[k, v], ...]}`, `{"set": [...]}`;
- NumPy array / scalar (numeric dtypes only): `{"a": blob, "dtype": "<f8", "shape": [...]}` /
  `{"s": blob, "dtype": ...}`;
- torch tensor: `{"T": blob, "dtype": "float32", "shape": [...], "rg": requires_grad, "r": ref}`;
- torch dtype: `{"dt": "float32"}`;
- anything else stays with the sender and crosses as a reference:
  `{"r": id, "type": "module.QualName", "callable": bool}`;
- a callable of the grader's: `{"cb": id}` (the kernel calls it back through the channel).

Limits (`MAX_*`) bound what either side accepts; a malformed or oversized message raises `WireError`.
"""

from __future__ import annotations

import json
import math
import socket
import struct
from collections.abc import Callable
from typing import Any

MAGIC = b"AGW1"
MAX_HEADER = 16 * 1024 * 1024  # bytes of JSON per message
MAX_BLOBS = 100_000
MAX_MESSAGE = 256 * 1024 * 1024  # bytes of array data per message
MAX_STR = 1_000_000  # characters per string
MAX_DEPTH = 32
MAX_ITEMS = 1_000_000  # elements of containers per message
NUMERIC_KINDS = "biufc"


class WireError(ValueError):
    """A message that is not what the protocol allows (the other side is broken or hostile)."""


# --- framing ----------------------------------------------------------------------------------------


def send_message(sock: socket.socket, header: dict, blobs: list[bytes]) -> None:
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode("utf-8")
    parts = [MAGIC, struct.pack("!I", len(head)), head, struct.pack("!I", len(blobs))]
    for blob in blobs:
        parts += [struct.pack("!Q", len(blob)), blob]
    sock.sendall(b"".join(parts))


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("the channel was closed")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv_message(sock: socket.socket) -> tuple[dict, list[bytes]]:
    if _recv_exact(sock, 4) != MAGIC:
        raise WireError("not a channel message")
    (n,) = struct.unpack("!I", _recv_exact(sock, 4))
    if n > MAX_HEADER:
        raise WireError(f"message header of {n} bytes (at most {MAX_HEADER})")
    try:
        header = json.loads(_recv_exact(sock, n).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WireError(f"unreadable message header: {type(exc).__name__}") from None
    if not isinstance(header, dict):
        raise WireError("message header is not an object")
    (count,) = struct.unpack("!I", _recv_exact(sock, 4))
    if count > MAX_BLOBS:
        raise WireError(f"{count} blobs in one message")
    blobs, total = [], 0
    for _ in range(count):
        (size,) = struct.unpack("!Q", _recv_exact(sock, 8))
        total += size
        if total > MAX_MESSAGE:
            raise WireError(f"message larger than {MAX_MESSAGE} bytes")
        blobs.append(_recv_exact(sock, size))
    return header, blobs


# --- values -----------------------------------------------------------------------------------------


class Encoder:
    """Encodes values into JSON-able data plus blobs; `keep(obj) -> dict` makes a reference."""

    def __init__(self, keep: Callable[[Any], dict], *, tensor_refs: bool = False) -> None:
        self.keep = keep
        self.tensor_refs = tensor_refs  # tensors also carry a reference (their identity), kernel side
        self.blobs: list[bytes] = []
        self.items = 0

    def blob(self, data: bytes) -> int:
        self.blobs.append(data)
        return len(self.blobs) - 1

    def encode(self, value: Any, depth: int = 0) -> Any:
        """Encode one value: plain Python types through `_PLAIN_ENCODERS`, the rest by `_encode_other`."""
        self.items += 1
        if self.items > MAX_ITEMS or depth > MAX_DEPTH:
            raise WireError("value too large or too deeply nested to send")
        encoder = _PLAIN_ENCODERS.get(type(value))
        if encoder is not None:
            return encoder(self, value, depth)
        return self._encode_other(value)

    # plain Python values (one method per type, looked up by exact type in `_PLAIN_ENCODERS`)

    def _same(self, value: Any, depth: int) -> Any:
        """None and bool cross as themselves."""
        return value

    def _int(self, value: int, depth: int) -> Any:
        """An int as itself; one too large for a float crosses as +inf."""
        return value if abs(value) < 10**4300 else {"f": float("inf").hex()}

    def _float(self, value: float, depth: int) -> dict:
        """A float as its hex form (NaN, ±inf and −0.0 survive)."""
        return {"f": value.hex()}

    def _str(self, value: str, depth: int) -> str:
        """A string, cut to `MAX_STR` characters."""
        return value if len(value) <= MAX_STR else value[:MAX_STR]

    def _list(self, value: list, depth: int) -> dict:
        """A list, element by element."""
        return {"l": [self.encode(v, depth + 1) for v in value]}

    def _tuple(self, value: tuple, depth: int) -> dict:
        """A tuple, element by element."""
        return {"t": [self.encode(v, depth + 1) for v in value]}

    def _dict(self, value: dict, depth: int) -> dict:
        """A dict as a list of encoded [key, value] pairs."""
        return {"d": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]}

    def _set(self, value: set | frozenset, depth: int) -> dict:
        """A set or frozenset, element by element."""
        return {"set": [self.encode(v, depth + 1) for v in value]}

    # everything else: NumPy, torch, or a reference kept by the sender

    def _encode_other(self, value: Any) -> Any:
        """Encode a NumPy array/scalar or a torch tensor/dtype by value; anything else as a reference."""
        np = _numpy()
        if np is not None:
            encoded = self._encode_numpy(np, value)
            if encoded is not None:
                return encoded
        torch = _torch()
        if torch is not None:
            encoded = self._encode_torch(torch, value)
            if encoded is not None:
                return encoded
        return self.keep(value)

    def _encode_numpy(self, np, value: Any) -> dict | None:
        """A numeric NumPy array or scalar as a blob with its dtype (and shape); None for anything else."""
        if type(value) is np.ndarray and value.dtype.kind in NUMERIC_KINDS:
            arr = np.ascontiguousarray(value)
            return {"a": self.blob(arr.tobytes()), "dtype": arr.dtype.str, "shape": list(arr.shape)}
        if isinstance(value, np.generic) and value.dtype.kind in NUMERIC_KINDS:
            return {"s": self.blob(value.tobytes()), "dtype": value.dtype.str}
        return None

    def _encode_torch(self, torch, value: Any) -> dict | None:
        """A plain CPU tensor (data, dtype, shape, grad flag, reference) or a torch dtype; else None."""
        t = type(value)
        if t in (torch.Tensor, torch.nn.Parameter) and _plain_tensor(torch, value):
            arr = value.detach().cpu().contiguous().numpy()
            ref = self.keep(value)["r"] if self.tensor_refs else None
            return {
                "T": self.blob(arr.tobytes()),
                "dtype": str(value.dtype).removeprefix("torch."),
                "shape": list(arr.shape),
                "rg": bool(value.requires_grad),
                "param": t is torch.nn.Parameter,
                "r": ref,
            }
        if t is torch.dtype:
            return {"dt": str(value).removeprefix("torch.")}
        return None


_PLAIN_ENCODERS: dict[type, Callable[[Encoder, Any, int], Any]] = {
    type(None): Encoder._same,
    bool: Encoder._same,
    int: Encoder._int,
    float: Encoder._float,
    str: Encoder._str,
    list: Encoder._list,
    tuple: Encoder._tuple,
    dict: Encoder._dict,
    set: Encoder._set,
    frozenset: Encoder._set,
}


def _plain_tensor(torch, value) -> bool:
    return (
        value.device.type == "cpu"
        and not value.is_sparse
        and value.dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int64,
                            torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool)
        and value.dtype != torch.bfloat16
    )


class Decoder:
    """Decodes what `Encoder` produced; `ref(data)` and `callback(data)` resolve references."""

    def __init__(self, blobs: list[bytes], ref: Callable[[dict], Any],
                 callback: Callable[[dict], Any] | None = None,
                 tensor: Callable[[Any, dict], Any] | None = None) -> None:
        self.blobs = blobs
        self.ref = ref
        self.callback = callback
        self.tensor = tensor
        self.items = 0

    def _blob(self, index: Any) -> bytes:
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError("bad blob index")
        return self.blobs[index]

    def decode(self, data: Any, depth: int = 0) -> Any:
        """Decode one value: JSON scalars as themselves, tagged objects by the first tag in `_DECODERS`."""
        self.items += 1
        if self.items > MAX_ITEMS or depth > MAX_DEPTH:
            raise WireError("value too large or too deeply nested")
        t = type(data)
        if data is None or t in (bool, int):
            return data
        if t is str:
            if len(data) > MAX_STR:
                raise WireError("string too long")
            return data
        if t is not dict or len(data) == 0:
            raise WireError(f"unexpected {t.__name__} in a message")
        for tag, decoder in _DECODERS:
            if tag in data:
                return decoder(self, data, depth)
        raise WireError("unknown value tag")

    # one method per tag (tried in the order of `_DECODERS`)

    def _float(self, data: dict, depth: int) -> float:
        """A float from its hex form."""
        try:
            return float.fromhex(data["f"])
        except (TypeError, ValueError):
            raise WireError("bad float") from None

    def _list(self, data: dict, depth: int) -> list:
        """A list, element by element."""
        return [self.decode(v, depth + 1) for v in _list(data["l"])]

    def _tuple(self, data: dict, depth: int) -> tuple:
        """A tuple, element by element."""
        return tuple(self.decode(v, depth + 1) for v in _list(data["t"]))

    def _set(self, data: dict, depth: int) -> set:
        """A set of hashable decoded elements."""
        return {_hashable(self.decode(v, depth + 1)) for v in _list(data["set"])}

    def _dict(self, data: dict, depth: int) -> dict:
        """A dict from [key, value] pairs; keys must decode to hashable values."""
        out = {}
        for pair in _list(data["d"]):
            if type(pair) is not list or len(pair) != 2:
                raise WireError("bad dict entry")
            out[_hashable(self.decode(pair[0], depth + 1))] = self.decode(pair[1], depth + 1)
        return out

    def _numpy(self, data: dict, depth: int) -> Any:
        """A NumPy array ("a") or scalar ("s")."""
        return self._array(data)

    def _tensor(self, data: dict, depth: int) -> Any:
        """A torch tensor (a NumPy array if torch is not loaded), passed through `tensor` if given."""
        arr = self._array({"a": data["T"], "dtype": _torch_np_dtype(data.get("dtype")),
                           "shape": data.get("shape")})
        torch = _torch()
        if torch is None:
            return arr
        tensor = torch.from_numpy(arr.copy())
        if data.get("rg") and tensor.dtype.is_floating_point:
            tensor.requires_grad_(True)
        return self.tensor(tensor, data) if self.tensor else tensor

    def _dtype(self, data: dict, depth: int) -> Any:
        """A torch dtype by name (torch must be loaded)."""
        torch = _torch()
        dtype = getattr(torch, str(data["dt"]), None) if torch is not None else None
        if torch is None or not isinstance(dtype, torch.dtype):
            raise WireError("bad torch dtype")
        return dtype

    def _ref(self, data: dict, depth: int) -> Any:
        """A reference to a value kept by the sender."""
        return self.ref(data)

    def _callback(self, data: dict, depth: int) -> Any:
        """A callable of the other side (only where callbacks are accepted)."""
        if self.callback is None:
            raise WireError("unknown value tag")
        return self.callback(data)

    def _array(self, data: dict) -> Any:
        np = _numpy()
        try:
            dtype = np.dtype(str(data.get("dtype")))
        except TypeError:
            raise WireError("bad dtype") from None
        if dtype.kind not in NUMERIC_KINDS or dtype.hasobject:
            raise WireError(f"non-numeric dtype {dtype}")
        raw = self._blob(data.get("a", data.get("s")))
        if "s" in data:
            if len(raw) != dtype.itemsize:
                raise WireError("bad scalar size")
            return np.frombuffer(raw, dtype=dtype)[0]
        shape = data.get("shape")
        if type(shape) is not list or len(shape) > 32 or any(type(d) is not int or d < 0 for d in shape):
            raise WireError("bad shape")
        if math.prod(shape) * dtype.itemsize != len(raw):
            raise WireError("array data does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


_DECODERS: tuple[tuple[str, Callable[[Decoder, dict, int], Any]], ...] = (
    ("f", Decoder._float),
    ("l", Decoder._list),
    ("t", Decoder._tuple),
    ("set", Decoder._set),
    ("d", Decoder._dict),
    ("a", Decoder._numpy),
    ("s", Decoder._numpy),
    ("T", Decoder._tensor),
    ("dt", Decoder._dtype),
    ("r", Decoder._ref),
    ("cb", Decoder._callback),
)


def _list(value: Any) -> list:
    if type(value) is not list:
        raise WireError("expected a list")
    return value


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        raise WireError("unhashable key") from None
    return value


_TORCH_NP = {"float16": "<f2", "float32": "<f4", "float64": "<f8", "int64": "<i8", "int32": "<i4",
             "int16": "<i2", "int8": "|i1", "uint8": "|u1", "bool": "|b1"}


def _torch_np_dtype(name: Any) -> str:
    if name not in _TORCH_NP:
        raise WireError(f"unsupported tensor dtype {name!r}")
    return _TORCH_NP[name]


def _numpy():
    import numpy

    return numpy


def _torch():
    import sys

    return sys.modules.get("torch")
