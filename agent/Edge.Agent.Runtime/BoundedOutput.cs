namespace Edge.Agent.Runtime;

/// <summary>
/// Collects what a guest writes to one stream, keeping the first <c>limit</c> bytes.
/// Excess is dropped rather than failed back to the guest, so a chatty module
/// keeps running and the result says the output was truncated.
/// </summary>
internal sealed class BoundedOutput(int limit)
{
    private readonly Lock _gate = new();
    private byte[] _buffer = [];
    private int _length;

    public bool Truncated { get; private set; }

    /// <summary>Called on the guest's thread by <see cref="StandardStreams"/>.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = limit - _length;
            var take = Math.Min(room, data.Length);
            if (take < data.Length)
            {
                Truncated = true;
            }

            if (take <= 0)
            {
                return;
            }

            if (_buffer.Length - _length < take)
            {
                var grown = Math.Min(limit, Math.Max(_length + take, Math.Max(256, _buffer.Length * 2)));
                Array.Resize(ref _buffer, grown);
            }

            data[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
        }
    }

    public ReadOnlyMemory<byte> Written
    {
        get
        {
            lock (_gate)
            {
                return _buffer.AsMemory(0, _length);
            }
        }
    }
}
