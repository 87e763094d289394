import threading
import time

def task():
    print("Task started")
    time.sleep(2)
    print("Task completed")

thread = threading.Thread(target=task)
thread.start()
thread.join()  # Wait for the thread to finish
