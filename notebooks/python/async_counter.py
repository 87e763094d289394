"""Notebook 6's Python twin: asyncio tasks that, round after round, await and add to a shared counter.

Usage: async_counter.py TASKS ROUNDS ADDS [MODE]. MODE says where the await sits:
  between (default): await asyncio.sleep(0), then add 1 to the counter ADDS times (no await inside the update);
  inside: read the counter, await asyncio.sleep(0), write back what was read + ADDS (the await splits the update);
  locked: the same as inside, but holding an asyncio.Lock from the read to the write.
Prints one line: "<expected> <counter> <distinct threads>". Run by 06-synchronization.ipynb.
"""
import asyncio
import sys
import threading


async def main(tasks, rounds, adds, mode):
    counter = 0
    threads = set()
    lock = asyncio.Lock()

    async def between():
        nonlocal counter
        for _ in range(rounds):
            await asyncio.sleep(0)  # give the event loop a chance to switch tasks, like Task.Yield()
            threads.add(threading.get_ident())
            for _ in range(adds):
                counter += 1

    async def update():
        nonlocal counter
        value = counter
        await asyncio.sleep(0)  # other tasks run here, and write too
        threads.add(threading.get_ident())
        counter = value + adds

    async def inside():
        for _ in range(rounds):
            await update()

    async def locked():
        for _ in range(rounds):
            async with lock:
                await update()

    bump = {"between": between, "inside": inside, "locked": locked}[mode]
    await asyncio.gather(*(bump() for _ in range(tasks)))
    return counter, len(threads)


if __name__ == "__main__":
    tasks, rounds, adds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    mode = sys.argv[4] if len(sys.argv) > 4 else "between"
    counter, threads = asyncio.run(main(tasks, rounds, adds, mode))
    print(tasks * rounds * adds, counter, threads)
