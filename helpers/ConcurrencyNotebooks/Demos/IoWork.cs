namespace ConcurrencyNotebooks.Demos;

/// <summary>Provides I/O for demos: an HTTP GET that blocks its thread while it waits, and one that awaits.</summary>
/// <remarks>Both take the <see cref="Uri"/> that <see cref="SlowHttpServer.Url(string)"/> gives. A compiled static method,
/// so a worker process can run it too. One shared <see cref="HttpClient"/> per process, as .NET recommends; thread-safe.</remarks>
public static class IoWork
{
    private static readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Downloads <paramref name="url"/> as text and blocks the calling thread until it arrives.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <returns>The response body.</returns>
    /// <exception cref="HttpRequestException">When the server cannot be reached or answers with an error.</exception>
    public static string Get(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = _client.Send(request);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return reader.ReadToEnd();
    }

    /// <summary>Downloads <paramref name="url"/> as text without holding a thread while it waits.</summary>
    /// <param name="url">An absolute http URL.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <returns>The response body.</returns>
    public static Task<string> GetAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _client.GetStringAsync(url, cancellationToken);
    }
}
