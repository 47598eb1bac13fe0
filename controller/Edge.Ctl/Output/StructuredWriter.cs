using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Edge.Ctl.Output;

/// <summary>Writes view records as camelCase JSON or YAML of the same shape.</summary>
internal static class StructuredWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Output for people and jq, not for embedding in HTML: keep '+', '<' and non-ASCII as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithQuotingNecessaryStrings()
        .WithEventEmitter(next => new ReadableScalarEventEmitter(next), where => where.OnBottom())
        .DisableAliases()
        .Build();

    public static void Write<T>(T value, OutputFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (format)
        {
            case OutputFormat.Json:
                writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
                break;
            case OutputFormat.Yaml:
                Yaml.Serialize(writer, value!);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Not a structured format.");
        }
    }
}
