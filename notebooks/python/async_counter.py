"""Notebook 6's Python twin: asyncio tasks that, round after round, `await asyncio.sleep(0)` and then add 1
to a shared counter a number of times.

Usage: async_counter.py TASKS ROUNDS ADDS. Prints one line: "<expected> <counter> <distinct threads>". Run by
06-synchronization.ipynb.
"""
import asyncio
import sys
import threading


async def main(tasks, rounds, adds):
    counter = 0
    threads = set()

    async def bump():
        nonlocal counter
        for _ in range(rounds):
            await asyncio.sleep(0)  # give the event loop a chance to switch tasks, like Task.Yield()
            threads.add(threading.get_ident())
            for _ in range(adds):
                counter += 1

    await asyncio.gather(*(bump() for _ in range(tasks)))
    return counter, len(threads)


if __name__ == "__main__":
    tasks, rounds, adds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    counter, threads = asyncio.run(main(tasks, rounds, adds))
    print(tasks * rounds * adds, counter, threads)
