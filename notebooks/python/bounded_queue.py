"""Notebook 7's bounded channel in Python: a fast producer and a slow consumer share an asyncio.Queue(maxsize).

Usage: bounded_queue.py <time scale> <items> <maxsize> <consumer seconds per item>
Prints what happens, then one line: "<times the producer found the queue full> <largest queue size seen>".
"""
import asyncio
import sys


async def main(scale, items, maxsize, per_item):
    queue = asyncio.Queue(maxsize=maxsize)
    waits = 0
    peak = 0

    async def producer():
        nonlocal waits, peak
        for i in range(items):
            if queue.full():
                waits += 1          # put() will wait for room
            await queue.put(i)
            peak = max(peak, queue.qsize())
        await queue.put(None)       # "no more items", like the channel's Complete()

    async def consumer():
        while (item := await queue.get()) is not None:
            await asyncio.sleep(per_item * scale)

    await asyncio.gather(producer(), consumer())
    print(f"asyncio.Queue(maxsize={maxsize}): {items} puts, the producer found it full {waits} times")
    print(waits, peak)


if __name__ == "__main__":
    scale, items, maxsize, per_item = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    asyncio.run(main(scale, items, maxsize, per_item))
