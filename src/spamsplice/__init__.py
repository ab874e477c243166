"""spamsplice: find short spam phrases spliced into normal text, locate them exactly, remove them cleanly.

The one-line happy path::

    import spamsplice
    det = spamsplice.load()          # the shipped default model
    det.detect("The report tells you whatsapp number data the general location.")

Heavy modules (numpy, scikit-learn, the model) are imported lazily, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spamsplice.types import CleanResult, Detection, Span

__version__ = "0.1.0"

__all__ = ["CleanResult", "Detection", "Detector", "Span", "load", "scan_records", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from spamsplice.batch import scan_records
    from spamsplice.model import Detector, load

_LAZY = {"Detector": "spamsplice.model", "load": "spamsplice.model", "scan_records": "spamsplice.batch"}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'spamsplice' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
