"""`python -m spamsplice` runs the command line."""

import sys

from spamsplice.cli import main

sys.exit(main())
