"""Allow ``python -m facilitator``."""

from facilitator.app import main

raise SystemExit(main())
