import multiprocessing  # imported by the guide's previous snippet

def task():
    print("Executing in separate process")

p = multiprocessing.Process(target=task)
p.start()
p.join()
