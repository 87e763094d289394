using ConcurrencyNotebooks.Protocol;

namespace ConcurrencyNotebooks.Tests.Protocol;

public sealed class ProtocolMessageTests
{
    [Fact]
    public void LoadMessage_RoundTrip_KeepsEveryField()
    {
        var sent = new LoadMessage
        {
            FunctionId = 7, AssemblyName = "A, Version=1.0.0.0", AssemblyPath = "/x/a.dll", AssemblyBytes = [1, 2, 3],
            TypeName = "N.T", MethodName = "M", MetadataToken = 0x06000001, ModuleVersionId = Guid.NewGuid(), References = [("B", "/x/b.dll"), ("C", "/x/c.dll")],
        };

        var read = LoadMessage.Read(Payload(sent.ToFrame(), FrameKind.Load));

        Assert.Equal(sent.FunctionId, read.FunctionId);
        Assert.Equal(sent.AssemblyName, read.AssemblyName);
        Assert.Equal(sent.AssemblyPath, read.AssemblyPath);
        Assert.Equal(sent.AssemblyBytes, read.AssemblyBytes);
        Assert.Equal(sent.TypeName, read.TypeName);
        Assert.Equal(sent.MethodName, read.MethodName);
        Assert.Equal(sent.MetadataToken, read.MetadataToken);
        Assert.Equal(sent.ModuleVersionId, read.ModuleVersionId);
        Assert.Equal(sent.References, read.References);
    }

    [Fact]
    public void RunMessageWriteFrame_RoundTrip_KeepsHeaderAndTheArgumentsFromTheOffset()
    {
        var writer = new WireWriter();
        writer.WriteByte(0xAB);
        var sent = new RunMessage(42, 3, RunFlags.TimeEachItem | RunFlags.ReportItemStarts, 2);
        var checkedArguments = new List<(int Index, int Length)>();

        var size = sent.WriteFrame(writer, ["zero", "one", "two", "three"], 1, "an argument", (index, length) => checkedArguments.Add((index, length)));

        Assert.Equal(writer.Length - 1, size);
        var reader = new WireReader(Payload(writer.ToArray()[1..], FrameKind.Run));
        Assert.Equal(sent, RunMessage.Read(ref reader));
        Assert.Equal("\"one\""u8.ToArray(), reader.ReadBlock().ToArray());
        Assert.Equal("\"two\""u8.ToArray(), reader.ReadBlock().ToArray());
        Assert.Equal(0, reader.Remaining);
        Assert.Equal([(1, 5), (2, 5)], checkedArguments);
    }

    [Fact]
    public void RunMessageWriteFrame_CheckRefusesAnArgument_ThrowsItsError()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunMessage(1, 1, RunFlags.None, 2)
            .WriteFrame(new WireWriter(), [1, 2], 0, "an argument", (index, _) => throw new ArgumentException($"refused {index}")));

        Assert.Equal("refused 0", error.Message);
    }

    [Fact]
    public void RunMessageToFrame_RoundTrip_KeepsHeaderAndTheOneArgument()
    {
        var sent = new RunMessage(long.MaxValue, 9, RunFlags.ReportItemStarts, 1);

        var reader = new WireReader(Payload(sent.ToFrame("null"u8), FrameKind.Run));

        Assert.Equal(sent, RunMessage.Read(ref reader));
        Assert.Equal("null"u8.ToArray(), reader.ReadBlock().ToArray());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void RunMessageToFrame_CountIsNotOne_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new RunMessage(1, 1, RunFlags.None, 2).ToFrame("1"u8));
    }

    [Fact]
    public void ItemStartedMessage_RoundTrip_KeepsTaskAndIndex()
    {
        var writer = new WireWriter();
        new ItemStartedMessage(long.MaxValue, 5).WriteFrame(writer);
        Assert.Equal(new ItemStartedMessage(long.MaxValue, 5), ItemStartedMessage.Read(Payload(writer.ToArray(), FrameKind.ItemStarted)));
    }

    [Fact]
    public void ReadyMessage_RoundTrip_IsAnEmptyReadyFrame()
    {
        var writer = new WireWriter();
        ReadyMessage.WriteFrame(writer);
        var payload = Payload(writer.ToArray(), FrameKind.Ready);
        Assert.Empty(payload);
        ReadyMessage.Read(payload);
        Assert.Throws<InvalidDataException>(() => ReadyMessage.Read([1]));
    }

    [Fact]
    public void ResultMessage_RoundTripWithError_KeepsResultsTimingsOutputAndError()
    {
        var blocks = new WireWriter();
        blocks.WriteBlock("4"u8);
        blocks.WriteBlock("9"u8);
        var writer = new WireWriter();
        var error = new DivideByZeroException("zero");
        ResultMessage.WriteFrame(writer, 11, 2, blocks.WrittenSpan, [10, 20, 30], [15, 25, 35], "out", 2, error);

        var read = ResultMessage.Read(Payload(writer.ToArray(), FrameKind.Result));

        Assert.Equal(11, read.TaskId);
        Assert.Equal(["4", "9"], read.Results.Select(r => System.Text.Encoding.UTF8.GetString(r.Span)));
        Assert.Equal([10L, 20, 30], read.StartTicks);
        Assert.Equal([15L, 25, 35], read.EndTicks);
        Assert.Equal("out", read.Output);
        Assert.Equal(2, read.ErrorIndex);
        Assert.Equal(typeof(DivideByZeroException).FullName, read.ErrorType);
        Assert.Equal("zero", read.ErrorMessage);
        Assert.Contains("zero", read.ErrorDetails, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultMessage_RoundTripWithoutError_HasNoErrorIndex()
    {
        var writer = new WireWriter();
        ResultMessage.WriteFrame(writer, 1, 0, [], [1], [2], string.Empty, -1, null);
        var read = ResultMessage.Read(Payload(writer.ToArray(), FrameKind.Result));
        Assert.Equal(-1, read.ErrorIndex);
        Assert.Empty(read.Results);
    }

    [Fact]
    public void ResultMessage_EveryTruncation_ThrowsInvalidData()
    {
        var blocks = new WireWriter();
        blocks.WriteBlock("4"u8);
        var writer = new WireWriter();
        ResultMessage.WriteFrame(writer, 1, 1, blocks.WrittenSpan, [1], [2], "o", 0, new InvalidOperationException("x"));
        var payload = Payload(writer.ToArray(), FrameKind.Result);
        for (var length = 0; length < payload.Length; length++)
        {
            var cut = payload[..length];
            Assert.Throws<InvalidDataException>(() => ResultMessage.Read(cut));
        }
    }

    [Fact]
    public void ResultMessage_ImpossibleCount_ThrowsInvalidDataNamingIt()
    {
        var writer = new WireWriter();
        writer.WriteInt64(1);
        writer.WriteInt32(int.MaxValue);
        var error = Assert.Throws<InvalidDataException>(() => ResultMessage.Read(writer.ToArray()));
        Assert.Contains(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FrameReader_FrameOverTheLimit_ThrowsInvalidData()
    {
        var header = new byte[5];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header, WireFormat.MaxFrameBytes + 2);
        var reader = new FrameReader(new MemoryStream(header));
        Assert.Throws<InvalidDataException>(() => reader.TryReadFrame(out _, out _));
    }

    [Fact]
    public void FrameReader_StreamEndsInsideAFrame_ThrowsInvalidData()
    {
        var writer = new WireWriter();
        new ItemStartedMessage(1, 2).WriteFrame(writer);
        var reader = new FrameReader(new MemoryStream(writer.ToArray()[..^3]));
        Assert.Throws<InvalidDataException>(() => reader.TryReadFrame(out _, out _));
    }

    private static byte[] Payload(byte[] frame, FrameKind expected)
    {
        var reader = new FrameReader(new MemoryStream(frame));
        Assert.True(reader.TryReadFrame(out var kind, out var payload));
        Assert.Equal(expected, kind);
        return payload.ToArray();
    }
}
