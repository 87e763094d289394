namespace ConcurrencyNotebooks.Protocol;

/// <summary>Names the kinds of frame the pool and its workers exchange (see <see cref="WireFormat"/>).</summary>
internal enum FrameKind : byte
{
    /// <summary>Parent to worker: make a function callable (<see cref="LoadMessage"/>).</summary>
    Load = 1,

    /// <summary>Parent to worker: run a function over a chunk of JSON arguments (<see cref="RunMessage"/>).</summary>
    Run = 2,

    /// <summary>Worker to parent: an item of the running chunk has started (<see cref="ItemStartedMessage"/>).</summary>
    ItemStarted = 10,

    /// <summary>Worker to parent: the results, timings, captured output and error of one chunk (<see cref="ResultMessage"/>).</summary>
    Result = 11,

    /// <summary>Worker to parent: the runtime is up and the worker reads its stdin (<see cref="ReadyMessage"/>), sent once, first.</summary>
    Ready = 12,
}
