"""The settings the suite runs with: the project's own, with `VIGIL_VAR_DIR` in a temporary
directory, so that no test writes into the checkout's var/ (the demo logins `make run`
printed, the database, the secret key, archived files). Removed when the run ends."""

import atexit
import os
import shutil
import tempfile

os.environ["VIGIL_VAR_DIR"] = tempfile.mkdtemp(prefix="vigil-tests-var-")
atexit.register(shutil.rmtree, os.environ["VIGIL_VAR_DIR"], ignore_errors=True)

from vigil.settings import *  # noqa: E402, F403
