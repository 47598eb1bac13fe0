using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Edge.Ctl.Config;

/// <summary>Where the config lives ($EDGECONFIG, else $XDG_CONFIG_HOME/edge/config, else ~/.config/edge/config) and its YAML.</summary>
internal static class CtlConfigFile
{
    public const string EnvironmentVariable = "EDGECONFIG";

    public static string DefaultPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var home = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(home, "edge", "config");
    }

    /// <summary>The config at <paramref name="path"/>; an empty one when the file does not exist.</summary>
    public static CtlConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return new CtlConfig();
        }

        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
            return deserializer.Deserialize<CtlConfig?>(File.ReadAllText(path)) ?? new CtlConfig();
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"config file {path} is not valid: {ex.Message} (line {ex.Start.Line})", ex);
        }
    }

    /// <summary>Writes the config, readable by its owner only (it may hold tokens).</summary>
    public static void Save(string path, CtlConfig config)
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(HyphenatedNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitEmptyCollections | DefaultValuesHandling.OmitDefaults)
            .Build();
        // 0600 also when the file existed with a wider mode (a create mode applies to new files only).
        Edge.Shared.PrivateFile.Write(path, serializer.Serialize(config));
    }
}
