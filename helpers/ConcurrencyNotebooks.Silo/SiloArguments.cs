namespace ConcurrencyNotebooks.Silo;

/// <summary>The silo host's command line: its two ports and the primary silo's port.</summary>
/// <param name="SiloPort">The port silos talk to this silo on.</param>
/// <param name="GatewayPort">The port clients talk to this silo on.</param>
/// <param name="PrimaryPort">The primary silo's silo port, or null for the primary itself.</param>
internal sealed record SiloArguments(int SiloPort, int GatewayPort, int? PrimaryPort)
{
    /// <summary>The service id every silo and the client share.</summary>
    public const string ServiceId = "concurrency-notebooks";

    /// <summary>The cluster id every silo and the client share.</summary>
    public const string ClusterId = "notebook";

    /// <summary>Reads --silo-port P --gateway-port G [--primary PORT].</summary>
    public static bool TryParse(string[] args, out SiloArguments options, out string usage)
    {
        usage = "usage: ConcurrencyNotebooks.Silo --silo-port P --gateway-port G [--primary PORT]";
        options = new SiloArguments(0, 0, null);
        int? silo = null, gateway = null, primary = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!int.TryParse(args[i + 1], out var port) || port is <= 0 or > 65535)
            {
                return false;
            }

            switch (args[i])
            {
                case "--silo-port": silo = port; break;
                case "--gateway-port": gateway = port; break;
                case "--primary": primary = port; break;
                default: return false;
            }
        }

        if (args.Length % 2 != 0 || silo is null || gateway is null)
        {
            return false;
        }

        options = new SiloArguments(silo.Value, gateway.Value, primary);
        return true;
    }
}
