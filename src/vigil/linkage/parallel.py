"""Every core for the two stages that work one record or one pair at a time: features and
comparison (parsing costs about 85 µs a record, comparing about 30 µs a pair on one core).

The work is cut into consecutive chunks and the chunks' results are put back in order, so the
output is the same for any number of workers. Workers are forked: they inherit the records and
their features instead of receiving them through a pipe, and only each chunk's bounds go out
and its result comes back. Where fork is not available, or the input is small enough that
starting processes costs more than it saves, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PARALLEL_FROM = 20_000  # records or pairs; below this one process is faster
CHUNKS_PER_WORKER = 8  # small enough chunks that progress moves and the workers stay even

Chunk = Callable[[Any, int, int], Any]  # (shared, start, stop) → that chunk's result

_shared: Any = None  # what the forked workers read: set by the parent just before the fork


def worker_count(requested: int | None, items: int) -> int:
    """`requested` processes, or by default one per core for a large input, one otherwise."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if requested is not None:
        return max(1, requested)
    return (os.cpu_count() or 1) if items >= PARALLEL_FROM else 1


def _run_chunk(work: Chunk, start: int, stop: int) -> Any:
    return work(_shared, start, stop)


def _bounds(items: int, workers: int) -> list[tuple[int, int]]:
    size = max(1, -(-items // (workers * CHUNKS_PER_WORKER)))
    return [(start, min(start + size, items)) for start in range(0, items, size)] or [(0, 0)]


def _in_order(results: Iterable, bounds: list[tuple[int, int]],
              done: Callable[[int], None]) -> list:
    collected = []
    for result, (_, stop) in zip(results, bounds, strict=True):
        collected.append(result)
        done(stop)
    return collected


def map_chunks(work: Chunk, shared: Any, items: int, workers: int,
               done: Callable[[int], None]) -> list:
    """[work(shared, start, stop) for consecutive chunks covering range(items)], in order;
    `done(items_so_far)` after each chunk. `work` must be a module-level function."""
    global _shared
    bounds = _bounds(items, workers)
    if workers <= 1:
        return _in_order((work(shared, a, b) for a, b in bounds), bounds, done)
    _shared = shared
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_run_chunk, work, a, b) for a, b in bounds]
            return _in_order((future.result() for future in futures), bounds, done)
    finally:
        _shared = None


def concatenated(parts: Sequence[list]) -> list:
    return [item for part in parts for item in part]
