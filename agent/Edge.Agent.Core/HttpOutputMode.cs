namespace Edge.Agent.Core;

/// <summary>How an HTTP trigger reads a run's stdout (the manifest's <c>http.output</c>).</summary>
public static class HttpOutputMode
{
    /// <summary>CGI header lines and a blank line may head stdout (the default).</summary>
    public const string Wagi = "wagi";

    /// <summary>Stdout is the body as is.</summary>
    public const string Raw = "raw";

    /// <summary>Null when <paramref name="value"/> is a known mode (empty = the default); else the error naming it.</summary>
    public static string? Check(string value) =>
        value is "" or Wagi or Raw ? null : $"http.output \"{value}\" is not one of {Wagi}, {Raw}";
}
