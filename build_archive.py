#!/usr/bin/env python3
"""Convert the raw essays in essays/ into Markdown pages for MkDocs. See README.md."""

import sys

from opedarchive.cli import main

if __name__ == "__main__":
    sys.exit(main())
