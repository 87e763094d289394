"""Python's multiprocessing side of `pool-vs-python`: prints one JSON object of medians (ms)."""
import json
import multiprocessing as mp
import statistics
import sys
import time


def square(n):
    return n * n


def noop():
    pass


def median_ms(fn, reps):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def process_start_join(ctx):
    p = ctx.Process(target=noop)
    p.start()
    p.join()


def pool_create_map(ctx):
    with ctx.Pool(4) as pool:
        pool.map(square, [1, 2, 3, 4])


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    fork, spawn = mp.get_context("fork"), mp.get_context("spawn")
    out = {
        "spawn_start_join": median_ms(lambda: process_start_join(spawn), reps),
        "fork_start_join": median_ms(lambda: process_start_join(fork), reps),
        "pool4_create_map_close_fork": median_ms(lambda: pool_create_map(fork), reps),
        "pool4_create_map_close_spawn": median_ms(lambda: pool_create_map(spawn), max(3, reps // 2)),
    }
    with fork.Pool(4) as pool:
        pool.map(square, [1, 2, 3, 4])
        out["warm_pool4_map4"] = median_ms(lambda: pool.map(square, [1, 2, 3, 4]), reps * 3)
        n = 20000
        out["per_item_chunk1_us"] = median_ms(lambda: pool.map(square, range(n), chunksize=1), 3) * 1000 / n
        out["map_100k"] = median_ms(lambda: pool.map(square, range(100000)), reps)
    with fork.Pool(1) as pool:
        n = 20000
        out["per_item_chunk1_1worker_us"] = median_ms(lambda: pool.map(square, range(n), chunksize=1), 3) * 1000 / n
    print(json.dumps(out))


if __name__ == "__main__":
    main()
