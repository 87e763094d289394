namespace ConcurrencyNotebooks.Processes;

/// <summary>Names the kinds of frame the pool and its workers exchange over stdin/stdout.</summary>
internal enum FrameKind : byte
{
    /// <summary>Parent to worker: make a function callable (assembly path or bytes, type, method).</summary>
    Load = 1,

    /// <summary>Parent to worker: run a function over a chunk of JSON arguments.</summary>
    Run = 2,

    /// <summary>Worker to parent: the results, captured output, spans and error of one chunk.</summary>
    Result = 11,
}
