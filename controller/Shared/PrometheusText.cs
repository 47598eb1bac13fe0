using System.Globalization;
using System.Text;

namespace Edge.Shared;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/). Samples
/// are kept by family, so a family's lines stay together whatever order
/// they are added in, as the format requires.
/// </summary>
internal sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly List<string> _order = [];
    private readonly Dictionary<string, StringBuilder> _families = new(StringComparer.Ordinal);

    /// <summary>One sample of the family <paramref name="name"/>, described on first use.</summary>
    public PrometheusText Metric(string name, string type, string help, double value, params (string Key, string Value)[] labels) =>
        Describe(name, type, help).Sample(name, name, value, labels);

    /// <summary>Declares a family (histograms: before their _bucket, _sum and _count samples).</summary>
    public PrometheusText Describe(string name, string type, string help)
    {
        if (!_families.ContainsKey(name))
        {
            _order.Add(name);
            _families[name] = new StringBuilder()
                .Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
                .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        return this;
    }

    /// <summary>A sample named <paramref name="sample"/> (e.g. x_bucket) under the described family <paramref name="family"/>.</summary>
    public PrometheusText Sample(string family, string sample, double value, params (string Key, string Value)[] labels)
    {
        var text = _families[family].Append(sample);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                text.Append(i > 0 ? "," : "").Append(labels[i].Key).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public override string ToString()
    {
        var all = new StringBuilder();
        foreach (var name in _order)
        {
            all.Append(_families[name]);
        }

        return all.ToString();
    }

    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
