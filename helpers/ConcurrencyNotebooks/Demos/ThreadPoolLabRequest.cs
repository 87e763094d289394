namespace ConcurrencyNotebooks.Demos;

/// <summary>Tells a worker process which thread-pool lab case to run: the case, how many jobs, and how long each waits.</summary>
/// <param name="Case">The case.</param>
/// <param name="Jobs">How many jobs to queue at once.</param>
/// <param name="JobMilliseconds">How long each job waits, already scaled by the parent's time knob.</param>
public sealed record ThreadPoolLabRequest(ThreadPoolLabCase Case, int Jobs, double JobMilliseconds);
