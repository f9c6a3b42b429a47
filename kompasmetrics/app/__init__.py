"""The dashboard app served by ``kompasmetrics dashboard`` (a Voilà notebook shipped in the package)."""
