using System.Text;
using Edge.Agent.Logs;

namespace Edge.Agent.Tests.Logs;

[TestFixture]
public sealed class LogTextTests
{
    [Test]
    public void Escape_PrintableUtf8_IsKeptAsIs()
    {
        Assert.That(LogText.Escape(Encoding.UTF8.GetBytes("température 21 °C ✓"), 1024), Is.EqualTo("température 21 °C ✓"));
    }

    [Test]
    public void Escape_ControlCharactersAndBackslash_AreEscaped()
    {
        Assert.That(LogText.Escape(Encoding.UTF8.GetBytes("a\tb\u001b[31mred\\"), 1024), Is.EqualTo(@"a\x09b\x1b[31mred\\"));
    }

    [Test]
    public void Escape_InvalidUtf8AndBinary_IsEscapedBytePerByte()
    {
        byte[] bytes = [0x00, 0xff, (byte)'o', (byte)'k', 0xc3];

        Assert.That(LogText.Escape(bytes, 1024), Is.EqualTo(@"\x00\xffok\xc3"));
    }

    [Test]
    public void Escape_LineOverTheCap_IsCutSayingHowMuch()
    {
        var line = LogText.Escape(Encoding.UTF8.GetBytes(new string('x', 300)), 256);

        Assert.That(line, Is.EqualTo(new string('x', 256) + " [44 more bytes cut]"));
    }

    [Test]
    public void Escape_CarriageReturnBeforeTheLineFeed_IsDropped()
    {
        Assert.That(LogText.Lines(Encoding.UTF8.GetBytes("one\r\ntwo\r\n"), 1024), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Lines_LastLineWithoutLineFeed_IsALine()
    {
        Assert.That(LogText.Lines(Encoding.UTF8.GetBytes("a\n\nb"), 1024), Is.EqualTo(new[] { "a", "", "b" }));
    }

    [Test]
    public void Lines_NoOutput_IsNoLine()
    {
        Assert.That(LogText.Lines(ReadOnlyMemory<byte>.Empty, 1024), Is.Empty);
    }
}
