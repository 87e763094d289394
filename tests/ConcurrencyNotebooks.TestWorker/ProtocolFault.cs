using System.Buffers.Binary;
using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.TestWorker;

/// <summary>A broken answer a test worker gives instead of its first result, to test how the parent reads a bad pipe.</summary>
internal sealed class ProtocolFault
{
    /// <summary>A frame kind the protocol does not have, deliberately.</summary>
    public const FrameKind InvalidKind = (FrameKind)99;

    private readonly string _kind;

    private ProtocolFault(string kind) => _kind = kind;

    /// <summary>Gets the fault names: garbage, truncated, corrupt-result, unknown-kind.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["garbage", "truncated", "corrupt-result", "unknown-kind"];

    /// <summary>Returns the fault of the given name.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Kinds"/>.</exception>
    public static ProtocolFault Parse(string kind) =>
        Kinds.Contains(kind) ? new ProtocolFault(kind) : throw new ArgumentException($"Unknown protocol fault '{kind}'.", nameof(kind));

    /// <summary>Writes the fault; a truncated frame also ends the process, since nothing can follow half a frame.</summary>
    public void Commit(Stream output)
    {
        switch (_kind)
        {
            case "garbage":
                output.Write("this is not a frame\n"u8);
                break;
            case "truncated":
                // A Result frame's header announcing 100 bytes, then 4 of them and the end of the stream.
                var header = new byte[9];
                BinaryPrimitives.WriteInt32LittleEndian(header, 100);
                header[4] = (byte)FrameKind.Result;
                output.Write(header);
                output.Flush();
                Environment.Exit(0);
                break;
            case "corrupt-result":
                output.Write(FourZeroBytes(FrameKind.Result));
                break;
            default:
                output.Write(FourZeroBytes(InvalidKind));
                break;
        }

        output.Flush();
    }

    /// <summary>Returns a well-framed frame of the given kind whose payload is four zero bytes.</summary>
    private static ReadOnlySpan<byte> FourZeroBytes(FrameKind kind)
    {
        var writer = new WireWriter(16);
        writer.BeginFrame(kind);
        writer.WriteInt32(0);
        writer.EndFrame();
        return writer.WrittenSpan;
    }
}
