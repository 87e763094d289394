import multiprocessing

def square(n):
    return n * n

with multiprocessing.Pool(processes=4) as pool:
    results = pool.map(square, [1, 2, 3, 4])
    print(results)
