"""Prints this Python's version and the start method its multiprocessing uses by default. Run by 03-multiprocessing.ipynb."""
import multiprocessing
import platform

print(platform.python_version(), multiprocessing.get_start_method())
