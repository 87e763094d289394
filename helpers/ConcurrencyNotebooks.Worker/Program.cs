// Placeholder entry point; the worker protocol lands with the process pool.
return 0;
