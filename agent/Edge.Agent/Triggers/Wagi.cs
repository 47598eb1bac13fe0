using System.Globalization;
using System.Text;

namespace Edge.Agent.Triggers;

/// <summary>
/// The WAGI convention (https://github.com/deislabs/wagi/blob/main/docs/writing_modules.md):
/// request metadata as CGI environment variables, the body on stdin, and a CGI
/// response on stdout — header lines, a blank line, the body. Output without a
/// header block is taken as a text/plain body, so a program that only prints works too.
/// </summary>
internal static class Wagi
{
    private const int MaxHeaderLines = 100;

    public static Dictionary<string, string> RequestEnv(
        string method,
        string workload,
        string pathInfo,
        string query,
        IEnumerable<KeyValuePair<string, string>> headers,
        long contentLength,
        string remoteAddress,
        string serverName,
        int serverPort)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["EDGE_TRIGGER"] = "http",
            ["GATEWAY_INTERFACE"] = "CGI/1.1",
            ["SERVER_PROTOCOL"] = "HTTP/1.1",
            ["SERVER_SOFTWARE"] = "edge-agent",
            ["REQUEST_METHOD"] = method,
            ["SCRIPT_NAME"] = $"/w/{workload}",
            ["PATH_INFO"] = pathInfo,
            ["X_FULL_URL"] = $"/w/{workload}{pathInfo}{(query.Length > 0 ? "?" + query : "")}",
            ["QUERY_STRING"] = query,
            ["CONTENT_LENGTH"] = contentLength.ToString(CultureInfo.InvariantCulture),
            ["REMOTE_ADDR"] = remoteAddress,
            ["SERVER_NAME"] = serverName,
            ["SERVER_PORT"] = serverPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                env["CONTENT_TYPE"] = value;
                continue;
            }

            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                continue; // CGI keeps credentials from the program (RFC 3875 §4.1.18)
            }

            env["HTTP_" + name.ToUpperInvariant().Replace('-', '_')] = value;
        }

        return env;
    }

    /// <summary>The status, headers and body a guest's stdout describes.</summary>
    public static WagiResponse ParseResponse(ReadOnlyMemory<byte> stdout)
    {
        var span = stdout.Span;
        var headers = new List<KeyValuePair<string, string>>();
        var status = 200;
        var offset = 0;
        for (var line = 0; line < MaxHeaderLines; line++)
        {
            var end = span[offset..].IndexOf((byte)'\n');
            if (end < 0)
            {
                return WagiResponse.PlainBody(stdout);
            }

            var text = Encoding.UTF8.GetString(span.Slice(offset, end)).TrimEnd('\r');
            offset += end + 1;
            if (text.Length == 0)
            {
                return line == 0 ? WagiResponse.PlainBody(stdout) : new WagiResponse(status, headers, stdout[offset..]);
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || text[..colon].Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                return WagiResponse.PlainBody(stdout); // not a header block: the whole output is the body
            }

            var name = text[..colon];
            var value = text[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                // "Status: 404 Not Found"
                var code = value.Split(' ', 2)[0];
                if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out status) || status is < 100 or > 599)
                {
                    return WagiResponse.PlainBody(stdout);
                }
            }
            else
            {
                headers.Add(new(name, value));
            }
        }

        return WagiResponse.PlainBody(stdout);
    }
}
