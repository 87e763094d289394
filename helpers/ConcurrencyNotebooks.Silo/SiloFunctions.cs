using System.Buffers.Binary;
using System.Security.Cryptography;
using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Worker;

namespace ConcurrencyNotebooks.Silo;

/// <summary>The silo's one function table: each distinct Load frame is loaded once, whichever client or activation sends it.</summary>
/// <remarks>Clients number their functions independently, so a function is known here by its Load frame's hash and loaded
/// under a silo-local id.</remarks>
internal static class SiloFunctions
{
    private static readonly FunctionTable Table = new();
    private static readonly Dictionary<string, Invoker> Invokers = [];
    private static readonly Lock Gate = new();
    private static int _lastId;

    /// <summary>Returns the invoker of a Load frame's function, loading it the first time (a load error is kept in the invoker).</summary>
    /// <exception cref="InvalidDataException">The frame is not a Load frame.</exception>
    public static Invoker Load(byte[] loadFrame)
    {
        var key = Convert.ToHexString(SHA256.HashData(loadFrame));
        lock (Gate)
        {
            if (Invokers.TryGetValue(key, out var invoker))
            {
                return invoker;
            }

            var sent = LoadMessage.Read(Payload(loadFrame, FrameKind.Load));
            var id = ++_lastId;
            Table.Load(new LoadMessage
            {
                FunctionId = id, AssemblyName = sent.AssemblyName, AssemblyPath = sent.AssemblyPath, AssemblyBytes = sent.AssemblyBytes,
                TypeName = sent.TypeName, MethodName = sent.MethodName, MetadataToken = sent.MetadataToken,
                ModuleVersionId = sent.ModuleVersionId, References = sent.References,
            });
            invoker = Table.Get(id);
            Invokers[key] = invoker;
            return invoker;
        }
    }

    /// <summary>Returns the payload of a whole frame of the given kind.</summary>
    /// <exception cref="InvalidDataException">The frame is truncated or of another kind.</exception>
    public static ReadOnlySpan<byte> Payload(byte[] frame, FrameKind kind)
    {
        if (frame.Length < 5 || BinaryPrimitives.ReadInt32LittleEndian(frame) != frame.Length - 4 || (FrameKind)frame[4] != kind)
        {
            throw new InvalidDataException($"Expected a whole {kind} frame of the process pool's protocol.");
        }

        return frame.AsSpan(5);
    }
}
