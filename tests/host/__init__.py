"""Tests that need files, the command line or pytest: run by pytest only, skipped by tests/run_portable.py."""
