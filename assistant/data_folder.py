"""The data folder (store, accounts.db, packs and lexicon databases) readable by its owner only:
it holds records about children and the accounts, and another account on the same computer
must not be able to read or copy them."""
from __future__ import annotations

import os
from pathlib import Path

OWNER_ONLY_UMASK = 0o077


def owner_only(data_dir: str | Path) -> None:
    """Files and folders this process makes from now on are its owner's only (umask 077, so
    databases, journals and store segments are born 0600/0700), and what is in the data folder
    already is tightened to match (a folder made before this, or copied in)."""
    os.umask(OWNER_ONLY_UMASK)
    if not Path(data_dir).is_dir():
        return  # made later, under this umask
    for folder, _, files in os.walk(data_dir):
        os.chmod(folder, 0o700)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode & 0o700)
