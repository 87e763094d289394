namespace ConcurrencyNotebooks.Protocol;

/// <summary>Parent to worker: make a function callable under <see cref="FunctionId"/>, from a file or from compiled bytes.</summary>
/// <remarks>Payload: [int32 id][string assembly name][string path][block bytes][string type][string method][int32 token]
/// [16 bytes module version id][int32 n][n × (string name, string path)].</remarks>
internal sealed class LoadMessage
{
    /// <summary>Gets the id later <see cref="RunMessage"/>s name the function by.</summary>
    public required int FunctionId { get; init; }

    /// <summary>Gets the full name of the function's assembly.</summary>
    public required string AssemblyName { get; init; }

    /// <summary>Gets the assembly's file path, or empty when it travels as <see cref="AssemblyBytes"/>.</summary>
    public required string AssemblyPath { get; init; }

    /// <summary>Gets the compiled assembly's bytes, or empty when it loads from <see cref="AssemblyPath"/>.</summary>
    public required byte[] AssemblyBytes { get; init; }

    /// <summary>Gets the full name of the method's declaring type.</summary>
    public required string TypeName { get; init; }

    /// <summary>Gets the method's name.</summary>
    public required string MethodName { get; init; }

    /// <summary>Gets the method's metadata token, or 0 to find it by name.</summary>
    public required int MetadataToken { get; init; }

    /// <summary>Gets the module version id of the build the parent loaded, or empty: with it, the token alone finds the method.</summary>
    public required Guid ModuleVersionId { get; init; }

    /// <summary>Gets the assemblies (simple name, path) the function may need, so the worker can resolve them.</summary>
    public required IReadOnlyList<(string Name, string Path)> References { get; init; }

    /// <summary>Returns the whole frame.</summary>
    public byte[] ToFrame()
    {
        var writer = new WireWriter(256 + AssemblyBytes.Length);
        writer.BeginFrame(FrameKind.Load);
        writer.WriteInt32(FunctionId);
        writer.WriteString(AssemblyName);
        writer.WriteString(AssemblyPath);
        writer.WriteBlock(AssemblyBytes);
        writer.WriteString(TypeName);
        writer.WriteString(MethodName);
        writer.WriteInt32(MetadataToken);
        Span<byte> mvid = stackalloc byte[16];
        ModuleVersionId.TryWriteBytes(mvid);
        writer.WriteRaw(mvid);
        writer.WriteInt32(References.Count);
        foreach (var (name, path) in References)
        {
            writer.WriteString(name);
            writer.WriteString(path);
        }

        writer.EndFrame();
        return writer.ToArray();
    }

    /// <summary>Reads the payload.</summary>
    /// <exception cref="InvalidDataException">The payload is truncated or a count is impossible.</exception>
    public static LoadMessage Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var id = reader.ReadInt32();
        var assemblyName = reader.ReadString();
        var assemblyPath = reader.ReadString();
        var bytes = reader.ReadBlock().ToArray();
        var typeName = reader.ReadString();
        var methodName = reader.ReadString();
        var token = reader.ReadInt32();
        var mvid = new Guid(reader.ReadRaw(16));
        var count = reader.ReadInt32();
        reader.EnsureCount(count, 8);
        var references = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            references[i] = (reader.ReadString(), reader.ReadString());
        }

        return new LoadMessage
        {
            FunctionId = id, AssemblyName = assemblyName, AssemblyPath = assemblyPath, AssemblyBytes = bytes,
            TypeName = typeName, MethodName = methodName, MetadataToken = token, ModuleVersionId = mvid, References = references,
        };
    }
}
