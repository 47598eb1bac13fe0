namespace Edge.Agent.Triggers;

/// <summary>An HTTP response read from a guest's stdout.</summary>
internal sealed record WagiResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body)
{
    public static WagiResponse PlainBody(ReadOnlyMemory<byte> body) =>
        new(200, [new("Content-Type", "text/plain; charset=utf-8")], body);

    /// <summary>http.output raw: stdout is the body as is, whatever it starts with.</summary>
    public static WagiResponse RawBody(ReadOnlyMemory<byte> body) =>
        new(200, [new("Content-Type", "application/octet-stream")], body);
}
