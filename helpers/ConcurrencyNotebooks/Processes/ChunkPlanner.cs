using ConcurrencyNotebooks.Protocol;
using ConcurrencyNotebooks.Shipping;

namespace ConcurrencyNotebooks.Processes;

/// <summary>Cuts a map's items into chunks and builds each chunk's Run frame, checking the protocol's size limit.</summary>
internal static class ChunkPlanner
{
    /// <summary>Returns the chunk size a map uses when the caller passes 0: about four chunks per worker.</summary>
    public static int DefaultChunkSize(int items, int workers) => Math.Max(1, (int)Math.Ceiling(items / (4.0 * workers)));

    /// <summary>Builds the chunks of <paramref name="items"/> for <paramref name="sink"/>.</summary>
    /// <exception cref="ArgumentException">An argument, or a chunk of them, is over <see cref="WireFormat.MaxFrameBytes"/>.</exception>
    public static List<PoolChunk> Plan<T>(IReadOnlyList<T> items, ShippedFunction function, int chunkSize, RunFlags flags, ChunkSink sink)
    {
        var chunks = new List<PoolChunk>((items.Count + chunkSize - 1) / chunkSize);
        var writer = new WireWriter();
        Action<int, int> checkArgument = (index, length) =>
        {
            if (length > WireFormat.MaxFrameBytes - 64)
            {
                throw new ArgumentException(
                    $"The argument of {function.Label(items[index])} serializes to {Mib(length)}, over the {Mib(WireFormat.MaxFrameBytes)} limit " +
                    "of one message to a worker. Send a file path or a smaller piece instead.", nameof(items));
            }
        };
        for (var offset = 0; offset < items.Count; offset += chunkSize)
        {
            var count = Math.Min(chunkSize, items.Count - offset);
            var taskId = PoolChunk.NextTaskId();
            writer.Clear();
            var frameBytes = new RunMessage(taskId, function.Id, flags, count).WriteFrame(writer, items, offset, "an argument", checkArgument);
            if (frameBytes > WireFormat.MaxFrameBytes)
            {
                throw new ArgumentException(
                    $"Items {offset}..{offset + count - 1} serialize to {Mib(writer.Length)} together, over the {Mib(WireFormat.MaxFrameBytes)} " +
                    "limit of one message to a worker. Use a smaller chunkSize.", nameof(items));
            }

            chunks.Add(new PoolChunk { Function = function, RunFrame = writer.ToArray(), TaskId = taskId, Offset = offset, Count = count, Sink = sink });
        }

        return chunks;
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";
}
