using System.Buffers;
using System.Globalization;
using System.Text;

namespace Edge.Agent.Logs;

/// <summary>
/// A guest's bytes as one printable line: valid UTF-8 kept, control characters, invalid bytes
/// and backslashes escaped (<c>\x1b</c>, <c>\\</c>), cut at a bound with what was cut said.
/// </summary>
internal static class LogText
{
    /// <param name="bytes">One line without its line feed.</param>
    /// <param name="maxBytes">The longest line kept, in input bytes; the rest is cut and counted.</param>
    public static string Escape(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        var cut = 0;
        if (bytes.Length > maxBytes)
        {
            cut = bytes.Length - maxBytes;
            bytes = bytes[..maxBytes];
        }

        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var text = new StringBuilder(bytes.Length + 16);
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                if (b == (byte)'\\')
                {
                    text.Append(@"\\");
                }
                else if (b < 0x20 || b == 0x7f)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
                else
                {
                    text.Append((char)b);
                }

                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) == OperationStatus.Done && !Rune.IsControl(rune))
            {
                text.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                i++;
            }
        }

        if (cut > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{cut} more bytes cut]");
        }

        return text.ToString();
    }

    /// <summary>Splits output into lines (a last line without a line feed included) and escapes each.</summary>
    public static IEnumerable<string> Lines(ReadOnlyMemory<byte> output, int maxBytes)
    {
        var lines = new List<string>();
        var rest = output.Span;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            lines.Add(Escape(end < 0 ? rest : rest[..end], maxBytes));
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return lines;
    }
}
