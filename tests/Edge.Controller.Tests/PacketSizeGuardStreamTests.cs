using Edge.Controller.Telemetry;

namespace Edge.Controller.Tests;

public sealed class PacketSizeGuardStreamTests
{
    [Test]
    public async Task Read_PacketsUnderTheLimit_PassThroughUnchanged()
    {
        // PINGREQ (no body), a PUBLISH with a 200-byte remaining length (2-byte length), another PINGREQ.
        byte[] data = [0xC0, 0x00, 0x30, 0xC8, 0x01, .. new byte[200], 0xC0, 0x00];
        var refused = new List<long>();
        await using var guard = new PacketSizeGuardStream(new MemoryStream(data), 1024, refused.Add);

        var copy = new MemoryStream();
        await guard.CopyToAsync(copy, 7); // small reads split headers and bodies

        Assert.Multiple(() =>
        {
            Assert.That(copy.ToArray(), Is.EqualTo(data));
            Assert.That(refused, Is.Empty);
        });
    }

    [Test]
    public async Task Read_HeaderAnnouncingTooBigAPacket_FailsBeforeTheBody()
    {
        // PUBLISH announcing 60 MB: 60,000,000 as a variable byte integer.
        var length = new List<byte>();
        for (var v = 60_000_000; ; )
        {
            var b = (byte)(v % 128);
            v /= 128;
            length.Add(v > 0 ? (byte)(b | 0x80) : b);
            if (v == 0)
            {
                break;
            }
        }

        byte[] data = [0x30, .. length, .. new byte[64]];
        var refused = new List<long>();
        await using var guard = new PacketSizeGuardStream(new MemoryStream(data), 256 * 1024, refused.Add);
        var buffer = new byte[2];

        var error = Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await guard.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("above the broker's limit of 262144 bytes"));
            Assert.That(refused, Is.EqualTo(new[] { 1L + length.Count + 60_000_000 }));
        });
    }
}
