"""Test settings: hypothesis without deadlines (CI has 2 busy cores), and a `ci` profile.

In CI (CI is set) the examples are derandomized: the same examples every run, so a
landing is never blocked by a rare draw; runs on a developer's machine keep exploring
new examples, and whatever they find becomes an example test.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), print_blob=True, derandomize=True)
# HYPOTHESIS_PROFILE=thorough: ten times the examples, for a search before a release.
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))
