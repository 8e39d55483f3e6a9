"""Production settings for `make loadtest`, with the static files collected into a temporary folder."""

import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["LOAD_STATIC_ROOT"]
