"""Notebook 4's Python twin of "when several tasks fail": the same three tasks in an asyncio.TaskGroup (3.11+).

a fails after 0.1 s, b fails after 0.3 s, c succeeds after 0.5 s (real time: the gaps leave the event loop room to
cancel b and c before b's failure is due). Prints what the ExceptionGroup holds and how each task ended. Run by
04-async.ipynb.
"""
import asyncio
import time


async def finish(name, seconds, fail):
    await asyncio.sleep(seconds)
    if fail:
        raise RuntimeError(f"{name} failed")
    return name


def ended(task):
    if task.cancelled():
        return "cancelled"
    return "failed" if task.exception() else "finished"


async def main():
    start = time.perf_counter()
    tasks = {}
    try:
        async with asyncio.TaskGroup() as group:
            for name, seconds, fail in [("a", 0.1, True), ("b", 0.3, True), ("c", 0.5, False)]:
                tasks[name] = group.create_task(finish(name, seconds, fail))
    except* RuntimeError as failures:
        held = ", ".join(str(e) for e in failures.exceptions)
        print(f"after {(time.perf_counter() - start) * 1000:.0f} ms the ExceptionGroup holds: {held}")
    print("; ".join(f"{name} {ended(task)}" for name, task in tasks.items()))


asyncio.run(main())
