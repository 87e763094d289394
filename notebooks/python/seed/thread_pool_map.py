import time  # imported by the guide's previous snippet

from concurrent.futures import ThreadPoolExecutor

def task(n):
    time.sleep(1)
    return f"Task {n} done"

with ThreadPoolExecutor(max_workers=5) as executor:
    results = executor.map(task, range(5))
    print(list(results))
