using System.Buffers.Binary;

namespace ConcurrencyNotebooks.Worker;

/// <summary>A broken answer a test worker gives instead of its first result, to test how the parent reads a bad pipe.</summary>
internal sealed class ProtocolFault
{
    private readonly string _kind;

    private ProtocolFault(string kind) => _kind = kind;

    /// <summary>The fault names: garbage, truncated, corrupt-result, unknown-kind.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["garbage", "truncated", "corrupt-result", "unknown-kind"];

    /// <summary>Returns the fault of the given name.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Kinds"/>.</exception>
    public static ProtocolFault Parse(string kind) =>
        Kinds.Contains(kind) ? new ProtocolFault(kind) : throw new ArgumentException($"Unknown protocol fault '{kind}'.", nameof(kind));

    /// <summary>Writes the fault; a truncated frame also ends the process, since nothing can follow half a frame.</summary>
    public void Commit(Stream output)
    {
        var frame = new byte[9];
        switch (_kind)
        {
            case "garbage":
                output.Write("this is not a frame\n"u8);
                break;
            case "truncated":
                BinaryPrimitives.WriteInt32LittleEndian(frame, 100);
                frame[4] = 11;
                output.Write(frame);
                output.Flush();
                Environment.Exit(0);
                break;
            case "corrupt-result":
                BinaryPrimitives.WriteInt32LittleEndian(frame, 5);
                frame[4] = 11;
                output.Write(frame);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(frame, 5);
                frame[4] = 99;
                output.Write(frame);
                break;
        }

        output.Flush();
    }
}
