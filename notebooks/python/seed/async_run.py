import asyncio

async def async_task():
    print("Task started")
    await asyncio.sleep(2)
    print("Task completed")

asyncio.run(async_task())
