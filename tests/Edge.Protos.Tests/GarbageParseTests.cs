using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Protos.Tests;

public sealed class GarbageParseTests
{
    private const int Attempts = 500;

    private static readonly Dictionary<string, MessageParser> Parsers = new()
    {
        [nameof(AgentMessage)] = AgentMessage.Parser,
        [nameof(ControllerMessage)] = ControllerMessage.Parser,
        [nameof(TelemetryBatch)] = TelemetryBatch.Parser,
    };

    [TestCase(nameof(AgentMessage))]
    [TestCase(nameof(ControllerMessage))]
    [TestCase(nameof(TelemetryBatch))]
    public void ParseFrom_RandomBytes_ThrowsInvalidProtocolBufferOrYieldsMessage(string type)
    {
        var parser = Parsers[type];
        var (threw, parsed) = (0, 0);

        for (var seed = 0; seed < Attempts; seed++)
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(1, 512)];
            random.NextBytes(bytes);
            try
            {
                _ = parser.ParseFrom(bytes);
                parsed++;
            }
            catch (InvalidProtocolBufferException)
            {
                threw++;
            }

            // Any other exception type escapes and fails the test: garbage must never crash a reader.
        }

        Assert.That(threw + parsed, Is.EqualTo(Attempts));
        Assert.That(threw, Is.GreaterThan(Attempts / 2), $"{parsed} of {Attempts} garbage inputs parsed");
    }

    [Test]
    public void ParseFrom_InvalidUtf8InStringField_Throws()
    {
        // Field 1 (name), wire type 2, length 2, then bytes that are not UTF-8.
        byte[] bytes = [0x0A, 0x02, 0xC3, 0x28];

        Assert.That(() => NodeFacts.Parser.ParseFrom(bytes), Throws.TypeOf<InvalidProtocolBufferException>());
    }

    [Test]
    public void ParseFrom_LengthBeyondInput_Throws()
    {
        // Field 1 (hello), wire type 2, claims 100 bytes but has 1.
        byte[] bytes = [0x0A, 0x64, 0x00];

        Assert.That(() => AgentMessage.Parser.ParseFrom(bytes), Throws.TypeOf<InvalidProtocolBufferException>());
    }
}
