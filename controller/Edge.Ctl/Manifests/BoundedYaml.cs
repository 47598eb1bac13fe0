using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// Every YAML file edgectl reads (manifests, scenarios) goes through here: a file over
/// <see cref="MaxFileBytes"/> is not read, and nesting deeper than <see cref="MaxDepth"/> stops the
/// parse at the first node too deep, before the recursive node builder can exhaust the stack.
/// </summary>
internal static class BoundedYaml
{
    /// <summary>The largest YAML file read; a manifest of 10,000 workloads fits in a fraction of it.</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and lists; the deepest manifest field is under ten levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>The text of a YAML file, or the problem (missing, a directory, unreadable, too large).</summary>
    public static async Task<(string? Text, string? Error)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return (null, "is a directory; give a manifest file");
        }

        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                return (null, TooLarge(length));
            }

            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);

            // The file may have grown between the check and the read.
            var bytes = Encoding.UTF8.GetByteCount(text);
            return bytes > MaxFileBytes ? (null, TooLarge(bytes)) : (text, null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the file: {ex.Message}");
        }
    }

    /// <summary>Parses every document of <paramref name="yaml"/> within the limits.</summary>
    /// <exception cref="YamlLimitException">The text is larger or nests deeper than allowed.</exception>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static YamlStream Load(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxFileBytes || Encoding.UTF8.GetByteCount(yaml) > MaxFileBytes)
        {
            throw new YamlLimitException(Mark.Empty, TooLarge(Encoding.UTF8.GetByteCount(yaml)));
        }

        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(new DepthLimitedParser(new Parser(reader), MaxDepth));
        return stream;
    }

    /// <summary>What a parser reports for a YAML exception: a limit in its own words, anything else as invalid YAML.</summary>
    public static string Describe(YamlException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex is YamlLimitException limit ? limit.Problem : $"invalid YAML: {ex.Message}";
    }

    private static string TooLarge(long bytes) => string.Create(CultureInfo.InvariantCulture,
        $"file is {bytes:N0} bytes, over the limit of {MaxFileBytes:N0} bytes ({MaxFileBytes / 1024 / 1024} MiB) for a YAML file; split it into several files");
}
