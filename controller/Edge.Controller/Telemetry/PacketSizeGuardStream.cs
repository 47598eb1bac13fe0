namespace Edge.Controller.Telemetry;

/// <summary>
/// Follows the MQTT framing of what a client sends (fixed header: one type byte,
/// then the remaining length as a variable byte integer,
/// https://docs.oasis-open.org/mqtt/mqtt/v5.0/os/mqtt-v5.0-os.html#_Toc3901024) and
/// fails the read that completes a header announcing a packet above the limit:
/// the broker drops the connection before it allocates or reads the body.
/// </summary>
internal sealed class PacketSizeGuardStream(Stream inner, int maxPacketBytes, Action<long> refused) : Stream
{
    private enum Part
    {
        Type,
        Length,
        Body,
    }

    private Part _part = Part.Type;
    private long _length;
    private int _lengthBytes;
    private int _shift;
    private long _bodyLeft;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Inspect(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_part)
            {
                case Part.Type:
                    i++;
                    (_part, _length, _lengthBytes, _shift) = (Part.Length, 0, 0, 0);
                    break;
                case Part.Length:
                    var b = data[i++];
                    _length |= (long)(b & 0x7f) << _shift;
                    _shift += 7;
                    _lengthBytes++;
                    if ((b & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            throw new IOException("malformed MQTT packet: its remaining length has more than 4 bytes");
                        }

                        break;
                    }

                    var total = 1 + _lengthBytes + _length;
                    if (total > maxPacketBytes)
                    {
                        refused(total);
                        throw new IOException($"MQTT packet of {total} bytes is above the broker's limit of {maxPacketBytes} bytes (Controller:Mqtt:MaxPacketBytes)");
                    }

                    _bodyLeft = _length;
                    _part = _bodyLeft == 0 ? Part.Type : Part.Body;
                    break;
                default:
                    var take = (int)Math.Min(_bodyLeft, data.Length - i);
                    i += take;
                    _bodyLeft -= take;
                    if (_bodyLeft == 0)
                    {
                        _part = Part.Type;
                    }

                    break;
            }
        }
    }
}
