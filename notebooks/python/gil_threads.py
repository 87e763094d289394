"""The notebook 1 experiment in Python: count primes on 1 thread, then on 2 threads.

Prints one line: "<sequential seconds> <two-thread seconds> <1 if the GIL is on, else 0> <cores busy at once>", the last
being the two-thread runs' CPU time over their wall time: at most about 1 when the GIL makes the threads take turns,
about 2 when they really run at once. A busy machine can lower it, never raise it. Run by 01-introduction.ipynb,
with python3 and, when installed, with a free-threaded build (python3.14t), where sys._is_gil_enabled() is False.
"""
import sys
import threading
import time


def count_primes(lo, hi):
    count = 0
    for n in range(max(lo, 2), hi):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


busy_cores = []


def on_two_threads_measured(limit):
    cpu, wall = time.process_time(), time.perf_counter()
    on_two_threads(limit)
    busy_cores.append((time.process_time() - cpu) / (time.perf_counter() - wall))


def best_of_each(rounds, *fns):
    """Times the functions in interleaved rounds (each once per round) and returns each one's best time:
    a slow moment of the machine then hits them all alike, as in the C# cells."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def on_two_threads(limit):
    # Deal 64 slices out to two threads, like the C# cell does.
    slices = [(limit * i // 64, limit * (i + 1) // 64) for i in range(64)]
    threads = [threading.Thread(target=lambda t=t: [count_primes(*s) for s in slices[t::2]]) for t in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
sequential, threaded = best_of_each(3, lambda: count_primes(0, limit), lambda: on_two_threads_measured(limit))
gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
print(f"{sequential:.4f} {threaded:.4f} {int(gil)} {max(busy_cores):.3f}")
