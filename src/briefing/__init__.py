"""The Lachin Corridor Briefing: data, charts and build helpers shared by every chapter."""

import sys

__version__ = "0.1.0"

# jsonschema (beneath Altair and Frictionless) imports rfc3987-syntax whenever it is installed, as JupyterLab's
# dependencies install it; building that package's grammar costs about 0.8 s in every kernel and build, for a
# URI format check the book never asks for. Skip it (jsonschema then leaves that format unchecked).
sys.modules.setdefault("rfc3987_syntax", None)
