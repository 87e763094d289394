import asyncio  # imported by the guide's previous snippet

async def async_task():  # defined by the guide's previous snippet
    print("Task started")  # defined by the guide's previous snippet
    await asyncio.sleep(2)  # defined by the guide's previous snippet
    print("Task completed")  # defined by the guide's previous snippet

async def main():
    tasks = [async_task() for _ in range(3)]
    await asyncio.gather(*tasks)

asyncio.run(main())
