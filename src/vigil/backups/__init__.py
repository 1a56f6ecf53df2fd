"""Encrypted backups: the whole database and the archived files in one age-encrypted file."""
