"""Tests that need files, the command line or pytest: run by pytest only, skipped by tests/run_portable.py.

``ROOT`` is the repository's root folder (the one holding ``purenet/``); the shared helpers and
fixtures are in ``conftest.py``.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
